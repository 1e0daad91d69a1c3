//! [`Recheck`]: the top configs of a stored study run again, old against new.

use core::fmt;

use serde::{Deserialize, Serialize};

use super::results::rank_order;
use super::{Status, TrialRecord};
use hp_core::Direction;

/// The report of [`Study::recheck`](super::Study::recheck): the lecture's advice to re-evaluate
/// hyperparameters every few months, as data and code change. Each of the stored top `k`
/// configs ran again; `Display` prints a table, and the report is saved as JSON in the study's
/// `rechecks/` directory.
///
/// Ranks count from 1 among the re-checked configs: `old_rank` by the stored values, `new_rank` by
/// the new ones (`None` if the config failed or was pruned this time).
///
/// ```
/// use hp_study::{Recheck, RecheckEntry, Status};
/// use hp_core::Direction;
/// let entry = |index, old_rank, new_rank, new_value| RecheckEntry {
///     index, config: serde_json::json!(true), old_value: 0.1 * old_rank as f64, old_rank,
///     new_value: Some(new_value), new_rank: Some(new_rank), new_status: Status::Complete, duration_secs: 0.0,
/// };
/// let report = Recheck {
///     study: "demo".into(), direction: Direction::Minimize, unix_time: 0, ranking_changed: true,
///     entries: vec![entry(4, 1, 2, 0.5), entry(9, 2, 1, 0.2)],
/// };
/// assert!(report.to_string().contains("the ranking changed"));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recheck {
    /// The study's name.
    pub study: String,
    /// Whether lower or higher values are better.
    pub direction: Direction,
    /// When the re-check ran, in seconds since the Unix epoch.
    pub unix_time: u64,
    /// Whether any config's new rank differs from its old one.
    pub ranking_changed: bool,
    /// One entry per re-checked config, in the old ranking's order.
    pub entries: Vec<RecheckEntry>,
}

/// One re-checked config of a [`Recheck`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecheckEntry {
    /// The trial's index in the study.
    pub index: u64,
    /// The config, as stored.
    pub config: serde_json::Value,
    /// The stored value.
    pub old_value: f64,
    /// The rank by stored values, from 1.
    pub old_rank: usize,
    /// The value of the new run, if it completed.
    pub new_value: Option<f64>,
    /// The rank by new values, from 1; `None` if the new run did not complete.
    pub new_rank: Option<usize>,
    /// How the new run ended.
    pub new_status: Status,
    /// Wall-clock seconds of the new run.
    pub duration_secs: f64,
}

impl Recheck {
    /// The report for `old` (the top records, best first) and their new runs (any order).
    pub(crate) fn new(
        study: &str,
        direction: Direction,
        unix_time: u64,
        old: &[TrialRecord],
        new: &[TrialRecord],
    ) -> Self {
        let mut ranked: Vec<&TrialRecord> = new.iter().filter(|r| r.status == Status::Complete).collect();
        ranked.sort_by(|a, b| rank_order(direction, a, b));
        let entries: Vec<RecheckEntry> = old
            .iter()
            .enumerate()
            .map(|(rank, o)| {
                let n = new.iter().find(|n| n.index == o.index);
                RecheckEntry {
                    index: o.index,
                    config: o.config.clone(),
                    old_value: o.value.unwrap_or(f64::NAN),
                    old_rank: rank + 1,
                    new_value: n.and_then(|n| n.value),
                    new_rank: ranked.iter().position(|r| r.index == o.index).map(|p| p + 1),
                    new_status: n.map_or_else(
                        || Status::Failed { message: "did not run".into() },
                        |n| n.status.clone(),
                    ),
                    duration_secs: n.map_or(0.0, |n| n.duration_secs),
                }
            })
            .collect();
        let ranking_changed = entries.iter().any(|e| e.new_rank != Some(e.old_rank));
        Recheck { study: study.to_owned(), direction, unix_time, ranking_changed, entries }
    }
}

impl fmt::Display for Recheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "recheck of the top {} of study {:?} ({}): {}",
            self.entries.len(),
            self.study,
            self.direction.name(),
            if self.ranking_changed { "the ranking changed" } else { "the ranking holds" }
        )?;
        let mut rows =
            vec![["index", "old value", "old rank", "new value", "new rank", "change"].map(String::from)];
        for e in &self.entries {
            let (new_value, change) = match (&e.new_status, e.new_value) {
                (Status::Complete, Some(v)) => {
                    (format!("{v:.6}"), format!("{:+.1}%", 100.0 * (v - e.old_value) / e.old_value.abs()))
                }
                (Status::Pruned { step, rung: None }, _) => (format!("pruned at {step}"), String::new()),
                (Status::Pruned { step, rung: Some(rung) }, _) => {
                    (format!("pruned at {step} (rung {rung})"), String::new())
                }
                (status, _) => (super::export::status_name(status).to_owned(), String::new()),
            };
            rows.push([
                e.index.to_string(),
                format!("{:.6}", e.old_value),
                e.old_rank.to_string(),
                new_value,
                e.new_rank.map_or_else(|| "-".to_owned(), |r| r.to_string()),
                change,
            ]);
        }
        let widths: Vec<usize> =
            (0..6).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
        for row in &rows {
            let cells: Vec<String> =
                row.iter().zip(&widths).map(|(cell, &w)| format!("{cell:>w$}")).collect();
            writeln!(f, "{}", cells.join("  ").trim_end())?;
        }
        Ok(())
    }
}
