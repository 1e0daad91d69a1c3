//! Re-checking stale hyperparameters: the stored top k run again; the report gives old and new
//! values and ranks, says whether the ranking changed, and is saved in the study directory.

use crate::study_support::{Config, TempDir};
use hp_study::{Recheck, Status, Stop, Study, StudyError, Trial};

fn study(dir: &TempDir) -> Study<Config> {
    Study::<Config>::new("stale").budget(12).seed(8).workers(2).storage(dir.path())
}

fn today(config: &Config, _: &mut Trial) -> Result<f64, Stop> {
    Ok(crate::study_support::loss(config))
}

#[test]
fn a_changed_objective_changes_the_ranking() {
    let dir = TempDir::new("recheck");
    let results = study(&dir).run(today).unwrap();
    let top: Vec<u64> = results.top(4).iter().map(|r| r.index).collect();

    // Months later the data changed: what was best is now worst among the four.
    let months_later = |config: &Config, _: &mut Trial| -> Result<f64, Stop> {
        Ok(10.0 - crate::study_support::loss(config))
    };
    let report = study(&dir).recheck(4, months_later).unwrap();
    assert!(report.ranking_changed);
    assert_eq!(report.entries.iter().map(|e| e.index).collect::<Vec<_>>(), top, "in the old order");
    for (k, e) in report.entries.iter().enumerate() {
        let old = results.records()[e.index as usize].value.unwrap();
        assert_eq!((e.old_rank, e.old_value), (k + 1, old));
        assert_eq!(e.new_value, Some(10.0 - old));
        assert_eq!(e.new_rank, Some(4 - k), "the order is reversed");
        assert_eq!(e.new_status, Status::Complete);
    }
    let table = report.to_string();
    assert!(table.contains("the ranking changed"), "{table}");

    // Saved in the study directory, and the stored trials are untouched.
    let saved: Vec<_> =
        std::fs::read_dir(dir.path().join("rechecks")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(saved.len(), 1);
    let back: Recheck = serde_json::from_slice(&std::fs::read(&saved[0]).unwrap()).unwrap();
    assert_eq!(back, report);
    assert_eq!(study(&dir).results().unwrap().records(), results.records());
}

#[test]
fn the_same_objective_keeps_the_ranking_and_failures_lose_their_rank() {
    let dir = TempDir::new("recheck-same");
    study(&dir).run(today).unwrap();
    let report = study(&dir).recheck(3, today).unwrap();
    assert!(!report.ranking_changed, "{report}");
    assert!(report.entries.iter().all(|e| e.new_value == Some(e.old_value)));

    let best = report.entries[0].index;
    let flaky = |config: &Config, trial: &mut Trial| -> Result<f64, String> {
        if trial.index() == best {
            return Err("out of memory".into());
        }
        Ok(crate::study_support::loss(config))
    };
    let report = study(&dir).recheck(3, flaky).unwrap();
    assert!(report.ranking_changed);
    assert_eq!(report.entries[0].new_rank, None);
    assert_eq!(report.entries[0].new_status, Status::Failed { message: "out of memory".into() });
    assert_eq!((report.entries[1].new_rank, report.entries[2].new_rank), (Some(1), Some(2)));
    assert!(report.to_string().contains("failed"));
    // A recheck of more than there is re-checks what there is.
    assert_eq!(study(&dir).recheck(100, today).unwrap().entries.len(), 12);
}

#[test]
fn a_recheck_needs_a_stored_study() {
    let dir = TempDir::new("recheck-none");
    let e = study(&dir).recheck(3, today).unwrap_err();
    assert!(matches!(e, StudyError::Io { .. }) && e.to_string().contains("study.json"), "{e}");
    let e = Study::<Config>::new("memory").budget(3).recheck(3, today).unwrap_err();
    assert!(matches!(e, StudyError::NoStorage));
}

/// Rewrites a stored record with a config outside the space, checksum and all (as a person
/// editing a record by hand, or an older version of the config type, would leave it).
fn store_out_of_space_config(path: &std::path::Path) -> u64 {
    let text = std::fs::read_to_string(path).unwrap();
    let json = text.strip_prefix("{\"record\":").unwrap().split(",\"checksum\":").next().unwrap();
    let mut record: hp_study::TrialRecord = serde_json::from_str(json).unwrap();
    record.config["lr"] = serde_json::json!(5.0);
    let json = serde_json::to_string(&record).unwrap();
    let fnv =
        json.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    std::fs::write(path, format!("{{\"record\":{json},\"checksum\":\"fnv1a64:{fnv:016x}\"}}\n")).unwrap();
    record.index
}

#[test]
fn a_stored_config_outside_the_space_is_refused_before_anything_runs() {
    let dir = TempDir::new("recheck-invalid");
    let results = study(&dir).run(today).unwrap();
    let best = results.best().unwrap().index;
    let index = store_out_of_space_config(&dir.record_files()[best as usize]);
    let never = |_: &Config, _: &mut Trial| -> Result<f64, Stop> { panic!("must not run") };
    let e = study(&dir).recheck(3, never).unwrap_err();
    // Refused as the study is loaded, naming the record's file.
    let file = format!("{index:08}.json");
    assert!(matches!(&e, StudyError::Corrupt { path, .. } if path.ends_with(&file)), "{e}");
    assert!(e.to_string().contains("`lr` = 5.0 is outside its space: log [0.0001, 1.0]"), "{e}");
}
