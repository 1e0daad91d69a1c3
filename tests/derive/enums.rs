//! Conditional spaces: `#[derive(Hyperparams)]` on enums whose variants carry named fields. One
//! coordinate picks the variant (with `#[hp(weight = W)]` weights), then each variant's fields have
//! coordinates of their own; only the chosen variant's fields are sampled, read, checked and
//! gridded.

use hp::strategy::{Grid, LatinHypercube, Random, Sobol, Strategy};
use hp::{
    CategoricalScale, Domain, Hyperparams, Param, ReverseLogScale, Scale, ScaleKind, Space,
    WeightedCategoricalScale,
};
use rand::distr::Distribution;
use rand::{SeedableRng, rngs::Xoshiro256PlusPlus};
use serde::{Deserialize, Serialize};

fn rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

fn param<'a>(space: &'a Space, name: &str) -> &'a Param {
    space.get(name).unwrap_or_else(|| panic!("no parameter `{name}` in\n{space}"))
}

/// A condition as (choice parameter, value).
type Cond = (String, String);

fn condition(param: &str, equals: &str) -> Cond {
    (param.into(), equals.into())
}

/// A parameter's conditions as (choice parameter, value) pairs.
fn conditions(param: &Param) -> Vec<Cond> {
    param.conditions().iter().map(|c| (c.param().to_owned(), c.equals().to_owned())).collect()
}

/// The 0.999 quantile of the χ² distribution with 1, 2 and 3 degrees of freedom.
const CHI2_999: [f64; 3] = [10.828, 13.816, 16.266];

/// Pearson's χ² of `counts` against probabilities `p`.
fn chi_squared(counts: &[usize], p: &[f64]) -> f64 {
    let n: usize = counts.iter().sum();
    counts
        .iter()
        .zip(p)
        .map(|(&c, &p)| {
            let expected = n as f64 * p;
            (c as f64 - expected).powi(2) / expected
        })
        .sum()
}

// ---------------------------------------------------------------------------------------------
// The issue's optimizer, Adam twice as likely as each of the others.

#[derive(Hyperparams, Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Optimizer {
    Sgd,
    Momentum {
        #[hp(reverse_log, 0.9, 0.999)]
        beta: f64,
    },
    #[hp(weight = 2)]
    Adam {
        #[hp(reverse_log, 0.8, 0.99)]
        beta1: f64,
        #[hp(reverse_log, 0.99, 0.9999)]
        beta2: f64,
    },
}

impl Optimizer {
    fn variant(&self) -> usize {
        match self {
            Optimizer::Sgd => 0,
            Optimizer::Momentum { .. } => 1,
            Optimizer::Adam { .. } => 2,
        }
    }
}

#[derive(Hyperparams, Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Train {
    #[hp(log, 1e-4, 1.0)]
    learning_rate: f64,
    optimizer: Optimizer,
    #[hp(linear, 2, 4)]
    layers: usize,
}

#[test]
fn the_unit_cube_has_one_coordinate_for_the_variant_then_every_variants_fields() {
    // The variant, then Sgd (none), Momentum (1) and Adam (2).
    assert_eq!(Optimizer::DIM, 1 + 1 + 2);
    assert_eq!(Train::DIM, 1 + Optimizer::DIM + 1);
    let space = Train::space();
    let rows: Vec<(&str, Option<usize>, Vec<Cond>)> =
        space.params().iter().map(|p| (p.name(), p.coordinate(), conditions(p))).collect();
    let (momentum, adam) = ([condition("optimizer", "Momentum")], [condition("optimizer", "Adam")]);
    assert_eq!(
        rows,
        [
            ("learning_rate", Some(0), vec![]),
            ("optimizer", Some(1), vec![]),
            ("optimizer.Momentum.beta", Some(2), momentum.to_vec()),
            ("optimizer.Adam.beta1", Some(3), adam.to_vec()),
            ("optimizer.Adam.beta2", Some(4), adam.to_vec()),
            ("layers", Some(5), vec![]),
        ]
    );
    let selector = param(&space, "optimizer");
    assert_eq!(
        selector.domain(),
        Domain::Choice { values: vec!["Sgd".into(), "Momentum".into(), "Adam".into()] }
    );
    assert_eq!((selector.type_name(), selector.levels().and_then(|l| l.count())), ("Optimizer", Some(3)));
    assert_eq!(selector.weights(), Some(&[1.0, 1.0, 2.0][..]));
    // Each condition also names where its choice sits and which of its values it needs.
    let beta1 = param(&space, "optimizer.Adam.beta1").conditions()[0].clone();
    assert_eq!((beta1.coordinate(), beta1.index()), (1, 2));
    assert_eq!(
        param(&space, "optimizer.Adam.beta2").domain(),
        Domain::Float { scale: ScaleKind::ReverseLog, low: 0.99, high: 0.9999, step: None }
    );
    // Display names the condition of each conditional parameter.
    let text = space.to_string();
    let line = |name: &str| text.lines().find(|l| l.starts_with(name)).unwrap().to_owned();
    assert!(line("optimizer ").ends_with("choice {Sgd, Momentum, Adam} weights {1, 1, 2}"), "{text}");
    assert!(line("optimizer.Adam.beta1").ends_with("reverse_log [0.8, 0.99]  if optimizer = Adam"), "{text}");
    assert!(line("optimizer.Momentum.beta").ends_with("if optimizer = Momentum"), "{text}");
}

