//! Drawing hp's hyperparameters on their own scales: the toolkit behind the SVG plots of studies
//! (`hp-study`, feature `plot`) and of pandas (`hp-panda`, feature `plot`).
//!
//! - [`axis::ParamAxis`]: one searched hyperparameter as a plot axis. Positions are unit-cube
//!   coordinates, so the axis is the parameter's own scale by construction (decades on a `log`
//!   axis, `0.9, 0.99, 0.999` on a `reverse_log` one, one bin per category); tick values are
//!   short decimals placed by the parameter's scale, and labels are read back through it.
//! - [`label`]: labels beside their points that never overlap.
//! - [`style`]: the house look (palette, fonts, a colour ramp, legends, text fitting).
//! - [`ticked::Ticked`]: a plotters axis whose ticks are exactly the ones the plot chose.
//! - [`PlotError`], [`write_svg`], [`pad`].
//!
//! plotters draws with its SVG backend only: text stays SVG `<text>` in a sans-serif font, so no
//! font file is read and no bitmap is made.
//!
//! ```
//! use hp_core::{LogScale, SpaceBuilder};
//! use hp_plot::axis::{Ends, ParamAxis};
//!
//! let mut b = SpaceBuilder::new();
//! b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0)?);
//! let axes = ParamAxis::all(&b.finish());
//! let labels: Vec<String> = axes[0].ticks(Ends::Always).into_iter().map(|t| t.label).collect();
//! assert_eq!(labels, ["0.0001", "0.001", "0.01", "0.1", "1"]); // one tick per decade
//! # Ok::<(), hp_core::ScaleError>(())
//! ```

#![warn(missing_docs)]
// Ranges are checked as `!(lo < hi)` so that a NaN fails the check too (the scales' convention);
// clippy's `partial_cmp` would hide that.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

pub mod axis;
pub mod label;
pub mod style;
pub mod ticked;

use std::fmt;
use std::path::{Path, PathBuf};

/// Why a plot was not drawn or written.
///
/// ```
/// use hp_plot::PlotError;
/// assert_eq!(PlotError::NoTrials.to_string(), "no trials to plot");
/// let err = hp_plot::write_svg("/nonexistent-dir/x.svg", "<svg/>".into()).unwrap_err();
/// assert!(matches!(err, PlotError::Io { .. }) && err.to_string().contains("/nonexistent-dir/x.svg"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum PlotError {
    /// The list of records is empty.
    NoTrials,
    /// No record has a finite point on its learning curve.
    NoCurves,
    /// No trial completed with a finite value, so there is nothing to put on a value axis.
    NoCompleteTrials {
        /// How many trials failed.
        failed: usize,
        /// How many were pruned.
        pruned: usize,
    },
    /// The space has no searched hyperparameter (every field is fixed).
    NoParams,
    /// A record's unit point does not have one coordinate per searched hyperparameter: it was
    /// not drawn from this space.
    UnitLength {
        /// The record's trial index.
        trial: u64,
        /// The space's dimension.
        expected: usize,
        /// The length of the record's `unit`.
        found: usize,
    },
    /// plotters could not draw (a message from its backend).
    Draw(String),
    /// The SVG file could not be written.
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

impl fmt::Display for PlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlotError::NoTrials => f.write_str("no trials to plot"),
            PlotError::NoCurves => f.write_str("no trial reported a finite value on its learning curve"),
            PlotError::NoCompleteTrials { failed, pruned } => write!(
                f,
                "no trial completed with a finite value ({failed} failed, {pruned} pruned): nothing to put on a value axis"
            ),
            PlotError::NoParams => f.write_str("the space has no searched hyperparameter to plot"),
            PlotError::UnitLength { trial, expected, found } => write!(
                f,
                "trial {trial} has {found} unit coordinates but the space has {expected}: was it drawn from another space?"
            ),
            PlotError::Draw(message) => write!(f, "drawing failed: {message}"),
            PlotError::Io { path, source } => write!(f, "cannot write {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for PlotError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PlotError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>> for PlotError {
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        PlotError::Draw(e.to_string())
    }
}

/// Writes an SVG document to `path`.
///
/// ```
/// let path = std::env::temp_dir().join(format!("hp-plot-write-{}.svg", std::process::id()));
/// hp_plot::write_svg(&path, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".into())?;
/// assert!(std::fs::read_to_string(&path)?.starts_with("<svg"));
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`PlotError::Io`] naming the file.
pub fn write_svg(path: impl AsRef<Path>, svg: String) -> Result<(), PlotError> {
    let path = path.as_ref();
    std::fs::write(path, svg).map_err(|source| PlotError::Io { path: path.to_owned(), source })
}

/// `(lo, hi)` widened by `fraction` of its width on each side (or by a tenth of its value, or 1,
/// if it is a single point): room around the data of a value axis.
///
/// ```
/// assert_eq!(hp_plot::pad(0.0, 10.0, 0.05), (-0.5, 10.5));
/// assert_eq!(hp_plot::pad(2.0, 2.0, 0.05), (1.8, 2.2));
/// ```
pub fn pad(lo: f64, hi: f64, fraction: f64) -> (f64, f64) {
    let width = hi - lo;
    if width > 0.0 {
        (lo - fraction * width, hi + fraction * width)
    } else {
        let d = if lo != 0.0 { lo.abs() * 0.1 } else { 1.0 };
        (lo - d, hi + d)
    }
}
