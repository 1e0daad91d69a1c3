//! [`Results`]: every trial of a study, ranked, summarized and exported.

use core::cmp::Ordering;
use core::fmt;
use core::marker::PhantomData;
use std::io;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::{Status, StudyError, TrialRecord};
use super::{export, record};
use hp_core::{Direction, Hyperparams, Space, Value};

/// Every trial of a study, sorted by index: what [`Study::run`](super::Study::run) and
/// [`Study::results`](super::Study::results) return.
///
/// ```
/// use hp_study::{Stop, Study, Trial};
/// use hp_core::strategy::Grid;
/// let study = Study::<bool>::new("coin").strategy(Grid::for_config::<bool>(2)?).workers(1);
/// let results = study.run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 0.1 } else { 0.3 }))?;
/// assert_eq!(results.records().len(), 2);
/// assert_eq!(results.best().unwrap().index, 1); // `true` gave the lower value
/// assert_eq!(results.config(results.best().unwrap())?, true);
/// println!("{}", results.summary(5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Results<C> {
    records: Vec<TrialRecord>,
    direction: Direction,
    space: Space,
    /// A record's values from its config, read as `C` (exact, in each field's own type), where
    /// the study knows `C`; otherwise (and for a config that no longer reads) from its unit point.
    typed_values: Option<TypedValues>,
    config: PhantomData<fn() -> C>,
}

/// [`Results::typed_values`]: a record's values read through its config type, if it reads.
type TypedValues = fn(&TrialRecord) -> Option<Vec<Option<Value>>>;

impl<C> Clone for Results<C> {
    fn clone(&self) -> Self {
        Results {
            records: self.records.clone(),
            direction: self.direction,
            space: self.space.clone(),
            typed_values: self.typed_values,
            config: PhantomData,
        }
    }
}

impl<C> fmt::Debug for Results<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Results")
            .field("direction", &self.direction)
            .field("records", &self.records)
            .finish_non_exhaustive()
    }
}

/// How many trials ended which way.
///
/// ```
/// use hp_study::Counts;
/// let c = Counts { complete: 3, failed: 1, pruned: 2 };
/// assert_eq!(c.total(), 6);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Counts {
    /// Trials that returned a finite value.
    pub complete: usize,
    /// Trials that panicked, returned an error, or reported or returned NaN or an infinity.
    pub failed: usize,
    /// Trials the pruner stopped.
    pub pruned: usize,
}

impl Counts {
    /// All trials.
    ///
    /// ```
    /// # use hp_study::Counts;
    /// assert_eq!(Counts::default().total(), 0);
    /// ```
    pub fn total(&self) -> usize {
        self.complete + self.failed + self.pruned
    }

    pub(crate) fn add(&mut self, status: &Status) {
        match status {
            Status::Complete => self.complete += 1,
            Status::Failed { .. } => self.failed += 1,
            Status::Pruned { .. } => self.pruned += 1,
        }
    }
}

/// Orders complete trials best first (ties: lower index first); used by `top` and re-checks.
pub(crate) fn rank_order(direction: Direction, a: &TrialRecord, b: &TrialRecord) -> Ordering {
    let (x, y) = (a.value.unwrap_or(f64::NAN), b.value.unwrap_or(f64::NAN));
    let by_value = match direction {
        Direction::Minimize => x.total_cmp(&y),
        Direction::Maximize => y.total_cmp(&x),
    };
    by_value.then(a.index.cmp(&b.index))
}

impl<C: Hyperparams> Results<C> {
    /// Results from records in any order (sorted here by index), ranked by `direction`.
    ///
    /// ```
    /// use hp_study::{Results, Status, TrialRecord};
    /// use hp_core::Direction;
    /// let record = |index, value| TrialRecord {
    ///     index, config: serde_json::json!(true), unit: vec![0.75], curve: vec![],
    ///     value: Some(value), status: Status::Complete, duration_secs: 0.0, metrics: Default::default(), constraints: Default::default(),
    /// };
    /// let results = Results::<bool>::new(vec![record(1, 0.5), record(0, 0.7)], Direction::Maximize);
    /// assert_eq!(results.best().unwrap().index, 0);
    /// ```
    pub fn new(mut records: Vec<TrialRecord>, direction: Direction) -> Self {
        records.sort_by_key(|r| r.index);
        Results { records, direction, space: C::space(), typed_values: None, config: PhantomData }
    }
}

