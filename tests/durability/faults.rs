//! The fault suite: faults injected for real into child processes (this test binary, re-run with
//! an ignored child test selected), for the study store, a panda session and a PBT run.
//!
//! - `kill -9` at random moments of each (spread over a measured uninterrupted run) until 20 have
//!   landed mid-run, each followed by a resume in this process: everything committed is kept, nothing is done twice, and the result
//!   equals an uninterrupted run's.
//! - A file size limit (`setrlimit(RLIMIT_FSIZE)` through `ulimit -f`, with SIGXFSZ ignored, so
//!   writes fail with EFBIG as on a full disk): the child stops with an error naming the file, and
//!   a resume without the limit finishes with the uninterrupted result (a failed journal append
//!   left no torn line behind).
//! - Two writers: a second panda or PBT process on the same directory is refused, naming the
//!   holder, or waits for it; two study workers writing one directory at once store each trial
//!   once.
//!
//! - As root (CI runs as root; elsewhere these say they were skipped): two study workers in two
//!   PID namespaces (`unshare --pid --fork`: both are PID 1) writing one directory at once, and a
//!   read-only directory (`unshare -m` and a read-only bind mount, since root ignores file modes)
//!   under each subsystem: a clear error naming the file, and every file left as it was; and a
//!   full disk (a 64 KiB tmpfs, ENOSPC) under each, resumed whole once the disk has grown.
//!   `.ci/faults-root.sh` runs the caviar example's Slurm worker mode in PID namespaces too.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hp::Hyperparams;
use hp::panda::{Json, LecturePolicy, Panda, PandaError, Pbt, PbtHistory};
use hp::study::{MedianPruner, Stop, Study, Trial, TrialRecord};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use crate::store_support::{Scratch, Train, untimed_days};

const DIR: &str = "HP_FAULT_DIR";
const MODE: &str = "HP_FAULT_MODE";

