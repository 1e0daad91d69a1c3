use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(reverse_log, 0.9, 0.995, step = 10)]
    momentum: f64,
}

fn main() {}
