//! A hyperparameter's plot axis: the space's own [`Param`] places tick marks with its `to_unit`
//! and reads labels back through its `from_unit`.
//!
//! The plots never compute a logarithm of a parameter value: a record's `unit[coordinate]` is
//! already the trial's position on the parameter's own scale, and a tick at `0.001` is placed at
//! the parameter's `to_unit(0.001)`. Tick *values* are chosen as short decimals (`1e-3`, `0.99`,
//! `60`) and kept only if they are values of the parameter. A choice's values sit at the centres
//! of their bins ([`Param::nth_unit`]), so a weighted enum's variants get bins as wide as their
//! weights.

use hp_core::{Domain, Levels, Param, ScaleKind, Space, Value};

/// A tick mark on an axis in unit coordinates.
///
/// ```
/// use hp_core::{LogScale, SpaceBuilder};
/// use hp_plot::axis::{Ends, ParamAxis, Tick};
/// let mut b = SpaceBuilder::new();
/// b.scale("wd".into(), "f64", &LogScale::new(3e-5, 0.3)?);
/// let ticks = ParamAxis::all(&b.finish())[0].ticks(Ends::Always);
/// assert_eq!(ticks[0], Tick { unit: 0.0, label: "3e-5".into(), priority: 0 }); // an end
/// let Tick { unit, label, priority } = &ticks[1];
/// assert_eq!((label.as_str(), *priority), ("0.0001", 1)); // a major tick: a decade...
/// assert!((unit - (1e-4f64 / 3e-5).log10() / 4.0).abs() < 1e-12); // ...placed by the log scale
/// # Ok::<(), hp_core::ScaleError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Where the tick sits, in `[0, 1]`.
    pub unit: f64,
    /// Its label.
    pub label: String,
    /// Lower is kept first when labels would overlap: 0 for the ends, 1 for major ticks
    /// (decades, round numbers, categories), 2 for minor ones.
    pub priority: u8,
}

/// One searched hyperparameter as the plots see it: a position in `[0, 1]` for each record (its
/// unit coordinate), ticks placed by the parameter's own scale, labels read back through it.
///
/// ```
/// use hp_core::{ReverseLogScale, SpaceBuilder};
/// use hp_plot::axis::{Ends, ParamAxis};
/// let mut b = SpaceBuilder::new();
/// b.scale("momentum".into(), "f64", &ReverseLogScale::new(0.9, 0.999).unwrap());
/// let axis = &ParamAxis::all(&b.finish())[0];
/// let ticks: Vec<String> = axis.ticks(Ends::Always).into_iter().map(|t| t.label).collect();
/// assert_eq!(ticks, ["0.9", "0.99", "0.999"]); // uniform in log(1 - β)
/// assert_eq!(axis.value_label(0.5), "0.99");
/// ```
#[derive(Clone, Debug)]
pub struct ParamAxis {
    /// The dotted name.
    pub name: String,
    /// Its unit-cube coordinate.
    pub coordinate: usize,
    /// The number of distinct values of a discrete parameter.
    pub levels: Option<u128>,
    /// The parameter: its scale places ticks, labels values and knows a discrete value's bin.
    param: Param,
    /// The space, which says whether the parameter is active for a record.
    space: Space,
}

impl ParamAxis {
    /// One axis per searched (non-fixed) parameter of `space`, in coordinate order.
    ///
    /// ```
    /// # use hp_core::{Hyperparams};
    /// let axes = hp_plot::axis::ParamAxis::all(&bool::space());
    /// assert_eq!((axes.len(), axes[0].levels), (1, Some(2)));
    /// ```
    pub fn all(space: &Space) -> Vec<ParamAxis> {
        space
            .coordinates()
            .enumerate()
            .map(|(coordinate, param)| ParamAxis {
                name: param.name().to_owned(),
                coordinate,
                levels: param.levels().and_then(|l| l.count()),
                param: param.clone(),
                space: space.clone(),
            })
            .collect()
    }