/// Sleeps in a child (to give a kill somewhere to land), never in this process.
fn pause(ms: u64) {
    if std::env::var_os(MODE).is_some_and(|m| m == "slow") {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// A child's directory and mode, or `None` outside a child.
fn child() -> Option<(PathBuf, String)> {
    let dir = std::env::var_os(DIR)?;
    Some((PathBuf::from(dir), std::env::var(MODE).unwrap_or_default()))
}

/// Ends a child with the error on stderr and exit code 3.
fn fail<E: std::fmt::Display>(e: E) -> ! {
    eprintln!("{e}");
    std::process::exit(3)
}

/// How a child is started: directly, or under a file size limit, in a PID namespace of its own,
/// or with `dir` mounted read-only.
#[derive(Clone, Copy)]
enum Wrap {
    None,
    FileLimitKib(u64),
    PidNamespace,
    ReadOnly,
}

/// This binary running child test `test` on `dir` in `mode`.
fn spawn(test: &str, dir: &Path, mode: &str, wrap: Wrap) -> std::process::Child {
    let exe = std::env::current_exe().unwrap();
    let test = format!("faults::{test}");
    let args = ["--exact", test.as_str(), "--ignored", "--nocapture", "--test-threads=1"];
    let shell = |script: &str| {
        let mut c = Command::new("bash");
        c.arg("-c").arg(script).arg(&exe);
        c
    };
    let mut command = match wrap {
        Wrap::None => Command::new(&exe),
        // The shell ignores SIGXFSZ (ignored signals stay ignored across exec), sets the limit,
        // and becomes the test binary: a write past the limit fails with EFBIG.
        Wrap::FileLimitKib(kib) => shell(&format!("trap '' XFSZ; ulimit -f {kib}; exec \"$0\" \"$@\"")),
        Wrap::PidNamespace => {
            let mut c = Command::new("unshare");
            c.args(["--pid", "--fork"]).arg(&exe);
            c
        }
        Wrap::ReadOnly => {
            let mut c = Command::new("unshare");
            c.args(["--mount", "sh", "-c"])
                .arg("mount --bind \"$HP_FAULT_DIR\" \"$HP_FAULT_DIR\" && mount -o remount,bind,ro \"$HP_FAULT_DIR\" && exec \"$0\" \"$@\"")
                .arg(&exe);
            c
        }
    };
    command
        .args(args)
        .env(DIR, dir)
        .env(MODE, mode)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs a child to its end: its exit code and stderr.
fn run_child(test: &str, dir: &Path, mode: &str, wrap: Wrap) -> (i32, String) {
    let out = spawn(test, dir, mode, wrap).wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Whether this process is root (PID namespaces and mounts need it).
fn root() -> bool {
    use std::os::unix::fs::MetadataExt as _;
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    if !root {
        eprintln!("skipped: needs root (CI runs it as root)");
    }
    root
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { stack.push(p) } else { out.push((p.clone(), std::fs::read(&p).unwrap())) }
        }
    }
    out.sort();
    out
}

/// Runs child `test` in `mode` with `dir` read-only: it must fail naming the file it could not
/// write, and leave every file as it was.
fn refused_read_only(test: &str, dir: &Path, mode: &str, names: &str) {
    let before = snapshot(dir);
    let (code, err) = run_child(test, dir, mode, Wrap::ReadOnly);
    assert_eq!(code, 3, "the child did not stop with an error: {err}");
    assert!(err.contains("Read-only file system") && err.contains(names), "{err}");
    assert!(snapshot(dir) == before, "a file changed");
}

/// Kills a slow child of `test` at random moments of its uninterrupted run time until 20 kills
/// have landed mid-run (after it started writing, before it finished; at most 80 tries). After
/// each kill, `check(dir)` resumes in this process, checks the result, and says whether the kill
/// landed mid-run.
fn kill_at_random_moments(test: &str, seed: u64, check: impl Fn(&Path) -> bool) {
    let measured = Scratch::new("measure");
    let started = Instant::now();
    let (code, err) = run_child(test, &measured.0, "slow", Wrap::None);
    assert_eq!(code, 0, "the uninterrupted child failed: {err}");
    let whole = started.elapsed();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let (mut mid_run, mut tries) = (0, 0);
    while mid_run < 20 {
        assert!(tries < 80, "only {mid_run} of {tries} kills landed mid-run (run time {whole:?})");
        tries += 1;
        let scratch = Scratch::new("kill");
        let at = whole.mul_f64(rng.random_range(0.0..1.0));
        let mut child = spawn(test, &scratch.0, "slow", Wrap::None);
        std::thread::sleep(at);
        child.kill().unwrap(); // SIGKILL: no destructor, no flush, no unwinding
        child.wait().unwrap();
        if check(&scratch.0) {
            mid_run += 1;
        }
    }
}

// ---- the study store ------------------------------------------------------------------------

const TRIALS: u64 = 24;
const STEPS: u64 = 4;

fn study(dir: Option<&Path>) -> Study<Train> {
    let study = Study::<Train>::new("faults")
        .budget(TRIALS)
        .seed(8)
        .workers(2)
        .pruner(MedianPruner::new().min_trials(3).warmup_steps(1).last_step(STEPS - 1));
    match dir {
        Some(dir) => study.storage(dir),
        None => study,
    }
}

fn loss(cfg: &Train, step: u64) -> f64 {
    (cfg.learning_rate.ln() + 3.0).abs() * (1.0 - cfg.momentum).sqrt() * f64::from(cfg.layers)
        / (step as f64 + 1.0)
}

fn objective(cfg: &Train, trial: &mut Trial) -> Result<f64, Stop> {
    for step in 0..STEPS {
        pause(4);
        trial.report(step, loss(cfg, step))?;
    }
    Ok(loss(cfg, STEPS - 1))
}

/// Records without their durations (the only part that differs between runs).
fn plain(records: &[TrialRecord]) -> Vec<TrialRecord> {
    records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.duration_secs = 0.0;
            r
        })
        .collect()
}

fn stored_records(dir: &Path) -> Vec<TrialRecord> {
    match study(Some(dir)).results() {
        Ok(results) => results.records().to_vec(),
        Err(_) => Vec::new(), // killed before study.json was written
    }
}

