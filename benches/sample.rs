//! Cost of drawing one config: the derived `sample_with` against the same config written by hand
//! with rand and the same generator, and each scale alone. See BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hp::{CategoricalScale, LinearScale, LinearStepScale, LogScale, LogStepScale, ReverseLogScale};
use rand::distr::Distribution;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

#[path = "common/lecture.rs"]
mod lecture;

/// A way to draw the lecture's config.
type Sampler = fn(&mut Xoshiro256PlusPlus) -> lecture::Train;

fn lecture(c: &mut Criterion) {
    let mut group = c.benchmark_group("lecture config");
    let samplers: [(&str, Sampler); 6] = [
        ("derive sample_with", lecture::derived),
        ("by hand with rand, std powf", lecture::by_hand_std),
        ("by hand with rand, libm pow", lecture::by_hand_libm_pow),
        ("by hand with rand, libm exp", lecture::by_hand_libm_exp),
        ("by hand, hp's arithmetic", lecture::by_hand_unit_f64),
        ("hp's scales with rand's random::<f64>()", lecture::scales_with_rand_f64),
    ];
    for (name, sample) in samplers {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        group.bench_function(name, |b| b.iter(|| black_box(sample(&mut rng))));
    }
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
