//! The lecture's caviar approach on a real model: train many models in parallel, each with its own
//! hyperparameters, watch every learning curve, keep the best.
//!
//! Each trial trains a small MLP (`common::mlp`) with momentum SGD on the UCI optical digits (1438
//! training and 359 held-out validation images of 8x8 pixels) and reports its validation error
//! after every epoch; a median rule stops trials that fall behind. The hyperparameters are the
//! lecture's, each on its own scale: α log-uniform in [1e-4, 1], β with 1 - β log-uniform
//! (`reverse_log`) in [0.9, 0.999], 50..=100 hidden units and 2..=4 layers uniform, and the batch
//! size a power of two from 16 to 256: the `Train` struct in `common/lecture.rs`, which the panda
//! and PBT examples share.
//!
//! ```text
//! cargo run --release --example caviar                  # 32 trials in target/caviar/, top 5, CSV, plots
//! cargo run --release --example caviar                  # again: resumes, loads the 32, trains none
//! cargo run --release --example caviar -- --fresh       # starts over
//! cargo run --release --example caviar -- --trials 64   # 32 more trials into the same study
//! cargo run --release --example caviar -- --report      # summary, exports and plots, no training
//! cargo run --release --example caviar -- --sampler tpe # model-based search (TPE), in target/caviar-tpe/
//! cargo run --release --example caviar -- --help        # every option, worker mode for Slurm included
//! ```
//!
//! On a cluster, each task of a job array runs one trial (`--trial N` or `SLURM_ARRAY_TASK_ID`) into
//! a shared directory and `--report` merges them: see `examples/slurm/README.md`.

mod common;

use std::error::Error;
use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use hp::Direction;
use hp::strategy::Sobol;
use hp::study::plot::{PlotError, Plots};
use hp::study::{
    HyperbandPruner, MedianPruner, Results, SLURM_ARRAY_TASK_ID, Status, Study, SuccessiveHalvingPruner,
    Trial, TrialRecord, worker_index,
};
use hp::tpe::Tpe;

use common::digits::{self, Split};
use common::lecture::Train;
use common::mlp::{Mlp, TrainConfig};

/// `print!` and `println!` that return a closed stdout (`caviar --report | head`) as an error
/// instead of panicking; `main` ends quietly on it.
macro_rules! out {
    ($($arg:tt)*) => { write!(io::stdout(), $($arg)*)? };
}
macro_rules! outln {
    ($($arg:tt)*) => { writeln!(io::stdout(), $($arg)*)? };
}

/// The seed of the study's random search: trial `i`'s config is a function of it and `i` only.
const STUDY_SEED: u64 = 2017;
/// The seed of the stratified train/validation split.
const SPLIT_SEED: u64 = 7;
/// Every trial's model starts from weights drawn from this seed, so a config alone decides its
/// result (a re-run or a re-check of a config gives the same curve on the same machine).
const MODEL_SEED: u64 = 1;

/// A study this example can run: the README's, or a small one for CI's Slurm test.
#[derive(Clone, Copy, Debug)]
struct Variant {
    name: &'static str,
    dir: &'static str,
    trials: u64,
    epochs: u64,
    /// Epochs below this are never pruned: a curve's first epochs say little.
    warmup_epochs: u64,
}

impl Variant {
    /// Successive halving's first rung: half the median rule's warm-up (ASHA keeps a third of the
    /// trials there, not half, so it may judge earlier).
    fn first_rung(&self) -> u64 {
        (self.warmup_epochs / 2).max(1)
    }
}

const FULL: Variant =
    Variant { name: "caviar", dir: "target/caviar", trials: 32, epochs: 12, warmup_epochs: 4 };
const QUICK: Variant =
    Variant { name: "caviar-quick", dir: "target/caviar-quick", trials: 8, epochs: 2, warmup_epochs: 1 };

const HELP: &str = "\
caviar: a hyperparameter study of an MLP on the UCI digits, many trials in parallel.

USAGE: cargo run --release --example caviar -- [OPTIONS]