impl<C> Results<C> {
    /// Results of records in `space`, for a reader without the config type.
    pub(crate) fn with_space(mut records: Vec<TrialRecord>, direction: Direction, space: Space) -> Self {
        records.sort_by_key(|r| r.index);
        Results { records, direction, space, typed_values: None, config: PhantomData }
    }

    /// Every record's value of each coordinate: through its config type where the results know
    /// it (exact, in the field's own type), else (or for a config that no longer deserializes: a
    /// struct changed without changing its space) from the record's unit point, through the
    /// space's scales.
    fn values(&self, records: &[&TrialRecord]) -> Vec<Vec<Option<Value>>> {
        records
            .iter()
            .map(|r| match self.typed_values.and_then(|typed| typed(r)) {
                Some(values) => values,
                None if r.unit.len() == self.space.dim() => self.space.values(&r.unit),
                None => vec![None; self.space.dim()],
            })
            .collect()
    }

    /// Every trial, sorted by index.
    ///
    /// ```
    /// # use hp_study::{Stop, Study, Trial};
    /// # let results = Study::<bool>::new("coin").budget(4).seed(3).workers(1)
    /// #     .run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 2.0 }))?;
    /// assert!(results.records().iter().map(|r| r.index).eq(0..4));
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn records(&self) -> &[TrialRecord] {
        &self.records
    }

    /// The records, sorted by index.
    ///
    /// ```
    /// # use hp_study::{Stop, Study, Trial};
    /// # let results = Study::<bool>::new("coin").budget(4).seed(3).workers(1)
    /// #     .run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 2.0 }))?;
    /// let records = results.into_records();
    /// assert_eq!(records.len(), 4);
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn into_records(self) -> Vec<TrialRecord> {
        self.records
    }

    /// Whether lower or higher values are better.
    ///
    /// ```
    /// # use hp_study::{Stop, Study, Trial};
    /// # let results = Study::<bool>::new("coin").budget(4).seed(3).workers(1)
    /// #     .run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 2.0 }))?;
    /// assert_eq!(results.direction(), hp_core::Direction::Minimize);
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The config type's search space (names, scales, bounds): for plot axes and table columns.
    ///
    /// ```
    /// # use hp_study::{Stop, Study, Trial};
    /// # let results = Study::<bool>::new("coin").budget(4).seed(3).workers(1)
    /// #     .run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 2.0 }))?;
    /// assert_eq!(results.space().dim(), 1);
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn space(&self) -> &Space {
        &self.space
    }

    /// How many trials completed, failed and were pruned.
    ///
    /// ```
    /// # use hp_study::{Results, Counts};
    /// # use hp_core::Direction;
    /// let empty = Results::<bool>::new(vec![], Direction::Minimize);
    /// assert_eq!(empty.counts(), Counts::default());
    /// ```
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for r in &self.records {
            counts.add(&r.status);
        }
        counts
    }

    /// The complete trial with the best value (the lower index on a tie), if any completed.
    ///
    /// ```
    /// # use hp_study::{Stop, Study, Trial};
    /// # let results = Study::<bool>::new("coin").budget(4).seed(3).workers(1)
    /// #     .run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 2.0 }))?;
    /// let best = results.best().unwrap();
    /// assert_eq!((best.value, best.config.clone()), (Some(1.0), serde_json::json!(true)));
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn best(&self) -> Option<&TrialRecord> {
        self.complete().min_by(|a, b| rank_order(self.direction, a, b))
    }

    /// The `k` best complete trials, best first; an infeasible trial (a constraint above 0) is
    /// never among them.
    ///
    /// ```
    /// # use hp_study::Results;
    /// # use hp_core::Direction;
    /// assert!(Results::<bool>::new(vec![], Direction::Minimize).top(3).is_empty());
    /// ```
    pub fn top(&self, k: usize) -> Vec<&TrialRecord> {
        let mut ranked: Vec<&TrialRecord> = self.complete().collect();
        ranked.sort_by(|a, b| rank_order(self.direction, a, b));
        ranked.truncate(k);
        ranked
    }

    /// The complete trials that can rank: with a value, and feasible.
    fn complete(&self) -> impl Iterator<Item = &TrialRecord> {
        self.records.iter().filter(|r| r.status == Status::Complete && r.value.is_some() && r.feasible())
    }
}

