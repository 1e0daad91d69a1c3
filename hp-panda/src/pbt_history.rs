//! What a PBT run did: [`PbtDay`], [`Exploit`], [`PbtHistory`].

use core::fmt::Display;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ParamValue;
use super::history::NudgeRecord;
use hp_core::Direction;

/// One member's day of a [`Pbt`](super::Pbt) run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PbtDay {
    /// The member.
    pub member: usize,
    /// The day, from 1.
    pub day: u64,
    /// Its metric (in JSON, non-finite values as `"NaN"`, `"inf"`, `"-inf"`).
    #[serde(with = "crate::history::metric::plain")]
    pub metric: f64,
    /// The config it trained with.
    pub config: Value,
    /// Its unit-cube point.
    pub unit: Vec<f64>,
}

/// One exploit and explore of a [`Pbt`](super::Pbt) run: a member that copied another and nudged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Exploit {
    /// The last day before it.
    pub day: u64,
    /// The member replaced.
    pub member: usize,
    /// The member it copied.
    pub copied: usize,
    /// The replaced member's metric.
    #[serde(with = "crate::history::metric::plain")]
    pub metric: f64,
    /// The copied member's metric.
    #[serde(with = "crate::history::metric::plain")]
    pub copied_metric: f64,
    /// The explore nudges.
    pub nudges: Vec<NudgeRecord>,
    /// The config after them.
    pub config: Value,
    /// Its unit-cube point.
    pub unit: Vec<f64>,
}

impl Display for Exploit {
    /// `day 4: member 6 (0.31) copies member 2 (0.05), learning_rate 0.1 -> 0.1778 (+1)`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let v = |x: f64| ParamValue::Float(x).to_string();
        write!(
            f,
            "day {}: member {} ({}) copies member {} ({})",
            self.day,
            self.member,
            v(self.metric),
            self.copied,
            v(self.copied_metric)
        )?;
        for n in &self.nudges {
            write!(f, ", {n}")?;
        }
        Ok(())
    }
}

/// What a [`Pbt`](super::Pbt) run did: every member's days and every exploit, in order. Serializable, so two
/// runs can be compared byte for byte.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PbtHistory {
    pub(crate) direction: Direction,
    pub(crate) population: usize,
    pub(crate) days: Vec<PbtDay>,
    pub(crate) exploits: Vec<Exploit>,
}

impl PbtHistory {
    /// Every member's days, by day then member.
    pub fn days(&self) -> &[PbtDay] {
        &self.days
    }

    /// Every exploit, in order.
    pub fn exploits(&self) -> &[Exploit] {
        &self.exploits
    }

    /// The population size.
    pub fn population(&self) -> usize {
        self.population
    }

    /// Whether lower or higher metrics are better.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The best member's last day: the best finite metric on the last day.
    pub fn best(&self) -> Option<&PbtDay> {
        let last = self.days.last()?.day;
        self.best_among(|d| d.day == last)
    }

    /// The best day of any member, at any time.
    pub fn best_ever(&self) -> Option<&PbtDay> {
        self.best_among(|_| true)
    }

    fn best_among(&self, keep: impl Fn(&PbtDay) -> bool) -> Option<&PbtDay> {
        let mut best: Option<&PbtDay> = None;
        for d in self.days.iter().filter(|d| keep(d) && d.metric.is_finite()) {
            if best.is_none_or(|b| self.direction.better(d.metric, b.metric)) {
                best = Some(d);
            }
        }
        best
    }

    /// Member `member`'s days.
    pub fn member(&self, member: usize) -> impl Iterator<Item = &PbtDay> {
        self.days.iter().filter(move |d| d.member == member)
    }
}
