//! The properties every sampler and strategy must have, after Optuna's generic sampler suite
//! (`optuna/testing/pytest_samplers.py`), ported to hp's kinds: every config in its space and of
//! its type (grids on their step, integers whole), fixed fields and one-value choices as declared,
//! conditional fields only for their variant and every variant reached, NaN objectives never best
//! and never stopping the search, each kind alone and all together, and the same sequence for a
//! seed in three separate processes (a different one for another seed).

use hp::Direction;
use hp::Hyperparams;
use hp::sampler::{History, Observation, Outcome, Sampler};
use hp::strategy::{Grid, LatinHypercube, Random, Sobol};
use hp::tpe::{Startup, Tpe};

/// Every kind hp has, together.
#[derive(Hyperparams, Clone, Debug, PartialEq)]
struct Every {
    #[hp(linear, -10.2, 10.2)]
    signed: f64,
    #[hp(log, 1e-7, 1.0)]
    tiny: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    beta: f64,
    #[hp(log, 1e-4, 1.0)]
    lr32: f32,
    #[hp(linear, 0.0, 1.0, step = 0.1)]
    tenths: f64,
    #[hp(log, 1.0, 1024.0, step = 2.0)]
    doubling: f64,
    #[hp(linear, -5, 5)]
    int: i32,
    #[hp(linear, 0, 10, step = 2)]
    even: i64,
    #[hp(log, 1, 100)]
    log_int: u32,
    #[hp(choice(1, 2, 3))]
    choice: i32,
    #[hp(choice("relu", "tanh", "gelu"))]
    label: &'static str,
    #[hp(choice(7))]
    only: u8,
    flag: bool,
    #[hp(fixed = 10)]
    epochs: u32,
    optimizer: Optimizer,
}

#[derive(Hyperparams, Clone, Debug, PartialEq)]
enum Optimizer {
    Sgd,
    Momentum {
        #[hp(reverse_log, 0.8, 0.99)]
        beta: f64,
    },
    #[hp(weight = 2)]
    Adam {
        #[hp(log, 1e-5, 1e-1)]
        lr: f64,
        #[hp(log, 16, 1024)]
        warmup: u32,
    },
}

/// A value that depends on every active field, NaN for one trial in nine.
fn objective(c: &Every, i: u64) -> f64 {
    if i % 9 == 4 {
        return f64::NAN;
    }
    let opt = match c.optimizer {
        Optimizer::Sgd => 1.0,
        Optimizer::Momentum { beta } => (1.0 - beta).log10().abs(),
        Optimizer::Adam { lr, warmup } => (lr.log10() + 3.0).abs() + f64::from(warmup).ln() / 10.0,
    };
    (c.signed - 1.0).abs()
        + (c.tiny.log10() + 3.0).abs()
        + (1.0 - c.beta).log10().abs()
        + f64::from(c.lr32).ln().abs() / 5.0
        + (c.tenths - 0.3).abs()
        + c.doubling.ln() / 7.0
        + f64::from(c.int).abs()
        + (c.even - 4).abs() as f64
        + f64::from(c.log_int).ln()
        + f64::from(c.choice)
        + if c.label == "tanh" { 0.0 } else { 0.5 }
        + if c.flag { 0.0 } else { 1.0 }
        + opt
}

/// Every sampler and strategy, built for `C` from `seed`.
fn samplers<C: Hyperparams>(seed: u64) -> Vec<(&'static str, Box<dyn Sampler>)> {
    vec![
        ("random", Box::new(Random::for_config::<C>(seed))),
        ("sobol", Box::new(Sobol::for_config::<C>(seed).unwrap())),
        ("latin hypercube", Box::new(LatinHypercube::for_config::<C>(seed, 64).unwrap())),
        ("grid", Box::new(Grid::for_config::<C>(3).unwrap())),
        ("tpe", Box::new(Tpe::for_config::<C>(seed))),
        ("tpe univariate", Box::new(Tpe::for_config::<C>(seed).multivariate(false))),
        ("tpe random startup", Box::new(Tpe::for_config::<C>(seed).startup(Startup::Random))),
        (
            "tpe without liar, 3 startup",
            Box::new(Tpe::for_config::<C>(seed).constant_liar(false).startup_trials(3)),
        ),
    ]
}

