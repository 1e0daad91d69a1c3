//! The `hp` command: show, export, plot and compare hp studies from their directories alone (the
//! space from `study.json`, the records from `trials/`), without the config type.
//!
//! Exit codes: 0 done; 1 a study that cannot be read (missing, damaged, or of another space in
//! `compare`), with a message naming the file; 2 a command line that does not parse.

use std::error::Error;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgGroup, ArgMatches, Command, value_parser};
use hp_core::Direction;
use hp_study::{StoredStudy, TrialRecord};

fn cli() -> Command {
    let dir =
        || Arg::new("dir").value_name("DIR").help("a study directory (holding study.json)").required(true);
    Command::new("hp")
        .about("Show, export, plot and compare hp studies from their directories")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("show")
                .about("The study (name, space, strategy, direction, counts) and its best trials")
                .arg(dir())
                .arg(
                    Arg::new("top")
                        .long("top")
                        .value_name("K")
                        .value_parser(value_parser!(usize))
                        .default_value("5")
                        .help("how many of the best trials to list"),
                )
                .arg(
                    Arg::new("importance")
                        .long("importance")
                        .action(ArgAction::SetTrue)
                        .help("which parameters mattered (PED-ANOVA, Optuna's default)"),
                )
                .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("as JSON")),
        )
        .subcommand(
            Command::new("export")
                .about("Every trial as CSV or JSON lines")
                .arg(dir())
                .arg(Arg::new("csv").long("csv").action(ArgAction::SetTrue).help("CSV, one row per trial"))
                .arg(Arg::new("jsonl").long("jsonl").action(ArgAction::SetTrue).help("JSON lines, one per trial"))
                .group(ArgGroup::new("format").args(["csv", "jsonl"]).required(true))
                .arg(
                    Arg::new("output")
                        .short('o')
                        .long("output")
                        .value_name("FILE")
                        .value_parser(value_parser!(PathBuf))
                        .help("the file to write (standard output without it)"),
                ),
        )
        .subcommand(
            Command::new("plot")
                .about("The study's SVG plots: learning curves, values by parameter, parallel coordinates, Pareto front")
                .arg(dir())
                .arg(
                    Arg::new("output")
                        .short('o')
                        .long("output")
                        .value_name("OUTDIR")
                        .value_parser(value_parser!(PathBuf))
                        .help("the directory to write them to (default: the study directory)"),
                ),
        )
        .subcommand(
            Command::new("report")
                .about("One self-contained HTML page: overview, space, what mattered, plots, a sortable table of trials")
                .arg(dir())
                .arg(
                    Arg::new("output")
                        .short('o')
                        .long("output")
                        .value_name("FILE")
                        .value_parser(value_parser!(PathBuf))
                        .required(true)
                        .help("the HTML file to write"),
                ),
        )
        .subcommand(
            Command::new("compare")
                .about("Studies of the same space side by side: counts, best values, best-so-far curves")
                .arg(
                    Arg::new("dirs")
                        .value_name("DIR")
                        .num_args(2..)
                        .required(true)
                        .help("two or more study directories of the same config type"),
                )
                .arg(
                    Arg::new("plot")
                        .long("plot")
                        .value_name("FILE")
                        .value_parser(value_parser!(PathBuf))
                        .help("also write their best values over trials, one curve each, as an SVG"),
                ),
        )
}

fn main() -> ExitCode {
    let matches = cli().get_matches();
    match run(&matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hp: {e}");
            ExitCode::from(1)
        }
    }
}

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn run(matches: &ArgMatches) -> Result<()> {
    let open = |m: &ArgMatches| StoredStudy::open(m.get_one::<String>("dir").expect("required"));
    match matches.subcommand() {
        Some(("show", m)) => show(&open(m)?, m),
        Some(("export", m)) => export(&open(m)?, m),
        Some(("plot", m)) => plot(&open(m)?, m),
        Some(("report", m)) => {
            let study = open(m)?;
            let path = m.get_one::<PathBuf>("output").expect("required");
            let html = hp_study::plot::Report::new(&study).html()?;
            std::fs::write(path, html).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            println!("{}", path.display());
            Ok(())
        }
        Some(("compare", m)) => {
            let dirs: Vec<&String> = m.get_many::<String>("dirs").expect("required").collect();
            let studies = dirs.iter().map(StoredStudy::open).collect::<std::result::Result<Vec<_>, _>>()?;
            compare(&studies)?;
            if let Some(path) = m.get_one::<PathBuf>("plot") {
                let names: Vec<String> = studies.iter().map(|s| s.dir().display().to_string()).collect();
                let series: Vec<(&str, &hp_study::Results<serde_json::Value>)> =
                    names.iter().map(String::as_str).zip(studies.iter().map(StoredStudy::results)).collect();
                std::fs::write(path, hp_study::plot::best_so_far_svg(&series))
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                println!("{}", path.display());
            }
            Ok(())
        }
        _ => unreachable!("a subcommand is required"),
    }
}

