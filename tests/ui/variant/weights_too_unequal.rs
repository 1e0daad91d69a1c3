use hp::Hyperparams;

#[derive(Hyperparams)]
enum Activation {
    Relu,
    #[hp(weight = 1e-300)]
    Tanh,
    Gelu,
}

fn main() {}
