//! The IR of a derive input. It borrows the syn nodes, so every later error has a span, and keeps
//! the shape of the data: a struct's fields, or an enum's variants with their own fields (a
//! conditional space: only the chosen variant's fields are sampled).
//!
//! What a field is ([`Shape`]) is decided once, when the IR is built; the range rules' verdict
//! and constants are computed once, by [`check`](crate::check), and kept in the field for
//! [`expand`](crate::expand).

use std::cell::Cell;

use hp_rules::range::Checked;
use hp_rules::{Num, ScaleKind};
use syn::{Data as SynData, DeriveInput, Fields, Generics, Ident, Path, Type, Visibility};

use crate::attr::{Attrs, Site};
use crate::ctxt::Ctxt;
use crate::ty::{FieldTy, NumTy};
use crate::value::{Number, Value};

pub struct Input<'a> {
    pub ident: &'a Ident,
    /// The config's visibility, which its generated `Params` structs share.
    pub vis: &'a Visibility,
    pub generics: &'a Generics,
    pub data: Data<'a>,
    /// Where generated code reaches hp: `::hp`, or the path of `#[hp(crate = "...")]`.
    pub krate: Path,
}

pub enum Data<'a> {
    /// A struct with named fields.
    Struct(Vec<Field<'a>>),
    Enum(Vec<Variant<'a>>),
}

pub struct Variant<'a> {
    pub original: &'a syn::Variant,
    pub ident: &'a Ident,
    /// `#[hp(weight = W)]`.
    pub attrs: Attrs<'a>,
    /// Empty for a unit variant.
    pub fields: Vec<Field<'a>>,
}

pub struct Field<'a> {
    pub original: &'a syn::Field,
    /// `None` for a tuple variant's field.
    pub ident: Option<&'a Ident>,
    pub ty: &'a Type,
    pub field_ty: FieldTy<'a>,
    pub attrs: Attrs<'a>,
    /// What the keys say the field is, `None` if they do not fit together (which `check`
    /// reports).
    pub shape: Option<Shape>,
    /// A scale's checked range and the constants its scale precomputes, set by `check` once the
    /// field passed every rule.
    pub checked: Cell<Option<CheckedScale>>,
}

/// What a field is, decided once from its keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// No attribute: the field's type implements `Hyperparams`.
    Nested,
    Skip,
    Fixed,
    Choice,
    /// A scale whose bounds (and step, grid) are numbers.
    Scale,
    /// A scale with a constant for a bound or the step (`#[hp(log, MIN_LR, 1.0)]`): its rules are
    /// checked by the compiler, in the `const` item the derive writes for the scale.
    ConstScale,
}

/// A scale field that passed the rules: its numbers in the field's type and what `new` would
/// precompute from them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CheckedScale {
    pub ty: NumTy,
    pub low: Num,
    pub high: Num,
    pub step: Option<Num>,
    pub constants: Checked,
}

/// How one field is produced, read from its [`Attrs`] once `check` has found them consistent.
pub enum Kind<'a> {
    /// No attribute: the field's type implements `Hyperparams`.
    Nested,
    Skip,
    Fixed(&'a Value),
    Choice(&'a [Value]),
    Scale(ScaleSpec<'a>),
    ConstScale(ConstScaleSpec<'a>),
}

pub struct ScaleSpec<'a> {
    pub kind: ScaleKind,
    pub key: &'a Ident,
    pub low: &'a Number,
    pub high: &'a Number,
    pub step: Option<&'a Number>,
    /// `grid = K`, the points of a grid search on this scale.
    pub grid: Option<&'a Number>,
}

/// A scale whose bounds and step are numbers or constants, at least one a constant.
pub struct ConstScaleSpec<'a> {
    pub kind: ScaleKind,
    pub key: &'a Ident,
    /// Each a [`Value::Number`] or a [`Value::Path`].
    pub low: &'a Value,
    pub high: &'a Value,
    pub step: Option<&'a Value>,
    pub grid: Option<&'a Number>,
}

impl<'a> Input<'a> {
    /// The IR of `input`, or `None` for a shape the derive cannot handle (a tuple or unit struct,
    /// a union), which is reported to `cx`.
    pub fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Option<Input<'a>> {
        let data = match &input.data {
            SynData::Struct(data) => match &data.fields {
                Fields::Named(fields) => {
                    Data::Struct(fields.named.iter().map(|f| Field::from_syn(cx, f)).collect())
                }
                Fields::Unnamed(fields) => {
                    cx.error_spanned_by(
                        fields,
                        "`#[derive(Hyperparams)]` needs named fields, e.g. `struct Train { #[hp(log, 1e-4, 1.0)] lr: f64 }`: a tuple struct has no field names for the space",
                    );
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        "`#[derive(Hyperparams)]` needs named fields: a unit struct has no hyperparameters",
                    );
                    return None;
                }
            },
            SynData::Enum(data) => Data::Enum(
                data.variants
                    .iter()
                    .map(|variant| Variant {
                        original: variant,
                        ident: &variant.ident,
                        attrs: Attrs::parse(cx, &variant.attrs, Site::Variant),
                        fields: variant.fields.iter().map(|f| Field::from_syn(cx, f)).collect(),
                    })
                    .collect(),
            ),
            SynData::Union(data) => {
                cx.error_at(
                    data.union_token.span,
                    "`#[derive(Hyperparams)]` works on structs with named fields and on enums, not on unions",
                );
                return None;
            }
        };
        let krate = container_crate(cx, input);
        Some(Input { ident: &input.ident, vis: &input.vis, generics: &input.generics, data, krate })
    }
}

