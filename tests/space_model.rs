//! The space as a runtime model: each coordinate is the derive's own scale, so the space maps a
//! unit point to exactly the values `from_unit` puts in the fields; activeness, per-coordinate
//! setters, exports, zoom and PBT all read it. One test per defect the model fixed: the variant in
//! exports, zoom over inactive coordinates, PBT exploring a conditional field, a full-range `u64`
//! through storage, and the name of a top-level enum's variant coordinate.

use hp::panda::{Json, Pbt};
use hp::strategy::{Random, Region, Strategy};
use hp::study::{Stop, Study, Trial};
use hp::{Direction, Hyperparams, Levels, Value};
use serde::{Deserialize, Serialize};

#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug, PartialEq)]
enum Optimizer {
    Sgd,
    Momentum {
        #[hp(reverse_log, 0.9, 0.999)]
        beta: f64,
    },
    #[hp(weight = 2)]
    Adam {
        #[hp(reverse_log, 0.8, 0.99)]
        beta1: f32,
        #[hp(log, 1e-8, 1e-6)]
        eps: f64,
    },
}

#[derive(Hyperparams, Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
enum Activation {
    Relu,
    Tanh,
}

#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Train {
    #[hp(log, 1e-4, 1.0)]
    learning_rate: f64,
    #[hp(linear, 0.0, 0.5, step = 0.1)]
    dropout: f32,
    optimizer: Optimizer,
    #[hp(log, 16, 1024)]
    batch_size: u32,
    activation: Activation,
    #[hp(fixed = 12)]
    epochs: u32,
    #[serde(skip)]
    #[hp(skip)]
    run_name: String,
    #[hp(linear, 0, 18446744073709551615)]
    seed: u64,
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hp-space-model-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn the_space_maps_a_point_to_exactly_the_values_from_unit_gives_the_fields() {
    let space = Train::space();
    let random = Random::for_config::<Train>(11);
    for i in 0..2000 {
        let point = random.point(i).unwrap();
        let config = Train::from_unit(&point);
        let (from_space, from_config) = (space.values(&point), config.values());
        assert_eq!(from_space.len(), Train::DIM);
        let bits = |v: &[Option<Value>]| v.iter().map(|x| x.map(Value::bits)).collect::<Vec<_>>();
        assert_eq!(bits(&from_space), bits(&from_config), "point {i}: {config:?}");
        // A value is there exactly where the coordinate is active.
        let active = space.active(&point);
        assert!(active.iter().zip(&from_config).all(|(a, v)| *a == v.is_some()), "point {i}");
        // And each value is one of its parameter's, which reads it back from its display.
        for (param, value) in space.coordinates().zip(&from_config) {
            if let Some(value) = *value {
                assert!(param.contains(value), "{}: {value:?}", param.name());
                assert_eq!(param.parse(&param.display(value)).map(Value::bits), Some(value.bits()));
            }
        }
    }
}

#[test]
fn each_coordinate_knows_its_levels_and_its_condition() {
    let space = Train::space();
    let levels: Vec<Option<u128>> = space.coordinates().map(|p| p.levels().and_then(|l| l.count())).collect();
    assert_eq!(levels, [None, Some(6), Some(3), None, None, None, Some(1009), Some(2), Some(1 << 64)]);
    assert!(
        matches!(space.coordinate(2).unwrap().levels(), Some(Levels::Categories(v)) if v == ["Sgd", "Momentum", "Adam"])
    );
    assert!(matches!(space.coordinate(6).unwrap().levels(), Some(Levels::Values(1009))));
    let eps = space.get("optimizer.Adam.eps").unwrap();
    assert_eq!((eps.conditions()[0].coordinate(), eps.conditions()[0].index()), (2, 2));
    // The f32 bounds print as f32s.
    assert_eq!(space.get("optimizer.Adam.beta1").unwrap().to_string(), "reverse_log [0.8, 0.99]");
    assert_eq!(space.get("dropout").unwrap().to_string(), "linear [0.0, 0.5] step 0.1");
}

