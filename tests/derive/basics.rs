//! Runtime behaviour of `#[derive(Hyperparams)]`: every attribute form, nesting, generics and unit
//! enums, checked through the trait (`sample_with`, `from_unit`, `to_unit`, `space`, `validate`).
//! Randomness comes from a seeded `Xoshiro256PlusPlus`, so every run sees the same configs.

use hp::{Domain, Hyperparams, Param, ScaleKind, Space};
use rand::{SeedableRng, rngs::Xoshiro256PlusPlus};

/// The three unit coordinates every scale must handle at the top: 0, the largest `f64` below 1
/// (1 - 2^-53), and 1 itself.
const EDGES: [f64; 3] = [0.0, 1.0 - f64::EPSILON / 2.0, 1.0];

fn rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

fn param<'a>(space: &'a Space, name: &str) -> &'a Param {
    space.get(name).unwrap_or_else(|| panic!("no parameter `{name}` in\n{space}"))
}

fn float(scale: ScaleKind, low: f64, high: f64, step: Option<f64>) -> Domain {
    Domain::Float { scale, low, high, step }
}

fn int(scale: ScaleKind, low: i128, high: i128, step: Option<i128>) -> Domain {
    Domain::Int { scale, low, high, step }
}

fn choice(values: &[&str]) -> Domain {
    Domain::Choice { values: values.iter().map(|v| v.to_string()).collect() }
}

/// Every sampled config validates, and maps to the unit cube and back: exactly for discrete
/// fields (compared by `exact`), to a relative 1e-12 for continuous ones (by `close`).
fn round_trips<T: Hyperparams + core::fmt::Debug>(
    samples: usize,
    exact: impl Fn(&T, &T) -> bool,
    close: impl Fn(&T, &T) -> bool,
) {
    let mut rng = rng(7);
    for _ in 0..samples {
        let cfg = T::sample_with(&mut rng);
        assert!(cfg.validate().is_ok(), "{cfg:?}: {:?}", cfg.validate());
        let unit = cfg.to_unit();
        assert_eq!(unit.len(), T::DIM);
        assert!(unit.iter().all(|u| (0.0..=1.0).contains(u)), "{unit:?}");
        let back = T::from_unit(&unit);
        assert!(exact(&cfg, &back), "discrete fields changed: {cfg:?} -> {back:?}");
        assert!(close(&cfg, &back), "continuous fields moved: {cfg:?} -> {back:?}");
    }
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

// ---------------------------------------------------------------------------------------------
// The lecture's config.

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct Lecture {
    #[hp(log, 1e-4, 1.0)]
    learning_rate: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    momentum: f64,
    #[hp(linear, 50, 100)]
    hidden_units: u32,
    #[hp(linear, 2, 4)]
    layers: usize,
}

#[test]
fn lecture_space_has_names_types_domains_and_coordinates() {
    assert_eq!(Lecture::DIM, 4);
    let space = Lecture::space();
    assert_eq!(space.dim(), 4);
    let names: Vec<&str> = space.params().iter().map(|p| p.name()).collect();
    assert_eq!(names, ["learning_rate", "momentum", "hidden_units", "layers"]);
    let types: Vec<&str> = space.params().iter().map(|p| p.type_name()).collect();
    assert_eq!(types, ["f64", "f64", "u32", "usize"]);
    assert_eq!(param(&space, "learning_rate").domain(), float(ScaleKind::Log, 1e-4, 1.0, None));
    assert_eq!(param(&space, "momentum").domain(), float(ScaleKind::ReverseLog, 0.9, 0.999, None));
    assert_eq!(param(&space, "hidden_units").domain(), int(ScaleKind::Linear, 50, 100, None));
    assert_eq!(param(&space, "layers").domain(), int(ScaleKind::Linear, 2, 4, None));
    let coordinates: Vec<Option<usize>> = space.params().iter().map(|p| p.coordinate()).collect();
    assert_eq!(coordinates, [Some(0), Some(1), Some(2), Some(3)]);
    assert_eq!(param(&space, "hidden_units").levels().and_then(|l| l.count()), Some(51));
    assert_eq!(param(&space, "learning_rate").levels().and_then(|l| l.count()), None);
}

#[test]
fn lecture_samples_stay_in_bounds_validate_and_round_trip() {
    round_trips::<Lecture>(
        2000,
        |a, b| a.hidden_units == b.hidden_units && a.layers == b.layers,
        |a, b| near(a.learning_rate, b.learning_rate) && near(a.momentum, b.momentum),
    );
}

#[test]
fn lecture_from_unit_covers_the_ends_exactly() {
    let low = Lecture::from_unit(&[0.0; 4]);
    assert_eq!(low, Lecture { learning_rate: 1e-4, momentum: 0.9, hidden_units: 50, layers: 2 });
    let high = Lecture::from_unit(&[1.0; 4]);
    assert_eq!(high, Lecture { learning_rate: 1.0, momentum: 0.999, hidden_units: 100, layers: 4 });
    for u in EDGES {
        let cfg = Lecture::from_unit(&[u; 4]);
        assert!(cfg.validate().is_ok(), "u = {u}: {cfg:?}");
    }
    // The middle of the unit interval is the middle decade of α and 1 - β = 10^-2.
    let mid = Lecture::from_unit(&[0.5; 4]);
    assert!(near(mid.learning_rate, 1e-2) || (mid.learning_rate - 1e-2).abs() < 1e-15);
    assert!((mid.momentum - 0.99).abs() < 1e-12);
}

#[test]
fn lecture_sampling_is_reproducible_with_a_seed() {
    let a: Vec<Lecture> = {
        let mut r = rng(42);
        (0..50).map(|_| Lecture::sample_with(&mut r)).collect()
    };
    let b: Vec<Lecture> = {
        let mut r = rng(42);
        (0..50).map(|_| Lecture::sample_with(&mut r)).collect()
    };
    assert_eq!(a, b);
    let c = Lecture::sample_with(&mut rng(43));
    assert_ne!(a[0], c);
}

#[test]
fn lecture_log_scale_gives_each_decade_a_quarter() {
    let mut r = rng(3);
    let mut decades = [0usize; 4];
    let n = 40_000;
    for _ in 0..n {
        let lr = Lecture::sample_with(&mut r).learning_rate;
        let decade = (-lr.log10()).floor().clamp(0.0, 3.0) as usize;
        decades[decade] += 1;
    }
    for count in decades {
        let share = count as f64 / n as f64;
        assert!((share - 0.25).abs() < 0.015, "{decades:?}");
    }
}

#[test]
fn validate_names_field_value_and_range() {
    let mut cfg = Lecture::from_unit(&[0.5; 4]);
    cfg.learning_rate = 2.0;
    let error = cfg.validate().unwrap_err();
    assert_eq!(error.errors().len(), 1);
    let e = &error.errors()[0];
    assert_eq!(
        (e.field.as_str(), e.value.as_str(), e.allowed.as_str()),
        ("learning_rate", "2.0", "log [0.0001, 1.0]")
    );
    assert_eq!(error.to_string(), "`learning_rate` = 2.0 is outside its space: log [0.0001, 1.0]");

    cfg.learning_rate = f64::NAN;
    assert_eq!(cfg.validate().unwrap_err().errors()[0].value, "NaN");

    let cfg = Lecture { learning_rate: 1e-4, momentum: 0.9995, hidden_units: 50, layers: 2 };
    let e = cfg.validate().unwrap_err().errors()[0].clone();
    assert_eq!((e.field.as_str(), e.value.as_str()), ("momentum", "0.9995"));
    assert_eq!(e.allowed, "reverse_log [0.9, 0.999]");

    let cfg = Lecture { learning_rate: 1e-4, momentum: 0.9, hidden_units: 101, layers: 2 };
    let e = cfg.validate().unwrap_err().errors()[0].clone();
    assert_eq!(
        (e.field.as_str(), e.value.as_str(), e.allowed.as_str()),
        ("hidden_units", "101", "linear [50, 100]")
    );

    let cfg = Lecture { learning_rate: 1e-4, momentum: 0.9, hidden_units: 50, layers: 1 };
    let e = cfg.validate().unwrap_err().errors()[0].clone();
    assert_eq!((e.field.as_str(), e.value.as_str(), e.allowed.as_str()), ("layers", "1", "linear [2, 4]"));
}

#[test]
fn validate_reports_every_bad_field_in_order() {
    let cfg = Lecture { learning_rate: 0.0, momentum: 1.0, hidden_units: 7, layers: 9 };
    let error = cfg.validate().unwrap_err();
    let fields: Vec<&str> = error.errors().iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["learning_rate", "momentum", "hidden_units", "layers"]);
    let text = error.to_string();
    assert!(text.starts_with("4 fields are outside their space:"), "{text}");
    assert!(text.contains("`layers` = 9 is outside its space: linear [2, 4]"), "{text}");
}

