//! The lecture's panda approach on the caviar example's real model: babysit one MLP on the UCI
//! digits day by day, nudging its learning rate α and momentum β along their own scales, with a
//! checkpoint after every day to roll back to.
//!
//! A "day" is two epochs of momentum SGD; after each, the validation loss (the lecture's cost J
//! on the dev set) goes into a journal with a checkpoint of the model, and the lecture's policy
//! decides: better, so raise α a step (×10^(1/4)); a plateau, so fill in some momentum (1 - β
//! ÷ 10^(1/4)); worse or diverged, so go back to the best day's model and lower α.
//!
//! ```text
//! cargo run --release --example panda                  # 16 days in target/panda/, each decision, the plot
//! cargo run --release --example panda                  # again: resumes the journal (nothing left to train)
//! cargo run --release --example panda -- --days 20     # 4 more days on the same model
//! cargo run --release --example panda -- --fresh       # starts over
//! cargo run --release --example panda -- --days 20 --nudge momentum=-2   # decide by hand, then babysit on
//! ```
//!
//! Kill it at any moment (Ctrl-C, `kill -9`): running it again resumes from the last checkpoint
//! with the same history.

mod common;

use std::cell::Cell;
use std::error::Error;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use hp::Direction;
use hp::panda::{
    Checkpoint, CheckpointError, DayRecord, DecidedBy, DecisionRecord, Event, LecturePolicy, Panda,
    ParamValue,
};
use hp::{Hyperparams, ParamId};

use common::digits::{self, Split};
use common::lecture::Train;
use common::mlp::{Mlp, TrainConfig};

/// `println!` that returns a closed stdout (`panda | head`) as an error instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => { writeln!(io::stdout(), $($arg)*)? };
}

/// Where the babysitting starts: a cautious learning rate, the textbook momentum, two layers of
/// 64 units.
const START: Train =
    Train { learning_rate: 0.01, momentum: 0.9, hidden_units: 64, layers: 2, batch_size: 32 };
const EPOCHS_PER_DAY: u64 = 2;
const DAYS: u64 = 16;
/// The same split and initial weights as the caviar example.
const SPLIT_SEED: u64 = 7;
const MODEL_SEED: u64 = 1;

/// The MLP with its bit-exact checkpoint.
struct Model(Mlp);

impl Checkpoint for Model {
    fn save(&self) -> Result<Vec<u8>, CheckpointError> {
        Ok(self.0.save())
    }

    fn restore(bytes: &[u8]) -> Result<Self, CheckpointError> {
        Ok(Model(Mlp::restore(bytes)?))
    }
}

const HELP: &str = "\
panda: babysit one MLP on the UCI digits, day by day, with the lecture's nudges and rollbacks.

USAGE: cargo run --release --example panda -- [OPTIONS]

  --dir DIR    the session directory: journal.jsonl, checkpoints/, panda.svg [default: target/panda]
  --days N     babysit until day N [default: 16]; a resumed session trains only the days it lacks
  --fresh      delete the session directory first and start over

Decide by hand before babysitting on (journalled as your decisions):
  --nudge NAME=K   nudge hyperparameter NAME by K steps on its scale (learning_rate, momentum or
                   batch_size; repeatable), e.g. --nudge learning_rate=-2
  --rollback DAY   go back to day DAY's model and config (before any --nudge)
";

struct Options {
    dir: PathBuf,
    days: u64,
    fresh: bool,
    /// `--nudge NAME=K`, in order.
    nudges: Vec<(String, i32)>,
    rollback: Option<u64>,
}

fn parse_options(args: &[String]) -> Result<Option<Options>, String> {
    let mut opts = Options {
        dir: PathBuf::from("target/panda"),
        days: DAYS,
        fresh: false,
        nudges: Vec::new(),
        rollback: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--dir" => opts.dir = PathBuf::from(value()?),
            "--days" => {
                let text = value()?;
                opts.days = text.parse().map_err(|_| format!("--days wants a number, not {text:?}"))?;
            }
            "--fresh" => opts.fresh = true,
            "--nudge" => {
                let text = value()?;
                let parsed =
                    text.split_once('=').and_then(|(name, k)| Some((name.to_owned(), k.parse().ok()?)));
                opts.nudges.push(parsed.ok_or_else(|| format!("--nudge wants NAME=STEPS, not {text:?}"))?);
            }
            "--rollback" => {
                let text = value()?;
                opts.rollback =
                    Some(text.parse().map_err(|_| format!("--rollback wants a day, not {text:?}"))?);
            }
            "-h" | "--help" => return Ok(None),
            _ => return Err(format!("unknown argument {arg:?}; see --help")),
        }
    }
    Ok(Some(opts))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match parse_options(&args) {
        Ok(Some(opts)) => run(&opts),
        Ok(None) => writeln!(io::stdout(), "{HELP}").map_err(Into::into),
        Err(e) => Err(e.into()),
    };
    common::exit_code("panda", result)
}

