//! `#[hp(...)]` on a field or an enum variant, parsed into [`Attrs`]: one `Option` per key, the
//! positional bounds in order.
//!
//! This stage reports what only the syntax can tell: malformed arguments, unknown keys (with "did
//! you mean"), a key given twice, two `#[hp]` attributes on one field. How the keys combine
//! (conflicts, argument counts) and whether the values fit the field is for [`check`](crate::check).

use hp_rules::{ScaleKind, suggest};
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Ident, Meta, Token};

use crate::ctxt::Ctxt;
use crate::value::Value;

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

/// Where an `#[hp(...)]` sits: fields take scales, `choice`, `fixed`, `skip`; enum variants take
/// only `weight`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    Field,
    Variant,
}

/// The parsed `#[hp(...)]` of one field or variant. Every key is optional here;
/// [`check`](crate::check) decides which combinations make sense.
#[derive(Default)]
pub struct Attrs<'a> {
    /// The `#[hp]` attribute, if the field has one.
    pub attr: Option<&'a Attribute>,
    pub scale: Option<ScaleKey>,
    /// Positional arguments after the scale: LOW and HIGH.
    pub bounds: Vec<Value>,
    pub step: Option<Keyed>,
    /// `grid = K`: the number of points a grid search takes on this scale.
    pub grid: Option<Keyed>,
    pub choice: Option<Choice>,
    pub fixed: Option<Keyed>,
    pub skip: Option<Ident>,
    /// `weight = W` on an enum variant.
    pub weight: Option<Keyed>,
    /// The keys that say what kind of field this is (a scale, `choice`, `fixed`, `skip`), in the
    /// order written, so that a conflict is reported at the later one.
    pub kinds: Vec<Ident>,
    /// Some argument did not parse or was unknown; the field's remaining checks are skipped so
    /// that one typo does not also report a wrong argument count.
    pub malformed: bool,
}

/// Every word `#[hp(...)]` knows, for "did you mean".
const KNOWN: [&str; 8] = ["linear", "log", "reverse_log", "step", "grid", "choice", "fixed", "skip"];

const EXPECTED_KIND: &str =
    "expected one of `linear`, `log`, `reverse_log`, `choice(...)`, `fixed = ...`, `skip`";

/// What a variant's `#[hp(...)]` takes.
const VARIANT_ONLY: &str =
    "on an enum variant `#[hp(...)]` takes only `weight = W`, e.g. `#[hp(weight = 2)]`";

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

impl<'a> Attrs<'a> {
    /// Parses the `#[hp]` attributes among `attrs` of a field or variant, reporting errors to `cx`.
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
            };
            cx.error_spanned_by(attr, format!("empty `#[hp()]`: {expected}"));
            self.malformed = true;
            return;
        }
        for piece in split_commas(cx, list.tokens.clone()) {
            let Some(tokens) = piece else {
                self.malformed = true;
                continue;
            };
            let whole = tokens.clone();
            match (|input: ParseStream| parse_item(input, &whole)).parse2(tokens) {
                Ok(item) if site == Site::Variant => self.add_variant_item(cx, item),
                Ok(item) => self.add_item(cx, item),
                Err(error) => {
                    cx.syn_error(error);
                    self.malformed = true;
                }
            }
        }
    }

    fn add_variant_item(&mut self, cx: &Ctxt, item: Item) {
        let (key, message) = match item {
            Item::KeyValue(key, value) if key == "weight" => {
                match &self.weight {
                    Some(first) => duplicate_key(cx, &first.key, &key),
                    None => self.weight = Some(Keyed { key, value }),
                }
                return;
            }
            Item::Word(key) | Item::KeyValue(key, _) | Item::List(key, _) => {
                let message = if key == "weight" {
                    "expected `weight = W`, e.g. `#[hp(weight = 2)]`".to_owned()
                } else if KNOWN.contains(&key.unraw().to_string().as_str()) {
                    format!("`{key}` applies to fields, not to variants; {VARIANT_ONLY}")
                } else {
                    unknown_among(&["weight"], "unknown key", &key, VARIANT_ONLY)
                };
                (key.into_token_stream(), message)
            }
            Item::Positional(value) => {
                (value.into_token_stream(), format!("unexpected argument: {VARIANT_ONLY}"))
            }
        };
        self.malformed = true;
        cx.error_spanned_by(key, message);
    }

    fn add_item(&mut self, cx: &Ctxt, item: Item) {
        match item {
            Item::Positional(value) => self.bounds.push(value),
            Item::Word(ident) => {
                if ScaleKind::from_name(&ident.to_string()).is_some() || ident == "skip" {
                    self.kinds.push(ident.clone());
                }
                if let Some(kind) = ScaleKind::from_name(&ident.to_string()) {
                    match &self.scale {
                        Some(first) if first.kind == kind => duplicate_key(cx, &first.ident, &ident),
                        Some(first) => {
                            cx.error_spanned_by(
                                &ident,
                                format!(
                                    "a field has one scale; `{}` conflicts with `{}`",
                                    ident, first.ident
                                ),
                            );
                        }
                        None => self.scale = Some(ScaleKey { kind, ident }),
                    }
                } else if ident == "skip" {
                    match &self.skip {
                        Some(first) => duplicate_key(cx, first, &ident),
                        None => self.skip = Some(ident),
                    }
                } else if ident == "weight" {
                    self.malformed = true;
                    cx.error_spanned_by(&ident, WEIGHT_ON_FIELD);
                } else {
                    self.malformed = true;
                    let message = match wrong_form(&ident) {
                        Some(message) => message,
                        None => unknown("unknown scale", &ident, EXPECTED_KIND),
                    };
                    cx.error_spanned_by(&ident, message);
                }
            }
            Item::KeyValue(key, value) => {
                let slot = if key == "step" {
                    &mut self.step
                } else if key == "grid" {
                    &mut self.grid
                } else if key == "fixed" {
                    self.kinds.push(key.clone());
                    &mut self.fixed
                } else if key == "weight" {
                    self.malformed = true;
                    cx.error_spanned_by(&key, WEIGHT_ON_FIELD);
                    return;
                } else {
                    self.malformed = true;
                    let message = match wrong_form(&key) {
                        Some(message) => message,
                        None => unknown(
                            "unknown key",
                            &key,
                            "expected `step = ...` or `grid = ...` after a scale, or `fixed = ...`",
                        ),
                    };
                    cx.error_spanned_by(&key, message);
                    return;
                };
                match slot {
                    Some(first) => duplicate_key(cx, &first.key, &key),
                    None => *slot = Some(Keyed { key, value }),
                }
            }
            Item::List(key, list) => {
                if key != "choice" {
                    self.malformed = true;
                    let message = match wrong_form(&key) {
                        Some(message) => message,
                        None => unknown("unknown list", &key, EXPECTED_KIND),
                    };
                    cx.error_spanned_by(&key, message);
                    return;
                }
                if let Some(first) = &self.choice {
                    duplicate_key(cx, &first.key, &key);
                    return;
                }
                self.kinds.push(key.clone());
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
                self.choice = Some(Choice { key, list, values });
            }
        }
    }
}

