//! Resuming: finished trials are loaded and skipped, never duplicated; a damaged record is an
//! error naming the file; a stored study of another space, seed, strategy, direction or pruner is
//! refused. A finished study loads with its config type alone (`Results::load`).

use std::fs;
use std::sync::atomic::{AtomicU64, Ordering};

use hp_core::Direction;

use crate::study_support::{Config, TempDir, WiderConfig, outcomes};
use hp_core::strategy::Sobol;
use hp_study::{MedianPruner, Stop, Study, StudyError, Trial};

fn objective(config: &Config, trial: &mut Trial) -> Result<f64, Stop> {
    trial.report(0, 2.0 * crate::study_support::loss(config))?;
    Ok(crate::study_support::loss(config))
}

#[test]
fn resume_runs_only_what_is_missing() {
    let dir = TempDir::new("resume");
    let calls = AtomicU64::new(0);
    let counted = |c: &Config, t: &mut Trial| {
        calls.fetch_add(1, Ordering::Relaxed);
        objective(c, t)
    };
    let study = |budget| Study::<Config>::new("resume").budget(budget).seed(3).workers(3).storage(dir.path());

    let first = study(10).run(counted).unwrap();
    assert_eq!((calls.load(Ordering::Relaxed), first.records().len()), (10, 10));
    let bytes_before: Vec<Vec<u8>> = dir.record_files().iter().map(|p| fs::read(p).unwrap()).collect();

    // Same budget: nothing runs, the same records come back.
    let again = study(10).run(counted).unwrap();
    assert_eq!(calls.load(Ordering::Relaxed), 10);
    assert_eq!(again.records(), first.records());

    // A larger budget runs only the new indices, and leaves the old files alone.
    let more = study(25).run(counted).unwrap();
    assert_eq!(calls.load(Ordering::Relaxed), 25);
    let indices: Vec<u64> = more.records().iter().map(|r| r.index).collect();
    assert_eq!(indices, (0..25).collect::<Vec<_>>(), "every index exactly once");
    let bytes_after: Vec<Vec<u8>> = dir.record_files()[..10].iter().map(|p| fs::read(p).unwrap()).collect();
    assert_eq!(bytes_before, bytes_after);

    // A lost record (deleted by hand) is run again, the same as before.
    fs::remove_file(&dir.record_files()[4]).unwrap();
    let refilled = study(25).run(counted).unwrap();
    assert_eq!(calls.load(Ordering::Relaxed), 26);
    assert_eq!(outcomes(refilled.records()), outcomes(more.records()));

    // The merged view from disk is the same too.
    assert_eq!(study(25).results().unwrap().records(), refilled.records());
    // A smaller budget keeps (and returns) what is stored beyond it.
    assert_eq!(study(5).run(counted).unwrap().records().len(), 25);
    assert_eq!(calls.load(Ordering::Relaxed), 26);
}

fn stored_study(tag: &str) -> TempDir {
    let dir = TempDir::new(tag);
    Study::<Config>::new("stored").budget(6).seed(1).storage(dir.path()).run(objective).unwrap();
    dir
}

fn corrupt_reason(dir: &TempDir) -> (std::path::PathBuf, String) {
    let study = Study::<Config>::new("stored").budget(6).seed(1).storage(dir.path());
    let run = study.run(|_: &Config, _: &mut Trial| -> Result<f64, Stop> { panic!("must not run") });
    let loaded = study.results();
    match (run, loaded) {
        (Err(StudyError::Corrupt { path, reason }), Err(StudyError::Corrupt { path: p2, .. })) => {
            assert_eq!(path, p2);
            (path, reason)
        }
        other => panic!("expected Corrupt from run and results, got {other:?}"),
    }
}

#[test]
fn a_truncated_record_is_reported_by_name() {
    let dir = stored_study("truncated");
    let victim = dir.record_files()[2].clone();
    let bytes = fs::read(&victim).unwrap();
    fs::write(&victim, &bytes[..bytes.len() / 2]).unwrap();
    let (path, reason) = corrupt_reason(&dir);
    assert_eq!(path, victim);
    assert!(reason.contains("truncated"), "{reason}");
    let message = StudyError::Corrupt { path, reason }.to_string();
    assert!(message.contains("00000002.json is corrupt"), "{message}");
}

#[test]
fn a_flipped_byte_is_reported_by_name() {
    let dir = stored_study("flipped");
    let victim = dir.record_files()[4].clone();
    let mut bytes = fs::read(&victim).unwrap();
    // A digit of the config's learning rate: still valid JSON, but not what was written.
    let at = bytes.windows(6).position(|w| w == b"\"lr\":0").unwrap() + 8;
    bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
    fs::write(&victim, &bytes).unwrap();
    let (path, reason) = corrupt_reason(&dir);
    assert_eq!(path, victim);
    assert!(reason.starts_with("checksum mismatch"), "{reason}");
}

#[test]
fn an_empty_or_foreign_record_is_reported() {
    let dir = stored_study("empty");
    fs::write(&dir.record_files()[0], b"").unwrap();
    assert!(corrupt_reason(&dir).1.contains("empty"));
    fs::write(&dir.record_files()[0], b"{\"index\": 0}\n").unwrap();
    assert!(corrupt_reason(&dir).1.contains("does not start with `{\"record\":`"));
    // A record moved to another index's name.
    fs::copy(&dir.record_files()[1], &dir.record_files()[0]).unwrap();
    assert!(corrupt_reason(&dir).1.contains("holds trial 1, but its name says trial 0"));
}

fn mismatch<T>(result: Result<T, StudyError>) -> StudyError {
    match result {
        Err(e @ StudyError::Mismatch { .. }) => e,
        Err(other) => panic!("expected Mismatch, got {other}"),
        Ok(_) => panic!("expected Mismatch, got Ok"),
    }
}