#[test]
#[ignore = "a child of the fault tests"]
fn child_study() {
    let Some((dir, mode)) = child() else { return };
    match mode.as_str() {
        // Worker mode, trials in the order the mode names: `worker-up` or `worker-down`.
        "worker-up" | "worker-down" | "pidns-up" | "pidns-down" => {
            if mode.starts_with("pidns") {
                assert_eq!(std::process::id(), 1, "not alone in a PID namespace");
            }
            let mut order: Vec<u64> = (0..TRIALS).collect();
            if mode.ends_with("down") {
                order.reverse();
            }
            for i in order {
                study(Some(&dir)).run_trial(i, objective).unwrap_or_else(|e| fail(e));
            }
        }
        "grow" => {
            grown(Some(&dir)).run(grow_objective).unwrap_or_else(|e| fail(e));
        }
        _ => {
            study(Some(&dir)).run(objective).unwrap_or_else(|e| fail(e));
        }
    }
}

#[test]
fn study_kill_9_at_20_moments_loses_nothing_committed() {
    let reference = plain(study(None).run(objective).unwrap().records());
    kill_at_random_moments("child_study", 1, |dir| {
        let before = stored_records(dir);
        let mid_run = dir.join("study.json").exists() && (before.len() as u64) < TRIALS;
        let calls = std::sync::atomic::AtomicU64::new(0);
        let resumed = study(Some(dir))
            .run(|c: &Train, t: &mut Trial| {
                calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                objective(c, t)
            })
            .unwrap();
        assert_eq!(plain(resumed.records()), reference, "resumed after a kill with {} stored", before.len());
        // What was committed before the kill was kept as it was, and not run again.
        for r in &before {
            assert_eq!(Some(r), resumed.records().iter().find(|x| x.index == r.index));
        }
        assert_eq!(calls.into_inner(), TRIALS - before.len() as u64);
        mid_run
    });
}

#[test]
fn two_study_workers_writing_one_directory_store_each_trial_once() {
    let scratch = Scratch::new("workers");
    let up = spawn("child_study", &scratch.0, "worker-up", Wrap::None);
    let down = spawn("child_study", &scratch.0, "worker-down", Wrap::None);
    for child in [up, down] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "a worker failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let records = stored_records(&scratch.0);
    let indices: Vec<u64> = records.iter().map(|r| r.index).collect();
    assert_eq!(indices, (0..TRIALS).collect::<Vec<_>>());
    // Each is trial i's own config, with a curve that is its own (the pruner, in worker mode,
    // compares with what was stored at the time: where it stopped may differ from a local run).
    let reference = plain(study(None).workers(1).run(objective).unwrap().records());
    for (r, x) in records.iter().zip(&reference) {
        assert_eq!((&r.config, &r.unit), (&x.config, &x.unit), "trial {}", r.index);
        let n = r.curve.len().min(x.curve.len());
        assert_eq!(r.curve[..n], x.curve[..n], "trial {}", r.index);
    }
    // No temp file left: each writer removed its own and only its own.
    let left: Vec<_> =
        std::fs::read_dir(scratch.0.join("trials")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len() as u64, TRIALS, "{left:?}");
}

/// A study whose records grow with the trial index (a longer curve each time), for the file
/// size limit.
fn grown(dir: Option<&Path>) -> Study<Train> {
    let study = Study::<Train>::new("grown").budget(TRIALS).seed(8).workers(1);
    match dir {
        Some(dir) => study.storage(dir),
        None => study,
    }
}

fn grow_objective(cfg: &Train, trial: &mut Trial) -> Result<f64, Stop> {
    let steps = 4 + 16 * trial.index();
    for step in 0..steps {
        trial.report(step, loss(cfg, step))?;
    }
    Ok(loss(cfg, steps - 1))
}

#[test]
fn study_at_a_file_size_limit_stops_naming_the_file_and_resumes() {
    let scratch = Scratch::new("efbig-study");
    let (code, err) = run_child("child_study", &scratch.0, "grow", Wrap::FileLimitKib(8));
    assert_eq!(code, 3, "the child did not stop with an error: {err}");
    assert!(err.contains("File too large") && err.contains("trials"), "{err}");
    let before = grown(Some(&scratch.0)).results().unwrap().records().to_vec();
    assert!(!before.is_empty() && (before.len() as u64) < TRIALS, "{} records under the limit", before.len());
    let resumed = grown(Some(&scratch.0)).run(grow_objective).unwrap();
    assert_eq!(plain(resumed.records()), plain(grown(None).run(grow_objective).unwrap().records()));
    for r in &before {
        assert_eq!(Some(r), resumed.records().iter().find(|x| x.index == r.index));
    }
}