Run a study (the default; resumes when the directory holds one):
  --dir DIR         the study directory [default: target/caviar, or target/caviar-quick with --quick]
  --trials N        the budget: trials 0..N [default: 32, or 8 with --quick]; raising it adds trials
  --workers N       trials at once [default: every core; with --sampler tpe, the lag]
  --sampler S       random, sobol or tpe (model-based: each trial learns from the results before
                    it) [default: random]; each has its own default directory
  --seed N          the sampler's seed [default: 2017]
  --lag L           with --sampler tpe: trial i uses the results of trials 0..=i-L, so 1 to L
                    workers (or a Slurm array) give the same configs [default: 4]
  --pruner P        how hopeless trials stop early: median (the median of the earlier trials at the
                    same epoch), asha (successive halving: at epochs 2 and 6 keep the best third),
                    hyperband (two brackets of it, first judging at epochs 2 and 6) or none
                    [default: median]; each but median has its own default directory
  --no-prune        the same as --pruner none
  --fresh           delete the study directory first and start over
  --retry-failed    train failed trials again instead of keeping their records
  --quick           the small variant CI runs on Slurm: 8 trials of 2 epochs, its own study

Without training:
  --report          merge the directory (e.g. after a Slurm array): summary, CSV, JSONL, plots
  --missing         print the trial indices with no record or a failed one, as sbatch wants
                    them (`sbatch --array=$(... --missing) ...`); nothing if none
  --canonical       print every record as one JSON line, sorted, without durations: two runs of
                    the same study print the same bytes

Worker mode, for Slurm job arrays (see examples/slurm/README.md):
  --trial N         run exactly trial N into the directory and exit; without it, the
                    SLURM_ARRAY_TASK_ID environment variable does the same
";

/// What the command line asks for.
#[derive(Debug)]
struct Options {
    variant: Variant,
    dir: PathBuf,
    trials: u64,
    workers: Option<usize>,
    sampler: SamplerKind,
    seed: u64,
    lag: u64,
    fresh: bool,
    pruner: PrunerKind,
    retry_failed: bool,
    mode: Mode,
}

/// The `--pruner` of a study.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PrunerKind {
    Median,
    Asha,
    Hyperband,
    None,
}

/// The `--sampler` of a study.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SamplerKind {
    Random,
    Sobol,
    Tpe,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Runs the study (or the trial given by `--trial` / `SLURM_ARRAY_TASK_ID`).
    Run,
    Report,
    Missing,
    Canonical,
    Help,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut dir = None;
    let mut trials = None;
    let mut workers = None;
    let (mut sampler, mut seed, mut lag) = (SamplerKind::Random, STUDY_SEED, 4);
    let (mut fresh, mut quick, mut pruner, mut retry_failed) = (false, false, PrunerKind::Median, false);
    let mut mode = Mode::Run;
    let mut set_mode = |new: Mode, flag: &str| {
        if mode != Mode::Run && mode != new {
            return Err(format!(
                "{flag} cannot be combined with another of --report, --missing, --canonical"
            ));
        }
        mode = new;
        Ok(())
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value =
            || inline.clone().or_else(|| args.next().cloned()).ok_or_else(|| format!("{flag} needs a value"));
        let number =
            |text: String| text.parse::<u64>().map_err(|_| format!("{flag} wants a number, not {text:?}"));
        match flag {
            "--dir" => dir = Some(PathBuf::from(value()?)),
            "--trials" => trials = Some(number(value()?)?),
            "--workers" => workers = Some(number(value()?)?.max(1) as usize),
            "--sampler" => {
                sampler = match value()?.as_str() {
                    "random" => SamplerKind::Random,
                    "sobol" => SamplerKind::Sobol,
                    "tpe" => SamplerKind::Tpe,
                    other => return Err(format!("--sampler wants random, sobol or tpe, not {other:?}")),
                }
            }
            "--seed" => seed = number(value()?)?,
            "--lag" => lag = number(value()?)?.max(1),
            // Read by `worker_index`; checked here so that a typo is not taken for the study mode.
            "--trial" => drop(number(value()?)?),
            "--fresh" => fresh = true,
            "--quick" => quick = true,
            "--no-prune" => pruner = PrunerKind::None,
            "--pruner" => {
                pruner = match value()?.as_str() {
                    "median" => PrunerKind::Median,
                    "asha" => PrunerKind::Asha,
                    "hyperband" => PrunerKind::Hyperband,
                    "none" => PrunerKind::None,
                    other => {
                        return Err(format!("--pruner wants median, asha, hyperband or none, not {other:?}"));
                    }
                }
            }
            "--retry-failed" => retry_failed = true,
            "--report" => set_mode(Mode::Report, flag)?,
            "--missing" => set_mode(Mode::Missing, flag)?,
            "--canonical" => set_mode(Mode::Canonical, flag)?,
            "-h" | "--help" => set_mode(Mode::Help, flag)?,
            _ => return Err(format!("unknown argument {arg:?}; see --help")),
        }
    }
    let variant = if quick { QUICK } else { FULL };
    let mut default_dir = match sampler {
        SamplerKind::Random => variant.dir.to_owned(),
        SamplerKind::Sobol => format!("{}-sobol", variant.dir),
        SamplerKind::Tpe => format!("{}-tpe", variant.dir),
    };
    // The pruner is part of a study's identity: another pruner is another study.
    match pruner {
        PrunerKind::Median => {}
        PrunerKind::Asha => default_dir.push_str("-asha"),
        PrunerKind::Hyperband => default_dir.push_str("-hyperband"),
        PrunerKind::None => default_dir.push_str("-none"),
    }
    Ok(Options {
        variant,
        dir: dir.unwrap_or_else(|| PathBuf::from(default_dir)),
        trials: trials.unwrap_or(variant.trials),
        workers,
        sampler,
        seed,
        lag,
        fresh,
        pruner,
        retry_failed,
        mode,
    })
}

