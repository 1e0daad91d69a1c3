//! Population based training, many pandas, on the caviar example's real model; and the same
//! budget spent on plain caviar, for comparison.
//!
//! Eight MLPs start from eight random configs on the lecture's scales (the first eight trials of
//! a caviar study with the same seed) and train on the UCI digits for 12 epochs each. Every 3
//! epochs the worst quarter copy the checkpoint and config of a member of the best quarter
//! (exploit) and nudge α, β and the batch size by one or two steps each, up or down, on each
//! parameter's own scale (explore). Plain caviar trains the same eight configs for the same 12
//! epochs each, untouched: the same number of epochs in total.
//!
//! Both pick their best model by validation error, which PBT also uses to decide its copies; so
//! 20% of the caviar example's training images are held out as a test set that neither method
//! sees, and each best model's test error is reported too.
//!
//! ```text
//! cargo run --release --example pbt                  # one run: the exploits, target/pbt/population.svg, caviar
//! cargo run --release --example pbt -- --compare 5   # PBT against caviar on seeds 1..=5, one line each
//! cargo run --release --example pbt -- --threads 1   # the same history on one thread
//! ```

mod common;

use std::collections::BTreeMap;
use std::error::Error;
use std::io::{self, Write as _};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use hp::Direction;
use hp::Hyperparams;
use hp::panda::{Checkpoint, CheckpointError, Pbt, PbtHistory};
use hp::strategy::{Random, Strategy};
use hp::study::{Stop, Study, Trial};

use common::digits::{self, Dataset};
use common::lecture::Train;
use common::mlp::{Mlp, TrainConfig};

macro_rules! outln {
    ($($arg:tt)*) => { writeln!(io::stdout(), $($arg)*)? };
}

const POPULATION: usize = 8;
const EPOCHS: u64 = 12;
const INTERVAL: u64 = 3;
/// The caviar example's study seed: member `i` starts from that study's trial `i`.
const SEED: u64 = 2017;
const SPLIT_SEED: u64 = 7;
/// The seed of the test set's share of the training images.
const TEST_SEED: u64 = 11;
const MODEL_SEED: u64 = 1;

/// The caviar example's validation images, its training images less a fifth held out for testing.
struct Data {
    train: Dataset,
    validation: Dataset,
    test: Dataset,
}

impl Data {
    fn load() -> Result<Self, String> {
        let split = digits::load_split(SPLIT_SEED)?;
        let inner = split.train.stratified_split(0.2, TEST_SEED)?;
        Ok(Data { train: inner.train, validation: split.validation, test: inner.validation })
    }
}

/// The result of the best model of a run.
struct Best {
    validation: f64,
    test: f64,
    config: Train,
}

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
pbt: population based training of 8 MLPs on the UCI digits, against plain caviar on the same budget.

USAGE: cargo run --release --example pbt -- [OPTIONS]

  --seed N       the seed of the starting configs and of PBT's choices [default: 2017]
  --threads N    members training at once [default: every core]; the history does not depend on it
  --compare K    run PBT and caviar on seeds 1..=K and print one line per seed
";

struct Options {
    seed: u64,
    threads: Option<usize>,
    compare: Option<u64>,
}