impl<C> Results<C> {
    /// Which hyperparameters mattered: each searched parameter's PED-ANOVA importance
    /// ([`hp_importance::PedAnova`], Optuna 5's default, with its defaults: what sets the best 10 %
    /// of complete trials apart from all of them), largest first, summing to 1. Measured on each
    /// parameter's unit coordinate, so a `log` field in log space; an enum variant's field on the
    /// trials that used it. Use `PedAnova` itself for other quantiles.
    ///
    /// ```
    /// # use hp_study::{Stop, Study, Trial};
    /// let results = Study::<bool>::new("coin").budget(20).seed(1)
    ///     .run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 0.0 } else { 1.0 }))?;
    /// let importances = results.importances()?;
    /// assert_eq!((importances[0].name.as_str(), importances[0].importance), ("", 1.0)); // the only one
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ImportanceError::TooFewTrials`](hp_importance::ImportanceError) with fewer than 2
    /// complete trials.
    pub fn importances(&self) -> Result<Vec<hp_importance::Importance>, hp_importance::ImportanceError> {
        let trials = crate::ledger::observations(&self.records, &[]);
        hp_importance::PedAnova::new().importances(&self.space, &trials, self.direction)
    }
}

impl<C: Hyperparams + DeserializeOwned> Results<C> {
    /// Every trial of the study stored in `dir`, read as config type `C`, with no [`Study`](crate::Study)
    /// at hand: for reading, plotting or exporting a finished study without repeating its name,
    /// sampler, budget or objective. The direction is the stored study's; every record is checked
    /// as a resumed study checks it.
    ///
    /// ```
    /// use hp_study::{Results, Stop, Study, Trial};
    /// let dir = std::env::temp_dir().join(format!("hp-load-doc-{}", std::process::id()));
    /// Study::<bool>::new("last month").budget(3).storage(&dir)
    ///     .run(|_: &bool, t: &mut Trial| Ok::<_, Stop>(t.index() as f64))?;
    /// let results = Results::<bool>::load(&dir)?; // no name, sampler or budget needed
    /// assert_eq!(results.records().len(), 3);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// [`StudyError::Io`] if `dir` has no readable `study.json`; [`StudyError::Mismatch`] if it
    /// holds a study of another config type (`space fingerprint`) or layout (`format`);
    /// [`StudyError::Corrupt`] for a damaged `study.json` or record, naming the file.
    pub fn load(dir: impl AsRef<Path>) -> Result<Results<C>, StudyError> {
        let dir = dir.as_ref();
        let meta = super::storage::Meta::read(dir)?;
        let (storage, direction) =
            super::storage::Storage::read(dir, &meta, &C::space(), record::check_config::<C>)?;
        Ok(Results::typed(storage.load_all()?, direction))
    }

    /// Results whose values are read through the config type `C` (what a study makes).
    pub(crate) fn typed(records: Vec<TrialRecord>, direction: Direction) -> Self {
        let typed: TypedValues = |r| config_of::<C>(r).ok().map(|config| config.values());
        Results { typed_values: Some(typed), ..Results::new(records, direction) }
    }

    /// The config of a record, deserialized and [validated](Hyperparams::validate).
    ///
    /// ```
    /// # use hp_study::{Stop, Study, Trial};
    /// # let results = Study::<bool>::new("coin").budget(4).seed(3).workers(1)
    /// #     .run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 2.0 }))?;
    /// let heads: bool = results.config(results.best().unwrap())?;
    /// assert!(heads);
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// [`StudyError::Config`] if it does not deserialize or lies outside the space.
    pub fn config(&self, record: &TrialRecord) -> Result<C, StudyError> {
        config_of(record)
    }
}

