//! JSON lines and CSV exports read back to what the study recorded; CSV quotes a value with a
//! comma or quotes; the summary table lists the top trials with one column per hyperparameter.

use crate::study_support::{ACTIVATIONS, Config, TempDir};
use hp_study::{Results, Status, Stop, Study, Trial, TrialRecord};

fn results() -> Results<Config> {
    let objective = |config: &Config, trial: &mut Trial| -> Result<f64, Stop> {
        if trial.index() == 5 {
            trial.report(0, f64::NAN)?; // one failure, to export an empty value
        }
        trial.report(0, 1.0)?;
        Ok(crate::study_support::loss(config))
    };
    Study::<Config>::new("export").budget(24).seed(4).workers(2).run(objective).unwrap()
}

/// A strict RFC 4180 reader: quoted fields may hold commas, doubled quotes and newlines.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(field.is_empty(), "a quote inside an unquoted field");
                quoted = true;
            }
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted && field.is_empty() && row.is_empty(), "the file ends with a newline");
    rows
}

#[test]
fn csv_has_one_column_per_hyperparameter_and_reads_back() {
    let results = results();
    let dir = TempDir::new("csv");
    let path = dir.path().join("trials.csv");
    results.to_csv(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let rows = parse_csv(&text);
    assert_eq!(rows[0], ["index", "status", "value", "duration_secs", "lr", "units", "activation"]);
    assert_eq!(rows.len(), 1 + results.records().len());
    for (row, r) in rows[1..].iter().zip(results.records()) {
        assert_eq!(row[0].parse::<u64>().unwrap(), r.index);
        let value = if row[2].is_empty() { None } else { Some(row[2].parse::<f64>().unwrap()) };
        assert_eq!(value, r.value, "values read back exactly");
        assert_eq!(row[3].parse::<f64>().unwrap(), r.duration_secs);
        let config: Config = serde_json::from_value(r.config.clone()).unwrap();
        assert_eq!(row[4].parse::<f64>().unwrap(), config.lr);
        assert_eq!(row[5].parse::<u32>().unwrap(), config.units);
        assert_eq!(row[6], config.activation);
        let status = match r.status {
            Status::Complete => "complete",
            Status::Failed { .. } => "failed",
            Status::Pruned { .. } => "pruned",
        };
        assert_eq!(row[1], status);
    }
    assert_eq!(rows[6][1..3], ["failed", ""]);
    // Both awkward names occur in 24 trials, and are quoted in the file.
    for awkward in &ACTIVATIONS[1..] {
        assert!(rows.iter().any(|row| row[6] == *awkward), "no trial drew {awkward:?}");
    }
    assert!(text.contains(",\"tanh, scaled\"\n"), "a comma is quoted");
    assert!(text.contains(",\"say \"\"hi\"\"\"\n"), "quotes are doubled inside quotes");
}

#[test]
fn json_lines_read_back_to_the_records() {
    let results = results();
    let dir = TempDir::new("jsonl");
    let path = dir.path().join("trials.jsonl");
    results.to_jsonl(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let back: Vec<TrialRecord> = text.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(back, results.records());
    // The file is replaced whole on a second export.
    results.to_jsonl(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert!(std::fs::read_dir(dir.path()).unwrap().count() == 1, "no temp file left behind");
}

#[test]
fn the_summary_lists_the_top_trials_with_their_hyperparameters() {
    let results = results();
    let table = results.summary(3).to_string();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 5, "{table}");
    assert!(
        lines[0].starts_with("top 3 of 24 trials (minimize; 23 complete, 1 failed, 0 pruned)"),
        "{table}"
    );
    let header: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(header, ["rank", "index", "value", "lr", "units", "activation"]);
    let top = results.top(3);
    for (k, (line, r)) in lines[2..].iter().zip(&top).enumerate() {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells[0], (k + 1).to_string());
        assert_eq!(cells[1], r.index.to_string());
        assert!((cells[2].parse::<f64>().unwrap() - r.value.unwrap()).abs() < 1e-3 * r.value.unwrap());
        assert_eq!(cells[4], r.config["units"].to_string());
    }
    assert!(top.windows(2).all(|w| w[0].value <= w[1].value));
    assert_eq!(top[0], results.best().unwrap());
    println!("{table}");
}
