use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 0.0, 1.0)]
    lr: f64,
}

fn main() {}
