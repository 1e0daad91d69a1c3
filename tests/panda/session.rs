//! A panda session on the examples' real model (the MLP on the digits, examples/common): rollback
//! restores the model and config bit for bit; a journalled session resumes with the same history,
//! also after `kill -9` of a real child process (this test binary, running the ignored test
//! `child_babysits_slowly`); a torn last line is dropped and reported, a damaged one refused.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::Model;
use crate::common::digits::{self, Dataset};
use crate::common::mlp::{Mlp, TrainConfig};
use hp::Hyperparams;
use hp::panda::{Checkpoint, Decision, History, LecturePolicy, Panda, PandaError};
use serde::{Deserialize, Serialize};

/// The optimizer's hyperparameters, which may change between days; the architecture is fixed.
#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Train {
    #[hp(log, 1e-3, 10.0)]
    learning_rate: f64,
    #[hp(reverse_log, 0.5, 0.999)]
    momentum: f64,
    #[hp(log, 8, 64, step = 2)]
    batch_size: usize,
}

const START: Train = Train { learning_rate: 0.05, momentum: 0.9, batch_size: 16 };
const HIDDEN: usize = 16;

impl Train {
    fn mlp(&self) -> TrainConfig {
        TrainConfig {
            learning_rate: self.learning_rate,
            momentum: self.momentum,
            hidden_units: HIDDEN,
            layers: 2,
            batch_size: self.batch_size,
        }
    }
}

/// 30 training and 10 validation images per digit: a few milliseconds per day in a debug build.
struct Data {
    train: Dataset,
    validation: Dataset,
}

fn data() -> Data {
    let (train, validation) = crate::small_digits(30, 10);
    Data { train, validation }
}

fn start() -> Result<(Train, Model), String> {
    Ok((START, Model(Mlp::from_config(&START.mlp(), digits::PIXELS, digits::CLASSES, 3)?)))
}

/// One day: an epoch, then the validation loss.
fn day(data: &Data, model: &mut Model, cfg: &Train) -> Result<f64, String> {
    model.0.train_epoch(&data.train, &cfg.mlp())?;
    Ok(model.0.evaluate(&data.validation)?.loss)
}

/// The lecture's policy, eager enough that a few days bring rollbacks.
fn policy() -> LecturePolicy {
    let p = Train::params();
    LecturePolicy::new(p.learning_rate).momentum(p.momentum).up(3)
}

/// The history as JSON without wall-clock times: what two runs must agree on.
fn canonical(h: &History) -> (Vec<String>, Vec<String>) {
    let days = h
        .days()
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.seconds = 0.0;
            serde_json::to_string(&d).unwrap()
        })
        .collect();
    (days, h.decisions().iter().map(|d| serde_json::to_string(d).unwrap()).collect())
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("hp-panda-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn journal_lines(dir: &Path) -> usize {
    fs::read(dir.join("journal.jsonl")).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
}

#[test]
fn rollback_restores_model_and_config_bit_for_bit() {
    let data = data();
    let mut panda = Panda::builder("rollback").open(start).unwrap();
    let alpha = Train::params().learning_rate;
    panda.train_day(|m: &mut Model, c: &Train| day(&data, m, c)).unwrap();
    panda.nudge(&alpha, 1).unwrap();
    panda.train_day(|m: &mut Model, c: &Train| day(&data, m, c)).unwrap();
    let (model_2, config_2) = (panda.model().save().unwrap(), panda.config().clone());

    panda.nudge(&alpha, 8).unwrap();
    panda.nudge(&Train::params().batch_size, -1).unwrap();
    panda.train_day(|m: &mut Model, c: &Train| day(&data, m, c)).unwrap();
    assert_ne!(panda.model().save().unwrap(), model_2);
    assert_ne!(*panda.config(), config_2);

    let rollback = panda.rollback_to(2).unwrap();
    assert_eq!(rollback.kind(), "roll back");
    assert_eq!(panda.model().save().unwrap(), model_2, "the model of day 2, bit for bit");
    assert_eq!(*panda.config(), config_2, "the config of day 2");
    assert_eq!(panda.config().learning_rate.to_bits(), config_2.learning_rate.to_bits());

    // Training on from the rollback is training on from day 2's model.
    let mut direct = Model::restore(&model_2).unwrap();
    let expected = day(&data, &mut direct, &config_2).unwrap();
    let day_4 = panda.train_day(|m: &mut Model, c: &Train| day(&data, m, c)).unwrap();
    assert_eq!((day_4.day, day_4.parent), (4, 2));
    assert_eq!(day_4.metric.unwrap().to_bits(), expected.to_bits());
    assert_eq!(panda.model().save().unwrap(), direct.save().unwrap());
    assert_eq!(panda.history().lineage(4).iter().map(|d| d.day).collect::<Vec<_>>(), [0, 1, 2, 4]);

    let err = panda.rollback_to(9).unwrap_err();
    assert!(matches!(err, PandaError::NoSuchDay { day: 9, last: 4 }), "{err}");
}