impl<C> Results<C> {
    /// A table of the `k` best trials for people: rank, index, value and one column per
    /// hyperparameter (dotted names for nested configs), under a line with the counts.
    ///
    /// ```text
    /// top 3 of 32 trials (minimize; 28 complete, 2 failed, 2 pruned)
    /// rank  index    value        lr    beta  units
    ///    1     17  0.01234  0.003162  0.9812     64
    /// ```
    pub fn summary(&self, k: usize) -> Summary<'_> {
        let top = self.top(k);
        let values = self.values(&top);
        let rungs = record::rungs_text(&self.records);
        let infeasible = self.records.iter().filter(|r| !r.feasible()).count();
        Summary {
            top,
            values,
            space: &self.space,
            counts: self.counts(),
            rungs,
            infeasible,
            direction: self.direction,
        }
    }

    /// Writes one JSON object per line: each [`TrialRecord`] as stored, sorted by index, with
    /// `params`, the trial's hyperparameters by dotted name: the fields it used (an enum's variant
    /// by name, then only that variant's fields), numbers in the shortest form of their own type,
    /// choices (`bool`s included) by name, as strings. (A config that is a single `bool` is named
    /// `config`.)
    ///
    /// ```
    /// # use hp_study::{Stop, Study, Trial};
    /// # let results = Study::<bool>::new("coin").budget(4).seed(3).workers(1)
    /// #     .run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 2.0 }))?;
    /// let mut out = Vec::new();
    /// results.write_jsonl(&mut out).unwrap();
    /// let first = String::from_utf8(out).unwrap().lines().next().unwrap().to_owned();
    /// assert!(first.starts_with("{\"index\":0,"));
    /// assert!(first.ends_with(r#""params":{"config":"true"}}"#) || first.ends_with(r#""params":{"config":"false"}}"#));
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// Whatever `out` returns.
    pub fn write_jsonl<W: io::Write>(&self, out: W) -> io::Result<()> {
        let values = self.values(&self.records.iter().collect::<Vec<_>>());
        export::write_jsonl(&self.space, &self.records, &values, out)
    }

    /// Writes CSV: `index,status,value,duration_secs`, then one column per hyperparameter of the
    /// space in field order, by dotted name (`optimizer.Adam.beta1`), fixed values included and
    /// `#[hp(skip)]` fields not. Each value is written in the shortest form that reads back as the
    /// same value of the field's type (`0.3` for an `f32` 0.3), a choice or an enum's variant by
    /// its name; a field of a variant the trial did not use is an empty cell. Fields with a comma,
    /// quote or line break are quoted (RFC 4180); an empty `value` is a trial that did not
    /// complete. (A config that is a single `bool` has one column, `config`.)
    ///
    /// ```
    /// # use hp_study::Results;
    /// # use hp_core::Direction;
    /// let mut csv = Vec::new();
    /// Results::<bool>::new(vec![], Direction::Minimize).write_csv(&mut csv)?;
    /// assert_eq!(String::from_utf8(csv).unwrap(), "index,status,value,duration_secs,config\n");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// # Errors
    /// Whatever `out` returns.
    pub fn write_csv<W: io::Write>(&self, out: W) -> io::Result<()> {
        let values = self.values(&self.records.iter().collect::<Vec<_>>());
        export::write_csv(&self.space, &self.records, &values, out)
    }

    /// [`write_jsonl`](Self::write_jsonl) to a file, replaced atomically.
    ///
    /// ```
    /// # use hp_study::{Stop, Study, Trial};
    /// # let results = Study::<bool>::new("coin").budget(4).seed(3).workers(1)
    /// #     .run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 2.0 }))?;
    /// let path = std::env::temp_dir().join(format!("hp-doc-{}.jsonl", std::process::id()));
    /// results.to_jsonl(&path)?;
    /// assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 4);
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// [`StudyError::Io`] naming the file.
    pub fn to_jsonl(&self, path: impl AsRef<Path>) -> Result<(), StudyError> {
        let mut bytes = Vec::new();
        self.write_jsonl(&mut bytes).map_err(|e| StudyError::io(path.as_ref(), e))?;
        export::write_file(path.as_ref(), &bytes)
    }

    /// [`write_csv`](Self::write_csv) to a file, replaced atomically.
    ///
    /// ```
    /// # use hp_study::{Stop, Study, Trial};
    /// # let results = Study::<bool>::new("coin").budget(4).seed(3).workers(1)
    /// #     .run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 1.0 } else { 2.0 }))?;
    /// let path = std::env::temp_dir().join(format!("hp-doc-{}.csv", std::process::id()));
    /// results.to_csv(&path)?;
    /// let csv = std::fs::read_to_string(&path).unwrap();
    /// assert!(csv.starts_with("index,status,value,duration_secs,config\n0,complete,"));
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    ///
    /// # Errors
    /// [`StudyError::Io`] naming the file.
    pub fn to_csv(&self, path: impl AsRef<Path>) -> Result<(), StudyError> {
        let mut bytes = Vec::new();
        self.write_csv(&mut bytes).map_err(|e| StudyError::io(path.as_ref(), e))?;
        export::write_file(path.as_ref(), &bytes)
    }
}

