//! Reproducibility (issue 2, section 6): with a named portable generator, the same seed gives the
//! same values on every platform and in every release.
//!
//! THE VALUES BELOW MUST NOT CHANGE, across platforms (x86_64, aarch64, wasm32, 32-bit targets)
//! or releases of hp. A user who recorded a seed expects the same configs from it next year; a
//! change here is a breaking change to every user's reproducibility and needs a major version and
//! a changelog entry, not a new table. They were obtained once by running the scales, and depend
//! on: the scales' formulas, `libm` (pure Rust, so no platform libm), and rand 0.10's
//! `Xoshiro256PlusPlus`, `random::<f64>()` and `random_range` over `u64` (which is why integer
//! scales sample a `u64` offset for every type, `usize` included). If a rand upgrade moves them,
//! that upgrade is the breaking change.
//!
//! Floats are pinned by their bits; the comment gives the decimal.

use hp_core::{
    CategoricalScale, LinearScale, LinearStepScale, LogScale, LogStepScale, ReverseLogScale,
    ReverseLogStepScale, Scale,
};
use rand::SeedableRng;
use rand::distr::Distribution;
use rand::rngs::Xoshiro256PlusPlus;

/// The first five draws of `scale` from a fresh generator seeded with 42.
fn first_five<T, S: Distribution<T>>(scale: &S) -> Vec<T> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
    (0..5).map(|_| scale.sample(&mut rng)).collect()
}

fn bits(values: &[u64]) -> Vec<f64> {
    values.iter().map(|&b| f64::from_bits(b)).collect()
}

/// Compares bit for bit, so that `-0.0` and `0.0` (and NaN payloads) would count as different.
fn assert_bits_eq(found: &[f64], expected: &[f64], what: &str) {
    let found_bits: Vec<String> = found.iter().map(|x| format!("{:#018x}", x.to_bits())).collect();
    let expected_bits: Vec<String> = expected.iter().map(|x| format!("{:#018x}", x.to_bits())).collect();
    assert_eq!(found_bits, expected_bits, "{what}: found {found:?}, expected {expected:?}");
}

// ---------------------------------------------------------------------------------------------
// Draws, seed 42

#[test]
fn lecture_learning_rate_log_scale() {
    let expected = bits(&[
        0x3fc724c1b25966ec, // 0.1808092232557138
        0x3f5ee1c49ad616bb, // 0.0018848819703135972
        0x3feb96a1f3cbaf68, // 0.8621377717622467
        0x3fb05284b88ae69d, // 0.06375913148340336
        0x3fc31bca7f018602, // 0.14928561402761892
    ]);
    assert_bits_eq(&first_five(&LogScale::new(1e-4_f64, 1.0).unwrap()), &expected, "log [1e-4, 1]");
}

#[test]
fn lecture_momentum_reverse_log_scale() {
    let expected = bits(&[
        0x3fefecbc0a071345, // 0.9976482578136731
        0x3fef434f793b1717, // 0.9769666068829989
        0x3feff72d6367f333, // 0.9989230100178247
        0x3fefdf8ea29cc157, // 0.9960396934530235
        0x3fefeacc3c805295, // 0.9974118405976521
    ]);
    assert_bits_eq(&first_five(&ReverseLogScale::new(0.9_f64, 0.999).unwrap()), &expected, "reverse_log");
}

#[test]
fn lecture_hidden_units_and_layers_linear() {
    assert_eq!(first_five(&LinearScale::new(50u32, 100).unwrap()), [91, 66, 100, 85, 90]);
    assert_eq!(first_five(&LinearScale::new(2usize, 4).unwrap()), [4, 2, 4, 4, 4]);
}

