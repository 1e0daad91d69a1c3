use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 1e-4, 1e309)]
    x: f64,
}

fn main() {}