#[test]
fn a_top_level_enum_names_its_variant_coordinate_variant() {
    let space = Optimizer::space();
    let names: Vec<&str> = space.params().iter().map(|p| p.name()).collect();
    assert_eq!(names, ["variant", "Momentum.beta", "Adam.beta1", "Adam.beta2"]);
    assert_eq!(conditions(param(&space, "Adam.beta1")), [condition("variant", "Adam")]);
    assert!(
        space.to_string().contains("Adam.beta1     f64        reverse_log [0.8, 0.99]  if variant = Adam"),
        "{space}"
    );
    // The typed handle and the string lookup agree on the name.
    assert_eq!(Optimizer::params().variant.name(), "variant");
    assert_eq!(space.param_id("variant"), Ok(Optimizer::params().variant));
    // Nested, the enum's path names it, as before.
    assert_eq!(Train::space().params()[1].name(), "optimizer");
}

#[test]
fn variants_are_picked_with_their_weights() {
    let mut r = rng(2024);
    let mut counts = [0usize; 3];
    for _ in 0..30_000 {
        counts[Optimizer::sample_with(&mut r).variant()] += 1;
    }
    let chi2 = chi_squared(&counts, &[0.25, 0.25, 0.5]);
    assert!(chi2 < CHI2_999[1], "χ² = {chi2} for {counts:?}");
    // And through the unit cube, which every strategy uses: random points and Sobol points.
    for configs in [
        Random::for_config::<Optimizer>(7).configs().take(30_000).collect::<Vec<Optimizer>>(),
        Sobol::for_config::<Optimizer>(7).unwrap().configs().take(30_000).collect(),
    ] {
        let mut counts = [0usize; 3];
        configs.iter().for_each(|c| counts[c.variant()] += 1);
        let chi2 = chi_squared(&counts, &[0.25, 0.25, 0.5]);
        assert!(chi2 < CHI2_999[1], "χ² = {chi2} for {counts:?}");
    }
}

/// The weights matter: with equal weights Adam's share would be a third, and the χ² test rejects
/// that at once. (A test that could not fail would pass here too.)
#[test]
fn the_chi2_test_tells_the_weights_from_equal_ones() {
    let mut r = rng(2024);
    let mut counts = [0usize; 3];
    for _ in 0..30_000 {
        counts[Optimizer::sample_with(&mut r).variant()] += 1;
    }
    assert!(chi_squared(&counts, &[1.0 / 3.0; 3]) > 1000.0, "{counts:?}");
}

/// `sample_with` draws the variant, then the chosen variant's fields only: the same seed gives
/// exactly the draws of the runtime scales in that order, so no other variant's field consumed a
/// random number.
#[test]
fn only_the_chosen_variants_fields_are_sampled() {
    let variants = WeightedCategoricalScale::new(&[1.0, 1.0, 2.0]).unwrap();
    let beta = ReverseLogScale::new(0.9, 0.999).unwrap();
    let (beta1, beta2) =
        (ReverseLogScale::new(0.8, 0.99).unwrap(), ReverseLogScale::new(0.99, 0.9999).unwrap());
    let mut seen = [false; 3];
    for seed in 0..300 {
        let cfg = Optimizer::sample_with(&mut rng(seed));
        let r = &mut rng(seed);
        let expected = match variants.sample(r) {
            0 => Optimizer::Sgd,
            1 => Optimizer::Momentum { beta: beta.sample(r) },
            _ => Optimizer::Adam { beta1: beta1.sample(r), beta2: beta2.sample(r) },
        };
        assert_eq!(cfg, expected, "seed {seed}");
        seen[cfg.variant()] = true;
    }
    assert_eq!(seen, [true; 3]);
}

