use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice("adam", "sgd"))]
    optimizer: String,
}

fn main() {}