// ---- a panda session ------------------------------------------------------------------------

const DAYS: u64 = 30;

type Session = Panda<Train, Json<u64>>;

fn panda(dir: Option<&Path>, wait: bool) -> Result<Session, PandaError> {
    let builder = Panda::builder("faults").wait_for_lock(wait);
    let builder = match dir {
        Some(dir) => builder.storage(dir),
        None => builder,
    };
    builder.open(|| Ok::<_, String>((Train { learning_rate: 0.01, momentum: 0.9, layers: 2 }, Json(0))))
}

/// A day: the "model" counts its days; the metric falls with them, and rises when α is far from
/// 0.1, so the policy raises α, rolls back and lowers it.
fn day(model: &mut Json<u64>, cfg: &Train) -> Result<f64, String> {
    pause(3);
    model.0 += 1;
    Ok(1.0 / model.0 as f64 + (cfg.learning_rate.log10() + 1.0).powi(2) + 0.01 * cfg.momentum)
}

fn policy() -> LecturePolicy {
    let p = Train::params();
    LecturePolicy::new(p.learning_rate).momentum(p.momentum)
}

/// The session's days and decisions as JSON, without the seconds each day took.
fn panda_text(session: &Session) -> String {
    let days = untimed_days(session.history());
    serde_json::to_string(&(days, session.history().decisions(), session.model().0)).unwrap()
}

fn panda_reference() -> String {
    let mut session = panda(None, false).unwrap();
    session.run(DAYS, &mut policy(), day, |_| {}).unwrap();
    panda_text(&session)
}

#[test]
#[ignore = "a child of the fault tests"]
fn child_panda() {
    let Some((dir, mode)) = child() else { return };
    let mut session = panda(Some(&dir), false).unwrap_or_else(|e| fail(e));
    if mode == "hold" {
        std::fs::write(dir.join("ready"), b"").unwrap();
        std::thread::sleep(Duration::from_secs(60));
    }
    session.run(DAYS, &mut policy(), day, |_| {}).unwrap_or_else(|e| fail(e));
}

#[test]
fn panda_kill_9_at_20_moments_resumes_to_the_same_session() {
    let reference = panda_reference();
    kill_at_random_moments("child_panda", 2, |dir| {
        let started = dir.join("journal.jsonl").exists();
        let Ok(mut session) = panda(Some(dir), false) else { panic!("no resume in {dir:?}") };
        let before = session.days_trained();
        let mut trained = 0;
        let counted = |m: &mut Json<u64>, c: &Train| {
            trained += 1;
            day(m, c)
        };
        session.run(DAYS, &mut policy(), counted, |_| {}).unwrap();
        assert_eq!(panda_text(&session), reference, "resumed after day {before}");
        assert_eq!(trained, DAYS - before, "journalled days were trained again");
        started && before < DAYS
    });
}

#[test]
fn panda_at_a_file_size_limit_stops_naming_the_journal_and_resumes_whole() {
    let scratch = Scratch::new("efbig-panda");
    let (code, err) = run_child("child_panda", &scratch.0, "", Wrap::FileLimitKib(12));
    assert_eq!(code, 3, "the child did not stop with an error: {err}");
    assert!(err.contains("File too large") && err.contains("journal.jsonl"), "{err}");
    let mut session = panda(Some(&scratch.0), false).unwrap();
    assert!(session.recovered().is_none(), "the failed append left a torn line");
    let before = session.days_trained();
    assert!(before > 0 && before < DAYS, "{before} days under the limit");
    session.run(DAYS, &mut policy(), day, |_| {}).unwrap();
    assert_eq!(panda_text(&session), panda_reference());
}

/// Starts a child holding `test`'s directory and waits until it has it.
fn holder(test: &str, dir: &Path) -> std::process::Child {
    let child = spawn(test, dir, "hold", Wrap::None);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !dir.join("ready").exists() {
        assert!(Instant::now() < deadline, "the holder never got the directory");
        std::thread::sleep(Duration::from_millis(5));
    }
    child
}

