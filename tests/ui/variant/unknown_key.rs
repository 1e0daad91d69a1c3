use hp::Hyperparams;

#[derive(Hyperparams)]
enum Activation {
    Relu,
    #[hp(wieght = 2)]
    Gelu,
}

fn main() {}
