//! `#[hp(...)]` on a field, an enum variant or the type, parsed into [`Attrs`]: one `Option` per
//! key, the positional bounds in order.
//!
//! Every key is a row of [`KEYS`]: its name, its form, where it goes, how it is written and what
//! it means. The parser dispatches on the table, "did you mean" suggests from it, and the
//! attribute grammar in the README is checked against it (the test below).
//!
//! This stage reports what only the syntax can tell: malformed arguments, unknown keys (with "did
//! you mean"), a key in the wrong place, a key given twice, two `#[hp]` attributes on one item. How
//! the keys combine (conflicts, argument counts) and whether the values fit the field is for
//! [`check`](crate::check).

use hp_rules::{ScaleKind, suggest};
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Ident, Meta, Token};

use crate::ctxt::Ctxt;
use crate::value::Value;

/// A key of `#[hp(...)]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Linear,
    Log,
    ReverseLog,
    Low,
    High,
    Step,
    Grid,
    Choice,
    Fixed,
    Skip,
    Weight,
    Crate,
}

/// How a key is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// A scale word followed by the positional bounds: `log, LOW, HIGH`.
    Scale,
    /// A bare word: `skip`.
    Word,
    /// `key = VALUE`.
    Value,
    /// `key(V1, V2, ...)`.
    List,
}

/// Where an `#[hp(...)]` sits: fields take scales, `choice`, `fixed`, `skip`; enum variants take
/// only `weight`; the type takes only `crate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    Field,
    Variant,
    Container,
}

/// One row of the attribute grammar.
pub struct KeyDef {
    pub key: Key,
    /// The word in `#[hp(...)]`.
    pub name: &'static str,
    pub form: Form,
    pub site: Site,
    /// How it is written, as error messages show it: `log, LOW, HIGH`, `step = STEP`.
    pub usage: &'static str,
    /// The left cell of its row in the README's grammar table (which a test holds to this one).
    #[cfg_attr(not(test), allow(dead_code))]
    pub syntax: &'static str,
    /// The right cell: what it means.
    #[cfg_attr(not(test), allow(dead_code))]
    pub meaning: &'static str,
}

/// The attribute grammar, one row per key, in the order the README lists them.
pub const KEYS: [KeyDef; 12] = [
    KeyDef {
        key: Key::Linear,
        name: "linear",
        form: Form::Scale,
        site: Site::Field,
        usage: "linear, LOW, HIGH",
        syntax: "`#[hp(linear, LOW, HIGH)]`",
        meaning: "uniform on [LOW, HIGH]; on integer fields every value of `LOW..=HIGH` has the same weight",
    },
    KeyDef {
        key: Key::Log,
        name: "log",
        form: Form::Scale,
        site: Site::Field,
        usage: "log, LOW, HIGH",
        syntax: "`#[hp(log, LOW, HIGH)]`",
        meaning: "log-uniform, LOW > 0; on integer fields LOW ≥ 1 (see *Scales*)",
    },
    KeyDef {
        key: Key::ReverseLog,
        name: "reverse_log",
        form: Form::Scale,
        site: Site::Field,
        usage: "reverse_log, LOW, HIGH",
        syntax: "`#[hp(reverse_log, LOW, HIGH)]`",
        meaning: "1 - x log-uniform on [1 - HIGH, 1 - LOW]; 0 ≤ LOW < HIGH < 1; float fields",
    },
    KeyDef {
        key: Key::Low,
        name: "low",
        form: Form::Value,
        site: Site::Field,
        usage: "low = LOW",
        syntax: "`#[hp(log, low = LOW, high = HIGH)]`",
        meaning: "the bounds by name (as Optuna's `suggest_float(name, low, high)`), instead of in position; the same rules",
    },
    KeyDef {
        key: Key::High,
        name: "high",
        form: Form::Value,
        site: Site::Field,
        usage: "high = HIGH",
        syntax: "`..., high = HIGH` with `low`",
        meaning: "the upper bound by name; give both bounds by name or both in position",
    },
    KeyDef {
        key: Key::Step,
        name: "step",
        form: Form::Value,
        site: Site::Field,
        usage: "step = STEP",
        syntax: "`..., step = S` after any of the three",
        meaning: "a grid: `LOW + k·S` (linear), `LOW·S^k` (log, S > 1), `1 - (1 - LOW)/S^k` (reverse_log, S > 1)",
    },
    KeyDef {
        key: Key::Grid,
        name: "grid",
        form: Form::Value,
        site: Site::Field,
        usage: "grid = POINTS",
        syntax: "`..., grid = K` after a scale",
        meaning: "this field's number of grid points (see *Search strategies*)",
    },
    KeyDef {
        key: Key::Choice,
        name: "choice",
        form: Form::List,
        site: Site::Field,
        usage: "choice(V1, V2, ...)",
        syntax: "`#[hp(choice(V1, V2, ...))]`",
        meaning: "one of the values, equal weight: numbers, bools, string literals (`String` fields, or `&'static str` in configs no study stores), enum paths",
    },
    KeyDef {
        key: Key::Fixed,
        name: "fixed",
        form: Form::Value,
        site: Site::Field,
        usage: "fixed = VALUE",
        syntax: "`#[hp(fixed = V)]`",
        meaning: "a constant: part of the config, not of the search (no coordinate)",
    },
    KeyDef {
        key: Key::Skip,
        name: "skip",
        form: Form::Word,
        site: Site::Field,
        usage: "skip",
        syntax: "`#[hp(skip)]`",
        meaning: "`Default::default()`, not part of the space",
    },
    KeyDef {
        key: Key::Weight,
        name: "weight",
        form: Form::Value,
        site: Site::Variant,
        usage: "weight = W",
        syntax: "`#[hp(weight = W)]` on an enum variant",
        meaning: "the variant is picked with weight W (> 0, finite; default 1)",
    },
    KeyDef {
        key: Key::Crate,
        name: "crate",
        form: Form::Value,
        site: Site::Container,
        usage: "crate = \"path\"",
        syntax: "`#[hp(crate = \"path\")]` on the type",
        meaning: "the path the generated code reaches hp through, for a crate that re-exports hp (default `::hp`)",
    },
];