#[test]
fn from_unit_reads_only_the_active_variants_coordinates() {
    // Variant coordinate 0.8: Adam ([0.5, 1]); its fields at coordinates 2 and 3.
    let adam = Optimizer::from_unit(&[0.8, 0.3, 0.0, 1.0]);
    assert_eq!(adam, Optimizer::Adam { beta1: 0.8, beta2: 0.9999 });
    let mut r = rng(9);
    for i in 0..1000 {
        // Whatever the inactive coordinates hold (out of range and NaN included), the config is
        // the same.
        let mut noise = |c: usize| match (i + c) % 4 {
            0 => f64::NAN,
            1 => -5.0,
            2 => 2.0,
            _ => rand::RngExt::random::<f64>(&mut r),
        };
        for (variant_u, active) in [(0.1, &[][..]), (0.3, &[1][..]), (0.7, &[2, 3][..])] {
            let mut point = [variant_u, 0.25, 0.5, 0.75];
            let reference = Optimizer::from_unit(&point);
            for (c, u) in point.iter_mut().enumerate().skip(1) {
                if !active.contains(&c) {
                    *u = noise(c);
                }
            }
            assert_eq!(Optimizer::from_unit(&point), reference, "{point:?}");
        }
    }
}

#[test]
fn to_unit_writes_half_for_inactive_coordinates_and_round_trips_every_variant() {
    assert_eq!(Optimizer::Sgd.to_unit(), [0.125, 0.5, 0.5, 0.5]);
    let momentum = Optimizer::Momentum { beta: 0.99 };
    let unit = momentum.to_unit();
    assert_eq!((unit[0], unit[2], unit[3]), (0.375, 0.5, 0.5));
    assert!((unit[1] - 0.5).abs() < 1e-12, "{unit:?}");
    let adam = Optimizer::Adam { beta1: 0.8, beta2: 0.9999 };
    assert_eq!(adam.to_unit(), [0.75, 0.5, 0.0, 1.0]);
    let mut r = rng(3);
    let mut per_variant = [0usize; 3];
    for _ in 0..3000 {
        let cfg = Train::sample_with(&mut r);
        assert!(cfg.validate().is_ok(), "{cfg:?}");
        let unit = cfg.to_unit();
        assert_eq!(unit.len(), Train::DIM);
        let back = Train::from_unit(&unit);
        per_variant[back.optimizer.variant()] += 1;
        assert_eq!(back.optimizer.variant(), cfg.optimizer.variant());
        assert_eq!(back.layers, cfg.layers);
        let near = |a: f64, b: f64| (a - b).abs() <= 1e-12;
        assert!(near(back.learning_rate.ln(), cfg.learning_rate.ln()));
        match (&cfg.optimizer, &back.optimizer) {
            (Optimizer::Sgd, Optimizer::Sgd) => {}
            (Optimizer::Momentum { beta: a }, Optimizer::Momentum { beta: b }) => assert!(near(*a, *b)),
            (Optimizer::Adam { beta1: a1, beta2: a2 }, Optimizer::Adam { beta1: b1, beta2: b2 }) => {
                assert!(near(*a1, *b1) && near(*a2, *b2), "{cfg:?} -> {back:?}");
            }
            _ => unreachable!(),
        }
    }
    assert!(per_variant.iter().all(|&n| n > 500), "{per_variant:?}");
}

#[test]
fn validate_checks_the_active_variants_fields_with_dotted_paths() {
    let cfg =
        Train { learning_rate: 0.01, optimizer: Optimizer::Adam { beta1: 0.5, beta2: 0.999 }, layers: 3 };
    let error = cfg.validate().unwrap_err();
    let got: Vec<(&str, &str, &str)> =
        error.errors().iter().map(|e| (e.field.as_str(), e.value.as_str(), e.allowed.as_str())).collect();
    assert_eq!(got, [("optimizer.Adam.beta1", "0.5", "reverse_log [0.8, 0.99]")]);
    let bad_momentum = Train { optimizer: Optimizer::Momentum { beta: 1.0 }, ..cfg.clone() };
    assert_eq!(bad_momentum.validate().unwrap_err().errors()[0].field, "optimizer.Momentum.beta");
    assert!(Train { optimizer: Optimizer::Sgd, ..cfg }.validate().is_ok());
    // At the top level the path starts at the variant.
    let top = Optimizer::Momentum { beta: 0.5 }.validate().unwrap_err();
    assert_eq!(top.errors()[0].field, "Momentum.beta");
}

