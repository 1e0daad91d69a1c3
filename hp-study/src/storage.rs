//! The study directory: `study.json`, one durable file per trial, and atomic writes.
//!
//! ```text
//! <dir>/study.json              name, space and its fingerprint, strategy, seed, direction, pruner
//! <dir>/trials/00000017.json    {"record":{...},"checksum":"fnv1a64:0123456789abcdef"}
//! <dir>/rechecks/<time>.json    one report per Study::recheck
//! <dir>/asked/00000017.json     ask/tell: trial 17 as asked (point, config, curve so far)
//! <dir>/queue/00000002.json     ask/tell: the third config enqueued, until an ask takes it
//! ```
//!
//! Every file is written with [`hp_store::write_atomically`] (a temp name unique across hosts and
//! PID namespaces, fsync, rename, directory fsync), so a reader or a crash sees either no file or
//! the whole file; directories are created with [`hp_store::create_dir_all`], fsync'd into their
//! parents. A trial counts as done only once its file is durable. Loading ignores hidden files
//! (temp files of a writer that was killed), checks each record's checksum, which covers the
//! exact bytes of the record's JSON, and then what the record says
//! ([`TrialRecord::check`](crate::TrialRecord::check)).
//!
//! The two fsyncs per trial cost milliseconds on a disk (about 8 ms on the development machine),
//! which is nothing next to a training run; for trials of a millisecond, run the study in memory
//! (no storage) instead: the runner itself costs a few microseconds per trial.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{StudyError, TrialRecord};
use hp_store::{Replace, create_dir_all, frame, unframe, write_atomically};
/// The layout version of `study.json` and the trial files.
const FORMAT: u32 = 1;

/// What `study.json` says: everything that decides what trial `i` is, plus the space for readers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Meta {
    pub(crate) format: u32,
    pub(crate) name: String,
    /// [`Space::fingerprint`](hp_core::Space::fingerprint) as 16 hex digits.
    pub(crate) space_fingerprint: String,
    pub(crate) seed: u64,
    /// `minimize` or `maximize`.
    pub(crate) direction: String,
    pub(crate) strategy: StrategyMeta,
    /// The pruner's settings (`Debug` text), `None` without one: a pruner decides which trials end
    /// early, so records made under another one must not be mixed in.
    #[serde(default)]
    pub(crate) pruner: Option<String>,
    /// The declared objectives (`name (direction)`), left out for a study of one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) objectives: Option<Vec<String>>,
    /// The declared metric constraints (`latency_ms <= 5`), left out when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) constraints: Option<Vec<String>>,
    /// The config type's [`Space`](hp_core::Space), as JSON.
    pub(crate) space: serde_json::Value,
}

/// A strategy's identity: its `Debug` text (for people, cut to 200 characters), its length, and a
/// fingerprint of its first points (what is compared: it changes with the kind, the seed and every
/// parameter that moves a point, but not with a reworded `Debug`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct StrategyMeta {
    pub(crate) description: String,
    pub(crate) len: Option<u64>,
    pub(crate) points_fingerprint: String,
    /// The lag of a sampler that learns from results (none for a strategy: the field is left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) lag: Option<u64>,
    /// The enqueued configs and warm-start trials: their numbers and fingerprint (left out when
    /// there are none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) inputs: Option<String>,
}

impl Meta {
    /// The `study.json` of `dir`, of this layout version.
    pub(crate) fn read(dir: &Path) -> Result<Meta, StudyError> {
        let path = dir.join("study.json");
        let bytes = fs::read(&path).map_err(|e| StudyError::io(&path, e))?;
        let stored: Meta = serde_json::from_slice(&bytes)
            .map_err(|e| StudyError::corrupt(&path, format!("not a study description: {e}")))?;
        if stored.format != FORMAT {
            let (what, stored, current) = ("format", stored.format.to_string(), FORMAT.to_string());
            return Err(StudyError::Mismatch { path, what, stored, current });
        }
        Ok(stored)
    }

    pub(crate) fn new(
        name: &str,
        space: &hp_core::Space,
        seed: u64,
        direction: &str,
        strategy: StrategyMeta,
        pruner: Option<String>,
    ) -> Self {
        Meta {
            format: FORMAT,
            name: name.to_owned(),
            space_fingerprint: format!("{:016x}", space.fingerprint()),
            seed,
            direction: direction.to_owned(),
            strategy,
            pruner,
            objectives: None,
            constraints: None,
            // Serializing a Space cannot fail: it holds strings, numbers and options.
            space: serde_json::to_value(space).unwrap_or(serde_json::Value::Null),
        }
    }