impl Key {
    /// The key's row.
    pub fn def(self) -> &'static KeyDef {
        KEYS.iter().find(|d| d.key == self).expect("every key has a row")
    }

    /// The key named `ident` (`r#` stripped), if any.
    fn from_ident(ident: &Ident) -> Option<Key> {
        let word = ident.unraw().to_string();
        KEYS.iter().find(|d| d.name == word).map(|d| d.key)
    }

    /// The scale a scale key names.
    pub fn scale_kind(self) -> Option<ScaleKind> {
        match self {
            Key::Linear => Some(ScaleKind::Linear),
            Key::Log => Some(ScaleKind::Log),
            Key::ReverseLog => Some(ScaleKind::ReverseLog),
            _ => None,
        }
    }
}

/// The scale word (`log`), with its ident for spans.
pub struct ScaleKey {
    pub kind: ScaleKind,
    pub ident: Ident,
}

/// `key = value`.
pub struct Keyed {
    pub key: Ident,
    pub value: Value,
}

/// `choice(V1, V2, ...)`.
pub struct Choice {
    pub key: Ident,
    /// The parenthesized list, for an error about an empty choice.
    pub list: TokenStream,
    pub values: Vec<Value>,
}

/// The parsed `#[hp(...)]` of one field, variant or type. Every key is optional here;
/// [`check`](crate::check) decides which combinations make sense.
#[derive(Default)]
pub struct Attrs<'a> {
    /// The `#[hp]` attribute, if there is one.
    pub attr: Option<&'a Attribute>,
    pub scale: Option<ScaleKey>,
    /// Positional arguments after the scale: LOW and HIGH.
    pub bounds: Vec<Value>,
    /// `low = LOW` and `high = HIGH`, the bounds by name: moved into `bounds` once the attribute
    /// is parsed.
    pub named_bounds: [Option<Keyed>; 2],
    pub step: Option<Keyed>,
    /// `grid = K`: the number of points a grid search takes on this scale.
    pub grid: Option<Keyed>,
    pub choice: Option<Choice>,
    pub fixed: Option<Keyed>,
    pub skip: Option<Ident>,
    /// `weight = W` on an enum variant.
    pub weight: Option<Keyed>,
    /// `crate = "path"` on the type.
    pub krate: Option<Keyed>,
    /// The keys that say what kind of field this is (a scale, `choice`, `fixed`, `skip`), in the
    /// order written, so that a conflict is reported at the later one.
    pub kinds: Vec<Ident>,
    /// Some argument did not parse or was unknown; the remaining checks are skipped so that one
    /// typo does not also report a wrong argument count.
    pub malformed: bool,
}

/// What a field's `#[hp(...)]` says it is, as the messages list it.
const EXPECTED_KIND: &str =
    "expected one of `linear`, `log`, `reverse_log`, `choice(...)`, `fixed = ...`, `skip`";

