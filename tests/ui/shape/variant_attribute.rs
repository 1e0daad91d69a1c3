use hp::Hyperparams;

#[derive(Hyperparams)]
enum Activation {
    #[hp(skip)]
    Relu,
    Tanh,
}

fn main() {}
