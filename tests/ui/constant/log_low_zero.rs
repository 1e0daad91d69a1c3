use hp::Hyperparams;

// A constant bound breaks the scale's rule: a compile error at the constant, saying which rule.
const MIN_LR: f64 = 0.0;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, MIN_LR, 1.0)]
    lr: f64,
}

fn main() {}