/// What a variant's `#[hp(...)]` takes.
const VARIANT_ONLY: &str =
    "on an enum variant `#[hp(...)]` takes only `weight = W`, e.g. `#[hp(weight = 2)]`";

/// `weight` written on a field.
const WEIGHT_ON_FIELD: &str = "`weight` goes on an enum variant, not on a field: `#[hp(weight = 2)] Adam { ... }` makes `Adam` twice as likely";

/// A field key written on the type.
const FIELD_KEY_ON_TYPE: &str =
    "`#[hp(...)]` goes on fields, not on the type: e.g. `#[hp(log, 1e-4, 1.0)] lr: f64`";

/// One comma-separated argument of `#[hp(...)]`, before it is given a meaning.
enum Item {
    /// `linear`, `skip`
    Word(Ident),
    /// `step = 2`, `fixed = 3`
    KeyValue(Ident, Value),
    /// `choice(...)`
    List(Ident, TokenStream),
    /// `1e-4`, `-3`
    Positional(Value),
}

impl Item {
    fn form(&self) -> Form {
        match self {
            Item::Word(_) => Form::Word,
            Item::KeyValue(..) => Form::Value,
            Item::List(..) => Form::List,
            Item::Positional(_) => Form::Scale,
        }
    }
}

impl<'a> Attrs<'a> {
    /// Parses the `#[hp]` attributes among `attrs` of a field, variant or type, reporting errors
    /// to `cx`.
    pub fn parse(cx: &Ctxt, attrs: &'a [Attribute], site: Site) -> Attrs<'a> {
        let mut out = Attrs::default();
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("hp")) {
            if let Some(first) = out.attr {
                check_duplicate_attribute(cx, first, attr, site);
                continue;
            }
            out.attr = Some(attr);
            out.parse_attribute(cx, attr, site);
        }
        out
    }

    fn parse_attribute(&mut self, cx: &Ctxt, attr: &Attribute, site: Site) {
        let list = match &attr.meta {
            Meta::List(list) if matches!(list.delimiter, syn::MacroDelimiter::Paren(_)) => list,
            _ => {
                let example = match site {
                    Site::Field => "e.g. `#[hp(log, 1e-4, 1.0)]` or `#[hp(skip)]`",
                    Site::Variant => "e.g. `#[hp(weight = 2)]` on a variant",
                    Site::Container => "e.g. `#[hp(crate = \"my_crate::hp\")]` on the type",
                };
                cx.error_spanned_by(attr, format!("expected `#[hp(...)]`, {example}"));
                self.malformed = true;
                return;
            }
        };
        if list.tokens.is_empty() {
            let expected = match site {
                Site::Field => EXPECTED_KIND,
                Site::Variant => VARIANT_ONLY,
                Site::Container => "on the type `#[hp(...)]` takes only `crate = \"path\"`",
            };
            cx.error_spanned_by(attr, format!("empty `#[hp()]`: {expected}"));
            self.malformed = true;
            return;
        }
        let mut items = Vec::new();
        for piece in split_commas(cx, list.tokens.clone()) {
            let Some(tokens) = piece else {
                self.malformed = true;
                continue;
            };
            let whole = tokens.clone();
            match (|input: ParseStream| parse_item(input, &whole)).parse2(tokens) {
                Ok(item) => items.push(item),
                Err(error) => {
                    cx.syn_error(error);
                    self.malformed = true;
                }
            }
        }
        // The type takes only `crate`: anything else is one error at the whole attribute, which
        // is what was put in the wrong place.
        let key_of = |item: &Item| match item {
            Item::Word(k) | Item::KeyValue(k, _) | Item::List(k, _) => Key::from_ident(k),
            Item::Positional(_) => None,
        };
        if site == Site::Container && items.iter().any(|item| key_of(item) != Some(Key::Crate)) {
            cx.error_spanned_by(attr, FIELD_KEY_ON_TYPE);
            self.malformed = true;
            return;
        }
        for item in items {
            self.add_item(cx, item, site);
        }
        self.name_bounds(cx);
    }

