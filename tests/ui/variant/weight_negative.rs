use hp::Hyperparams;

#[derive(Hyperparams)]
enum Optimizer {
    #[hp(weight = -1.5)]
    Sgd,
    Adam {
        #[hp(reverse_log, 0.8, 0.99)]
        beta1: f64,
    },
}

fn main() {}
