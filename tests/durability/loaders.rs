//! Loaders never panic, never hang, and never accept a damaged or out-of-range value: every file
//! hp reads back (a study's `study.json` and trial records, ask/tell's asked trials and queue, a
//! panda journal, a PBT journal, their checkpoints) is cut at every byte, has a bit flipped at every byte, is replaced by random
//! bytes, and is rewritten with hostile values under a valid checksum (numbers out of range, NaN,
//! deep nesting, wrong types, paths leaving the directory). Each time the loader either returns
//! exactly what was stored (or, for a journal cut short, a prefix of it: a crash's torn line) or
//! an error naming the file. Random choices come from fixed seeds.

use std::fs;
use std::path::{Path, PathBuf};

use crate::store_support::{Scratch, Train, untimed_days};

use hp::Hyperparams;
use hp::panda::{DayRecord, Json, LecturePolicy, Panda, PandaError, Pbt, PbtHistory};
use hp::study::{Stop, Study, StudyError, Trial, TrialRecord};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

/// `{"<key>":<json>,"checksum":"fnv1a64:<hex>"}`, as hp frames records and journal lines: written
/// here from the format's description, so that hostile values reach the checks behind the
/// checksum.
fn framed(key: &str, json: &str) -> String {
    format!("{{\"{key}\":{json},\"checksum\":\"fnv1a64:{:016x}\"}}", hp::fnv1a64(json.as_bytes()))
}

/// The JSON inside one framed line.
fn unframed(line: &str) -> Value {
    let start = line.find(':').unwrap() + 1;
    let end = line.rfind(",\"checksum\":").unwrap();
    serde_json::from_str(&line[start..end]).unwrap()
}

/// Every way of damaging `bytes` by accident: cut at every byte, a random bit flipped at every
/// byte, and 40 random replacements.
fn accidents(bytes: &[u8], seed: u64) -> Vec<(String, Vec<u8>)> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut out = Vec::new();
    for cut in 0..bytes.len() {
        out.push((format!("cut at byte {cut}"), bytes[..cut].to_vec()));
    }
    for at in 0..bytes.len() {
        let mut b = bytes.to_vec();
        let bit = rng.random_range(0..8);
        b[at] ^= 1 << bit;
        out.push((format!("bit {bit} of byte {at} flipped"), b));
    }
    for k in 0..40 {
        let len = rng.random_range(0..2 * bytes.len().max(1));
        let b: Vec<u8> = (0..len).map(|_| rng.random::<u8>()).collect();
        out.push((format!("random bytes #{k}"), b));
    }
    out
}

/// Hostile JSON text for any value: out of every range, NaN, wrong types, deep nesting.
fn hostile_values() -> Vec<&'static str> {
    vec![
        "1e400",
        "-1e400",
        "18446744073709551616",
        "-1",
        "\"NaN\"",
        "\"inf\"",
        "null",
        "true",
        "\"\"",
        "{}",
        "[]",
        "\"../../etc/passwd\"",
        "\"/etc/passwd\"",
        "1.5",
        "5.0",
        "-0.0",
    ]
}

/// JSON nested `depth` arrays deep.
fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// Every way of rewriting `value` with one hostile leaf (each object field and array element in
/// turn, to every hostile value, plus deep nesting), as JSON text.
fn hostile_rewrites(value: &Value) -> Vec<(String, String)> {
    fn leaves(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        match v {
            Value::Object(m) => m.iter().for_each(|(k, c)| {
                path.push(k.clone());
                leaves(c, path, out);
                path.pop();
            }),
            Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| {
                path.push(i.to_string());
                leaves(c, path, out);
                path.pop();
            }),
            _ => {}
        }
    }
    let mut paths = Vec::new();
    leaves(value, &mut Vec::new(), &mut paths);
    let mut out = Vec::new();
    let deep = nested(200);
    for path in paths.iter().filter(|p| !p.is_empty()) {
        for text in hostile_values().into_iter().chain([deep.as_str()]) {
            // Put a marker at the leaf, then swap the marker's text for the hostile text (which
            // may not be a valid serde_json::Value, as 1e400 is not).
            let mut v = value.clone();
            let mut at = &mut v;
            for key in path {
                at = match at {
                    Value::Object(m) => m.get_mut(key).unwrap(),
                    Value::Array(a) => &mut a[key.parse::<usize>().unwrap()],
                    _ => unreachable!(),
                };
            }
            let current = at.to_string();
            if current == text {
                continue;
            }
            *at = json!("\u{1}marker\u{1}");
            let json = v.to_string().replace("\"\\u0001marker\\u0001\"", text);
            out.push((format!("{} = {}", path.join("."), &text[..text.len().min(20)]), json));
        }
    }
    out
}

