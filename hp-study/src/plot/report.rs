//! [`Report`]: a stored study as one self-contained HTML page (no network, no external scripts or
//! fonts): an overview, the space with each parameter's scale, what mattered, the best value over
//! trials, every plot inline, and a sortable table of the trials.

use core::fmt::Write as _;

use hp_plot::PlotError;

use super::Plots;
use crate::{Results, Status, StoredStudy};
use hp_core::Direction;

/// The HTML report of a [`StoredStudy`].
///
/// ```
/// use hp_study::{Stop, Study, StoredStudy, Trial};
/// let dir = std::env::temp_dir().join(format!("hp-report-doc-{}", std::process::id()));
/// Study::<bool>::new("coin").budget(6).storage(&dir)
///     .run(|heads: &bool, t: &mut Trial| { t.report(0, 1.0)?; Ok::<_, Stop>(if *heads { 0.1 } else { 0.3 }) })?;
/// let html = hp_study::plot::Report::new(&StoredStudy::open(&dir)?).html()?;
/// assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Report<'a> {
    study: &'a StoredStudy,
}

impl<'a> Report<'a> {
    /// The report of `study`.
    ///
    /// ```no_run
    /// # let study = hp_study::StoredStudy::open("target/caviar")?;
    /// let report = hp_study::plot::Report::new(&study);
    /// # Ok::<(), hp_study::StudyError>(())
    /// ```
    pub fn new(study: &'a StoredStudy) -> Self {
        Report { study }
    }

    /// The page.
    ///
    /// # Errors
    /// [`PlotError`] if a plot cannot be drawn.
    ///
    /// ```no_run
    /// # let study = hp_study::StoredStudy::open("target/caviar")?;
    /// std::fs::write("report.html", hp_study::plot::Report::new(&study).html()?)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn html(&self) -> Result<String, PlotError> {
        let study = self.study;
        let results = study.results();
        let plots = Plots::new(results.records(), results.space(), results.direction());
        let mut page = String::new();
        let title = escape(study.name());
        let _ = write!(
            page,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>hp study {title}</title>\
             <style>{STYLE}</style></head><body>\n<h1>Study <q>{title}</q></h1>\n"
        );
        page += &overview(study);
        page += &space_table(results);
        page += &importance_bars(results);
        page += "<h2>Best value over trials</h2>\n<figure>";
        page += &best_so_far_svg(&[(study.name(), results)]);
        page += "</figure>\n";
        let mut figure = |title: &str, svg: Result<String, PlotError>| -> Result<(), PlotError> {
            let _ = write!(page, "<h2>{}</h2>\n<figure>{}</figure>\n", escape(title), svg?);
            Ok(())
        };
        if results.records().iter().any(|r| !r.curve.is_empty()) {
            figure("Learning curves", plots.learning_curves_svg())?;
        }
        figure("Values by parameter, each on its own scale", plots.values_by_param_svg())?;
        figure("Parallel coordinates", plots.parallel_coordinates_svg())?;
        if study.objectives().len() >= 2 {
            match results.pareto_front(study.objectives()) {
                Ok(front) => figure("Pareto front", front.svg())?,
                Err(e) => {
                    let _ = writeln!(page, "<h2>Pareto front</h2><p>{}</p>", escape(&e.to_string()));
                }
            }
        }
        page += &trials_table(results);
        page += &format!("<script>{SORT}</script>\n</body></html>\n");
        Ok(page)
    }
}

fn overview(study: &StoredStudy) -> String {
    let results = study.results();
    let c = results.counts();
    let mut rows = vec![
        ("directory", study.dir().display().to_string()),
        ("direction", study.direction().name().to_owned()),
        ("strategy", study.strategy().to_owned()),
        ("seed", study.seed().to_string()),
        (
            "trials",
            format!("{} ({} complete, {} failed, {} pruned)", c.total(), c.complete, c.failed, c.pruned),
        ),
    ];
    if let Some(pruner) = study.pruner() {
        rows.push(("pruner", pruner.to_owned()));
    }
    if !study.objectives().is_empty() {
        let objectives: Vec<String> = study.objectives().iter().map(ToString::to_string).collect();
        rows.push(("objectives", objectives.join(", ")));
    }
    if let Some(best) = results.best() {
        rows.push((
            "best",
            format!("{} at trial {}", best.value.map_or("-".into(), |v| v.to_string()), best.index),
        ));
    }
    let mut out = String::from("<h2>Overview</h2>\n<table class=\"kv\">");
    for (k, v) in rows {
        let _ = write!(out, "<tr><th>{k}</th><td>{}</td></tr>", escape(&v));
    }
    out + "</table>\n"
}

