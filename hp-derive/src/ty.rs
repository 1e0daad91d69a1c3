//! Field types as the derive sees them: which primitive a scale works on, whether a choice of
//! strings or bools fits, and the type's text for `Space`.
//!
//! The derive has no type information, only tokens, so a type is recognised by its last path
//! segment: `f64`, `core::primitive::f64` and `std::primitive::f64` are all `f64`, while a type
//! alias such as `type Rate = f64` is not a number to it.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{Ident, Type};

/// The numeric field types hp-core has scales for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumTy {
    F32,
    F64,
    U8,
    U16,
    U32,
    U64,
    Usize,
    I8,
    I16,
    I32,
    I64,
    Isize,
}

impl NumTy {
    /// Every numeric type, for lookups by name.
    const ALL: [NumTy; 12] = [
        NumTy::F32,
        NumTy::F64,
        NumTy::U8,
        NumTy::U16,
        NumTy::U32,
        NumTy::U64,
        NumTy::Usize,
        NumTy::I8,
        NumTy::I16,
        NumTy::I32,
        NumTy::I64,
        NumTy::Isize,
    ];

    /// The Rust name, which is also the literal suffix.
    pub fn name(self) -> &'static str {
        match self {
            NumTy::F32 => "f32",
            NumTy::F64 => "f64",
            NumTy::U8 => "u8",
            NumTy::U16 => "u16",
            NumTy::U32 => "u32",
            NumTy::U64 => "u64",
            NumTy::Usize => "usize",
            NumTy::I8 => "i8",
            NumTy::I16 => "i16",
            NumTy::I32 => "i32",
            NumTy::I64 => "i64",
            NumTy::Isize => "isize",
        }
    }

    pub fn from_name(name: &str) -> Option<NumTy> {
        NumTy::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The machine epsilon of a float type, 0 for integers (hp-core's `Number::__EPSILON`).
    pub fn epsilon(self) -> f64 {
        match self {
            NumTy::F32 => f64::from(f32::EPSILON),
            NumTy::F64 => f64::EPSILON,
            _ => 0.0,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, NumTy::F32 | NumTy::F64)
    }

    /// The range of an integer type. `usize` and `isize` are taken as 64-bit: on a 32-bit target a
    /// larger bound still fails to compile, through rustc's `overflowing_literals` lint on the
    /// generated literal.
    pub fn int_range(self) -> (i128, i128) {
        match self {
            NumTy::U8 => (0, u8::MAX.into()),
            NumTy::U16 => (0, u16::MAX.into()),
            NumTy::U32 => (0, u32::MAX.into()),
            NumTy::U64 | NumTy::Usize => (0, u64::MAX.into()),
            NumTy::I8 => (i8::MIN.into(), i8::MAX.into()),
            NumTy::I16 => (i16::MIN.into(), i16::MAX.into()),
            NumTy::I32 => (i32::MIN.into(), i32::MAX.into()),
            NumTy::I64 | NumTy::Isize => (i64::MIN.into(), i64::MAX.into()),
            NumTy::F32 | NumTy::F64 => (i128::MIN, i128::MAX),
        }
    }
}

/// What the derive can tell about a field's type.
#[derive(Clone, Copy, Debug)]
pub enum FieldTy<'a> {
    /// A numeric primitive with scales.
    Num(NumTy),
    Bool,
    /// `&str` of any lifetime, for a choice of string literals.
    Str,
    /// `String`, for a choice of string literals in a config that is read back from disk (a
    /// study's), which `&'static str` cannot be.
    String,
    /// `u128` or `i128`, which hp-core has no scales for.
    Wide(&'a Ident),
    /// Anything else: a nested config, an enum, a type alias.
    Other,
}

impl<'a> FieldTy<'a> {
    pub fn classify(ty: &'a Type) -> FieldTy<'a> {
        match ty {
            Type::Group(group) => FieldTy::classify(&group.elem),
            Type::Paren(paren) => FieldTy::classify(&paren.elem),
            Type::Reference(reference) if reference.mutability.is_none() => {
                match FieldTy::classify(&reference.elem) {
                    FieldTy::Other if last_ident(&reference.elem).is_some_and(|i| i == "str") => FieldTy::Str,
                    _ => FieldTy::Other,
                }
            }
            _ => match last_ident(ty) {
                Some(ident) if ident == "bool" => FieldTy::Bool,
                Some(ident) if ident == "String" => FieldTy::String,
                Some(ident) if ident == "u128" || ident == "i128" => FieldTy::Wide(ident),
                Some(ident) => NumTy::from_name(&ident.to_string()).map_or(FieldTy::Other, FieldTy::Num),
                None => FieldTy::Other,
            },
        }
    }
}

/// The last segment of a plain path type without generic arguments (`f64` in `core::primitive::f64`).
fn last_ident(ty: &Type) -> Option<&Ident> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let segment = path.path.segments.last()?;
    segment.arguments.is_none().then_some(&segment.ident)
}

/// The type as written, compactly (`&'static str`, `Option<Activation>`), for `Param::rust_type`.
pub fn type_name(ty: &Type) -> String {
    tokens_text(ty.to_token_stream())
}

/// Tokens as compact source text: `Activation::Gelu`, `&'static str`.
pub fn tokens_text(tokens: TokenStream) -> String {
    let mut out = String::new();
    write_tokens(&mut out, tokens);
    out
}

fn write_tokens(out: &mut String, tokens: TokenStream) {
    // A space goes only between two words (`dyn Trait`, `'static str`) and after a comma; the
    // quote of a lifetime is punctuation, so it joins the word after it.
    let mut last_was_word = false;
    for token in tokens {
        let is_word = matches!(token, TokenTree::Ident(_) | TokenTree::Literal(_));
        if is_word && last_was_word {
            out.push(' ');
        }
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_tokens(out, group.stream());
                out.push_str(close);
                last_was_word = false;
            }
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                if punct.as_char() == ',' {
                    out.push(' ');
                }
                last_was_word = false;
            }
            other => {
                out.push_str(&other.to_string());
                last_was_word = true;
            }
        }
    }
}

/// Whether `ident` (a type parameter) occurs anywhere in `ty`.
pub fn mentions(ty: &Type, ident: &Ident) -> bool {
    fn scan(tokens: TokenStream, ident: &Ident) -> bool {
        tokens.into_iter().any(|token| match token {
            TokenTree::Ident(i) => i == *ident,
            TokenTree::Group(group) => scan(group.stream(), ident),
            _ => false,
        })
    }
    scan(ty.to_token_stream(), ident)
}