#[test]
fn other_scales() {
    let expected = bits(&[
        0x3fea0ec9a9e88ecd, // 0.8143051451229099
        0x3fd467905d15dbcc, // 0.3188210400616611
        0x3fef7c0f9f61849d, // 0.9838941681774888
        0x3fe66fb3ec019b06, // 0.7011355981347556
        0x3fe96463870e908d, // 0.793504489691729
    ]);
    assert_bits_eq(&first_five(&LinearScale::new(0.0_f64, 1.0).unwrap()), &expected, "linear [0, 1]");
    assert_eq!(first_five(&LogScale::new(16u32, 1024).unwrap()), [470, 59, 958, 293, 431]);
    assert_eq!(first_five(&LogStepScale::new(16u32, 1024, 2).unwrap()), [512, 64, 1024, 256, 512]);
    let expected = bits(&[
        0x3fd999999999999a, // 0.4
        0x3fb999999999999a, // 0.1
        0x3fe0000000000000, // 0.5
        0x3fd999999999999a, // 0.4
        0x3fd999999999999a, // 0.4
    ]);
    assert_bits_eq(
        &first_five(&LinearStepScale::new(0.0_f64, 0.5, 0.1).unwrap()),
        &expected,
        "linear step 0.1",
    );
    assert_eq!(first_five(&CategoricalScale::new(3).unwrap()), [2, 0, 2, 2, 2]);
    assert_eq!(
        first_five(&LinearScale::new(i64::MIN, i64::MAX).unwrap()),
        [
            5797906573132458143,
            -3342161905523411055,
            8926271879130705292,
            3710296902904329656,
            5414202205828049523
        ]
    );
    let lr32: Vec<u32> =
        first_five(&LogScale::new(1e-4_f32, 1.0).unwrap()).iter().map(|x| x.to_bits()).collect();
    // 0.18080923, 0.001884882, 0.8621378, 0.06375913, 0.14928561
    assert_eq!(lr32, [0x3e39260e, 0x3af70e25, 0x3f5cb510, 0x3d829426, 0x3e18de54]);
}

