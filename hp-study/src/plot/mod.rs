//! SVG plots of a study's trials (feature `plot`): the lecture's caviar picture and the
//! hyperparameters on their own scales.
//!
//! - [`learning_curves`]: every trial's curve, thin and translucent, with the best trial's drawn
//!   thick and labelled; pruned trials grey with a hollow end, failed ones red with a cross.
//! - [`values_by_param`]: one panel per hyperparameter, final value against the parameter on
//!   its own scale (decades on a `log` axis, `0.9, 0.99, 0.999` on a `reverse_log` axis,
//!   categories for choices), best trial marked, pruned and failed trials in a band at the
//!   worse end.
//! - [`parallel_coordinates`]: one vertical axis per hyperparameter, lines coloured by final value.
//!
//! Each takes the records, the space they were drawn from, whether lower or higher values are
//! better, and a path to write; [`Plots`] does the same with a metric name for the value axis and
//! can return the SVG as a string. Text stays SVG `<text>` in a sans-serif font: no font files are
//! read.
//!
//! Positions come from each record's `unit` point, so an axis is the parameter's own scale by
//! construction; tick labels are values placed with the scale's `to_unit`.
//!
//! ```
//! use hp_study::plot;
//! use hp_study::{CurvePoint, Status, TrialRecord};
//! use hp_core::Direction;
//! use hp_core::{LinearScale, LogScale, ReverseLogScale, Scale, SpaceBuilder};
//!
//! let lr = LogScale::new(1e-4, 1.0)?;
//! let beta = ReverseLogScale::new(0.9, 0.999)?;
//! let mut b = SpaceBuilder::new();
//! b.scale("lr".into(), "f64", &lr);
//! b.scale("momentum".into(), "f64", &beta);
//! let space = b.finish();
//!
//! let records: Vec<TrialRecord> = (0..8u64)
//!     .map(|i| {
//!         let unit = vec![(i as f64 + 0.5) / 8.0, ((i * 5) % 8) as f64 / 8.0];
//!         let floor = 0.1 + (unit[0] - 0.6).powi(2);
//!         let curve: Vec<CurvePoint> =
//!             (0..10).map(|s| CurvePoint { step: s, value: floor + 1.0 / (s as f64 + 1.0) }).collect();
//!         TrialRecord {
//!             index: i,
//!             config: serde_json::json!({ "lr": lr.from_unit(unit[0]), "momentum": beta.from_unit(unit[1]) }),
//!             unit,
//!             value: Some(curve[9].value),
//!             curve,
//!             status: Status::Complete,
//!             duration_secs: 1.0,
//!             metrics: Default::default(), constraints: Default::default(),
//!         }
//!     })
//!     .collect();
//!
//! let dir = std::env::temp_dir().join(format!("hp-plot-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! plot::learning_curves(&records, &space, Direction::Minimize, dir.join("curves.svg"))?;
//! plot::values_by_param(&records, &space, Direction::Minimize, dir.join("params.svg"))?;
//! plot::parallel_coordinates(&records, &space, Direction::Minimize, dir.join("parallel.svg"))?;
//! let svg = std::fs::read_to_string(dir.join("params.svg"))?;
//! assert!(svg.contains(">\n0.001\n</text>") && svg.contains(">\n0.99\n</text>"));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Ranges are checked as `!(lo < hi)` so that a NaN fails the check too (the scales' convention);
// clippy's `partial_cmp` would hide that.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

mod curves;
mod parallel;
mod params;
mod pareto;
mod report;

use std::path::Path;

pub use hp_plot::PlotError;
use hp_plot::{axis, write_svg};
pub use report::{Report, best_so_far_svg};

use super::{Status, TrialRecord};
use hp_core::Direction;
use hp_core::Space;