#[test]
#[should_panic(expected = "Optimizer::from_unit takes 4 unit-cube coordinates (its DIM), got 1")]
fn from_unit_panics_on_the_wrong_length() {
    let _ = Optimizer::from_unit(&[0.5]);
}

#[test]
fn configs_holding_the_enum_round_trip_through_serde_and_validate_on_load() {
    let mut r = rng(11);
    for _ in 0..200 {
        let cfg = Train::sample_with(&mut r);
        let json = serde_json::to_string(&cfg).unwrap();
        let back: Train = serde_json::from_str(&json).unwrap();
        assert_eq!(back, cfg);
        assert!(back.validate().is_ok());
    }
    let edited =
        r#"{"learning_rate": 0.01, "optimizer": {"Adam": {"beta1": 0.9, "beta2": 0.5}}, "layers": 2}"#;
    let loaded: Train = serde_json::from_str(edited).unwrap();
    assert_eq!(loaded.validate().unwrap_err().errors()[0].field, "optimizer.Adam.beta2");
}

// ---------------------------------------------------------------------------------------------
// Grids enumerate only the active variant's fields.

#[test]
fn the_grid_enumerates_each_variants_own_fields() {
    let grid = Grid::for_config::<Optimizer>(3).unwrap();
    // Sgd: 1; Momentum: 3 values of β; Adam: 3 × 3.
    assert_eq!(grid.len(), Some(1 + 3 + 9));
    let configs: Vec<Optimizer> = grid.configs().collect();
    assert_eq!(configs.iter().filter(|c| **c == Optimizer::Sgd).count(), 1);
    let mut betas: Vec<f64> = configs
        .iter()
        .filter_map(|c| match c {
            Optimizer::Momentum { beta } => Some(*beta),
            _ => None,
        })
        .collect();
    betas.sort_by(f64::total_cmp);
    assert_eq!(betas.len(), 3);
    for (got, want) in betas.iter().zip([0.9, 0.99, 0.999]) {
        assert!((got - want).abs() < 1e-12, "{betas:?}");
    }
    let adams: Vec<(f64, f64)> = configs
        .iter()
        .filter_map(|c| match c {
            Optimizer::Adam { beta1, beta2 } => Some((*beta1, *beta2)),
            _ => None,
        })
        .collect();
    assert_eq!(adams.len(), 9);
    assert!(adams.iter().all(|(b1, b2)| (0.8..=0.99).contains(b1) && (0.99..=0.9999).contains(b2)));
    // Inactive coordinates read 0.5, which is also what to_unit writes: each grid point is its
    // config's own point.
    for i in 0..13 {
        let point = grid.point(i).unwrap();
        let back = Optimizer::from_unit(&point).to_unit();
        assert!(
            back.iter().zip(&point).all(|(a, b)| (a - b).abs() < 1e-9),
            "point {i}: {point:?} -> {back:?}"
        );
    }
    // Inside a struct the variant branches multiply with the other axes.
    assert_eq!(Grid::for_config::<Train>(3).unwrap().len(), Some(3 * 13 * 3));
}

#[test]
fn every_strategy_keeps_enum_configs_valid() {
    let check = |c: Train| assert!(c.validate().is_ok(), "{c:?}");
    Random::for_config::<Train>(1).configs().take(5000).for_each(check);
    Sobol::for_config::<Train>(1).unwrap().configs().take(5000).for_each(check);
    LatinHypercube::for_config::<Train>(1, 5000).unwrap().configs().for_each(check);
    Grid::for_config::<Train>(4).unwrap().configs().for_each(check);
}

// ---------------------------------------------------------------------------------------------
// Unit-only enums with weights, enums inside variants, other variant shapes, generics.

#[derive(Hyperparams, Debug, Clone, Copy, PartialEq)]
enum Activation {
    Relu,
    #[hp(weight = 0.5)]
    Tanh,
    #[hp(weight = 2.5)]
    Gelu,
}