    /// The record's position on this axis, `None` if the parameter is inactive for it (a field of
    /// another enum variant) or the coordinate is not a number.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// let axis = &hp_plot::axis::ParamAxis::all(&bool::space())[0];
    /// assert_eq!(axis.position(&[0.75]), Some(0.75));
    /// assert_eq!(axis.position(&[f64::NAN]), None);
    /// ```
    pub fn position(&self, unit: &[f64]) -> Option<f64> {
        let u = *unit.get(self.coordinate)?;
        (self.space.is_active(self.coordinate, unit) && u.is_finite()).then(|| u.clamp(0.0, 1.0))
    }

    /// A short description of the scale for axis titles: `log`, `reverse_log`, `linear`, `choice`.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(hp_plot::axis::ParamAxis::all(&bool::space())[0].scale_name(), "choice");
    /// ```
    pub fn scale_name(&self) -> &'static str {
        match self.param.domain().scale() {
            Some(kind) => kind.name(),
            None => "choice",
        }
    }

    /// Whether the parameter takes few enough values that points should be spread within a bin.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert!(hp_plot::axis::ParamAxis::all(&bool::space())[0].is_discrete());
    /// ```
    pub fn is_discrete(&self) -> bool {
        self.levels.is_some_and(|n| n <= 24)
    }

    /// The record's [`position`](Self::position), moved by `jitter` (in `[-0.5, 0.5)`) times half
    /// the width of its value's bin if the parameter [is discrete](Self::is_discrete), so that
    /// points sharing a value spread out without leaving its bin, however wide its weight makes
    /// it.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// let coin = &hp_plot::axis::ParamAxis::all(&bool::space())[0];
    /// assert_eq!(coin.spread_position(&[0.75], 0.4), Some(0.85)); // within `true`'s half
    /// ```
    pub fn spread_position(&self, unit: &[f64], jitter: f64) -> Option<f64> {
        let u = self.position(unit)?;
        let half_width = match self.param.unit_bin(u) {
            Some((start, end)) if self.is_discrete() => (end - start) / 2.0,
            _ => 0.0,
        };
        Some((u + half_width * jitter).clamp(0.0, 1.0))
    }

    /// The width in unit coordinates of the bin of a discrete parameter's value at `u`: the
    /// room its label has. `None` for a continuous parameter.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(hp_plot::axis::ParamAxis::all(&bool::space())[0].bin_width(0.2), Some(0.5));
    /// ```
    pub fn bin_width(&self, u: f64) -> Option<f64> {
        self.param.unit_bin(u).map(|(start, end)| end - start)
    }

    /// The parameter's value at unit position `u`, formatted for a label: a choice's label, an
    /// integer, a float to 3 significant digits (a value near 1 on a `reverse_log` scale with
    /// enough decimals for 2 digits of `1 - x`).
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(hp_plot::axis::ParamAxis::all(&bool::space())[0].value_label(0.2), "false");
    /// ```
    pub fn value_label(&self, u: f64) -> String {
        match self.param.from_unit(u) {
            Some(Value::Choice(k)) => self.param.label(k).unwrap_or_default().to_owned(),
            Some(Value::Int(k)) => k.to_string(),
            Some(value) => {
                let x = value.as_f64().unwrap_or(u);
                if self.param.domain().scale() == Some(ScaleKind::ReverseLog) {
                    format_near_one(x)
                } else {
                    format_sig(x, 3)
                }
            }
            None => format_sig(u, 3),
        }
    }

    /// Candidate ticks, sorted by position, the ends of the range included as `ends` says: a
    /// choice's values; a short grid's values; else short decimals chosen by the scale's kind
    /// (decades on `log`, nines on `reverse_log`, round numbers on `linear`), kept if they are
    /// values of the parameter and placed by its scale.
    ///
    /// ```
    /// use hp_core::{LinearScale, SpaceBuilder};
    /// use hp_plot::axis::{Ends, ParamAxis};
    /// let mut b = SpaceBuilder::new();
    /// b.scale("units".into(), "u32", &LinearScale::new(50u32, 100).unwrap());
    /// let ticks: Vec<String> = ParamAxis::all(&b.finish())[0].ticks(Ends::IfRoom).into_iter().map(|t| t.label).collect();
    /// assert_eq!(ticks, ["50", "60", "70", "80", "90", "100"]);
    /// ```
    pub fn ticks(&self, ends: Ends) -> Vec<Tick> {
        let mut ticks = match self.param.levels() {
            Some(Levels::Categories(labels)) => labels
                .iter()
                .enumerate()
                .filter_map(|(k, v)| {
                    Some(Tick { unit: self.param.nth_unit(k as u128)?, label: v.clone(), priority: 1 })
                })
                .collect(),
            _ => numeric_ticks(&self.param),
        };
        let is_choice = matches!(self.param.levels(), Some(Levels::Categories(_)));
        let ends = if ticks.len() < 2 { Ends::Always } else { ends };
        if !is_choice {
            for u in [0.0, 1.0] {
                let label = self.value_label(u);
                // A discrete end value is already a tick, at the centre of its bin.
                if ticks.iter().any(|t| t.label == label) {
                    continue;
                }
                match ends {
                    Ends::Always => {
                        ticks.retain(|t| (t.unit - u).abs() > 0.04);
                        ticks.push(Tick { unit: u, label, priority: 0 });
                    }
                    Ends::IfRoom => ticks.push(Tick { unit: u, label, priority: 3 }),
                }
            }
        }
        ticks.sort_by(|a, b| a.unit.total_cmp(&b.unit));
        ticks
    }
}

