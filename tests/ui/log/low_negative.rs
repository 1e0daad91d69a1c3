use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, -1e-3, 1.0)]
    lr: f64,
}

fn main() {}