/// The plots of one set of records, with the options they share.
///
/// ```
/// use hp_study::plot::Plots;
/// use hp_study::{CurvePoint, Status, TrialRecord};
/// use hp_core::Direction;
/// use hp_core::{LinearScale, SpaceBuilder};
///
/// let mut b = SpaceBuilder::new();
/// b.scale("layers".into(), "usize", &LinearScale::new(2usize, 4)?);
/// let space = b.finish();
/// let records: Vec<TrialRecord> = (0..3u64)
///     .map(|i| TrialRecord {
///         index: i,
///         config: serde_json::json!({ "layers": 2 + i }),
///         unit: vec![(i as f64 + 0.5) / 3.0],
///         curve: vec![CurvePoint { step: 1, value: 0.5 }, CurvePoint { step: 2, value: 0.8 + 0.05 * i as f64 }],
///         value: Some(0.8 + 0.05 * i as f64),
///         status: Status::Complete,
///         duration_secs: 0.1,
///         metrics: Default::default(), constraints: Default::default(),
///     })
///     .collect();
///
/// let plots = Plots::new(&records, &space, Direction::Maximize).metric("validation accuracy");
/// let svg = plots.values_by_param_svg()?;
/// assert!(svg.starts_with("<svg") && svg.contains("validation accuracy"));
///
/// let dir = std::env::temp_dir().join(format!("hp-plots-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// plots.learning_curves(dir.join("curves.svg"))?;
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Plots<'a> {
    records: &'a [TrialRecord],
    space: &'a Space,
    direction: Direction,
    metric: String,
    steps: String,
}