#[test]
fn set_unit_moves_one_field_and_leaves_every_other_bit() {
    let mut config = Train::from_unit(&[0.37; Train::DIM]);
    let before = config.clone();
    let p = Train::params();
    assert!(config.set_unit(p.learning_rate.coordinate(), 0.9));
    assert_eq!(
        config.learning_rate,
        Train::space()
            .get("learning_rate")
            .unwrap()
            .from_unit(0.9)
            .and_then(|v| match v {
                Value::F64(x) => Some(x),
                _ => None,
            })
            .unwrap()
    );
    assert_eq!(Train { learning_rate: before.learning_rate, ..config.clone() }, before);
    // 0.37 is Momentum's bin; Adam's fields are not this config's.
    assert!(matches!(config.optimizer, Optimizer::Momentum { .. }));
    assert!(!config.set_unit(p.optimizer.Adam.eps.coordinate(), 0.5));
    // The variant coordinate switches the variant, its fields at the middle of their ranges.
    assert!(config.set_unit(p.optimizer.variant.coordinate(), 0.9));
    let Optimizer::Adam { beta1, eps } = config.optimizer else { panic!("{config:?}") };
    let mid = Optimizer::from_unit(&[0.9, 0.5, 0.5, 0.5]);
    assert_eq!(Optimizer::Adam { beta1, eps }, mid);
    assert!(!config.set_unit(Train::DIM, 0.5));
}