fn space_table<C>(results: &Results<C>) -> String {
    let mut out = String::from(
        "<h2>Space</h2>\n<table><thead><tr><th>parameter</th><th>type</th><th>scale and range</th><th>active when</th></tr></thead><tbody>",
    );
    for p in results.space().params() {
        let when: Vec<String> = p.conditions().iter().map(ToString::to_string).collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(p.name()),
            escape(p.type_name()),
            escape(&p.to_string()),
            escape(&when.join(", "))
        );
    }
    out + "</tbody></table>\n"
}

fn importance_bars<C>(results: &Results<C>) -> String {
    let mut out = String::from("<h2>What mattered</h2>\n");
    match results.importances() {
        Err(e) => {
            let _ = writeln!(out, "<p>{}</p>", escape(&e.to_string()));
        }
        Ok(list) => {
            out += "<p>PED-ANOVA (Optuna 5's default importance): how differently each parameter is distributed \
                    among the best 10&nbsp;% of complete trials than among all of them; the shares sum to 1.</p>\n\
                    <table class=\"bars\">";
            for i in list {
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td class=\"bar\"><div style=\"width:{:.1}%\"></div></td><td>{:.3}</td></tr>",
                    escape(&i.name),
                    100.0 * i.importance,
                    i.importance
                );
            }
            out += "</table>\n";
        }
    }
    out
}

/// The best complete feasible value after each trial of each study, one step line per study with
/// a legend (plain SVG: the values' own axis, no hyperparameter scale). All studies share the
/// first one's direction.
///
/// ```
/// use hp_study::{Stop, Study, Trial};
/// let run = |seed| Study::<bool>::new("coin").budget(8).seed(seed)
///     .run(|heads: &bool, t: &mut Trial| Ok::<_, Stop>(if *heads { 0.1 } else { 0.3 } + t.index() as f64 / 100.0));
/// let (a, b) = (run(1)?, run(2)?);
/// let svg = hp_study::plot::best_so_far_svg(&[("seed 1", &a), ("seed 2", &b)]);
/// assert!(svg.starts_with("<svg") && svg.contains("seed 2"));
/// # Ok::<(), hp_study::StudyError>(())
/// ```
pub fn best_so_far_svg<C>(studies: &[(&str, &Results<C>)]) -> String {
    const COLOURS: [&str; 6] = ["#e6550d", "#3182bd", "#31a354", "#756bb1", "#636363", "#e7ba52"];
    let Some(&(_, first)) = studies.first() else { return String::new() };
    let sign = match first.direction() {
        Direction::Minimize => 1.0,
        Direction::Maximize => -1.0,
    };
    let curves: Vec<Vec<(usize, f64)>> = studies
        .iter()
        .map(|(_, results)| {
            let mut best: Option<f64> = None;
            let mut points = Vec::new();
            for (k, r) in results.records().iter().enumerate() {
                if let (Status::Complete, Some(v), true) = (&r.status, r.value, r.feasible())
                    && best.is_none_or(|b| sign * v < sign * b)
                {
                    best = Some(v);
                }
                if let Some(b) = best {
                    points.push((k, b));
                }
            }
            points
        })
        .collect();
    let values = curves.iter().flatten().map(|&(_, v)| v);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !lo.is_finite() {
        return "<p>No complete trial yet.</p>".to_owned();
    }
    // The legend goes below the axis, a line per study, so that long names are never cut.
    let (w, plot_h, left, bottom, top, right) = (720.0, 260.0, 70.0, 30.0, 10.0, 20.0);
    let h = plot_h + 10.0 + 16.0 * studies.len() as f64;
    let n = studies.iter().map(|(_, r)| r.records().len()).max().unwrap_or(2).max(2) as f64;
    let span = if hi > lo { hi - lo } else { 1.0 };
    let x = |k: usize| left + (w - left - right) * k as f64 / (n - 1.0);
    let y = |v: f64| top + (plot_h - top - bottom) * (hi - v) / span;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"12\">\
         <rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\
         <line x1=\"{left}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#999\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{b}\" stroke=\"#999\"/>\
         <text x=\"{tx}\" y=\"{ty1}\" text-anchor=\"end\">{hi}</text><text x=\"{tx}\" y=\"{ty2}\" text-anchor=\"end\">{lo}</text>\
         <text x=\"{left}\" y=\"{plot_h}\">trial 0</text><text x=\"{r}\" y=\"{plot_h}\" text-anchor=\"end\">trial {last}</text>",
        b = plot_h - bottom,
        r = w - right,
        tx = left - 6.0,
        ty1 = y(hi) + 4.0,
        ty2 = y(lo) + 4.0,
        hi = format_value(hi),
        lo = format_value(lo),
        last = n as usize - 1,
    );
    for (k, (points, (name, _))) in curves.iter().zip(studies).enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let mut path = String::new();
        for (i, &(t, v)) in points.iter().enumerate() {
            if i > 0 {
                let _ = write!(path, " L{:.1},{:.1}", x(t), y(points[i - 1].1));
            }
            let _ = write!(path, "{}{:.1},{:.1}", if i == 0 { "M" } else { " L" }, x(t), y(v));
        }
        let ly = plot_h + 12.0 + 16.0 * k as f64;
        let _ = write!(
            svg,
            "<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>\
             <line x1=\"{l1}\" x2=\"{l2}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"2\"/>\
             <text x=\"{lt}\" y=\"{ty}\">{}</text>",
            escape(name),
            l1 = left,
            l2 = left + 20.0,
            lt = left + 26.0,
            ty = ly + 4.0,
        );
    }
    svg + "</svg>"
}

