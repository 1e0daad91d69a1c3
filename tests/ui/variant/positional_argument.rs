use hp::Hyperparams;

#[derive(Hyperparams)]
enum Activation {
    Relu,
    #[hp(2)]
    Gelu,
}

fn main() {}
