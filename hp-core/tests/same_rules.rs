//! The scale constructors apply exactly the rules of `hp_rules::conformance::RANGES`, the table
//! hp-derive is tested against too (`hp-derive/src/conformance.rs`): the two sides accept and
//! reject the same ranges.

use hp_core::{LinearScale, LinearStepScale, LogScale, LogStepScale, ReverseLogScale, ReverseLogStepScale};
use hp_core::{ScaleError, ScaleKind};
use hp_rules::conformance::{Case, RANGES};

/// Builds the row's scale with its constructor, the literals parsed in the field's type.
fn construct(case: &Case) -> Result<(), ScaleError> {
    macro_rules! numeric {
        ($t:ty) => {{
            let parse = |text: &str| text.parse::<$t>().unwrap_or_else(|e| panic!("{case:?}: {text}: {e}"));
            let (low, high) = (parse(case.low), parse(case.high));
            match (case.kind, case.step.map(parse)) {
                (ScaleKind::Linear, None) => LinearScale::new(low, high).map(drop),
                (ScaleKind::Log, None) => LogScale::new(low, high).map(drop),
                (ScaleKind::Linear, Some(step)) => LinearStepScale::new(low, high, step).map(drop),
                (ScaleKind::Log, Some(step)) => LogStepScale::new(low, high, step).map(drop),
                (ScaleKind::ReverseLog, _) => unreachable!("reverse_log rows are floats"),
            }
        }};
    }
    macro_rules! float {
        ($t:ty) => {{
            let parse = |text: &str| text.parse::<$t>().unwrap_or_else(|e| panic!("{case:?}: {text}: {e}"));
            let (low, high) = (parse(case.low), parse(case.high));
            match (case.kind, case.step.map(parse)) {
                (ScaleKind::ReverseLog, None) => ReverseLogScale::new(low, high).map(drop),
                (ScaleKind::ReverseLog, Some(step)) => ReverseLogStepScale::new(low, high, step).map(drop),
                _ => numeric!($t),
            }
        }};
    }
    match case.ty {
        "f32" => float!(f32),
        "f64" => float!(f64),
        "u8" => numeric!(u8),
        "u32" => numeric!(u32),
        "u64" => numeric!(u64),
        "usize" => numeric!(usize),
        "i8" => numeric!(i8),
        "i32" => numeric!(i32),
        "i64" => numeric!(i64),
        other => panic!("no type {other} in the test"),
    }
}

#[test]
fn constructors_follow_the_shared_table() {
    let mut wrong = Vec::new();
    for case in RANGES {
        let found = construct(case);
        if found != case.verdict {
            wrong.push(format!("{case:?}: the constructor says {found:?}"));
        }
    }
    assert!(wrong.is_empty(), "{} of {} rows disagree:\n{}", wrong.len(), RANGES.len(), wrong.join("\n"));
    // The table exercises every rule it can express with literals.
    for rule in [
        ScaleError::EmptyRange,
        ScaleError::LogLowNotPositive,
        ScaleError::ReverseLogOutsideUnit,
        ScaleError::BadStep,
        ScaleError::StepDoesNotDivide,
        ScaleError::TooLarge,
    ] {
        assert!(RANGES.iter().any(|c| c.verdict == Err(rule)), "no row for {rule:?}");
    }
}