/// Whether an axis labels the two ends of its range.
///
/// ```
/// use hp_core::{LogScale, SpaceBuilder};
/// use hp_plot::axis::{Ends, ParamAxis};
/// let mut b = SpaceBuilder::new();
/// b.scale("lr".into(), "f64", &LogScale::new(9e-4, 1.0)?);
/// let axis = &ParamAxis::all(&b.finish())[0];
/// let labels = |ends| axis.ticks(ends).into_iter().map(|t| t.label).collect::<Vec<_>>();
/// assert_eq!(labels(Ends::Always), ["0.0009", "0.01", "0.1", "1"]); // the end replaces 0.001
/// assert_eq!(labels(Ends::IfRoom), ["0.0009", "0.001", "0.01", "0.1", "1"]); // for `thin` to pick
/// # Ok::<(), hp_core::ScaleError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ends {
    /// Always, in place of nearby ticks.
    Always,
    /// Where they do not crowd the other ticks.
    IfRoom,
}

/// Ticks for a numeric parameter: short decimals chosen by the scale's kind, placed by the scale.
fn numeric_ticks(param: &Param) -> Vec<Tick> {
    let (kind, low, high, step, is_int) = match param.domain() {
        Domain::Float { scale, low, high, step } => (scale, low, high, step.is_some(), false),
        Domain::Int { scale, low, high, step } => (scale, low as f64, high as f64, step.is_some(), true),
        _ => return vec![],
    };
    let place = |values: Vec<(String, u8)>| -> Vec<Tick> {
        values
            .into_iter()
            .filter_map(|(text, priority)| {
                let v: f64 = text.parse().ok()?;
                let unit = param.to_unit(param.nearest(v)?)?;
                Some(Tick { unit, label: format_tick(v), priority })
            })
            .collect()
    };
    // A short grid: its own values are the ticks, each at the centre of its bin.
    if let Some(n) = param.levels().and_then(|l| l.count()).filter(|&n| step && n <= 40) {
        let mut ticks: Vec<Tick> = Vec::new();
        for k in 0..n {
            let Some(unit) = param.nth_unit(k) else { continue };
            let Some(value) = param.from_unit(unit) else { continue };
            let label = match (value, kind) {
                (Value::Int(v), _) => v.to_string(),
                (v, ScaleKind::ReverseLog) => format_near_one(v.as_f64().unwrap_or(f64::NAN)),
                (v, _) => format_sig(v.as_f64().unwrap_or(f64::NAN), 3),
            };
            ticks.push(Tick { unit, label, priority: 1 });
        }
        return ticks;
    }
    match kind {
        ScaleKind::Linear => place(nice_decimals(low, high, 6, is_int)),
        ScaleKind::Log => {
            let major = place(decades(low, high, &[1]));
            if major.len() >= 3 {
                major
            } else {
                let all = place(decades(low, high, &[1, 2, 5]));
                if all.len() >= 2 { all } else { place(nice_decimals(low, high, 5, is_int)) }
            }
        }
        ScaleKind::ReverseLog => {
            let major = place(nines(&[1]));
            if major.len() >= 3 {
                major
            } else {
                let all = place(nines(&[1, 2, 5]));
                if all.len() >= 2 { all } else { place(nice_decimals(low, high, 5, false)) }
            }
        }
    }
}

