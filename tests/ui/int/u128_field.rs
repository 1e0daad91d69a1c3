use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0, 10)]
    x: u128,
}

fn main() {}
