use hp::Hyperparams;

#[derive(Hyperparams)]
enum Optimizer {
    Sgd,
    #[hp(weight = 0)]
    Adam {
        #[hp(reverse_log, 0.8, 0.99)]
        beta1: f64,
    },
}

fn main() {}