#[test]
#[should_panic(expected = "Lecture::from_unit takes 4 unit-cube coordinates (its DIM), got 3")]
fn from_unit_panics_on_a_point_of_the_wrong_length() {
    let _ = Lecture::from_unit(&[0.5; 3]);
}

#[test]
fn try_from_unit_checks_length_and_range() {
    assert_eq!(
        Lecture::try_from_unit(&[0.5; 5]).unwrap_err(),
        hp::UnitError::Dimension { expected: 4, found: 5 }
    );
    assert_eq!(
        Lecture::try_from_unit(&[0.5, 1.5, 0.5, 0.5]).unwrap_err(),
        hp::UnitError::OutsideUnit { index: 1, value: 1.5 }
    );
    assert!(Lecture::try_from_unit(&[0.25; 4]).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Literal forms and float fields.

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct Literals {
    #[hp(linear, -1.5, 2.5e0)]
    negative_low: f64,
    #[hp(linear, 1, 10)]
    int_literals_on_float: f64,
    #[hp(log, 1e-6, 1)]
    exponent: f64,
    #[hp(linear, -10, -2)]
    negative_ints: i32,
    #[hp(linear, -0.5, 0.5)]
    single: f32,
    #[hp(log, 1e-3, 1e3)]
    single_log: f32,
    #[hp(reverse_log, 0.9, 0.999)]
    single_momentum: f32,
    #[hp(linear, 1_000, 0x2000)]
    digits: u32,
    #[hp(linear, 0.25f64, 0.75f64)]
    suffixed: f64,
    #[hp(linear, 1, 2)]
    r#type: u8,
}

#[test]
fn literals_keep_their_values_in_the_space() {
    let space = Literals::space();
    assert_eq!(param(&space, "negative_low").domain(), float(ScaleKind::Linear, -1.5, 2.5, None));
    assert_eq!(param(&space, "int_literals_on_float").domain(), float(ScaleKind::Linear, 1.0, 10.0, None));
    assert_eq!(param(&space, "exponent").domain(), float(ScaleKind::Log, 1e-6, 1.0, None));
    assert_eq!(param(&space, "negative_ints").domain(), int(ScaleKind::Linear, -10, -2, None));
    // f32 bounds are the f32 nearest the literal, widened.
    let (low, high) = (f64::from(-0.5f32), f64::from(0.5f32));
    assert_eq!(param(&space, "single").domain(), float(ScaleKind::Linear, low, high, None));
    let (low, high) = (f64::from(1e-3f32), f64::from(1e3f32));
    assert_eq!(param(&space, "single_log").domain(), float(ScaleKind::Log, low, high, None));
    let (low, high) = (f64::from(0.9f32), f64::from(0.999f32));
    assert_eq!(param(&space, "single_momentum").domain(), float(ScaleKind::ReverseLog, low, high, None));
    assert_eq!(param(&space, "digits").domain(), int(ScaleKind::Linear, 1000, 0x2000, None));
    assert_eq!(param(&space, "suffixed").domain(), float(ScaleKind::Linear, 0.25, 0.75, None));
    // A raw identifier is named without its `r#`.
    assert_eq!(param(&space, "type").type_name(), "u8");
    let types: Vec<&str> = space.params().iter().map(|p| p.type_name()).collect();
    assert_eq!(types, ["f64", "f64", "f64", "i32", "f32", "f32", "f32", "u32", "f64", "u8"]);
}

#[test]
fn literals_from_unit_hits_both_ends() {
    let low = Literals::from_unit(&[0.0; 10]);
    assert_eq!((low.negative_low, low.int_literals_on_float, low.exponent), (-1.5, 1.0, 1e-6));
    assert_eq!((low.negative_ints, low.single, low.single_log, low.single_momentum), (-10, -0.5, 1e-3, 0.9));
    assert_eq!((low.digits, low.suffixed, low.r#type), (1000, 0.25, 1));
    let high = Literals::from_unit(&[1.0; 10]);
    assert_eq!((high.negative_low, high.int_literals_on_float, high.exponent), (2.5, 10.0, 1.0));
    assert_eq!(
        (high.negative_ints, high.single, high.single_log, high.single_momentum),
        (-2, 0.5, 1e3, 0.999)
    );
    assert_eq!((high.digits, high.suffixed, high.r#type), (0x2000, 0.75, 2));
    for u in EDGES {
        let cfg = Literals::from_unit(&[u; 10]);
        assert!(cfg.validate().is_ok(), "u = {u}: {cfg:?}");
        // 1.0 is never reached by a reverse-log f32, not even after narrowing.
        assert!(cfg.single_momentum < 1.0);
    }
}

#[test]
fn literals_round_trip() {
    round_trips::<Literals>(
        2000,
        |a, b| a.negative_ints == b.negative_ints && a.digits == b.digits && a.r#type == b.r#type,
        |a, b| {
            let close32 = |x: f32, y: f32| (x - y).abs() <= 1e-6 * x.abs().max(y.abs());
            near(a.negative_low, b.negative_low)
                && near(a.int_literals_on_float, b.int_literals_on_float)
                && near(a.exponent, b.exponent)
                && near(a.suffixed, b.suffixed)
                && close32(a.single, b.single)
                && close32(a.single_log, b.single_log)
                && close32(a.single_momentum, b.single_momentum)
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Every integer type.

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct Ints {
    #[hp(linear, 0, 255)]
    a: u8,
    #[hp(linear, 1, 60000)]
    b: u16,
    #[hp(log, 1, 4000000000)]
    c: u32,
    #[hp(linear, 0, 18446744073709551615)]
    d: u64,
    #[hp(log, 1, 1000)]
    e: usize,
    #[hp(linear, -128, 127)]
    f: i8,
    #[hp(linear, -300, 300)]
    g: i16,
    #[hp(log, 1, 100000)]
    h: i32,
    #[hp(linear, -9223372036854775808, 9223372036854775807)]
    i: i64,
    #[hp(linear, -5, 5)]
    j: isize,
}

#[test]
fn every_integer_type_reaches_its_bounds() {
    let low = Ints::from_unit(&[0.0; 10]);
    assert_eq!(low, Ints { a: 0, b: 1, c: 1, d: 0, e: 1, f: -128, g: -300, h: 1, i: i64::MIN, j: -5 });
    let high = Ints::from_unit(&[1.0; 10]);
    let max = Ints {
        a: 255,
        b: 60000,
        c: 4_000_000_000,
        d: u64::MAX,
        e: 1000,
        f: 127,
        g: 300,
        h: 100_000,
        i: i64::MAX,
        j: 5,
    };
    assert_eq!(high, max);
    for u in EDGES {
        let cfg = Ints::from_unit(&[u; 10]);
        assert!(cfg.validate().is_ok(), "u = {u}: {cfg:?}");
    }
    let mut r = rng(11);
    for _ in 0..5000 {
        let cfg = Ints::sample_with(&mut r);
        assert!(cfg.validate().is_ok(), "{cfg:?}");
    }
    let space = Ints::space();
    assert_eq!(param(&space, "d").domain(), int(ScaleKind::Linear, 0, u64::MAX.into(), None));
    assert_eq!(param(&space, "i").domain(), int(ScaleKind::Linear, i64::MIN.into(), i64::MAX.into(), None));
    assert_eq!(param(&space, "c").domain(), int(ScaleKind::Log, 1, 4_000_000_000, None));
    let types: Vec<&str> = space.params().iter().map(|p| p.type_name()).collect();
    assert_eq!(types, ["u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize"]);
}

#[test]
fn small_integer_ranges_round_trip_exactly() {
    round_trips::<Ints>(
        2000,
        // The 64-bit full ranges have more values than an f64 can tell apart in [0, 1].
        |a, b| (a.a, a.b, a.c, a.e, a.f, a.g, a.h, a.j) == (b.a, b.b, b.c, b.e, b.f, b.g, b.h, b.j),
        |_, _| true,
    );
}

#[test]
fn integer_linear_scales_give_equal_weight_to_the_ends() {
    let mut r = rng(5);
    let mut counts = [0usize; 11];
    let n = 55_000;
    for _ in 0..n {
        counts[(Ints::sample_with(&mut r).j + 5) as usize] += 1;
    }
    // 5000 expected per value; the ends are not halved as rounding a uniform draw would.
    for count in counts {
        assert!((4700..5300).contains(&count), "{counts:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Steps.

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct Steps {
    #[hp(linear, 0.0, 0.5, step = 0.1)]
    dropout: f64,
    #[hp(linear, 16, 1024, step = 16)]
    width: u32,
    #[hp(log, 16, 1024, step = 2)]
    batch: usize,
    #[hp(log, 1e-4, 1.0, step = 10)]
    lr: f64,
    #[hp(reverse_log, 0.9, 0.999, step = 10)]
    beta: f64,
    #[hp(linear, -1.0, 1.0, step = 0.25)]
    shift: f32,
    #[hp(linear, -10, 10, step = 5)]
    offset: i64,
}

/// Every value a coordinate takes, read at the centre of each of its `levels` bins.
fn grid_values<T: Hyperparams, V: PartialEq>(
    coordinate: usize,
    levels: usize,
    get: impl Fn(&T) -> V,
) -> Vec<V> {
    let mut values: Vec<V> = Vec::new();
    for k in 0..levels {
        let mut point = vec![0.5; T::DIM];
        point[coordinate] = (k as f64 + 0.5) / levels as f64;
        let v = get(&T::from_unit(&point));
        if !values.contains(&v) {
            values.push(v);
        }
    }
    values
}

#[test]
fn step_scales_take_their_grid_values() {
    assert_eq!(grid_values::<Steps, _>(1, 64, |s| s.width), (1..=64).map(|k| 16 * k).collect::<Vec<u32>>());
    assert_eq!(grid_values::<Steps, _>(2, 7, |s| s.batch), [16, 32, 64, 128, 256, 512, 1024]);
    assert_eq!(grid_values::<Steps, _>(6, 5, |s| s.offset), [-10, -5, 0, 5, 10]);
    let dropout = grid_values::<Steps, _>(0, 6, |s| s.dropout);
    for (got, want) in dropout.iter().zip([0.0, 0.1, 0.2, 0.3, 0.4, 0.5]) {
        assert!((got - want).abs() < 1e-15, "{dropout:?}");
    }
    assert_eq!(dropout.len(), 6);
    let lr = grid_values::<Steps, _>(3, 5, |s| s.lr);
    for (got, want) in lr.iter().zip([1e-4, 1e-3, 1e-2, 1e-1, 1.0]) {
        assert!(near(*got, want) || (got - want).abs() < 1e-18, "{lr:?}");
    }
    let beta = grid_values::<Steps, _>(4, 3, |s| s.beta);
    for (got, want) in beta.iter().zip([0.9, 0.99, 0.999]) {
        assert!((got - want).abs() < 1e-12, "{beta:?}");
    }
    assert_eq!(
        grid_values::<Steps, _>(5, 9, |s| s.shift),
        [-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0]
    );
}

#[test]
fn step_scales_describe_their_step_and_levels() {
    let space = Steps::space();
    assert_eq!(param(&space, "dropout").domain(), float(ScaleKind::Linear, 0.0, 0.5, Some(0.1)));
    assert_eq!(param(&space, "width").domain(), int(ScaleKind::Linear, 16, 1024, Some(16)));
    assert_eq!(param(&space, "batch").domain(), int(ScaleKind::Log, 16, 1024, Some(2)));
    assert_eq!(param(&space, "lr").domain(), float(ScaleKind::Log, 1e-4, 1.0, Some(10.0)));
    assert_eq!(param(&space, "beta").domain(), float(ScaleKind::ReverseLog, 0.9, 0.999, Some(10.0)));
    assert_eq!(param(&space, "shift").domain(), float(ScaleKind::Linear, -1.0, 1.0, Some(0.25)));
    assert_eq!(param(&space, "offset").domain(), int(ScaleKind::Linear, -10, 10, Some(5)));
    let levels: Vec<Option<u128>> =
        space.params().iter().map(|p| p.levels().and_then(|l| l.count())).collect();
    assert_eq!(levels, [Some(6), Some(64), Some(7), Some(5), Some(3), Some(9), Some(5)]);
}

#[test]
fn step_scales_round_trip_exactly_and_reject_off_grid_values() {
    round_trips::<Steps>(2000, |a, b| a == b, |_, _| true);
    let mut cfg = Steps::from_unit(&[0.0; 7]);
    cfg.width = 17;
    cfg.batch = 100;
    let error = cfg.validate().unwrap_err();
    let got: Vec<(&str, &str, &str)> =
        error.errors().iter().map(|e| (e.field.as_str(), e.value.as_str(), e.allowed.as_str())).collect();
    assert_eq!(
        got,
        [("width", "17", "linear [16, 1024] step 16"), ("batch", "100", "log [16, 1024] step 2")]
    );
}

// ---------------------------------------------------------------------------------------------
// Choices.

#[derive(Hyperparams, Debug, Clone, Copy, PartialEq, Eq)]
enum Activation {
    Relu,
    Tanh,
    Gelu,
}

const DEFAULT_EPOCHS: u32 = 30;

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct Choices {
    #[hp(choice(32, 64, 128))]
    units: u32,
    #[hp(choice(-1, 0, 1))]
    sign: i8,
    #[hp(choice(0.1, 1, 1e1))]
    scale: f64,
    #[hp(choice(-0.5, 0.25))]
    single: f32,
    #[hp(choice(true, false))]
    flag: bool,
    #[hp(choice("adam", "sgd", "rmsprop"))]
    optimizer: &'static str,
    #[hp(choice(Activation::Relu, Activation::Gelu))]
    activation: Activation,
    #[hp(choice(DEFAULT_EPOCHS, 7))]
    epochs: u32,
    #[hp(choice("only"))]
    single_value: &'static str,
}

#[test]
fn choices_describe_their_values_as_written() {
    assert_eq!(Choices::DIM, 9);
    let space = Choices::space();
    assert_eq!(param(&space, "units").domain(), choice(&["32", "64", "128"]));
    assert_eq!(param(&space, "sign").domain(), choice(&["-1", "0", "1"]));
    assert_eq!(param(&space, "scale").domain(), choice(&["0.1", "1", "1e1"]));
    assert_eq!(param(&space, "single").domain(), choice(&["-0.5", "0.25"]));
    assert_eq!(param(&space, "flag").domain(), choice(&["true", "false"]));
    assert_eq!(param(&space, "optimizer").domain(), choice(&["adam", "sgd", "rmsprop"]));
    assert_eq!(param(&space, "activation").domain(), choice(&["Activation::Relu", "Activation::Gelu"]));
    assert_eq!(param(&space, "epochs").domain(), choice(&["DEFAULT_EPOCHS", "7"]));
    assert_eq!(param(&space, "single_value").domain(), choice(&["only"]));
    assert_eq!(param(&space, "optimizer").type_name(), "&'static str");
    assert_eq!(param(&space, "activation").type_name(), "Activation");
    assert_eq!(param(&space, "units").levels().and_then(|l| l.count()), Some(3));
}

#[test]
fn choices_map_the_unit_interval_to_their_values_in_order() {
    let first = Choices::from_unit(&[0.0; 9]);
    let last = Choices::from_unit(&[1.0; 9]);
    assert_eq!((first.units, first.sign, first.scale, first.single), (32, -1, 0.1, -0.5));
    assert_eq!((last.units, last.sign, last.scale, last.single), (128, 1, 10.0, 0.25));
    assert_eq!(
        (first.flag, first.optimizer, first.activation, first.epochs),
        (true, "adam", Activation::Relu, 30)
    );
    assert_eq!(
        (last.flag, last.optimizer, last.activation, last.epochs),
        (false, "rmsprop", Activation::Gelu, 7)
    );
    assert_eq!((first.single_value, last.single_value), ("only", "only"));
    let mid = Choices::from_unit(&[0.5; 9]);
    assert_eq!((mid.units, mid.sign, mid.scale, mid.optimizer), (64, 0, 1.0, "sgd"));
    for u in EDGES {
        assert!(Choices::from_unit(&[u; 9]).validate().is_ok());
    }
}

#[test]
fn choices_round_trip_exactly_and_have_equal_weights() {
    round_trips::<Choices>(2000, |a, b| a == b, |_, _| true);
    let mut r = rng(9);
    let mut counts = [0usize; 3];
    let n = 30_000;
    for _ in 0..n {
        let cfg = Choices::sample_with(&mut r);
        counts[["adam", "sgd", "rmsprop"].iter().position(|o| *o == cfg.optimizer).unwrap()] += 1;
    }
    for count in counts {
        assert!((9500..10500).contains(&count), "{counts:?}");
    }
}

#[test]
fn choices_reject_values_outside_the_list() {
    let mut cfg = Choices::from_unit(&[0.0; 9]);
    cfg.optimizer = "adagrad";
    cfg.activation = Activation::Tanh;
    cfg.scale = 0.2;
    cfg.epochs = 8;
    let error = cfg.validate().unwrap_err();
    let got: Vec<(&str, &str, &str)> =
        error.errors().iter().map(|e| (e.field.as_str(), e.value.as_str(), e.allowed.as_str())).collect();
    assert_eq!(
        got,
        [
            ("scale", "0.2", "choice {0.1, 1, 1e1}"),
            ("optimizer", "\"adagrad\"", "choice {adam, sgd, rmsprop}"),
            ("activation", "Tanh", "choice {Activation::Relu, Activation::Gelu}"),
            ("epochs", "8", "choice {DEFAULT_EPOCHS, 7}"),
        ]
    );
    // A value outside the list maps to the first value's bin, inside the unit interval.
    let unit = cfg.to_unit();
    assert_eq!(unit[5], 1.0 / 6.0);
}

/// String choices in a `String` field: a config that serde can read back owned (a study's).
#[derive(Hyperparams, Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Owned {
    #[hp(choice("adam", "sgd", "rmsprop"))]
    optimizer: String,
    #[hp(fixed = "resnet")]
    arch: String,
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
}

#[test]
fn string_fields_take_string_choices_like_static_strs() {
    let space = Owned::space();
    assert_eq!(param(&space, "optimizer").domain(), choice(&["adam", "sgd", "rmsprop"]));
    assert_eq!(param(&space, "optimizer").type_name(), "String");
    let (first, last) = (Owned::from_unit(&[0.0, 0.5]), Owned::from_unit(&[1.0, 0.5]));
    assert_eq!((first.optimizer.as_str(), last.optimizer.as_str()), ("adam", "rmsprop"));
    assert_eq!((first.arch.as_str(), Owned::from_unit(&[0.5, 0.5]).optimizer.as_str()), ("resnet", "sgd"));
    for u in EDGES {
        assert!(Owned::from_unit(&[u, u]).validate().is_ok());
    }
    round_trips::<Owned>(2000, |a, b| a == b, |_, _| true);
    let mut r = rng(9);
    let mut counts = [0usize; 3];
    for _ in 0..30_000 {
        let cfg = Owned::sample_with(&mut r);
        counts[["adam", "sgd", "rmsprop"].iter().position(|o| *o == cfg.optimizer).unwrap()] += 1;
    }
    assert!(counts.iter().all(|c| (9500..10500).contains(c)), "{counts:?}");
    // Read back from JSON as a study reads its records, owned: no lifetime ties it to the text.
    let json = serde_json::to_string(&last).unwrap();
    let back: Owned = serde_json::from_str::<Owned>(&json.clone()).unwrap();
    assert_eq!(back, last);
    // Values outside the list or beside the fixed one are reported with the field's name.
    let mut cfg = first.clone();
    cfg.optimizer = "adagrad".into();
    cfg.arch = "vgg".into();
    let error = cfg.validate().unwrap_err();
    let got: Vec<(&str, &str, &str)> =
        error.errors().iter().map(|e| (e.field.as_str(), e.value.as_str(), e.allowed.as_str())).collect();
    assert_eq!(
        got,
        [("optimizer", "\"adagrad\"", "choice {adam, sgd, rmsprop}"), ("arch", "\"vgg\"", "fixed resnet")]
    );
}

// ---------------------------------------------------------------------------------------------
// Fixed and skipped fields.

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct Run {
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
    #[hp(fixed = 10)]
    epochs: u32,
    #[hp(fixed = "resnet")]
    arch: &'static str,
    #[hp(fixed = -0.5)]
    bias: f64,
    #[hp(fixed = Activation::Tanh)]
    activation: Activation,
    #[hp(fixed = true)]
    shuffle: bool,
    #[hp(skip)]
    name: String,
    #[hp(skip)]
    seed: Option<u64>,
}

#[test]
fn fixed_fields_are_constant_and_take_no_coordinate() {
    assert_eq!(Run::DIM, 1);
    let cfg = Run::from_unit(&[0.5]);
    assert_eq!(
        (cfg.epochs, cfg.arch, cfg.bias, cfg.activation, cfg.shuffle),
        (10, "resnet", -0.5, Activation::Tanh, true)
    );
    let sampled = Run::sample_with(&mut rng(1));
    assert_eq!((sampled.epochs, sampled.arch, sampled.bias), (10, "resnet", -0.5));
    assert_eq!(cfg.to_unit().len(), 1);
    let space = Run::space();
    assert_eq!(space.params().len(), 6);
    assert_eq!(space.dim(), 1);
    let epochs = param(&space, "epochs");
    assert_eq!((epochs.coordinate(), epochs.type_name()), (None, "u32"));
    assert_eq!(epochs.domain(), Domain::Fixed { value: "10".into() });
    assert_eq!(param(&space, "arch").domain(), Domain::Fixed { value: "resnet".into() });
    assert_eq!(param(&space, "bias").domain(), Domain::Fixed { value: "-0.5".into() });
    assert_eq!(param(&space, "activation").domain(), Domain::Fixed { value: "Activation::Tanh".into() });
    assert_eq!(param(&space, "shuffle").domain(), Domain::Fixed { value: "true".into() });
}

#[test]
fn skipped_fields_are_default_and_never_validated() {
    let mut cfg = Run::sample_with(&mut rng(2));
    assert_eq!((cfg.name.as_str(), cfg.seed), ("", None));
    assert!(Run::space().get("name").is_none() && Run::space().get("seed").is_none());
    cfg.name = "anything".into();
    cfg.seed = Some(99);
    assert!(cfg.validate().is_ok());
    assert_eq!(Run::from_unit(&cfg.to_unit()).lr, cfg.lr);
}

#[test]
fn fixed_fields_reject_other_values() {
    let mut cfg = Run::from_unit(&[0.5]);
    cfg.epochs = 11;
    cfg.arch = "vgg";
    cfg.activation = Activation::Relu;
    let error = cfg.validate().unwrap_err();
    let got: Vec<(&str, &str, &str)> =
        error.errors().iter().map(|e| (e.field.as_str(), e.value.as_str(), e.allowed.as_str())).collect();
    assert_eq!(
        got,
        [
            ("epochs", "11", "fixed 10"),
            ("arch", "\"vgg\"", "fixed resnet"),
            ("activation", "Relu", "fixed Activation::Tanh")
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Nested configs, bool fields and unit enums.

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct Optimizer {
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    beta: f64,
}

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct Model {
    #[hp(linear, 1, 8)]
    layers: u8,
    optimizer: Optimizer,
    warmup: bool,
    activation: Activation,
    #[hp(fixed = 3)]
    heads: u32,
}

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct Experiment {
    model: Model,
    #[hp(linear, 0.0, 0.5)]
    dropout: f64,
}

#[test]
fn nested_configs_have_dotted_names_and_consecutive_coordinates() {
    assert_eq!(Model::DIM, 1 + 2 + 1 + 1);
    assert_eq!(Experiment::DIM, Model::DIM + 1);
    let space = Experiment::space();
    let names: Vec<(&str, Option<usize>)> =
        space.params().iter().map(|p| (p.name(), p.coordinate())).collect();
    assert_eq!(
        names,
        [
            ("model.layers", Some(0)),
            ("model.optimizer.lr", Some(1)),
            ("model.optimizer.beta", Some(2)),
            ("model.warmup", Some(3)),
            ("model.activation", Some(4)),
            ("model.heads", None),
            ("dropout", Some(5)),
        ]
    );
    assert_eq!(param(&space, "model.warmup").domain(), choice(&["false", "true"]));
    assert_eq!(param(&space, "model.warmup").type_name(), "bool");
    assert_eq!(param(&space, "model.activation").domain(), choice(&["Relu", "Tanh", "Gelu"]));
    assert_eq!(param(&space, "model.activation").type_name(), "Activation");
    assert_eq!(param(&space, "model.optimizer.lr").domain(), float(ScaleKind::Log, 1e-4, 1.0, None));
}

#[test]
fn nested_configs_read_their_own_slice_of_the_point() {
    let point = [0.0, 1.0, 0.0, 0.9, 0.5, 1.0];
    let cfg = Experiment::from_unit(&point);
    assert_eq!(cfg.model.layers, 1);
    assert_eq!(cfg.model.optimizer, Optimizer::from_unit(&point[1..3]));
    assert_eq!(cfg.model.optimizer, Optimizer { lr: 1.0, beta: 0.9 });
    assert!(cfg.model.warmup);
    assert_eq!(cfg.model.activation, Activation::Tanh);
    assert_eq!(cfg.model.heads, 3);
    assert_eq!(cfg.dropout, 0.5);
    let unit = cfg.to_unit();
    assert_eq!(unit[..3], [1.0 / 16.0, 1.0, 0.0]);
    assert_eq!(unit[3..5], [0.75, 0.5]);
    assert_eq!(unit[5], 1.0);
    round_trips::<Experiment>(
        2000,
        |a, b| {
            (a.model.layers, a.model.warmup, a.model.activation, a.model.heads)
                == (b.model.layers, b.model.warmup, b.model.activation, b.model.heads)
        },
        |a, b| {
            near(a.model.optimizer.lr, b.model.optimizer.lr)
                && near(a.model.optimizer.beta, b.model.optimizer.beta)
                && (a.dropout - b.dropout).abs() < 1e-15
        },
    );
}

#[test]
fn nested_validation_errors_carry_the_dotted_path() {
    let mut cfg = Experiment::from_unit(&[0.5; 6]);
    cfg.model.optimizer.lr = 3.0;
    cfg.model.heads = 4;
    cfg.dropout = -0.1;
    let error = cfg.validate().unwrap_err();
    let got: Vec<(&str, &str, &str)> =
        error.errors().iter().map(|e| (e.field.as_str(), e.value.as_str(), e.allowed.as_str())).collect();
    assert_eq!(
        got,
        [
            ("model.optimizer.lr", "3.0", "log [0.0001, 1.0]"),
            ("model.heads", "4", "fixed 3"),
            ("dropout", "-0.1", "linear [0.0, 0.5]"),
        ]
    );
}

#[test]
fn unit_enums_are_an_equal_weight_choice() {
    assert_eq!(Activation::DIM, 1);
    let space = Activation::space();
    assert_eq!(space.params().len(), 1);
    let p = &space.params()[0];
    assert_eq!(
        (p.name(), p.type_name(), p.coordinate(), p.levels().and_then(|l| l.count())),
        ("variant", "Activation", Some(0), Some(3))
    );
    assert_eq!(p.domain(), choice(&["Relu", "Tanh", "Gelu"]));
    assert_eq!(Activation::from_unit(&[0.0]), Activation::Relu);
    assert_eq!(Activation::from_unit(&[0.5]), Activation::Tanh);
    assert_eq!(Activation::from_unit(&[1.0 - f64::EPSILON / 2.0]), Activation::Gelu);
    assert_eq!(Activation::from_unit(&[1.0]), Activation::Gelu);
    for a in [Activation::Relu, Activation::Tanh, Activation::Gelu] {
        assert_eq!(Activation::from_unit(&a.to_unit()), a);
        assert!(a.validate().is_ok());
    }
    let mut r = rng(4);
    let mut counts = [0usize; 3];
    for _ in 0..30_000 {
        counts[Activation::sample_with(&mut r) as usize] += 1;
    }
    for count in counts {
        assert!((9500..10500).contains(&count), "{counts:?}");
    }
}

#[derive(Hyperparams, Debug, PartialEq)]
enum Only {
    One,
}

#[test]
fn a_single_variant_enum_still_takes_a_coordinate() {
    assert_eq!(Only::DIM, 1);
    assert_eq!(Only::sample_with(&mut rng(1)), Only::One);
    assert_eq!(Only::from_unit(&[0.7]), Only::One);
    assert_eq!(Only::One.to_unit(), [0.5]);
}

#[derive(Hyperparams, Debug, PartialEq)]
#[allow(non_camel_case_types)]
enum Keyword {
    r#Self2,
    r#match,
}

#[test]
fn variant_labels_drop_the_raw_prefix() {
    assert_eq!(Keyword::space().params()[0].domain(), choice(&["Self2", "match"]));
    assert_eq!(Keyword::from_unit(&[1.0]), Keyword::r#match);
}

#[derive(Hyperparams, Debug, PartialEq)]
struct Empty {}

#[test]
fn a_struct_without_fields_has_an_empty_space() {
    assert_eq!(Empty::DIM, 0);
    assert_eq!(Empty::from_unit(&[]), Empty {});
    assert!(Empty::space().params().is_empty());
    assert!(Empty {}.to_unit().is_empty() && Empty {}.validate().is_ok());
}

#[test]
#[should_panic(expected = "Activation::from_unit takes 1 unit-cube coordinate (its DIM), got 2")]
fn unit_enum_from_unit_panics_on_the_wrong_length() {
    let _ = Activation::from_unit(&[0.5, 0.5]);
}

// ---------------------------------------------------------------------------------------------
// Generics.

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct Search<O> {
    #[hp(linear, 1, 4)]
    layers: u32,
    optimizer: O,
    #[hp(skip)]
    history: Vec<O>,
}

#[derive(Hyperparams, Debug, Clone, PartialEq)]
struct Tagged<'a, T, const N: usize>
where
    T: Clone,
{
    inner: T,
    #[hp(choice("a", "b"))]
    tag: &'a str,
    #[hp(skip)]
    marker: core::marker::PhantomData<[u8; N]>,
}

#[test]
fn generic_structs_bound_their_nested_type_parameters() {
    assert_eq!(Search::<Optimizer>::DIM, 3);
    assert_eq!(Search::<bool>::DIM, 2);
    let space = Search::<Optimizer>::space();
    let names: Vec<&str> = space.params().iter().map(|p| p.name()).collect();
    assert_eq!(names, ["layers", "optimizer.lr", "optimizer.beta"]);
    let cfg = Search::<Optimizer>::from_unit(&[1.0, 0.0, 1.0]);
    assert_eq!(
        cfg,
        Search { layers: 4, optimizer: Optimizer { lr: 1e-4, beta: 0.999 }, history: Vec::new() }
    );
    round_trips::<Search<Activation>>(500, |a, b| a == b, |_, _| true);
    let mut bad = Search::<Optimizer>::from_unit(&[0.5; 3]);
    bad.optimizer.beta = 0.5;
    assert_eq!(bad.validate().unwrap_err().errors()[0].field, "optimizer.beta");

    type T2 = Tagged<'static, Search<bool>, 4>;
    assert_eq!(T2::DIM, 3);
    let cfg = T2::from_unit(&[0.0, 1.0, 1.0]);
    assert_eq!((cfg.inner.layers, cfg.inner.optimizer, cfg.tag), (1, true, "b"));
    let names: Vec<String> = T2::space().params().iter().map(|p| p.name().to_owned()).collect();
    assert_eq!(names, ["inner.layers", "inner.optimizer", "tag"]);
}

// ---------------------------------------------------------------------------------------------
// Grid points per field.

#[derive(Hyperparams, Debug)]
struct Gridded {
    #[hp(log, 1e-4, 1.0, grid = 9)]
    lr: f64,
    #[hp(linear, 1, 100, step = 1, grid = 4)]
    units: u32,
    #[hp(reverse_log, 0.9, 0.999)]
    beta: f64,
}

#[test]
fn grid_points_are_recorded_per_field() {
    let space = Gridded::space();
    let grids: Vec<Option<u32>> = space.params().iter().map(|p| p.grid()).collect();
    assert_eq!(grids, [Some(9), Some(4), None]);
    assert_eq!(Gridded::DIM, 3);
    assert!(Gridded::sample_with(&mut rng(1)).validate().is_ok());
}

/// The lecture's space with its bounds by name, as an Optuna user writes them.
#[derive(Hyperparams, Debug, PartialEq)]
struct Named {
    #[hp(log, low = 1e-4, high = 1.0)]
    lr: f64,
    #[hp(reverse_log, low = 0.9, high = 0.999, step = 10)]
    beta: f64,
    #[hp(linear, low = 50, high = 100, grid = 6)]
    hidden_units: u32,
}

/// The same with the bounds in position.
#[derive(Hyperparams, Debug, PartialEq)]
struct Positional {
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
    #[hp(reverse_log, 0.9, 0.999, step = 10)]
    beta: f64,
    #[hp(linear, 50, 100, grid = 6)]
    hidden_units: u32,
}

#[test]
fn bounds_by_name_are_the_bounds_in_position() {
    assert_eq!(Named::space().fingerprint(), Positional::space().fingerprint());
    assert_eq!(Named::space().to_string(), Positional::space().to_string());
    let (mut a, mut b) = (rng(3), rng(3));
    for _ in 0..1000 {
        let (n, p) = (Named::sample_with(&mut a), Positional::sample_with(&mut b));
        assert_eq!(
            (n.lr.to_bits(), n.beta.to_bits(), n.hidden_units),
            (p.lr.to_bits(), p.beta.to_bits(), p.hidden_units)
        );
    }
}
