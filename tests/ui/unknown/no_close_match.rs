use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(gaussian, 0.0, 1.0)]
    x: f64,
}

fn main() {}
