use hp::Hyperparams;

// Every rule of a struct's fields holds inside a variant.
#[derive(Hyperparams)]
enum Optimizer {
    Sgd {
        #[hp(log, 0.0, 1.0)]
        lr: f64,
    },
    Adam {
        #[hp(reverse_log, 0.9, 1.0)]
        beta2: f64,
        #[hp(linear, 1, 300)]
        warmup: u8,
    },
}

fn main() {}