impl<'a> Plots<'a> {
    /// Plots of `records`, trials drawn from `space`, where `direction` says which values are better.
    ///
    /// ```
    /// # use hp_study::plot::{self, Plots, PlotError};
    /// # use hp_study::{CurvePoint, Status, TrialRecord};
    /// # use hp_core::{Direction, LogScale, Space, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
    /// # let space = b.finish();
    /// # let record = |index: u64, u: f64, value: f64| TrialRecord {
    /// #     index, config: serde_json::json!({}), unit: vec![u],
    /// #     curve: vec![CurvePoint { step: 1, value: 2.0 * value }, CurvePoint { step: 2, value }],
    /// #     value: Some(value), status: Status::Complete, duration_secs: 1.0, metrics: Default::default(), constraints: Default::default(),
    /// # };
    /// # // Three trials at lr = 0.001, 0.01, 0.1; the middle one is best when minimizing.
    /// # let records = [record(0, 0.25, 0.3), record(1, 0.5, 0.1), record(2, 0.75, 0.2)];
    /// let lower = Plots::new(&records, &space, Direction::Minimize).learning_curves_svg()?;
    /// let higher = Plots::new(&records, &space, Direction::Maximize).learning_curves_svg()?;
    /// assert!(lower.contains("best: trial 1") && higher.contains("best: trial 0"));
    /// // The default axis titles:
    /// assert!(lower.contains(">\nstep\n</text>") && lower.contains(">\nvalue\n</text>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(records: &'a [TrialRecord], space: &'a Space, direction: Direction) -> Self {
        Plots { records, space, direction, metric: "value".to_owned(), steps: "step".to_owned() }
    }

    /// The name of the objective on value axes (default `value`), e.g. `validation error`.
    ///
    /// ```
    /// # use hp_study::plot::{self, Plots, PlotError};
    /// # use hp_study::{CurvePoint, Status, TrialRecord};
    /// # use hp_core::{Direction, LogScale, Space, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
    /// # let space = b.finish();
    /// # let record = |index: u64, u: f64, value: f64| TrialRecord {
    /// #     index, config: serde_json::json!({}), unit: vec![u],
    /// #     curve: vec![CurvePoint { step: 1, value: 2.0 * value }, CurvePoint { step: 2, value }],
    /// #     value: Some(value), status: Status::Complete, duration_secs: 1.0, metrics: Default::default(), constraints: Default::default(),
    /// # };
    /// # // Three trials at lr = 0.001, 0.01, 0.1; the middle one is best when minimizing.
    /// # let records = [record(0, 0.25, 0.3), record(1, 0.5, 0.1), record(2, 0.75, 0.2)];
    /// let plots = Plots::new(&records, &space, Direction::Minimize).metric("validation error");
    /// assert!(plots.values_by_param_svg()?.contains("Final validation error by hyperparameter"));
    /// assert!(plots.learning_curves_svg()?.contains(">\nvalidation error\n</text>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn metric(mut self, name: impl Into<String>) -> Self {
        self.metric = name.into();
        self
    }

    /// What a learning curve's steps count (default `step`), e.g. `epoch` or `day`: the title of
    /// the learning curves' x axis.
    ///
    /// ```
    /// # use hp_study::plot::Plots;
    /// # use hp_study::{CurvePoint, Status, TrialRecord};
    /// # use hp_core::{Direction, Space};
    /// let record = TrialRecord {
    ///     index: 0,
    ///     config: serde_json::json!({}),
    ///     unit: vec![],
    ///     curve: vec![CurvePoint { step: 1, value: 0.9 }, CurvePoint { step: 2, value: 0.5 }],
    ///     value: Some(0.5),
    ///     status: Status::Complete,
    ///     duration_secs: 1.0,
    ///     metrics: Default::default(), constraints: Default::default(),
    /// };
    /// let space = Space::default();
    /// let plots = Plots::new(std::slice::from_ref(&record), &space, Direction::Minimize).steps("epoch");
    /// assert!(plots.learning_curves_svg()?.contains(">\nepoch\n</text>"));
    /// # Ok::<(), hp_study::plot::PlotError>(())
    /// ```
    pub fn steps(mut self, name: impl Into<String>) -> Self {
        self.steps = name.into();
        self
    }

    /// The learning curves as an SVG document; see [`learning_curves`].
    ///
    /// ```
    /// # use hp_study::plot::{self, Plots, PlotError};
    /// # use hp_study::{CurvePoint, Status, TrialRecord};
    /// # use hp_core::{Direction, LogScale, Space, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
    /// # let space = b.finish();
    /// # let record = |index: u64, u: f64, value: f64| TrialRecord {
    /// #     index, config: serde_json::json!({}), unit: vec![u],
    /// #     curve: vec![CurvePoint { step: 1, value: 2.0 * value }, CurvePoint { step: 2, value }],
    /// #     value: Some(value), status: Status::Complete, duration_secs: 1.0, metrics: Default::default(), constraints: Default::default(),
    /// # };
    /// # // Three trials at lr = 0.001, 0.01, 0.1; the middle one is best when minimizing.
    /// # let records = [record(0, 0.25, 0.3), record(1, 0.5, 0.1), record(2, 0.75, 0.2)];
    /// let svg = Plots::new(&records, &space, Direction::Minimize).learning_curves_svg()?;
    /// assert!(svg.starts_with("<svg") && svg.contains("Learning curves: 3 trials (3 completed)"));
    /// let none = Plots::new(&[], &space, Direction::Minimize);
    /// assert!(matches!(none.learning_curves_svg(), Err(PlotError::NoTrials)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`PlotError::NoTrials`], [`PlotError::UnitLength`], [`PlotError::NoCurves`].
    pub fn learning_curves_svg(&self) -> Result<String, PlotError> {
        let data = Data::new(self)?;
        curves::render(&data)
    }

    /// Writes [`learning_curves_svg`](Self::learning_curves_svg) to `path`.
    ///
    /// ```
    /// # use hp_study::plot::{self, Plots, PlotError};
    /// # use hp_study::{CurvePoint, Status, TrialRecord};
    /// # use hp_core::{Direction, LogScale, Space, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
    /// # let space = b.finish();
    /// # let record = |index: u64, u: f64, value: f64| TrialRecord {
    /// #     index, config: serde_json::json!({}), unit: vec![u],
    /// #     curve: vec![CurvePoint { step: 1, value: 2.0 * value }, CurvePoint { step: 2, value }],
    /// #     value: Some(value), status: Status::Complete, duration_secs: 1.0, metrics: Default::default(), constraints: Default::default(),
    /// # };
    /// # // Three trials at lr = 0.001, 0.01, 0.1; the middle one is best when minimizing.
    /// # let records = [record(0, 0.25, 0.3), record(1, 0.5, 0.1), record(2, 0.75, 0.2)];
    /// let plots = Plots::new(&records, &space, Direction::Minimize);
    /// let path = std::env::temp_dir().join(format!("hp-plots-curves-{}.svg", std::process::id()));
    /// plots.learning_curves(&path)?;
    /// assert_eq!(std::fs::read_to_string(&path)?, plots.learning_curves_svg()?);
    /// assert!(matches!(plots.learning_curves("/nonexistent-dir/c.svg"), Err(PlotError::Io { .. })));
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`learning_curves_svg`](Self::learning_curves_svg), and [`PlotError::Io`].
    pub fn learning_curves(&self, path: impl AsRef<Path>) -> Result<(), PlotError> {
        write_svg(path.as_ref(), self.learning_curves_svg()?)
    }

    /// The final value against each hyperparameter as an SVG document; see [`values_by_param`].
    ///
    /// ```
    /// # use hp_study::plot::{self, Plots, PlotError};
    /// # use hp_study::{CurvePoint, Status, TrialRecord};
    /// # use hp_core::{Direction, LogScale, Space, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
    /// # let space = b.finish();
    /// # let record = |index: u64, u: f64, value: f64| TrialRecord {
    /// #     index, config: serde_json::json!({}), unit: vec![u],
    /// #     curve: vec![CurvePoint { step: 1, value: 2.0 * value }, CurvePoint { step: 2, value }],
    /// #     value: Some(value), status: Status::Complete, duration_secs: 1.0, metrics: Default::default(), constraints: Default::default(),
    /// # };
    /// # // Three trials at lr = 0.001, 0.01, 0.1; the middle one is best when minimizing.
    /// # let records = [record(0, 0.25, 0.3), record(1, 0.5, 0.1), record(2, 0.75, 0.2)];
    /// let svg = Plots::new(&records, &space, Direction::Minimize).values_by_param_svg()?;
    /// assert!(svg.contains("log scale") && svg.contains(">\n0.01\n</text>")); // lr on its own scale
    /// let other = Space::default(); // records of another space: their unit points do not fit it
    /// let err = Plots::new(&records, &other, Direction::Minimize).values_by_param_svg().unwrap_err();
    /// assert!(matches!(err, PlotError::UnitLength { trial: 0, expected: 0, found: 1 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`PlotError::NoTrials`], [`PlotError::UnitLength`], [`PlotError::NoParams`],
    /// [`PlotError::NoCompleteTrials`].
    pub fn values_by_param_svg(&self) -> Result<String, PlotError> {
        let data = Data::new(self)?;
        params::render(&data)
    }

    /// Writes [`values_by_param_svg`](Self::values_by_param_svg) to `path`.
    ///
    /// ```
    /// # use hp_study::plot::{self, Plots, PlotError};
    /// # use hp_study::{CurvePoint, Status, TrialRecord};
    /// # use hp_core::{Direction, LogScale, Space, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
    /// # let space = b.finish();
    /// # let record = |index: u64, u: f64, value: f64| TrialRecord {
    /// #     index, config: serde_json::json!({}), unit: vec![u],
    /// #     curve: vec![CurvePoint { step: 1, value: 2.0 * value }, CurvePoint { step: 2, value }],
    /// #     value: Some(value), status: Status::Complete, duration_secs: 1.0, metrics: Default::default(), constraints: Default::default(),
    /// # };
    /// # // Three trials at lr = 0.001, 0.01, 0.1; the middle one is best when minimizing.
    /// # let records = [record(0, 0.25, 0.3), record(1, 0.5, 0.1), record(2, 0.75, 0.2)];
    /// let plots = Plots::new(&records, &space, Direction::Minimize);
    /// let path = std::env::temp_dir().join(format!("hp-plots-params-{}.svg", std::process::id()));
    /// plots.values_by_param(&path)?;
    /// assert_eq!(std::fs::read_to_string(&path)?, plots.values_by_param_svg()?);
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`values_by_param_svg`](Self::values_by_param_svg), and [`PlotError::Io`].
    pub fn values_by_param(&self, path: impl AsRef<Path>) -> Result<(), PlotError> {
        write_svg(path.as_ref(), self.values_by_param_svg()?)
    }

    /// The parallel-coordinates plot as an SVG document; see [`parallel_coordinates`].
    ///
    /// ```
    /// # use hp_study::plot::{self, Plots, PlotError};
    /// # use hp_study::{CurvePoint, Status, TrialRecord};
    /// # use hp_core::{Direction, LogScale, Space, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
    /// # let space = b.finish();
    /// # let record = |index: u64, u: f64, value: f64| TrialRecord {
    /// #     index, config: serde_json::json!({}), unit: vec![u],
    /// #     curve: vec![CurvePoint { step: 1, value: 2.0 * value }, CurvePoint { step: 2, value }],
    /// #     value: Some(value), status: Status::Complete, duration_secs: 1.0, metrics: Default::default(), constraints: Default::default(),
    /// # };
    /// # // Three trials at lr = 0.001, 0.01, 0.1; the middle one is best when minimizing.
    /// # let records = [record(0, 0.25, 0.3), record(1, 0.5, 0.1), record(2, 0.75, 0.2)];
    /// let svg = Plots::new(&records, &space, Direction::Minimize).parallel_coordinates_svg()?;
    /// assert!(svg.contains("Parallel coordinates") && svg.contains("coloured by final value"));
    /// let fail = |r| TrialRecord { value: None, status: Status::Failed { message: "NaN".into() }, ..r };
    /// let failed = records.map(fail);
    /// let err = Plots::new(&failed, &space, Direction::Minimize).parallel_coordinates_svg().unwrap_err();
    /// assert!(matches!(err, PlotError::NoCompleteTrials { failed: 3, pruned: 0 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`PlotError::NoTrials`], [`PlotError::UnitLength`], [`PlotError::NoParams`],
    /// [`PlotError::NoCompleteTrials`].
    pub fn parallel_coordinates_svg(&self) -> Result<String, PlotError> {
        let data = Data::new(self)?;
        parallel::render(&data)
    }

    /// Writes [`parallel_coordinates_svg`](Self::parallel_coordinates_svg) to `path`.
    ///
    /// ```
    /// # use hp_study::plot::{self, Plots, PlotError};
    /// # use hp_study::{CurvePoint, Status, TrialRecord};
    /// # use hp_core::{Direction, LogScale, Space, SpaceBuilder};
    /// # let mut b = SpaceBuilder::new();
    /// # b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
    /// # let space = b.finish();
    /// # let record = |index: u64, u: f64, value: f64| TrialRecord {
    /// #     index, config: serde_json::json!({}), unit: vec![u],
    /// #     curve: vec![CurvePoint { step: 1, value: 2.0 * value }, CurvePoint { step: 2, value }],
    /// #     value: Some(value), status: Status::Complete, duration_secs: 1.0, metrics: Default::default(), constraints: Default::default(),
    /// # };
    /// # // Three trials at lr = 0.001, 0.01, 0.1; the middle one is best when minimizing.
    /// # let records = [record(0, 0.25, 0.3), record(1, 0.5, 0.1), record(2, 0.75, 0.2)];
    /// let plots = Plots::new(&records, &space, Direction::Minimize);
    /// let path = std::env::temp_dir().join(format!("hp-plots-parallel-{}.svg", std::process::id()));
    /// plots.parallel_coordinates(&path)?;
    /// assert_eq!(std::fs::read_to_string(&path)?, plots.parallel_coordinates_svg()?);
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`parallel_coordinates_svg`](Self::parallel_coordinates_svg), and [`PlotError::Io`].
    pub fn parallel_coordinates(&self, path: impl AsRef<Path>) -> Result<(), PlotError> {
        write_svg(path.as_ref(), self.parallel_coordinates_svg()?)
    }
}