    /// The first difference that makes `stored` another study than `self`, as (what, stored, current).
    fn difference(&self, stored: &Meta) -> Option<(&'static str, String, String)> {
        let strategy = |s: &StrategyMeta| {
            let lag = s.lag.map(|l| format!(", lag {l}")).unwrap_or_default();
            format!("{} (points fingerprint {}{lag})", s.description, s.points_fingerprint)
        };
        if stored.format != self.format {
            Some(("format", stored.format.to_string(), self.format.to_string()))
        } else if stored.name != self.name {
            Some(("name", format!("{:?}", stored.name), format!("{:?}", self.name)))
        } else if stored.space_fingerprint != self.space_fingerprint {
            Some(("space fingerprint", stored.space_fingerprint.clone(), self.space_fingerprint.clone()))
        } else if stored.seed != self.seed {
            Some(("seed", stored.seed.to_string(), self.seed.to_string()))
        } else if stored.strategy.points_fingerprint != self.strategy.points_fingerprint
            || stored.strategy.len != self.strategy.len
            || stored.strategy.lag != self.strategy.lag
        {
            Some(("strategy", strategy(&stored.strategy), strategy(&self.strategy)))
        } else if stored.strategy.inputs != self.strategy.inputs {
            let show = |i: &Option<String>| i.clone().unwrap_or_else(|| "none".to_owned());
            Some((
                "enqueued configs and warm start",
                show(&stored.strategy.inputs),
                show(&self.strategy.inputs),
            ))
        } else if stored.direction != self.direction {
            Some(("direction", stored.direction.clone(), self.direction.clone()))
        } else if stored.pruner != self.pruner {
            let show = |p: &Option<String>| p.clone().unwrap_or_else(|| "none".to_owned());
            Some(("pruner", show(&stored.pruner), show(&self.pruner)))
        } else if stored.objectives != self.objectives {
            let show =
                |o: &Option<Vec<String>>| o.as_ref().map_or("the value alone".to_owned(), |o| o.join(", "));
            Some(("objectives", show(&stored.objectives), show(&self.objectives)))
        } else if stored.constraints != self.constraints {
            let show = |c: &Option<Vec<String>>| c.as_ref().map_or("none".to_owned(), |c| c.join(", "));
            Some(("metric constraints", show(&stored.constraints), show(&self.constraints)))
        } else {
            None
        }
    }
}

/// An opened study directory whose `study.json` matches the study.
#[derive(Debug)]
pub(crate) struct Storage {
    dir: PathBuf,
    trials: PathBuf,
    /// The config type's number of unit coordinates, which every record's point must have.
    dim: usize,
    /// That a record's config is the config type's, inside its space, with the record's point.
    fits: ConfigCheck,
}

/// [`check_config`](crate::check_config) for the study's config type.
pub(crate) type ConfigCheck = fn(&serde_json::Value, &[f64]) -> Result<(), String>;

impl Storage {
    /// Checks that the stored study is `meta`, first creating the directory and `study.json` if
    /// `create` (else a missing `study.json` is an error). Several processes may do this at once:
    /// the first `study.json` wins and the others verify it.
    pub(crate) fn open(
        dir: &Path,
        meta: &Meta,
        create: bool,
        dim: usize,
        fits: ConfigCheck,
    ) -> Result<Self, StudyError> {
        let trials = dir.join("trials");
        let path = dir.join("study.json");
        if create {
            create_dir_all(&trials)?;
            if !path.exists() {
                let mut bytes = serde_json::to_vec_pretty(meta)
                    .map_err(|e| StudyError::serialize("the study description", e))?;
                bytes.push(b'\n');
                write_atomically(dir, "study.json", &bytes, Replace::No)?;
            }
        }
        let bytes = fs::read(&path).map_err(|e| StudyError::io(&path, e))?;
        let stored: Meta = serde_json::from_slice(&bytes)
            .map_err(|e| StudyError::corrupt(&path, format!("not a study description: {e}")))?;
        if let Some((what, stored, current)) = meta.difference(&stored) {
            return Err(StudyError::Mismatch { path, what, stored, current });
        }
        Ok(Storage { dir: dir.to_owned(), trials, dim, fits })
    }

    /// Opens a stored study to read it, whatever its name, sampler or budget: `stored` (its
    /// `study.json`, [`Meta::read`]) must hold `space`. Returns the storage and the stored
    /// direction.
    pub(crate) fn read(
        dir: &Path,
        stored: &Meta,
        space: &hp_core::Space,
        fits: ConfigCheck,
    ) -> Result<(Self, hp_core::Direction), StudyError> {
        let path = dir.join("study.json");
        let fingerprint = format!("{:016x}", space.fingerprint());
        if stored.space_fingerprint != fingerprint {
            let (what, stored) = ("space fingerprint", stored.space_fingerprint.clone());
            return Err(StudyError::Mismatch { path, what, stored, current: fingerprint });
        }
        let direction = hp_core::Direction::from_name(&stored.direction).ok_or_else(|| {
            StudyError::corrupt(
                &path,
                format!("direction {:?} is neither minimize nor maximize", stored.direction),
            )
        })?;
        let trials = dir.join("trials");
        Ok((Storage { dir: dir.to_owned(), trials, dim: space.dim(), fits }, direction))
    }