    /// Moves `low = ...` and `high = ...` into the positional bounds: both are needed, and not
    /// beside positional ones (one error at the first named key, so no count error follows).
    fn name_bounds(&mut self, cx: &Ctxt) {
        let [low, high] = std::mem::take(&mut self.named_bounds);
        let first = match (&low, &high) {
            (None, None) => return,
            (Some(k), _) | (None, Some(k)) => k.key.clone(),
        };
        let example = "e.g. `#[hp(log, low = 1e-4, high = 1.0)]` or `#[hp(log, 1e-4, 1.0)]`";
        let message = if !self.bounds.is_empty() {
            Some(format!("the bounds are given by name or in position, not both: {example}"))
        } else if low.is_none() {
            Some(format!("`high` needs `low` too: {example}"))
        } else if high.is_none() {
            Some(format!("`low` needs `high` too: {example}"))
        } else {
            None
        };
        match message {
            Some(message) => {
                cx.error_spanned_by(&first, message);
                self.malformed = true;
            }
            None => self.bounds = [low, high].into_iter().flatten().map(|k| k.value).collect(),
        }
    }

    fn add_item(&mut self, cx: &Ctxt, item: Item, site: Site) {
        let (ident, value, list) = match item {
            Item::Positional(value) => {
                if site == Site::Field {
                    self.bounds.push(value);
                } else {
                    self.malformed = true;
                    cx.error_spanned_by(value, format!("unexpected argument: {VARIANT_ONLY}"));
                }
                return;
            }
            Item::Word(ident) => (ident, None, None),
            Item::KeyValue(ident, value) => (ident, Some(value), None),
            Item::List(ident, list) => (ident, None, Some(list)),
        };
        let form = if value.is_some() {
            Form::Value
        } else if list.is_some() {
            Form::List
        } else {
            Form::Word
        };
        // `MIN_LR` in `#[hp(log, MIN_LR, 1.0)]`: a constant's name, not a key, is a bound.
        if site == Site::Field
            && form == Form::Word
            && Key::from_ident(&ident).is_none()
            && is_constant_name(&ident)
        {
            self.bounds.push(Value::Path(ident.into()));
            return;
        }
        let Some(key) = Key::from_ident(&ident).filter(|k| k.def().site == site) else {
            self.malformed = true;
            cx.error_spanned_by(&ident, misplaced_or_unknown(&ident, form, site));
            return;
        };
        let def = key.def();
        // A scale is a word; other keys take their own form.
        let fits = def.form == form || (def.form == Form::Scale && form == Form::Word);
        if !fits {
            self.malformed = true;
            cx.error_spanned_by(&ident, wrong_form(key));
            return;
        }
        match key {
            Key::Linear | Key::Log | Key::ReverseLog => {
                self.kinds.push(ident.clone());
                let kind = key.scale_kind().expect("a scale key");
                match &self.scale {
                    Some(first) if first.kind == kind => duplicate_key(cx, &first.ident, &ident),
                    Some(first) => cx.error_spanned_by(
                        &ident,
                        format!("a field has one scale; `{}` conflicts with `{}`", ident, first.ident),
                    ),
                    None => self.scale = Some(ScaleKey { kind, ident }),
                }
            }
            Key::Skip => {
                self.kinds.push(ident.clone());
                match &self.skip {
                    Some(first) => duplicate_key(cx, first, &ident),
                    None => self.skip = Some(ident),
                }
            }
            Key::Choice => {
                if let Some(first) = &self.choice {
                    duplicate_key(cx, &first.key, &ident);
                    return;
                }
                self.kinds.push(ident.clone());
                let list = list.unwrap_or_default();
                let values = self.parse_list(cx, &list);
                self.choice = Some(Choice { key: ident, list, values });
            }
            Key::Low | Key::High | Key::Step | Key::Grid | Key::Fixed | Key::Weight | Key::Crate => {
                if key == Key::Fixed {
                    self.kinds.push(ident.clone());
                }
                let slot = match key {
                    Key::Low => &mut self.named_bounds[0],
                    Key::High => &mut self.named_bounds[1],
                    Key::Step => &mut self.step,
                    Key::Grid => &mut self.grid,
                    Key::Fixed => &mut self.fixed,
                    Key::Weight => &mut self.weight,
                    _ => &mut self.krate,
                };
                match slot {
                    Some(first) => duplicate_key(cx, &first.key, &ident),
                    None => *slot = value.map(|value| Keyed { key: ident, value }),
                }
            }
        }
    }

