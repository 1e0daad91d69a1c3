//! [`Ctxt`]: the errors of one derive, collected so that the user sees all of them in one compile.

use core::cell::RefCell;
use core::fmt::Display;
use std::thread;

use quote::ToTokens;

/// Accumulates every error found while parsing and checking one `#[derive(Hyperparams)]`.
///
/// In the manner of serde_derive's `Ctxt`: a stage reports an error and carries on with the next
/// field or key instead of returning early, so five mistakes give five errors. The context must be
/// consumed with [`check`](Ctxt::check); dropping it unchecked is a bug in the derive and panics.
pub struct Ctxt {
    // `None` once checked.
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    /// An empty context.
    pub fn new() -> Self {
        Ctxt { errors: RefCell::new(Some(Vec::new())) }
    }

    /// Reports `message` at `tokens`, spanning from their first to their last token (so a negative
    /// literal is underlined with its minus sign).
    pub fn error_spanned_by<T: ToTokens>(&self, tokens: T, message: impl Display) {
        self.syn_error(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Reports `message` at one span.
    pub fn error_at(&self, span: proc_macro2::Span, message: impl Display) {
        self.syn_error(syn::Error::new(span, message));
    }

    /// Reports a ready-made error, such as a parse error from syn.
    pub fn syn_error(&self, error: syn::Error) {
        self.errors.borrow_mut().as_mut().expect("Ctxt used after check").push(error);
    }

    /// The number of errors so far; a stage compares it before and after a field to know whether
    /// that field is clean enough for the next rule.
    pub fn error_count(&self) -> usize {
        self.errors.borrow().as_ref().map_or(0, Vec::len)
    }

    /// Consumes the context: `Ok` if nothing was reported, else every error combined into one.
    pub fn check(self) -> syn::Result<()> {
        let errors = self.errors.borrow_mut().take().expect("Ctxt checked twice");
        let mut errors = errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !thread::panicking() && self.errors.borrow().is_some() {
            panic!("hp-derive: Ctxt dropped without check()");
        }
    }
}