#[test]
fn a_weighted_unit_enum_is_one_weighted_coordinate() {
    assert_eq!(Activation::DIM, 1);
    assert_eq!(Activation::space().params()[0].weights(), Some(&[1.0, 0.5, 2.5][..]));
    // Bins [0, 0.25), [0.25, 0.375), [0.375, 1].
    assert_eq!(
        [0.2, 0.3, 0.4].map(|u| Activation::from_unit(&[u])),
        [Activation::Relu, Activation::Tanh, Activation::Gelu]
    );
    for a in [Activation::Relu, Activation::Tanh, Activation::Gelu] {
        assert_eq!(Activation::from_unit(&a.to_unit()), a);
    }
    let mut r = rng(5);
    let mut counts = [0usize; 3];
    for _ in 0..30_000 {
        counts[Activation::sample_with(&mut r) as usize] += 1;
    }
    let chi2 = chi_squared(&counts, &[0.25, 0.125, 0.625]);
    assert!(chi2 < CHI2_999[1], "χ² = {chi2} for {counts:?}");
    // A grid takes each value once, at the centre of its (unequal) bin.
    let grid: Vec<Activation> = Grid::for_config::<Activation>(5).unwrap().configs().collect();
    assert_eq!(grid, [Activation::Relu, Activation::Tanh, Activation::Gelu]);
}

/// Equal weights, written or not, are the plain equal-weight choice.
#[derive(Hyperparams, Debug, PartialEq)]
enum Even {
    #[hp(weight = 3)]
    A { flag: bool },
    #[hp(weight = 3.0)]
    B,
}

#[test]
fn equal_weights_are_a_plain_choice() {
    let space = Even::space();
    assert_eq!(space.params()[0].weights(), None);
    assert_eq!(Even::DIM, 2);
    assert_eq!(Even::from_unit(&[0.49, 1.0]), Even::A { flag: true });
    assert_eq!(Even::from_unit(&[0.5, 1.0]), Even::B);
    let mut r = rng(8);
    let mut counts = [0usize; 2];
    for _ in 0..30_000 {
        counts[usize::from(Even::sample_with(&mut r) == Even::B)] += 1;
    }
    let chi2 = chi_squared(&counts, &[0.5, 0.5]);
    assert!(chi2 < CHI2_999[0], "χ² = {chi2} for {counts:?}");
}

#[derive(Hyperparams, Debug, Clone, PartialEq)]
enum Schedule {
    Constant,
    Cosine {
        #[hp(linear, 0, 100, step = 10)]
        warmup: u32,
    },
}

/// An enum inside a variant, a nested struct inside a variant, a fixed and a skipped field, and
/// a variant written with empty braces.
#[derive(Hyperparams, Debug, Clone, PartialEq)]
enum Solver {
    Sgd {
        #[hp(log, 1e-4, 1.0)]
        lr: f64,
        schedule: Schedule,
        #[hp(fixed = 0.9)]
        momentum: f64,
    },
    Lbfgs {
        #[hp(linear, 3, 20)]
        history: u32,
        #[hp(skip)]
        note: String,
        warm_start: bool,
    },
    Exact {},
}

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct Fit {
    solver: Solver,
    #[hp(choice("l1", "l2"))]
    penalty: &'static str,
}