/// That `outcome` is an error naming `file`, or the stored value itself.
fn refused_or_same<T: PartialEq + std::fmt::Debug, E: std::fmt::Display>(
    case: &str,
    file: &str,
    outcome: Result<T, E>,
    stored: &T,
) {
    match outcome {
        Ok(loaded) => assert_eq!(&loaded, stored, "{case}: accepted, and changed"),
        Err(e) => assert!(e.to_string().contains(file), "{case}: the error does not name {file}: {e}"),
    }
}

/// That a stored config and its point are a `Train` inside its space: checked here field by
/// field, independently of the loaders' own checks.
fn config_in_range(config: &Value, unit: &[f64]) -> bool {
    let Ok(train) = serde_json::from_value::<Train>(config.clone()) else { return false };
    (1e-3..=1.0).contains(&train.learning_rate)
        && (0.9..=0.999).contains(&train.momentum)
        && (1..=4).contains(&train.layers)
        && unit.len() == 3
        && unit.iter().all(|u| (0.0..=1.0).contains(u))
        && train.to_unit() == unit
}

/// What a loader may accept from a deliberate edit behind a valid checksum: anything in range.
fn records_in_range(records: &[TrialRecord]) -> bool {
    records.iter().all(|r| {
        config_in_range(&r.config, &r.unit)
            && r.value.is_none_or(f64::is_finite)
            && r.curve.iter().all(|p| p.value.is_finite())
            && r.duration_secs.is_finite()
            && r.duration_secs >= 0.0
            && r.metrics.iter().all(|(name, value)| !name.is_empty() && value.is_finite())
    })
}

// ---- the study store ------------------------------------------------------------------------

fn study(dir: &Path) -> Study<Train> {
    Study::<Train>::new("loaders").budget(4).seed(5).workers(1).storage(dir)
}

fn load_study(dir: &Path) -> Result<Vec<TrialRecord>, StudyError> {
    Ok(study(dir).results()?.records().to_vec())
}

fn make_study(dir: &Path) -> Vec<TrialRecord> {
    study(dir)
        .run(|cfg: &Train, trial: &mut Trial| -> Result<f64, String> {
            // A metric, so that its leaves are damaged too.
            trial.metric("layers", cfg.layers as f64).map_err(|s: Stop| s.to_string())?;
            for step in 0..3 {
                trial
                    .report(step, cfg.learning_rate / (step as f64 + 1.0))
                    .map_err(|s: Stop| s.to_string())?;
            }
            if trial.index() == 2 {
                return Err("out of memory".into());
            }
            Ok(cfg.learning_rate)
        })
        .unwrap()
        .records()
        .to_vec()
}

#[test]
fn study_files_damaged_in_any_way_are_refused_by_name() {
    let scratch = Scratch::in_ram("study");
    let dir = &scratch.0;
    let stored = make_study(dir);
    let mut records: Vec<PathBuf> =
        fs::read_dir(dir.join("trials")).unwrap().map(|e| e.unwrap().path()).collect();
    records.sort();
    let mut cases = 0;
    for (k, path) in [dir.join("study.json")].into_iter().chain(records.iter().cloned()).enumerate() {
        let original = fs::read(&path).unwrap();
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        for (case, bytes) in accidents(&original, k as u64) {
            fs::write(&path, &bytes).unwrap();
            refused_or_same(&format!("{file}, {case}"), &file, load_study(dir), &stored);
            cases += 1;
        }
        fs::write(&path, &original).unwrap();
    }
    // Hostile values behind a valid checksum, in every field of every record.
    for path in &records {
        let original = fs::read(path).unwrap();
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        let record = unframed(std::str::from_utf8(&original).unwrap());
        for (case, json) in hostile_rewrites(&record) {
            fs::write(path, format!("{}\n", framed("record", &json))).unwrap();
            match load_study(dir) {
                Ok(records) => assert!(records_in_range(&records), "{file}, {case}: out of range, accepted"),
                Err(e) => {
                    assert!(e.to_string().contains(&file), "{file}, {case}: the error does not name it: {e}")
                }
            }
            cases += 1;
        }
        fs::write(path, &original).unwrap();
    }
    // Hostile values in study.json (not framed: any change must be refused or harmless).
    let path = dir.join("study.json");
    let original = fs::read(&path).unwrap();
    let meta: Value = serde_json::from_slice(&original).unwrap();
    for (case, json) in hostile_rewrites(&meta) {
        fs::write(&path, json).unwrap();
        refused_or_same(&format!("study.json, {case}"), "study.json", load_study(dir), &stored);
        cases += 1;
    }
    fs::write(&path, &original).unwrap();
    assert_eq!(load_study(dir).unwrap(), stored);
    assert!(cases > 5_000, "{cases} cases");
}