    /// The values of `choice(...)`.
    fn parse_list(&mut self, cx: &Ctxt, list: &TokenStream) -> Vec<Value> {
        let mut values = Vec::new();
        let inner = match list.clone().into_iter().next() {
            Some(TokenTree::Group(group)) => group.stream(),
            _ => TokenStream::new(),
        };
        for piece in split_commas(cx, inner) {
            let Some(tokens) = piece else {
                self.malformed = true;
                continue;
            };
            let whole = tokens.clone();
            match (|input: ParseStream| parse_whole_value(input, &whole)).parse2(tokens) {
                Ok(value) => values.push(value),
                Err(error) => {
                    cx.syn_error(error);
                    self.malformed = true;
                }
            }
        }
        values
    }
}

/// The error for a key that is unknown, or known but not here (`weight` on a field, a scale on a
/// variant), with a suggestion among the keys that go here when one is close.
/// A name in the style of a constant (`MIN_LR`, `MAX_2`): upper-case letters, digits and
/// underscores, with a letter; keys are lower case.
fn is_constant_name(ident: &Ident) -> bool {
    let name = ident.to_string();
    name.chars().any(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn misplaced_or_unknown(ident: &Ident, form: Form, site: Site) -> String {
    match (site, Key::from_ident(ident)) {
        (Site::Field, Some(Key::Weight)) => WEIGHT_ON_FIELD.to_owned(),
        (Site::Variant, Some(Key::Weight)) => "expected `weight = W`, e.g. `#[hp(weight = 2)]`".to_owned(),
        (Site::Variant, Some(_)) => format!("`{ident}` applies to fields, not to variants; {VARIANT_ONLY}"),
        (Site::Field, Some(Key::Crate)) => {
            "`crate` goes on the type, not on a field: `#[hp(crate = \"path\")] struct Train { ... }`"
                .to_owned()
        }
        (Site::Variant, None) => unknown(site, "unknown key", ident, VARIANT_ONLY),
        (_, _) => {
            let (what, expected) = match form {
                Form::Word | Form::Scale => ("unknown scale", EXPECTED_KIND),
                Form::Value => {
                    ("unknown key", "expected `step = ...` or `grid = ...` after a scale, or `fixed = ...`")
                }
                Form::List => ("unknown list", EXPECTED_KIND),
            };
            unknown(site, what, ident, expected)
        }
    }
}

/// The error for a known key written in the wrong form (`fixed` without `= VALUE`, `choice = 1`).
fn wrong_form(key: Key) -> String {
    match key {
        Key::Skip => "`skip` takes no value: `#[hp(skip)]`".to_owned(),
        Key::Weight => "expected `weight = W`, e.g. `#[hp(weight = 2)]`".to_owned(),
        _ => format!("expected `{}`", key.def().usage),
    }
}

// A field or variant takes one `#[hp(...)]`: a second one is reported at both.
fn check_duplicate_attribute(cx: &Ctxt, first: &Attribute, second: &Attribute, site: Site) {
    let what = match site {
        Site::Field => "field",
        Site::Variant => "variant",
        Site::Container => "type",
    };
    cx.error_spanned_by(
        second,
        format!("duplicate `#[hp]` attribute: put every key of a {what} in one `#[hp(...)]`"),
    );
    cx.error_spanned_by(first, format!("the first `#[hp]` attribute of this {what} is here"));
}

/// A key given twice, reported at both occurrences.
fn duplicate_key(cx: &Ctxt, first: &Ident, second: &Ident) {
    cx.error_spanned_by(second, format!("duplicate `{second}`"));
    cx.error_spanned_by(first, format!("`{first}` first given here"));
}

/// Splits at top-level commas. A trailing comma is fine; an empty argument is reported (at its
/// comma) and yields `None`.
fn split_commas(cx: &Ctxt, tokens: TokenStream) -> Vec<Option<TokenStream>> {
    let mut pieces = Vec::new();
    let mut current = TokenStream::new();
    for token in tokens {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == ',' => {
                if current.is_empty() {
                    cx.error_spanned_by(&token, "expected an argument before this comma");
                    pieces.push(None);
                } else {
                    pieces.push(Some(std::mem::take(&mut current)));
                }
            }
            _ => current.extend([token]),
        }
    }
    if !current.is_empty() {
        pieces.push(Some(current));
    }
    pieces
}

fn parse_item(input: ParseStream, whole: &TokenStream) -> syn::Result<Item> {
    let is_word = input.peek(Ident::peek_any)
        && !input.peek(syn::LitBool)
        && !input.peek2(Token![::])
        && !input.peek(Token![Self]);
    let item = if is_word {
        let ident = Ident::parse_any(input)?;
        if input.is_empty() {
            Item::Word(ident)
        } else if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            Item::KeyValue(ident, input.parse()?)
        } else if input.peek(syn::token::Paren) {
            let list: TokenTree = input.parse()?;
            Item::List(ident, list.into_token_stream())
        } else {
            return Err(input.error("expected `,`, `= VALUE` or `(...)`"));
        }
    } else {
        Item::Positional(input.parse()?)
    };
    expect_end(input, whole)?;
    debug_assert!(matches!(item.form(), Form::Word | Form::Value | Form::List | Form::Scale));
    Ok(item)
}

