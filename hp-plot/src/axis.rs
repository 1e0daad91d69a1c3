//! A hyperparameter's plot axis: the hp-core scale rebuilt from the parameter's [`Domain`], tick
//! marks placed with that scale's `to_unit`, and labels read back through its `from_unit`.
//!
//! The plots never compute a logarithm of a parameter value: a record's `unit[coordinate]` is
//! already the trial's position on the parameter's own scale, and a tick at `0.001` is placed at
//! `LogScale::to_unit(0.001)`. Tick *values* are chosen as short decimals (`1e-3`, `0.99`, `60`)
//! and kept only if they fall inside the scale. A choice's values sit where
//! [`Param::choice_to_unit`] puts them, so a weighted enum's variants get bins as wide as their
//! weights.

use hp_core::scale::{
    LinearScale, LinearStepScale, LogScale, LogStepScale, ReverseLogScale, ReverseLogStepScale, Scale,
};
use hp_core::{Domain, Param, ScaleKind, Space};

/// A tick mark on an axis in unit coordinates.
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

/// The hp-core scale of a numeric parameter, rebuilt from its [`Domain`] through the scales'
/// public constructors; integer parameters go through `i64`.
#[derive(Clone, Copy, Debug)]
enum NumericScale {
    Linear(LinearScale<f64>),
    Log(LogScale<f64>),
    ReverseLog(ReverseLogScale<f64>),
    LinearStep(LinearStepScale<f64>),
    LogStep(LogStepScale<f64>),
    ReverseLogStep(ReverseLogStepScale<f64>),
    IntLinear(LinearScale<i64>),
    IntLog(LogScale<i64>),
    IntLinearStep(LinearStepScale<i64>),
    IntLogStep(LogStepScale<i64>),
}

/// Rounds a tick value to the integer an integer scale takes (`None` if it is not one).
fn as_int(v: f64) -> Option<i64> {
    (v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15).then_some(v as i64)
}

impl NumericScale {
    /// The scale of a numeric [`Domain`], or `None` for bounds this version cannot rebuild (an
    /// integer range past `i64`, an integer reverse-log scale).
    fn from_domain(domain: &Domain) -> Option<Self> {
        use NumericScale::*;
        match *domain {
            Domain::Float { scale, low, high, step } => match (scale, step) {
                (ScaleKind::Linear, None) => LinearScale::new(low, high).ok().map(Linear),
                (ScaleKind::Log, None) => LogScale::new(low, high).ok().map(Log),
                (ScaleKind::ReverseLog, None) => ReverseLogScale::new(low, high).ok().map(ReverseLog),
                (ScaleKind::Linear, Some(s)) => LinearStepScale::new(low, high, s).ok().map(LinearStep),
                (ScaleKind::Log, Some(s)) => LogStepScale::new(low, high, s).ok().map(LogStep),
                (ScaleKind::ReverseLog, Some(s)) => {
                    ReverseLogStepScale::new(low, high, s).ok().map(ReverseLogStep)
                }
            },
            Domain::Int { scale, low, high, step } => {
                let (low, high) = (i64::try_from(low).ok()?, i64::try_from(high).ok()?);
                let step = match step {
                    Some(s) => Some(i64::try_from(s).ok()?),
                    None => None,
                };
                match (scale, step) {
                    (ScaleKind::Linear, None) => LinearScale::new(low, high).ok().map(IntLinear),
                    (ScaleKind::Log, None) => LogScale::new(low, high).ok().map(IntLog),
                    (ScaleKind::Linear, Some(s)) => {
                        LinearStepScale::new(low, high, s).ok().map(IntLinearStep)
                    }
                    (ScaleKind::Log, Some(s)) => LogStepScale::new(low, high, s).ok().map(IntLogStep),
                    (ScaleKind::ReverseLog, _) => None,
                }
            }
            _ => None,
        }
    }

    /// The value at unit position `u` (the scale's `from_unit`), as `f64`.
    fn value_at(&self, u: f64) -> f64 {
        use NumericScale::*;
        match self {
            Linear(s) => s.from_unit(u),
            Log(s) => s.from_unit(u),
            ReverseLog(s) => s.from_unit(u),
            LinearStep(s) => s.from_unit(u),
            LogStep(s) => s.from_unit(u),
            ReverseLogStep(s) => s.from_unit(u),
            IntLinear(s) => s.from_unit(u) as f64,
            IntLog(s) => s.from_unit(u) as f64,
            IntLinearStep(s) => s.from_unit(u) as f64,
            IntLogStep(s) => s.from_unit(u) as f64,
        }
    }

