//! A PBT run's directory: one journal line per round, the members' checkpoints, and the lock.
//!
//! ```text
//! <dir>/lock                                   held (flock) by the process running it; names it
//! <dir>/pbt.jsonl                              the start, then one line per round trained
//! <dir>/checkpoints/round-00003-member-00002.ckpt   member 2's model after round 3
//! <dir>/pbt.torn                               a torn last line dropped on resume, if any
//! ```
//!
//! The journal is an [`hp_store::Log`] as a panda's is (checksummed lines, fsync'd, a failed
//! append cut back). A round's line holds the exploits made before it, every member's days,
//! and a reference (name, length, checksum) to each member's checkpoint after it, written
//! atomically before the line. Nothing else is needed to resume: the exploit after a round is
//! a function of the members' metrics, configs and models and of the seed, so a resumed run
//! makes it again, exactly as the uninterrupted run did.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::PandaError;
use super::journal::Journal;
use super::pbt_history::{Exploit, PbtDay};
use hp_core::Hyperparams;
use hp_store::{BlobRef, DirLock, Log};
use hp_study::check_config;

const JOURNAL: &str = "pbt.jsonl";
const CHECKPOINTS: &str = "checkpoints";

/// What identifies a run: checked against the journal on resume.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct PbtHeader {
    pub(crate) format: u32,
    /// Population, interval, quantile, steps, explored parameters, seed, direction, nudger.
    pub(crate) settings: Value,
    pub(crate) space_fingerprint: String,
    /// Each member's start config's unit point (`init` must give the same ones on resume).
    pub(crate) starts: Vec<Vec<f64>>,
}

/// One member after a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Saved {
    /// Its last day's metric.
    #[serde(with = "crate::history::metric::plain")]
    pub(crate) metric: f64,
    pub(crate) checkpoint: BlobRef,
}

/// One journal line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum PbtEntry {
    Start {
        #[serde(flatten)]
        header: PbtHeader,
    },
    Round {
        /// From 1.
        round: u64,
        /// The exploits made before the round (after its first day's eve).
        exploits: Vec<Exploit>,
        /// Every member's days, by day then member.
        days: Vec<PbtDay>,
        /// Every member after the round, by index.
        members: Vec<Saved>,
    },
}

/// A round read back and checked.
pub(crate) struct Round {
    pub(crate) exploits: Vec<Exploit>,
    pub(crate) days: Vec<PbtDay>,
    pub(crate) members: Vec<Saved>,
}

/// An open PBT journal and the directory's lock.
#[derive(Debug)]
pub(crate) struct PbtJournal {
    checkpoints: PathBuf,
    log: Log,
    rounds: u64,
    _lock: DirLock,
}

impl PbtJournal {
    /// The file name of member `member`'s checkpoint after round `round`.
    pub(crate) fn checkpoint_name(round: u64, member: usize) -> String {
        format!("round-{round:05}-member-{member:05}.ckpt")
    }

    /// Opens the run in `dir` (taking its lock, waiting for it if `wait`): a new journal with
    /// `header`, or the existing one with its rounds, checked line by line against `header`
    /// and the config type `C`.
    pub(crate) fn open<C: Hyperparams + DeserializeOwned>(
        dir: &Path,
        wait: bool,
        header: PbtHeader,
        interval: u64,
    ) -> Result<(Self, Vec<Round>), PandaError> {
        let lock = Journal::lock(dir, wait)?;
        let checkpoints = lock.dir().join(CHECKPOINTS);
        if !lock.dir().join(JOURNAL).exists() {
            hp_store::create_dir_all(&checkpoints)?;
            let log = Log::create(lock.dir(), JOURNAL, &PbtEntry::Start { header })?;
            return Ok((PbtJournal { checkpoints, log, rounds: 0, _lock: lock }, Vec::new()));
        }
        let (log, entries, _torn) = Log::open::<PbtEntry>(lock.dir(), JOURNAL)?;
        let rounds = check::<C>(log.path(), &header, interval, entries)?;
        Ok((PbtJournal { checkpoints, log, rounds: rounds.len() as u64, _lock: lock }, rounds))
    }