#[test]
fn enums_nest_inside_variants_with_stacked_conditions() {
    assert_eq!(Schedule::DIM, 2);
    assert_eq!(Solver::DIM, 1 + (1 + Schedule::DIM) + 2);
    let space = Fit::space();
    let rows: Vec<(&str, Option<usize>, Vec<String>)> = space
        .params()
        .iter()
        .map(|p| (p.name(), p.coordinate(), p.conditions().iter().map(|c| c.to_string()).collect()))
        .collect();
    let c = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows,
        [
            ("solver", Some(0), c(&[])),
            ("solver.Sgd.lr", Some(1), c(&["solver = Sgd"])),
            ("solver.Sgd.schedule", Some(2), c(&["solver = Sgd"])),
            (
                "solver.Sgd.schedule.Cosine.warmup",
                Some(3),
                c(&["solver = Sgd", "solver.Sgd.schedule = Cosine"])
            ),
            ("solver.Sgd.momentum", None, c(&["solver = Sgd"])),
            ("solver.Lbfgs.history", Some(4), c(&["solver = Lbfgs"])),
            ("solver.Lbfgs.warm_start", Some(5), c(&["solver = Lbfgs"])),
            ("penalty", Some(6), c(&[])),
        ]
    );
    let cfg = Fit::from_unit(&[0.1, 1.0, 0.9, 1.0, 0.5, 0.5, 0.9]);
    assert_eq!(
        cfg,
        Fit {
            solver: Solver::Sgd { lr: 1.0, schedule: Schedule::Cosine { warmup: 100 }, momentum: 0.9 },
            penalty: "l2"
        }
    );
    let unit = cfg.to_unit();
    assert_eq!(unit.len(), Fit::DIM);
    assert_eq!(unit[4..6], [0.5, 0.5]);
    assert_eq!(Fit::from_unit(&unit), cfg);
    let lbfgs = Fit::from_unit(&[0.5, 0.0, 0.0, 0.0, 1.0, 0.9, 0.0]);
    assert_eq!(lbfgs.solver, Solver::Lbfgs { history: 20, note: String::new(), warm_start: true });
    assert_eq!(Fit::from_unit(&[0.9; 7]).solver, Solver::Exact {});
    // Validation reaches the inner enum's variant, and checks the fixed field.
    let bad = Fit {
        solver: Solver::Sgd { lr: 0.1, schedule: Schedule::Cosine { warmup: 15 }, momentum: 0.5 },
        penalty: "l1",
    };
    let fields: Vec<String> = bad.validate().unwrap_err().errors().iter().map(|e| e.field.clone()).collect();
    assert_eq!(fields, ["solver.Sgd.schedule.Cosine.warmup", "solver.Sgd.momentum"]);
    // Grid with K = 3: Sgd has 3 learning rates × (Constant + 3 of the 11 warmups), Lbfgs 3
    // histories × 2, Exact 1; all × 2 penalties.
    let grid = Grid::for_config::<Fit>(3).unwrap();
    assert_eq!(grid.len(), Some((3 * (1 + 3) + 3 * 2 + 1) * 2));
    for c in grid.configs::<Fit>() {
        assert!(c.validate().is_ok(), "{c:?}");
    }
    let mut r = rng(1);
    let discriminants = |f: &Fit| match &f.solver {
        Solver::Sgd { schedule, .. } => (0, Some(std::mem::discriminant(schedule)), f.penalty),
        Solver::Lbfgs { .. } => (1, None, f.penalty),
        Solver::Exact {} => (2, None, f.penalty),
    };
    for _ in 0..2000 {
        let cfg = Fit::sample_with(&mut r);
        assert!(cfg.validate().is_ok(), "{cfg:?}");
        assert_eq!(discriminants(&Fit::from_unit(&cfg.to_unit())), discriminants(&cfg));
    }
}

/// A generic enum: the type parameter of a nested field is bounded by `Hyperparams`, that of a
/// skipped one by `Default`.
#[derive(Hyperparams, Debug, PartialEq)]
enum Maybe<T, N> {
    Off,
    On {
        inner: T,
        #[hp(skip)]
        note: N,
    },
}

#[test]
fn generic_enums_bound_their_type_parameters() {
    assert_eq!(Maybe::<Schedule, String>::DIM, 1 + Schedule::DIM);
    let on = Maybe::<Schedule, String>::from_unit(&[0.9, 0.9, 0.0]);
    assert_eq!(on, Maybe::On { inner: Schedule::Cosine { warmup: 0 }, note: String::new() });
    let names: Vec<String> =
        Maybe::<bool, ()>::space().params().iter().map(|p| p.name().to_owned()).collect();
    assert_eq!(names, ["variant", "On.inner"]);
    assert_eq!(Maybe::<bool, ()>::Off.to_unit(), [0.25, 0.5]);
}

/// The variant coordinate's scale is hp-core's: a derived enum with equal weights maps the unit
/// interval exactly as `CategoricalScale` does, one with weights as `WeightedCategoricalScale`.
#[test]
fn the_variant_coordinate_maps_like_the_runtime_scales() {
    let equal = CategoricalScale::new(3).unwrap();
    let weighted = WeightedCategoricalScale::new(&[1.0, 1.0, 2.0]).unwrap();
    for k in 0..=1000 {
        let u = f64::from(k) / 1000.0;
        let solver = Solver::from_unit(&[u, 0.5, 0.5, 0.5, 0.5, 0.5]);
        let index = match solver {
            Solver::Sgd { .. } => 0,
            Solver::Lbfgs { .. } => 1,
            Solver::Exact {} => 2,
        };
        assert_eq!(index, equal.from_unit(u), "u = {u}");
        assert_eq!(
            Optimizer::from_unit(&[u, 0.5, 0.5, 0.5]).variant() as u64,
            weighted.from_unit(u),
            "u = {u}"
        );
    }
}