/// Writes every trial's learning curve to an SVG file at `path`: the caviar picture.
///
/// Completed trials are thin translucent blue lines; the best one (by `direction`) is thick,
/// orange and labelled with its value, and its hyperparameters are listed under the title, on as
/// many lines as they take (the picture grows taller for them); pruned trials are grey and end in a
/// hollow circle at the pruning step; failed trials are red and end in a cross. Only finite
/// points are drawn. A curve that shoots far past the others (a diverging trial) is clipped at
/// the top of a range fitted to the rest, and the subtitle says how many were.
///
/// ```
/// # use hp_study::plot::{self, Plots, PlotError};
/// # use hp_study::{CurvePoint, Status, TrialRecord};
/// # use hp_core::{Direction, LogScale, Space, SpaceBuilder};
/// # let mut b = SpaceBuilder::new();
/// # b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
/// # let space = b.finish();
/// # let record = |index: u64, u: f64, value: f64| TrialRecord {
/// #     index, config: serde_json::json!({}), unit: vec![u],
/// #     curve: vec![CurvePoint { step: 1, value: 2.0 * value }, CurvePoint { step: 2, value }],
/// #     value: Some(value), status: Status::Complete, duration_secs: 1.0, metrics: Default::default(), constraints: Default::default(),
/// # };
/// # // Three trials at lr = 0.001, 0.01, 0.1; the middle one is best when minimizing.
/// # let records = [record(0, 0.25, 0.3), record(1, 0.5, 0.1), record(2, 0.75, 0.2)];
/// let mut records = records.to_vec();
/// records[2].status = Status::Pruned { step: 2, rung: None };
/// let path = std::env::temp_dir().join(format!("hp-study-curves-{}.svg", std::process::id()));
/// plot::learning_curves(&records, &space, Direction::Minimize, &path)?;
/// let svg = std::fs::read_to_string(&path)?;
/// assert!(svg.contains("3 trials (2 completed, 1 pruned)") && svg.contains("pruned (1)"));
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`PlotError::NoTrials`] for no records, [`PlotError::NoCurves`] when no record has a finite
/// curve point, [`PlotError::UnitLength`] for a record from another space, [`PlotError::Io`].
pub fn learning_curves(
    records: &[TrialRecord],
    space: &Space,
    direction: Direction,
    path: impl AsRef<Path>,
) -> Result<(), PlotError> {
    Plots::new(records, space, direction).learning_curves(path)
}