fn format_value(v: f64) -> String {
    if v != 0.0 && (v.abs() < 1e-3 || v.abs() >= 1e5) { format!("{v:.3e}") } else { format!("{v:.4}") }
}

fn trials_table<C>(results: &Results<C>) -> String {
    let space = results.space();
    let mut out = String::from(
        "<h2>Trials</h2>\n<p>Click a column's heading to sort by it.</p>\n<table id=\"trials\" class=\"sortable\"><thead><tr>\
         <th>index</th><th>status</th><th>value</th>",
    );
    for p in space.coordinates() {
        let _ = write!(out, "<th>{}</th>", escape(p.name()));
    }
    out += "</tr></thead><tbody>";
    for r in results.records() {
        let status = match &r.status {
            Status::Complete if !r.feasible() => "infeasible".to_owned(),
            Status::Complete => "complete".to_owned(),
            Status::Pruned { step, .. } => format!("pruned at {step}"),
            Status::Failed { .. } => "failed".to_owned(),
        };
        let value = r.value.map_or(String::new(), |v| v.to_string());
        let _ = write!(out, "<tr><td>{}</td><td>{}</td><td>{}</td>", r.index, escape(&status), value);
        let values =
            if r.unit.len() == space.dim() { space.values(&r.unit) } else { vec![None; space.dim()] };
        for (p, v) in space.coordinates().zip(values) {
            let shown = v.map_or(String::new(), |v| p.display(v));
            let _ = write!(out, "<td>{}</td>", escape(&shown));
        }
        out += "</tr>";
    }
    out + "</tbody></table>\n"
}

/// Text made safe inside HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222}\
table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left}\
table.kv th{color:#555;font-weight:normal}th{background:#f5f5f5}table.sortable th{cursor:pointer}\
td.bar{width:320px}td.bar div{background:#3182bd;height:.9em}figure{margin:0}svg{max-width:100%;height:auto}";

/// Sorts the trials table by a clicked column (numbers as numbers, empty cells last, the rest as
/// text; again to reverse), or on load by the column a link names (`report.html#sort=2`).
const SORT: &str = "var heads=document.querySelectorAll('table.sortable th');\
heads.forEach(function(th,col){th.addEventListener('click',function(){var body=th.closest('table').tBodies[0];\
var rows=Array.prototype.slice.call(body.rows);var up=th.dataset.up!=='1';th.dataset.up=up?'1':'0';\
rows.sort(function(a,b){var x=a.cells[col].textContent,y=b.cells[col].textContent;\
if(x===''||y===''){return (x==='')-(y==='');}\
var nx=parseFloat(x),ny=parseFloat(y);var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);\
return up?c:-c;});rows.forEach(function(r){body.appendChild(r);});});});\
var m=/sort=(\\d+)/.exec(location.hash);if(m&&heads[+m[1]]){heads[+m[1]].click();}";