impl Options {
    /// The study these options describe; every mode builds the same one, so a worker, a report and
    /// a local run all check the directory against the same name, seed, space and strategy.
    fn study(&self) -> Study<Train> {
        let mut study = Study::<Train>::new(self.variant.name)
            .seed(self.seed)
            .budget(self.trials)
            .direction(Direction::Minimize)
            .storage(&self.dir)
            .retry_failed(self.retry_failed)
            .progress(true);
        if let Some(n) = self.workers {
            study = study.workers(n);
        }
        match self.sampler {
            SamplerKind::Random => {} // the study's default: Random from its seed
            SamplerKind::Sobol => {
                study =
                    study.sampler(Sobol::for_config::<Train>(self.seed).expect("Train has 5 coordinates"));
            }
            SamplerKind::Tpe => study = study.sampler(Tpe::for_config::<Train>(self.seed)).lag(self.lag),
        }
        // A trial that trained every epoch completes: pruning it then saves nothing.
        let (warmup, epochs, rung) =
            (self.variant.warmup_epochs, self.variant.epochs, self.variant.first_rung());
        match self.pruner {
            PrunerKind::Median => {
                study =
                    study.pruner(MedianPruner::new().warmup_steps(warmup).min_trials(5).last_step(epochs));
            }
            PrunerKind::Asha => {
                let rule = SuccessiveHalvingPruner::new().min_resource(rung).reduction_factor(3);
                study = study.pruner(rule.last_step(epochs));
            }
            PrunerKind::Hyperband => {
                study = study.pruner(HyperbandPruner::new(epochs).min_resource(rung).reduction_factor(3));
            }
            PrunerKind::None => {}
        }
        study
    }

    fn has_study(&self) -> bool {
        self.dir.join("study.json").is_file()
    }
}

/// Trains one config: the objective of every trial.
struct Objective<'a> {
    split: &'a Split,
    epochs: u64,
}

impl Objective<'_> {
    /// Trains `cfg` for the variant's epochs, reporting the validation error (1 - accuracy on the
    /// held-out split) after each: the trial's learning curve. Returns the last epoch's error. A
    /// diverged training loss (NaN or inf) fails the trial with a message saying when.
    fn train(&self, cfg: &Train, trial: &mut Trial<'_>) -> Result<f64, String> {
        let cfg = TrainConfig::from(cfg);
        let mut model = Mlp::from_config(&cfg, digits::PIXELS, digits::CLASSES, MODEL_SEED)?;
        // A second number per trial beside the error: the model's size (every trial has one,
        // pruned or not).
        trial.metric("parameters", model.param_count() as f64)?;
        let mut error = f64::NAN;
        for epoch in 1..=self.epochs {
            let loss = model.train_epoch(&self.split.train, &cfg)?;
            if !loss.is_finite() {
                return Err(format!("training diverged in epoch {epoch}: the training loss is {loss}"));
            }
            error = 1.0 - model.evaluate(&self.split.validation)?.accuracy;
            trial.report(epoch, error)?;
        }
        Ok(error)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    common::exit_code("caviar", parse_options(&args).map_err(Into::into).and_then(|o| run(&o, &args)))
}

