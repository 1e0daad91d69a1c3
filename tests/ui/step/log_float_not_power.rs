use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 1e-4, 0.5, step = 10)]
    lr: f64,
}

fn main() {}
