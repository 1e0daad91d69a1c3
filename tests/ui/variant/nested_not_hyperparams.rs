use hp::Hyperparams;

struct Schedule {
    warmup: u32,
}

#[derive(Hyperparams)]
enum Optimizer {
    Sgd,
    Adam { schedule: Schedule },
}

fn main() {}
