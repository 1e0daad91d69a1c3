use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(reverse_log, 0.9, 1.0)]
    momentum: f64,
}

fn main() {}
