//! Babysitting (the panda) and population based training, as one test binary (each binary links
//! all of hp, so fewer of them keep `cargo test` quick):
//!
//! - `nudge`: scale-aware nudges;
//! - `policy`: the lecture's babysitting policy on a scripted model;
//! - `session`: a session on the examples' real model, its journal, `kill -9` and resume;
//! - `pbt`: population based training on the same model.

#[path = "../../examples/common/mod.rs"]
mod common;

mod nudge;
mod pbt;
mod policy;
mod session;

use common::digits::{self, Dataset};
use common::mlp::Mlp;
use hp::panda::{Checkpoint, CheckpointError};

/// The examples' MLP as a panda checkpoint: its own bit-exact save and restore.
#[derive(Debug)]
struct Model(Mlp);

impl Checkpoint for Model {
    fn save(&self) -> Result<Vec<u8>, CheckpointError> {
        Ok(self.0.save())
    }

    fn restore(bytes: &[u8]) -> Result<Self, CheckpointError> {
        Ok(Model(Mlp::restore(bytes)?))
    }
}

/// The digits' first `train` training and `validation` validation images of each class: a few
/// milliseconds per epoch in a debug build.
fn small_digits(train: usize, validation: usize) -> (Dataset, Dataset) {
    let split = digits::load_split(7).unwrap();
    let first = |d: &Dataset, per_class: usize| {
        let mut taken = vec![0; d.classes()];
        let rows: Vec<usize> = (0..d.len())
            .filter(|&i| {
                taken[d.label(i)] += 1;
                taken[d.label(i)] <= per_class
            })
            .collect();
        d.subset(&rows)
    };
    (first(&split.train, train), first(&split.validation, validation))
}
