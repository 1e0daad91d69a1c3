//! [`StoredStudy`]: a study directory read without its config type, from what it stores (the
//! space in `study.json`, the records): for tools such as the `hp` command that work on any study.

use std::path::{Path, PathBuf};

use hp_core::{Direction, Space};

use super::storage::{Meta, Storage};
use super::{Objective, Results, StudyError};

/// A stored study, read from its directory alone: its description and every record, with the
/// space rebuilt from `study.json` (and checked against its fingerprint). The records' configs
/// stay JSON; every record is checked as a resumed study checks it, except against a config type
/// (there is none): its point has the space's coordinates, each in `[0, 1]`.
///
/// ```
/// use hp_study::{Stop, Study, StoredStudy, Trial};
/// let dir = std::env::temp_dir().join(format!("hp-stored-doc-{}", std::process::id()));
/// Study::<bool>::new("coin").budget(3).storage(&dir)
///     .run(|heads: &bool, _: &mut Trial| Ok::<_, Stop>(if *heads { 0.1 } else { 0.3 }))?;
/// let stored = StoredStudy::open(&dir)?; // no config type
/// assert_eq!((stored.name(), stored.results().records().len()), ("coin", 3));
/// assert_eq!(stored.results().space().dim(), 1);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), hp_study::StudyError>(())
/// ```
#[derive(Debug, Clone)]
pub struct StoredStudy {
    dir: PathBuf,
    meta: Meta,
    objectives: Vec<Objective>,
    results: Results<serde_json::Value>,
}

impl StoredStudy {
    /// Reads the study in `dir`.
    ///
    /// # Errors
    /// [`StudyError::Io`] if `dir` has no readable `study.json`; [`StudyError::Corrupt`] for a
    /// damaged `study.json` (a space that does not rebuild included) or record, naming the file;
    /// [`StudyError::Mismatch`] for another layout version.
    ///
    /// ```
    /// let e = hp_study::StoredStudy::open("/nonexistent/study").unwrap_err();
    /// assert!(e.to_string().contains("/nonexistent/study/study.json"));
    /// ```
    pub fn open(dir: impl AsRef<Path>) -> Result<StoredStudy, StudyError> {
        let dir = dir.as_ref();
        let meta = Meta::read(dir)?;
        let path = dir.join("study.json");
        let space: Space = serde_json::from_value(meta.space.clone())
            .map_err(|e| StudyError::corrupt(&path, format!("its space does not read back: {e}")))?;
        let (storage, direction) = Storage::read(dir, &meta, &space, unit_in_cube)?;
        let objectives = meta
            .objectives
            .iter()
            .flatten()
            .map(|text| {
                objective(text).ok_or_else(|| {
                    StudyError::corrupt(
                        &path,
                        format!("objective {text:?} is not `name (minimize|maximize)`"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let results = Results::with_space(storage.load_all()?, direction, space);
        Ok(StoredStudy { dir: dir.to_owned(), meta, objectives, results })
    }

    /// The directory it was read from.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("hp-stored-dir-{}", std::process::id()));
    /// # hp_study::Study::<bool>::new("c").budget(1).storage(&dir).run(|_: &bool, _: &mut hp_study::Trial| Ok::<_, hp_study::Stop>(1.0))?;
    /// assert_eq!(hp_study::StoredStudy::open(&dir)?.dir(), dir);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The study's name.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("hp-stored-name-{}", std::process::id()));
    /// # hp_study::Study::<bool>::new("lr sweep").budget(1).storage(&dir).run(|_: &bool, _: &mut hp_study::Trial| Ok::<_, hp_study::Stop>(1.0))?;
    /// assert_eq!(hp_study::StoredStudy::open(&dir)?.name(), "lr sweep");
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.meta.name
    }

    /// Whether lower or higher values are better.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("hp-stored-dir2-{}", std::process::id()));
    /// # hp_study::Study::<bool>::new("c").budget(1).storage(&dir).run(|_: &bool, _: &mut hp_study::Trial| Ok::<_, hp_study::Stop>(1.0))?;
    /// assert_eq!(hp_study::StoredStudy::open(&dir)?.direction(), hp_core::Direction::Minimize);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn direction(&self) -> Direction {
        self.results.direction()
    }

    /// The seed.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("hp-stored-seed-{}", std::process::id()));
    /// # hp_study::Study::<bool>::new("c").seed(7).budget(1).storage(&dir).run(|_: &bool, _: &mut hp_study::Trial| Ok::<_, hp_study::Stop>(1.0))?;
    /// assert_eq!(hp_study::StoredStudy::open(&dir)?.seed(), 7);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn seed(&self) -> u64 {
        self.meta.seed
    }

    /// The strategy or sampler, as stored (its settings, cut to 200 characters).
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("hp-stored-strat-{}", std::process::id()));
    /// # hp_study::Study::<bool>::new("c").budget(1).storage(&dir).run(|_: &bool, _: &mut hp_study::Trial| Ok::<_, hp_study::Stop>(1.0))?;
    /// assert!(hp_study::StoredStudy::open(&dir)?.strategy().starts_with("Random"));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn strategy(&self) -> &str {
        &self.meta.strategy.description
    }

    /// The pruner's settings, if it has one.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("hp-stored-pruner-{}", std::process::id()));
    /// # hp_study::Study::<bool>::new("c").budget(1).storage(&dir).run(|_: &bool, _: &mut hp_study::Trial| Ok::<_, hp_study::Stop>(1.0))?;
    /// assert_eq!(hp_study::StoredStudy::open(&dir)?.pruner(), None);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn pruner(&self) -> Option<&str> {
        self.meta.pruner.as_deref()
    }

    /// The declared objectives, if the study has several ([`Study::objectives`](crate::Study::objectives)),
    /// for [`Results::pareto_front`].
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("hp-stored-obj-{}", std::process::id()));
    /// # hp_study::Study::<bool>::new("c").budget(1).storage(&dir).run(|_: &bool, _: &mut hp_study::Trial| Ok::<_, hp_study::Stop>(1.0))?;
    /// assert!(hp_study::StoredStudy::open(&dir)?.objectives().is_empty());
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn objectives(&self) -> &[Objective] {
        &self.objectives
    }

    /// Every record, the space and the direction: summaries, exports, plots and importances, as
    /// for a study run in this process (configs as JSON).
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("hp-stored-res-{}", std::process::id()));
    /// # hp_study::Study::<bool>::new("c").budget(2).storage(&dir).run(|_: &bool, _: &mut hp_study::Trial| Ok::<_, hp_study::Stop>(1.0))?;
    /// let stored = hp_study::StoredStudy::open(&dir)?;
    /// println!("{}", stored.results().summary(5));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn results(&self) -> &Results<serde_json::Value> {
        &self.results
    }
}

/// An objective as `study.json` records it: `name (direction)`, the value's name being `value`.
fn objective(text: &str) -> Option<Objective> {
    let (name, direction) = text.strip_suffix(')')?.rsplit_once(" (")?;
    let direction = Direction::from_name(direction)?;
    Some(if name == "value" { Objective::value(direction) } else { Objective::metric(name, direction) })
}

/// A record's point without a config type to check it against: every coordinate in `[0, 1]`
/// (the count is the storage's check).
fn unit_in_cube(_config: &serde_json::Value, unit: &[f64]) -> Result<(), String> {
    match unit.iter().find(|u| !(0.0..=1.0).contains(*u)) {
        Some(u) => Err(format!("its point has a coordinate {u}, outside [0, 1]")),
        None => Ok(()),
    }
}