/// `n` trials of `sampler` on `f`, sequential, with trial `i - 1` still running when trial `i` is
/// proposed (so a constant liar has something to lie about); NaN values fail their trial. Checks
/// every point and config on the way and returns the configs.
fn run<C: Hyperparams + Clone>(
    sampler: &dyn Sampler,
    n: u64,
    f: impl Fn(&C, u64) -> f64,
) -> Vec<(C, Outcome)> {
    let n = sampler.max_trials().map_or(n, |len| len.min(n));
    let mut trials: Vec<Observation> = Vec::new();
    let mut out = Vec::new();
    let mut point = vec![0.0; C::DIM];
    for i in 0..n {
        sampler.propose(i, &History::new(Direction::Minimize, &trials), &mut point);
        assert!(point.iter().all(|u| (0.0..=1.0).contains(u)), "trial {i}: {point:?} leaves the unit cube");
        let config = C::from_unit(&point);
        if let Err(e) = config.validate() {
            panic!("trial {i}: a config outside the space: {e}");
        }
        let unit = config.to_unit();
        assert_eq!(C::from_unit(&unit).to_unit(), unit, "trial {i}: the config's point is not canonical");
        if let Some(last) = trials.last_mut() {
            last.outcome = last_outcome(&out);
        }
        let value = f(&config, i);
        let outcome = if value.is_nan() { Outcome::Failed } else { Outcome::Complete { value } };
        trials.push(Observation::new(i, unit, Outcome::Running));
        out.push((config, outcome));
    }
    out
}

fn last_outcome<C>(out: &[(C, Outcome)]) -> Outcome {
    out.last().map_or(Outcome::Failed, |(_, o)| *o)
}

#[test]
fn every_sampler_keeps_every_kind_in_its_space_with_its_type() {
    for (name, sampler) in samplers::<Every>(11) {
        let configs = run::<Every>(sampler.as_ref(), 80, objective);
        let space = Every::space();
        for (c, _) in &configs {
            // Grids on their steps, integers whole and in range: `validate` checked; here, the
            // values as the space reads them back, and the declared constants.
            for (p, v) in space.coordinates().zip(c.values()) {
                if let Some(v) = v {
                    assert!(p.contains(v), "{name}: {} = {v:?} outside {p}", p.name());
                }
            }
            assert_eq!((c.epochs, c.only), (10, 7), "{name}: a fixed field or a one-value choice moved");
            assert!((c.tenths * 10.0 - (c.tenths * 10.0).round()).abs() < 1e-9, "{name}: {}", c.tenths);
            assert_eq!(c.even % 2, 0, "{name}");
            assert_eq!(c.doubling.log2().fract(), 0.0, "{name}: {}", c.doubling);
        }
        // Conditional fields: every variant is reached (a grid of 3 points per axis reaches them
        // too), and the model-based samplers keep proposing after NaN and failed trials.
        for variant in ["Sgd", "Momentum", "Adam"] {
            assert!(
                configs.iter().any(|(c, _)| format!("{:?}", c.optimizer).starts_with(variant)),
                "{name}: no {variant} in {} trials",
                configs.len()
            );
        }
        let finite =
            configs.iter().filter_map(|(_, o)| o.loss(Direction::Minimize)).filter(|v| v.is_finite());
        assert!(finite.count() >= configs.len() * 3 / 4, "{name}");
    }
}

