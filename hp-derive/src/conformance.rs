//! The derive applies exactly the rules of `hp_rules::conformance::RANGES`, the table hp-core's
//! scale constructors are tested against too (`hp-core/tests/same_rules.rs`): the two sides accept
//! and reject the same ranges.

use hp_rules::conformance::{Case, RANGES};

/// Whether the derive accepts the row's `#[hp(...)]`, and its first message if not.
fn derive(case: &Case) -> Result<(), String> {
    let step = case.step.map(|s| format!(", step = {s}")).unwrap_or_default();
    let source = format!(
        "struct S {{ #[hp({}, {}, {}{step})] x: {} }}",
        case.kind.name(),
        case.low,
        case.high,
        case.ty
    );
    let input: syn::DeriveInput = syn::parse_str(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let output = crate::expand::derive(&input).to_string();
    match output.find("compile_error") {
        None => Ok(()),
        Some(at) => Err(output[at..].chars().take(200).collect()),
    }
}

#[test]
fn the_derive_follows_the_shared_table() {
    let mut wrong = Vec::new();
    for case in RANGES {
        let found = derive(case);
        if found.is_ok() != case.verdict.is_ok() {
            wrong.push(format!("{case:?}: the derive says {found:?}"));
        }
    }
    assert!(wrong.is_empty(), "{} of {} rows disagree:\n{}", wrong.len(), RANGES.len(), wrong.join("\n"));
}

#[test]
fn the_test_sees_a_rejection() {
    // The check above would pass vacuously if no expansion ever held an error.
    let bad =
        Case { low: "0.0", ..RANGES.iter().find(|c| c.ty == "f64" && c.low == "1e-4").copied().unwrap() };
    assert!(derive(&bad).unwrap_err().contains("LOW > 0"));
}