    /// Writes each member's checkpoint after the next round, then the round's line.
    pub(crate) fn append_round(
        &mut self,
        exploits: Vec<Exploit>,
        days: Vec<PbtDay>,
        checkpoints: &[(f64, Vec<u8>)],
    ) -> Result<(), PandaError> {
        let round = self.rounds + 1;
        let mut members = Vec::with_capacity(checkpoints.len());
        for (member, (metric, bytes)) in checkpoints.iter().enumerate() {
            let name = Self::checkpoint_name(round, member);
            members.push(Saved {
                metric: *metric,
                checkpoint: BlobRef::write(&self.checkpoints, &name, bytes)?,
            });
        }
        self.log.append(&PbtEntry::Round { round, exploits, days, members })?;
        self.rounds = round;
        Ok(())
    }

    /// Member `member`'s checkpoint after the last round, checked against its reference.
    pub(crate) fn read_checkpoint(&self, member: usize, saved: &Saved) -> Result<Vec<u8>, PandaError> {
        Ok(saved.checkpoint.read(&self.checkpoints, &Self::checkpoint_name(self.rounds, member))?)
    }

    pub(crate) fn path(&self) -> &Path {
        self.log.path()
    }
}

/// Every round of a journal, each line checked: the start against `header`, the rounds in
/// order, their days contiguous and within the exploit interval, every config a `C` inside
/// its space with its own unit point, every member and coordinate in range, every checkpoint
/// named for its round and member.
fn check<C: Hyperparams + DeserializeOwned>(
    path: &Path,
    header: &PbtHeader,
    interval: u64,
    entries: Vec<PbtEntry>,
) -> Result<Vec<Round>, PandaError> {
    let corrupt = |line: usize, reason: String| PandaError::corrupt(path, format!("line {line}: {reason}"));
    let mut entries = entries.into_iter();
    let Some(PbtEntry::Start { header: stored }) = entries.next() else {
        return Err(PandaError::corrupt(path, "line 1 is not the start of a PBT run"));
    };
    mismatch(path, &stored, header)?;
    let population = header.starts.len();
    let mut rounds: Vec<Round> = Vec::new();
    let mut last_day = 0;
    // Each member's unit point in force: its start's, then the last round's.
    let mut units = header.starts.clone();
    for (n, entry) in entries.enumerate() {
        let line = n + 2;
        let PbtEntry::Round { round, exploits, days, members } = entry else {
            return Err(corrupt(line, "a second start".into()));
        };
        let expected = rounds.len() as u64 + 1;
        if round != expected {
            return Err(corrupt(line, format!("round {round} where round {expected} was expected")));
        }
        // Rounds end at multiples of the interval, or earlier when a run ended there.
        let first = last_day + 1;
        let boundary = (last_day / interval + 1).saturating_mul(interval);
        let end = days.last().map_or(0, |d| d.day);
        if !(first..=boundary).contains(&end) {
            return Err(corrupt(
                line,
                format!("round {round} ends on day {end}, not within days {first} to {boundary}"),
            ));
        }
        let length = (end - first + 1) as usize;
        if days.len() != length.saturating_mul(population) {
            return Err(corrupt(
                line,
                format!("{} member days, not {length} days of {population} members", days.len()),
            ));
        }
        for (k, d) in days.iter().enumerate() {
            let (day, member) = (first + (k / population) as u64, k % population);
            if (d.day, d.member) != (day, member) {
                return Err(corrupt(
                    line,
                    format!("member {} day {} where member {member} day {day} was expected", d.member, d.day),
                ));
            }
            // A member trains a whole round with one config.
            if d.day > first && days[k - population].config != d.config {
                return Err(corrupt(
                    line,
                    format!("member {member} changes its config within the round on day {day}"),
                ));
            }
            if d.day == first {
                check_config::<C>(&d.config, &d.unit)
                    .map_err(|r| corrupt(line, format!("member {member}: {r}")))?;
            } else if days[k - population].unit != d.unit {
                return Err(corrupt(line, format!("member {member}'s unit point changes on day {day}")));
            }
        }
        let exploits_expected = last_day > 0 && last_day % interval == 0;
        if !exploits.is_empty() && !exploits_expected {
            return Err(corrupt(line, format!("exploits after day {last_day}, which ends no interval")));
        }
        for e in &exploits {
            if e.day != last_day || e.member >= population || e.copied >= population {
                return Err(corrupt(
                    line,
                    format!("an exploit of member {} by member {} after day {}", e.member, e.copied, e.day),
                ));
            }
            if let Some(reason) = crate::history::check_nudges(&e.nudges, C::DIM) {
                return Err(corrupt(line, reason));
            }
            check_config::<C>(&e.config, &e.unit)
                .map_err(|r| corrupt(line, format!("exploit of member {}: {r}", e.member)))?;
            if days[e.member].config != e.config {
                return Err(corrupt(
                    line,
                    format!("member {} trains with another config than its exploit gave", e.member),
                ));
            }
        }
        // Each member trains with the config it had, or the one its exploit gave it.
        for (member, day) in days[..population].iter().enumerate() {
            let given = exploits.iter().rev().find(|e| e.member == member).map(|e| &e.unit);
            let expected = given.unwrap_or(&units[member]);
            if &day.unit != expected {
                return Err(corrupt(line, format!("member {member} trains with a config nothing gave it")));
            }
        }
        units = days[..population].iter().map(|d| d.unit.clone()).collect();
        if members.len() != population {
            return Err(corrupt(line, format!("{} members saved, not {population}", members.len())));
        }
        for (member, saved) in members.iter().enumerate() {
            let name = PbtJournal::checkpoint_name(round, member);
            if saved.checkpoint.file != name {
                return Err(corrupt(
                    line,
                    format!(
                        "member {member}'s checkpoint is named {:?}; only {name:?} in checkpoints/ is read",
                        saved.checkpoint.file
                    ),
                ));
            }
            let trained = days[days.len() - population + member].metric;
            if saved.metric.to_bits() != trained.to_bits() {
                return Err(corrupt(
                    line,
                    format!("member {member}'s metric {} is not its last day's, {trained}", saved.metric),
                ));
            }
        }
        last_day = end;
        rounds.push(Round { exploits, days, members });
    }
    Ok(rounds)
}

