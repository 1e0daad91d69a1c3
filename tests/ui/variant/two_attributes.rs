use hp::Hyperparams;

#[derive(Hyperparams)]
enum Activation {
    Relu,
    #[hp(weight = 2)]
    #[hp(weight = 3)]
    Gelu,
}

fn main() {}
