//! Strategies on the unit cube: determinism across threads and order, golden points, coverage,
//! Latin hypercube bins, grid enumeration and zoom bounds.

use hp_core::Direction;

use hp_core::Hyperparams;
use hp_core::strategy::{Grid, LatinHypercube, Random, Region, Sobol, Strategy, StrategyError, Zoom};

fn points<S: Strategy>(s: &S, indices: impl Iterator<Item = u64>) -> Vec<(u64, Vec<f64>)> {
    indices.map(|i| (i, s.point(i).unwrap())).collect()
}

/// Trial i is a function of (seed, i) only: computed by 1 thread in order equals 8 threads in a
/// scrambled order.
fn check_independent_of_threads_and_order<S: Strategy + Sync>(s: &S, n: u64) {
    let serial = points(s, 0..n);
    let mut parallel: Vec<(u64, Vec<f64>)> = std::thread::scope(|scope| {
        let handles: Vec<_> =
            (0..8u64).map(|t| scope.spawn(move || points(s, (0..n).rev().filter(|i| i % 8 == t)))).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    parallel.sort_by_key(|(i, _)| *i);
    assert_eq!(serial, parallel);
}

#[test]
fn every_strategy_is_independent_of_threads_and_order() {
    check_independent_of_threads_and_order(&Random::new(5, 4), 1000);
    check_independent_of_threads_and_order(&Sobol::new(5, 4).unwrap(), 1000);
    check_independent_of_threads_and_order(&LatinHypercube::new(5, 4, 1000).unwrap(), 1000);
    check_independent_of_threads_and_order(&Grid::from_axes(&[Some(3), None, Some(100)], 7).unwrap(), 147);
    let zoom = Zoom::new(Sobol::new(5, 2).unwrap(), Region::new(vec![0.1, 0.5], vec![0.2, 0.9]).unwrap());
    check_independent_of_threads_and_order(&zoom.unwrap(), 1000);
}

#[test]
fn every_point_lies_in_the_unit_cube() {
    type PointFn = Box<dyn Fn(u64) -> Option<Vec<f64>>>;
    let strategies: Vec<PointFn> = vec![
        Box::new(|i| Random::new(1, 6).point(i)),
        Box::new(|i| Sobol::new(1, 6).unwrap().point(i)),
        Box::new(|i| LatinHypercube::new(1, 6, 5000).unwrap().point(i)),
    ];
    for s in &strategies {
        for i in (0..5000).chain([u32::MAX as u64 - 1]) {
            if let Some(p) = s(i) {
                assert!(p.iter().all(|u| (0.0..1.0).contains(u)), "point {i}: {p:?}");
            }
        }
    }
    // Far indices cost the same O(dim) and stay valid.
    for i in [1u64 << 40, u64::MAX] {
        assert!(Sobol::new(1, 6).unwrap().point(i).unwrap().iter().all(|u| (0.0..1.0).contains(u)));
        assert!(Random::new(1, 6).point(i).unwrap().iter().all(|u| (0.0..1.0).contains(u)));
    }
}

/// These values must not change across platforms or releases: a stored study relies on trial i
/// being the same point forever. Changing them is a breaking change.
#[test]
fn golden_points() {
    let golden = |s: &dyn Fn(u64) -> Vec<f64>| -> Vec<u64> { (0..3).flat_map(s).map(f64::to_bits).collect() };
    let random = golden(&|i| Random::new(42, 2).point(i).unwrap());
    let sobol = golden(&|i| Sobol::new(42, 2).unwrap().point(i).unwrap());
    let lhs = golden(&|i| LatinHypercube::new(42, 2, 10).unwrap().point(i).unwrap());
    assert_eq!(random, GOLDEN_RANDOM);
    assert_eq!(sobol, GOLDEN_SOBOL);
    assert_eq!(lhs, GOLDEN_LHS);
}

const GOLDEN_RANDOM: [u64; 6] = [
    0x3fe1f3bcb9f6650e,
    0x3fd334ff94379f70,
    0x3fd0ffbe87ba1bfe,
    0x3fa58a52dd171270,
    0x3fe5f12f7c2926b9,
    0x3fd862d6c40193a4,
];
const GOLDEN_SOBOL: [u64; 6] = [
    0x3fec6eafa12d882f,
    0x3fe9f6976a8fb77e,
    0x3f7a982864bc5000,
    0x3fd20238bfc14d2c,
    0x3fe5c05f5f101906,
    0x3fb4f781cf98d248,
];
const GOLDEN_LHS: [u64; 6] = [
    0x3fe71a4ac72796b1,
    0x3fee04154c482ef3,
    0x3fe46305fc2887e2,
    0x3fe40ae51c0f6bcf,
    0x3faaa8375cee5ea3,
    0x3fdd491e406e5f8a,
];

/// The worst deviation, over all axes, of a bin's count from n / bins.
fn worst_bin_error(points: &[Vec<f64>], bins: usize) -> f64 {
    let dim = points[0].len();
    let expected = points.len() as f64 / bins as f64;
    (0..dim)
        .flat_map(|d| {
            let mut counts = vec![0usize; bins];
            for p in points {
                counts[((p[d] * bins as f64) as usize).min(bins - 1)] += 1;
            }
            counts.into_iter().map(move |c| (c as f64 - expected).abs())
        })
        .fold(0.0, f64::max)
}

#[test]
fn sobol_covers_each_axis_better_than_random() {
    let n = 1 << 10;
    let sobol: Vec<Vec<f64>> = (0..n).map(|i| Sobol::new(3, 8).unwrap().point(i).unwrap()).collect();
    let random: Vec<Vec<f64>> = (0..n).map(|i| Random::new(3, 8).point(i).unwrap()).collect();
    // 2^10 points in 32 bins: Sobol puts exactly 32 in each bin of each axis.
    assert_eq!(worst_bin_error(&sobol, 32), 0.0);
    assert!(worst_bin_error(&random, 32) >= 8.0, "random: {}", worst_bin_error(&random, 32));
    // Two-dimensional projections too: each of 32 x 32 cells of axes (0, 1) holds exactly one point.
    let mut cells = vec![0; 32 * 32];
    for p in &sobol {
        cells[(p[0] * 32.0) as usize * 32 + (p[1] * 32.0) as usize] += 1;
    }
    assert!(cells.iter().all(|&c| c == 1));
}

#[test]
fn sobol_balances_discrete_axes_in_every_block() {
    let s = Sobol::new(11, 3).unwrap();
    for block in 0..8u64 {
        let pts: Vec<Vec<f64>> = (block * 64..(block + 1) * 64).map(|i| s.point(i).unwrap()).collect();
        // A bool (2 values) and a choice of 4: exactly balanced in each aligned block of 64.
        for levels in [2usize, 4] {
            let mut counts = vec![0; levels];
            for p in &pts {
                counts[(p[0] * levels as f64) as usize] += 1;
            }
            assert!(counts.iter().all(|&c| c == 64 / levels), "block {block}: {counts:?}");
        }
        // 3 values: within one point of 64 / 3.
        let mut counts = [0; 3];
        for p in &pts {
            counts[(p[1] * 3.0) as usize] += 1;
        }
        assert!(counts.iter().all(|&c| (c as f64 - 64.0 / 3.0).abs() < 2.0), "block {block}: {counts:?}");
    }
}

#[test]
fn sobol_dimension_limit_is_an_error() {
    assert!(Sobol::new(0, Sobol::MAX_DIM).is_ok());
    assert_eq!(Sobol::new(0, 257), Err(StrategyError::TooManyDimensions { max: 256, found: 257 }));
    assert_eq!(Sobol::new(0, 0).unwrap().point(3), Some(vec![]));
}

#[test]
fn latin_hypercube_fills_every_bin_exactly_once() {
    for n in [1u64, 2, 3, 10, 97, 1000, 4096] {
        let lhs = LatinHypercube::new(n, 5, n).unwrap();
        assert_eq!(lhs.len(), Some(n));
        assert_eq!(lhs.point(n), None);
        for d in 0..5 {
            let mut bins: Vec<u64> =
                (0..n).map(|i| (lhs.point(i).unwrap()[d] * n as f64).floor() as u64).collect();
            bins.sort_unstable();
            assert_eq!(bins, (0..n).collect::<Vec<_>>(), "n = {n}, axis {d}");
        }
    }
    assert_eq!(LatinHypercube::new(0, 1, 0), Err(StrategyError::EmptyBudget));
    assert_eq!(LatinHypercube::new(0, 1, 1 << 32), Err(StrategyError::TooManyPoints));
}

#[test]
fn latin_hypercube_axes_are_not_copies_of_each_other() {
    let lhs = LatinHypercube::new(8, 3, 100).unwrap();
    let bins = |d: usize| (0..100).map(|i| (lhs.point(i).unwrap()[d] * 100.0) as u64).collect::<Vec<_>>();
    assert_ne!(bins(0), bins(1));
    assert_ne!(bins(1), bins(2));
}

#[test]
fn grid_enumerates_every_combination_once() {
    let grid = Grid::from_axes(&[Some(3), None, Some(2)], 4).unwrap();
    assert_eq!(grid.shape(), [3, 4, 2]);
    assert_eq!(grid.len(), Some(24));
    let mut all: Vec<Vec<u64>> = (0..24)
        .map(|i| grid.point(i).unwrap().iter().map(|u| (u * 1000.0).round() as u64).collect())
        .collect();
    // The last axis varies fastest.
    assert_eq!(all[0], [167, 0, 250]);
    assert_eq!(all[1], [167, 0, 750]);
    assert_eq!(all[2], [167, 333, 250]);
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 24);
    assert_eq!(grid.point(24), None);
}

#[test]
fn grid_spreads_large_discrete_axes_with_both_ends() {
    // 101 integer values, 5 grid points: indices 0, 25, 50, 75, 100.
    let grid = Grid::from_axes(&[Some(101)], 5).unwrap();
    let idx: Vec<u64> = (0..5).map(|i| (grid.point(i).unwrap()[0] * 101.0) as u64).collect();
    assert_eq!(idx, [0, 25, 50, 75, 100]);
}

#[test]
fn grid_errors() {
    assert_eq!(Grid::from_axes(&[None], 1), Err(StrategyError::GridPoints { found: 1 }));
    assert_eq!(Grid::from_axes(&[Some(1 << 40), Some(1 << 40)], 1 << 30).map(|_| ()), Ok(()));
    assert_eq!(
        Grid::from_axes(&[Some(1 << 40); 2], u32::MAX).unwrap().len(),
        Some(u32::MAX as u64 * u32::MAX as u64)
    );
    assert_eq!(Grid::from_axes(&[None; 3], u32::MAX), Err(StrategyError::TooManyPoints));
    // Far indices decode in O(dim).
    let big = Grid::from_axes(&[None; 3], 1 << 20).unwrap();
    assert_eq!(big.point((1 << 60) - 1).unwrap(), [1.0, 1.0, 1.0]);
}

#[test]
fn zoom_stays_inside_its_region_and_the_cube() {
    let region = Region::new(vec![0.9, 0.0, 0.3], vec![1.0, 0.05, 0.3]).unwrap();
    let zoom = Zoom::new(Sobol::new(2, 3).unwrap(), region.clone()).unwrap();
    for i in 0..10_000 {
        assert!(region.contains(&zoom.point(i).unwrap()));
    }
    let grid_zoom = Zoom::new(Grid::from_axes(&[None; 3], 3).unwrap(), region.clone()).unwrap();
    assert_eq!(grid_zoom.len(), Some(27));
    assert!((0..27).all(|i| region.contains(&grid_zoom.point(i).unwrap())));
    assert!(Zoom::new(Random::new(0, 2), region).is_err());
    assert!(Region::new(vec![0.5], vec![0.4]).is_err());
    assert!(Region::new(vec![-0.1], vec![0.4]).is_err());
}

#[test]
fn zoom_region_around_the_best_keeps_discrete_values_whole() {
    // bool's `true` is the upper half of the unit interval; the region must not leak into `false`.
    let trials = [(true, 1.0), (false, 5.0), (true, 2.0)];
    let r = Region::around_best(&trials, Direction::Minimize, 2).unwrap();
    let z = Zoom::new(Grid::for_config::<bool>(5).unwrap(), r.clone()).unwrap();
    assert!(z.configs::<bool>().all(|b| b));
    let r = Region::around_best(&trials, Direction::Maximize, 1).unwrap();
    let z = Zoom::new(Random::for_config::<bool>(3), r).unwrap();
    assert!(z.configs::<bool>().take(100).all(|b| !b));
    assert_eq!(
        Region::around_best::<bool>(&[(true, f64::NAN)], Direction::Minimize, 1),
        Err(StrategyError::NoScoredTrials)
    );
}

#[test]
fn configs_iterates_a_finite_strategy_to_its_end() {
    let grid = Grid::for_config::<bool>(2).unwrap();
    assert_eq!(grid.configs::<bool>().count(), 2);
    assert_eq!(bool::DIM, grid.dim());
}

#[test]
#[should_panic(expected = "the strategy has 2 dimensions but bool has 1")]
fn a_strategy_for_another_dimension_is_refused() {
    let _ = Random::new(0, 2).config::<bool>(0);
}

#[test]
fn grid_over_a_conditional_space_enumerates_only_active_fields() {
    use hp_core::{LogScale, ReverseLogScale, SpaceBuilder};
    let mut b = SpaceBuilder::new();
    b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    b.choice("optimizer".into(), "Optimizer", &["Sgd", "Momentum", "Adam"]);
    b.enter("optimizer", "Momentum");
    b.scale("optimizer.Momentum.beta".into(), "f64", &ReverseLogScale::new(0.9, 0.999).unwrap());
    b.leave();
    b.enter("optimizer", "Adam");
    b.scale("optimizer.Adam.beta1".into(), "f64", &ReverseLogScale::new(0.8, 0.99).unwrap());
    b.scale("optimizer.Adam.beta2".into(), "f64", &ReverseLogScale::new(0.99, 0.9999).unwrap());
    b.grid(2);
    b.leave();
    let space = b.finish();
    assert_eq!(space.params()[3].conditions()[0].to_string(), "optimizer = Adam");

    let grid = Grid::for_space(&space, 3).unwrap();
    // 3 learning rates x (Sgd: 1 + Momentum: 3 betas + Adam: 3 x 2) = 30, not 3 x 3 x 3 x 3 x 2.
    assert_eq!(grid.len(), Some(30));
    let points: Vec<Vec<f64>> = (0..30).map(|i| grid.point(i).unwrap()).collect();
    let variant = |p: &Vec<f64>| (p[1] * 3.0) as usize;
    assert_eq!(points.iter().filter(|p| variant(p) == 0).count(), 3);
    assert_eq!(points.iter().filter(|p| variant(p) == 1).count(), 9);
    assert_eq!(points.iter().filter(|p| variant(p) == 2).count(), 18);
    for p in &points {
        // Inactive coordinates read 0.5; active ones take their grid positions.
        match variant(p) {
            0 => assert_eq!(&p[2..], [0.5, 0.5, 0.5]),
            1 => assert_eq!(&p[3..], [0.5, 0.5]),
            _ => assert!(p[2] == 0.5 && [0.0, 1.0].contains(&p[4])),
        }
    }
    let mut distinct = points.clone();
    distinct.sort_by(|a, b| a.partial_cmp(b).unwrap());
    distinct.dedup();
    assert_eq!(distinct.len(), 30);
}

#[test]
fn zoom_snaps_to_the_bins_of_a_weighted_choice() {
    use hp_core::SpaceBuilder;
    let mut b = SpaceBuilder::new();
    b.weighted_choice("optimizer".into(), "Optimizer", &["Sgd", "Momentum", "Adam"], &[1.0, 1.0, 2.0]);
    let space = b.finish();
    // The best trial chose Momentum, whose bin is [0.25, 0.5): the box is that bin, not a third of
    // [0, 1] as equal bins would make it.
    let momentum = space.params()[0].nth_unit(1).unwrap();
    let region = Region::around_points(&space, &[vec![momentum]]);
    assert_eq!(region.low(), [0.25]);
    assert_eq!(region.high(), [0.5f64.next_down()]);
    let zoom = Zoom::new(Sobol::new(1, 1).unwrap(), region).unwrap();
    assert!(
        (0..1000).all(
            |i| space.params()[0].from_unit(zoom.point(i).unwrap()[0]) == Some(hp_core::Value::Choice(1))
        )
    );
}