    fn record_name(index: u64) -> String {
        format!("{index:08}.json")
    }

    /// Every stored trial, sorted by index.
    ///
    /// # Errors
    /// The first unreadable or corrupt record file, by name.
    pub(crate) fn load_all(&self) -> Result<Vec<TrialRecord>, StudyError> {
        let entries = fs::read_dir(&self.trials).map_err(|e| StudyError::io(&self.trials, e))?;
        let mut files = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| StudyError::io(&self.trials, e))?;
            let name = entry.file_name();
            // Hidden files are temp files of writers (perhaps killed); other names are not ours.
            let Some(index) = name.to_str().and_then(record_index) else { continue };
            files.push((index, entry.path()));
        }
        files.sort_unstable_by_key(|(index, _)| *index);
        files.into_iter().map(|(index, path)| read_record(&path, index, self)).collect()
    }

    /// Trial `index`'s record, if stored.
    pub(crate) fn load(&self, index: u64) -> Result<Option<TrialRecord>, StudyError> {
        let path = self.trials.join(Self::record_name(index));
        match read_record(&path, index, self) {
            Err(StudyError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => Ok(None),
            other => other.map(Some),
        }
    }

    /// Makes `record` durable (replacing an older record of the same index).
    pub(crate) fn save(&self, record: &TrialRecord) -> Result<(), StudyError> {
        let bytes = encode_record(record)?;
        write_atomically(&self.trials, &Self::record_name(record.index), &bytes, Replace::Yes)?;
        Ok(())
    }

    /// Makes `record` durable unless its trial has a record already (`false`: another process
    /// told it first).
    pub(crate) fn save_new(&self, record: &TrialRecord) -> Result<bool, StudyError> {
        let bytes = encode_record(record)?;
        Ok(write_atomically(&self.trials, &Self::record_name(record.index), &bytes, Replace::No)?)
    }

    /// Every file of `sub` (`asked` or `queue`) as `T`, by number; the directory is created if
    /// missing.
    pub(crate) fn load_entries<T: serde::de::DeserializeOwned>(
        &self,
        sub: &str,
        key: &str,
    ) -> Result<Vec<(u64, T)>, StudyError> {
        let dir = self.dir.join(sub);
        create_dir_all(&dir)?;
        let mut files = Vec::new();
        for entry in fs::read_dir(&dir).map_err(|e| StudyError::io(&dir, e))? {
            let entry = entry.map_err(|e| StudyError::io(&dir, e))?;
            if let Some(n) = entry.file_name().to_str().and_then(record_index) {
                files.push((n, entry.path()));
            }
        }
        files.sort_unstable_by_key(|(n, _)| *n);
        files
            .into_iter()
            .map(|(n, path)| {
                let bytes = fs::read(&path).map_err(|e| StudyError::io(&path, e))?;
                let corrupt = |reason: String| StudyError::corrupt(&path, reason);
                let framed = bytes
                    .strip_suffix(b"\n")
                    .ok_or_else(|| corrupt("it is truncated (no final newline)".into()))?;
                let json = unframe(key, framed).map_err(corrupt)?;
                let value =
                    serde_json::from_slice(json).map_err(|e| corrupt(format!("not a {key} entry: {e}")))?;
                Ok((n, value))
            })
            .collect()
    }

    /// That an asked trial's point, config, curve, metrics and constraints could be the study's, as a record's are
    /// checked: what `path` holds is then safe to tell.
    pub(crate) fn check_asked(
        &self,
        path: &Path,
        config: &serde_json::Value,
        unit: &[f64],
        curve: &[crate::CurvePoint],
        [metrics, constraints]: [&std::collections::BTreeMap<String, f64>; 2],
    ) -> Result<(), StudyError> {
        let probe = TrialRecord {
            index: 0,
            config: config.clone(),
            unit: unit.to_vec(),
            curve: curve.to_vec(),
            value: None,
            status: crate::Status::Failed { message: String::new() },
            duration_secs: 0.0,
            metrics: metrics.clone(),
            constraints: constraints.clone(),
        };
        probe.check(self.dim).map_err(|reason| StudyError::corrupt(path, reason))?;
        (self.fits)(config, unit).map_err(|reason| StudyError::corrupt(path, reason))
    }

    /// The study directory.
    pub(crate) fn dir(&self) -> PathBuf {
        self.dir.clone()
    }

    /// The file of entry `n` of `sub`.
    pub(crate) fn entry_path(&self, sub: &str, n: u64) -> PathBuf {
        self.dir.join(sub).join(Self::record_name(n))
    }

    /// Writes entry `n` of `sub` (`asked` or `queue`); with `Replace::No`, `false` if it exists.
    pub(crate) fn save_entry<T: Serialize>(
        &self,
        sub: &str,
        key: &str,
        n: u64,
        value: &T,
        replace: Replace,
    ) -> Result<bool, StudyError> {
        let dir = self.dir.join(sub);
        create_dir_all(&dir)?;
        let json =
            serde_json::to_vec(value).map_err(|e| StudyError::serialize(format!("{key} entry {n}"), e))?;
        let mut bytes = frame(key, &json);
        bytes.push(b'\n');
        Ok(write_atomically(&dir, &Self::record_name(n), &bytes, replace)?)
    }
}

