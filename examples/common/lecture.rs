//! The hyperparameters of the caviar, panda and PBT examples: the lecture's, each on the scale the
//! lecture argues for, plus the batch size. One struct, so the three examples search, babysit and
//! evolve the very same space (PBT starts its members from the caviar study's first configs).

use hp::Hyperparams;
use serde::{Deserialize, Serialize};

use super::mlp::TrainConfig;

/// The lecture's hyperparameters, each on the scale the lecture argues for, plus the batch size.
#[derive(Hyperparams, Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct Train {
    /// α: 10^r with r uniform in [-4, 0].
    #[hp(log, 1e-4, 1.0)]
    pub learning_rate: f64,
    /// β: 1 - β = 10^r with r uniform in [-3, -1], so half the draws have β in [0.99, 0.999].
    #[hp(reverse_log, 0.9, 0.999)]
    pub momentum: f64,
    #[hp(linear, 50, 100)]
    pub hidden_units: usize,
    #[hp(linear, 2, 4)]
    pub layers: usize,
    /// 16, 32, 64, 128 or 256.
    #[hp(log, 16, 256, step = 2)]
    pub batch_size: usize,
}

impl From<&Train> for TrainConfig {
    fn from(t: &Train) -> Self {
        TrainConfig {
            learning_rate: t.learning_rate,
            momentum: t.momentum,
            hidden_units: t.hidden_units,
            layers: t.layers,
            batch_size: t.batch_size,
        }
    }
}
