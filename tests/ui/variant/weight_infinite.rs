use hp::Hyperparams;

#[derive(Hyperparams)]
enum Activation {
    Relu,
    #[hp(weight = 1e400)]
    Gelu,
}

fn main() {}