/// Days as JSON, where a NaN metric equals itself.
fn text(days: &[DayRecord]) -> String {
    serde_json::to_string(days).unwrap()
}

// ---- a panda journal ------------------------------------------------------------------------

type Session = Panda<Train, Json<u32>>;

fn open_panda(dir: &Path) -> Result<Session, PandaError> {
    Panda::builder("loaders")
        .storage(dir)
        .open(|| Ok::<_, String>((Train { learning_rate: 0.01, momentum: 0.9, layers: 2 }, Json(0))))
}

/// Days and decisions, without the seconds each day took.
fn days_of(panda: &Session) -> (Vec<DayRecord>, usize) {
    (untimed_days(panda.history()), panda.history().decisions().len())
}

fn make_panda(dir: &Path) -> (Vec<DayRecord>, usize) {
    let mut panda = open_panda(dir).unwrap();
    let script = [1.0, 0.5, f64::NAN, 0.4, 0.45];
    let mut policy = LecturePolicy::new(Train::params().learning_rate);
    panda
        .run(
            5,
            &mut policy,
            |model: &mut Json<u32>, _: &Train| {
                model.0 += 1;
                Ok::<_, String>(script[model.0 as usize - 1])
            },
            |_| {},
        )
        .unwrap();
    days_of(&panda)
}

/// What a damaged journal may resume to: as stored, as a prefix of it (a cut: a crash's torn
/// line), or with anything in range (a deliberate edit behind a valid checksum).
#[derive(Clone, Copy, PartialEq)]
enum May {
    Same,
    Prefix,
    InRange,
}

fn panda_outcome(case: &str, dir: &Path, stored: &(Vec<DayRecord>, usize), may: May) {
    match open_panda(dir) {
        Ok(panda) => {
            let (days, decisions) = days_of(&panda);
            if may == May::InRange {
                let h = panda.history();
                let unit = |u: f64| (0.0..=1.0).contains(&u);
                let ok = h.days().iter().all(|d| config_in_range(&d.config, &d.unit))
                    && h.decisions().iter().all(|d| config_in_range(&d.config, &d.unit))
                    && h.days()
                        .iter()
                        .all(|d| d.parent <= d.day && d.seconds.is_finite() && d.seconds >= 0.0)
                    && h.days()[0].parent == 0
                    && h.decisions()
                        .iter()
                        .flat_map(|d| &d.nudges)
                        .all(|n| unit(n.from_unit) && unit(n.to_unit));
                assert!(ok, "{case}: out of range, accepted");
            } else if may == May::Prefix {
                assert!(days.len() <= stored.0.len() && decisions <= stored.1, "{case}: more than stored");
                assert_eq!(text(&days[..]), text(&stored.0[..days.len()]), "{case}: a changed day accepted");
            } else {
                assert_eq!(
                    (text(&days), decisions),
                    (text(&stored.0), stored.1),
                    "{case}: accepted, and changed"
                );
            }
        }
        Err(e) => {
            let named = ["journal.jsonl", "checkpoints"].iter().any(|f| e.to_string().contains(f));
            assert!(named, "{case}: the error does not name the file: {e}");
        }
    }
}

#[test]
fn a_panda_journal_damaged_in_any_way_is_refused_by_name() {
    let scratch = Scratch::in_ram("panda");
    let dir = &scratch.0;
    let stored = make_panda(dir);
    let journal = dir.join("journal.jsonl");
    let original = fs::read(&journal).unwrap();
    let restore = || {
        fs::write(&journal, &original).unwrap();
        let _ = fs::remove_file(dir.join("journal.torn"));
    };
    let mut cases =
        damage_journal(&journal, &original, 11, restore, |case, may| panda_outcome(case, dir, &stored, may));
    // Checkpoints: damaged ones are refused when read (the model in force's, on resume).
    let checkpoints = dir.join("checkpoints");
    let model_day = open_panda(dir).unwrap().history().model_day().unwrap();
    let ckpt = checkpoints.join(format!("day-{model_day:05}.ckpt"));
    let bytes = fs::read(&ckpt).unwrap();
    for (case, damaged) in accidents(&bytes, 12) {
        fs::write(&ckpt, &damaged).unwrap();
        let e = open_panda(dir).err().unwrap_or_else(|| panic!("checkpoint {case}: accepted"));
        assert!(e.to_string().contains(&format!("day-{model_day:05}.ckpt")), "{case}: {e}");
        cases += 1;
    }
    fs::write(&ckpt, &bytes).unwrap();
    assert!(cases > 5_000, "{cases} cases");
}