pub(crate) fn config_of<C: Hyperparams + DeserializeOwned>(record: &TrialRecord) -> Result<C, StudyError> {
    let config_error = |message: String| StudyError::Config { index: record.index, message };
    let config: C = super::read_config(&record.config).map_err(|e| config_error(e.to_string()))?;
    config.validate().map_err(|e| config_error(e.to_string()))?;
    Ok(config)
}

/// The table of [`Results::summary`]; print it with `Display`.
#[derive(Debug)]
pub struct Summary<'a> {
    top: Vec<&'a TrialRecord>,
    /// The top trials' values of each coordinate.
    values: Vec<Vec<Option<Value>>>,
    space: &'a Space,
    counts: Counts,
    /// ` (4 at rung 0, 2 at rung 1)`, or empty.
    rungs: String,
    /// How many finished trials broke a constraint.
    infeasible: usize,
    direction: Direction,
}

impl fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.counts;
        let direction = self.direction.name();
        writeln!(
            f,
            "top {} of {} trials ({direction}; {} complete, {} failed, {} pruned{}{})",
            self.top.len(),
            c.total(),
            c.complete,
            c.failed,
            c.pruned,
            self.rungs,
            match self.infeasible {
                0 => String::new(),
                n => format!("; {n} infeasible, never ranked"),
            }
        )?;
        let mut rows: Vec<Vec<String>> = Vec::with_capacity(self.top.len() + 1);
        // The top trials' metrics, each a column after the value, named as in the CSV.
        let metrics = export::metric_names(self.top.iter().copied());
        let header = ["rank", "index", "value"].iter().map(|s| (*s).to_owned());
        let header = header.chain(metrics.iter().map(|m| export::metric_column(m)));
        rows.push(header.chain(self.space.coordinates().map(|p| export::column(p).to_owned())).collect());
        for (rank, (r, values)) in self.top.iter().zip(&self.values).enumerate() {
            let mut row =
                vec![(rank + 1).to_string(), r.index.to_string(), short(r.value.unwrap_or(f64::NAN))];
            row.extend(metrics.iter().map(|m| r.metrics.get(*m).map(|&x| short(x)).unwrap_or_default()));
            row.extend(self.space.coordinates().zip(values).map(|(param, value)| match *value {
                // Floats for people; integers and choices as they are.
                Some(Value::F32(x)) => short(x.into()),
                Some(Value::F64(x)) => short(x),
                Some(value) => param.display(value),
                None => String::new(),
            }));
            rows.push(row);
        }
        let widths: Vec<usize> = (0..rows[0].len())
            .map(|col| rows.iter().map(|row| row[col].chars().count()).max().unwrap_or(0))
            .collect();
        // Numbers right-aligned, text (choices, names) left-aligned.
        let numeric: Vec<bool> = (0..rows[0].len())
            .map(|col| rows[1..].iter().all(|row| row[col].parse::<f64>().is_ok()))
            .collect();
        for row in &rows {
            let line: Vec<String> = row
                .iter()
                .zip(widths.iter().zip(&numeric))
                .map(|(cell, (&w, &right))| if right { format!("{cell:>w$}") } else { format!("{cell:<w$}") })
                .collect();
            writeln!(f, "{}", line.join("  ").trim_end())?;
        }
        Ok(())
    }
}

/// `x` with 4 significant digits, for people: `0.003162`, `123.5`, `1.000e-5`.
fn short(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return x.to_string();
    }
    let magnitude = x.abs().log10().floor();
    if (-3.0..6.0).contains(&magnitude) {
        let decimals = (3.0 - magnitude).max(0.0) as usize;
        let s = format!("{x:.decimals$}");
        if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s }
    } else {
        format!("{x:.3e}")
    }
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn short_keeps_four_significant_digits() {
        assert_eq!(short(0.0031622776), "0.003162");
        assert_eq!(short(123.456), "123.5");
        assert_eq!(short(0.5), "0.5");
        assert_eq!(short(64.0), "64");
        assert_eq!(short(1e-5), "1.000e-5");
        assert_eq!(short(-2.5e7), "-2.500e7");
        assert_eq!(short(0.0), "0");
    }
}