#[test]
fn a_second_panda_process_is_refused_or_waits_and_history_is_never_mixed() {
    let scratch = Scratch::new("two-pandas");
    let mut first = holder("child_panda", &scratch.0);
    let e = panda(Some(&scratch.0), false).unwrap_err();
    let pid = format!("pid {}", first.id());
    assert!(matches!(&e, PandaError::Locked { holder, .. } if holder.contains(&pid)), "{e}");
    assert!(e.to_string().contains(scratch.0.to_str().unwrap()), "{e}");
    std::thread::scope(|s| {
        let waiter = s.spawn(|| panda(Some(&scratch.0), true));
        std::thread::sleep(Duration::from_millis(200));
        assert!(!waiter.is_finished(), "the second opener did not wait");
        first.kill().unwrap(); // the kernel releases a killed holder's lock
        first.wait().unwrap();
        let mut session = waiter.join().unwrap().unwrap();
        session.run(DAYS, &mut policy(), day, |_| {}).unwrap();
        assert_eq!(panda_text(&session), panda_reference());
    });
}

// ---- a PBT run ------------------------------------------------------------------------------

const PBT_DAYS: u64 = 16;

fn pbt(dir: Option<&Path>, wait: bool) -> Pbt {
    let p = Train::params();
    let pbt =
        Pbt::new(4).interval(2).seed(6).explore([p.learning_rate, p.momentum]).threads(2).wait_for_lock(wait);
    match dir {
        Some(dir) => pbt.storage(dir),
        None => pbt,
    }
}

fn run_pbt(pbt: &Pbt, hold: Option<&Path>) -> Result<PbtHistory, PandaError> {
    run_pbt_held(pbt, PBT_DAYS, hold, &AtomicU64::new(0))
}

fn run_pbt_days(pbt: &Pbt, days: u64) -> Result<PbtHistory, PandaError> {
    run_pbt_held(pbt, days, None, &AtomicU64::new(0))
}

/// Runs `pbt` for `days` days, counting the member days trained in `trained`; with `hold`, the
/// first day writes `ready` there and then sleeps (holding the directory).
fn run_pbt_held(
    pbt: &Pbt,
    days: u64,
    hold: Option<&Path>,
    trained: &AtomicU64,
) -> Result<PbtHistory, PandaError> {
    pbt.run(
        days,
        |m| {
            Ok::<_, String>((
                Train { learning_rate: 0.002 * 3f64.powi(m as i32), momentum: 0.9, layers: 1 },
                Json(0.0),
            ))
        },
        |w: &mut Json<f64>, cfg: &Train, d| {
            if let Some(dir) = hold {
                std::fs::write(dir.join("ready"), b"").unwrap();
                std::thread::sleep(Duration::from_secs(60));
            }
            pause(3);
            trained.fetch_add(1, Ordering::Relaxed);
            w.0 += cfg.learning_rate * (1.0 - w.0) + 0.001 * d.member as f64;
            Ok::<_, String>((1.0 - w.0).abs() + 0.1 * cfg.momentum)
        },
        |w, seed| w.0 += (seed % 7) as f64 * 1e-6,
    )
}

fn pbt_text(h: &PbtHistory) -> String {
    serde_json::to_string(h).unwrap()
}

#[test]
#[ignore = "a child of the fault tests"]
fn child_pbt() {
    let Some((dir, mode)) = child() else { return };
    let hold = (mode == "hold").then_some(dir.as_path());
    run_pbt(&pbt(Some(&dir), false), hold).unwrap_or_else(|e| fail(e));
}

/// Whole rounds journalled in `dir` (lines after the start).
fn rounds(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("pbt.jsonl")).map_or(0, |t| t.lines().count().saturating_sub(1))
}

