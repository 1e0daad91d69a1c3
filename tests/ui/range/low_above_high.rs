use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 1.0, 0.5)]
    x: f64,
}

fn main() {}