/// Writes the final value against each searched hyperparameter to an SVG file at `path`, one
/// panel per parameter.
///
/// Each panel's x axis is the parameter's own scale, read from the records' `unit` points: a
/// `log` parameter gets ticks at decades (`0.0001`, `0.001`, ...), a `reverse_log` one is
/// uniform in `log(1 - x)` with ticks `0.9, 0.99, 0.999`, a choice gets one column per value. The
/// best trial is a large orange dot; pruned and failed trials, which have no final value, sit in
/// a grey band at the worse end, so one can see where in the range they were. Points of discrete
/// parameters are spread a little inside their value's bin.
///
/// ```
/// # use hp_study::plot::{self, Plots, PlotError};
/// # use hp_study::{CurvePoint, Status, TrialRecord};
/// # use hp_core::{Direction, LogScale, Space, SpaceBuilder};
/// # let mut b = SpaceBuilder::new();
/// # b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
/// # let space = b.finish();
/// # let record = |index: u64, u: f64, value: f64| TrialRecord {
/// #     index, config: serde_json::json!({}), unit: vec![u],
/// #     curve: vec![CurvePoint { step: 1, value: 2.0 * value }, CurvePoint { step: 2, value }],
/// #     value: Some(value), status: Status::Complete, duration_secs: 1.0, metrics: Default::default(), constraints: Default::default(),
/// # };
/// # // Three trials at lr = 0.001, 0.01, 0.1; the middle one is best when minimizing.
/// # let records = [record(0, 0.25, 0.3), record(1, 0.5, 0.1), record(2, 0.75, 0.2)];
/// let path = std::env::temp_dir().join(format!("hp-study-params-{}.svg", std::process::id()));
/// plot::values_by_param(&records, &space, Direction::Minimize, &path)?;
/// let svg = std::fs::read_to_string(&path)?;
/// assert!(svg.contains("Final value by hyperparameter") && svg.contains(">\n0.001\n</text>"));
/// let err = plot::values_by_param(&[], &space, Direction::Minimize, &path).unwrap_err();
/// assert!(matches!(err, PlotError::NoTrials));
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`PlotError::NoTrials`], [`PlotError::NoParams`] for a space of fixed values only,
/// [`PlotError::NoCompleteTrials`] when no trial completed, [`PlotError::UnitLength`],
/// [`PlotError::Io`].
pub fn values_by_param(
    records: &[TrialRecord],
    space: &Space,
    direction: Direction,
    path: impl AsRef<Path>,
) -> Result<(), PlotError> {
    Plots::new(records, space, direction).values_by_param(path)
}

