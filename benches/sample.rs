//! Cost of drawing one config: the derived `sample_with` against the same config written by hand
//! with rand and the same generator, and each scale alone. See BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hp::{
    CategoricalScale, Hyperparams, LinearScale, LinearStepScale, LogScale, LogStepScale, ReverseLogScale,
};
use rand::distr::Distribution;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

#[derive(Hyperparams)]
struct Train {
    #[hp(log, 1e-4, 1.0)]
    learning_rate: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    momentum: f64,
    #[hp(linear, 50, 100)]
    hidden_units: u32,
    #[hp(linear, 2, 4)]
    layers: usize,
}

/// The lecture's recipe written by hand: `r = -4 * rand(); alpha = 10^r`, and so on.
fn sample_by_hand(rng: &mut Xoshiro256PlusPlus) -> Train {
    let r: f64 = rng.random_range(-4.0..0.0);
    let s: f64 = rng.random_range(-3.0..-1.0);
    Train {
        learning_rate: 10f64.powf(r),
        momentum: 1.0 - 10f64.powf(s),
        hidden_units: rng.random_range(50..=100),
        layers: rng.random_range(2..=4),
    }
}

fn lecture(c: &mut Criterion) {
    let mut group = c.benchmark_group("lecture config");
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    group.bench_function("derive sample_with", |b| b.iter(|| black_box(Train::sample_with(&mut rng))));
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    group.bench_function("by hand with rand", |b| b.iter(|| black_box(sample_by_hand(&mut rng))));
    group.finish();
}

fn scales(c: &mut Criterion) {
    fn bench<T, D: Distribution<T>>(c: &mut Criterion, name: &str, scale: D) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        c.bench_function(name, |b| b.iter(|| black_box(scale.sample(&mut rng))));
    }
    bench(c, "scale/linear f64", LinearScale::new(0.0, 1.0).unwrap());
    bench(c, "scale/linear u32", LinearScale::new(50u32, 100).unwrap());
    bench(c, "scale/log f64", LogScale::new(1e-4, 1.0).unwrap());
    bench(c, "scale/log u32", LogScale::new(16u32, 1024).unwrap());
    bench(c, "scale/reverse_log f64", ReverseLogScale::new(0.9, 0.999).unwrap());
    bench(c, "scale/linear step f64", LinearStepScale::new(0.0, 0.5, 0.1).unwrap());
    bench(c, "scale/log step u32", LogStepScale::new(16u32, 1024, 2).unwrap());
    bench(c, "scale/categorical 3", CategoricalScale::new(3).unwrap());
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    c.bench_function("baseline/rng f64", |b| b.iter(|| black_box(rng.random::<f64>())));
}

criterion_group!(benches, lecture, scales);
criterion_main!(benches);
