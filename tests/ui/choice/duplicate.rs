use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice("adam", "sgd", "adam"))]
    optimizer: &'static str,
}

fn main() {}