/// Writes a parallel-coordinates plot to an SVG file at `path`: one vertical axis per searched
/// hyperparameter (its unit coordinate, bottom 0 to top 1, labelled with its values, both ends
/// included) and a last axis for the final value; one line per trial, coloured from light
/// (worst) to dark blue (best), the best trial in orange on top, pruned and failed trials in
/// light grey underneath.
///
/// ```
/// # use hp_study::plot::{self, Plots, PlotError};
/// # use hp_study::{CurvePoint, Status, TrialRecord};
/// # use hp_core::{Direction, LogScale, Space, SpaceBuilder};
/// # let mut b = SpaceBuilder::new();
/// # b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
/// # let space = b.finish();
/// # let record = |index: u64, u: f64, value: f64| TrialRecord {
/// #     index, config: serde_json::json!({}), unit: vec![u],
/// #     curve: vec![CurvePoint { step: 1, value: 2.0 * value }, CurvePoint { step: 2, value }],
/// #     value: Some(value), status: Status::Complete, duration_secs: 1.0, metrics: Default::default(), constraints: Default::default(),
/// # };
/// # // Three trials at lr = 0.001, 0.01, 0.1; the middle one is best when minimizing.
/// # let records = [record(0, 0.25, 0.3), record(1, 0.5, 0.1), record(2, 0.75, 0.2)];
/// let path = std::env::temp_dir().join(format!("hp-study-parallel-{}.svg", std::process::id()));
/// plot::parallel_coordinates(&records, &space, Direction::Maximize, &path)?;
/// let svg = std::fs::read_to_string(&path)?;
/// assert!(svg.contains("Parallel coordinates") && svg.contains(">\nbetter\n</text>"));
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`values_by_param`].
pub fn parallel_coordinates(
    records: &[TrialRecord],
    space: &Space,
    direction: Direction,
    path: impl AsRef<Path>,
) -> Result<(), PlotError> {
    Plots::new(records, space, direction).parallel_coordinates(path)
}