#[test]
fn exports_name_the_variant_in_field_order_with_exact_short_values() {
    let dir = temp_dir("exports");
    let study = Study::<Train>::new("exports").seed(3).budget(24).workers(2).storage(&dir);
    let results = study
        .run(|cfg: &Train, trial: &mut Trial| Ok::<_, Stop>(cfg.learning_rate * trial.index() as f64))
        .unwrap();
    let mut csv = Vec::new();
    results.write_csv(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    // Field order, the variant's fields under their dotted names, the fixed value, no skipped field.
    assert_eq!(
        lines.next().unwrap(),
        "index,status,value,duration_secs,learning_rate,dropout,optimizer,optimizer.Momentum.beta,\
         optimizer.Adam.beta1,optimizer.Adam.eps,batch_size,activation,epochs,seed"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 24);
    for (row, record) in rows.iter().zip(results.records()) {
        let config: Train = results.config(record).unwrap();
        let variant = match config.optimizer {
            Optimizer::Sgd => "Sgd",
            Optimizer::Momentum { .. } => "Momentum",
            Optimizer::Adam { .. } => "Adam",
        };
        assert_eq!(row[6], variant, "{row:?}");
        // Only the chosen variant's fields have values.
        assert_eq!((row[7].is_empty(), row[8].is_empty()), (variant != "Momentum", variant != "Adam"));
        // Shortest round-trip form in the field's own type: an f32 0.3 is "0.3".
        assert_eq!(row[5].parse::<f32>().unwrap(), config.dropout, "{row:?}");
        assert!(row[5].len() <= 3, "dropout {}", row[5]);
        if let Optimizer::Adam { beta1, eps } = config.optimizer {
            assert_eq!(row[8], format!("{beta1:?}"));
            assert_eq!(row[9].parse::<f64>().unwrap(), eps);
        }
        assert_eq!(row[4].parse::<f64>().unwrap(), config.learning_rate);
        assert_eq!((row[12], row[13].parse::<u64>().unwrap()), ("12", config.seed));
    }
    // JSON lines carry the same values by name, numbers as numbers.
    let mut jsonl = Vec::new();
    results.write_jsonl(&mut jsonl).unwrap();
    for (line, record) in String::from_utf8(jsonl).unwrap().lines().zip(results.records()) {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let params = &value["params"];
        let config: Train = results.config(record).unwrap();
        assert_eq!(params["seed"].as_u64(), Some(config.seed));
        assert_eq!(params["dropout"].to_string().parse::<f32>().unwrap(), config.dropout);
        match config.optimizer {
            Optimizer::Adam { beta1, .. } => {
                assert_eq!(params["optimizer"], "Adam");
                assert_eq!(params["optimizer.Adam.beta1"].to_string(), format!("{beta1:?}"));
                assert!(params.get("optimizer.Momentum.beta").is_none());
            }
            Optimizer::Momentum { beta } => {
                assert_eq!(params["optimizer.Momentum.beta"].as_f64(), Some(beta))
            }
            Optimizer::Sgd => assert_eq!(params["optimizer"], "Sgd"),
        }
    }
    // The summary names the variant too.
    assert!(results.summary(24).to_string().contains("Adam"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_grid_exports_its_points_as_the_decimals_they_are() {
    #[derive(Hyperparams, Serialize, Deserialize, Clone, Debug, PartialEq)]
    struct Decades {
        #[hp(log, 1e-4, 1.0, step = 10.0)]
        alpha: f64,
        #[hp(linear, 0.0, 0.3, step = 0.1)]
        dropout: f32,
    }
    let grid = hp::strategy::Grid::for_config::<Decades>(5).unwrap();
    let results = Study::<Decades>::new("decades")
        .strategy(grid)
        .budget(20)
        .run(|cfg: &Decades, _: &mut Trial| Ok::<_, Stop>(cfg.alpha))
        .unwrap();
    let mut csv = Vec::new();
    results.write_csv(&mut csv).unwrap();
    let cells: Vec<(String, String)> = String::from_utf8(csv)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let row: Vec<&str> = l.split(',').collect();
            (row[4].to_string(), row[5].to_string())
        })
        .collect();
    let alphas: std::collections::BTreeSet<&str> = cells.iter().map(|c| c.0.as_str()).collect();
    let dropouts: std::collections::BTreeSet<&str> = cells.iter().map(|c| c.1.as_str()).collect();
    // Not 0.0010000000000000002 nor 0.30000001192092896: each grid point is the decimal it was declared as.
    assert_eq!(alphas, ["0.0001", "0.001", "0.01", "0.1", "1.0"].into());
    assert_eq!(dropouts, ["0.0", "0.1", "0.2", "0.3"].into());
    assert_eq!(cells.len(), 20);
}

#[test]
fn a_full_range_u64_round_trips_through_storage() {
    let dir = temp_dir("u64");
    let study = Study::<Train>::new("u64").seed(5).budget(6).workers(1).storage(&dir);
    let ran = study.run(|cfg: &Train, _: &mut Trial| Ok::<_, Stop>(cfg.learning_rate)).unwrap();
    // The stored description of the space is there, with the 2^64 values of `seed` as text.
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("study.json")).unwrap()).unwrap();
    let seed = meta["space"]["params"].as_array().unwrap().iter().find(|p| p["name"] == "seed").unwrap();
    assert_eq!(seed["levels"], "18446744073709551616");
    assert_eq!(seed["domain"]["high"].as_u64(), Some(u64::MAX));
    // Read back from disk, every config is the one the objective saw, bit for bit.
    let loaded = study.results().unwrap();
    for (a, b) in ran.records().iter().zip(loaded.records()) {
        let (x, y): (Train, Train) = (ran.config(a).unwrap(), loaded.config(b).unwrap());
        assert_eq!(x, y);
        assert_eq!(x.values(), y.values());
    }
    // Even the values near the top of the range, which a unit coordinate cannot tell apart.
    let mut top = Train::from_unit(&[1.0; Train::DIM]);
    assert_eq!(top.seed, u64::MAX);
    top.seed = u64::MAX - 1;
    let json: serde_json::Value = serde_json::from_str(&serde_json::to_string(&top).unwrap()).unwrap();
    assert_eq!(hp::study::read_config::<Train>(&json).unwrap().seed, u64::MAX - 1);
    assert_eq!(top.values()[8], Some(Value::Int((u64::MAX - 1).into())));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn zoom_is_not_narrowed_by_coordinates_a_trial_does_not_use() {
    let p = Train::params();
    let sgd = |lr: f64| {
        let mut c = Train::from_unit(&[0.5; Train::DIM]);
        c.set_unit(p.optimizer.variant.coordinate(), 0.1);
        c.set_unit(p.learning_rate.coordinate(), lr);
        c
    };
    // The best three chose Sgd: Adam's and Momentum's fields are placeholders in their points.
    let trials =
        [(sgd(0.40), 0.1), (sgd(0.45), 0.2), (sgd(0.5), 0.3), (Train::from_unit(&[0.9; Train::DIM]), 0.9)];
    let region = Region::around_best(&trials, Direction::Minimize, 3).unwrap();
    for c in [
        p.optimizer.Momentum.beta.coordinate(),
        p.optimizer.Adam.beta1.coordinate(),
        p.optimizer.Adam.eps.coordinate(),
    ] {
        assert_eq!((region.low()[c], region.high()[c]), (0.0, 1.0), "coordinate {c}");
    }
    // What they did use is narrowed: the learning rate, and the variant to Sgd's bin.
    let lr = p.learning_rate.coordinate();
    assert!(region.low()[lr] > 0.3 && region.high()[lr] < 0.6, "{region:?}");
    assert_eq!(region.low()[p.optimizer.variant.coordinate()], 0.0);
    assert!(region.high()[p.optimizer.variant.coordinate()] < 0.25);
}

#[test]
fn pbt_explores_a_variant_field_only_in_the_members_that_hold_the_variant() {
    let p = Train::params();
    let explore = [p.learning_rate, p.optimizer.Adam.eps];
    let eps = p.optimizer.Adam.eps.coordinate();
    let history = Pbt::new(8)
        .interval(1)
        .seed(4)
        .explore(explore)
        .threads(2)
        .run(
            6,
            |member| {
                // Even members Adam, odd ones Sgd; the best two, 0 and 1, one of each, stay the
                // best (a copy ties with its source and ranks after it), so both are copied.
                let mut c = Train::from_unit(&[0.5; Train::DIM]);
                c.set_unit(p.optimizer.variant.coordinate(), if member % 2 == 0 { 0.9 } else { 0.1 });
                Ok::<_, String>((c, Json(if member < 2 { 0.0 } else { 10.0 + member as f64 })))
            },
            |model: &mut Json<f64>, _: &Train, _| Ok::<_, String>(model.0),
            |_, _| {},
        )
        .unwrap();
    let (mut adam, mut sgd) = (0, 0);
    for exploit in history.exploits() {
        let config: Train = serde_json::from_value(exploit.config.clone()).unwrap();
        let nudged_eps = exploit.nudges.iter().any(|n| n.coordinate == eps);
        match config.optimizer {
            Optimizer::Adam { .. } => {
                adam += 1;
                assert!(nudged_eps, "{exploit:?}");
            }
            _ => {
                sgd += 1;
                assert!(!nudged_eps, "{exploit:?}");
            }
        }
        assert!(exploit.nudges.iter().any(|n| n.param == "learning_rate"));
    }
    assert!(adam > 0 && sgd > 0, "both kinds copied: {adam} Adam, {sgd} Sgd");
}

/// String choices in a config a study stores: a `String` field (a `&'static str` one cannot be
/// read back from disk), run, stored, read back, and resumed.
#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Named {
    #[hp(choice("adam", "sgd", "rmsprop"))]
    optimizer: String,
    #[hp(log, 1e-4, 1.0)]
    learning_rate: f64,
}

#[test]
fn string_choices_go_through_a_stored_study() {
    let dir = temp_dir("strings");
    let study = || Study::<Named>::new("strings").seed(2).workers(1).storage(&dir);
    let score = |cfg: &Named, _: &mut Trial| {
        Ok::<_, Stop>(cfg.learning_rate * if cfg.optimizer == "adam" { 1.0 } else { 2.0 })
    };
    study().budget(6).run(score).unwrap();
    // Resumed to 12: the first six read back from disk, six more run.
    let results = study().budget(12).run(score).unwrap();
    assert_eq!(results.records().len(), 12);
    let loaded = hp::study::Results::<Named>::load(&dir).unwrap();
    let optimizers: std::collections::BTreeSet<String> =
        loaded.records().iter().map(|r| loaded.config(r).unwrap().optimizer).collect();
    assert!(optimizers.iter().all(|o| ["adam", "sgd", "rmsprop"].contains(&o.as_str())), "{optimizers:?}");
    assert!(optimizers.len() >= 2, "{optimizers:?}");
    for (a, b) in results.records().iter().zip(loaded.records()) {
        assert_eq!(results.config(a).unwrap(), loaded.config(b).unwrap());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
