use hp::Hyperparams;

#[derive(Hyperparams)]
enum Activation {
    Relu,
    #[hp(weight = "heavy")]
    Gelu,
}

fn main() {}