#[test]
fn each_kind_alone_samples_validly() {
    macro_rules! alone {
        ($($name:ident: $ty:ty $(=> #[$attr:meta])?;)*) => {$(
            #[derive(Hyperparams, Clone, Debug, PartialEq)]
            struct $name {
                $(#[$attr])?
                x: $ty,
            }
            for (sampler, s) in samplers::<$name>(3) {
                let configs = run::<$name>(s.as_ref(), 40, |c, _| format!("{:?}", c.x).len() as f64);
                assert!(!configs.is_empty(), "{}: {sampler}", stringify!($name));
            }
        )*};
    }
    alone! {
        Linear: f64 => #[hp(linear, -10.2, 10.2)];
        Log: f64 => #[hp(log, 1e-7, 1.0)];
        ReverseLog: f64 => #[hp(reverse_log, 0.9, 0.999)];
        Tenths: f64 => #[hp(linear, 0.0, 1.0, step = 0.1)];
        Int: i32 => #[hp(linear, -5, 5)];
        LogInt: u32 => #[hp(log, 1, 100)];
        Choice: i32 => #[hp(choice(1, 2, 3))];
        One: u8 => #[hp(choice(7))];
        Flag: bool;
        Opt: Optimizer;
    }
}

/// The sequence of configs of every sampler for `seed`, as text.
fn sequence(seed: u64) -> String {
    let mut text = String::new();
    for (name, sampler) in samplers::<Every>(seed) {
        for (c, _) in run::<Every>(sampler.as_ref(), 15, objective) {
            text.push_str(&format!("{name}: {c:?}\n"));
        }
    }
    text
}

/// A constant objective too (Optuna's tie check): with every value equal, the sequence is still
/// the same in every process (no tie is broken by anything but the trials' order).
fn constant_sequence(seed: u64) -> String {
    let mut text = String::new();
    for (name, sampler) in samplers::<Every>(seed) {
        for (c, _) in run::<Every>(sampler.as_ref(), 15, |_, _| 1.0) {
            text.push_str(&format!("{name}: {c:?}\n"));
        }
    }
    text
}

/// Run as a child of `the_same_seed_gives_the_same_sequence_in_three_processes`: prints the
/// sequences for the seed in `HP_CONFORMANCE_SEED`.
#[test]
fn print_sequence_for_parent() {
    if let Ok(seed) = std::env::var("HP_CONFORMANCE_SEED") {
        let seed: u64 = seed.parse().unwrap();
        print!("BEGIN\n{}{}END\n", sequence(seed), constant_sequence(seed));
    }
}

fn sequence_in_child(seed: u64) -> String {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["print_sequence_for_parent", "--exact", "--nocapture", "--test-threads=1"])
        .env("HP_CONFORMANCE_SEED", seed.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let start = text.find("BEGIN\n").expect("the child printed its sequence") + 6;
    let end = text.find("END\n").unwrap();
    text[start..end].to_owned()
}

#[test]
fn the_same_seed_gives_the_same_sequence_in_three_processes() {
    let here = format!("{}{}", sequence(42), constant_sequence(42));
    for _ in 0..3 {
        assert_eq!(sequence_in_child(42), here);
    }
    let other = format!("{}{}", sequence(43), constant_sequence(43));
    for name in ["random", "sobol", "latin hypercube", "tpe", "tpe univariate", "tpe random startup"] {
        let lines = |text: &str| {
            text.lines()
                .filter(|l| l.starts_with(&format!("{name}: ")))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_ne!(lines(&here), lines(&other), "{name}: seed 43 gave seed 42's sequence");
    }
}

/// A run whose every other objective is NaN (failed trials) goes on, and its best is finite.
#[test]
fn failed_trials_never_stop_a_sampler() {
    for (name, sampler) in samplers::<Every>(5) {
        let configs =
            run::<Every>(sampler.as_ref(), 30, |c, i| if i % 2 == 0 { f64::NAN } else { objective(c, i) });
        let best =
            configs.iter().filter_map(|(_, o)| o.loss(Direction::Minimize)).fold(f64::INFINITY, f64::min);
        assert!(best.is_finite(), "{name}");
        assert!(configs.iter().filter(|(_, o)| *o == Outcome::Failed).count() >= 15, "{name}");
    }
}

#[derive(Hyperparams, Clone, Debug, PartialEq)]
struct X {
    #[hp(linear, 0.0, 1.0)]
    x: f64,
}

/// A NaN value in a history (a study never records one, it fails the trial; a history built by
/// hand may), of either sign, ranks last: TPE moves toward the finite values, never toward the NaNs.
#[test]
fn nan_values_in_a_history_never_become_best() {
    let trials: Vec<Observation> = (0..40u64)
        .map(|i| {
            let (u, value) = match i % 4 {
                0 => (0.02 + i as f64 * 0.001, f64::NAN),
                1 => (0.03 + i as f64 * 0.001, -f64::NAN),
                _ => {
                    let u = 0.7 + i as f64 * 0.005;
                    (u, (u - 0.8) * (u - 0.8))
                }
            };
            Observation::new(i, vec![u], Outcome::Complete { value })
        })
        .collect();
    let history = History::new(Direction::Minimize, &trials);
    for (name, sampler) in samplers::<X>(2) {
        let mut point = [0.0];
        let mut proposals = Vec::new();
        // A finite strategy (the grid) has fewer points than 40.
        for i in (40..60).filter(|&i| sampler.max_trials().is_none_or(|n| i < n)) {
            sampler.propose(i, &history, &mut point);
            assert!((0.0..=1.0).contains(&point[0]), "{name}: {point:?}");
            proposals.push(point[0]);
        }
        if name.starts_with("tpe") {
            let near_nan = proposals.iter().filter(|&&u| u < 0.2).count();
            assert!(
                near_nan <= 2,
                "{name}: {near_nan} of 20 proposals went to the NaN trials: {proposals:?}"
            );
        }
    }
}

/// Adds one parameter of kind `k` (0..10) named `name` to a space being built.
fn add_kind(b: &mut hp::SpaceBuilder, k: usize, name: &str) {
    use hp::{LinearScale, LinearStepScale, LogScale, ReverseLogScale};
    let n = name.to_owned();
    match k {
        0 => b.scale(n, "f64", &LinearScale::new(-10.2, 10.2).unwrap()),
        1 => b.scale(n, "f64", &LogScale::new(1e-7, 1.0).unwrap()),
        2 => b.scale(n, "f64", &ReverseLogScale::new(0.9, 0.999).unwrap()),
        3 => b.scale(n, "f64", &LinearStepScale::new(0.0, 1.0, 0.1).unwrap()),
        4 => b.scale(n, "i32", &LinearScale::new(-5i32, 5).unwrap()),
        5 => b.scale(n, "u32", &LogScale::new(1u32, 100).unwrap()),
        6 => b.scale(n, "i64", &LinearStepScale::new(0i64, 10, 2).unwrap()),
        7 => b.choice(n, "i32", &["1", "2", "3"]),
        8 => b.weighted_choice(n, "Optimizer", &["Sgd", "Momentum", "Adam"], &[1.0, 1.0, 2.0]),
        _ => {
            // An enum variant with a field of its own: a choice and a conditional child.
            b.choice(n.clone(), "Optimizer", &["Sgd", "Adam"]);
            b.enter(&n, "Adam");
            b.scale(format!("{n}.Adam.beta"), "f64", &ReverseLogScale::new(0.8, 0.99).unwrap());
            b.leave();
        }
    }
}

/// Optuna's pairs of kinds (P10), through the space model: every pair of hp's ten kinds (same kind
/// twice included), under every sampler that takes a space, gives points whose values are all in
/// their parameters' domains and active exactly where their conditions hold.
#[test]
fn every_pair_of_kinds_samples_validly() {
    const KINDS: usize = 10;
    let mut pairs = 0;
    for a in 0..KINDS {
        for b in a..KINDS {
            let mut builder = hp::SpaceBuilder::new();
            add_kind(&mut builder, a, "a");
            add_kind(&mut builder, b, "b");
            let space = builder.finish();
            let dim = space.dim();
            let samplers: Vec<(&str, Box<dyn Sampler>)> = vec![
                ("random", Box::new(Random::new(a as u64, dim))),
                ("sobol", Box::new(Sobol::new(b as u64, dim).unwrap())),
                ("tpe", Box::new(Tpe::new(7, space.clone()))),
                ("tpe univariate", Box::new(Tpe::new(7, space.clone()).multivariate(false))),
            ];
            for (name, sampler) in samplers {
                let mut trials = Vec::new();
                let mut point = vec![0.0; dim];
                for i in 0..30 {
                    sampler.propose(i, &History::new(Direction::Minimize, &trials), &mut point);
                    let values = space.values(&point);
                    for (c, (p, v)) in space.coordinates().zip(&values).enumerate() {
                        assert!((0.0..=1.0).contains(&point[c]), "kinds {a},{b} {name}: {point:?}");
                        match v {
                            Some(v) => assert!(p.contains(*v), "kinds {a},{b} {name}: {} = {v:?}", p.name()),
                            None => assert!(!space.is_active(c, &point), "kinds {a},{b} {name}"),
                        }
                    }
                    let value: f64 = point.iter().map(|u| (u - 0.3).abs()).sum();
                    trials.push(Observation::new(i, point.clone(), Outcome::Complete { value }));
                }
            }
            pairs += 1;
        }
    }
    assert_eq!(pairs, 55);
}
