//! Code generation. Reads only the IR, after `check` has passed; on any error it emits the errors
//! plus a [`fallback`] impl instead.
//!
//! The generated impl lives in `const _: () = { ... };` with one `const` per scaled field
//! (`__HP_SCALE_<index>`), built with hp-core's `__new_unchecked` from the constants `check`
//! computed with [`hp_rules::range`], which hp-core's constructors call too. A scale with a constant
//! bound or step is a `const` whose initializer calls those `const fn` rules on the constants'
//! values. Inside the block the
//! runtime is reached through one alias, `use ::hp::__private as __hp;` (or the path of
//! `#[hp(crate = "...")]`); std items by absolute path (`::core::...`). Every generated local
//! starts with `__`.
//! The typed handles (`Hyperparams::Params`) are structs next to the config, `__<Config>Params`,
//! hidden from the docs.

use proc_macro2::{Group, Literal, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, LitInt, Type};

use hp_rules::range::Checked;
use hp_rules::{Num, ScaleKind, weights};

use crate::ast::{CheckedScale, ConstScaleSpec, Data, Field, Input, Kind, ScaleSpec, Variant};
use crate::check;
use crate::ctxt::Ctxt;
use crate::ty::{self, FieldTy, NumTy};
use crate::value::{Number, Value};

/// The whole derive: parse, check, expand.
pub fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let ast = Input::from_syn(&cx, input);
    if let Some(ast) = &ast {
        check::check(&cx, ast);
    }
    let expanded = match (cx.check(), &ast) {
        (Ok(()), Some(ast)) => expand(ast),
        (Err(errors), _) => Err(errors),
        (Ok(()), None) => Err(bug(input, "no IR and no error")),
    };
    expanded.unwrap_or_else(|errors| {
        let errors = errors.into_compile_error();
        let fallback = fallback(input, ast.as_ref());
        quote!(#errors #fallback)
    })
}

/// An impl that compiles whatever the fields are, emitted next to the errors so that the user's
/// code calling `Cfg::sample()`, `Cfg::DIM` or `Cfg::params().lr` shows no follow-on errors. Its
/// bodies panic, which is harmless: the crate does not compile.
fn fallback(input: &DeriveInput, ast: Option<&Input>) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let (structs, params, span) = match ast.and_then(fallback_params) {
        Some(params) => params,
        None => (TokenStream::new(), quote!(()), Span::call_site()),
    };
    // Spanned as in `expand`, so that a nested type without `Hyperparams` is reported once.
    let params_item = quote_spanned! {span=>
        type Params = #params;
        fn params_at(_: &::core::primitive::str, _: ::core::primitive::usize) -> Self::Params {
            ::core::unimplemented!()
        }
    };
    let default: syn::Path = syn::parse_quote!(::hp);
    let krate = ast.map_or(&default, |ast| &ast.krate);
    quote! {
        #structs
        const _: () = {
            use #krate::__private as __hp;
            #[automatically_derived]
            impl #impl_generics __hp::Hyperparams for #ident #ty_generics #where_clause {
                const DIM: ::core::primitive::usize = 0;
                fn sample_with<__R: __hp::Rng + ?::core::marker::Sized>(_: &mut __R) -> Self {
                    ::core::unimplemented!()
                }
                fn from_unit(_: &[::core::primitive::f64]) -> Self {
                    ::core::unimplemented!()
                }
                fn write_unit(&self, _: &mut __hp::Vec<::core::primitive::f64>) {
                    ::core::unimplemented!()
                }
                fn set_unit(&mut self, _: ::core::primitive::usize, _: ::core::primitive::f64) -> ::core::primitive::bool {
                    ::core::unimplemented!()
                }
                fn write_values(
                    &self,
                    _: &mut __hp::Vec<__hp::Option<__hp::Value>>,
                ) {
                    ::core::unimplemented!()
                }
                fn describe(_: &mut __hp::SpaceBuilder, _: &::core::primitive::str) {
                    ::core::unimplemented!()
                }
                fn check(
                    &self,
                    _: &::core::primitive::str,
                    _: &mut __hp::Vec<__hp::FieldError>,
                ) {
                    ::core::unimplemented!()
                }
            }
            #[automatically_derived]
            impl #impl_generics __hp::TypedParams for #ident #ty_generics #where_clause {
                #params_item
            }
        };
    }
}

