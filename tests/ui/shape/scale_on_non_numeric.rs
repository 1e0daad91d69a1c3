use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 1e-4, 1.0)]
    lr: String,
}

fn main() {}
