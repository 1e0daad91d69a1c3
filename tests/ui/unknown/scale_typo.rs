use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(lgo, 1e-4, 1.0)]
    lr: f64,
}

fn main() {}