    /// Where `value` sits, if it is one of the scale's values.
    fn unit_of(&self, value: f64) -> Option<f64> {
        use NumericScale::*;
        fn place<S: Scale>(s: &S, v: S::Value) -> Option<f64> {
            s.contains(v).then(|| s.to_unit(v))
        }
        match self {
            Linear(s) => place(s, value),
            Log(s) => place(s, value),
            ReverseLog(s) => place(s, value),
            LinearStep(s) => place(s, value),
            LogStep(s) => place(s, value),
            ReverseLogStep(s) => place(s, value),
            IntLinear(s) => place(s, as_int(value)?),
            IntLog(s) => place(s, as_int(value)?),
            IntLinearStep(s) => place(s, as_int(value)?),
            IntLogStep(s) => place(s, as_int(value)?),
        }
    }

    fn is_int(&self) -> bool {
        use NumericScale::*;
        matches!(self, IntLinear(_) | IntLog(_) | IntLinearStep(_) | IntLogStep(_))
    }
}

/// What an axis shows.
#[derive(Clone, Debug)]
enum AxisKind {
    Numeric {
        scale: NumericScale,
        kind: ScaleKind,
        low: f64,
        high: f64,
    },
    /// A choice's values; the parameter's `choice_to_unit` and `choice_from_unit` know their
    /// bins, equal or weighted.
    Choice {
        values: Vec<String>,
    },
    /// A domain the plots cannot rebuild a scale for: positions are still the records' unit
    /// coordinates, labelled `0` and `1`.
    Unit,
}

/// A parameter is active for a record when every condition's choice coordinate falls in the bin
/// of the value it names.
#[derive(Clone, Debug)]
struct ActiveWhen {
    coordinate: usize,
    /// The choice parameter the condition reads (its bins may be weighted).
    selector: Param,
    index: usize,
}

/// One searched hyperparameter as the plots see it.
#[derive(Clone, Debug)]
pub struct ParamAxis {
    /// The dotted name.
    pub name: String,
    /// Its unit-cube coordinate.
    pub coordinate: usize,
    /// The number of distinct values of a discrete parameter.
    pub levels: Option<u128>,
    /// The parameter, whose `unit_bin` and `choice_*_unit` know a discrete one's bins.
    param: Param,
    kind: AxisKind,
    active_when: Vec<ActiveWhen>,
}

impl ParamAxis {
    /// One axis per searched (non-fixed) parameter of `space`, in coordinate order.
    pub fn all(space: &Space) -> Vec<ParamAxis> {
        space.params().iter().filter_map(|p| ParamAxis::new(p, space)).collect()
    }

    fn new(param: &Param, space: &Space) -> Option<ParamAxis> {
        let coordinate = param.coordinate?;
        let kind =
            match &param.domain {
                Domain::Choice { values } if param.choice_to_unit(0).is_some() => {
                    AxisKind::Choice { values: values.clone() }
                }
                Domain::Choice { .. } => AxisKind::Unit,
                Domain::Float { scale: kind, low, high, .. } => {
                    NumericScale::from_domain(&param.domain).map_or(AxisKind::Unit, |scale| {
                        AxisKind::Numeric { scale, kind: *kind, low: *low, high: *high }
                    })
                }
                Domain::Int { scale: kind, low, high, .. } => {
                    NumericScale::from_domain(&param.domain).map_or(AxisKind::Unit, |scale| {
                        AxisKind::Numeric { scale, kind: *kind, low: *low as f64, high: *high as f64 }
                    })
                }
                _ => return None,
            };
        let active_when = param
            .conditions
            .iter()
            .filter_map(|c| {
                let selector = space.get(&c.param)?;
                let Domain::Choice { values } = &selector.domain else { return None };
                let index = values.iter().position(|v| *v == c.equals)?;
                Some(ActiveWhen { coordinate: selector.coordinate?, selector: selector.clone(), index })
            })
            .collect();
        Some(ParamAxis {
            name: param.name.clone(),
            coordinate,
            levels: param.levels,
            param: param.clone(),
            kind,
            active_when,
        })
    }

    /// The record's position on this axis, `None` if the parameter is inactive for it (a field of
    /// another enum variant) or the coordinate is not a number.
    pub fn position(&self, unit: &[f64]) -> Option<f64> {
        let active = self.active_when.iter().all(|c| {
            unit.get(c.coordinate).is_some_and(|&u| c.selector.choice_from_unit(u) == Some(c.index))
        });
        let u = *unit.get(self.coordinate)?;
        (active && u.is_finite()).then(|| u.clamp(0.0, 1.0))
    }

