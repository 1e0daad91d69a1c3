use hp::Hyperparams;

#[derive(Hyperparams)]
struct Train {
    #[hp(log, 1e-4, 1.0)]
    learning_rate: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    momentum: f64,
}

fn main() {
    let _lr = Train::params().learnig_rate;
}
