use hp::Hyperparams;

#[derive(Hyperparams, Debug)]
struct Cfg {
    #[hp(linear, 1.0, 0.5)]
    x: f64,
}

fn main() {
    use rand::{SeedableRng, rngs::Xoshiro256PlusPlus};
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let cfg = Cfg::sample_with(&mut rng);
    let _dim: usize = Cfg::DIM;
    let _unit: Vec<f64> = cfg.to_unit();
    let _ok = cfg.validate().is_ok();
    println!("{cfg:?} {}", Cfg::space());
}