/// `d·10^k` for each `d` in `digits` (1 major, others minor), as decimal text, over every `k`
/// whose values can fall in `[low, high]`.
fn decades(low: f64, high: f64, digits: &[u32]) -> Vec<(String, u8)> {
    let mut out = Vec::new();
    for k in -300i32..=300 {
        for &d in digits {
            let text = format!("{d}e{k}");
            let v: f64 = text.parse().unwrap_or(f64::NAN);
            if low <= v && v <= high {
                out.push((text, if d == 1 { 1 } else { 2 }));
            }
        }
    }
    out
}

/// `β` with `1 - β = d·10^-k`, written exactly as decimal text: `0.9`, `0.99`, ... for `d = 1`;
/// `0.8`, `0.98`, ... for 2; `0.5`, `0.95`, ... for 5; and `0` (`1 - β = 1`).
fn nines(digits: &[u32]) -> Vec<(String, u8)> {
    let mut out = vec![("0".to_owned(), 1)];
    for k in 1..=15usize {
        for &d in digits {
            let last = char::from_digit(10 - d, 10).unwrap_or('9');
            out.push((format!("0.{}{last}", "9".repeat(k - 1)), if d == 1 { 1 } else { 2 }));
        }
    }
    out
}

/// Round values `m·step` in `[low, high]` with the smallest step of the form 1, 2 or 5 times a
/// power of ten that gives at most `max` of them; as decimal text, so `0.3` stays `0.3`.
///
/// ```
/// use hp_plot::axis::nice_decimals;
/// let values = |v: Vec<(String, u8)>| v.iter().map(|(t, _)| t.parse().unwrap()).collect::<Vec<f64>>();
/// assert_eq!(nice_decimals(0.0, 1.0, 6, false)[1], ("2e-1".to_owned(), 1)); // exactly 0.2
/// assert_eq!(values(nice_decimals(1.0, 3.0, 10, false)), [1.0, 1.5, 2.0, 2.5, 3.0]);
/// assert_eq!(values(nice_decimals(1.0, 3.0, 10, true)), [1.0, 2.0, 3.0]);
/// assert!(nice_decimals(1.0, 1.0, 10, false).is_empty()); // no range
/// ```
pub fn nice_decimals(low: f64, high: f64, max: usize, integers: bool) -> Vec<(String, u8)> {
    if !(low.is_finite() && high.is_finite() && low < high) {
        return vec![];
    }
    let first_k = if integers { 0 } else { -300 };
    for k in first_k..=300i32 {
        for d in [1i64, 2, 5] {
            let step: f64 = format!("{d}e{k}").parse().unwrap_or(f64::NAN);
            let first = (low / step - 1e-9).ceil();
            let last = (high / step + 1e-9).floor();
            if !(last - first < max as f64) {
                continue;
            }
            let (first, last) = (first as i64, last as i64);
            return (first..=last).map(|m| (format!("{}e{k}", m * d), 1)).collect();
        }
    }
    vec![]
}

/// Round values in `[low, high]` for a value axis (at most `max`; whole numbers only with
/// `integers`), with their labels.
///
/// ```
/// use hp_plot::axis::value_ticks;
/// let ticks = value_ticks(0.0, 1.0, 6, false);
/// assert_eq!(ticks.len(), 6);
/// assert_eq!(ticks[3], (0.6, "0.6".to_owned())); // 3 × 0.2 would print 0.6000000000000001
/// assert_eq!(value_ticks(0.0, 2e6, 3, false)[1], (1e6, "1e6".to_owned()));
/// ```
pub fn value_ticks(low: f64, high: f64, max: usize, integers: bool) -> Vec<(f64, String)> {
    nice_decimals(low, high, max, integers)
        .into_iter()
        .filter_map(|(text, _)| text.parse::<f64>().ok())
        .map(|v| (v, format_tick(v)))
        .collect()
}

