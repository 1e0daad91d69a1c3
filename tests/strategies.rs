//! Strategies on derived configs: grid contents on each parameter's own scale, bounds under every
//! strategy and under zoom.

use hp::Direction;
use hp::Hyperparams;
use hp::strategy::{Grid, LatinHypercube, Random, Region, Sobol, Strategy, Zoom};

#[derive(Hyperparams, Debug, Clone, PartialEq)]
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

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1e-300)
}

#[test]
fn lecture_grid_is_spaced_on_each_parameters_own_scale() {
    let grid = Grid::for_config::<Train>(5).unwrap();
    // α: 5 points; β: 5; hidden units: 51 values > 5, so 5 spread values; layers: all 3.
    assert_eq!(grid.shape(), [5, 5, 5, 3]);
    assert_eq!(grid.len(), Some(375));
    let configs: Vec<Train> = grid.configs().collect();
    let mut lr: Vec<f64> = configs.iter().map(|c| c.learning_rate).collect();
    lr.sort_by(f64::total_cmp);
    lr.dedup();
    assert_eq!(lr.len(), 5);
    for (got, want) in lr.iter().zip([1e-4, 1e-3, 1e-2, 1e-1, 1.0]) {
        assert!(close(*got, want), "{got} != {want}");
    }
    let mut beta: Vec<f64> = configs.iter().map(|c| c.momentum).collect();
    beta.sort_by(f64::total_cmp);
    beta.dedup();
    // 1 - β log-spaced from 0.1 to 0.001: 0.9, 1 - 10^-1.5, 0.99, 1 - 10^-2.5, 0.999.
    for (got, want) in beta.iter().zip([0.9, 1.0 - 10f64.powf(-1.5), 0.99, 1.0 - 10f64.powf(-2.5), 0.999]) {
        assert!(close(*got, want), "{got} != {want}");
    }
    let mut units: Vec<u32> = configs.iter().map(|c| c.hidden_units).collect();
    units.sort_unstable();
    units.dedup();
    assert_eq!(units, [50, 63, 75, 88, 100]);
    let mut layers: Vec<usize> = configs.iter().map(|c| c.layers).collect();
    layers.sort_unstable();
    layers.dedup();
    assert_eq!(layers, [2, 3, 4]);
}

#[test]
fn layers_alone_take_the_lectures_grid_of_2_3_4() {
    #[derive(Hyperparams, Debug, PartialEq)]
    struct Depth {
        #[hp(linear, 2, 4)]
        layers: usize,
    }
    let grid = Grid::for_config::<Depth>(10).unwrap();
    assert_eq!(grid.configs::<Depth>().map(|d| d.layers).collect::<Vec<_>>(), [2, 3, 4]);
}

#[test]
fn every_strategy_keeps_every_config_in_bounds() {
    let check = |c: Train| assert!(c.validate().is_ok(), "{c:?}");
    Random::for_config::<Train>(1).configs().take(20_000).for_each(check);
    Sobol::for_config::<Train>(1).unwrap().configs().take(20_000).for_each(check);
    LatinHypercube::for_config::<Train>(1, 20_000).unwrap().configs().for_each(check);
    Grid::for_config::<Train>(7).unwrap().configs().for_each(check);
}

#[test]
fn coarse_to_fine_zooms_in_on_the_best_configs_and_stays_in_bounds() {
    // Coarse: 256 Sobol configs scored by distance of log10(α) from -2.5 and of β from 0.99.
    let score = |c: &Train| (c.learning_rate.log10() + 2.5).abs() + 10.0 * (c.momentum - 0.99).abs();
    let coarse: Vec<(Train, f64)> = Sobol::for_config::<Train>(3)
        .unwrap()
        .configs()
        .take(256)
        .map(|c: Train| {
            let s = score(&c);
            (c, s)
        })
        .collect();
    let region = Region::around_best(&coarse, Direction::Minimize, 8).unwrap();
    let fine = Zoom::new(Sobol::for_config::<Train>(4).unwrap(), region.clone()).unwrap();
    let fine_configs: Vec<Train> = fine.configs().take(4096).collect();
    for c in &fine_configs {
        assert!(c.validate().is_ok(), "{c:?}");
        assert!(region.contains(&c.to_unit()), "{c:?} left the region");
    }
    // The fine search concentrates where the coarse one found the best scores.
    let mean = |v: &[Train]| v.iter().map(score).sum::<f64>() / v.len() as f64;
    let coarse_configs: Vec<Train> = coarse.iter().map(|(c, _)| c.clone()).collect();
    assert!(mean(&fine_configs) < mean(&coarse_configs) / 2.0);
    // The α band is a range of decades: the region is a box on the log scale.
    let (lo, hi) = (region.low()[0], region.high()[0]);
    assert!(lo > 0.0 && hi < 1.0, "{lo} {hi}");
}

#[test]
fn grid_size_can_be_set_per_field() {
    #[derive(Hyperparams, Debug)]
    struct Sized2 {
        #[hp(log, 1e-4, 1.0, grid = 9)]
        learning_rate: f64,
        #[hp(reverse_log, 0.9, 0.999)]
        momentum: f64,
    }
    assert_eq!(Grid::for_config::<Sized2>(3).unwrap().shape(), [9, 3]);
    assert_eq!(Sized2::space().params()[0].grid(), Some(9));
}