fn parse_options(args: &[String]) -> Result<Option<Options>, String> {
    let mut opts = Options { seed: SEED, threads: None, compare: None };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut number = || -> Result<u64, String> {
            let text = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
            text.parse().map_err(|_| format!("{arg} wants a number, not {text:?}"))
        };
        match arg.as_str() {
            "--seed" => opts.seed = number()?,
            "--threads" => opts.threads = Some(number()?.max(1) as usize),
            "--compare" => opts.compare = Some(number()?.max(1)),
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
    common::exit_code("pbt", result)
}

/// Trial `i` of a caviar study with this seed: its default random search.
fn start_config(seed: u64, i: usize) -> Train {
    Train::from_unit(&Random::for_config::<Train>(seed).point(i as u64).expect("random search is endless"))
}

/// One epoch, then the validation error (1 - accuracy on the held-out images); NaN if training
/// diverged (PBT ranks it last, caviar records the trial as failed).
fn epoch(data: &Data, model: &mut Mlp, cfg: &Train) -> Result<f64, String> {
    let loss = model.train_epoch(&data.train, &TrainConfig::from(cfg))?;
    if !loss.is_finite() {
        return Ok(f64::NAN);
    }
    Ok(1.0 - model.evaluate(&data.validation)?.accuracy)
}

fn test_error(data: &Data, model: &Mlp) -> Result<f64, String> {
    Ok(1.0 - model.evaluate(&data.test)?.accuracy)
}

fn pbt(data: &Data, seed: u64, threads: Option<usize>) -> Result<(PbtHistory, Best), Box<dyn Error>> {
    // Typed handles: a misspelt field would not compile.
    let p = Train::params();
    let mut pbt = Pbt::new(POPULATION)
        .interval(INTERVAL)
        .quantile(0.25)
        .max_steps(2)
        .explore([p.learning_rate, p.momentum, p.batch_size])
        .direction(Direction::Minimize)
        .seed(seed);
    if let Some(n) = threads {
        pbt = pbt.threads(n);
    }
    // Each member's test error after its last epoch, for the one that turns out best.
    let tests = Mutex::new(BTreeMap::new());
    let history = pbt.run(
        EPOCHS,
        |member| -> Result<(Train, Model), String> {
            let cfg = start_config(seed, member);
            Ok((
                cfg,
                Model(Mlp::from_config(
                    &TrainConfig::from(&cfg),
                    digits::PIXELS,
                    digits::CLASSES,
                    MODEL_SEED,
                )?),
            ))
        },
        |model: &mut Model, cfg: &Train, day| {
            let error = epoch(data, &mut model.0, cfg)?;
            if day.day == EPOCHS {
                tests
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(day.member, test_error(data, &model.0)?);
            }
            Ok(error)
        },
        // A copy draws its own minibatches from here on.
        |model: &mut Model, shuffle_seed| model.0.reseed_shuffle(shuffle_seed),
    )?;
    let best = history.best().ok_or("no member finished with a finite error")?;
    let test = tests.into_inner().unwrap_or_else(|p| p.into_inner())[&best.member];
    let best = Best { validation: best.metric, test, config: serde_json::from_value(best.config.clone())? };
    Ok((history, best))
}

/// Plain caviar: the same starting configs, the same epochs, untouched; its best model.
fn caviar(data: &Data, seed: u64, threads: Option<usize>) -> Result<Best, Box<dyn Error>> {
    let mut study = Study::<Train>::new("pbt-baseline").seed(seed).budget(POPULATION as u64);
    if let Some(n) = threads {
        study = study.workers(n);
    }
    let tests = Mutex::new(BTreeMap::new());
    let results = study.run(|cfg: &Train, trial: &mut Trial<'_>| -> Result<f64, String> {
        let mut model =
            Mlp::from_config(&TrainConfig::from(cfg), digits::PIXELS, digits::CLASSES, MODEL_SEED)?;
        let mut error = f64::NAN;
        for e in 1..=EPOCHS {
            error = epoch(data, &mut model, cfg)?;
            trial.report(e, error).map_err(|s: Stop| s.to_string())?;
        }
        tests.lock().unwrap_or_else(|p| p.into_inner()).insert(trial.index(), test_error(data, &model)?);
        Ok(error)
    })?;
    let best = results.best().ok_or("no caviar trial completed")?;
    let test = tests.into_inner().unwrap_or_else(|p| p.into_inner())[&best.index];
    Ok(Best { validation: best.value.unwrap_or(f64::NAN), test, config: results.config(best)? })
}

/// `validation error 0.0390, test 0.0417: α 1.32e-2, β 0.9684, 4x80, batch 64`.
fn describe(b: &Best) -> String {
    let c = &b.config;
    format!(
        "validation error {:.4}, test error {:.4}: α {:.2e}, β {:.4}, {} layers of {}, batch {}",
        b.validation, b.test, c.learning_rate, c.momentum, c.layers, c.hidden_units, c.batch_size
    )
}