/// The lecture's four hyperparameters drawn in turn from one generator, as a derived
/// `sample_with` draws a config's fields in declaration order.
#[test]
fn lecture_config_in_sequence() {
    let lr = LogScale::new(1e-4_f64, 1.0).unwrap();
    let beta = ReverseLogScale::new(0.9_f64, 0.999).unwrap();
    let units = LinearScale::new(50u32, 100).unwrap();
    let layers = LinearScale::new(2usize, 4).unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
    let configs: Vec<(u64, u64, u32, usize)> = (0..3)
        .map(|_| {
            let (a, b) = (lr.sample(&mut rng), beta.sample(&mut rng));
            (a.to_bits(), b.to_bits(), units.sample(&mut rng), layers.sample(&mut rng))
        })
        .collect();
    assert_eq!(
        configs,
        [
            // lr 0.1808092232557138, beta 0.9769666068829989
            (0x3fc724c1b25966ec, 0x3fef434f793b1717, 100, 4),
            // lr 0.14928561402761892, beta 0.9933349552899923
            (0x3fc31bca7f018602, 0x3fefc966635e3663, 56, 3),
            // lr 0.0006774366465424925, beta 0.9986407298971034
            (0x3f4632c01efa3f1a, 0x3feff4dd676b9276, 78, 4),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// from_unit at fixed points: what grid, quasi-random and zoom strategies build on

/// u = 0, 0.1, 0.25, 0.5, 0.75, 0.9, 1 - 2^-53, 1.
const U: [f64; 8] = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0 - 1.0 / 9_007_199_254_740_992.0, 1.0];

fn table<S: Scale>(scale: S) -> Vec<S::Value> {
    U.iter().map(|&u| scale.from_unit(u)).collect()
}

#[test]
fn from_unit_table_continuous() {
    let expected = bits(&[
        0x3f1a36e2eb1c432d, // 1e-4
        0x3f30763f01e8e5b1, // 2.5118864315095817e-4
        0x3f50624dd2f1a9fd, // 1.0000000000000002e-3
        0x3f847ae147ae147e, // 1.0000000000000005e-2
        0x3fb999999999999e, // 1.0000000000000006e-1
        0x3fd97a967f7524b5, // 3.9810717055349737e-1
        0x3feffffffffffff0, // 9.999999999999982e-1
        0x3ff0000000000000, // 1
    ]);
    assert_bits_eq(&table(LogScale::new(1e-4_f64, 1.0).unwrap()), &expected, "log [1e-4, 1]");
    let expected = bits(&[
        0x3feccccccccccccd, // 0.9
        0x3fedfb1ea780eac1, // 0.9369042655519807
        0x3feefcf23b15fc59, // 0.9683772233983162
        0x3fefae147ae147ae, // 0.99
        0x3fefe618391bcc6f, // 0.9968377223398316
        0x3feff3043cf24364, // 0.9984151068075389
        0x3feff7ced916872b, // 0.999
        0x3feff7ced916872b, // 0.999
    ]);
    assert_bits_eq(
        &table(ReverseLogScale::new(0.9_f64, 0.999).unwrap()),
        &expected,
        "reverse_log [0.9, 0.999]",
    );
    let expected = bits(&[
        0xbff0000000000000, // -1
        0xbfe3333333333333, // -0.6
        0x0000000000000000, // 0
        0x3ff0000000000000, // 1
        0x4000000000000000, // 2
        0x4004cccccccccccd, // 2.6
        0x4007ffffffffffff, // 2.9999999999999996
        0x4008000000000000, // 3
    ]);
    assert_bits_eq(&table(LinearScale::new(-1.0_f64, 3.0).unwrap()), &expected, "linear [-1, 3]");
}

#[test]
fn from_unit_table_discrete() {
    assert_eq!(table(LinearScale::new(50u32, 100).unwrap()), [50, 55, 62, 75, 88, 95, 100, 100]);
    assert_eq!(table(LinearScale::new(2usize, 4).unwrap()), [2, 2, 2, 3, 4, 4, 4, 4]);
    assert_eq!(table(LogScale::new(16u32, 1024).unwrap()), [16, 24, 44, 126, 359, 674, 1024, 1024]);
    assert_eq!(table(LogStepScale::new(16u32, 1024, 2).unwrap()), [16, 16, 32, 128, 512, 1024, 1024, 1024]);
    assert_eq!(table(CategoricalScale::new(3).unwrap()), [0, 0, 0, 1, 2, 2, 2, 2]);
    assert_eq!(
        table(LinearScale::new(i64::MIN, i64::MAX).unwrap()),
        [
            i64::MIN,
            -7378697629483820544,
            -4611686018427387904,
            0,
            4611686018427387904,
            7378697629483821056,
            9223372036854773760,
            i64::MAX,
        ]
    );
    let expected = bits(&[
        0x0000000000000000, // 0
        0x0000000000000000, // 0
        0x3fb999999999999a, // 0.1
        0x3fd3333333333334, // 0.30000000000000004
        0x3fd999999999999a, // 0.4
        0x3fe0000000000000, // 0.5
        0x3fe0000000000000, // 0.5
        0x3fe0000000000000, // 0.5
    ]);
    assert_bits_eq(&table(LinearStepScale::new(0.0_f64, 0.5, 0.1).unwrap()), &expected, "linear step 0.1");
    let expected = bits(&[
        0x3feccccccccccccd, // 0.9
        0x3feccccccccccccd, // 0.9
        0x3feccccccccccccd, // 0.9
        0x3fefae147ae147ae, // 0.99
        0x3feff7ced916872b, // 0.999
        0x3feff7ced916872b, // 0.999
        0x3feff7ced916872b, // 0.999
        0x3feff7ced916872b, // 0.999
    ]);
    assert_bits_eq(
        &table(ReverseLogStepScale::new(0.9_f64, 0.999, 10.0).unwrap()),
        &expected,
        "reverse_log step 10",
    );
}
