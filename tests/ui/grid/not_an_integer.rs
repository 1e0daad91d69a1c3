use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0.0, 1.0, grid = 2.5)]
    x: f64,
}

fn main() {}