/// What every plot needs, checked once.
pub(crate) struct Data<'a> {
    records: &'a [TrialRecord],
    direction: Direction,
    metric: &'a str,
    /// What a curve's steps count, for the learning curves' x axis.
    steps: &'a str,
    axes: Vec<axis::ParamAxis>,
    /// The index into `records` of the best completed trial.
    best: Option<usize>,
}

/// How a trial ended, as the plots draw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Best,
    Complete,
    Pruned,
    Failed,
}

impl<'a> Data<'a> {
    fn new(plots: &'a Plots<'a>) -> Result<Self, PlotError> {
        let records = plots.records;
        if records.is_empty() {
            return Err(PlotError::NoTrials);
        }
        let dim = plots.space.dim();
        if let Some(r) = records.iter().find(|r| r.unit.len() != dim) {
            return Err(PlotError::UnitLength { trial: r.index, expected: dim, found: r.unit.len() });
        }
        let mut best: Option<(usize, f64)> = None;
        for (i, r) in records.iter().enumerate() {
            if let Some(v) = rankable_value(r)
                && best.is_none_or(|(_, b)| plots.direction.better(v, b))
            {
                best = Some((i, v));
            }
        }
        Ok(Data {
            records,
            direction: plots.direction,
            metric: &plots.metric,
            steps: &plots.steps,
            axes: axis::ParamAxis::all(plots.space),
            best: best.map(|(i, _)| i),
        })
    }

