use hp::Hyperparams;

enum Activation {
    Relu,
    Tanh,
}

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice(Activation::Relu, Activation::Tanh))]
    activation: Activation,
}

fn main() {}
