//! Scale-aware nudges over many random walks (fixed seeds): every nudge stays in bounds on every
//! scale, says when it stopped at a bound, moves by the documented step, leaves every other field
//! untouched bit for bit; reverse_log values never reach 1.0; integer and other discrete
//! parameters always move unless at a bound.

use hp::panda::{NudgeError, Nudger, ParamValue, STEPS_PER_DECADE};
use hp::{Domain, Hyperparams, Param, ScaleKind};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Hyperparams, Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
enum Activation {
    Relu,
    Tanh,
    Gelu,
    Swish,
}

#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Optimizer {
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    beta: f64,
}

/// One field per kind of scale, extreme ranges included.
#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Everything {
    #[hp(log, 1e-4, 1.0)]
    log_f64: f64,
    #[hp(log, 1e-300, 1e300)]
    log_wide: f64,
    #[hp(log, 1e-3, 10)]
    log_f32: f32,
    #[hp(reverse_log, 0.9, 0.999)]
    reverse_log_f64: f64,
    #[hp(reverse_log, 0.0, 0.9999999999)]
    reverse_log_near_one: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    reverse_log_f32: f32,
    #[hp(linear, -2.5, 7.5)]
    linear_f64: f64,
    #[hp(linear, 0.0, 1.0)]
    linear_f32: f32,
    #[hp(linear, 50, 100)]
    int_linear: u32,
    #[hp(linear, 2, 4)]
    layers: usize,
    #[hp(linear, -5, 5)]
    int_signed: i8,
    #[hp(linear, 0, 18446744073709551615)]
    int_full_u64: u64,
    #[hp(log, 16, 1024)]
    int_log: u32,
    #[hp(log, 1, 1000000000000000000)]
    int_log_wide: u64,
    #[hp(linear, 0.0, 0.5, step = 0.1)]
    linear_step: f64,
    #[hp(linear, 16, 1024, step = 16)]
    int_linear_step: u32,
    #[hp(log, 16, 256, step = 2)]
    batch: usize,
    #[hp(log, 1e-4, 1.0, step = 10)]
    log_step: f64,
    #[hp(reverse_log, 0.9, 0.9999999999, step = 10)]
    reverse_log_step: f64,
    #[hp(choice(32, 64, 128))]
    choice_int: u32,
    #[hp(choice(0.1, 1, 1e1))]
    choice_float: f64,
    flag: bool,
    activation: Activation,
    opt: Optimizer,
}

/// The JSON value at a dotted path.
fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(v, |v, key| &v[key])
}

/// `v` without the value at a dotted path.
fn without(mut v: Value, path: &str) -> Value {
    let (parent, last) = path.rsplit_once('.').map_or(("", path), |(p, l)| (p, l));
    let target = if parent.is_empty() { &mut v } else { parent.split('.').fold(&mut v, |v, k| &mut v[k]) };
    target.as_object_mut().unwrap().remove(last);
    v
}

