use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 1e-4, high = 1.0)]
    lr: f64,
}

fn main() {}