    fn outcome(&self, i: usize) -> Outcome {
        if self.best == Some(i) {
            return Outcome::Best;
        }
        match self.records[i].status {
            Status::Complete if final_value(&self.records[i]).is_some() => Outcome::Complete,
            Status::Pruned { .. } => Outcome::Pruned,
            _ => Outcome::Failed,
        }
    }

    /// The finite final values' range, or the error saying why there is none.
    fn value_range(&self) -> Result<(f64, f64), PlotError> {
        let values = self.records.iter().filter_map(final_value);
        let range = values.fold(None, |acc: Option<(f64, f64)>, v| {
            Some(acc.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
        });
        range.ok_or_else(|| PlotError::NoCompleteTrials {
            failed: self.records.iter().filter(|r| matches!(r.status, Status::Failed { .. })).count(),
            pruned: self.records.iter().filter(|r| matches!(r.status, Status::Pruned { .. })).count(),
        })
    }

    /// How many records ended each way: (complete, pruned, failed), the best counted as complete.
    fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for i in 0..self.records.len() {
            match self.outcome(i) {
                Outcome::Best | Outcome::Complete => counts.0 += 1,
                Outcome::Pruned => counts.1 += 1,
                Outcome::Failed => counts.2 += 1,
            }
        }
        counts
    }

    /// `40 trials`, or `1 trial`.
    fn trials_text(&self) -> String {
        match self.records.len() {
            1 => "1 trial".to_owned(),
            n => format!("{n} trials"),
        }
    }

    /// `24 completed, 6 pruned, 10 failed`, leaving out kinds with none; pruned trials by rung
    /// when a rule with rungs stopped them (`6 pruned (4 at rung 0, 2 at rung 1)`).
    fn counts_text(&self) -> String {
        let (complete, pruned, failed) = self.counts();
        let mut parts = vec![format!("{complete} completed")];
        if pruned > 0 {
            parts.push(format!("{pruned} pruned{}", crate::record::rungs_text(self.records)));
        }
        if failed > 0 {
            parts.push(format!("{failed} failed"));
        }
        let infeasible = self.records.iter().filter(|r| !r.feasible()).count();
        if infeasible > 0 {
            parts.push(format!("{infeasible} infeasible (never the best)"));
        }
        parts.join(", ")
    }

    /// `best: trial 17, validation error 0.0213 · lr 0.00316 · momentum 0.988`, or a note that
    /// no trial completed.
    fn best_text(&self) -> String {
        match self.best {
            Some(b) => {
                let r = &self.records[b];
                let value = r.value.map_or_else(String::new, Data::format_value);
                format!("best: trial {}, {} {value} · {}", r.index, self.metric, self.describe(r))
            }
            None => "no trial completed".to_owned(),
        }
    }

    /// `lr 0.00316 · momentum 0.988 · hidden 73`: a record's hyperparameters, read through the
    /// scales from its unit point.
    fn describe(&self, record: &TrialRecord) -> String {
        let parts: Vec<String> = self
            .axes
            .iter()
            .filter_map(|a| a.position(&record.unit).map(|u| format!("{} {}", a.name, a.value_label(u))))
            .collect();
        parts.join(" · ")
    }

    /// `0.0213`: a final value for labels.
    fn format_value(v: f64) -> String {
        axis::format_sig(v, 3)
    }
}

/// A record's final value, if it completed with a finite one.
fn final_value(r: &TrialRecord) -> Option<f64> {
    if r.status == Status::Complete { r.value.filter(|v| v.is_finite()) } else { None }
}

/// A final value that can be the best: a feasible trial's.
fn rankable_value(r: &TrialRecord) -> Option<f64> {
    final_value(r).filter(|_| r.feasible())
}
