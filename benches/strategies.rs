//! Cost of trial `i` for every strategy on the lecture's space, at i = 0, 10^3 and 10^6: the point
//! alone (`point_into`, no allocation) and the config (`config::<Train>(i)`: point, allocation and
//! the scales). It must not grow with `i`. See BENCHMARKS.md, section 2.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use hp::strategy::{Grid, LatinHypercube, Random, Region, Sobol, Strategy, Zoom};

#[path = "common/lecture.rs"]
mod lecture;
use lecture::Train;

const INDICES: [u64; 3] = [0, 1_000, 1_000_000];

/// Each strategy, built so that index 10^6 exists: a grid of 100 points per axis
/// (100 x 100 x 51 x 3 = 1.53 million configs), a Latin hypercube of 2^21 points.
fn strategies() -> Vec<(&'static str, Box<dyn Strategy>)> {
    let sobol = || Sobol::for_config::<Train>(7).expect("4 dimensions");
    let region = Region::new(vec![0.25, 0.4, 0.2, 0.0], vec![0.5, 0.7, 0.6, 0.5]).expect("a region");
    vec![
        ("random", Box::new(Random::for_config::<Train>(7))),
        ("grid", Box::new(Grid::for_config::<Train>(100).expect("a grid"))),
        ("sobol", Box::new(sobol())),
        ("lhs", Box::new(LatinHypercube::for_config::<Train>(7, 1 << 21).expect("an LHS"))),
        ("zoom(sobol)", Box::new(Zoom::new(sobol(), region).expect("a zoom"))),
    ]
}

fn points(c: &mut Criterion) {
    let mut group = c.benchmark_group("point_into");
    for (name, strategy) in strategies() {
        let mut out = vec![0.0; strategy.dim()];
        for i in INDICES {
            group.bench_with_input(BenchmarkId::new(name, i), &i, |b, &i| {
                b.iter(|| black_box(strategy.point_into(black_box(i), &mut out)))
            });
        }
    }
    group.finish();
}

fn configs(c: &mut Criterion) {
    // `Strategy::config` needs a sized strategy: one function per concrete type.
    fn bench<S: Strategy>(c: &mut Criterion, name: &str, strategy: &S) {
        let mut group = c.benchmark_group("config");
        for i in INDICES {
            group.bench_with_input(BenchmarkId::new(name, i), &i, |b, &i| {
                b.iter(|| black_box(strategy.config::<Train>(black_box(i))))
            });
        }
        group.finish();
    }
    let sobol = Sobol::for_config::<Train>(7).expect("4 dimensions");
    let region = Region::new(vec![0.25, 0.4, 0.2, 0.0], vec![0.5, 0.7, 0.6, 0.5]).expect("a region");
    bench(c, "random", &Random::for_config::<Train>(7));
    bench(c, "grid", &Grid::for_config::<Train>(100).expect("a grid"));
    bench(c, "sobol", &sobol);
    bench(c, "lhs", &LatinHypercube::for_config::<Train>(7, 1 << 21).expect("an LHS"));
    bench(c, "zoom(sobol)", &Zoom::new(sobol.clone(), region).expect("a zoom"));
}

criterion_group!(benches, points, configs);
criterion_main!(benches);