/// The handles structs of a config whose derive failed, from what the IR tells of each field
/// (a field whose keys conflict counts as searched if it names a scale or a choice), and their
/// type; `None` (handles `()`) for a generic config, whose nested type parameters the fallback
/// impl does not bound.
fn fallback_params(input: &Input) -> Option<(TokenStream, TokenStream, Span)> {
    if !input.generics.params.is_empty() {
        return None;
    }
    let handles = |fields: &[Field]| -> Vec<(TokenStream, Handle)> {
        fields
            .iter()
            .filter_map(|field| {
                let member = field.ident?;
                let handle = match field.kind() {
                    Some(Kind::Scale(_) | Kind::ConstScale(_) | Kind::Choice(_)) => Handle::Id,
                    // A number or string without `#[hp]` is an error, not a nested config.
                    Some(Kind::Nested) if matches!(field.field_ty, FieldTy::Bool | FieldTy::Other) => {
                        let ty = field.ty;
                        Handle::Nested(quote_spanned!(ty.span()=> <#ty as __hp::TypedParams>::Params))
                    }
                    Some(Kind::Nested | Kind::Fixed(_) | Kind::Skip) => return None,
                    None if field.attrs.scale.is_some() || field.attrs.choice.is_some() => Handle::Id,
                    None => return None,
                };
                Some((quote!(#member), handle))
            })
            .collect()
    };
    let structs = match &input.data {
        Data::Struct(fields) => {
            vec![ParamsStruct { name: params_name(input, None), fields: handles(fields) }]
        }
        Data::Enum(variants) if variants.iter().all(|v| v.fields.is_empty()) => {
            return Some((TokenStream::new(), quote!(__hp::ParamId), Span::call_site()));
        }
        Data::Enum(variants) => {
            let mut structs = vec![ParamsStruct {
                name: params_name(input, None),
                fields: vec![(quote!(variant), Handle::Id)],
            }];
            // A variant named `variant` is an error (`check_variant_name_is_not_variant`).
            for variant in variants.iter().filter(|v| !v.fields.is_empty() && v.name() != "variant") {
                let ident = variant.ident;
                let index = structs.len();
                structs[0].fields.push((quote!(#ident), Handle::Struct(index)));
                structs.push(ParamsStruct {
                    name: params_name(input, Some(variant)),
                    fields: handles(&variant.fields),
                });
            }
            structs
        }
    };
    let span = first_nested_span(input).unwrap_or_else(Span::call_site);
    Some((Params::definitions(&structs, input.vis, &input.krate), Params::self_type(&structs, span), span))
}

/// An inconsistency between `check` and `expand`: a bug in hp-derive, reported rather than
/// panicking.
fn bug(tokens: impl ToTokens, what: &str) -> syn::Error {
    syn::Error::new_spanned(tokens, format!("internal error in hp-derive ({what}); please report it"))
}

/// What expanding a struct or an enum gives, before the impl around it is written.
struct Expanded {
    /// Items in the `const _` block: the scale constants.
    consts: TokenStream,
    /// The items of the impl except `type Params` and `params_at`.
    body: TokenStream,
    /// Inferred where-clause predicates (a nested type parameter is `Hyperparams`).
    bounds: Vec<TokenStream>,
    params: Params,
}

/// The typed handles: `Params = ParamId` (a unit-only enum), or generated structs.
enum Params {
    Id,
    Structs {
        /// The first is `Self::Params`; the others are an enum's variants', in its fields.
        structs: Vec<ParamsStruct>,
        /// The body of `params_at`.
        init: TokenStream,
    },
}

/// One generated handles struct, `__TrainParams`.
///
/// A nested config's handles are a type parameter of the struct (`__P0`), set to
/// `<Nested as TypedParams>::Params` only in `type Params = ...`: the struct itself then never
/// names the nested type, so a nested type without `Hyperparams` is reported once, at the field,
/// and a generic config's struct needs none of its generics.
struct ParamsStruct {
    name: Ident,
    fields: Vec<(TokenStream, Handle)>,
}

/// The type of one field of a handles struct.
enum Handle {
    Id,
    /// `<Nested as TypedParams>::Params`, spanned at the field's type.
    Nested(TokenStream),
    /// Another generated struct, by index: an enum's variant's handles.
    Struct(usize),
}

impl Params {
    /// The nested projections struct `i` is generic over, in order.
    fn projections(structs: &[ParamsStruct], i: usize) -> Vec<&TokenStream> {
        structs[i]
            .fields
            .iter()
            .flat_map(|(_, handle)| match handle {
                Handle::Id => Vec::new(),
                Handle::Nested(projection) => vec![projection],
                Handle::Struct(j) => Params::projections(structs, *j),
            })
            .collect()
    }

    /// The definitions of the structs, with the config's visibility.
    /// They sit next to the config, outside the `const _` block, so they name hp by its path.
    fn definitions(structs: &[ParamsStruct], vis: &syn::Visibility, krate: &syn::Path) -> TokenStream {
        let mut out = TokenStream::new();
        for s in structs {
            let mut k = 0;
            let mut generics = Vec::new();
            let mut next = |n: usize| {
                let params: Vec<Ident> = (k..k + n).map(|i| format_ident!("__P{}", i)).collect();
                k += n;
                generics.extend(params.iter().cloned());
                params
            };
            let fields: Vec<TokenStream> = s
                .fields
                .iter()
                .map(|(member, handle)| match handle {
                    Handle::Id => quote!(pub #member: #krate::__private::ParamId),
                    Handle::Nested(_) => {
                        let p = next(1);
                        quote!(pub #member: #(#p)*)
                    }
                    Handle::Struct(j) => {
                        let p = next(Params::projections(structs, *j).len());
                        let name = &structs[*j].name;
                        let args = (!p.is_empty()).then(|| quote!(<#(#p),*>));
                        quote!(pub #member: #name #args)
                    }
                })
                .collect();
            let name = &s.name;
            let generics = (!generics.is_empty()).then(|| quote!(<#(#generics),*>));
            out.extend(quote! {
                #[doc(hidden)]
                #[allow(dead_code, missing_docs, non_camel_case_types, non_snake_case)]
                #vis struct #name #generics {
                    #(#fields,)*
                }
            });
        }
        out
    }

    /// `Self::Params`: the first struct with the nested configs' `Params` as its arguments, every
    /// token spanned at `span`.
    fn self_type(structs: &[ParamsStruct], span: Span) -> TokenStream {
        let mut name = structs[0].name.clone();
        name.set_span(span);
        let args = Params::projections(structs, 0);
        if args.is_empty() { quote!(#name) } else { quote_spanned!(span=> #name<#(#args),*>) }
    }
}

fn expand(input: &Input) -> syn::Result<TokenStream> {
    let Expanded { consts, body, bounds, params } = match &input.data {
        Data::Struct(fields) => expand_struct(input, fields)?,
        Data::Enum(variants) => expand_enum(input, variants)?,
    };
    let ident = input.ident;
    let krate = &input.krate;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let hyperparams_where = where_clause(input, &bounds);
    // Spanned at a nested field's type, if any: a nested type without `Hyperparams` makes these
    // items fail too, and their errors then merge with the one at the field.
    let nested = first_nested_span(input);
    let span = nested.unwrap_or_else(Span::call_site);
    let (structs, params_ty, params_init) = match params {
        Params::Id => (
            TokenStream::new(),
            quote!(__hp::ParamId),
            quote!(__hp::ParamId::__new(__first, __hp::ToString::to_string(__hp::variant_name(__path)),)),
        ),
        Params::Structs { structs, init } => {
            let init = if nested.is_some() { respan(init, span) } else { init };
            (Params::definitions(&structs, input.vis, &input.krate), Params::self_type(&structs, span), init)
        }
    };
    let params_item = quote_spanned! {span=>
        type Params = #params_ty;

        fn params_at(__path: &::core::primitive::str, __first: ::core::primitive::usize) -> Self::Params {
            #params_init
        }
    };
    // The handles of a nested type parameter come from its own `TypedParams`.
    let typed_bounds: Vec<TokenStream> = bounds
        .iter()
        .cloned()
        .chain(nested_type_params(input).into_iter().map(|t| quote!(#t: __hp::TypedParams)))
        .collect();
    let typed_where = where_clause(input, &typed_bounds);
    Ok(quote! {
        #structs
        // The float literals are exact bit patterns computed by the derive, not approximations.
        #[allow(clippy::approx_constant, clippy::excessive_precision, clippy::unreadable_literal)]
        const _: () = {
            use #krate::__private as __hp;
            #consts
            #[automatically_derived]
            impl #impl_generics __hp::Hyperparams for #ident #ty_generics #hyperparams_where {
                #body
            }

            #[automatically_derived]
            impl #impl_generics __hp::TypedParams for #ident #ty_generics #typed_where {
                #params_item
            }
        };
    })
}

/// `tokens` with every token, groups included, at `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut respanned = Group::new(group.delimiter(), respan(group.stream(), span));
                respanned.set_span(span);
                token = TokenTree::Group(respanned);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}

/// The type parameters that a nested field's type mentions, each once.
fn nested_type_params<'a>(input: &'a Input) -> Vec<&'a Ident> {
    let fields = nested_fields(input);
    input
        .generics
        .type_params()
        .map(|p| &p.ident)
        .filter(|t| fields.iter().any(|f| ty::mentions(f.ty, t)))
        .collect()
}

/// The fields without `#[hp]` whose type is not a primitive: nested configs (any variant's, for
/// an enum).
fn nested_fields<'a>(input: &'a Input) -> Vec<&'a Field<'a>> {
    let fields: Vec<&Field> = match &input.data {
        Data::Struct(fields) => fields.iter().collect(),
        Data::Enum(variants) => variants.iter().flat_map(|v| &v.fields).collect(),
    };
    fields
        .into_iter()
        .filter(|f| {
            matches!(f.kind(), Some(Kind::Nested)) && matches!(f.field_ty, FieldTy::Bool | FieldTy::Other)
        })
        .collect()
}

/// The span of the first nested config's type.
fn first_nested_span(input: &Input) -> Option<Span> {
    nested_fields(input).first().map(|f| f.ty.span())
}

/// `__first + offset`, the coordinate of a field at `offset` in a config nested at `__first`.
fn coordinate(offset: &Offset) -> TokenStream {
    if offset.is_zero() { quote!(__first) } else { quote!(__first + #offset) }
}

/// The user's where-clause plus the inferred `predicates`.
fn where_clause(input: &Input, predicates: &[TokenStream]) -> TokenStream {
    let existing = input.generics.where_clause.iter().flat_map(|w| w.predicates.iter());
    let mut all = existing.map(ToTokens::to_token_stream).peekable();
    if all.peek().is_none() && predicates.is_empty() {
        return TokenStream::new();
    }
    quote!(where #(#all,)* #(#predicates,)*)
}

/// The offset of a field in the unit cube: a count of one-coordinate fields plus the `DIM` of the
/// nested configs before it.
#[derive(Clone, Default)]
struct Offset<'a> {
    ones: usize,
    nested: Vec<&'a Type>,
}

impl<'a> Offset<'a> {
    /// The coordinates from `start` (an earlier state of this offset) to here.
    fn since(&self, start: &Offset<'a>) -> Offset<'a> {
        Offset { ones: self.ones - start.ones, nested: self.nested[start.nested.len()..].to_vec() }
    }

    fn is_zero(&self) -> bool {
        self.ones == 0 && self.nested.is_empty()
    }
}

impl ToTokens for Offset<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let nested = self.nested.iter().map(|ty| quote!(<#ty as __hp::Hyperparams>::DIM));
        // No `0 +` in front of a nested DIM: the code may be spanned at the user's field, where
        // clippy would see it.
        let ones = (self.ones > 0 || self.nested.is_empty()).then(|| Literal::usize_unsuffixed(self.ones));
        let terms = ones.into_iter().map(|ones| quote!(#ones)).chain(nested);
        tokens.extend(quote!(#(#terms)+*));
    }
}

/// The generated pieces of a list of fields (a struct's, or one variant's), field by field.
#[derive(Default)]
struct Parts {
    consts: TokenStream,
    sample: Vec<TokenStream>,
    from_unit: Vec<TokenStream>,
    write: Vec<TokenStream>,
    describe: Vec<TokenStream>,
    check: Vec<TokenStream>,
    /// `set_unit`'s test and assignment per field with a coordinate (nested configs delegate).
    set: Vec<TokenStream>,
    /// `write_values`'s statements per field with a coordinate.
    values: Vec<TokenStream>,
    /// The fields of the `Params` struct (`lr: ParamId`) and their initializers in `params_at`.
    param_defs: Vec<(TokenStream, Handle)>,
    param_inits: Vec<TokenStream>,
}

impl Parts {
    /// A field with a coordinate of its own: its handle is a `ParamId`.
    fn param_id(&mut self, field: &Field, offset: &Offset) {
        let member = field.ident;
        let name = field.name();
        let coordinate = coordinate(offset);
        self.param_defs.push((quote!(#member), Handle::Id));
        self.param_inits.push(quote! {
            #member: __hp::ParamId::__new(#coordinate, __hp::join_path(__path, #name))
        });
    }
}

/// Where a field's value is read: `self.lr` in a struct, a binding of the `match self` arm in an
/// enum's variant.
#[derive(Clone, Copy)]
enum Access {
    SelfField,
    /// Bound as `__hp_f<index>` (a reference).
    Binding,
}

impl Access {
    /// The field's value as a place expression, its name spanned at `span`.
    fn place(self, field: &Field, index: usize, span: Span) -> TokenStream {
        match self {
            Access::SelfField => {
                let mut member = field.ident.cloned().unwrap_or_else(|| format_ident!("_{}", index));
                member.set_span(span);
                quote_spanned!(span=> self.#member)
            }
            Access::Binding => {
                let binding = binding(index, span);
                quote_spanned!(span=> (*#binding))
            }
        }
    }
}

/// The binding of field `index` in a variant's `match` arm.
fn binding(index: usize, span: Span) -> Ident {
    Ident::new(&format!("__hp_f{index}"), span)
}

/// The code of each field of `fields` into `parts`, their coordinates counted on from `offset`,
/// the type parameters they need bounded pushed to `bounds`. `tag` names their scale constants
/// (`__HP_SCALE_<tag><index>`) apart from other variants'.
fn expand_fields<'a>(
    input: &Input,
    fields: &'a [Field],
    tag: &str,
    access: Access,
    parts: &mut Parts,
    offset: &mut Offset<'a>,
    bounds: &mut Vec<TokenStream>,
) -> syn::Result<()> {
    for (index, field) in fields.iter().enumerate() {
        let Some(kind) = field.kind() else {
            return Err(bug(field.original, "a field without a kind passed the checks"));
        };
        let at = FieldAt { field, index, access, scale: format_ident!("__HP_SCALE_{}{}", tag, index) };
        match kind {
            Kind::Scale(spec) => {
                expand_scale(parts, &at, &spec, offset)?;
                offset.ones += 1;
            }
            Kind::ConstScale(spec) => {
                expand_const_scale(parts, &at, &spec, offset)?;
                offset.ones += 1;
            }
            Kind::Choice(values) => {
                expand_choice(parts, &at, values, offset);
                offset.ones += 1;
            }
            Kind::Fixed(value) => expand_fixed(parts, &at, value),
            Kind::Skip => {
                let member = field.ident;
                let ty = field.ty;
                let default = quote_spanned!(ty.span()=> ::core::default::Default::default());
                parts.sample.push(quote!(#member: #default));
                parts.from_unit.push(quote!(#member: #default));
                if mentions_type_param(input, ty) {
                    push_bound(bounds, quote!(#ty: ::core::default::Default));
                }
            }
            Kind::Nested => {
                expand_nested(parts, &at, offset);
                offset.nested.push(field.ty);
                for param in input.generics.type_params() {
                    let ident = &param.ident;
                    if ty::mentions(field.ty, ident) {
                        push_bound(bounds, quote!(#ident: __hp::Hyperparams));
                    }
                }
            }
        }
    }
    Ok(())
}

fn push_bound(bounds: &mut Vec<TokenStream>, bound: TokenStream) {
    if !bounds.iter().any(|b| b.to_string() == bound.to_string()) {
        bounds.push(bound);
    }
}

/// A field with what the code generation needs around it.
struct FieldAt<'f, 'a> {
    field: &'f Field<'a>,
    index: usize,
    access: Access,
    /// The name of its scale constant, if it has one.
    scale: Ident,
}

impl FieldAt<'_, '_> {
    /// The field's value, as a place.
    fn place(&self) -> TokenStream {
        self.access.place(self.field, self.index, Span::call_site())
    }
}

/// `if __u.len() != DIM { panic!(...) }`, naming the type.
fn check_unit_len(name: &str) -> TokenStream {
    quote! {
        if __u.len() != <Self as __hp::Hyperparams>::DIM {
            let __dim = <Self as __hp::Hyperparams>::DIM;
            ::core::panic!(
                "{}::from_unit takes {} unit-cube coordinate{} (its DIM), got {}",
                #name,
                __dim,
                if __dim == 1 { "" } else { "s" },
                __u.len(),
            );
        }
    }
}

fn expand_struct(input: &Input, fields: &[Field]) -> syn::Result<Expanded> {
    let mut parts = Parts::default();
    let mut offset = Offset::default();
    let mut bounds = Vec::new();
    expand_fields(input, fields, "", Access::SelfField, &mut parts, &mut offset, &mut bounds)?;
    let Parts { consts, sample, from_unit, write, describe, check, set, values, param_defs, param_inits } =
        parts;
    let unit_len = check_unit_len(&input.ident.to_string());
    let name = params_name(input, None);
    let params = Params::Structs {
        init: quote!(#name { #(#param_inits,)* }),
        structs: vec![ParamsStruct { name, fields: param_defs }],
    };
    let body = quote! {
        const DIM: ::core::primitive::usize = #offset;

        fn sample_with<__R: __hp::Rng + ?::core::marker::Sized>(__rng: &mut __R) -> Self {
            Self { #(#sample,)* }
        }

        fn from_unit(__u: &[::core::primitive::f64]) -> Self {
            #unit_len
            Self { #(#from_unit,)* }
        }

        #[allow(unreachable_patterns)]
        fn write_unit(&self, __out: &mut __hp::Vec<::core::primitive::f64>) {
            #(#write)*
        }

        #[allow(unreachable_patterns, unused_variables, clippy::absurd_extreme_comparisons)]
        fn set_unit(&mut self, __c: ::core::primitive::usize, __u: ::core::primitive::f64) -> ::core::primitive::bool {
            #(#set)*
            false
        }

        #[allow(unreachable_patterns)]
        fn write_values(&self, __out: &mut __hp::Vec<__hp::Option<__hp::Value>>) {
            #(#values)*
        }

        fn describe(__space: &mut __hp::SpaceBuilder, __path: &::core::primitive::str) {
            #(#describe)*
        }

        #[allow(unreachable_patterns)]
        fn check(
            &self,
            __path: &::core::primitive::str,
            __errors: &mut __hp::Vec<__hp::FieldError>,
        ) {
            #(#check)*
        }
    };
    Ok(Expanded { consts, body, bounds, params })
}

fn mentions_type_param(input: &Input, ty: &Type) -> bool {
    input.generics.type_params().any(|param| ty::mentions(ty, &param.ident))
}

/// `__errors.push(FieldError::new(path.name, "{:?}" of the field, allowed))` if `ok` is false.
fn field_error(at: &FieldAt, ok: TokenStream, allowed: TokenStream) -> TokenStream {
    let name = at.field.name();
    // The value is shown with `Debug` through a `&dyn Debug` (no code per type); the cast is
    // spanned at the field's type, where a missing impl is reported.
    let span = at.field.ty.span();
    let place = at.access.place(at.field, at.index, span);
    let value = quote_spanned!(span=> &#place as &dyn __hp::Debug);
    let debug = quote!(__hp::format!("{:?}", #value));
    quote! {
        if !(#ok) {
            __errors.push(__hp::FieldError::new(
                __hp::join_path(__path, #name),
                #debug,
                #allowed,
            ));
        }
    }
}

fn expand_scale(parts: &mut Parts, at: &FieldAt, spec: &ScaleSpec, offset: &Offset) -> syn::Result<()> {
    let Some(checked) = at.field.checked.get() else {
        return Err(bug(spec.key, "a scale that passed the checks without its constants"));
    };
    let (scale_ty, init) = scale_const(spec, checked).ok_or_else(|| bug(spec.key, "scale constants"))?;
    let scale = &at.scale;
    parts.consts.extend(quote!(const #scale: #scale_ty = #init;));
    scale_uses(parts, at, quote!(#scale), checked.ty, spec.grid, offset);
    Ok(())
}

/// A scale with a constant bound or step (`#[hp(log, MIN_LR, 1.0)]`): one `const` item that runs
/// the scale's rules ([`hp_rules::range::check`], a `const fn`, the constructors' own) on the
/// constants' values and builds the scale from what they precompute, so that a broken rule is a
/// compile error at the constant and the scale costs what a literal one does.
fn expand_const_scale(
    parts: &mut Parts,
    at: &FieldAt,
    spec: &ConstScaleSpec,
    offset: &Offset,
) -> syn::Result<()> {
    let FieldTy::Num(ty) = at.field.field_ty else {
        return Err(bug(spec.key, "a scale with constant bounds on a field that is not a number"));
    };
    let prim = prim(ty);
    let typed = |value: &Value| match value {
        Value::Number(number) => number.typed(ty).map(|typed| typed_literal(typed, ty)),
        Value::Path(path) => Some(quote!(#path)),
        _ => None,
    };
    let (Some(low), Some(high)) = (typed(spec.low), typed(spec.high)) else {
        return Err(bug(spec.key, "a constant scale's bound that is neither a number nor a path"));
    };
    let step = match spec.step.map(typed) {
        Some(None) => {
            return Err(bug(spec.key, "a constant scale's step that is neither a number nor a path"));
        }
        Some(Some(step)) => Some(step),
        None => None,
    };
    let num = |b: &TokenStream| match ty.is_float() {
        true => quote!(__hp::Num::Float(#b as ::core::primitive::f64)),
        false => quote!(__hp::Num::Int(#b as ::core::primitive::i128)),
    };
    let (low_num, high_num) = (num(&low), num(&high));
    let step_num = match &step {
        Some(step) => {
            let step = num(step);
            quote!(__hp::Some(#step))
        }
        None => quote!(__hp::None),
    };
    let eps = f64_literal(ty.epsilon()).ok_or_else(|| bug(spec.key, "the type's epsilon"))?;
    let kind = Ident::new(
        match spec.kind {
            ScaleKind::Linear => "Linear",
            ScaleKind::Log => "Log",
            ScaleKind::ReverseLog => "ReverseLog",
        },
        Span::call_site(),
    );
    let scale_ty = Ident::new(scale_type_name(spec.kind, step.is_some()), Span::call_site());
    let built = match (spec.kind, &step) {
        (_, Some(step)) => quote! {
            __hp::Ok(__hp::Checked::Steps { last }) => __hp::#scale_ty::<#prim>::__new_unchecked(#low, #high, #step, last),
        },
        (ScaleKind::Linear, None) => quote! {
            __hp::Ok(__hp::Checked::Linear) => __hp::#scale_ty::<#prim>::__new_unchecked(#low, #high),
        },
        (ScaleKind::Log, None) => quote! {
            __hp::Ok(__hp::Checked::Log { ln_low, ln_high }) => __hp::#scale_ty::<#prim>::__new_unchecked(#low, #high, ln_low, ln_high),
        },
        (ScaleKind::ReverseLog, None) => quote! {
            __hp::Ok(__hp::Checked::ReverseLog { ln_top, ln_bottom }) => __hp::#scale_ty::<#prim>::__new_unchecked(#low, #high, ln_top, ln_bottom),
        },
    };
    // Reported at the first constant, the token whose value the compiler had to read.
    let span = [Some(spec.low), Some(spec.high), spec.step]
        .into_iter()
        .flatten()
        .find_map(|v| match v {
            Value::Path(path) => Some(path.span()),
            _ => None,
        })
        .unwrap_or_else(|| spec.key.span());
    // Each broken rule's message, written out here: a `const` panic takes only a literal.
    let step_text = spec.step.map_or_else(String::new, |s| format!(", step `{}`", s.label()));
    let written = format!(
        "`{}` (`{}`, LOW `{}`, HIGH `{}`{step_text})",
        at.field.name(),
        spec.kind.name(),
        spec.low.label(),
        spec.high.label()
    );
    use hp_rules::ScaleError as E;
    let arms = [
        (quote!(NonFinite), E::NonFinite),
        (quote!(EmptyRange), E::EmptyRange),
        (quote!(LogLowNotPositive), E::LogLowNotPositive),
        (quote!(ReverseLogOutsideUnit), E::ReverseLogOutsideUnit),
        (quote!(BadStep), E::BadStep),
        (quote!(StepDoesNotDivide), E::StepDoesNotDivide),
        (quote!(TooLarge), E::TooLarge),
    ]
    .map(|(variant, error)| {
        let message = format!("{written}: {error}");
        quote_spanned!(span=> __hp::Err(__hp::ScaleError::#variant) => ::core::panic!(#message),)
    });
    let other = format!("{written}: the bounds break the scale's rules");
    let scale = &at.scale;
    parts.consts.extend(quote_spanned! {span=>
        const #scale: __hp::#scale_ty<#prim> =
            match __hp::check_range(__hp::ScaleKind::#kind, #low_num, #high_num, #step_num, #eps) {
                #built
                #(#arms)*
                _ => ::core::panic!(#other),
            };
    });
    scale_uses(parts, at, quote!(#scale), ty, spec.grid, offset);
    Ok(())
}

/// hp-core's type of a scale of `kind`, with a step or without.
fn scale_type_name(kind: ScaleKind, stepped: bool) -> &'static str {
    match (kind, stepped) {
        (ScaleKind::Linear, false) => "LinearScale",
        (ScaleKind::Log, false) => "LogScale",
        (ScaleKind::ReverseLog, false) => "ReverseLogScale",
        (ScaleKind::Linear, true) => "LinearStepScale",
        (ScaleKind::Log, true) => "LogStepScale",
        (ScaleKind::ReverseLog, true) => "ReverseLogStepScale",
    }
}

/// What a numeric field does through its scale `scale` (an expression of the scale's type).
fn scale_uses(
    parts: &mut Parts,
    at: &FieldAt,
    scale: TokenStream,
    num: NumTy,
    grid: Option<&Number>,
    offset: &Offset,
) {
    let field = at.field;
    let member = field.ident;
    let name = field.name();
    let type_name = num.name();
    let place = at.place();
    parts.param_id(field, offset);
    parts.sample.push(quote!(#member: __hp::Distribution::sample(&#scale, __rng)));
    parts.from_unit.push(quote!(#member: __hp::Scale::from_unit(&#scale, __u[#offset])));
    parts.write.push(quote! {
        __out.push(__hp::Scale::to_unit(&#scale, #place));
    });
    parts.set.push(quote! {
        if __c == #offset {
            #place = __hp::Scale::from_unit(&#scale, __u);
            return true;
        }
    });
    parts.values.push(quote! {
        __out.push(__hp::Some(__hp::Number::to_value(#place)));
    });
    let grid = grid.and_then(|k| k.int_value()).map(|k| {
        let k = Literal::u32_suffixed(u32::try_from(k).unwrap_or(u32::MAX));
        quote!(__space.grid(#k);)
    });
    parts.describe.push(quote! {
        __space.scale(__hp::join_path(__path, #name), #type_name, &#scale);
        #grid
    });
    parts.check.push(field_error(
        at,
        quote!(__hp::Scale::contains(&#scale, #place)),
        quote!(__hp::describe_scale(&#scale)),
    ));
}

/// The type and initializer of a scale constant, from what `check` found: the bounds in the
/// field's type and the constants `new` would precompute.
fn scale_const(spec: &ScaleSpec, checked: CheckedScale) -> Option<(TokenStream, TokenStream)> {
    let CheckedScale { ty, low, high, step, constants } = checked;
    let prim = prim(ty);
    let (lo, hi) = (typed_literal(low, ty), typed_literal(high, ty));
    let args = match (constants, step) {
        (Checked::Linear, _) => quote!(#lo, #hi),
        (Checked::Log { ln_low, ln_high }, _) => {
            let (a, b) = (f64_literal(ln_low)?, f64_literal(ln_high)?);
            quote!(#lo, #hi, #a, #b)
        }
        (Checked::ReverseLog { ln_top, ln_bottom }, _) => {
            let (a, b) = (f64_literal(ln_top)?, f64_literal(ln_bottom)?);
            quote!(#lo, #hi, #a, #b)
        }
        (Checked::Steps { last }, Some(step)) => {
            let st = typed_literal(step, ty);
            let last = Literal::u64_suffixed(last);
            quote!(#lo, #hi, #st, #last)
        }
        (Checked::Steps { .. }, None) => return None,
    };
    let name = scale_type_name(spec.kind, step.is_some());
    let name = Ident::new(name, Span::call_site());
    Some((quote!(__hp::#name<#prim>), quote!(__hp::#name::<#prim>::__new_unchecked(#args))))
}

fn prim(ty: NumTy) -> TokenStream {
    let ident = Ident::new(ty.name(), Span::call_site());
    quote!(::core::primitive::#ident)
}

/// A literal of the field's type that round-trips exactly; a negative value is `-` and the
/// magnitude, which rustc accepts even for `i64::MIN`.
fn typed_literal(value: Num, ty: NumTy) -> TokenStream {
    match value {
        Num::Int(v) => {
            let lit = LitInt::new(&format!("{}{}", v.unsigned_abs(), ty.name()), Span::call_site());
            if v < 0 { quote!(-#lit) } else { quote!(#lit) }
        }
        Num::Float(x) => {
            let lit = if ty == NumTy::F32 {
                Literal::f32_suffixed(x.abs() as f32)
            } else {
                Literal::f64_suffixed(x.abs())
            };
            if x.is_sign_negative() { quote!(-#lit) } else { quote!(#lit) }
        }
    }
}

/// An `f64` constant such as a precomputed logarithm; `None` if it is not finite.
fn f64_literal(x: f64) -> Option<TokenStream> {
    x.is_finite().then(|| typed_literal(Num::Float(x), NumTy::F64))
}

/// A choice or fixed value as a pattern of the field's type: numbers as typed literals,
/// everything else as written (a `String` field's strings are matched through [`scrutinee`]).
fn value_tokens(value: &Value, field_ty: FieldTy) -> TokenStream {
    match (value, field_ty) {
        (Value::Number(number), FieldTy::Num(ty)) => match number.typed(ty) {
            Some(typed) => typed_literal(typed, ty),
            None => number.to_token_stream(),
        },
        _ => value.to_token_stream(),
    }
}

/// A choice or fixed value as an expression of the field's type: [`value_tokens`], and a
/// `String` field's string literal made a `String`.
fn value_expr(value: &Value, field_ty: FieldTy) -> TokenStream {
    match (value, field_ty) {
        (Value::Str(lit), FieldTy::String) => {
            quote!(<__hp::String as ::core::convert::From<&str>>::from(#lit))
        }
        _ => value_tokens(value, field_ty),
    }
}

/// The field's value as the scrutinee of a `match` on [`value_tokens`] patterns: a `String` as
/// its `&str`, which string literal patterns match.
fn scrutinee(place: &TokenStream, field_ty: FieldTy) -> TokenStream {
    match field_ty {
        FieldTy::String => quote!(__hp::String::as_str(&#place)),
        _ => place.clone(),
    }
}

fn expand_choice(parts: &mut Parts, at: &FieldAt, values: &[Value], offset: &Offset) {
    let field = at.field;
    let scale = &at.scale;
    let place = at.place();
    let member = field.ident;
    let name = field.name();
    let type_name = ty::type_name(field.ty);
    let n = values.len() as u64;
    let exprs: Vec<TokenStream> = values.iter().map(|v| value_expr(v, field.field_ty)).collect();
    let patterns: Vec<TokenStream> = values.iter().map(|v| value_tokens(v, field.field_ty)).collect();
    let matched = scrutinee(&place, field.field_ty);
    let labels: Vec<String> = values.iter().map(Value::label).collect();
    let allowed = format!("choice {{{}}}", labels.join(", "));
    parts.param_id(field, offset);
    parts.consts.extend(quote! {
        const #scale: __hp::CategoricalScale =
            __hp::CategoricalScale::__new_unchecked(#n);
    });
    let sampled = quote!(__hp::Distribution::<::core::primitive::u64>::sample(&#scale, __rng));
    let mapped = quote!(__hp::Scale::from_unit(&#scale, __u[#offset]));
    let pick_sample = pick(&exprs, sampled);
    let pick_unit = pick(&exprs, mapped);
    parts.sample.push(quote!(#member: #pick_sample));
    parts.from_unit.push(quote!(#member: #pick_unit));
    let indices: Vec<Literal> = (0..n).map(Literal::u64_unsuffixed).collect();
    // The index of the field's value (0 for a value outside the choice, which `check` reports).
    let index = quote! {
        match #matched {
            #(#patterns => #indices,)*
            _ => 0,
        }
    };
    parts.write.push(quote! {
        __out.push(__hp::Scale::to_unit(&#scale, #index));
    });
    let pick_set = pick(&exprs, quote!(__hp::Scale::from_unit(&#scale, __u)));
    parts.set.push(quote! {
        if __c == #offset {
            #place = #pick_set;
            return true;
        }
    });
    parts.values.push(quote! {
        __out.push(__hp::Some(__hp::Value::Choice(#index)));
    });
    parts.describe.push(quote! {
        __space.choice(__hp::join_path(__path, #name), #type_name, &[#(#labels),*]);
    });
    parts.check.push(field_error(
        at,
        quote!(::core::matches!(#matched, #(#patterns)|*)),
        quote!(__hp::ToString::to_string(#allowed)),
    ));
}

/// The value at a choice index: a `match` whose last arm is a catch-all, since the scale only
/// returns indices below its length.
fn pick(exprs: &[TokenStream], index: TokenStream) -> TokenStream {
    let (last, rest) = exprs.split_last().expect("check_choice_not_empty");
    if rest.is_empty() {
        return quote!({
            let _: ::core::primitive::u64 = #index;
            #last
        });
    }
    let indices = (0..rest.len() as u64).map(Literal::u64_unsuffixed);
    quote! {
        match #index {
            #(#indices => #rest,)*
            _ => #last,
        }
    }
}

fn expand_fixed(parts: &mut Parts, at: &FieldAt, value: &Value) {
    let field = at.field;
    let place = at.place();
    let member = field.ident;
    let name = field.name();
    let type_name = ty::type_name(field.ty);
    let expr = value_expr(value, field.field_ty);
    let pattern = value_tokens(value, field.field_ty);
    let matched = scrutinee(&place, field.field_ty);
    let label = value.label();
    let allowed = format!("fixed {label}");
    parts.sample.push(quote!(#member: #expr));
    parts.from_unit.push(quote!(#member: #expr));
    parts.describe.push(quote! {
        __space.fixed(
            __hp::join_path(__path, #name),
            #type_name,
            __hp::ToString::to_string(#label),
        );
    });
    parts.check.push(field_error(
        at,
        quote!(::core::matches!(#matched, #pattern)),
        quote!(__hp::ToString::to_string(#allowed)),
    ));
}

fn expand_nested(parts: &mut Parts, at: &FieldAt, offset: &Offset) {
    let field = at.field;
    let place = at.place();
    let member = field.ident;
    let name = field.name();
    let ty = field.ty;
    // Spanned at the field's type, so that a type without `Hyperparams` is reported there.
    let hp = quote_spanned!(ty.span()=> <#ty as __hp::Hyperparams>);
    parts.sample.push(quote!(#member: #hp::sample_with(__rng)));
    parts.from_unit.push(quote!(#member: #hp::from_unit(&__u[#offset..#offset + #hp::DIM])));
    parts.write.push(quote!(#hp::write_unit(&#place, __out);));
    parts.set.push(quote! {
        if let __hp::Some(__k) = __c.checked_sub(#offset).filter(|&__k| __k < #hp::DIM) {
            return #hp::set_unit(&mut #place, __k, __u);
        }
    });
    parts.values.push(quote!(#hp::write_values(&#place, __out);));
    parts.describe.push(quote! {
        #hp::describe(__space, &__hp::join_path(__path, #name));
    });
    parts.check.push(quote! {
        #hp::check(&#place, &__hp::join_path(__path, #name), __errors);
    });
    let coordinate = coordinate(offset);
    let typed = quote_spanned!(ty.span()=> <#ty as __hp::TypedParams>);
    parts.param_defs.push((quote!(#member), Handle::Nested(quote_spanned!(ty.span()=> #typed::Params))));
    parts.param_inits.push(quote! {
        #member: #typed::params_at(&__hp::join_path(__path, #name), #coordinate)
    });
}

/// An enum: one coordinate picks the variant (equal weights, or `#[hp(weight = W)]`), then each
/// variant's fields in declaration order get coordinates of their own; only the chosen variant's
/// fields are read or sampled, the others' coordinates are written as 0.5. A unit-only enum is
/// thus one choice.
fn expand_enum(input: &Input, variants: &[Variant]) -> syn::Result<Expanded> {
    let name = input.ident.to_string();
    let mut consts = variants_const(input, variants)?;
    let mut bounds = Vec::new();
    // Coordinate 0 is the variant.
    let mut offset = Offset { ones: 1, nested: Vec::new() };
    let mut arms = Vec::new();
    for (v, variant) in variants.iter().enumerate() {
        let start = offset.clone();
        let mut parts = Parts::default();
        let tag = format!("{v}_");
        expand_fields(input, &variant.fields, &tag, Access::Binding, &mut parts, &mut offset, &mut bounds)?;
        consts.extend(std::mem::take(&mut parts.consts));
        arms.push((parts, offset.since(&start)));
    }
    let index = |v: usize| Literal::u64_unsuffixed(v as u64);
    // `Self::Sgd`, `Self::Adam { beta1: ..., beta2: ... }`.
    let construct = |variant: &Variant, fields: &[TokenStream]| {
        let ident = variant.ident;
        if variant.is_named() { quote!(Self::#ident { #(#fields,)* }) } else { quote!(Self::#ident) }
    };
    // `Self::Adam { beta1: __hp_f0, beta2: __hp_f1, .. }`: every named field bound by reference.
    let pattern = |variant: &Variant| {
        let ident = variant.ident;
        let members = variant.fields.iter().map(|f| f.ident);
        let bindings = (0..variant.fields.len()).map(|i| binding(i, Span::call_site()));
        quote!(Self::#ident { #(#members: #bindings,)* .. })
    };
    let sampled: Vec<TokenStream> =
        variants.iter().zip(&arms).map(|(variant, (parts, _))| construct(variant, &parts.sample)).collect();
    let mapped: Vec<TokenStream> = variants
        .iter()
        .zip(&arms)
        .map(|(variant, (parts, _))| construct(variant, &parts.from_unit))
        .collect();
    let sample =
        pick(&sampled, quote!(__hp::Distribution::<::core::primitive::u64>::sample(&__HP_VARIANTS, __rng)));
    let from_unit = pick(&mapped, quote!(__hp::Scale::from_unit(&__HP_VARIANTS, __u[0])));
    let unit_len = check_unit_len(&name);

    let mut write_arms = Vec::new();
    let mut values_arms = Vec::new();
    let mut set_arms = Vec::new();
    let mut current_arms = Vec::new();
    let mut check_arms = Vec::new();
    let mut describe = Vec::new();
    let mut before = Offset::default();
    for (v, (variant, (parts, dim))) in variants.iter().zip(&arms).enumerate() {
        let pattern = pattern(variant);
        let k = index(v);
        let ident = variant.ident;
        current_arms.push(if variant.is_named() {
            quote!(Self::#ident { .. } => #k)
        } else {
            quote!(Self::#ident => #k)
        });
        // The coordinates of the other variants' fields: 0.5, as a grid writes them.
        let after = Offset {
            ones: arms[v + 1..].iter().map(|(_, d)| d.ones).sum(),
            nested: arms[v + 1..].iter().flat_map(|(_, d)| d.nested.iter().copied()).collect(),
        };
        let fill = |gap: &Offset| (!gap.is_zero()).then(|| quote!(__out.resize(__out.len() + (#gap), 0.5);));
        let (fill_before, fill_after) = (fill(&before), fill(&after));
        let write = &parts.write;
        write_arms.push(quote! {
            #pattern => {
                __out.push(__hp::Scale::to_unit(&__HP_VARIANTS, #k));
                #fill_before
                #(#write)*
                #fill_after
            }
        });
        // The other variants' coordinates have no value here.
        let skip =
            |gap: &Offset| (!gap.is_zero()).then(|| quote!(__out.resize(__out.len() + (#gap), __hp::None);));
        let (skip_before, skip_after) = (skip(&before), skip(&after));
        let values = &parts.values;
        let choice = quote!(__hp::Value::Choice(#k));
        values_arms.push(quote! {
            #pattern => {
                __out.push(__hp::Some(#choice));
                #skip_before
                #(#values)*
                #skip_after
            }
        });
        if !parts.set.is_empty() {
            let set = &parts.set;
            set_arms.push(quote! {
                #pattern => {
                    #(#set)*
                    false
                }
            });
        }
        before.ones += dim.ones;
        before.nested.extend(dim.nested.iter().copied());
        if variant.fields.is_empty() {
            continue;
        }
        let label = variant.name();
        let check = &parts.check;
        check_arms.push(quote! {
            #pattern => {
                let __path: &::core::primitive::str = &__hp::join_path(__path, #label);
                #(#check)*
            }
        });
        let fields = &parts.describe;
        describe.push(quote! {
            __space.enter(__name, #label);
            {
                let __path: &::core::primitive::str = &__hp::join_path(__path, #label);
                #(#fields)*
            }
            __space.leave();
        });
    }
    let labels: Vec<String> = variants.iter().map(Variant::name).collect();
    let choice = match variant_weights(variants) {
        Some(weights) => {
            let weights = weights.into_iter().map(|w| typed_literal(Num::Float(w), NumTy::F64));
            quote!(__space.weighted_choice(__hp::ToString::to_string(__name), #name, &[#(#labels),*], &[#(#weights),*]);)
        }
        None => quote!(__space.choice(__hp::ToString::to_string(__name), #name, &[#(#labels),*]);),
    };
    let check_body = if check_arms.is_empty() {
        // Every value of the enum is one of its variants, and no variant has fields.
        TokenStream::new()
    } else {
        quote! {
            match self {
                #(#check_arms)*
                _ => {}
            }
        }
    };
    let body = quote! {
        const DIM: ::core::primitive::usize = #offset;

        fn sample_with<__R: __hp::Rng + ?::core::marker::Sized>(__rng: &mut __R) -> Self {
            #sample
        }

        fn from_unit(__u: &[::core::primitive::f64]) -> Self {
            #unit_len
            #from_unit
        }

        #[allow(unreachable_patterns)]
        fn write_unit(&self, __out: &mut __hp::Vec<::core::primitive::f64>) {
            match self {
                #(#write_arms)*
            }
        }

        #[allow(unreachable_patterns, unused_variables, clippy::absurd_extreme_comparisons)]
        fn set_unit(&mut self, __c: ::core::primitive::usize, __u: ::core::primitive::f64) -> ::core::primitive::bool {
            if __c == 0 {
                let __current: ::core::primitive::u64 = match self {
                    #(#current_arms,)*
                };
                if __hp::Scale::from_unit(&__HP_VARIANTS, __u) != __current {
                    // Another variant, its fields where `write_unit` puts inactive ones.
                    let mut __point = __hp::Vec::new();
                    __point.resize(<Self as __hp::Hyperparams>::DIM, 0.5);
                    __point[0] = __u;
                    *self = <Self as __hp::Hyperparams>::from_unit(&__point);
                }
                return true;
            }
            match self {
                #(#set_arms)*
                _ => false,
            }
        }

        #[allow(unreachable_patterns)]
        fn write_values(&self, __out: &mut __hp::Vec<__hp::Option<__hp::Value>>) {
            match self {
                #(#values_arms)*
            }
        }

        fn describe(__space: &mut __hp::SpaceBuilder, __path: &::core::primitive::str) {
            let __name: &::core::primitive::str = __hp::variant_name(__path);
            #choice
            #(#describe)*
        }

        #[allow(unreachable_patterns)]
        fn check(
            &self,
            __path: &::core::primitive::str,
            __errors: &mut __hp::Vec<__hp::FieldError>,
        ) {
            #check_body
        }
    };
    let params = enum_params(input, variants, &mut arms);
    Ok(Expanded { consts, body, bounds, params })
}

/// The handles of an enum: a `ParamId` for its variant if no variant has fields; else a struct
/// with `variant` and, per variant with fields, a struct of their handles named like the variant.
fn enum_params(input: &Input, variants: &[Variant], arms: &mut [(Parts, Offset)]) -> Params {
    if variants.iter().all(|v| v.fields.is_empty()) {
        return Params::Id;
    }
    let name = params_name(input, None);
    let mut structs = vec![ParamsStruct { name: name.clone(), fields: vec![(quote!(variant), Handle::Id)] }];
    let mut inits = vec![quote! {
        variant: __hp::ParamId::__new(
            __first,
            __hp::ToString::to_string(__hp::variant_name(__path)),
        )
    }];
    for (variant, (parts, _)) in variants.iter().zip(arms) {
        if variant.fields.is_empty() {
            continue;
        }
        let (ident, label) = (variant.ident, variant.name());
        let inner = params_name(input, Some(variant));
        let index = structs.len();
        structs[0].fields.push((quote!(#ident), Handle::Struct(index)));
        let fields = &parts.param_inits;
        inits.push(quote! {
            #ident: {
                let __path: &::core::primitive::str = &__hp::join_path(__path, #label);
                #inner { #(#fields,)* }
            }
        });
        structs.push(ParamsStruct { name: inner, fields: std::mem::take(&mut parts.param_defs) });
    }
    Params::Structs { init: quote!(#name { #(#inits,)* }), structs }
}

/// `__TrainParams`, or `__OptimizerParams_Adam` for a variant's fields.
fn params_name(input: &Input, variant: Option<&Variant>) -> Ident {
    use syn::ext::IdentExt;
    match variant {
        None => format_ident!("__{}Params", input.ident.unraw()),
        Some(variant) => format_ident!("__{}Params_{}", input.ident.unraw(), variant.ident.unraw()),
    }
}

/// The variants' weights if they are not all equal; `None` for an equal-weight choice.
fn variant_weights(variants: &[Variant]) -> Option<Vec<f64>> {
    let weights: Vec<f64> = variants.iter().map(|v| v.weight().unwrap_or(1.0)).collect();
    weights.windows(2).any(|w| w[0] != w[1]).then_some(weights)
}

/// `__HP_VARIANTS`, the scale of the variant coordinate: a `CategoricalScale` for equal weights,
/// else a `WeightedCategoricalScale` with the bins' ends computed here by hp-core's own function.
fn variants_const(input: &Input, variants: &[Variant]) -> syn::Result<TokenStream> {
    let Some(weights) = variant_weights(variants) else {
        let n = variants.len() as u64;
        return Ok(quote! {
            const __HP_VARIANTS: __hp::CategoricalScale =
                __hp::CategoricalScale::__new_unchecked(#n);
        });
    };
    let mut ends = vec![0.0; weights.len()];
    if weights::cumulative_weights(&weights, &mut ends).is_err() {
        return Err(bug(input.ident, "weights that the checks accepted make no partition"));
    }
    let ends = ends.into_iter().map(|e| typed_literal(Num::Float(e), NumTy::F64));
    Ok(quote! {
        const __HP_VARIANTS: __hp::WeightedCategoricalScale =
            __hp::WeightedCategoricalScale::__new_unchecked(&[#(#ends),*]);
    })
}