#[test]
fn pbt_kill_9_at_20_moments_resumes_to_the_same_history() {
    let reference = pbt_text(&run_pbt(&pbt(None, false), None).unwrap());
    kill_at_random_moments("child_pbt", 3, |dir| {
        let (started, before) = (dir.join("pbt.jsonl").exists(), rounds(dir));
        let trained = AtomicU64::new(0);
        let resumed = run_pbt_held(&pbt(Some(dir), false), PBT_DAYS, None, &trained).unwrap();
        assert_eq!(pbt_text(&resumed), reference, "resumed after {before} rounds");
        // Only the rounds not journalled were trained again (4 members, 2 days a round).
        assert_eq!(trained.into_inner(), (PBT_DAYS - 2 * before as u64) * 4, "after {before} rounds");
        started && (before as u64) < PBT_DAYS / 2
    });
}

#[test]
fn pbt_at_a_file_size_limit_stops_naming_the_journal_and_resumes_whole() {
    let scratch = Scratch::new("efbig-pbt");
    let (code, err) = run_child("child_pbt", &scratch.0, "", Wrap::FileLimitKib(16));
    assert_eq!(code, 3, "the child did not stop with an error: {err}");
    assert!(err.contains("File too large") && err.contains("pbt.jsonl"), "{err}");
    let before = rounds(&scratch.0);
    assert!(before > 0 && (before as u64) < PBT_DAYS / 2, "{before} rounds under the limit");
    let resumed = run_pbt(&pbt(Some(&scratch.0), false), None).unwrap();
    assert_eq!(pbt_text(&resumed), pbt_text(&run_pbt(&pbt(None, false), None).unwrap()));
    assert!(!scratch.0.join("pbt.torn").exists(), "the failed append left a torn line");
}

#[test]
fn a_second_pbt_process_is_refused_or_waits() {
    let scratch = Scratch::new("two-pbts");
    let mut first = holder("child_pbt", &scratch.0);
    let e = run_pbt(&pbt(Some(&scratch.0), false), None).unwrap_err();
    assert!(
        matches!(&e, PandaError::Locked { holder, .. } if holder.contains(&format!("pid {}", first.id()))),
        "{e}"
    );
    std::thread::scope(|s| {
        let waiter = s.spawn(|| run_pbt(&pbt(Some(&scratch.0), true), None));
        std::thread::sleep(Duration::from_millis(200));
        assert!(!waiter.is_finished(), "the second run did not wait");
        first.kill().unwrap();
        first.wait().unwrap();
        let resumed = waiter.join().unwrap().unwrap();
        assert_eq!(pbt_text(&resumed), pbt_text(&run_pbt(&pbt(None, false), None).unwrap()));
    });
}

// ---- as root: PID namespaces and read-only directories --------------------------------------

#[test]
fn two_study_workers_with_the_same_pid_in_two_namespaces_store_each_trial_once() {
    if !root() {
        return;
    }
    let scratch = Scratch::new("pidns");
    let up = spawn("child_study", &scratch.0, "pidns-up", Wrap::PidNamespace);
    let down = spawn("child_study", &scratch.0, "pidns-down", Wrap::PidNamespace);
    for child in [up, down] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "a worker failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let reference = plain(study(None).workers(1).run(objective).unwrap().records());
    let stored = plain(&stored_records(&scratch.0));
    // The pruner compares with what was stored when each trial ran: compare unpruned trials.
    assert_eq!(stored.iter().map(|r| r.index).collect::<Vec<_>>(), (0..TRIALS).collect::<Vec<_>>());
    for (s, r) in stored.iter().zip(&reference) {
        assert_eq!((&s.config, &s.unit), (&r.config, &r.unit), "trial {}", s.index);
    }
    let left = std::fs::read_dir(scratch.0.join("trials")).unwrap().count() as u64;
    assert_eq!(left, TRIALS, "temp files left behind");
}

