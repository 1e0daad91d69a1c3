//! PED-ANOVA against Optuna 5's own: the importances Optuna computed on seven studies of its random
//! sampler (tests/fixtures/make_importances.py), recomputed here from the same trials on hp's
//! space, to 1e-9. The space has a linear and a log float, an integer of 8 values, a categorical,
//! and an enum whose `Adam` variant has a field of its own (active in about half the trials).

use hp_core::sampler::{Observation, Outcome};
use hp_core::{Direction, LinearScale, LogScale, Space, SpaceBuilder, Value};
use hp_importance::PedAnova;
use serde_json::Value as Json;

fn space() -> Space {
    let mut b = SpaceBuilder::new();
    b.scale("x".into(), "f64", &LinearScale::new(-5.0, 5.0).unwrap());
    b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    b.scale("n".into(), "u32", &LinearScale::new(1u32, 8).unwrap());
    b.choice("act".into(), "Act", &["relu", "tanh", "gelu"]);
    b.choice("opt".into(), "Opt", &["Sgd", "Adam"]);
    b.enter("opt", "Adam");
    b.scale("opt.Adam.beta".into(), "f64", &LinearScale::new(0.0, 1.0).unwrap());
    b.leave();
    b.finish()
}

/// A trial's unit point from Optuna's parameters (an inactive field at 0.5, where `to_unit` puts it).
fn unit(space: &Space, params: &serde_json::Map<String, Json>) -> Vec<f64> {
    space
        .coordinates()
        .map(|p| {
            let Some(v) = params.get(p.name()) else { return 0.5 };
            let value = match v {
                Json::String(label) => {
                    Value::Choice((0..).find(|&k| p.label(k) == Some(label.as_str())).expect("a known label"))
                }
                Json::Number(n) if p.name() == "n" => Value::Int(n.as_i64().unwrap().into()),
                Json::Number(n) => Value::F64(n.as_f64().unwrap()),
                other => panic!("unexpected parameter value {other}"),
            };
            p.to_unit(value).expect("a value of the space")
        })
        .collect()
}

#[test]
fn importances_equal_optunas_on_the_same_trials() {
    let fixture: Json =
        serde_json::from_str(include_str!("fixtures/importances.json")).expect("the fixture is JSON");
    let space = space();
    let cases = fixture["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 7);
    for case in cases {
        let seed = &case["seed"];
        let direction = Direction::from_name(case["direction"].as_str().unwrap()).unwrap();
        let trials: Vec<Observation> = case["trials"]
            .as_array()
            .unwrap()
            .iter()
            .zip(0..)
            .map(|(t, i)| {
                let value = t["value"].as_f64().unwrap();
                Observation::new(
                    i,
                    unit(&space, t["params"].as_object().unwrap()),
                    Outcome::Complete { value },
                )
            })
            .collect();
        let evaluator = PedAnova::new()
            .target_quantile(case["target_quantile"].as_f64().unwrap())
            .region_quantile(case["region_quantile"].as_f64().unwrap());
        let ours = evaluator.importances(&space, &trials, direction).unwrap();
        let theirs = case["importances"].as_object().unwrap();
        assert_eq!(ours.len(), theirs.len(), "case {seed}");
        for i in &ours {
            let expected = theirs[&i.name].as_f64().unwrap();
            assert!(
                (i.importance - expected).abs() < 1e-9,
                "case {seed}, {}: hp {} against Optuna {expected}",
                i.name,
                i.importance
            );
        }
        // Largest first.
        assert!(ours.windows(2).all(|w| w[0].importance >= w[1].importance), "case {seed}");
    }
}
