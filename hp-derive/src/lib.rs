//! placeholder
use proc_macro::TokenStream;
#[proc_macro_derive(Hyperparams, attributes(hp))]
pub fn derive_hyperparams(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
