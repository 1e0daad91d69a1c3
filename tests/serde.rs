//! Configs round-trip through serde, a loaded config is validated, and the space exports to JSON
//! with a fingerprint that changes when the struct does.

use hp::Hyperparams;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

#[derive(Hyperparams, Serialize, Deserialize, Debug, PartialEq)]
struct Train {
    #[hp(log, 1e-4, 1.0)]
    learning_rate: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    momentum: f64,
    #[hp(linear, 50, 100)]
    hidden_units: u32,
    #[hp(linear, 2, 4)]
    layers: usize,
}

/// The same struct with one bound changed.
#[derive(Hyperparams, Debug)]
struct TrainWider {
    #[hp(log, 1e-5, 1.0)]
    learning_rate: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    momentum: f64,
    #[hp(linear, 50, 100)]
    hidden_units: u32,
    #[hp(linear, 2, 4)]
    layers: usize,
}

#[test]
fn configs_round_trip_and_are_validated_on_load() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    for _ in 0..100 {
        let cfg = Train::sample_with(&mut rng);
        let json = serde_json::to_string(&cfg).unwrap();
        let back: Train = serde_json::from_str(&json).unwrap();
        assert_eq!(back, cfg);
        assert!(back.validate().is_ok());
    }
    let edited = r#"{"learning_rate": 2.0, "momentum": 0.95, "hidden_units": 64, "layers": 9}"#;
    let loaded: Train = serde_json::from_str(edited).unwrap();
    let err = loaded.validate().unwrap_err();
    assert_eq!(err.errors().len(), 2);
    let text = err.to_string();
    assert!(text.contains("`learning_rate` = 2.0") && text.contains("log [0.0001, 1.0]"), "{text}");
    assert!(text.contains("`layers` = 9") && text.contains("linear [2, 4]"), "{text}");
}

#[test]
fn the_space_exports_to_json() {
    let json = serde_json::to_value(Train::space()).unwrap();
    assert_eq!(json["dim"], 4);
    assert_eq!(json["fingerprint"], format!("{:016x}", Train::space().fingerprint()));
    let lr = &json["params"][0];
    assert_eq!(lr["name"], "learning_rate");
    assert_eq!(lr["rust_type"], "f64");
    assert_eq!(lr["domain"]["kind"], "float");
    assert_eq!(lr["domain"]["scale"], "log");
    assert_eq!(lr["domain"]["low"], 1e-4);
    assert_eq!(json["params"][1]["domain"]["scale"], "reverse_log");
    assert_eq!(json["params"][3]["domain"]["kind"], "int");
    assert_eq!(json["params"][3]["levels"], 3);
}

#[test]
fn the_fingerprint_notices_a_changed_bound() {
    assert_eq!(Train::space().fingerprint(), Train::space().fingerprint());
    assert_ne!(Train::space().fingerprint(), TrainWider::space().fingerprint());
}