fn run(opts: &Options, args: &[String]) -> Result<(), Box<dyn Error>> {
    // An explicit mode wins over SLURM_ARRAY_TASK_ID, so that a report step may run inside a job.
    let worker = match opts.mode {
        Mode::Run => worker_index(args)?,
        _ if args.iter().any(|a| a == "--trial" || a.starts_with("--trial=")) => {
            return Err("--trial cannot be combined with --report, --missing or --canonical".into());
        }
        _ => None,
    };
    match (opts.mode, worker) {
        (Mode::Help, _) => {
            out!("{HELP}");
            Ok(())
        }
        (Mode::Run, Some(index)) => run_worker(opts, args, index),
        (Mode::Run, None) => run_study(opts),
        (Mode::Report, _) => {
            let results = load(opts)?;
            outln!(
                "{}: merged {} trial records from {}\n",
                opts.variant.name,
                results.records().len(),
                opts.dir.display()
            );
            report(opts, &results)
        }
        (Mode::Missing, _) => print_missing(opts),
        (Mode::Canonical, _) => print_canonical(opts),
    }
}

/// The whole study on this machine: every trial not stored yet, then the report.
fn run_study(opts: &Options) -> Result<(), Box<dyn Error>> {
    let v = opts.variant;
    if opts.fresh {
        remove_study_dir(&opts.dir)?;
    }
    let study = opts.study();
    let workers = match (opts.workers, opts.sampler) {
        (Some(n), _) => n,
        (None, SamplerKind::Tpe) => opts.lag as usize,
        (None, _) => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    outln!(
        "caviar: {} models of the digits (1438 training / 359 validation images), each with its own\n\
         hyperparameters, {workers} at a time. Each trains an MLP with momentum SGD for {} epochs and\n\
         reports its validation error after every epoch: its learning curve.",
        opts.trials,
        v.epochs
    );
    match opts.sampler {
        SamplerKind::Random => outln!("Configs: random search, seed {}.", opts.seed),
        SamplerKind::Sobol => outln!("Configs: scrambled Sobol points, seed {}.", opts.seed),
        SamplerKind::Tpe => outln!(
            "Configs: TPE, seed {}: after 10 random trials, each config is drawn where the best tenth of the\n\
             results so far is dense and the rest is not; trial i uses the results of trials 0..=i-{}.",
            opts.seed,
            opts.lag
        ),
    }
    let (first, second) = (v.first_rung(), v.first_rung() * 3);
    match opts.pruner {
        PrunerKind::Median => outln!(
            "A median rule stops a trial whose error, from epoch {} on, is worse than the median of the\n\
             lower-index trials at the same epoch (the same decisions for any number of workers).",
            v.warmup_epochs
        ),
        PrunerKind::Asha => outln!(
            "Successive halving (ASHA) keeps a trial at epochs {first} and {second} only if its error is in the best\n\
             third of the lower-index trials' there (the same decisions for any number of workers)."
        ),
        PrunerKind::Hyperband => outln!(
            "Hyperband: each trial is in one of two brackets of successive halving, judged at epochs\n\
             {first} and {second}, or only at {second}, keeping the best third each time."
        ),
        PrunerKind::None => outln!("No pruning: every trial trains all {} epochs.", v.epochs),
    }
    // Count what a resume will load, so that a re-run says it is one.
    let stored = if opts.has_study() { load(opts)?.into_records() } else { Vec::new() };
    let reusable = |r: &&TrialRecord| {
        r.index < opts.trials && !(opts.retry_failed && matches!(r.status, Status::Failed { .. }))
    };
    let loaded = stored.iter().filter(reusable).count() as u64;
    if stored.is_empty() {
        outln!("\nNew study in {}: {} trials to train.", opts.dir.display(), opts.trials);
    } else {
        outln!(
            "\nResuming the study in {}: {loaded} of {} trials loaded from earlier runs, {} to train.",
            opts.dir.display(),
            opts.trials,
            opts.trials - loaded
        );
    }

    let split = digits::load_split(SPLIT_SEED)?;
    let objective = Objective { split: &split, epochs: v.epochs };
    let start = Instant::now();
    let results = study.run(|cfg: &Train, trial: &mut Trial<'_>| objective.train(cfg, trial))?;
    match opts.trials.saturating_sub(loaded) {
        0 => outln!("Nothing to train: every trial of the budget is stored.\n"),
        n => outln!("Trained {n} trials in {:.1} s.\n", start.elapsed().as_secs_f64()),
    }

    report(opts, &results)?;
    outln!(
        "\nRun it again (without --fresh) to resume: stored trials are loaded, never trained twice.\n\
         `--fresh` starts over, `--trials {}` adds trials, `--report` prints this without training.",
        opts.trials * 2
    );
    Ok(())
}

/// Worker mode: exactly trial `index`, into the shared directory.
fn run_worker(opts: &Options, args: &[String], index: u64) -> Result<(), Box<dyn Error>> {
    if opts.fresh {
        return Err("--fresh would delete the directory other workers share; not in worker mode".into());
    }
    let origin = if args.iter().any(|a| a == "--trial" || a.starts_with("--trial=")) {
        "--trial".to_owned()
    } else {
        format!("{SLURM_ARRAY_TASK_ID}={}", std::env::var(SLURM_ARRAY_TASK_ID).unwrap_or_default())
    };
    let study = opts.study();
    let already = opts.has_study()
        && load(opts)?
            .records()
            .iter()
            .any(|r| r.index == index && !(opts.retry_failed && matches!(r.status, Status::Failed { .. })));
    let split = digits::load_split(SPLIT_SEED)?;
    let objective = Objective { split: &split, epochs: opts.variant.epochs };
    let record = study.run_trial(index, |cfg: &Train, trial: &mut Trial<'_>| objective.train(cfg, trial))?;
    let done = if already { "already stored" } else { "trained" };
    outln!(
        "{} trial {index} ({origin}) {done} in {}: {}, {} epochs, {:.2} s\n  {}",
        opts.variant.name,
        opts.dir.display(),
        outcome(&record),
        record.curve.len(),
        record.duration_secs,
        record.config
    );
    Ok(())
}

/// `complete, validation error 0.0251`, `pruned after epoch 5 (error 0.31)`, `failed: ...`.
fn outcome(record: &TrialRecord) -> String {
    let last = record.curve.last().map_or(f64::NAN, |p| p.value);
    match &record.status {
        Status::Complete => format!("complete, validation error {:.4}", record.value.unwrap_or(f64::NAN)),
        Status::Pruned { step, rung: None } => {
            format!("pruned after epoch {step} (validation error {last:.4})")
        }
        Status::Pruned { step, rung: Some(rung) } => {
            format!("pruned after epoch {step} at rung {rung} (validation error {last:.4})")
        }
        Status::Failed { message } => format!("failed: {message}"),
    }
}

/// The stored study, with a hint when there is none yet.
fn load(opts: &Options) -> Result<Results<Train>, Box<dyn Error>> {
    if !opts.has_study() {
        let quick = if opts.variant.name == QUICK.name { " --quick" } else { "" };
        return Err(format!(
            "no study in {} yet: run `cargo run --release --example caviar --{quick} --dir {}` first",
            opts.dir.display(),
            opts.dir.display()
        )
        .into());
    }
    Ok(opts.study().results()?)
}

/// The top 5, the best trial in words, the exports and the plots.
fn report(opts: &Options, results: &Results<Train>) -> Result<(), Box<dyn Error>> {
    out!("{}", results.summary(5));
    if let Some(best) = results.best() {
        let cfg = results.config(best)?;
        let error = best.value.unwrap_or(f64::NAN);
        outln!(
            "\nBest: trial {}, {:.1}% validation accuracy: α = {:.3e}, β = {:.4} (averages ~{:.0} gradients), \
             {} layers of {} units, batches of {}.",
            best.index,
            100.0 * (1.0 - error),
            cfg.learning_rate,
            cfg.momentum,
            1.0 / (1.0 - cfg.momentum),
            cfg.layers,
            cfg.hidden_units,
            cfg.batch_size
        );
    }
    // Which hyperparameters set the best trials apart (PED-ANOVA, Optuna's default).
    if let Ok(importances) = results.importances() {
        let listed: Vec<String> =
            importances.iter().map(|i| format!("{} {:.2}", i.name, i.importance)).collect();
        let top = results.counts().complete.div_ceil(10);
        // Optuna's advice: at least 5 trials in the top quantile for a stable reading.
        let caution = if top < 5 { "; fewer than 5, so a rough guide" } else { "" };
        outln!(
            "\nWhat mattered (PED-ANOVA: the best {top} complete trials against all complete ones{caution}): {}",
            listed.join(" · ")
        );
    }
    let missing = missing(opts, results);
    if !missing.is_empty() {
        outln!(
            "\n{} of trials 0..{} have no record or a failed one: {} (run them here by running the study,\n\
             or on Slurm with `sbatch --array={}`)",
            missing.len(),
            opts.trials,
            ranges(&missing),
            ranges(&missing)
        );
    }

    let csv = opts.dir.join("trials.csv");
    let jsonl = opts.dir.join("trials.jsonl");
    results.to_csv(&csv)?;
    results.to_jsonl(&jsonl)?;
    outln!("\nExported every trial to {} and {}", csv.display(), jsonl.display());

    let plots = Plots::new(results.records(), results.space(), results.direction())
        .metric("validation error")
        .steps("epoch");
    let mut written = String::new();
    type Draw = fn(&Plots<'_>, &Path) -> Result<(), PlotError>;
    let files: [(&str, &str, Draw); 3] = [
        ("learning_curves.svg", "every learning curve, the best one highlighted", |p, f| {
            p.learning_curves(f)
        }),
        ("values_by_param.svg", "final error against each hyperparameter, on its own scale", |p, f| {
            p.values_by_param(f)
        }),
        ("parallel_coordinates.svg", "one line per trial across all hyperparameters", |p, f| {
            p.parallel_coordinates(f)
        }),
    ];
    for (name, what, draw) in files {
        let path = opts.dir.join(name);
        match draw(&plots, &path) {
            Ok(()) => writeln!(written, "  {:<48} {what}", path.display())?,
            Err(e) => writeln!(written, "  {:<48} not written: {e}", path.display())?,
        }
    }
    out!("Plots:\n{written}");
    Ok(())
}

/// Indices below the budget with no record, or a failed one: what a job array should run again.
fn missing(opts: &Options, results: &Results<Train>) -> Vec<u64> {
    let mut done = vec![false; opts.trials as usize];
    for r in results.records() {
        if r.index < opts.trials && !matches!(r.status, Status::Failed { .. }) {
            done[r.index as usize] = true;
        }
    }
    (0..opts.trials).filter(|&i| !done[i as usize]).collect()
}

/// `0-3,5,9-10`: indices as sbatch's `--array` takes them.
fn ranges(indices: &[u64]) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < indices.len() {
        let mut j = i;
        while j + 1 < indices.len() && indices[j + 1] == indices[j] + 1 {
            j += 1;
        }
        out.push(if i == j { indices[i].to_string() } else { format!("{}-{}", indices[i], indices[j]) });
        i = j + 1;
    }
    out.join(",")
}

/// `--missing`: the list on stdout (for `sbatch --array=...`), the explanation on stderr.
fn print_missing(opts: &Options) -> Result<(), Box<dyn Error>> {
    let (missing, failed) = if opts.has_study() {
        let results = load(opts)?;
        let failed: Vec<u64> = results
            .records()
            .iter()
            .filter(|r| r.index < opts.trials && matches!(r.status, Status::Failed { .. }))
            .map(|r| r.index)
            .collect();
        (missing(opts, &results), failed)
    } else {
        ((0..opts.trials).collect(), Vec::new())
    };
    if missing.is_empty() {
        eprintln!(
            "caviar: all {} trials of {} have a record and none failed",
            opts.trials,
            opts.dir.display()
        );
        return Ok(());
    }
    eprintln!(
        "caviar: {} of {} trials to run again ({} without a record, {} failed; workers need \
         --retry-failed to replace a failed record)",
        missing.len(),
        opts.trials,
        missing.len() - failed.len(),
        failed.len()
    );
    writeln!(io::stdout(), "{}", ranges(&missing))?;
    Ok(())
}

/// `--canonical`: every record as one JSON line, sorted by index, without its duration, so that
/// the same study run anywhere (here, on 2 workers, on a Slurm array) prints the same bytes.
fn print_canonical(opts: &Options) -> Result<(), Box<dyn Error>> {
    let mut out = io::stdout().lock();
    for record in load(opts)?.records() {
        let mut value = serde_json::to_value(record)?;
        if let Some(fields) = value.as_object_mut() {
            fields.remove("duration_secs");
        }
        writeln!(out, "{value}")?;
    }
    out.flush()?;
    Ok(())
}

/// Deletes a study directory for `--fresh`, but only one that holds a study (or nothing), so a
/// mistyped `--dir` cannot delete anything else.
fn remove_study_dir(dir: &Path) -> Result<(), Box<dyn Error>> {
    if !dir.exists() {
        return Ok(());
    }
    let empty = std::fs::read_dir(dir)?.next().is_none();
    if !empty && !dir.join("study.json").is_file() {
        return Err(format!("--fresh: {} holds no study.json; not deleting it", dir.display()).into());
    }
    std::fs::remove_dir_all(dir)?;
    outln!("--fresh: deleted {}", dir.display());
    Ok(())
}
