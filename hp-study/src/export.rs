//! CSV and JSON lines for pandas and polars users: one column per hyperparameter of the space, in
//! field order, each trial's value as the space shows it.

use std::io::{self, Write};
use std::path::Path;

use hp_core::{Param, Space, Value};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{Status, StudyError, TrialRecord};
use hp_store::{Replace, write_atomically};

/// A trial's record with the values of its hyperparameters: what a JSON line holds.
#[derive(serde::Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    record: &'a TrialRecord,
    params: Params<'a>,
}

/// The active hyperparameters of one trial by name, in the space's order: numbers in their own
/// type's shortest form, choices by label.
struct Params<'a> {
    space: &'a Space,
    values: &'a [Option<Value>],
}

impl Serialize for Params<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (param, value) in self.space.coordinates().zip(self.values) {
            let Some(value) = *value else { continue };
            map.serialize_entry(column(param), &Json { param, value })?;
        }
        map.end()
    }
}

/// One value as JSON: an `f32` written as an `f32` (`0.3`), not widened (`0.30000001192092896`).
struct Json<'a> {
    param: &'a Param,
    value: Value,
}

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Value::F32(x) => serializer.serialize_f32(x),
            Value::F64(x) => serializer.serialize_f64(x),
            Value::Int(k) => match (i64::try_from(k), u64::try_from(k)) {
                (Ok(k), _) => serializer.serialize_i64(k),
                (_, Ok(k)) => serializer.serialize_u64(k),
                _ => serializer.collect_str(&k),
            },
            value => serializer.serialize_str(&self.param.display(value)),
        }
    }
}

/// The column of a parameter: its dotted name, or `config` for a config that is one unnamed
/// value (a `bool`).
pub(crate) fn column(param: &Param) -> &str {
    if param.name().is_empty() { "config" } else { param.name() }
}

pub(crate) fn status_name(status: &Status) -> &'static str {
    match status {
        Status::Complete => "complete",
        Status::Failed { .. } => "failed",
        Status::Pruned { .. } => "pruned",
    }
}

/// One JSON object per line: the record as stored, and `params`, its active hyperparameters.
pub(crate) fn write_jsonl<W: Write>(
    space: &Space,
    records: &[TrialRecord],
    values: &[Vec<Option<Value>>],
    mut out: W,
) -> io::Result<()> {
    for (record, values) in records.iter().zip(values) {
        serde_json::to_writer(&mut out, &Line { record, params: Params { space, values } })?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// A metric's column: `metrics.accuracy`, as the JSON lines nest it (a parameter may have the
/// same name).
pub(crate) fn metric_column(name: &str) -> String {
    format!("metrics.{name}")
}

/// The metrics any of `records` reported, by name: the same columns for every row.
pub(crate) fn metric_names<'a>(records: impl IntoIterator<Item = &'a TrialRecord>) -> Vec<&'a str> {
    names(records, |r| &r.metrics)
}

/// The names in `map` of any of `records`, sorted, each once.
fn names<'a>(
    records: impl IntoIterator<Item = &'a TrialRecord>,
    map: impl Fn(&'a TrialRecord) -> &'a std::collections::BTreeMap<String, f64>,
) -> Vec<&'a str> {
    let names: std::collections::BTreeSet<&str> =
        records.into_iter().flat_map(|r| map(r).keys().map(String::as_str)).collect();
    names.into_iter().collect()
}

/// `index,status,value,duration_secs`, one column per parameter of the space, fixed ones
/// included, in field order, one per metric any trial reported (`metrics.accuracy`, as the JSON
/// lines nest it), and one per constraint (`constraints.latency`). A parameter the trial does not use (another variant's field), or a
/// metric it did not report, is an empty cell.
pub(crate) fn write_csv<W: Write>(
    space: &Space,
    records: &[TrialRecord],
    values: &[Vec<Option<Value>>],
    mut out: W,
) -> io::Result<()> {
    let mut line = String::new();
    let metrics = metric_names(records);
    let constraints = names(records, |r| &r.constraints);
    let metric_columns: Vec<String> = metrics
        .iter()
        .map(|m| metric_column(m))
        .chain(constraints.iter().map(|c| format!("constraints.{c}")))
        .collect();
    let header = ["index", "status", "value", "duration_secs"]
        .into_iter()
        .chain(space.params().iter().map(column))
        .chain(metric_columns.iter().map(String::as_str));
    for (i, name) in header.enumerate() {
        if i > 0 {
            line.push(',');
        }
        push_field(&mut line, name);
    }
    line.push('\n');
    out.write_all(line.as_bytes())?;
    for (r, values) in records.iter().zip(values) {
        line.clear();
        // `{}` of an f64 is its shortest round-trip form.
        let value = r.value.map(|v| v.to_string()).unwrap_or_default();
        line.push_str(&format!("{},{},{value},{}", r.index, status_name(&r.status), r.duration_secs));
        for param in space.params() {
            line.push(',');
            push_field(&mut line, &cell(param, values));
        }
        for m in &metrics {
            line.push(',');
            line.push_str(&r.metrics.get(*m).map(|v| v.to_string()).unwrap_or_default());
        }
        for c in &constraints {
            line.push(',');
            line.push_str(&r.constraints.get(*c).map(|v| v.to_string()).unwrap_or_default());
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    out.flush()
}

/// A parameter's cell: its value as the space shows it, a fixed value's text, or empty.
fn cell(param: &Param, values: &[Option<Value>]) -> String {
    match param.coordinate() {
        Some(c) => values.get(c).copied().flatten().map(|v| param.display(v)).unwrap_or_default(),
        None => param.fixed_value().unwrap_or_default().to_owned(),
    }
}

/// Appends `field`, quoted (quotes doubled) if it holds a comma, a quote or a line break (RFC 4180),
/// or starts or ends with a space, which some readers trim.
fn push_field(line: &mut String, field: &str) {
    let needs_quotes =
        field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ');
    if needs_quotes {
        line.push('"');
        line.push_str(&field.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(field);
    }
}

/// Replaces the file at `path` atomically with `bytes`.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), StudyError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        let e = io::Error::new(io::ErrorKind::InvalidInput, "not a UTF-8 file name");
        return Err(StudyError::io(path, e));
    };
    Ok(write_atomically(dir, name, bytes, Replace::Yes).map(drop)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_when_needed() {
        let mut line = String::new();
        for f in ["plain", "a,b", "say \"hi\"", "two\nlines", " padded"] {
            push_field(&mut line, f);
            line.push('|');
        }
        assert_eq!(line, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\" padded\"|");
    }
}
