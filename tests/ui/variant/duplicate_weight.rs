use hp::Hyperparams;

#[derive(Hyperparams)]
enum Activation {
    Relu,
    #[hp(weight = 2, weight = 3)]
    Gelu,
}

fn main() {}