#[test]
fn another_space_seed_strategy_or_direction_is_refused() {
    let dir = stored_study("refused");
    let never = |_: &WiderConfig, _: &mut Trial| -> Result<f64, Stop> { panic!("must not run") };
    let e = mismatch(Study::<WiderConfig>::new("stored").budget(6).seed(1).storage(dir.path()).run(never));
    let StudyError::Mismatch { what, ref stored, ref current, .. } = e else { unreachable!() };
    assert_eq!(what, "space fingerprint");
    assert_eq!(stored, &format!("{:016x}", <Config as hp_core::Hyperparams>::space().fingerprint()));
    assert_eq!(current, &format!("{:016x}", <WiderConfig as hp_core::Hyperparams>::space().fingerprint()));
    let message = e.to_string();
    assert!(message.contains("study.json") && message.contains("the config type changed"), "{message}");

    let base = || Study::<Config>::new("stored").budget(6).seed(1).storage(dir.path());
    let never = |_: &Config, _: &mut Trial| -> Result<f64, Stop> { panic!("must not run") };
    let e = mismatch(Study::<Config>::new("stored").budget(6).seed(2).storage(dir.path()).run(never));
    assert!(e.to_string().contains("has seed 1, but this study has 2"), "{e}");
    let e = mismatch(base().strategy(Sobol::for_config::<Config>(1).unwrap()).run(never));
    assert!(matches!(e, StudyError::Mismatch { what: "strategy", .. }), "{e}");
    assert!(e.to_string().contains("Random {"), "{e}");
    let e = mismatch(base().direction(Direction::Maximize).run(never));
    assert!(e.to_string().contains("has direction minimize, but this study has maximize"), "{e}");
    let e = mismatch(Study::<Config>::new("other").budget(6).seed(1).storage(dir.path()).results());
    assert!(matches!(e, StudyError::Mismatch { what: "name", .. }), "{e}");
    let e = mismatch(base().pruner(MedianPruner::new().warmup_steps(2)).run(never));
    let message = e.to_string();
    assert!(
        message.contains("has pruner none, but this study has MedianPruner { warmup_steps: 2"),
        "{message}"
    );
    // Nothing was written by the refused studies.
    assert_eq!(dir.record_files().len(), 6);
    assert!(base().run(never).is_ok());
}

#[test]
fn a_study_that_cannot_run_says_why() {
    let never = |_: &Config, _: &mut Trial| -> Result<f64, Stop> { panic!("must not run") };
    let e = Study::<Config>::new("endless").run(never).unwrap_err();
    assert!(matches!(e, StudyError::NoBudget), "{e}");
    let e = Study::<Config>::new("dims").strategy(Sobol::for_config::<bool>(1).unwrap()).budget(2).run(never);
    assert_eq!(
        e.unwrap_err().to_string(),
        "the strategy yields points with 1 coordinates, but the config has DIM = 3; \
         build the strategy with for_config::<YourConfig>()"
    );
    assert!(matches!(Study::<Config>::new("mem").budget(2).results(), Err(StudyError::NoStorage)));
    let missing = TempDir::new("missing");
    let e = Study::<Config>::new("m").budget(2).storage(missing.path().join("nope")).results().unwrap_err();
    assert!(e.to_string().contains("study.json"), "{e}");
}

#[test]
fn a_finished_study_loads_with_its_config_type_alone() {
    let dir = TempDir::new("load");
    let study = Study::<Config>::new("load")
        .strategy(Sobol::for_config::<Config>(5).unwrap())
        .budget(12)
        .seed(5)
        .direction(Direction::Maximize)
        .storage(dir.path());
    let ran = study.run(objective).unwrap();
    // No name, sampler, budget or objective: the records and the stored direction.
    let loaded = hp_study::Results::<Config>::load(dir.path()).unwrap();
    assert_eq!(loaded.records(), ran.records());
    assert_eq!(loaded.direction(), Direction::Maximize);
    assert_eq!(loaded.best().unwrap().index, ran.best().unwrap().index);
    // Another config type is another study; a missing or damaged study.json is an error naming it.
    let e = hp_study::Results::<WiderConfig>::load(dir.path()).unwrap_err();
    assert!(matches!(e, StudyError::Mismatch { what: "space fingerprint", .. }), "{e}");
    let missing = dir.path().join("nothing here");
    let e = hp_study::Results::<Config>::load(&missing).unwrap_err();
    assert!(matches!(&e, StudyError::Io { path, .. } if path.ends_with("nothing here/study.json")), "{e}");
    let meta = dir.path().join("study.json");
    let text = fs::read_to_string(&meta).unwrap();
    fs::write(&meta, text.replace("\"maximize\"", "\"upward\"")).unwrap();
    let e = hp_study::Results::<Config>::load(dir.path()).unwrap_err();
    let expected =
        format!("{} is corrupt: direction \"upward\" is neither minimize nor maximize;", meta.display());
    assert!(e.to_string().starts_with(&expected), "{e}");
    fs::write(&meta, &text[..text.len() / 2]).unwrap();
    assert!(matches!(hp_study::Results::<Config>::load(dir.path()), Err(StudyError::Corrupt { .. })));
    // A damaged record is refused as a resumed study refuses it.
    fs::write(&meta, &text).unwrap();
    let first = dir.record_files()[0].clone();
    fs::write(&first, b"{not json").unwrap();
    let e = hp_study::Results::<Config>::load(dir.path()).unwrap_err();
    assert!(matches!(&e, StudyError::Corrupt { path, .. } if *path == first), "{e}");
}