/// The path of `#[hp(crate = "...")]` on the type (a string, as serde's `crate`, or a path), or
/// `::hp`.
fn container_crate(cx: &Ctxt, input: &DeriveInput) -> Path {
    let attrs = Attrs::parse(cx, &input.attrs, Site::Container);
    let default = || syn::parse_quote!(::hp);
    match attrs.krate.map(|k| k.value) {
        None => default(),
        Some(Value::Path(path)) => path,
        Some(Value::Str(lit)) => lit.parse::<Path>().unwrap_or_else(|_| {
            cx.error_spanned_by(
                &lit,
                format!(
                    "`crate` takes a path, e.g. `crate = \"my_crate::hp\"`; `{}` is not one",
                    lit.value()
                ),
            );
            default()
        }),
        Some(other) => {
            cx.error_spanned_by(&other, "`crate` takes a path, e.g. `crate = \"my_crate::hp\"`");
            default()
        }
    }
}

impl<'a> Field<'a> {
    fn from_syn(cx: &Ctxt, field: &'a syn::Field) -> Field<'a> {
        let attrs = Attrs::parse(cx, &field.attrs, Site::Field);
        Field {
            original: field,
            ident: field.ident.as_ref(),
            ty: &field.ty,
            field_ty: FieldTy::classify(&field.ty),
            shape: shape(&attrs),
            attrs,
            checked: Cell::new(None),
        }
    }

    /// The field's kind with its values, or `None` if its keys do not fit together (reported by
    /// `check`).
    pub fn kind(&self) -> Option<Kind<'_>> {
        let a = &self.attrs;
        Some(match self.shape? {
            Shape::Nested => Kind::Nested,
            Shape::Skip => Kind::Skip,
            Shape::Fixed => Kind::Fixed(&a.fixed.as_ref()?.value),
            Shape::Choice => Kind::Choice(&a.choice.as_ref()?.values),
            Shape::ConstScale => {
                let scale = a.scale.as_ref()?;
                Kind::ConstScale(ConstScaleSpec {
                    kind: scale.kind,
                    key: &scale.ident,
                    low: &a.bounds[0],
                    high: &a.bounds[1],
                    step: a.step.as_ref().map(|s| &s.value),
                    grid: a.grid.as_ref().and_then(|g| as_number(&g.value)),
                })
            }
            Shape::Scale => {
                let scale = a.scale.as_ref()?;
                Kind::Scale(ScaleSpec {
                    kind: scale.kind,
                    key: &scale.ident,
                    low: as_number(&a.bounds[0])?,
                    high: as_number(&a.bounds[1])?,
                    step: a.step.as_ref().and_then(|s| as_number(&s.value)),
                    grid: a.grid.as_ref().and_then(|g| as_number(&g.value)),
                })
            }
        })
    }

    /// The field's name in the space, `r#` stripped.
    pub fn name(&self) -> String {
        use syn::ext::IdentExt;
        self.ident.map_or_else(String::new, |i| i.unraw().to_string())
    }
}

impl Variant<'_> {
    /// The variant's name in the space, `r#` stripped.
    pub fn name(&self) -> String {
        use syn::ext::IdentExt;
        self.ident.unraw().to_string()
    }

    /// Whether the variant has named fields (`Adam { beta1: f64 }`, `Adam {}`), rather than none
    /// (`Sgd`) or a tuple (`Adam(f64)`, rejected by `check`).
    pub fn is_named(&self) -> bool {
        matches!(self.original.fields, Fields::Named(_))
    }

    /// The weight `#[hp(weight = W)]` gives, `1.0` if none; `None` if it is not a usable number
    /// (reported by `check`).
    pub fn weight(&self) -> Option<f64> {
        match &self.attrs.weight {
            None => Some(1.0),
            Some(weight) => {
                let w = as_number(&weight.value)?.float_value(crate::ty::NumTy::F64);
                (w > 0.0 && w < f64::INFINITY).then_some(w)
            }
        }
    }
}

/// What a field's keys make it, or `None` if they do not fit together: several kinds, an
/// attribute with none, a step or grid without a scale, a scale without exactly two numbers.
fn shape(a: &Attrs) -> Option<Shape> {
    if a.malformed {
        return None;
    }
    let kinds = usize::from(a.scale.is_some())
        + usize::from(a.choice.is_some())
        + usize::from(a.fixed.is_some())
        + usize::from(a.skip.is_some());
    let scaled = a.scale.is_some();
    if kinds > 1
        || (a.attr.is_some() && kinds == 0)
        || ((a.step.is_some() || a.grid.is_some()) && !scaled)
        || (scaled && a.bounds.len() != 2)
        || (!scaled && !a.bounds.is_empty())
    {
        return None;
    }
    let numbers =
        a.bounds.iter().chain(a.step.iter().map(|s| &s.value)).chain(a.grid.iter().map(|g| &g.value));
    Some(if a.skip.is_some() {
        Shape::Skip
    } else if a.fixed.is_some() {
        Shape::Fixed
    } else if a.choice.is_some() {
        Shape::Choice
    } else if scaled {
        if numbers.into_iter().all(|v| as_number(v).is_some()) {
            Shape::Scale
        } else if a
            .bounds
            .iter()
            .chain(a.step.iter().map(|s| &s.value))
            .all(|v| matches!(v, Value::Number(_) | Value::Path(_)))
            && a.grid.iter().all(|g| as_number(&g.value).is_some())
        {
            Shape::ConstScale
        } else {
            return None;
        }
    } else {
        Shape::Nested
    })
}

/// The number in a bound or step, `None` for any other value (reported by `check`).
pub fn as_number(value: &Value) -> Option<&Number> {
    match value {
        Value::Number(number) => Some(number),
        _ => None,
    }
}