/// A hyperparameter to nudge by hand, by the name given on the command line: an unknown name
/// is an error listing the valid ones (with a "did you mean"); the architecture is refused.
fn nudgeable(name: &str) -> Result<ParamId, Box<dyn Error>> {
    let id = Train::space().param_id(name)?;
    let p = Train::params();
    if ![p.learning_rate, p.momentum, p.batch_size].contains(&id) {
        return Err(format!("{name} is the model's architecture, fixed when it was built; nudge learning_rate, momentum or batch_size").into());
    }
    Ok(id)
}

fn run(opts: &Options) -> Result<(), Box<dyn Error>> {
    // Names from the command line are checked before anything else happens.
    let nudges = opts
        .nudges
        .iter()
        .map(|(name, steps)| Ok((nudgeable(name)?, *steps)))
        .collect::<Result<Vec<_>, Box<dyn Error>>>()?;
    if opts.fresh {
        remove_session_dir(&opts.dir)?;
    }
    let split = digits::load_split(SPLIT_SEED)?;
    let mut panda = Panda::builder("panda-digits").direction(Direction::Minimize).storage(&opts.dir).open(
        || -> Result<(Train, Model), String> {
            let model =
                Mlp::from_config(&TrainConfig::from(&START), digits::PIXELS, digits::CLASSES, MODEL_SEED)?;
            Ok((START, Model(model)))
        },
    )?;

    outln!(
        "panda: one MLP ({} layers of {} units) on the digits (1438 training / 359 validation images).\n\
         A day is {EPOCHS_PER_DAY} epochs of momentum SGD; after each, the validation loss decides: better,\n\
         raise α a step (×1.78); a plateau, more momentum; worse, back to the best day and lower α.",
        panda.config().layers,
        panda.config().hidden_units
    );
    if panda.resumed() {
        outln!(
            "\nResuming {}: {} days journalled{}.",
            opts.dir.display(),
            panda.days_trained(),
            if panda.days_trained() >= opts.days { ", nothing left to train" } else { "" }
        );
        if let Some(torn) = panda.recovered() {
            outln!(
                "A crash had cut line {} of the journal short ({} bytes); it was dropped (copy in {}).",
                torn.line,
                torn.bytes,
                torn.saved_to.display()
            );
        }
        for d in panda.history().days().iter().filter(|d| d.day > 0) {
            outln!("{}", day_line(d, None));
            for decision in panda.history().decisions_after(d.day) {
                outln!("{}", decision_line(decision));
            }
        }
    } else {
        outln!("\nNew session in {}.", opts.dir.display());
    }

    // Decisions by hand, before the policy takes over again.
    if let Some(day) = opts.rollback {
        outln!("{}", decision_line(panda.rollback_to(day)?));
    }
    for (id, steps) in &nudges {
        outln!("{}", decision_line(panda.nudge(id, *steps)?));
    }

    // Typed handles: a misspelt field would not compile.
    let p = Train::params();
    let mut policy = LecturePolicy::new(p.learning_rate).momentum(p.momentum);
    let accuracy = Cell::new(None);
    let train = |model: &mut Model, cfg: &Train| -> Result<f64, String> {
        let cfg = TrainConfig::from(cfg);
        for _ in 0..EPOCHS_PER_DAY {
            model.0.train_epoch(&split.train, &cfg)?;
        }
        let eval = model.0.evaluate(&split.validation)?;
        accuracy.set(Some(eval.accuracy));
        Ok(eval.loss)
    };
    let started = Instant::now();
    let before = panda.days_trained();
    let mut printed = Ok(());
    panda.run(opts.days, &mut policy, train, |event| {
        let line = match event {
            Event::Day(d) => day_line(d, accuracy.take()),
            Event::Decision(d) => decision_line(d),
        };
        if printed.is_ok() {
            printed = writeln!(io::stdout(), "{line}");
        }
    })?;
    printed?;
    let trained = panda.days_trained().saturating_sub(before);
    if trained > 0 {
        outln!("Trained {trained} days in {:.1} s.", started.elapsed().as_secs_f64());
    }

    report(&panda, &split, &opts.dir)
}

