//! A space read back from its JSON (a stored study's `study.json`) is the space that was written,
//! for every kind of parameter; hostile JSON gives a space or an error, never a panic, and never a
//! space other than the one its fingerprint names.
#![cfg(feature = "serde")]

use hp_core::{
    LinearScale, LinearStepScale, LogScale, LogStepScale, ReverseLogScale, ReverseLogStepScale, Space,
    SpaceBuilder,
};
use serde_json::Value as Json;

/// Every kind of parameter the builder makes: float scales (f64 and f32) with and without steps,
/// integers of several widths (log and stepped among them), choices (weighted too), a fixed value,
/// a grid size, and conditions two levels deep.
fn every_kind() -> Space {
    let mut b = SpaceBuilder::new();
    b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    b.grid(9);
    b.scale("beta".into(), "f64", &ReverseLogScale::new(0.9, 0.999).unwrap());
    b.scale("dropout".into(), "f32", &LinearScale::new(0.0f32, 0.5).unwrap());
    b.scale("wd".into(), "f32", &LogStepScale::new(1e-6f32, 1e-2, 10.0).unwrap());
    b.scale("b2".into(), "f64", &ReverseLogStepScale::new(0.9, 0.9999, 10.0).unwrap());
    b.scale("half".into(), "f64", &LinearStepScale::new(0.0, 1.0, 0.25).unwrap());
    b.scale("units".into(), "u32", &LinearScale::new(50u32, 100).unwrap());
    b.scale("batch".into(), "usize", &LogStepScale::new(16usize, 256, 2).unwrap());
    b.scale("offset".into(), "i64", &LinearStepScale::new(-100i64, 100, 25).unwrap());
    b.scale("wide".into(), "u64", &LogScale::new(1u64, u64::MAX).unwrap());
    b.scale("signed".into(), "i8", &LinearScale::new(-128i8, 127).unwrap());
    b.choice("act".into(), "&'static str", &["relu", "tanh, scaled", "say \"hi\""]);
    b.weighted_choice("opt".into(), "Optimizer", &["Sgd", "Adam"], &[1.0, 3.0]);
    b.fixed("epochs".into(), "u32", "10".into());
    b.enter("opt", "Adam");
    b.scale("opt.Adam.beta2".into(), "f64", &ReverseLogScale::new(0.99, 0.9999).unwrap());
    b.choice("opt.Adam.schedule".into(), "Schedule", &["Constant", "Cosine"]);
    b.enter("opt.Adam.schedule", "Cosine");
    b.scale("opt.Adam.schedule.Cosine.warmup".into(), "u16", &LinearScale::new(0u16, 1000).unwrap());
    b.leave();
    b.scale("opt.Adam.eps".into(), "f64", &LogScale::new(1e-10, 1e-6).unwrap());
    b.leave();
    b.scale("layers".into(), "usize", &LinearScale::new(2usize, 4).unwrap());
    b.finish()
}

#[test]
fn every_kind_of_parameter_reads_back_as_written() {
    let space = every_kind();
    let json = serde_json::to_string(&space).unwrap();
    let read: Space = serde_json::from_str(&json).unwrap();
    assert_eq!(read, space);
    assert_eq!(read.fingerprint(), space.fingerprint());
    assert_eq!(read.to_string(), space.to_string());
    // From a `serde_json::Value`, as a study reads `study.json` (integers of 64 bits at most there).
    let read: Space = serde_json::from_value(serde_json::to_value(&space).unwrap()).unwrap();
    assert_eq!(read, space);
    // The same unit points mean the same values.
    let unit: Vec<f64> = (0..space.dim()).map(|c| (c as f64 * 0.37 + 0.01) % 1.0).collect();
    assert_eq!(read.values(&unit), space.values(&unit));
}

/// Every scalar leaf of `json`, by path.
fn leaves(json: &Json, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    match json {
        Json::Object(map) => {
            map.iter().for_each(|(k, v)| leaves(v, [path.clone(), vec![k.clone()]].concat(), out))
        }
        Json::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(k, v)| leaves(v, [path.clone(), vec![k.to_string()]].concat(), out)),
        _ => out.push(path),
    }
}

fn at<'a>(json: &'a mut Json, path: &[String]) -> &'a mut Json {
    path.iter().fold(json, |j, k| match j {
        Json::Object(map) => map.get_mut(k).expect("a path from leaves"),
        Json::Array(items) => &mut items[k.parse::<usize>().expect("an index")],
        _ => unreachable!("leaves are scalars"),
    })
}

#[test]
fn hostile_json_is_a_space_or_an_error_never_a_panic() {
    let space = every_kind();
    let original = serde_json::to_value(&space).unwrap();
    let mut paths = Vec::new();
    leaves(&original, Vec::new(), &mut paths);
    assert!(paths.len() > 150, "{} leaves", paths.len());
    let hostile = [
        Json::Null,
        Json::from(-1),
        Json::from(0),
        Json::from(1e308),
        Json::from(-1e-310),
        Json::from(u64::MAX),
        Json::from(i64::MIN),
        Json::from(""),
        Json::from("Adam"),
        Json::from("log"),
        Json::from(true),
        serde_json::json!([]),
        serde_json::json!({}),
    ];
    let (mut read, mut refused) = (0, 0);
    for path in &paths {
        for value in &hostile {
            let mut json = original.clone();
            *at(&mut json, path) = value.clone();
            match std::panic::catch_unwind(|| serde_json::from_value::<Space>(json)) {
                Err(_) => panic!("reading {path:?} = {value} panicked"),
                Ok(Ok(space)) => {
                    // Whatever reads back is the space its fingerprint names (or had its
                    // fingerprint itself replaced: then it is a space that rebuilt cleanly).
                    if path.first().map(String::as_str) != Some("fingerprint") {
                        assert_eq!(
                            format!("{:016x}", space.fingerprint()),
                            original["fingerprint"],
                            "{path:?} = {value}"
                        );
                    }
                    read += 1;
                }
                Ok(Err(_)) => refused += 1,
            }
        }
    }
    assert!(refused > read, "most damage is refused: {refused} refused, {read} read");
}
