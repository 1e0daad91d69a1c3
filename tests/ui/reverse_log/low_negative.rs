use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(reverse_log, -0.1, 0.9)]
    momentum: f64,
}

fn main() {}
