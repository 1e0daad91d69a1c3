//! [`Plan`]: what a study runs, checked: its sampler, length, lag, storage, enqueued configs and
//! warm-start trials, and how trial `i`'s point follows from them.

use hp_core::Direction;
use hp_core::sampler::{History, Observation, Sampler};
use hp_core::strategy::Random;

use super::storage::Storage;

/// A config given with [`Study::enqueue`](super::Study::enqueue): its JSON (read back exactly, as
/// a stored record's), its point, and what `validate` said.
#[derive(Clone, Debug)]
pub(crate) struct Enqueued {
    pub(crate) json: serde_json::Value,
    pub(crate) check: Result<(), String>,
}

/// The study's sampler, or the default one built for the plan.
pub(crate) enum PlanSampler<'a> {
    Study(&'a (dyn Sampler + Send + Sync)),
    Default(Random),
}

/// What a study runs, checked.
pub(crate) struct Plan<'a> {
    pub(crate) sampler: PlanSampler<'a>,
    /// The number of trials: enqueued ones first, then the sampler's.
    pub(crate) len: u64,
    pub(crate) storage: Option<Storage>,
    pub(crate) lag: u64,
    pub(crate) direction: Direction,
    pub(crate) enqueued: &'a [Enqueued],
    pub(crate) warm_start: Vec<Observation>,
}

impl Plan<'_> {
    /// The storage directory, or an empty path in memory (for error messages).
    pub(crate) fn storage_dir(&self) -> std::path::PathBuf {
        self.storage.as_ref().map(Storage::dir).unwrap_or_default()
    }

    pub(crate) fn sampler(&self) -> &(dyn Sampler + Send + Sync) {
        match &self.sampler {
            PlanSampler::Study(s) => *s,
            PlanSampler::Default(r) => r,
        }
    }

    /// Whether trial `i`'s point depends on other trials' results.
    pub(crate) fn lagged(&self) -> bool {
        self.sampler().uses_history()
    }

    /// Trial `i`'s enqueued config, if it is one.
    pub(crate) fn enqueued(&self, i: u64) -> Option<&serde_json::Value> {
        usize::try_from(i).ok().and_then(|i| self.enqueued.get(i)).map(|e| &e.json)
    }

    /// Trial `i`'s point from a sampler that ignores history: a strategy's points follow the
    /// enqueued configs (trial `k` is point 0), so that a grid loses none of its points.
    pub(crate) fn strategy_point(&self, i: u64, out: &mut [f64]) {
        let k = self.enqueued.len() as u64;
        self.sampler().propose(i - k, &History::empty(self.direction), out);
    }

    /// Trial `i`'s point from a sampler that learns, given this study's trials it may condition
    /// on (`own`, by index): the warm-start trials come first in its history, numbered before them.
    pub(crate) fn learned_point(&self, i: u64, own: Vec<Observation>, out: &mut [f64]) {
        let history = with_warm_start(&self.warm_start, own);
        self.sampler().propose(i, &History::new(self.direction, &history), out);
    }
}

/// `warm` (another study's trials) then `own`, renumbered `0..` in that order: a history is
/// sorted by index, and what a sampler reads from an index is only the order of the trials.
pub(crate) fn with_warm_start(warm: &[Observation], own: Vec<Observation>) -> Vec<Observation> {
    if warm.is_empty() {
        return own;
    }
    let m = warm.len() as u64;
    let mut all =
        warm.iter().cloned().zip(0..).map(|(o, k)| Observation { index: k, ..o }).collect::<Vec<_>>();
    all.extend(own.into_iter().map(|o| Observation { index: o.index + m, ..o }));
    all
}

/// The number of leading points whose bits make a strategy's fingerprint.
const FINGERPRINT_POINTS: u64 = 64;

/// FNV-1a over the dimension and the bits of the first points: what the strategy *does*. For a
/// sampler that learns from results, the first points with no results (its startup), its settings
/// (`description`) and the lag.
pub(crate) fn points_fingerprint(sampler: &dyn Sampler, description: &str, lag: u64) -> u64 {
    let dim = sampler.unit_dim();
    let mut bytes = (dim as u64).to_le_bytes().to_vec();
    let mut point = vec![0.0; dim];
    let empty = History::empty(Direction::Minimize);
    for i in 0..sampler.max_trials().map_or(FINGERPRINT_POINTS, |n| n.min(FINGERPRINT_POINTS)) {
        sampler.propose(i, &empty, &mut point);
        bytes.extend(point.iter().flat_map(|u| u.to_bits().to_le_bytes()));
    }
    if sampler.uses_history() {
        bytes.extend(description.as_bytes());
        bytes.extend(lag.to_le_bytes());
    }
    hp_core::fnv1a64(&bytes)
}

/// The fingerprint of the enqueued configs (their JSON) and of the warm-start trials (points and
/// outcomes, bit for bit): both decide what the trials are, so both are part of a stored study.
pub(crate) fn inputs_fingerprint(enqueued: &[Enqueued], warm_start: &[Observation]) -> Option<String> {
    if enqueued.is_empty() && warm_start.is_empty() {
        return None;
    }
    let mut bytes = Vec::new();
    for e in enqueued {
        bytes.extend(e.json.to_string().as_bytes());
        bytes.push(0x1e);
    }
    bytes.push(0x1d);
    for o in warm_start {
        bytes.extend(o.unit.iter().flat_map(|u| u.to_bits().to_le_bytes()));
        bytes.extend(format!("{:?}", o.outcome).as_bytes());
        // Only in a study of several objectives, so that earlier studies keep their fingerprint.
        bytes.extend(o.objectives.iter().flat_map(|x| x.to_bits().to_le_bytes()));
        bytes.push(0x1e);
    }
    Some(format!(
        "{} enqueued, {} warm-start trials, {:016x}",
        enqueued.len(),
        warm_start.len(),
        hp_core::fnv1a64(&bytes)
    ))
}