/// A tick value as text: plain decimals from `1e-4` to below `1e6` (`0.0001`, `0.25`, `5000`),
/// exponent form outside (`1e-5`, `2.5e7`).
///
/// ```
/// use hp_plot::axis::format_tick;
/// assert_eq!([1e-4, 0.25, 5000.0, 0.0].map(format_tick), ["0.0001", "0.25", "5000", "0"]);
/// assert_eq!([1e-5, 2.5e7, -1e6].map(format_tick), ["1e-5", "2.5e7", "-1e6"]);
/// ```
pub fn format_tick(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 {
        "0".to_owned()
    } else if (1e-4..1e6).contains(&a) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// `v` to `sig` significant digits, written as [`format_tick`] writes ticks.
///
/// ```
/// use hp_plot::axis::format_sig;
/// assert_eq!(format_sig(0.0031622776, 3), "0.00316");
/// assert_eq!(format_sig(123_456_789.0, 2), "1.2e8");
/// assert_eq!(format_sig(f64::NAN, 3), "–"); // a dash, for a value that is not a number
/// ```
pub fn format_sig(v: f64, sig: usize) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let rounded: f64 = format!("{:.*e}", sig.max(1) - 1, v).parse().unwrap_or(v);
    format_tick(rounded)
}

/// A value close to 1 (a reverse-log parameter), with enough decimals that `1 - v` keeps two
/// significant digits: `0.98765` is `0.988`, `0.9` is `0.9`, `0.99912` is `0.99912`.
fn format_near_one(v: f64) -> String {
    let gap = 1.0 - v;
    let mut decimals = 1;
    while decimals < 15 && gap * 10f64.powi(decimals as i32) < 10.0 {
        decimals += 1;
    }
    let text = format!("{v:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-" { "0".to_owned() } else { text.to_owned() }
}

/// Keeps the ticks whose labels, centred on their positions along an axis `length_px` long,
/// do not overlap: ends first, then major ticks, then minor ones. `label_px` gives a label's
/// extent along the axis.
///
/// ```
/// use hp_plot::axis::{thin, Tick};
/// let tick = |unit, label: &str, priority| Tick { unit, label: label.into(), priority };
/// let ticks = [tick(0.0, "0", 0), tick(0.05, "0.5", 2), tick(0.5, "5", 1), tick(1.0, "10", 0)];
/// let kept = thin(&ticks, 200.0, |label| label.len() as f64 * 8.0);
/// let labels: Vec<&str> = kept.iter().map(|t| t.label.as_str()).collect();
/// assert_eq!(labels, ["0", "5", "10"]); // `0.5` would sit 10 px from `0`
/// ```
pub fn thin(ticks: &[Tick], length_px: f64, label_px: impl Fn(&str) -> f64) -> Vec<Tick> {
    let mut order: Vec<&Tick> = ticks.iter().collect();
    order.sort_by_key(|t| t.priority);
    let mut kept: Vec<&Tick> = Vec::new();
    for t in order {
        let half = label_px(&t.label) / 2.0;
        let clear = kept.iter().all(|k| {
            let gap = (t.unit - k.unit).abs() * length_px;
            gap >= half + label_px(&k.label) / 2.0 + 6.0
        });
        if clear {
            kept.push(t);
        }
    }
    let mut kept: Vec<Tick> = kept.into_iter().cloned().collect();
    kept.sort_by(|a, b| a.unit.total_cmp(&b.unit));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use hp_core::{LinearScale, LogScale, LogStepScale, ReverseLogScale, SpaceBuilder};

    fn lecture() -> Space {
        let mut b = SpaceBuilder::new();
        b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
        b.scale("momentum".into(), "f64", &ReverseLogScale::new(0.9, 0.999).unwrap());
        b.scale("hidden".into(), "u32", &LinearScale::new(50u32, 100).unwrap());
        b.scale("layers".into(), "usize", &LinearScale::new(2usize, 4).unwrap());
        b.choice("activation".into(), "Activation", &["relu", "tanh"]);
        b.fixed("epochs".into(), "u32", "10".into());
        b.finish()
    }

    fn labels(ticks: &[Tick]) -> Vec<&str> {
        ticks.iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn one_axis_per_searched_param() {
        let axes = ParamAxis::all(&lecture());
        let names: Vec<_> = axes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["lr", "momentum", "hidden", "layers", "activation"]);
    }

    #[test]
    fn log_ticks_are_decades_at_the_scale_positions() {
        let axes = ParamAxis::all(&lecture());
        let ticks = axes[0].ticks(Ends::IfRoom);
        assert_eq!(labels(&ticks), ["0.0001", "0.001", "0.01", "0.1", "1"]);
        for (t, u) in ticks.iter().zip([0.0, 0.25, 0.5, 0.75, 1.0]) {
            assert!((t.unit - u).abs() < 1e-12, "{t:?}");
        }
    }

    #[test]
    fn reverse_log_ticks_are_nines() {
        let axes = ParamAxis::all(&lecture());
        let ticks = axes[1].ticks(Ends::IfRoom);
        assert_eq!(labels(&ticks), ["0.9", "0.99", "0.999"]);
        assert!((ticks[1].unit - 0.5).abs() < 1e-9);
    }

    #[test]
    fn integer_ticks_sit_at_bin_centres() {
        let axes = ParamAxis::all(&lecture());
        assert_eq!(labels(&axes[2].ticks(Ends::IfRoom)), ["50", "60", "70", "80", "90", "100"]);
        let layers = axes[3].ticks(Ends::IfRoom);
        assert_eq!(labels(&layers), ["2", "3", "4"]);
        assert!((layers[0].unit - 1.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn choices_are_categories() {
        let axes = ParamAxis::all(&lecture());
        let ticks = axes[4].ticks(Ends::Always);
        assert_eq!(labels(&ticks), ["relu", "tanh"]);
        assert_eq!(labels(&axes[3].ticks(Ends::Always)), ["2", "3", "4"], "no second 2 and 4 at the ends");
        assert_eq!(axes[4].value_label(0.9), "tanh");
    }

    /// Sgd and Momentum weigh 1, Adam 2: bins [0, 0.25), [0.25, 0.5), [0.5, 1].
    fn weighted_optimizer() -> Space {
        let mut b = SpaceBuilder::new();
        b.weighted_choice("optimizer".into(), "Optimizer", &["Sgd", "Momentum", "Adam"], &[1.0, 1.0, 2.0]);
        b.enter("optimizer", "Adam");
        b.scale("optimizer.beta2".into(), "f64", &ReverseLogScale::new(0.99, 0.9999).unwrap());
        b.leave();
        b.finish()
    }

    #[test]
    fn weighted_choices_sit_at_their_bin_centres() {
        let axes = ParamAxis::all(&weighted_optimizer());
        let ticks = axes[0].ticks(Ends::Always);
        assert_eq!(labels(&ticks), ["Sgd", "Momentum", "Adam"]);
        let units: Vec<f64> = ticks.iter().map(|t| t.unit).collect();
        assert_eq!(units, [0.125, 0.375, 0.75]);
        // Equal bins would read 0.6 as Momentum and 0.3 as Sgd.
        assert_eq!(axes[0].value_label(0.6), "Adam");
        assert_eq!(axes[0].value_label(0.3), "Momentum");
        assert_eq!(axes[0].bin_width(0.9), Some(0.5));
        assert_eq!(axes[0].bin_width(0.1), Some(0.25));
    }

    #[test]
    fn a_weighted_selector_decides_what_is_active() {
        let axes = ParamAxis::all(&weighted_optimizer());
        let beta2 = &axes[1];
        assert_eq!(beta2.position(&[0.6, 0.5]), Some(0.5), "0.6 is Adam's");
        assert_eq!(beta2.position(&[0.45, 0.5]), None, "0.45 is Momentum's");
    }

    #[test]
    fn points_spread_inside_their_weighted_bin() {
        let axes = ParamAxis::all(&weighted_optimizer());
        let optimizer = &axes[0];
        for jitter in [-0.5, -0.2, 0.0, 0.3, 0.4999] {
            let sgd = optimizer.spread_position(&[0.125, 0.5], jitter).unwrap();
            assert!((0.0..0.25).contains(&sgd), "{sgd}");
            let adam = optimizer.spread_position(&[0.75, 0.5], jitter).unwrap();
            assert!((0.5..=1.0).contains(&adam), "{adam}");
            assert!((adam - 0.75).abs() <= 0.125 + 1e-12, "a quarter of Adam's bin either side");
        }
        // A continuous parameter does not move.
        assert_eq!(axes[1].spread_position(&[0.75, 0.3], 0.4), Some(0.3));
    }

    #[test]
    fn ends_replace_nearby_ticks() {
        let mut b = SpaceBuilder::new();
        b.scale("wd".into(), "f64", &LogScale::new(3e-5, 0.02).unwrap());
        let axes = ParamAxis::all(&b.finish());
        assert_eq!(labels(&axes[0].ticks(Ends::Always)), ["3e-5", "0.0001", "0.001", "0.01", "0.02"]);
    }

    #[test]
    fn ends_if_room_come_last() {
        let mut b = SpaceBuilder::new();
        b.scale("beta".into(), "f64", &ReverseLogScale::new(0.5, 0.999).unwrap());
        let axes = ParamAxis::all(&b.finish());
        let ticks = axes[0].ticks(Ends::IfRoom);
        assert_eq!(labels(&ticks), ["0.5", "0.9", "0.99", "0.999"]);
        assert_eq!(ticks[0].priority, 3);
    }

    #[test]
    fn short_grids_label_every_value() {
        let mut b = SpaceBuilder::new();
        b.scale("batch".into(), "u32", &LogStepScale::new(16u32, 1024, 2).unwrap());
        let axes = ParamAxis::all(&b.finish());
        assert_eq!(labels(&axes[0].ticks(Ends::IfRoom)), ["16", "32", "64", "128", "256", "512", "1024"]);
    }

    #[test]
    fn value_labels_go_through_the_scale() {
        let axes = ParamAxis::all(&lecture());
        assert_eq!(axes[0].value_label(0.5), "0.01");
        assert_eq!(axes[1].value_label(0.5), "0.99");
        assert_eq!(axes[2].value_label(1.0), "100");
    }

    #[test]
    fn tick_formats() {
        assert_eq!(format_tick(1e-4), "0.0001");
        assert_eq!(format_tick(1e-5), "1e-5");
        assert_eq!(format_tick(2.5e7), "2.5e7");
        assert_eq!(format_sig(0.0031622776, 3), "0.00316");
        assert_eq!(format_near_one(0.98765), "0.988");
        assert_eq!(format_near_one(0.9), "0.9");
        let ticks: Vec<String> = value_ticks(0.0, 1.0, 6, false).into_iter().map(|t| t.1).collect();
        assert_eq!(ticks, ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
        let steps: Vec<String> = value_ticks(1.0, 3.0, 10, true).into_iter().map(|t| t.1).collect();
        assert_eq!(steps, ["1", "2", "3"]);
    }

    #[test]
    fn thinning_keeps_ends_and_drops_overlaps() {
        let ticks: Vec<Tick> = (0..=10)
            .map(|i| Tick { unit: i as f64 / 10.0, label: "0.000".into(), priority: 1 + (i % 2) as u8 })
            .collect();
        let kept = thin(&ticks, 200.0, |s| s.len() as f64 * 8.0);
        assert!(kept.len() < ticks.len() && kept.len() >= 3);
        assert!(kept.windows(2).all(|w| (w[1].unit - w[0].unit) * 200.0 >= 46.0));
    }
}
