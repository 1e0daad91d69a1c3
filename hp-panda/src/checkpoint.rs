//! [`Checkpoint`]: how a session saves and restores the user's model.

use core::ops::{Deref, DerefMut};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The error [`Checkpoint::save`] and [`Checkpoint::restore`] return: anything that says why.
pub type CheckpointError = Box<dyn std::error::Error + Send + Sync>;

/// A model state that can be saved to bytes and restored from them exactly: what a panda
/// session keeps after every day, and what a rollback or a PBT exploit goes back to.
///
/// `restore(&save())` must give a model that trains on exactly as the saved one would have (the
/// parameters, the optimizer's state such as momentum velocities, the epoch counter, and
/// anything that seeds the next epoch's shuffle). For a serde type, wrap it in [`Json`] instead
/// of implementing this.
///
/// ```
/// use hp_panda::{Checkpoint, CheckpointError};
///
/// struct Weights(Vec<f64>);
///
/// impl Checkpoint for Weights {
///     fn save(&self) -> Result<Vec<u8>, CheckpointError> {
///         Ok(self.0.iter().flat_map(|w| w.to_le_bytes()).collect())
///     }
///     fn restore(bytes: &[u8]) -> Result<Self, CheckpointError> {
///         if bytes.len() % 8 != 0 {
///             return Err(format!("{} bytes is not a whole number of f64s", bytes.len()).into());
///         }
///         Ok(Weights(bytes.chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().unwrap())).collect()))
///     }
/// }
///
/// let w = Weights(vec![0.5, -1.25]);
/// assert_eq!(Weights::restore(&w.save()?)?.0, w.0);
/// # Ok::<(), CheckpointError>(())
/// ```
pub trait Checkpoint: Sized {
    /// The whole state, as bytes.
    ///
    /// # Errors
    /// A state that cannot be saved: the session records nothing for that day and says why
    /// ([`PandaError::Save`](super::PandaError::Save)).
    fn save(&self) -> Result<Vec<u8>, CheckpointError>;
    /// The state [`save`](Self::save) wrote.
    ///
    /// # Errors
    /// Bytes that are not a checkpoint of this type. (A session checks each checkpoint file's
    /// length and checksum against its journal before calling this, so torn files never get here.)
    fn restore(bytes: &[u8]) -> Result<Self, CheckpointError>;
}

/// A serde type as a [`Checkpoint`]: saved as JSON (floats bit for bit: hp-core enables
/// serde_json's `float_roundtrip`).
///
/// JSON has no NaN or infinity; a model holding one saves it as `null` and fails to restore, so
/// keep such state out of the checkpoint (or implement [`Checkpoint`] with a binary format). A
/// `Serialize` impl that fails (a map with non-string keys) is an error of `save`.
///
/// ```
/// use hp_panda::{Checkpoint, Json};
/// #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
/// struct Linear { w: Vec<f64>, b: f64, epochs: u32 }
///
/// let model = Json(Linear { w: vec![0.1, 0.2 + 0.1], b: -3.5, epochs: 4 });
/// let back = Json::<Linear>::restore(&model.save()?)?;
/// assert_eq!(back.0, model.0);
/// assert_eq!(back.epochs, 4); // Json<T> derefs to T
///
/// let keyed = Json(std::collections::HashMap::from([((1, 2), 0.5)])); // keys JSON cannot hold
/// assert!(keyed.save().unwrap_err().to_string().contains("key must be a string"));
/// # Ok::<(), hp_panda::CheckpointError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Json<T>(pub T);

impl<T: Serialize + DeserializeOwned> Checkpoint for Json<T> {
    fn save(&self) -> Result<Vec<u8>, CheckpointError> {
        Ok(serde_json::to_vec(&self.0)?)
    }

    fn restore(bytes: &[u8]) -> Result<Self, CheckpointError> {
        Ok(Json(serde_json::from_slice(bytes)?))
    }
}

impl<T> Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Json<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}
