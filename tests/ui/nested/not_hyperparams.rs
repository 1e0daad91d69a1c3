use hp::Hyperparams;

struct Optimizer {
    lr: f64,
}

#[derive(Hyperparams)]
struct Cfg {
    optimizer: Optimizer,
}

fn main() {}