fn run(opts: &Options) -> Result<(), Box<dyn Error>> {
    let data = Data::load()?;
    if let Some(k) = opts.compare {
        return compare(&data, k, opts.threads);
    }
    outln!(
        "pbt: {POPULATION} MLPs on the digits ({} training, {} validation, {} test images), {EPOCHS} epochs each;\n\
         every {INTERVAL} epochs the worst quarter copy a member of the best quarter and nudge α, β and the batch\n\
         size 1-2 steps on their own scales. Seed {}.\n",
        data.train.len(),
        data.validation.len(),
        data.test.len(),
        opts.seed
    );
    let started = Instant::now();
    let (history, best) = pbt(&data, opts.seed, opts.threads)?;
    let pbt_seconds = started.elapsed().as_secs_f64();
    outln!("Members at the start, and their validation error every {INTERVAL} epochs:");
    for member in 0..POPULATION {
        let start: Option<Train> =
            history.member(member).next().and_then(|d| serde_json::from_value(d.config.clone()).ok());
        let curve: Vec<String> = history
            .member(member)
            .filter(|d| d.day % INTERVAL == 0)
            .map(|d| format!("{:.3}", d.metric))
            .collect();
        if let Some(c) = start {
            outln!(
                "  {member}: α {:.2e}, β {:.4}, {}x{:<3} batch {:>3}   {}",
                c.learning_rate,
                c.momentum,
                c.layers,
                c.hidden_units,
                c.batch_size,
                curve.join(" ")
            );
        }
    }
    outln!("\nExploit and explore:");
    for e in history.exploits() {
        outln!("  {e}");
    }
    outln!(
        "\nPBT:    best member {}, {}  [{pbt_seconds:.1} s]",
        history.best().map_or(0, |d| d.member),
        describe(&best)
    );
    std::fs::create_dir_all("target/pbt")?;
    let plot = std::path::Path::new("target/pbt/population.svg");
    match hp::panda::plot::population(&history, &Train::space(), "validation error", plot) {
        Ok(()) => {
            outln!("Plot: {} (every member day by day, the copies, α, β and batch size)", plot.display())
        }
        Err(e) => outln!("Plot not written: {e}"),
    }
    let started = Instant::now();
    let baseline = caviar(&data, opts.seed, opts.threads)?;
    outln!(
        "caviar: best of the same {POPULATION} configs, {}  [{:.1} s]",
        describe(&baseline),
        started.elapsed().as_secs_f64()
    );
    outln!(
        "Both trained {} epochs in all. `--compare 5` runs seeds 1 to 5; `--threads 1` gives the same history.",
        POPULATION as u64 * EPOCHS
    );
    Ok(())
}

/// PBT against caviar on seeds `1..=k`: one line per seed, then the means and the wins.
fn compare(data: &Data, k: u64, threads: Option<usize>) -> Result<(), Box<dyn Error>> {
    outln!(
        "PBT against caviar on the same budget: {POPULATION} models x {EPOCHS} epochs = {} epochs each, from the same\n\
         {POPULATION} random configs per seed. Errors of the model each picks by validation error (lower is better).\n",
        POPULATION as u64 * EPOCHS
    );
    outln!(
        "{:>4}  {:>14}  {:>14}  {:>14}  {:>14}",
        "seed",
        "PBT validation",
        "caviar valid.",
        "PBT test",
        "caviar test"
    );
    let (mut columns, mut wins, mut losses) = (vec![Vec::new(); 4], [0; 2], [0; 2]);
    let started = Instant::now();
    for seed in 1..=k {
        let (_, p) = pbt(data, seed, threads)?;
        let c = caviar(data, seed, threads)?;
        outln!(
            "{seed:>4}  {:>14.4}  {:>14.4}  {:>14.4}  {:>14.4}",
            p.validation,
            c.validation,
            p.test,
            c.test
        );
        for (column, x) in columns.iter_mut().zip([p.validation, c.validation, p.test, c.test]) {
            column.push(x);
        }
        for (i, (a, b)) in [(p.validation, c.validation), (p.test, c.test)].into_iter().enumerate() {
            wins[i] += usize::from(a < b);
            losses[i] += usize::from(a > b);
        }
    }
    let mean = |c: &Vec<f64>| c.iter().sum::<f64>() / c.len() as f64;
    let median = |c: &Vec<f64>| {
        let mut c = c.clone();
        c.sort_by(f64::total_cmp);
        let n = c.len();
        if n % 2 == 1 { c[n / 2] } else { (c[n / 2 - 1] + c[n / 2]) / 2.0 }
    };
    for (name, f) in [("mean", &mean as &dyn Fn(&Vec<f64>) -> f64), ("median", &median)] {
        let [a, b, c, d] = [0, 1, 2, 3].map(|i| f(&columns[i]));
        outln!("{name:<6}{a:>14.4}  {b:>14.4}  {c:>14.4}  {d:>14.4}");
    }
    outln!(
        "PBT better / worse than caviar: on validation {} / {}, on test {} / {} of {k} seeds (the rest tie)  [{:.1} s]",
        wins[0],
        losses[0],
        wins[1],
        losses[1],
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
