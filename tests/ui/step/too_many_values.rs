use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0.0, 1e300, step = 1e-300)]
    x: f64,
}

fn main() {}