    /// A short description of the scale for axis titles: `log`, `reverse_log`, `linear`, `choice`.
    pub fn scale_name(&self) -> &'static str {
        match &self.kind {
            AxisKind::Numeric { kind, .. } => kind.name(),
            AxisKind::Choice { .. } => "choice",
            AxisKind::Unit => "unit",
        }
    }

    /// Whether the parameter takes few enough values that points should be spread within a bin.
    pub fn is_discrete(&self) -> bool {
        self.levels.is_some_and(|n| n <= 24)
    }

    /// The record's [`position`](Self::position), moved by `jitter` (in `[-0.5, 0.5)`) times half
    /// the width of its value's bin if the parameter [is discrete](Self::is_discrete), so that
    /// points sharing a value spread out without leaving its bin, however wide its weight makes
    /// it.
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
    pub fn bin_width(&self, u: f64) -> Option<f64> {
        self.param.unit_bin(u).map(|(start, end)| end - start)
    }

    /// The parameter's value at unit position `u`, formatted for a label.
    pub fn value_label(&self, u: f64) -> String {
        match &self.kind {
            AxisKind::Numeric { scale, kind, .. } => {
                let v = scale.value_at(u);
                if scale.is_int() {
                    format!("{v}")
                } else if *kind == ScaleKind::ReverseLog {
                    format_near_one(v)
                } else {
                    format_sig(v, 3)
                }
            }
            AxisKind::Choice { values } => {
                self.param.choice_from_unit(u).and_then(|k| values.get(k)).cloned().unwrap_or_default()
            }
            AxisKind::Unit => format_sig(u, 3),
        }
    }

    /// Candidate ticks, sorted by position, the ends of the range included as `ends` says.
    pub fn ticks(&self, ends: Ends) -> Vec<Tick> {
        let mut ticks = match &self.kind {
            AxisKind::Numeric { scale, kind, low, high } => {
                numeric_ticks(scale, *kind, *low, *high, self.levels)
            }
            AxisKind::Choice { values } => values
                .iter()
                .enumerate()
                .filter_map(|(k, v)| {
                    Some(Tick { unit: self.param.choice_to_unit(k)?, label: v.clone(), priority: 1 })
                })
                .collect(),
            AxisKind::Unit => vec![],
        };
        let is_choice = matches!(self.kind, AxisKind::Choice { .. });
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ends {
    /// Always, in place of nearby ticks.
    Always,
    /// Where they do not crowd the other ticks.
    IfRoom,
}

/// Ticks for a numeric scale: short decimals chosen by the scale's kind, placed by the scale.
fn numeric_ticks(
    scale: &NumericScale,
    kind: ScaleKind,
    low: f64,
    high: f64,
    levels: Option<u128>,
) -> Vec<Tick> {
    let place = |values: Vec<(String, u8)>| -> Vec<Tick> {
        values
            .into_iter()
            .filter_map(|(text, priority)| {
                let v: f64 = text.parse().ok()?;
                let unit = scale.unit_of(v)?;
                Some(Tick { unit, label: format_tick(v), priority })
            })
            .collect()
    };
    let is_grid = matches!(
        scale,
        NumericScale::LinearStep(_)
            | NumericScale::LogStep(_)
            | NumericScale::ReverseLogStep(_)
            | NumericScale::IntLinearStep(_)
            | NumericScale::IntLogStep(_)
    );
    // A short grid: its own values are the ticks. One point inside each of its equal bins
    // names each value once.
    if let Some(n) = levels.filter(|&n| is_grid && n <= 40) {
        let mut ticks: Vec<Tick> = Vec::new();
        for k in 0..n {
            let v = scale.value_at((k as f64 + 0.5) / n as f64);
            if let Some(unit) = scale.unit_of(v) {
                let label = match kind {
                    ScaleKind::ReverseLog => format_near_one(v),
                    _ if scale.is_int() => format!("{v}"),
                    _ => format_sig(v, 3),
                };
                ticks.push(Tick { unit, label, priority: 1 });
            }
        }
        return ticks;
    }
    match kind {
        ScaleKind::Linear => place(nice_decimals(low, high, 6, scale.is_int())),
        ScaleKind::Log => {
            let major = place(decades(low, high, &[1]));
            if major.len() >= 3 {
                major
            } else {
                let all = place(decades(low, high, &[1, 2, 5]));
                if all.len() >= 2 { all } else { place(nice_decimals(low, high, 5, scale.is_int())) }
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
pub fn value_ticks(low: f64, high: f64, max: usize, integers: bool) -> Vec<(f64, String)> {
    nice_decimals(low, high, max, integers)
        .into_iter()
        .filter_map(|(text, _)| text.parse::<f64>().ok())
        .map(|v| (v, format_tick(v)))
        .collect()
}

/// A tick value as text: plain decimals from `1e-4` to below `1e6` (`0.0001`, `0.25`, `5000`),
/// exponent form outside (`1e-5`, `2.5e7`).
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
    use hp_core::SpaceBuilder;

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
