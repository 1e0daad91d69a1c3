use hp::Hyperparams;

#[derive(Hyperparams)]
enum Optimizer {
    Sgd,
    Adam {
        #[hp(reverse_log, 0.8, 0.99)]
        beta1: f64,
    },
}

#[derive(Hyperparams)]
struct Train {
    optimizer: Optimizer,
}

fn main() {
    // A variant without fields has no handles, and `beta2` is not a field of `Adam`.
    let _ = Train::params().optimizer.Sgd;
    let _ = Train::params().optimizer.Adam.beta2;
}