/// `day  3  loss 0.2674  error 7.52%  α 0.03162  β 0.9  (0.05 s)`.
fn day_line(d: &DayRecord, accuracy: Option<f64>) -> String {
    let metric = d.metric.map_or_else(|| "-".to_owned(), |m| format!("{m:.4}"));
    let error = accuracy.map_or_else(String::new, |a| format!("  error {:5.2}%", 100.0 * (1.0 - a)));
    let cfg: Option<Train> = serde_json::from_value(d.config.clone()).ok();
    let values = cfg.map_or_else(String::new, |c| {
        format!("  α {}  β {}", ParamValue::Float(c.learning_rate), ParamValue::Float(c.momentum))
    });
    let from =
        if d.parent + 1 == d.day { String::new() } else { format!("  (from day {}'s model)", d.parent) };
    format!("day {:>2}  loss {metric}{error}{values}{from}  {:.2} s", d.day, d.seconds)
}

/// `        -> nudge: learning_rate 0.01 -> 0.01778 (+1): better: ...`, `by hand` for yours.
fn decision_line(d: &DecisionRecord) -> String {
    let by = if d.by == DecidedBy::Hand { " (by hand)" } else { "" };
    format!("        -> {}{by}: {d}", d.kind())
}

/// The best day, its accuracy, and the plot.
fn report(panda: &Panda<Train, Model>, split: &Split, dir: &Path) -> Result<(), Box<dyn Error>> {
    let history = panda.history();
    let rollbacks = history.decisions().iter().filter(|d| d.rollback_to.is_some()).count();
    let nudges: usize = history.decisions().iter().map(|d| d.nudges.len()).sum();
    if let Some(best) = history.best_day() {
        let model = panda.model_of_day(best.day)?;
        let cfg: Train = serde_json::from_value(best.config.clone())?;
        let eval = model.0.evaluate(&split.validation)?;
        outln!(
            "\n{} days, {nudges} nudges, {rollbacks} rollbacks. Best: day {}, validation loss {:.4}, {:.1}% accuracy,\n\
             trained with α = {:.3e}, β = {} (its checkpoint: {}).",
            panda.days_trained(),
            best.day,
            eval.loss,
            100.0 * eval.accuracy,
            cfg.learning_rate,
            ParamValue::Float(cfg.momentum),
            dir.join(format!("checkpoints/day-{:05}.ckpt", best.day)).display()
        );
    }
    let now = panda.config();
    outln!(
        "In force for day {}: α = {}, β = {}.",
        panda.days_trained() + 1,
        ParamValue::Float(now.learning_rate),
        ParamValue::Float(now.momentum)
    );
    let plot = dir.join("panda.svg");
    match panda.plot(&plot, "validation loss") {
        Ok(()) => outln!(
            "Plot: {} (the metric day by day, nudges and rollbacks, α and β underneath)",
            plot.display()
        ),
        Err(e) => outln!("Plot not written: {e}"),
    }
    outln!(
        "Journal: {} (run again to resume; --days {} for more days; --fresh to start over)",
        panda.journal_path().map_or_else(String::new, |p| p.display().to_string()),
        panda.days_trained() + 4
    );
    Ok(())
}

/// Deletes a session directory for `--fresh`, but only one that holds a journal (or nothing),
/// so a mistyped `--dir` cannot delete anything else.
fn remove_session_dir(dir: &Path) -> Result<(), Box<dyn Error>> {
    if !dir.exists() {
        return Ok(());
    }
    let empty = std::fs::read_dir(dir)?.next().is_none();
    if !empty && !dir.join("journal.jsonl").is_file() {
        return Err(format!("--fresh: {} holds no journal.jsonl; not deleting it", dir.display()).into());
    }
    std::fs::remove_dir_all(dir)?;
    writeln!(io::stdout(), "--fresh: deleted {}", dir.display())?;
    Ok(())
}
