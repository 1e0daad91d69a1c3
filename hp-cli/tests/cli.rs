//! The `hp` command on real study directories, run as a user runs it (the built binary): what it
//! prints, what it writes, and its exit codes for a missing, damaged or mismatched study.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hp::Direction;
use hp::Hyperparams;
use hp::study::{MetricConstraint, Objective, Results, Stop, Study, Trial};
use serde::{Deserialize, Serialize};

#[derive(Hyperparams, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Train {
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    beta: f64,
    #[hp(linear, 2, 4)]
    layers: u32,
    optimizer: Optimizer,
}

#[derive(Hyperparams, Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Optimizer {
    Sgd,
    Adam {
        #[hp(reverse_log, 0.99, 0.9999)]
        beta2: f64,
    },
}

/// Another config type: another space.
#[derive(Hyperparams, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Other {
    #[hp(linear, 0.0, 1.0)]
    x: f64,
}

fn loss(c: &Train, trial: &mut Trial) -> Result<f64, Stop> {
    let a = c.lr.log10() + 2.0;
    for step in 0..3 {
        trial.report(step, a * a + 1.0 / (step + 1) as f64)?;
    }
    trial.metric("size", f64::from(c.layers) * 100.0)?;
    Ok(a * a + 0.1 * f64::from(c.layers) + if matches!(c.optimizer, Optimizer::Sgd) { 0.2 } else { 0.0 })
}

struct Dir(PathBuf);
impl Dir {
    fn new(tag: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("hp-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Dir(dir)
    }
}
impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn hp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hp")).args(args).output().expect("the hp binary runs")
}

