//! Shared by the `study_*` tests: a hand-written config type (the derive is tested elsewhere),
//! temp directories, and record comparison without durations.

#![allow(dead_code)] // each test file uses part of this

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use hp_core::{
    CategoricalScale, FieldError, Hyperparams, LinearScale, LogScale, Scale, SpaceBuilder, Value, join_path,
};
use hp_study::{CurvePoint, Status, TrialRecord};
use rand::Rng;
use rand::distr::Distribution;
use serde::{Deserialize, Serialize};

/// The activation names, one with a comma and one with quotes, to exercise CSV quoting.
pub const ACTIVATIONS: [&str; 3] = ["relu", "tanh, scaled", "say \"hi\""];

/// A small config: a log-scaled learning rate, a number of units and a choice of activation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub lr: f64,
    pub units: u32,
    pub activation: String,
}

fn lr() -> LogScale<f64> {
    LogScale::new(1e-4, 1.0).unwrap()
}

fn units() -> LinearScale<u32> {
    LinearScale::new(16, 64).unwrap()
}

fn activation() -> CategoricalScale {
    CategoricalScale::new(ACTIVATIONS.len() as u64).unwrap()
}

impl Hyperparams for Config {
    const DIM: usize = 3;

    fn sample_with<R: Rng + ?Sized>(rng: &mut R) -> Self {
        Config {
            lr: lr().sample(rng),
            units: units().sample(rng),
            activation: ACTIVATIONS[activation().sample(rng) as usize].to_owned(),
        }
    }

    fn from_unit(u: &[f64]) -> Self {
        let [a, b, c] = u else { panic!("Config::from_unit takes 3 coordinates, got {}", u.len()) };
        Config {
            lr: lr().from_unit(*a),
            units: units().from_unit(*b),
            activation: ACTIVATIONS[activation().from_unit(*c) as usize].to_owned(),
        }
    }

    fn write_unit(&self, out: &mut Vec<f64>) {
        let k = ACTIVATIONS.iter().position(|a| *a == self.activation).unwrap_or(0);
        out.extend([lr().to_unit(self.lr), units().to_unit(self.units), activation().to_unit(k as u64)]);
    }

    fn set_unit(&mut self, coordinate: usize, u: f64) -> bool {
        match coordinate {
            0 => self.lr = lr().from_unit(u),
            1 => self.units = units().from_unit(u),
            2 => self.activation = ACTIVATIONS[activation().from_unit(u) as usize].to_owned(),
            _ => return false,
        }
        true
    }

    fn write_values(&self, out: &mut Vec<Option<Value>>) {
        let k = ACTIVATIONS.iter().position(|a| *a == self.activation).unwrap_or(0);
        out.extend([Some(Value::F64(self.lr)), Some(Value::Int(self.units.into())), Some(Value::Choice(k))]);
    }

    fn describe(space: &mut SpaceBuilder, path: &str) {
        space.scale(join_path(path, "lr"), "f64", &lr());
        space.scale(join_path(path, "units"), "u32", &units());
        space.choice(join_path(path, "activation"), "String", &ACTIVATIONS);
    }

    fn check(&self, path: &str, errors: &mut Vec<FieldError>) {
        if !lr().contains(self.lr) {
            errors.push(FieldError::new(
                join_path(path, "lr"),
                format!("{:?}", self.lr),
                lr().domain().to_string(),
            ));
        }
        if !units().contains(self.units) {
            let domain = units().domain().to_string();
            errors.push(FieldError::new(join_path(path, "units"), self.units.to_string(), domain));
        }
        if !ACTIVATIONS.contains(&self.activation.as_str()) {
            let allowed = format!("choice {{{}}}", ACTIVATIONS.join(", "));
            errors.push(FieldError::new(
                join_path(path, "activation"),
                format!("{:?}", self.activation),
                allowed,
            ));
        }
    }
}

/// The same space with one more choice: another fingerprint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WiderConfig(pub Config);

impl Hyperparams for WiderConfig {
    const DIM: usize = 3;
    fn sample_with<R: Rng + ?Sized>(rng: &mut R) -> Self {
        WiderConfig(Config::sample_with(rng))
    }
    fn from_unit(u: &[f64]) -> Self {
        WiderConfig(Config::from_unit(u))
    }
    fn write_unit(&self, out: &mut Vec<f64>) {
        self.0.write_unit(out);
    }
    fn set_unit(&mut self, coordinate: usize, u: f64) -> bool {
        self.0.set_unit(coordinate, u)
    }
    fn write_values(&self, out: &mut Vec<Option<Value>>) {
        self.0.write_values(out);
    }
    fn describe(space: &mut SpaceBuilder, path: &str) {
        space.scale(join_path(path, "lr"), "f64", &LogScale::new(1e-5, 1.0).unwrap());
        space.scale(join_path(path, "units"), "u32", &units());
        space.choice(join_path(path, "activation"), "String", &ACTIVATIONS);
    }
    fn check(&self, path: &str, errors: &mut Vec<FieldError>) {
        self.0.check(path, errors);
    }
}

/// A smooth objective with its minimum near lr = 0.01 and 40 units: a learning curve of `steps`
/// points decaying towards the final value.
pub fn loss(config: &Config) -> f64 {
    let x = config.lr.log10() + 2.0;
    let y = (config.units as f64 - 40.0) / 24.0;
    0.1 + x * x + y * y + if config.activation == "relu" { 0.0 } else { 0.05 }
}

/// A unique directory under the system temp dir, removed on drop.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let dir = std::env::temp_dir().join(format!("hp-{tag}-{}-{n}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The study's record files, sorted.
    pub fn record_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(self.0.join("trials")) {
            Ok(entries) => entries
                .map(|e| e.unwrap().path())
                .filter(|p| !p.file_name().unwrap().to_str().unwrap().starts_with('.'))
                .collect(),
            Err(_) => Vec::new(),
        };
        files.sort();
        files
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A record without its duration, which is the one thing that differs between runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub index: u64,
    pub config: serde_json::Value,
    pub unit: Vec<f64>,
    pub curve: Vec<CurvePoint>,
    pub value: Option<f64>,
    pub status: Status,
    pub metrics: std::collections::BTreeMap<String, f64>,
}

pub fn outcomes(records: &[TrialRecord]) -> Vec<Outcome> {
    records
        .iter()
        .map(|r| Outcome {
            index: r.index,
            config: r.config.clone(),
            unit: r.unit.clone(),
            curve: r.curve.clone(),
            value: r.value,
            status: r.status.clone(),
            metrics: r.metrics.clone(),
        })
        .collect()
}
