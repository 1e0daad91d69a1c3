use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0.0, 1.0, step = -0.1)]
    x: f64,
}

fn main() {}
