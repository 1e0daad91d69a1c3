//! Values written in `#[hp(...)]`: bounds, steps, choices and fixed values, kept with their tokens
//! so that an error can underline exactly the literal (a negative number with its minus sign).

use proc_macro2::TokenStream;
use quote::{ToTokens, TokenStreamExt};
use syn::parse::{Parse, ParseStream};
use syn::{Lit, LitBool, LitFloat, LitInt, LitStr, Path, Token};

use hp_rules::Num;

use crate::ty::NumTy;

/// A number as written: an optional `-` and an integer or float literal, parsed as two tokens so
/// that both are underlined by an error.
pub struct Number {
    pub minus: Option<Token![-]>,
    pub lit: NumLit,
}

pub enum NumLit {
    Int(LitInt),
    Float(LitFloat),
}

impl Number {
    pub fn is_int_literal(&self) -> bool {
        matches!(self.lit, NumLit::Int(_))
    }

    /// The literal's suffix (`u8` in `3u8`), empty if none.
    pub fn suffix(&self) -> &str {
        match &self.lit {
            NumLit::Int(lit) => lit.suffix(),
            NumLit::Float(lit) => lit.suffix(),
        }
    }

    /// The literal's digits without sign or suffix (`1e-4`, `16777217`).
    pub fn digits(&self) -> &str {
        match &self.lit {
            NumLit::Int(lit) => lit.base10_digits(),
            NumLit::Float(lit) => lit.base10_digits(),
        }
    }

    /// The value of an integer literal, or `None` for a float literal or one beyond `i128`.
    pub fn int_value(&self) -> Option<i128> {
        if !self.is_int_literal() {
            return None;
        }
        let magnitude: u128 = self.digits().parse().ok()?;
        if self.minus.is_some() {
            0i128.checked_sub_unsigned(magnitude)
        } else {
            i128::try_from(magnitude).ok()
        }
    }

    /// The value as a float of type `ty`, widened to `f64`. The digits are parsed directly in the
    /// field's type, as rustc reads a literal: `0.1` on an `f32` field is `0.1f32`, not `0.1f64`
    /// narrowed. May be infinite (`1e39` on `f32`).
    pub fn float_value(&self, ty: NumTy) -> f64 {
        let digits = self.digits();
        let magnitude = if ty == NumTy::F32 {
            digits.parse::<f32>().map_or(f64::NAN, f64::from)
        } else {
            digits.parse::<f64>().unwrap_or(f64::NAN)
        };
        if self.minus.is_some() { -magnitude } else { magnitude }
    }

    /// The value in the field's type (a float widened to `f64`, exact for `f32`), if it is
    /// representable: an integer literal in range on an integer field, a finite number on a float
    /// field. The checks report every other case.
    pub fn typed(&self, ty: NumTy) -> Option<Num> {
        if ty.is_float() {
            let x = self.float_value(ty);
            x.is_finite().then_some(Num::Float(x))
        } else {
            let (min, max) = ty.int_range();
            self.int_value().filter(|v| (min..=max).contains(v)).map(Num::Int)
        }
    }

    /// The source text, as a label in `Space` and in messages: `-1e-4`, `3u8`.
    pub fn text(&self) -> String {
        let lit = match &self.lit {
            NumLit::Int(lit) => lit.to_string(),
            NumLit::Float(lit) => lit.to_string(),
        };
        match self.minus {
            Some(_) => format!("-{lit}"),
            None => lit,
        }
    }
}

impl ToTokens for Number {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.minus.to_tokens(tokens);
        match &self.lit {
            NumLit::Int(lit) => lit.to_tokens(tokens),
            NumLit::Float(lit) => lit.to_tokens(tokens),
        }
    }
}

/// A value in `#[hp(...)]`: a number, a bool, a string literal or a path (an enum variant or a
/// constant).
pub enum Value {
    Number(Number),
    Bool(LitBool),
    Str(LitStr),
    Path(Path),
}

impl Value {
    /// The label in `Space` and in validation messages: the source text, strings without quotes.
    pub fn label(&self) -> String {
        match self {
            Value::Number(number) => number.text(),
            Value::Bool(lit) => lit.value().to_string(),
            Value::Str(lit) => lit.value(),
            Value::Path(path) => crate::ty::tokens_text(path.to_token_stream()),
        }
    }

    /// What kind of value this is, for messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Number(number) if number.is_int_literal() => "an integer",
            Value::Number(_) => "a float",
            Value::Bool(_) => "a bool",
            Value::Str(_) => "a string",
            Value::Path(_) => "a path",
        }
    }
}

impl ToTokens for Value {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Value::Number(number) => number.to_tokens(tokens),
            Value::Bool(lit) => tokens.append(lit.token()),
            Value::Str(lit) => lit.to_tokens(tokens),
            Value::Path(path) => path.to_tokens(tokens),
        }
    }
}

impl Parse for Value {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(Token![-]) {
            let minus: Token![-] = input.parse()?;
            let lit = match input.parse::<Lit>() {
                Ok(Lit::Int(lit)) => NumLit::Int(lit),
                Ok(Lit::Float(lit)) => NumLit::Float(lit),
                _ => {
                    return Err(syn::Error::new(minus.span, "expected a number after `-`"));
                }
            };
            return Ok(Value::Number(Number { minus: Some(minus), lit }));
        }
        if input.peek(Lit) {
            return match input.parse::<Lit>()? {
                Lit::Int(lit) => Ok(Value::Number(Number { minus: None, lit: NumLit::Int(lit) })),
                Lit::Float(lit) => Ok(Value::Number(Number { minus: None, lit: NumLit::Float(lit) })),
                Lit::Bool(lit) => Ok(Value::Bool(lit)),
                Lit::Str(lit) => Ok(Value::Str(lit)),
                other => Err(syn::Error::new_spanned(
                    other,
                    "unsupported literal: expected a number, `true`/`false`, a string or a path",
                )),
            };
        }
        if input.peek(syn::Ident) || input.peek(Token![::]) || input.peek(Token![Self]) {
            return input.call(Path::parse_mod_style).map(Value::Path);
        }
        Err(input.error("expected a number, `true`/`false`, a string or a path"))
    }
}