/// Damages the journal `file` (holding `original`) in every accidental way, and then each line
/// with every hostile rewrite under a valid checksum; after each, `check(case, may)` and
/// `restore()`. Returns the number of cases.
fn damage_journal(
    file: &Path,
    original: &[u8],
    seed: u64,
    restore: impl Fn(),
    mut check: impl FnMut(&str, May),
) -> usize {
    let mut cases = 0;
    for (case, bytes) in accidents(original, seed) {
        fs::write(file, &bytes).unwrap();
        // A cut is a crash's torn line: resuming keeps the lines before it.
        check(&case, if case.starts_with("cut") { May::Prefix } else { May::Same });
        restore();
        cases += 1;
    }
    let text = String::from_utf8(original.to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (n, line) in lines.iter().enumerate() {
        for (case, json) in hostile_rewrites(&unframed(line)) {
            let mut edited = lines.clone();
            let new = framed("entry", &json);
            edited[n] = &new;
            fs::write(file, format!("{}\n", edited.join("\n"))).unwrap();
            check(&format!("line {}, {case}", n + 1), May::InRange);
            restore();
            cases += 1;
        }
    }
    cases
}

// ---- a PBT journal --------------------------------------------------------------------------

fn pbt(dir: &Path, days: u64) -> Result<PbtHistory, PandaError> {
    let alpha = Train::params().learning_rate;
    Pbt::new(3).interval(2).seed(4).explore([alpha]).threads(1).storage(dir).run(
        days,
        |m| {
            Ok::<_, String>((
                Train { learning_rate: 0.01 * (m + 1) as f64, momentum: 0.9, layers: 1 },
                Json(0.0),
            ))
        },
        |w: &mut Json<f64>, cfg: &Train, _| {
            w.0 += cfg.learning_rate;
            Ok::<_, String>((w.0 - 0.1).abs())
        },
        |_, _| {},
    )
}

#[test]
fn a_pbt_journal_damaged_in_any_way_is_refused_by_name() {
    let scratch = Scratch::in_ram("pbt");
    let dir = &scratch.0;
    let stored = pbt(dir, 4).unwrap();
    let journal = dir.join("pbt.jsonl");
    let original = fs::read(&journal).unwrap();
    let restore = || {
        fs::write(&journal, &original).unwrap();
        let _ = fs::remove_file(dir.join("pbt.torn"));
    };
    let check = |case: &str, may: May| match pbt(dir, 4) {
        Ok(h) if may == May::InRange => {
            let unit = |u: f64| (0.0..=1.0).contains(&u);
            let ok = h.days().iter().all(|d| config_in_range(&d.config, &d.unit))
                && h.exploits()
                    .iter()
                    .all(|e| config_in_range(&e.config, &e.unit) && e.member < 3 && e.copied < 3)
                && h.exploits().iter().flat_map(|e| &e.nudges).all(|n| unit(n.from_unit) && unit(n.to_unit));
            assert!(ok, "{case}: out of range, accepted");
        }
        Ok(h) => {
            assert_eq!(serde_json::to_string(&h).unwrap(), serde_json::to_string(&stored).unwrap(), "{case}")
        }
        Err(e) => {
            let named = ["pbt.jsonl", "checkpoints"].iter().any(|f| e.to_string().contains(f));
            assert!(named, "{case}: the error does not name the file: {e}");
        }
    };
    let mut cases = damage_journal(&journal, &original, 21, restore, check);
    // The last round's checkpoints are read on resume: a damaged one is refused by name.
    let ckpt = dir.join("checkpoints").join("round-00002-member-00001.ckpt");
    let bytes = fs::read(&ckpt).unwrap();
    for (case, damaged) in accidents(&bytes, 22) {
        fs::write(&ckpt, &damaged).unwrap();
        let e = pbt(dir, 4).err().unwrap_or_else(|| panic!("checkpoint {case}: accepted"));
        assert!(e.to_string().contains("round-00002-member-00001.ckpt"), "{case}: {e}");
        cases += 1;
    }
    fs::write(&ckpt, &bytes).unwrap();
    assert!(cases > 5_000, "{cases} cases");
}

// ---- read_config ----------------------------------------------------------------------------

#[test]
fn read_config_and_check_config_refuse_hostile_configs() {
    let good = serde_json::to_value(Train { learning_rate: 0.01, momentum: 0.99, layers: 3 }).unwrap();
    let unit = hp::study::read_config::<Train>(&good).unwrap().to_unit();
    assert_eq!(hp::study::check_config::<Train>(&good, &unit), Ok(()));
    for (case, text) in hostile_rewrites(&good) {
        let Ok(value) = serde_json::from_str::<Value>(&text) else { continue };
        assert!(hp::study::check_config::<Train>(&value, &unit).is_err(), "{case} accepted");
    }
}

// ---- ask/tell: asked trials and the queue ------------------------------------------------------

fn ask_study(dir: &Path) -> Study<Train> {
    Study::<Train>::new("loaders-ask").budget(6).seed(3).storage(dir)
}

/// What an ask/tell study holds, as a caller sees it: the told trials, the record each running
/// trial would get (told in place, then undone: its point, config and curve as loaded), and the
/// config the next ask hands out (asked, then undone).
type AskState = (Vec<TrialRecord>, Vec<TrialRecord>, Train);

fn ask_state(dir: &Path) -> Result<AskState, StudyError> {
    use hp::study::Told;
    let study = ask_study(dir);
    let mut tuner = study.ask_tell()?;
    let told = tuner.results().records().to_vec();
    let mut running = Vec::new();
    for index in tuner.running_trials() {
        let mut record = tuner.tell(index, Told::Value(1.0))?;
        fs::remove_file(dir.join("trials").join(format!("{index:08}.json"))).unwrap();
        record.duration_secs = 0.0;
        running.push(record);
    }
    let mut tuner = study.ask_tell()?;
    let next = tuner.ask()?;
    fs::remove_file(dir.join("asked").join(format!("{:08}.json", next.index))).unwrap();
    Ok((told, running, next.config))
}

#[test]
fn asked_trials_and_queued_configs_damaged_in_any_way_are_refused_by_name() {
    use hp::study::Told;
    let scratch = Scratch::in_ram("ask");
    let dir = &scratch.0;
    {
        let study = ask_study(dir);
        let mut tuner = study.ask_tell().unwrap();
        let a = tuner.ask().unwrap();
        tuner.report(a.index, 1, 0.5).unwrap();
        tuner.tell(a.index, Told::Value(0.5)).unwrap();
        let b = tuner.ask().unwrap();
        tuner.report(b.index, 1, 0.25).unwrap();
        tuner.report(b.index, 2, 0.125).unwrap();
        tuner.enqueue(Train { learning_rate: 0.01, momentum: 0.99, layers: 2 }).unwrap();
    }
    let stored = ask_state(dir).unwrap();
    assert_eq!(
        stored.2,
        Train { learning_rate: 0.01, momentum: 0.99, layers: 2 },
        "the queued config is next"
    );
    let files: Vec<PathBuf> = ["asked", "queue"]
        .iter()
        .flat_map(|sub| fs::read_dir(dir.join(sub)).unwrap().map(|e| e.unwrap().path()))
        .collect();
    assert_eq!(files.len(), 3);
    let mut cases = 0;
    for (k, path) in files.iter().enumerate() {
        let original = fs::read(path).unwrap();
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        let key = path.parent().unwrap().file_name().unwrap().to_str().unwrap().to_owned();
        for (case, bytes) in accidents(&original, 100 + k as u64) {
            fs::write(path, &bytes).unwrap();
            refused_or_same(&format!("{key}/{file}, {case}"), &file, ask_state(dir), &stored);
            cases += 1;
        }
        let value = unframed(std::str::from_utf8(&original).unwrap());
        for (case, json) in hostile_rewrites(&value) {
            fs::write(path, format!("{}\n", framed(&key, &json))).unwrap();
            match ask_state(dir) {
                // Accepted only if every value is still in range (a curve's step, say).
                Ok((told, running, next)) => {
                    assert!(records_in_range(&told), "{key}/{file}, {case}: out of range, accepted");
                    assert!(records_in_range(&running), "{key}/{file}, {case}: out of range, accepted");
                    assert!(next.validate().is_ok(), "{key}/{file}, {case}");
                }
                Err(e) => assert!(e.to_string().contains(&file), "{key}/{file}, {case}: {e}"),
            }
            cases += 1;
        }
        fs::write(path, &original).unwrap();
    }
    assert_eq!(ask_state(dir).unwrap(), stored);
    assert!(cases > 1_000, "{cases} cases");
}