fn text(out: &[u8]) -> String {
    String::from_utf8(out.to_vec()).expect("UTF-8")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

fn study(dir: &Path, seed: u64) -> Results<Train> {
    Study::<Train>::new("train").budget(40).seed(seed).storage(dir).run(loss).expect("the study runs")
}

#[test]
fn show_and_export_read_a_study_without_its_config_type() {
    let dir = Dir::new("show");
    let typed = study(&dir.0, 3);
    let out = hp(&["show", path(&dir.0), "--top", "3", "--importance"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.starts_with(&format!("study \"train\" in {}\n", dir.0.display())), "{shown}");
    assert!(shown.contains("reverse_log [0.99, 0.9999]  if optimizer = Adam"), "{shown}");
    // The same table as the typed study's summary, and the importances.
    assert!(shown.contains(&typed.summary(3).to_string()), "{shown}\n---\n{}", typed.summary(3));
    assert!(shown.contains("what mattered") && shown.contains("  lr "), "{shown}");
    // As JSON.
    let out = hp(&["show", path(&dir.0), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["counts"]["total"], 40);
    assert_eq!(json["top"].as_array().unwrap().len(), 5);
    assert_eq!(json["top"][0]["index"], typed.best().unwrap().index);
    // Exports equal the typed study's, byte for byte, to standard output and to a file.
    let mut csv = Vec::new();
    typed.write_csv(&mut csv).unwrap();
    let out = hp(&["export", path(&dir.0), "--csv"]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), text(&csv));
    let file = dir.0.join("out.jsonl");
    assert!(hp(&["export", path(&dir.0), "--jsonl", "-o", path(&file)]).status.success());
    let mut jsonl = Vec::new();
    typed.write_jsonl(&mut jsonl).unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text(&jsonl));
}

#[test]
fn plot_writes_every_picture_and_the_pareto_front_of_a_study_of_two_objectives() {
    let dir = Dir::new("plot");
    Study::<Train>::new("two")
        .objectives([Objective::value(Direction::Minimize), Objective::metric("size", Direction::Minimize)])
        .constraint(MetricConstraint::at_most("size", 350.0))
        .budget(24)
        .storage(&dir.0)
        .run(loss)
        .unwrap();
    let plots = dir.0.join("plots");
    let out = hp(&["plot", path(&dir.0), "-o", path(&plots)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for name in ["learning_curves.svg", "values_by_param.svg", "parallel_coordinates.svg", "pareto.svg"] {
        let svg = std::fs::read_to_string(plots.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{name}");
        assert!(text(&out.stdout).contains(name));
    }
    let shown = text(&hp(&["show", path(&dir.0)]).stdout);
    assert!(shown.contains("objectives: value (minimize), size (minimize)"), "{shown}");
}

#[test]
fn compare_puts_studies_of_one_space_side_by_side_and_refuses_two_spaces() {
    let (a, b, other) = (Dir::new("cmp-a"), Dir::new("cmp-b"), Dir::new("cmp-other"));
    let (ra, rb) = (study(&a.0, 1), study(&b.0, 2));
    let out = hp(&["compare", path(&a.0), path(&b.0)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.lines().next().unwrap().contains("best@10"), "{table}");
    for (dir, results) in [(&a, &ra), (&b, &rb)] {
        let row = table.lines().find(|l| l.contains(path(&dir.0))).expect("a row per study");
        assert!(row.contains(&format!("{:.6}", results.best().unwrap().value.unwrap())), "{row}");
    }
    // Their best values over trials as curves.
    let svg = a.0.join("compare.svg");
    assert!(hp(&["compare", path(&a.0), path(&b.0), "--plot", path(&svg)]).status.success());
    let drawn = std::fs::read_to_string(&svg).unwrap();
    assert!(drawn.starts_with("<svg") && drawn.matches("<path").count() == 2, "{drawn}");
    assert!(drawn.contains(path(&b.0)));
    Study::<Other>::new("other")
        .budget(3)
        .storage(&other.0)
        .run(|c: &Other, _: &mut Trial| Ok::<_, Stop>(c.x))
        .unwrap();
    let out = hp(&["compare", path(&a.0), path(&other.0)]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(e.contains(&format!("{} holds another space", other.0.display())), "{e}");
}

#[test]
fn a_missing_or_damaged_study_exits_1_naming_the_file_and_a_bad_command_line_2() {
    let out = hp(&["show", "/nonexistent/study"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("/nonexistent/study/study.json"), "{}", text(&out.stderr));
    let dir = Dir::new("damaged");
    study(&dir.0, 4);
    let record = dir.0.join("trials").join("00000007.json");
    std::fs::write(&record, b"{\"index\": 7").unwrap();
    let out = hp(&["export", path(&dir.0), "--csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains(path(&record)), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "nothing half-written");
    // A study.json whose space was edited into nonsense.
    let meta = dir.0.join("study.json");
    let edited = std::fs::read_to_string(&meta).unwrap().replace("\"reverse_log\"", "\"sideways\"");
    std::fs::write(&meta, edited).unwrap();
    let out = hp(&["show", path(&dir.0)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("is corrupt: its space does not read back"), "{}", text(&out.stderr));
    for bad in [&["frob"][..], &["export", "x"], &["export", "x", "--csv", "--jsonl"], &["compare", "x"]] {
        assert_eq!(hp(bad).status.code(), Some(2), "{bad:?}");
    }
}

#[test]
fn report_writes_one_self_contained_page() {
    let dir = Dir::new("report");
    Study::<Train>::new("two <objectives> & a constraint")
        .objectives([Objective::value(Direction::Minimize), Objective::metric("size", Direction::Minimize)])
        .budget(24)
        .storage(&dir.0)
        .run(loss)
        .unwrap();
    let page = dir.0.join("report.html");
    let out = hp(&["report", path(&dir.0), "-o", path(&page)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Nothing from elsewhere, and the study's name escaped.
    assert!(!html.contains("src=") && !html.contains("href="), "the page refers to other files");
    assert!(html.contains("two &lt;objectives&gt; &amp; a constraint"));
    for section in [
        "Overview",
        "Space",
        "What mattered",
        "Best value over trials",
        "Learning curves",
        "Values by parameter",
        "Parallel coordinates",
        "Pareto front",
        "Trials",
    ] {
        assert!(html.contains(&format!("<h2>{section}")), "no section {section}");
    }
    // A row per trial in the trials table (after the space's and the importances' rows).
    let trials = &html[html.find("<table id=\"trials\"").expect("the trials table")..];
    assert_eq!(trials.matches("<tr><td>").count(), 24);
    assert!(hp(&["report", path(&dir.0)]).status.code() == Some(2), "-o is required");
}