#[test]
fn a_failing_day_is_not_recorded_and_the_model_goes_back() {
    let data = data();
    let mut panda = Panda::builder("failing").open(start).unwrap();
    panda.train_day(|m: &mut Model, c: &Train| day(&data, m, c)).unwrap();
    let before = panda.model().save().unwrap();
    let err = panda
        .train_day(|m: &mut Model, c: &Train| {
            day(&data, m, c)?; // half a day's work, then a failure
            Err::<f64, _>("out of memory".to_owned())
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "day 2 failed: out of memory");
    assert_eq!(panda.model().save().unwrap(), before);
    assert_eq!(panda.days_trained(), 1);

    // A panic is the same failure: an error naming the day, and the model goes back.
    let err = panda
        .train_day(|m: &mut Model, c: &Train| -> Result<f64, String> {
            day(&data, m, c)?;
            panic!("index out of bounds");
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "day 2 failed: panicked: index out of bounds");
    assert_eq!(panda.model().save().unwrap(), before);
    panda.train_day(|m: &mut Model, c: &Train| day(&data, m, c)).unwrap();
    assert_eq!(panda.days_trained(), 2);
}

#[test]
fn the_journal_resumes_with_the_same_history_as_memory() {
    let data = data();
    let dir = TempDir::new("resume");
    let train = |m: &mut Model, c: &Train| day(&data, m, c);
    let mut memory = Panda::builder("digits").open(start).unwrap();
    memory.run(8, &mut policy(), train, |_| {}).unwrap();
    assert!(memory.history().decisions().iter().any(|d| d.rollback_to.is_some()), "no rollback to test");

    let mut stored = Panda::builder("digits").storage(&dir.0).open(start).unwrap();
    stored.run(5, &mut policy(), train, |_| {}).unwrap();
    drop(stored);
    let mut resumed = Panda::builder("digits")
        .storage(&dir.0)
        .open(|| -> Result<(Train, Model), String> { panic!("a journal exists: resume, do not start") })
        .unwrap();
    assert!(resumed.resumed() && resumed.recovered().is_none());
    assert_eq!(resumed.days_trained(), 5);
    resumed.run(8, &mut policy(), train, |_| {}).unwrap();
    assert_eq!(canonical(resumed.history()), canonical(memory.history()));
    assert_eq!(resumed.model().save().unwrap(), memory.model().save().unwrap());
    assert_eq!(resumed.config(), memory.config());
}

#[test]
fn a_torn_last_line_is_dropped_and_reported_a_damaged_line_refused() {
    let data = data();
    let dir = TempDir::new("torn");
    let mut panda = Panda::builder("digits").storage(&dir.0).open(start).unwrap();
    panda.run(3, &mut policy(), |m: &mut Model, c: &Train| day(&data, m, c), |_| {}).unwrap();
    let history = canonical(panda.history());
    drop(panda);
    let journal = dir.0.join("journal.jsonl");
    let whole = fs::read(&journal).unwrap();

    // A crash in the middle of a write: half a line, no newline.
    let tail = br#"{"entry":{"kind":"day","day":4,"par"#;
    let mut torn = whole.clone();
    torn.extend_from_slice(tail);
    fs::write(&journal, &torn).unwrap();
    let resumed = Panda::builder("digits").storage(&dir.0).open(start).unwrap();
    let dropped = resumed.recovered().expect("the torn line is reported");
    assert_eq!(dropped.bytes, tail.len());
    assert_eq!(fs::read(&dropped.saved_to).unwrap(), &torn[whole.len()..]);
    assert_eq!(canonical(resumed.history()), history);
    assert_eq!(fs::read(&journal).unwrap(), whole, "the torn line is cut off the journal");
    drop(resumed);

    // A damaged complete line is never skipped.
    let mut damaged = whole.clone();
    let at = whole.iter().position(|&b| b == b'\n').unwrap() + 40;
    damaged[at] ^= 0x01;
    fs::write(&journal, &damaged).unwrap();
    let err = Panda::builder("digits").storage(&dir.0).open(start).unwrap_err();
    assert!(matches!(err, PandaError::Corrupt { .. }) && err.to_string().contains("line 2"), "{err}");

    // A journal of another session is not resumed.
    fs::write(&journal, &whole).unwrap();
    let err = Panda::builder("other").storage(&dir.0).open(start).unwrap_err();
    assert!(matches!(err, PandaError::Mismatch { what: "name", .. }), "{err}");

    // A damaged checkpoint is caught by its length and checksum before it is restored.
    let ckpt = dir.0.join("checkpoints/day-00003.ckpt");
    let mut bytes = fs::read(&ckpt).unwrap();
    bytes[100] ^= 0x10;
    fs::write(&ckpt, &bytes).unwrap();
    let err = Panda::builder("digits").storage(&dir.0).open(start).unwrap_err();
    assert!(matches!(err, PandaError::Corrupt { .. }) && err.to_string().contains("checksum"), "{err}");
}

#[test]
fn decisions_by_hand_are_journalled_as_such() {
    let data = data();
    let mut panda = Panda::builder("hand").open(start).unwrap();
    panda.train_day(|m: &mut Model, c: &Train| day(&data, m, c)).unwrap();
    // Typed, or by name as from a command line.
    let momentum = Train::space().param_id("momentum").unwrap();
    let d = panda
        .apply(Decision::nudge(Train::params().learning_rate, 2, "looks slow").and_nudge(momentum, 1))
        .unwrap();
    assert_eq!(d.kind(), "nudge");
    assert_eq!(d.by, hp::panda::DecidedBy::Hand);
    assert_eq!(d.nudges.len(), 2);
    assert!(d.to_string().starts_with("learning_rate 0.05 -> 0.1581 (+2), momentum 0.9 -> "), "{d}");
    assert!((panda.config().learning_rate - 0.05 * 10f64.sqrt()).abs() < 1e-12);
}

/// The child of `kill_9_keeps_the_journal_consistent`: babysits slowly (a pause per day) for far
/// more days than it will live. Ignored in normal runs; without the variable it does nothing.
#[test]
#[ignore = "run by kill_9_keeps_the_journal_consistent in a child process"]
fn child_babysits_slowly() {
    let Some(dir) = std::env::var_os(DIR_VAR) else { return };
    let data = data();
    let mut panda = Panda::builder("digits").storage(PathBuf::from(dir)).open(start).unwrap();
    let slow = |m: &mut Model, c: &Train| {
        std::thread::sleep(Duration::from_millis(15));
        day(&data, m, c)
    };
    panda.run(1000, &mut policy(), slow, |_| {}).unwrap();
}

const DIR_VAR: &str = "HP_PANDA_KILL_DIR";

#[test]
fn kill_9_keeps_the_journal_consistent() {
    let dir = TempDir::new("kill");
    // Three children in turn, each killed a few days after it started (the later ones resume
    // the journal their predecessor left), at different points of a day's work.
    for extra in [0, 4, 9] {
        let before = journal_lines(&dir.0);
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "session::child_babysits_slowly",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(DIR_VAR, &dir.0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while journal_lines(&dir.0) < before + 5 {
            assert!(Instant::now() < deadline, "the child journalled nothing in 20 s");
            assert!(child.try_wait().unwrap().is_none(), "the child ended before it was killed");
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(extra));
        child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no unwinding
        child.wait().unwrap();
    }

    let data = data();
    let train = |m: &mut Model, c: &Train| day(&data, m, c);
    let mut resumed = Panda::builder("digits").storage(&dir.0).open(start).unwrap();
    let (k, d) = (resumed.days_trained(), resumed.history().decisions().len());
    assert!(k >= 6, "{k} days");
    let target = k + 3;

    // What the killed children journalled is what an uninterrupted session does, up to the kill.
    let mut memory = Panda::builder("digits").open(start).unwrap();
    memory.run(target, &mut policy(), train, |_| {}).unwrap();
    let (days, decisions) = canonical(memory.history());
    let (got_days, got_decisions) = canonical(resumed.history());
    assert_eq!(got_days, days[..=k as usize]);
    assert_eq!(got_decisions, decisions[..d]);

    // And resuming carries on to the same end.
    resumed.run(target, &mut policy(), train, |_| {}).unwrap();
    assert_eq!(canonical(resumed.history()), (days, decisions));
    assert_eq!(resumed.model().save().unwrap(), memory.model().save().unwrap());
}