/// The index of a record file name `00000017.json` (8 digits or more, as written); `None` for any
/// other name, temp files included.
fn record_index(name: &str) -> Option<u64> {
    let digits = name.strip_suffix(".json")?;
    if digits.len() < 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let index: u64 = digits.parse().ok()?;
    (Storage::record_name(index) == name).then_some(index)
}

fn read_record(path: &Path, index: u64, storage: &Storage) -> Result<TrialRecord, StudyError> {
    let bytes = fs::read(path).map_err(|e| StudyError::io(path, e))?;
    let record = decode_record(path, &bytes)?;
    if record.index != index {
        let reason = format!("it holds trial {}, but its name says trial {index}", record.index);
        return Err(StudyError::corrupt(path, reason));
    }
    record.check(storage.dim).map_err(|reason| StudyError::corrupt(path, reason))?;
    (storage.fits)(&record.config, &record.unit).map_err(|reason| StudyError::corrupt(path, reason))?;
    Ok(record)
}

/// The key of a record file's [`frame`].
const RECORD: &str = "record";

/// `{"record":<json>,"checksum":"fnv1a64:<hex of the json's bytes>"}` and a newline: still one
/// JSON object, and the checksum covers exactly the bytes between the fixed prefix and suffix.
pub(crate) fn encode_record(record: &TrialRecord) -> Result<Vec<u8>, StudyError> {
    let json = serde_json::to_vec(record)
        .map_err(|e| StudyError::serialize(format!("the record of trial {}", record.index), e))?;
    let mut out = frame(RECORD, &json);
    out.push(b'\n');
    Ok(out)
}

/// The record in a file written by [`encode_record`], or why it is not one.
pub(crate) fn decode_record(path: &Path, bytes: &[u8]) -> Result<TrialRecord, StudyError> {
    let corrupt = |reason: String| StudyError::corrupt(path, reason);
    if bytes.is_empty() {
        return Err(corrupt("the file is empty".into()));
    }
    let framed =
        bytes.strip_suffix(b"\n").ok_or_else(|| corrupt("it is truncated (no final newline)".into()))?;
    let json = unframe(RECORD, framed).map_err(corrupt)?;
    serde_json::from_slice(json).map_err(|e| corrupt(format!("not a trial record: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    fn record() -> TrialRecord {
        TrialRecord {
            index: 3,
            config: serde_json::json!({"lr": 0.01}),
            unit: vec![0.5],
            curve: vec![],
            value: Some(1.5),
            status: Status::Complete,
            duration_secs: 0.25,
            metrics: Default::default(),
            constraints: Default::default(),
        }
    }

    #[test]
    fn a_record_round_trips_and_every_flipped_byte_is_caught() {
        let bytes = encode_record(&record()).unwrap();
        let path = Path::new("00000003.json");
        assert_eq!(decode_record(path, &bytes).unwrap(), record());
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x04;
            assert!(decode_record(path, &bad).is_err(), "flipping byte {i} went unnoticed");
        }
        for len in 0..bytes.len() {
            assert!(decode_record(path, &bytes[..len]).is_err(), "truncation to {len} bytes went unnoticed");
        }
    }

    #[test]
    fn floats_read_back_bit_for_bit() {
        // serde_json's `float_roundtrip`: without it, some values come back an ulp off.
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        let unit: Vec<f64> = (0..2000)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                (x >> 11) as f64 / (1u64 << 53) as f64
            })
            .collect();
        let r = TrialRecord { unit, ..record() };
        let back = decode_record(Path::new("x"), &encode_record(&r).unwrap()).unwrap();
        assert!(back.unit.iter().zip(&r.unit).all(|(a, b)| a.to_bits() == b.to_bits()));
    }

    #[test]
    fn only_canonical_record_names_are_records() {
        assert_eq!(record_index("00000017.json"), Some(17));
        assert_eq!(record_index("123456789.json"), Some(123_456_789));
        for name in
            [".00000017.json.12.0.tmp", "17.json", "000000017.json", "00000017.json~", "x0000017.json"]
        {
            assert_eq!(record_index(name), None, "{name}");
        }
    }
}