fn show(study: &StoredStudy, m: &ArgMatches) -> Result<()> {
    let results = study.results();
    let top = *m.get_one::<usize>("top").expect("defaulted");
    let importances = if m.get_flag("importance") { Some(results.importances()) } else { None };
    if m.get_flag("json") {
        let importances = importances.map(|i| match i {
            Ok(list) => {
                list.iter().map(|i| serde_json::json!({"name": i.name, "importance": i.importance})).collect()
            }
            Err(e) => vec![serde_json::json!({"error": e.to_string()})],
        });
        let counts = results.counts();
        let json = serde_json::json!({
            "name": study.name(),
            "dir": study.dir(),
            "direction": study.direction().name(),
            "seed": study.seed(),
            "strategy": study.strategy(),
            "pruner": study.pruner(),
            "objectives": study.objectives().iter().map(ToString::to_string).collect::<Vec<_>>(),
            "counts": {"total": counts.total(), "complete": counts.complete, "failed": counts.failed, "pruned": counts.pruned},
            "space": results.space(),
            "top": results.top(top),
            "importances": importances,
        });
        println!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(());
    }
    let mut out = String::new();
    out += &format!("study {:?} in {}\n", study.name(), study.dir().display());
    out += &format!("strategy: {}\n", study.strategy());
    out += &format!("seed {}, {}", study.seed(), study.direction().name());
    if let Some(pruner) = study.pruner() {
        out += &format!(", pruner {pruner}");
    }
    if !study.objectives().is_empty() {
        let objectives: Vec<String> = study.objectives().iter().map(ToString::to_string).collect();
        out += &format!(", objectives: {}", objectives.join(", "));
    }
    out += "\n\nspace:\n";
    for line in results.space().to_string().lines() {
        out += &format!("  {line}\n");
    }
    out += &format!("\n{}", results.summary(top));
    match importances {
        None => {}
        Some(Ok(list)) => {
            out += "\nwhat mattered (PED-ANOVA: the best 10 % of complete trials against all):\n";
            for i in list {
                out += &format!("  {:<24} {:.3}\n", i.name, i.importance);
            }
        }
        Some(Err(e)) => out += &format!("\nno importances: {e}\n"),
    }
    print!("{out}");
    Ok(())
}

fn export(study: &StoredStudy, m: &ArgMatches) -> Result<()> {
    let results = study.results();
    let csv = m.get_flag("csv");
    match m.get_one::<PathBuf>("output") {
        Some(path) if csv => results.to_csv(path)?,
        Some(path) => results.to_jsonl(path)?,
        None => {
            let stdout = std::io::stdout().lock();
            if csv { results.write_csv(stdout)? } else { results.write_jsonl(stdout)? }
        }
    }
    Ok(())
}

fn plot(study: &StoredStudy, m: &ArgMatches) -> Result<()> {
    let results = study.results();
    let out = m.get_one::<PathBuf>("output").cloned().unwrap_or_else(|| study.dir().to_owned());
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let plots = hp_study::plot::Plots::new(results.records(), results.space(), results.direction());
    let written = |name: &str| -> PathBuf { out.join(name) };
    let mut files = vec![
        (written("learning_curves.svg"), plots.learning_curves(written("learning_curves.svg"))),
        (written("values_by_param.svg"), plots.values_by_param(written("values_by_param.svg"))),
        (
            written("parallel_coordinates.svg"),
            plots.parallel_coordinates(written("parallel_coordinates.svg")),
        ),
    ];
    if !study.objectives().is_empty() {
        let path = written("pareto.svg");
        let front = results.pareto_front(study.objectives())?;
        files.push((path.clone(), front.write_svg(&path)));
    }
    let mut stdout = std::io::stdout().lock();
    for (path, done) in files {
        match done {
            Ok(()) => writeln!(stdout, "{}", path.display())?,
            Err(e) => return Err(format!("{}: {e}", path.display()).into()),
        }
    }
    Ok(())
}

fn compare(studies: &[StoredStudy]) -> Result<()> {
    let first = &studies[0];
    for other in &studies[1..] {
        let (a, b) = (first.results().space().fingerprint(), other.results().space().fingerprint());
        if a != b {
            return Err(format!(
                "{} holds another space (fingerprint {b:016x}) than {} ({a:016x}): compare studies of the same config type",
                other.dir().display(),
                first.dir().display()
            )
            .into());
        }
    }
    // Best so far after the same numbers of trials, up to the shortest study's length.
    let shortest = studies.iter().map(|s| s.results().records().len()).min().unwrap_or(0);
    let budgets: Vec<usize> = [shortest / 4, shortest / 2, shortest].into_iter().filter(|&n| n > 0).collect();
    let mut out = String::new();
    let width = studies.iter().map(|s| s.dir().display().to_string().len()).max().unwrap_or(5).max(5);
    out += &format!(
        "{:<width$} {:>7} {:>9} {:>7} {:>7} {:>12} {:>6}",
        "study", "trials", "complete", "failed", "pruned", "best", "trial"
    );
    for n in &budgets {
        out += &format!(" {:>12}", format!("best@{n}"));
    }
    out += "\n";
    for study in studies {
        let results = study.results();
        let c = results.counts();
        let best = results.best();
        let name = study.dir().display().to_string();
        out += &format!(
            "{:<width$} {:>7} {:>9} {:>7} {:>7} {:>12} {:>6}",
            name,
            c.total(),
            c.complete,
            c.failed,
            c.pruned,
            best.and_then(|r| r.value).map_or("-".into(), |v| format!("{v:.6}")),
            best.map_or("-".into(), |r| r.index.to_string())
        );
        for &n in &budgets {
            out += &format!(
                " {:>12}",
                best_of(&results.records()[..n], results.direction())
                    .map_or("-".into(), |v| format!("{v:.6}"))
            );
        }
        out += "\n";
    }
    print!("{out}");
    Ok(())
}

/// The best complete feasible value among `records`.
fn best_of(records: &[TrialRecord], direction: Direction) -> Option<f64> {
    let values = records.iter().filter(|r| r.feasible() && matches!(r.status, hp_study::Status::Complete));
    let values = values.filter_map(|r| r.value);
    match direction {
        Direction::Minimize => values.min_by(f64::total_cmp),
        Direction::Maximize => values.max_by(f64::total_cmp),
    }
}

/// `hp`'s command line is well formed (clap's own checks of the definition).
#[cfg(test)]
#[test]
fn the_command_line_is_well_formed() {
    cli().debug_assert();
}
