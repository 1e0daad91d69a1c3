//! The compile-time checks: one function per rule, each reporting to the [`Ctxt`] at the narrowest
//! token and returning whether the rule held, so that later rules on the same value can be skipped
//! instead of piling up follow-on errors. Every field is checked, whatever the others do.
//!
//! The rules apply alike to a struct's fields and to the fields of an enum's variants.
//!
//! The range rules are [`hp_rules::range`]'s, which hp-core's constructors (`LogScale::new` and
//! friends) call too: whatever passes here is a scale that `new` would have built.

// Comparisons are written so that NaN fails them (`!(low < high)`), as in hp-core; clippy's
// suggestion, `partial_cmp`, would hide that intent.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

use quote::quote;
use syn::Ident;

use hp_rules::{Num, ScaleError, ScaleKind, range, weights};

use crate::ast::{CheckedScale, ConstScaleSpec, Data, Field, Input, Kind, ScaleSpec, Variant, as_number};
use crate::attr::Attrs;
use crate::ctxt::Ctxt;
use crate::ty::{FieldTy, NumTy, type_name};
use crate::value::{Number, Value};

/// Runs every check on `input`.
pub fn check(cx: &Ctxt, input: &Input) {
    match &input.data {
        Data::Struct(fields) => {
            for field in fields {
                check_field(cx, field);
            }
        }
        Data::Enum(variants) => {
            check_enum_has_variants(cx, input, variants);
            let mut weights_hold = true;
            for variant in variants {
                if !variant.attrs.malformed {
                    weights_hold &= check_weight(cx, variant);
                }
                check_variant_name_is_not_variant(cx, variant);
                if check_variant_fields_are_named(cx, variant) {
                    for field in &variant.fields {
                        check_field(cx, field);
                    }
                }
            }
            if weights_hold && !variants.iter().any(|v| v.attrs.malformed) {
                check_weights_give_every_variant_a_share(cx, variants);
            }
        }
    }
}

/// The structural rules on a field's keys, then the rules of its kind.
fn check_field(cx: &Ctxt, field: &Field) {
    let attrs = &field.attrs;
    if attrs.malformed {
        return;
    }
    let before = cx.error_count();
    if !check_attribute_has_kind(cx, attrs) {
        return;
    }
    check_conflicting_keys(cx, attrs);
    check_step_needs_scale(cx, attrs);
    check_grid_needs_scale(cx, attrs);
    check_argument_count(cx, attrs);
    check_arguments_are_numbers(cx, attrs);
    if cx.error_count() > before {
        return;
    }
    match field.kind() {
        Some(Kind::Scale(spec)) => check_scale(cx, field, &spec),
        Some(Kind::ConstScale(spec)) => check_const_scale(cx, field, &spec),
        Some(Kind::Choice(values)) => check_choice(cx, field, values),
        Some(Kind::Fixed(value)) => {
            check_value_fits_field(cx, field, value, "the fixed value");
        }
        Some(Kind::Nested) => check_primitive_needs_attribute(cx, field),
        Some(Kind::Skip) | None => {}
    }
}

// An `#[hp(...)]` says what the field is: a scale, `choice`, `fixed` or `skip`.
fn check_attribute_has_kind(cx: &Ctxt, attrs: &Attrs) -> bool {
    match attrs.attr {
        Some(attr) if attrs.kinds.is_empty() => {
            cx.error_spanned_by(
                attr,
                "expected a scale first, e.g. `#[hp(linear, 1, 10)]`; one of `linear`, `log`, `reverse_log`, `choice(...)`, `fixed = ...`, `skip`",
            );
            false
        }
        _ => true,
    }
}

// A field is one of: a scale, a choice, fixed or skipped; two of these conflict.
fn check_conflicting_keys(cx: &Ctxt, attrs: &Attrs) {
    let mut kinds = attrs.kinds.iter();
    let Some(first) = kinds.next() else { return };
    for later in kinds {
        // Two scales are already reported by the parser.
        let both_scales = [first, later].iter().all(|k| *k != "choice" && *k != "fixed" && *k != "skip");
        if !both_scales {
            cx.error_spanned_by(
                later,
                format!("`{later}` conflicts with `{first}`: a field is either on a scale, a `choice`, `fixed` or `skip`"),
            );
        }
    }
}

