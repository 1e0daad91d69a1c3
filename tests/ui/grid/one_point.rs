use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 1e-4, 1.0, grid = 1)]
    lr: f64,
}

fn main() {}
