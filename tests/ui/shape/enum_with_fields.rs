use hp::Hyperparams;

#[derive(Hyperparams)]
enum Optimizer {
    Sgd,
    Adam { beta1: f64 },
}

fn main() {}
