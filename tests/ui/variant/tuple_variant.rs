use hp::Hyperparams;

#[derive(Hyperparams)]
enum Optimizer {
    Sgd,
    Adam(#[hp(reverse_log, 0.8, 0.99)] f64),
}

fn main() {}