fn parse_whole_value(input: ParseStream, whole: &TokenStream) -> syn::Result<Value> {
    let value = input.parse()?;
    expect_end(input, whole)?;
    Ok(value)
}

/// After a value only a comma may follow: hp evaluates no expressions. The error spans the whole
/// argument (`1 + 1`), which is what is wrong.
fn expect_end(input: ParseStream, whole: &TokenStream) -> syn::Result<()> {
    if input.is_empty() {
        return Ok(());
    }
    Err(syn::Error::new_spanned(
        whole,
        "expected a literal or a path, not an expression: hp evaluates no expressions",
    ))
}

/// "unknown scale `lgo`, did you mean `log`? (expected ...)", the suggestion (among the keys
/// that go at `site`) only when close.
fn unknown(site: Site, what: &str, ident: &Ident, expected: &str) -> String {
    match suggestion(site, ident) {
        Some(known) => format!("{what} `{ident}`, did you mean `{known}`? ({expected})"),
        None => format!("{what} `{ident}`; {expected}"),
    }
}

/// The key at `site` that `ident` is likely a typo of, if any.
fn suggestion(site: Site, ident: &Ident) -> Option<&'static str> {
    let word = ident.unraw().to_string();
    let known = || KEYS.iter().filter(|d| d.site == site).map(|d| d.name);
    // A prefix (`lin`) is the closest match; otherwise hp's rule for a likely typo.
    let prefixed = known().filter(|k| word.len() >= 3 && k.starts_with(&word)).min();
    prefixed.or_else(|| suggest::closest(&word, known()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::Span;

    #[test]
    fn suggestion_only_for_close_words() {
        let ident = |s: &str| Ident::new(s, Span::call_site());
        assert_eq!(suggestion(Site::Field, &ident("lgo")), Some("log"));
        assert_eq!(suggestion(Site::Field, &ident("reverselog")), Some("reverse_log"));
        assert_eq!(suggestion(Site::Field, &ident("stpe")), Some("step"));
        assert_eq!(suggestion(Site::Field, &ident("lin")), Some("linear"));
        assert_eq!(suggestion(Site::Field, &ident("gaussian")), None);
        assert_eq!(suggestion(Site::Field, &ident("x")), None);
        assert_eq!(suggestion(Site::Variant, &ident("wieght")), Some("weight"));
        assert_eq!(suggestion(Site::Container, &ident("krate")), Some("crate"));
    }

    /// The derive's own documentation (what docs.rs shows for the macro) holds the README's
    /// grammar table, row for row.
    #[test]
    fn the_derive_documents_the_readmes_grammar() {
        let read = |path: &str| {
            std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect(path)
        };
        let table = |text: &str, prefix: &str| -> Vec<String> {
            let lines: Vec<&str> =
                text.lines().map(|l| l.trim_start().strip_prefix(prefix).unwrap_or("")).collect();
            let start =
                lines.iter().position(|l| *l == "| attribute | meaning |").expect("the grammar table");
            lines[start..].iter().take_while(|l| l.starts_with('|')).map(|l| l.to_string()).collect()
        };
        assert_eq!(table(&read("src/lib.rs"), "/// "), table(&read("../README.md"), ""));
    }

    /// The README's grammar table is the key table: each key's row, in order, and the one row
    /// that is not a key (a field without an attribute).
    #[test]
    fn the_readme_lists_every_key_as_the_table_does() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
            .expect("the workspace README");
        let start = readme.find("| attribute | meaning |").expect("the grammar table");
        let rows: Vec<&str> = readme[start..].lines().skip(2).take_while(|l| l.starts_with('|')).collect();
        let keys: Vec<String> = KEYS.iter().map(|d| format!("| {} | {} |", d.syntax, d.meaning)).collect();
        let listed: Vec<&str> = rows.iter().copied().filter(|r| !r.starts_with("| no attribute |")).collect();
        assert_eq!(listed, keys, "the README's grammar table and attr::KEYS differ");
        assert_eq!(rows.len(), KEYS.len() + 1, "one row for a field without an attribute");
    }
}