fn number(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

/// The index of the value at unit coordinate `u` among `n` equal bins (choices and grids).
fn bin(u: f64, n: u128) -> i128 {
    ((u * n as f64).floor() as i128).min(n as i128 - 1)
}

/// Checks one nudge of `param` by `steps` from `before` to `after`.
fn check(param: &Param, steps: i32, before: &Everything, n: &hp::panda::Nudged<Everything>) {
    let after = &n.config;
    let name = param.name();
    let c = param.coordinate().unwrap();
    let what = || format!("{name} by {steps:+} from {before:?}:\n  {n}");
    assert!(after.validate().is_ok(), "out of bounds: {}", what());
    let (jb, ja) = (serde_json::to_value(before).unwrap(), serde_json::to_value(after).unwrap());
    assert_eq!(without(jb.clone(), name), without(ja.clone(), name), "another field changed: {}", what());
    for field in
        ["reverse_log_f64", "reverse_log_near_one", "reverse_log_f32", "reverse_log_step", "opt.beta"]
    {
        assert!(number(at(&ja, field)) < 1.0, "{field} reached 1.0: {}", what());
    }
    let (ub, ua) = (before.to_unit()[c], after.to_unit()[c]);
    let up = steps > 0;
    // The parameter's value at its bound in the nudge's direction.
    let mut end = before.to_unit();
    end[c] = if up { 1.0 } else { 0.0 };
    let bound = Everything::from_unit(&end).to_unit()[c];
    let moved = at(&jb, name) != at(&ja, name);
    if n.clamped {
        assert_eq!(ua, bound, "clamped, but not at the bound: {}", what());
    } else {
        assert!(moved, "neither moved nor clamped: {}", what());
    }
    if ub != bound {
        assert!(moved, "not at the bound, yet did not move: {}", what());
    }
    if moved {
        assert_eq!(ua > ub, up, "moved the wrong way: {}", what());
    }
    assert_eq!(n.from_unit, ub, "{}", what());
    assert_eq!(n.to_unit.to_bits(), ua.to_bits(), "{}", what());
    if n.clamped {
        return;
    }
    let k = steps as f64;
    let tolerance = if param.type_name() == "f32" { 1e-4 } else { 1e-7 };
    match param.domain() {
        Domain::Float { scale, low, high, step: None } => {
            let (x0, x1) = (number(at(&jb, name)), number(at(&ja, name)));
            let (got, want) = match scale {
                ScaleKind::Log => (x1 / x0, 10f64.powf(k / STEPS_PER_DECADE as f64)),
                ScaleKind::ReverseLog => ((1.0 - x1) / (1.0 - x0), 10f64.powf(-k / STEPS_PER_DECADE as f64)),
                ScaleKind::Linear => ((x1 - x0) / (high - low), k / 10.0),
            };
            // 1 - x near 0.9999999999 keeps only about 6 digits in an f64.
            let tolerance = if high > 0.999999 { 1e-5 } else { tolerance };
            assert!((got / want - 1.0).abs() < tolerance, "step {got} instead of {want}: {}", what());
        }
        Domain::Int { step: None, .. } => {
            // At least one value per step.
            let (x0, x1) = (at(&jb, name), at(&ja, name));
            let delta = match (x0.as_i64(), x1.as_i64()) {
                (Some(a), Some(b)) => i128::from(b) - i128::from(a),
                _ => i128::from(x1.as_u64().unwrap()) - i128::from(x0.as_u64().unwrap()),
            };
            assert!(delta.abs() >= i128::from(steps.abs()), "moved only {delta}: {}", what());
        }
        _ => {
            // Grids and choices: exactly one value per step.
            let levels = param.levels().and_then(|l| l.count()).unwrap();
            assert_eq!(bin(ua, levels) - bin(ub, levels), i128::from(steps), "{}", what());
        }
    }
}

#[test]
fn random_walks_stay_in_bounds_on_every_scale() {
    let space = Everything::space();
    let ids: Vec<_> = space.params().iter().map(|p| (p, space.param_id(p.name()).unwrap())).collect();
    let nudger = Nudger::new();
    let mut nudges = 0;
    for seed in 0..150u64 {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut config = Everything::sample_with(&mut rng);
        for _ in 0..40 {
            let (param, id) = &ids[rng.random_range(0..ids.len())];
            let size =
                if rng.random_range(0..8) == 0 { rng.random_range(5..=60) } else { rng.random_range(1..=3) };
            let steps = if rng.random() { size } else { -size };
            let n = nudger.nudge(&config, id, steps).unwrap();
            check(param, steps, &config, &n);
            config = n.config;
            nudges += 1;
        }
    }
    assert_eq!(nudges, 6000);
}

#[test]
fn walks_to_either_end_stop_at_the_bound_and_say_so() {
    let space = Everything::space();
    let nudger = Nudger::new();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(99);
    for param in space.params() {
        let id = space.param_id(param.name()).unwrap();
        for up in [true, false] {
            let mut config = Everything::sample_with(&mut rng);
            let mut clamped = false;
            for _ in 0..3000 {
                let before = config.clone();
                let n = nudger.nudge(&config, &id, if up { 1 } else { -1 }).unwrap();
                check(param, if up { 1 } else { -1 }, &before, &n);
                config = n.config;
                if n.clamped {
                    clamped = true;
                    // Once at the bound, further nudges stay there and keep saying so.
                    let again = nudger.nudge(&config, &id, if up { 3 } else { -3 }).unwrap();
                    assert!(again.clamped && !again.moved(), "{}: {again}", param.name());
                    break;
                }
            }
            assert!(
                clamped,
                "{} never reached its {} bound in 3000 steps",
                param.name(),
                if up { "upper" } else { "lower" }
            );
        }
    }
}

#[test]
fn momentum_goes_toward_0_999_and_never_to_1() {
    let id = Optimizer::params().beta;
    let nudger = Nudger::new();
    let one = nudger.nudge(&Optimizer { lr: 0.01, beta: 0.99 }, &id, 1).unwrap();
    // 1 - β: 0.01 -> 0.01 / 10^(1/4), so β = 0.99438...
    assert!((one.config.beta - (1.0 - 0.01 / 10f64.powf(0.25))).abs() < 1e-12, "{one}");
    assert!(!one.clamped);
    assert_eq!(one.config.lr, 0.01, "the learning rate keeps its bits");
    for steps in [4, 5, 1000, i32::MAX] {
        let n = nudger.nudge(&Optimizer { lr: 0.01, beta: 0.99 }, &id, steps).unwrap();
        assert!(n.config.beta <= 0.999, "{n}");
        assert_eq!(n.clamped, steps > 4, "{n}");
    }
    let top = nudger.nudge(&Optimizer { lr: 0.01, beta: 0.999 }, &id, 1).unwrap();
    assert_eq!((top.config.beta, top.clamped, top.moved()), (0.999, true, false));
    assert_eq!(top.to, ParamValue::Float(0.999));
    assert_eq!(top.to_string(), "beta 0.999 -> 0.999 (+1 step, clamped at the bound)");
}

#[test]
fn the_learning_rate_moves_a_quarter_decade_per_step() {
    let id = Optimizer::params().lr;
    let nudger = Nudger::new();
    let n = nudger.nudge(&Optimizer { lr: 0.05, beta: 0.9 }, &id, 1).unwrap();
    assert!((n.config.lr / 0.05 - 10f64.powf(0.25)).abs() < 1e-12, "{n}");
    assert_eq!(n.config.beta, 0.9);
    assert_eq!(n.to_string(), "lr 0.05 -> 0.08891 (+1 step)");
    let coarse =
        Nudger::with_steps(1, 10).unwrap().nudge(&Optimizer { lr: 0.05, beta: 0.9 }, &id, -1).unwrap();
    assert!((coarse.config.lr - 0.005).abs() < 1e-15, "{coarse}");
}

#[test]
fn integer_nudges_always_move() {
    let space = Everything::space();
    let nudger = Nudger::new();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    for name in ["int_linear", "layers", "int_signed", "int_full_u64", "int_log", "int_log_wide"] {
        let param = space.get(name).unwrap();
        let id = space.param_id(name).unwrap();
        for _ in 0..200 {
            let config = Everything::sample_with(&mut rng);
            for steps in [1, -1] {
                let n = nudger.nudge(&config, &id, steps).unwrap();
                // Fails unless it moved, or it was at the bound already (and said so).
                check(param, steps, &config, &n);
                assert!(n.moved() || n.clamped, "{name}: {n}");
            }
        }
    }
}

#[test]
fn a_zero_step_nudge_changes_nothing_and_an_id_of_another_type_is_refused() {
    let config = Optimizer { lr: 0.05, beta: 0.95 };
    let lr = Optimizer::params().lr;
    let n = Nudger::new().nudge(&config, &lr, 0).unwrap();
    assert_eq!(n.config, config);
    assert!(!n.moved() && !n.clamped);
    // `layers` is coordinate 9 of Everything; Optimizer has 2 coordinates.
    let foreign = Everything::params().layers;
    assert_eq!(
        Nudger::new().nudge(&config, &foreign, 1).unwrap_err(),
        NudgeError::UnknownParam { name: "layers".into() }
    );
}

#[test]
fn an_invalid_config_is_refused() {
    let lr = Optimizer::params().lr;
    let err = Nudger::new().nudge(&Optimizer { lr: 5.0, beta: 0.95 }, &lr, 1).unwrap_err();
    assert!(matches!(err, NudgeError::Invalid(_)), "{err}");
}

// ---------------------------------------------------------------------------------------------
// A derived conditional space: an enum whose variants carry fields, Adam twice as likely.

#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug, PartialEq)]
enum Optim {
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

#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Conditional {
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
    optimizer: Optim,
}

#[test]
fn derived_variant_fields_nudge_when_active_and_are_refused_otherwise() {
    let p = Conditional::params();
    let nudger = Nudger::new();
    let adam = Conditional { lr: 0.01, optimizer: Optim::Adam { beta1: 0.9, beta2: 0.999 } };
    let n = nudger.nudge(&adam, &p.optimizer.Adam.beta2, 1).unwrap();
    let Optim::Adam { beta1, beta2 } = n.config.optimizer else { panic!("{n}") };
    assert_eq!((beta1, n.config.lr), (0.9, 0.01), "the other fields keep their bits");
    assert!(beta2 > 0.999 && beta2 < 0.9999, "{n}");

    let sgd = Conditional { lr: 0.01, optimizer: Optim::Sgd };
    let err = nudger.nudge(&sgd, &p.optimizer.Adam.beta2, 1).unwrap_err();
    assert_eq!(
        err,
        NudgeError::Inactive { name: "optimizer.Adam.beta2".into(), condition: "optimizer = Adam".into() }
    );

    // The variant itself moves to its neighbour, weights or not.
    let n = nudger.nudge(&sgd, &p.optimizer.variant, 2).unwrap();
    assert!(matches!(n.config.optimizer, Optim::Adam { .. }), "{n}");
    assert_eq!(n.to, ParamValue::Choice("Adam".into()));
    assert_eq!(n.config.lr, 0.01);
}