/// `weight` written on a field.
const WEIGHT_ON_FIELD: &str = "`weight` goes on an enum variant, not on a field: `#[hp(weight = 2)] Adam { ... }` makes `Adam` twice as likely";

// A field or variant takes one `#[hp(...)]`: a second one is reported at both.
fn check_duplicate_attribute(cx: &Ctxt, first: &Attribute, second: &Attribute, site: Site) {
    let what = match site {
        Site::Field => "field",
        Site::Variant => "variant",
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

/// The error for a known key written in the wrong form (`fixed` without `= VALUE`,
/// `choice = 1`), or `None` for an unknown key.
fn wrong_form(key: &Ident) -> Option<String> {
    let usage = match key.to_string().as_str() {
        "linear" => "linear, LOW, HIGH",
        "log" => "log, LOW, HIGH",
        "reverse_log" => "reverse_log, LOW, HIGH",
        "step" => "step = STEP",
        "grid" => "grid = POINTS",
        "choice" => "choice(V1, V2, ...)",
        "fixed" => "fixed = VALUE",
        "skip" => return Some("`skip` takes no value: `#[hp(skip)]`".to_owned()),
        "weight" => return Some(WEIGHT_ON_FIELD.to_owned()),
        _ => return None,
    };
    Some(format!("expected `{usage}`"))
}

/// "unknown scale `lgo`, did you mean `log`? (expected ...)", the suggestion only when close.
fn unknown(what: &str, ident: &Ident, expected: &str) -> String {
    unknown_among(&KNOWN, what, ident, expected)
}

/// [`unknown`] with the suggestion taken from `known`.
fn unknown_among(known: &[&'static str], what: &str, ident: &Ident, expected: &str) -> String {
    match suggestion(known, ident) {
        Some(known) => format!("{what} `{ident}`, did you mean `{known}`? ({expected})"),
        None => format!("{what} `{ident}`; {expected}"),
    }
}

/// The word of `known` that `ident` is likely a typo of, if any.
fn suggestion(known: &[&'static str], ident: &Ident) -> Option<&'static str> {
    let word = ident.unraw().to_string();
    // A prefix (`lin`) is the closest match; otherwise hp's rule for a likely typo.
    let prefixed = known.iter().filter(|known| word.len() >= 3 && known.starts_with(&word)).min();
    prefixed.copied().or_else(|| suggest::closest(&word, known.iter().copied()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::Span;

    #[test]
    fn suggestion_only_for_close_words() {
        let ident = |s: &str| Ident::new(s, Span::call_site());
        assert_eq!(suggestion(&KNOWN, &ident("lgo")), Some("log"));
        assert_eq!(suggestion(&KNOWN, &ident("reverselog")), Some("reverse_log"));
        assert_eq!(suggestion(&KNOWN, &ident("stpe")), Some("step"));
        assert_eq!(suggestion(&KNOWN, &ident("lin")), Some("linear"));
        assert_eq!(suggestion(&KNOWN, &ident("gaussian")), None);
        assert_eq!(suggestion(&KNOWN, &ident("x")), None);
        assert_eq!(suggestion(&["weight"], &ident("wieght")), Some("weight"));
    }
}
