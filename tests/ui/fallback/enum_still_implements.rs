use hp::Hyperparams;

// The bad weight is the only error: the fallback impl keeps the uses below quiet.
#[derive(Hyperparams, Debug)]
enum Optimizer {
    Sgd,
    #[hp(weight = 0)]
    Adam {
        #[hp(reverse_log, 0.8, 0.99)]
        beta1: f64,
    },
}

fn main() {
    use rand::{SeedableRng, rngs::Xoshiro256PlusPlus};
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let cfg = Optimizer::sample_with(&mut rng);
    let _dim: usize = Optimizer::DIM;
    let _unit: Vec<f64> = cfg.to_unit();
    println!("{cfg:?} {}", Optimizer::space());
}
