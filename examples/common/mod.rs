//! The real model and data behind the caviar, panda and PBT examples: the UCI optical digits ([`digits`]), a
//! plain-Rust MLP trained with momentum SGD ([`mlp`]) and the lecture's hyperparameters for it ([`lecture`]). Each example includes it with `mod common;`; the root
//! package's tests with `#[path = "../examples/common/mod.rs"] mod common;`.

// Each example that includes this module compiles all of it and uses only part, and an unused item would be a
// warning (an error under CI's `-D warnings`) in every one of them.
#![allow(dead_code)]

pub mod digits;
pub mod lecture;
pub mod mlp;

/// How an example ends: success; success too when stdout was closed early (`example | head`: the
/// reader has what it wanted); or the error on stderr, prefixed with the example's name.
pub fn exit_code(example: &str, result: Result<(), Box<dyn std::error::Error>>) -> std::process::ExitCode {
    use std::io::{Error, ErrorKind};
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<Error>().is_some_and(|e| e.kind() == ErrorKind::BrokenPipe) => {
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{example}: error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
