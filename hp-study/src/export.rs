//! JSON lines and CSV for pandas and polars users: configs flattened to dotted column names.

use core::fmt;
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;

use serde_json::Value;

use super::{Status, StudyError, TrialRecord};
use crate::durable::{Replace, write_atomically};
use hp_core::Space;

/// One scalar of a flattened config.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Cell<'a> {
    Null,
    Bool(bool),
    Number(&'a serde_json::Number),
    Text(&'a str),
}

impl fmt::Display for Cell<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Null => Ok(()),
            Cell::Bool(b) => write!(f, "{b}"),
            Cell::Number(n) => write!(f, "{n}"),
            Cell::Text(s) => f.write_str(s),
        }
    }
}

/// The scalars of a config's JSON under dotted names: `{"optimizer":{"lr":0.1}}` gives
/// `optimizer.lr`, array items are numbered (`layers.0`), and a config that is itself a scalar is
/// named `config`.
pub(crate) fn flatten(value: &Value) -> Vec<(String, Cell<'_>)> {
    fn walk<'a>(value: &'a Value, prefix: &str, out: &mut Vec<(String, Cell<'a>)>) {
        let name = |key: &str| hp_core::join_path(prefix, key);
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| walk(v, &name(k), out)),
            Value::Array(items) => {
                items.iter().enumerate().for_each(|(i, v)| walk(v, &name(&i.to_string()), out))
            }
            scalar => {
                let cell = match scalar {
                    Value::Bool(b) => Cell::Bool(*b),
                    Value::Number(n) => Cell::Number(n),
                    Value::String(s) => Cell::Text(s),
                    _ => Cell::Null,
                };
                out.push((if prefix.is_empty() { "config".to_owned() } else { prefix.to_owned() }, cell));
            }
        }
    }
    let mut out = Vec::new();
    walk(value, "", &mut out);
    out
}

pub(crate) fn lookup<'a>(cells: &[(String, Cell<'a>)], name: &str) -> Option<Cell<'a>> {
    cells.iter().find(|(n, _)| n == name).map(|(_, c)| *c)
}

/// The hyperparameter columns for these configs: every flattened name that occurs, those that
/// are parameters of `space` in the space's order, then the others (enum payloads, say) sorted.
pub(crate) fn param_columns<'a>(space: &Space, configs: impl Iterator<Item = &'a Value>) -> Vec<String> {
    let mut names = BTreeSet::new();
    for config in configs {
        names.extend(flatten(config).into_iter().map(|(name, _)| name));
    }
    let mut columns = Vec::with_capacity(names.len());
    for p in space.params() {
        if names.remove(&p.name) {
            columns.push(p.name.clone());
        }
    }
    columns.extend(names);
    columns
}

pub(crate) fn status_name(status: &Status) -> &'static str {
    match status {
        Status::Complete => "complete",
        Status::Failed { .. } => "failed",
        Status::Pruned { .. } => "pruned",
    }
}

pub(crate) fn write_jsonl<W: Write>(records: &[TrialRecord], mut out: W) -> io::Result<()> {
    for r in records {
        serde_json::to_writer(&mut out, r)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

pub(crate) fn write_csv<W: Write>(space: &Space, records: &[TrialRecord], mut out: W) -> io::Result<()> {
    let columns = param_columns(space, records.iter().map(|r| &r.config));
    let mut line = String::new();
    for (i, name) in ["index", "status", "value", "duration_secs"]
        .into_iter()
        .chain(columns.iter().map(|c| c.as_str()))
        .enumerate()
    {
        if i > 0 {
            line.push(',');
        }
        push_field(&mut line, name);
    }
    line.push('\n');
    out.write_all(line.as_bytes())?;
    for r in records {
        line.clear();
        let value = r.value.map(|v| v.to_string()).unwrap_or_default();
        line.push_str(&format!("{},{},{value},{}", r.index, status_name(&r.status), r.duration_secs));
        let cells = flatten(&r.config);
        for name in &columns {
            line.push(',');
            if let Some(cell) = lookup(&cells, name) {
                push_field(&mut line, &cell.to_string());
            }
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    out.flush()
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
    write_atomically(dir, name, bytes, Replace::Yes).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_configs_flatten_to_dotted_names() {
        let config =
            serde_json::json!({"lr": 0.1, "optimizer": {"name": "adam", "betas": [0.9, 0.99]}, "x": null});
        let names: Vec<String> = flatten(&config).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["lr", "optimizer.betas.0", "optimizer.betas.1", "optimizer.name", "x"]);
        assert_eq!(flatten(&serde_json::json!(true))[0].0, "config");
    }

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
