//! The table of ranges that hp-core's scale constructors and hp-derive are both tested against
//! (feature `conformance`, for hp's own tests).
//!
//! Each row is a scale as a user writes it, `#[hp(log, 1e-4, 1.0)] x: f64`, and the verdict of the
//! rules: `Ok` or the first [`ScaleError`]. hp-core's test builds the scale with `new` from the
//! literals parsed in the field's type; hp-derive's test expands the derive on the same tokens.
//! Both must agree with the verdict, so the two sides accept and reject exactly the same ranges.
//! Only literals appear here (a derive cannot be given NaN), so non-finite bounds are tested on
//! the runtime side alone.
//!
//! ```
//! use hp_rules::conformance::RANGES;
//! assert!(RANGES.iter().any(|case| case.verdict.is_err()));
//! ```

use crate::{ScaleError, ScaleKind};

/// One row: `#[hp(<kind>, <low>, <high>[, step = <step>])]` on a field of type `ty`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Case {
    /// The scale.
    pub kind: ScaleKind,
    /// The field's type: `f32`, `f64` or an integer primitive.
    pub ty: &'static str,
    /// LOW as written.
    pub low: &'static str,
    /// HIGH as written.
    pub high: &'static str,
    /// The step as written, if any.
    pub step: Option<&'static str>,
    /// What the rules say.
    pub verdict: Result<(), ScaleError>,
}

const fn case(
    kind: ScaleKind,
    ty: &'static str,
    low: &'static str,
    high: &'static str,
    step: Option<&'static str>,
    verdict: Result<(), ScaleError>,
) -> Case {
    Case { kind, ty, low, high, step, verdict }
}

use ScaleError::*;
use ScaleKind::{Linear, Log, ReverseLog};

const OK: Result<(), ScaleError> = Ok(());

