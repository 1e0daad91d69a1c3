use hp::Hyperparams;

#[derive(Hyperparams)]
#[allow(non_camel_case_types)]
enum Optimizer {
    Sgd,
    variant {
        #[hp(reverse_log, 0.8, 0.99)]
        beta1: f64,
    },
}

fn main() {}