// `step = S` quantizes a scale, so it needs `linear`, `log` or `reverse_log`.
fn check_step_needs_scale(cx: &Ctxt, attrs: &Attrs) {
    if let (Some(step), None) = (&attrs.step, &attrs.scale) {
        cx.error_spanned_by(
            &step.key,
            "`step` applies only after a scale: `#[hp(linear, LOW, HIGH, step = S)]` (or `log`, `reverse_log`)",
        );
    }
}

// `grid = K` sets the points of a grid search on a scale; a choice's grid takes every value.
fn check_grid_needs_scale(cx: &Ctxt, attrs: &Attrs) {
    if let (Some(grid), None) = (&attrs.grid, &attrs.scale) {
        cx.error_spanned_by(
            &grid.key,
            "`grid` applies only after a scale: `#[hp(log, LOW, HIGH, grid = K)]`; a grid search takes every value of a choice",
        );
    }
}

// A scale takes exactly two positional arguments, LOW and HIGH; nothing else takes any.
fn check_argument_count(cx: &Ctxt, attrs: &Attrs) {
    match &attrs.scale {
        Some(scale) if attrs.bounds.len() < 2 => {
            let (ident, bounds) = (&scale.ident, &attrs.bounds);
            let name = scale.kind.name();
            cx.error_spanned_by(
                quote!(#ident #(#bounds)*),
                format!(
                    "`{name}` takes two arguments, LOW and HIGH: `#[hp({name}, LOW, HIGH)]`; found {}",
                    bounds.len()
                ),
            );
        }
        Some(scale) => {
            for extra in attrs.bounds.iter().skip(2) {
                cx.error_spanned_by(
                    extra,
                    format!(
                        "unexpected argument: `{}` takes two, LOW and HIGH (a step is written `step = S`)",
                        scale.kind.name()
                    ),
                );
            }
        }
        None => {
            if let (Some(first), Some(kind)) = (attrs.bounds.first(), attrs.kinds.first()) {
                cx.error_spanned_by(
                    first,
                    format!("unexpected argument: `{kind}` takes no positional arguments"),
                );
            }
        }
    }
}

// LOW, HIGH and step are numbers or constants; grid is a number.
fn check_arguments_are_numbers(cx: &Ctxt, attrs: &Attrs) {
    if attrs.scale.is_none() {
        return;
    }
    let roles = attrs.bounds.iter().take(2).zip(["LOW", "HIGH"]);
    let step = attrs.step.as_ref().map(|step| (&step.value, "step"));
    for (value, role) in roles.chain(step) {
        if !matches!(value, Value::Number(_) | Value::Path(_)) {
            cx.error_spanned_by(
                value,
                format!(
                    "{role} must be a number or a constant, found {} `{}`",
                    value.describe(),
                    value_source(value)
                ),
            );
        }
    }
    if let Some(grid) = &attrs.grid
        && as_number(&grid.value).is_none()
    {
        let value = &grid.value;
        cx.error_spanned_by(
            value,
            format!("grid must be a number, found {} `{}`", value.describe(), value_source(value)),
        );
    }
}

// A field without `#[hp]` is a nested config; a number or a string cannot be one.
fn check_primitive_needs_attribute(cx: &Ctxt, field: &Field) {
    let hint = match field.field_ty {
        FieldTy::Num(ty) if ty.is_float() => {
            "needs a scale, e.g. `#[hp(log, 1e-4, 1.0)]` or `#[hp(linear, 0.0, 1.0)]` (or `fixed = V`, `skip`)"
        }
        FieldTy::Num(_) => {
            "needs a scale, e.g. `#[hp(linear, 1, 10)]` (or `choice(...)`, `fixed = V`, `skip`)"
        }
        FieldTy::Str | FieldTy::String => "needs `#[hp(choice(\"a\", \"b\"))]` (or `fixed = \"a\"`, `skip`)",
        FieldTy::Wide(_) => "has no scales; use `u64` or `i64` (or `#[hp(skip)]`)",
        FieldTy::Bool | FieldTy::Other => return,
    };
    cx.error_spanned_by(field.ty, format!("`{}: {}` {hint}", field.name(), type_name(field.ty)));
}

/// The rules of a scale, in order; a value that broke one rule is not judged by the later ones.
/// The literal-level rules (suffix, integer literal, fits the type, finite) are the derive's own,
/// since only it sees literals; the range rules are [`hp_rules::range`]'s, the very rules the
/// scale constructors apply at run time.
fn check_scale(cx: &Ctxt, field: &Field, spec: &ScaleSpec) {
    if let Some(grid) = spec.grid {
        check_grid_points(cx, grid);
    }
    let Some(ty) = check_scale_field_type(cx, field, spec.kind) else {
        return;
    };
    if !check_reverse_log_float_only(cx, spec.kind, spec.key, ty) {
        return;
    }
    let low = check_number(cx, spec.low, ty, "LOW");
    let high = check_number(cx, spec.high, ty, "HIGH");
    let step = spec.step.map(|step| check_number(cx, step, ty, "step"));
    let (Some(low), Some(high)) = (low, high) else {
        return;
    };
    // A step whose literal is wrong is reported above; the bounds are still judged, as a scale
    // without the step.
    let step = step.flatten().zip(spec.step);
    match range::check(spec.kind, low, high, step.map(|(step, _)| step), ty.epsilon()) {
        // Kept for `expand` only when every literal was right (a wrong step was checked without).
        Ok(constants) if spec.step.is_none() || step.is_some() => {
            let step = step.map(|(step, _)| step);
            field.checked.set(Some(CheckedScale { ty, low, high, step, constants }));
        }
        Ok(_) => {}
        Err(ScaleError::EmptyRange | ScaleError::NonFinite) => report_empty_range(cx, spec, ty, low, high),
        Err(ScaleError::LogLowNotPositive) => report_log_low(cx, spec, low, high),
        Err(ScaleError::ReverseLogOutsideUnit) => report_reverse_log_bounds(cx, spec, ty, low, high),
        Err(ScaleError::BadStep) => {
            if let Some((step, number)) = step {
                report_bad_step(cx, spec.kind, number, step);
            }
        }
        Err(problem @ (ScaleError::StepDoesNotDivide | ScaleError::TooLarge)) => {
            if let Some((step, number)) = step {
                report_step(cx, spec.kind, ty, number, problem, low, high, step);
            }
        }
        Err(other) => cx.error_spanned_by(spec.key, other),
    }
}

/// A scale with a constant bound or step: the field's type and the literals' own rules here; the
/// range rules, which need the constants' values, in the `const` item `expand` writes.
fn check_const_scale(cx: &Ctxt, field: &Field, spec: &ConstScaleSpec) {
    if let Some(grid) = spec.grid {
        check_grid_points(cx, grid);
    }
    let Some(ty) = check_scale_field_type(cx, field, spec.kind) else {
        return;
    };
    if !check_reverse_log_float_only(cx, spec.kind, spec.key, ty) {
        return;
    }
    let step = spec.step.map(|step| (step, "step"));
    for (value, role) in [(spec.low, "LOW"), (spec.high, "HIGH")].into_iter().chain(step) {
        if let Some(number) = as_number(value) {
            check_number(cx, number, ty, role);
        }
    }
}

// `grid = K` is a whole number of points, 2 <= K <= u32::MAX (hp-core's `Grid` needs two).
fn check_grid_points(cx: &Ctxt, number: &Number) -> bool {
    if number.int_value().and_then(|k| u128::try_from(k).ok()).is_some_and(range::grid_points_ok)
        && (number.suffix().is_empty() || number.suffix() == "u32")
    {
        return true;
    }
    cx.error_spanned_by(
        number,
        format!("`grid` is a number of points from 2 to {}, found `{}`", u32::MAX, number.text()),
    );
    false
}

// `linear`, `log` and `reverse_log` work on `f32`, `f64` and the integer primitives up to 64 bits.
fn check_scale_field_type(cx: &Ctxt, field: &Field, kind: ScaleKind) -> Option<NumTy> {
    match field.field_ty {
        FieldTy::Num(ty) => Some(ty),
        FieldTy::Wide(ident) => {
            cx.error_spanned_by(
                field.ty,
                format!("`{ident}` fields are not supported: hp-core's scales go up to 64 bits; use `u64` or `i64`"),
            );
            None
        }
        _ => {
            cx.error_spanned_by(
                field.ty,
                format!(
                    "`{}` needs a numeric field (`f32`, `f64` or an integer up to 64 bits), found `{}`",
                    kind.name(),
                    type_name(field.ty)
                ),
            );
            None
        }
    }
}

// `reverse_log` samples `1 - x` on a log scale in (0, 1): float fields only.
fn check_reverse_log_float_only(cx: &Ctxt, kind: ScaleKind, key: &Ident, ty: NumTy) -> bool {
    if kind != ScaleKind::ReverseLog || ty.is_float() {
        return true;
    }
    cx.error_spanned_by(
        key,
        format!(
            "`reverse_log` works on `f32` and `f64` fields, its values lie in [0, 1); for a `{}` field use `linear` or `log`",
            ty.name()
        ),
    );
    false
}

/// The number in the field's type, after the literal-level rules; `None` if one failed.
fn check_number(cx: &Ctxt, number: &Number, ty: NumTy, role: &str) -> Option<Num> {
    if !check_literal_suffix(cx, number, ty) {
        return None;
    }
    let holds = if ty.is_float() {
        check_finite(cx, number, ty, role) && check_precision(cx, number, ty, role)
    } else {
        check_int_literal(cx, number, ty, role) && check_int_fits(cx, number, ty)
    };
    holds.then(|| number.typed(ty)).flatten()
}

// A literal's suffix, if any, is the field's type (`3u8` only on a `u8` field).
fn check_literal_suffix(cx: &Ctxt, number: &Number, ty: NumTy) -> bool {
    let suffix = number.suffix();
    if suffix.is_empty() || suffix == ty.name() {
        return true;
    }
    cx.error_spanned_by(
        number,
        format!("the suffix `{suffix}` does not match the field's type `{}`; drop the suffix", ty.name()),
    );
    false
}

// On an integer field, every number is an integer literal.
fn check_int_literal(cx: &Ctxt, number: &Number, ty: NumTy, role: &str) -> bool {
    if number.is_int_literal() {
        return true;
    }
    cx.error_spanned_by(
        number,
        format!("{role} of a `{}` field must be an integer literal, found `{}`", ty.name(), number.text()),
    );
    false
}

// An integer fits the field's type (`300` is not a `u8`, `-1` not a `u32`).
fn check_int_fits(cx: &Ctxt, number: &Number, ty: NumTy) -> bool {
    let (min, max) = ty.int_range();
    if number.int_value().is_some_and(|v| (min..=max).contains(&v)) {
        return true;
    }
    cx.error_spanned_by(
        number,
        format!("`{}` is out of range for `{}` ({min}..={max})", number.text(), ty.name()),
    );
    false
}

// A float literal keeps its value in the field's type: not 0 when it is not (`1e-50` on `f32`), not
// below the smallest normal number, where digits are lost, and an integer stays that integer
// (`16777217` is 16777216 as an `f32`). Other decimals round as every float literal does.
fn check_precision(cx: &Ctxt, number: &Number, ty: NumTy, role: &str) -> bool {
    let x = number.float_value(ty);
    // The type's own numbers, printed as the type prints them (`1e-45`, not its f64 widening).
    let (name, smallest, shown_smallest, shown_tiniest) = match ty {
        NumTy::F32 => (
            "f32",
            f64::from(f32::MIN_POSITIVE),
            format!("{:e}", f32::MIN_POSITIVE),
            format!("{:e}", f32::from_bits(1)),
        ),
        _ => {
            ("f64", f64::MIN_POSITIVE, format!("{:e}", f64::MIN_POSITIVE), format!("{:e}", f64::from_bits(1)))
        }
    };
    let mantissa = number.digits().split(['e', 'E']).next().unwrap_or("");
    let nonzero = mantissa.chars().any(|c| ('1'..='9').contains(&c));
    let exact = match number.int_value() {
        Some(v) => Some(v),
        // A float literal with an integral value, e.g. `16777217.0`.
        None => {
            number.digits().parse::<f64>().ok().filter(|w| w.fract() == 0.0 && w.abs() < 2f64.powi(53)).map(
                |w| {
                    let w = w as i128;
                    if number.text().starts_with('-') { -w } else { w }
                },
            )
        }
    };
    let message = if nonzero && x == 0.0 {
        format!(
            "{role} `{}` underflows to 0 in an `{name}` (the smallest positive `{name}` is {shown_tiniest}); use a larger bound{}",
            number.text(),
            if ty == NumTy::F32 { " or an `f64` field" } else { "" }
        )
    } else if x != 0.0 && x.abs() < smallest {
        format!(
            "{role} `{}` is below the smallest normal `{name}` ({shown_smallest}), where it keeps only a few digits; use a larger bound{}",
            number.text(),
            if ty == NumTy::F32 { " or an `f64` field" } else { "" }
        )
    } else if exact.is_some_and(|v| x as i128 != v) {
        format!(
            "{role} `{}` is {} as an `{name}`, which holds integers exactly only up to 2^{}; write {} or use {}",
            number.text(),
            x as i128,
            if ty == NumTy::F32 { 24 } else { 53 },
            x as i128,
            if ty == NumTy::F32 { "an `f64` field" } else { "an integer field" }
        )
    } else {
        return true;
    };
    cx.error_spanned_by(number, message);
    false
}

// A float is finite in the field's type (`1e39` overflows `f32`).
fn check_finite(cx: &Ctxt, number: &Number, ty: NumTy, role: &str) -> bool {
    if number.float_value(ty).is_finite() {
        return true;
    }
    let max = if ty == NumTy::F32 { format!("{:e}", f32::MAX) } else { format!("{:e}", f64::MAX) };
    cx.error_spanned_by(
        number,
        format!("{role} `{}` is not a finite `{}` (the largest is {max})", number.text(), ty.name()),
    );
    false
}

// LOW < HIGH, NaN-safe (a comparison with NaN fails): `range::low_below_high`.
fn report_empty_range(cx: &Ctxt, spec: &ScaleSpec, ty: NumTy, low: Num, high: Num) {
    let (low_n, high_n) = (spec.low, spec.high);
    let message = if low == high {
        let as_f32 = if ty == NumTy::F32 && low_n.text() != high_n.text() { " as `f32`" } else { "" };
        format!(
            "empty range: LOW and HIGH are the same number{as_f32}; for a constant write `fixed = {}`",
            low_n.text()
        )
    } else {
        format!("LOW must be less than HIGH, found `{}` > `{}`", low_n.text(), high_n.text())
    };
    cx.error_spanned_by(quote!(#low_n #high_n), message);
}

// `log` needs LOW > 0 (integers: LOW >= 1, since they are log-uniform on [LOW - 1/2, HIGH + 1/2]):
// `range::log_low_ok`.
fn report_log_low(cx: &Ctxt, spec: &ScaleSpec, low: Num, high: Num) {
    let message = match (low, high) {
        (Num::Float(_), Num::Float(high)) => {
            let suggestion = if high > 1e-6 { "1e-6".to_owned() } else { pretty(high / 1e3, 1e-12) };
            format!("`log` needs LOW > 0, since it samples ln(x) uniformly; try {suggestion}")
        }
        _ => "`log` on an integer field needs LOW >= 1 (integers are log-uniform on [LOW - 1/2, HIGH + 1/2]); try 1"
            .to_owned(),
    };
    cx.error_spanned_by(spec.low, message);
}

// `reverse_log` needs 0 <= LOW and HIGH < 1: it samples `1 - x` on a log scale
// (`range::reverse_log_low_ok`, `range::reverse_log_high_ok`); each end is reported.
fn report_reverse_log_bounds(cx: &Ctxt, spec: &ScaleSpec, ty: NumTy, low: Num, high: Num) {
    let (low, high) = (low.to_f64(), high.to_f64());
    if !range::reverse_log_low_ok(low) {
        cx.error_spanned_by(
            spec.low,
            "`reverse_log` needs LOW >= 0: its values lie in [0, 1); try 0.0, or `linear` for negative values",
        );
    }
    if !range::reverse_log_high_ok(high) {
        // A HIGH ten times closer to 1 than LOW, e.g. 0.999 for the lecture's LOW of 0.9 or less.
        let suggestion =
            if low < 0.99 { "0.999".to_owned() } else { pretty(1.0 - (1.0 - low) / 10.0, 1e-12) };
        let rounded = if ty == NumTy::F32 && spec.high.float_value(NumTy::F64) < 1.0 {
            format!(" (`{}` rounds to 1.0 as `f32`)", spec.high.text())
        } else {
            String::new()
        };
        cx.error_spanned_by(
            spec.high,
            format!(
                "`reverse_log` needs HIGH < 1{rounded}: it samples 1 - x on a log scale and 1 - x must stay above 0; try {suggestion}"
            ),
        );
    }
}

// A step is > 0; on `log` and `reverse_log` it is a ratio and > 1 (integers: >= 2):
// `range::step_ok`.
fn report_bad_step(cx: &Ctxt, kind: ScaleKind, number: &Number, step: Num) {
    let rule = match (kind, step) {
        (ScaleKind::Linear, _) => "`step` must be > 0",
        (_, Num::Int(_)) => {
            "a `log` step is a ratio and must be >= 2 on an integer field (`step = 2` doubles)"
        }
        (_, Num::Float(_)) => "a log step is a ratio and must be > 1 (`step = 10` is one value per decade)",
    };
    cx.error_spanned_by(number, format!("{rule}, found `{}`", number.text()));
}

// A step reaches HIGH from LOW in whole steps: HIGH - LOW = k step (linear), HIGH = LOW step^k
// (log), 1 - HIGH = (1 - LOW) / step^k (reverse_log); exactly for integers, within hp-rules'
// tolerance for floats. The message suggests the nearest reachable HIGHs
// (`range::reachable_highs`) that fit the field's type.
#[allow(clippy::too_many_arguments)]
fn report_step(
    cx: &Ctxt,
    kind: ScaleKind,
    ty: NumTy,
    number: &Number,
    problem: ScaleError,
    low: Num,
    high: Num,
    step: Num,
) {
    let (min, max) = ty.int_range();
    let candidates: Vec<String> = range::reachable_highs(kind, low, high, step)
        .into_iter()
        .filter_map(|h| match h {
            Num::Int(h) => (min..=max).contains(&h).then(|| h.to_string()),
            Num::Float(h) => Some(pretty(h, tolerance(ty))),
        })
        .collect();
    let rule = match kind {
        ScaleKind::Linear => "HIGH - LOW is not a whole number of steps",
        ScaleKind::Log => "HIGH is not LOW * step^k for a whole k",
        ScaleKind::ReverseLog => "1 - HIGH is not (1 - LOW) / step^k for a whole k",
    };
    let message = match (problem, candidates.as_slice()) {
        (ScaleError::TooLarge, _) => {
            format!("`step = {}` gives 9e15 or more grid values; use a larger step or no step", number.text())
        }
        (_, []) => format!(
            "`step = {}` does not reach HIGH from LOW: {rule}, and the step is larger than the range",
            number.text()
        ),
        (_, [one]) => format!(
            "`step = {}` does not reach HIGH from LOW: {rule}; the nearest reachable HIGH is {one}",
            number.text()
        ),
        (_, [below, above, ..]) => format!(
            "`step = {}` does not reach HIGH from LOW: {rule}; the nearest reachable HIGH is {below} or {above}",
            number.text()
        ),
    };
    cx.error_spanned_by(number, message);
}

fn tolerance(ty: NumTy) -> f64 {
    if ty == NumTy::F32 { 1e-6 } else { 1e-12 }
}

/// The rules of a choice: not empty, every value fits the field, no duplicates.
fn check_choice(cx: &Ctxt, field: &Field, values: &[Value]) {
    if !check_choice_not_empty(cx, field) {
        return;
    }
    let keys =
        values.iter().map(|value| check_value_fits_field(cx, field, value, "a choice")).collect::<Vec<_>>();
    check_choice_unique(cx, values, &keys);
}

// A choice has at least one value.
fn check_choice_not_empty(cx: &Ctxt, field: &Field) -> bool {
    let Some(choice) = &field.attrs.choice else {
        return true;
    };
    if !choice.values.is_empty() {
        return true;
    }
    let (key, list) = (&choice.key, &choice.list);
    cx.error_spanned_by(
        quote!(#key #list),
        "`choice()` needs at least one value, e.g. `choice(\"adam\", \"sgd\")`",
    );
    false
}

/// A value compared for duplicates: numbers by their value in the field's type, paths by text.
#[derive(PartialEq)]
enum Key {
    Num(Num),
    Bool(bool),
    Str(String),
    Path(String),
}

// A choice or fixed value fits the field: strings need `&str` or `String`, bools `bool`, numbers a numeric
// type (integer literals on integer fields, in range; finite on float fields); paths anything.
fn check_value_fits_field(cx: &Ctxt, field: &Field, value: &Value, role: &str) -> Option<Key> {
    match (value, field.field_ty) {
        (Value::Path(_), _) => return Some(Key::Path(value.label())),
        (Value::Str(lit), FieldTy::Str | FieldTy::String) => return Some(Key::Str(lit.value())),
        (Value::Bool(lit), FieldTy::Bool) => return Some(Key::Bool(lit.value)),
        (Value::Number(number), FieldTy::Num(ty)) => {
            return check_number(cx, number, ty, role).map(Key::Num);
        }
        (Value::Number(_), FieldTy::Wide(ident)) => {
            cx.error_spanned_by(field.ty, format!("`{ident}` fields are not supported: use `u64` or `i64`"));
            return None;
        }
        _ => {}
    }
    let needs = match value {
        Value::Str(_) => "a string needs a `String` or `&'static str` field",
        Value::Bool(_) => "`true`/`false` need a `bool` field",
        _ => "a number needs a numeric field (`f32`, `f64` or an integer up to 64 bits)",
    };
    cx.error_spanned_by(
        value,
        format!("`{}` does not fit the field's type `{}`: {needs}", value_source(value), type_name(field.ty)),
    );
    None
}

fn value_source(value: &Value) -> String {
    match value {
        Value::Str(lit) => format!("{:?}", lit.value()),
        _ => value.label(),
    }
}

// A choice lists each value once; a duplicate is reported at both occurrences.
fn check_choice_unique(cx: &Ctxt, values: &[Value], keys: &[Option<Key>]) {
    let mut reported_first = vec![false; values.len()];
    for (i, key) in keys.iter().enumerate() {
        let Some(key) = key else { continue };
        let Some(first) = keys[..i].iter().position(|k| k.as_ref() == Some(key)) else {
            continue;
        };
        let (source, first_source) = (value_source(&values[i]), value_source(&values[first]));
        let message = if source == first_source {
            format!("duplicate choice value `{source}`")
        } else {
            format!("duplicate choice value: `{source}` equals `{first_source}`")
        };
        cx.error_spanned_by(&values[i], message);
        if !reported_first[first] {
            reported_first[first] = true;
            cx.error_spanned_by(
                &values[first],
                format!("`{}` is first listed here", value_source(&values[first])),
            );
        }
    }
}

// An enum needs a variant to choose.
fn check_enum_has_variants(cx: &Ctxt, input: &Input, variants: &[Variant]) {
    if variants.is_empty() {
        cx.error_spanned_by(
            input.ident,
            "an enum without variants has no value to sample; `#[derive(Hyperparams)]` needs at least one variant",
        );
    }
}

// A variant's data are named fields (or none): the names are the hyperparameters' names in the
// space (`optimizer.Adam.beta1`), which a tuple variant's fields do not have.
fn check_variant_fields_are_named(cx: &Ctxt, variant: &Variant) -> bool {
    if !matches!(variant.original.fields, syn::Fields::Unnamed(_)) {
        return true;
    }
    let ident = variant.ident;
    cx.error_spanned_by(
        &variant.original.fields,
        format!(
            "tuple variant `{ident}(..)`: a variant's hyperparameters need names for the space (`optimizer.{ident}.beta1`); write named fields, e.g. `{ident} {{ #[hp(reverse_log, 0.9, 0.999)] beta1: f64 }}`"
        ),
    );
    false
}

// The typed handles of an enum with data (`Hyperparams::Params`) have a field `variant` for the
// choice and one field per variant with fields, named like the variant: a variant named `variant`
// with fields would take the choice's name.
fn check_variant_name_is_not_variant(cx: &Ctxt, variant: &Variant) {
    if variant.name() == "variant" && !variant.fields.is_empty() {
        cx.error_spanned_by(
            variant.ident,
            "a variant with fields cannot be named `variant`: `Cfg::params().variant` is the handle of the enum's choice; rename it",
        );
    }
}

// `weight = W` is a positive finite number (NaN-safe: `!(w > 0)` rejects it); variants without a
// weight have weight 1.
fn check_weight(cx: &Ctxt, variant: &Variant) -> bool {
    let Some(weight) = &variant.attrs.weight else {
        return true;
    };
    let Some(number) = as_number(&weight.value) else {
        cx.error_spanned_by(
            &weight.value,
            format!(
                "a weight must be a number, found {} `{}`",
                weight.value.describe(),
                value_source(&weight.value)
            ),
        );
        return false;
    };
    let w = number.float_value(NumTy::F64);
    let rule = if w == f64::INFINITY {
        "a weight must be a finite number"
    } else if !(w > 0.0) {
        "a weight must be > 0 (leave a variant out of the enum rather than give it no weight)"
    } else {
        return true;
    };
    cx.error_spanned_by(number, format!("{rule}, found `{}`", number.text()));
    false
}

// Every variant gets a share of the unit interval in `f64`: a weight too small next to the
// others' total would give its variant an empty bin (hp-core's `WeightedCategoricalScale::new`
// rejects the same weights).
fn check_weights_give_every_variant_a_share(cx: &Ctxt, variants: &[Variant]) {
    let Some(weights) = variants.iter().map(Variant::weight).collect::<Option<Vec<f64>>>() else {
        return;
    };
    let mut ends = vec![0.0; weights.len()];
    let Err(weights::WeightError::TooUnequal(k)) = weights::cumulative_weights(&weights, &mut ends) else {
        return;
    };
    let variant = &variants[k];
    let message = format!(
        "the weights are too unequal: `{}` would get no share of the unit interval in `f64` next to a total weight of {}",
        variant.ident,
        weights.iter().sum::<f64>()
    );
    match &variant.attrs.weight {
        Some(weight) => cx.error_spanned_by(&weight.value, message),
        None => cx.error_spanned_by(variant.ident, message),
    }
}

/// The number nearest `x` with few digits, for suggestions: `1.0` rather than `1.0000000000000002`.
/// `tolerance` is relative: about 1e-12 for `f64` fields, 1e-6 for `f32`.
fn pretty(x: f64, tolerance: f64) -> String {
    for digits in 0..17 {
        let short: f64 = format!("{x:.digits$e}").parse().unwrap_or(x);
        if (short - x).abs() <= tolerance * x.abs() {
            return format!("{short:?}");
        }
    }
    format!("{x:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_drops_rounding_noise() {
        assert_eq!(pretty(1e-4 * 10f64.powi(4), 1e-12), "1.0");
        assert_eq!(pretty(0.30000000000000004, 1e-12), "0.3");
        assert_eq!(pretty(1e-7, 1e-12), "1e-7");
        assert_eq!(pretty(-2.5, 1e-12), "-2.5");
        assert_eq!(pretty(f64::from(0.9f32), 1e-6), "0.9");
    }
}