/// That a stored start is this run's: the same format, settings, space and start configs.
fn mismatch(path: &Path, stored: &PbtHeader, current: &PbtHeader) -> Result<(), PandaError> {
    let differs = |what, stored: String, current: String| {
        Err(PandaError::Mismatch { path: path.to_owned(), what, stored, current })
    };
    if stored.format != current.format {
        return differs("format", stored.format.to_string(), current.format.to_string());
    }
    if stored.settings != current.settings {
        // Name the first setting that differs.
        let key = current
            .settings
            .as_object()
            .and_then(|c| c.iter().find(|(k, v)| stored.settings.get(k.as_str()) != Some(*v)))
            .map(|(k, _)| k.clone());
        let show = |s: &Value| match &key {
            Some(k) => format!("{k} = {}", s.get(k.as_str()).unwrap_or(&Value::Null)),
            None => s.to_string(),
        };
        return differs("settings", show(&stored.settings), show(&current.settings));
    }
    if stored.space_fingerprint != current.space_fingerprint {
        return differs(
            "space fingerprint",
            stored.space_fingerprint.clone(),
            current.space_fingerprint.clone(),
        );
    }
    if stored.starts != current.starts {
        let member = stored.starts.iter().zip(&current.starts).position(|(a, b)| a != b).unwrap_or(0);
        return differs(
            "start configs",
            format!("member {member} starts at {:?}", stored.starts.get(member)),
            format!("member {member} starts at {:?}", current.starts.get(member)),
        );
    }
    Ok(())
}
