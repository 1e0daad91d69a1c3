use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice("fast", "slow"))]
    x: f64,
}

fn main() {}