#[test]
fn a_read_only_directory_gets_a_clear_error_and_keeps_every_file() {
    if !root() {
        return;
    }
    // A study with half its trials stored: the child must write the others.
    let scratch = Scratch::new("ro-study");
    for i in 0..TRIALS / 2 {
        study(Some(&scratch.0)).run_trial(i, objective).unwrap();
    }
    refused_read_only("child_study", &scratch.0, "", "trials");
    let resumed = study(Some(&scratch.0)).run(objective).unwrap();
    assert_eq!(resumed.records().len() as u64, TRIALS);

    // A panda session of 5 days: the child cannot even take the lock.
    let scratch = Scratch::new("ro-panda");
    let mut session = panda(Some(&scratch.0), false).unwrap();
    session.run(5, &mut policy(), day, |_| {}).unwrap();
    drop(session);
    refused_read_only("child_panda", &scratch.0, "", "lock");
    let mut session = panda(Some(&scratch.0), false).unwrap();
    session.run(DAYS, &mut policy(), day, |_| {}).unwrap();
    assert_eq!(panda_text(&session), panda_reference());

    // A PBT run of 4 days.
    let scratch = Scratch::new("ro-pbt");
    let p = Train::params();
    let short =
        Pbt::new(4).interval(2).seed(6).explore([p.learning_rate, p.momentum]).threads(2).storage(&scratch.0);
    run_pbt_days(&short, 4).unwrap();
    refused_read_only("child_pbt", &scratch.0, "", "lock");
    let resumed = run_pbt(&pbt(Some(&scratch.0), false), None).unwrap();
    assert_eq!(pbt_text(&resumed), pbt_text(&run_pbt(&pbt(None, false), None).unwrap()));
}

/// A small tmpfs mounted on a scratch directory (as root), unmounted on drop: a disk that fills.
struct SmallDisk(Scratch);

impl SmallDisk {
    fn new(name: &str, kib: u64) -> Self {
        let scratch = Scratch::new(name);
        std::fs::create_dir_all(&scratch.0).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(&scratch.0)
            .status()
            .unwrap();
        assert!(mounted.success(), "mount tmpfs");
        SmallDisk(scratch)
    }

    /// Room again: the disk grows to 8 MiB, keeping its files.
    fn grow(&self) {
        let status = Command::new("mount").args(["-o", "remount,size=8m"]).arg(&self.0.0).status().unwrap();
        assert!(status.success(), "remount tmpfs");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0.0).status();
    }
}

#[test]
fn a_full_disk_stops_naming_the_file_and_resumes_whole_once_there_is_room() {
    if !root() {
        return;
    }
    let full = |err: &str| err.contains("No space left on device");
    // A study: each record takes a page of the 64 KiB.
    let disk = SmallDisk::new("full-study", 64);
    let (code, err) = run_child("child_study", &disk.0.0, "", Wrap::None);
    assert!(code == 3 && full(&err) && err.contains("trials/"), "{code}: {err}");
    let before = stored_records(&disk.0.0);
    assert!(
        !before.is_empty() && (before.len() as u64) < TRIALS,
        "{} records on the full disk",
        before.len()
    );
    disk.grow();
    let resumed = study(Some(&disk.0.0)).run(objective).unwrap();
    assert_eq!(plain(resumed.records()), plain(study(None).run(objective).unwrap().records()));
    for r in &before {
        assert_eq!(Some(r), resumed.records().iter().find(|x| x.index == r.index));
    }

    // A panda session: a checkpoint per day.
    let disk = SmallDisk::new("full-panda", 64);
    let (code, err) = run_child("child_panda", &disk.0.0, "", Wrap::None);
    assert!(code == 3 && full(&err), "{code}: {err}");
    disk.grow();
    let mut session = panda(Some(&disk.0.0), false).unwrap();
    let before = session.days_trained();
    assert!(before > 0 && before < DAYS, "{before} days on the full disk");
    assert!(session.recovered().is_none(), "a torn line on the full disk");
    session.run(DAYS, &mut policy(), day, |_| {}).unwrap();
    assert_eq!(panda_text(&session), panda_reference());

    // A PBT run: four checkpoints a round.
    let disk = SmallDisk::new("full-pbt", 64);
    let (code, err) = run_child("child_pbt", &disk.0.0, "", Wrap::None);
    assert!(code == 3 && full(&err), "{code}: {err}");
    let before = rounds(&disk.0.0);
    assert!(before > 0 && (before as u64) < PBT_DAYS / 2, "{before} rounds on the full disk");
    disk.grow();
    let resumed = run_pbt(&pbt(Some(&disk.0.0), false), None).unwrap();
    assert_eq!(pbt_text(&resumed), pbt_text(&run_pbt(&pbt(None, false), None).unwrap()));
}