/// Every rule, on floats and integers, at and around its edges.
pub const RANGES: &[Case] = &[
    // linear: LOW < HIGH.
    case(Linear, "f64", "0.0", "1.0", None, OK),
    case(Linear, "f64", "-1.5", "2.5", None, OK),
    case(Linear, "f64", "1", "10", None, OK),
    case(Linear, "f64", "1.0", "1.0", None, Err(EmptyRange)),
    case(Linear, "f64", "2.0", "1.0", None, Err(EmptyRange)),
    case(Linear, "f32", "0.1", "0.10000000001", None, Err(EmptyRange)),
    case(Linear, "f64", "0.1", "0.10000000001", None, OK),
    case(Linear, "u8", "0", "255", None, OK),
    case(Linear, "u8", "3", "3", None, Err(EmptyRange)),
    case(Linear, "i8", "-128", "127", None, OK),
    case(Linear, "i64", "-9223372036854775808", "9223372036854775807", None, OK),
    case(Linear, "u64", "0", "18446744073709551615", None, OK),
    case(Linear, "usize", "4", "2", None, Err(EmptyRange)),
    // log: LOW > 0 (integers: LOW >= 1).
    case(Log, "f64", "1e-4", "1.0", None, OK),
    case(Log, "f64", "1e-300", "1e300", None, OK),
    case(Log, "f64", "0.0", "1.0", None, Err(LogLowNotPositive)),
    case(Log, "f64", "-1.0", "1.0", None, Err(LogLowNotPositive)),
    case(Log, "f64", "1.0", "1e-4", None, Err(EmptyRange)),
    case(Log, "f32", "1e-4", "1.0", None, OK),
    case(Log, "f32", "1e-46", "1.0", None, Err(LogLowNotPositive)),
    case(Log, "u32", "16", "1024", None, OK),
    case(Log, "u32", "1", "2", None, OK),
    case(Log, "u32", "0", "1024", None, Err(LogLowNotPositive)),
    case(Log, "i32", "-5", "10", None, Err(LogLowNotPositive)),
    case(Log, "u64", "1", "18446744073709551615", None, OK),
    // reverse_log: 0 <= LOW < HIGH < 1.
    case(ReverseLog, "f64", "0.9", "0.999", None, OK),
    case(ReverseLog, "f64", "0.0", "0.5", None, OK),
    case(ReverseLog, "f64", "0.999999", "0.9999999", None, OK),
    case(ReverseLog, "f64", "0.9", "1.0", None, Err(ReverseLogOutsideUnit)),
    case(ReverseLog, "f64", "-0.1", "0.5", None, Err(ReverseLogOutsideUnit)),
    case(ReverseLog, "f64", "0.999", "0.9", None, Err(EmptyRange)),
    case(ReverseLog, "f32", "0.9", "0.999", None, OK),
    case(ReverseLog, "f32", "0.9", "0.9999999999", None, Err(ReverseLogOutsideUnit)),
    case(ReverseLog, "f64", "0.9", "0.9999999999", None, OK),
    // linear with a step: step > 0, HIGH - LOW a whole number of steps.
    case(Linear, "f64", "0.0", "0.5", Some("0.1"), OK),
    case(Linear, "f32", "0.0", "1.0", Some("0.1"), OK),
    case(Linear, "f64", "0.0", "1.0", Some("0.3"), Err(StepDoesNotDivide)),
    case(Linear, "f64", "0.0", "1.0", Some("2.0"), Err(StepDoesNotDivide)),
    case(Linear, "f64", "0.0", "1.0", Some("0.0"), Err(BadStep)),
    case(Linear, "f64", "0.0", "1.0", Some("-0.1"), Err(BadStep)),
    case(Linear, "f64", "0.0", "1e300", Some("1e-300"), Err(TooLarge)),
    case(Linear, "f64", "1.0", "1.0", Some("0.1"), Err(EmptyRange)),
    case(Linear, "u32", "16", "1024", Some("16"), OK),
    case(Linear, "i32", "0", "10", Some("3"), Err(StepDoesNotDivide)),
    case(Linear, "i32", "0", "10", Some("0"), Err(BadStep)),
    case(Linear, "i32", "0", "10", Some("-5"), Err(BadStep)),
    case(Linear, "u64", "0", "18446744073709551615", Some("1"), OK),
    case(Linear, "u64", "0", "18446744073709551615", Some("5"), OK),
    case(Linear, "u64", "0", "18446744073709551615", Some("2"), Err(StepDoesNotDivide)),
    // log with a step: step > 1 (integers: >= 2), HIGH = LOW step^k.
    case(Log, "f64", "1e-4", "1.0", Some("10.0"), OK),
    case(Log, "f64", "1e-4", "0.5", Some("10.0"), Err(StepDoesNotDivide)),
    case(Log, "f64", "1e-4", "1.0", Some("1.0"), Err(BadStep)),
    case(Log, "f64", "0.0", "1.0", Some("10.0"), Err(LogLowNotPositive)),
    case(Log, "f32", "1e-4", "1.0", Some("10.0"), OK),
    case(Log, "u32", "16", "1024", Some("2"), OK),
    case(Log, "u32", "16", "1000", Some("2"), Err(StepDoesNotDivide)),
    case(Log, "u32", "16", "1024", Some("1"), Err(BadStep)),
    case(Log, "u64", "1", "9223372036854775808", Some("2"), OK),
    case(Log, "u64", "1", "18446744073709551615", Some("2"), Err(StepDoesNotDivide)),
    case(Log, "i64", "0", "1024", Some("2"), Err(LogLowNotPositive)),
    // reverse_log with a step: step > 1, 1 - HIGH = (1 - LOW) / step^k.
    case(ReverseLog, "f64", "0.9", "0.999", Some("10.0"), OK),
    case(ReverseLog, "f32", "0.9", "0.999", Some("10.0"), OK),
    case(ReverseLog, "f64", "0.9", "0.995", Some("10.0"), Err(StepDoesNotDivide)),
    case(ReverseLog, "f64", "0.9", "0.999", Some("0.5"), Err(BadStep)),
    case(ReverseLog, "f64", "0.9", "1.0", Some("10.0"), Err(ReverseLogOutsideUnit)),
];
