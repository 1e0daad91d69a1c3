use hp::Hyperparams;

#[derive(Hyperparams)]
enum Activation {
    Relu,
    #[hp(weight)]
    Gelu,
}

fn main() {}
