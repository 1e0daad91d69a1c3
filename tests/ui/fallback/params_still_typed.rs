use hp::Hyperparams;

// The bad bound is the only error: the fallback impl still has typed handles, so the uses below
// show no follow-on errors.
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
    #[hp(log, 0.0, 1.0)]
    learning_rate: f64,
    optimizer: Optimizer,
    #[hp(fixed = 10)]
    epochs: u32,
}

fn main() {
    let params = Train::params();
    println!("{} {}", params.learning_rate, params.optimizer.Adam.beta1);
}
