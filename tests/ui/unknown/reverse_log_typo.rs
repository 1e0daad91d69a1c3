use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(reverselog, 0.9, 0.999)]
    momentum: f64,
}

fn main() {}
