//! Population based training on the examples' real model (the MLP on the digits): the history
//! is a function of the seed and the population alone, whatever the number of threads; exploits
//! copy the checkpoint exactly and explore only the listed hyperparameters, in bounds.

use crate::Model;
use crate::common::digits::{self, Dataset};
use crate::common::mlp::{Mlp, TrainConfig};
use hp::Hyperparams;
use hp::panda::{PandaError, Pbt, PbtHistory};
use serde::{Deserialize, Serialize};

#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Train {
    #[hp(log, 1e-3, 1.0)]
    learning_rate: f64,
    #[hp(reverse_log, 0.5, 0.999)]
    momentum: f64,
    #[hp(log, 8, 64, step = 2)]
    batch_size: usize,
    /// Not explored: the architecture is the model's.
    #[hp(linear, 8, 24)]
    hidden_units: usize,
}

impl Train {
    fn mlp(&self) -> TrainConfig {
        TrainConfig {
            learning_rate: self.learning_rate,
            momentum: self.momentum,
            hidden_units: self.hidden_units,
            layers: 1,
            batch_size: self.batch_size,
        }
    }
}

/// 20 training and 8 validation images per digit.
fn data() -> (Dataset, Dataset) {
    crate::small_digits(20, 8)
}

fn pbt(seed: u64, population: usize, threads: usize) -> Pbt {
    let p = Train::params();
    let explore = [p.learning_rate, p.momentum, p.batch_size];
    Pbt::new(population).interval(2).max_steps(3).explore(explore).seed(seed).threads(threads)
}

fn run(seed: u64, population: usize, threads: usize) -> PbtHistory {
    train(&pbt(seed, population, threads), 8).unwrap()
}

/// Trains `pbt` for `days` days on the small digits.
fn train(pbt: &Pbt, days: u64) -> Result<PbtHistory, PandaError> {
    let (train, validation) = data();
    pbt.run(
        days,
        |member| -> Result<(Train, Model), String> {
            let mut rng = <rand::rngs::Xoshiro256PlusPlus as rand::SeedableRng>::seed_from_u64(member as u64);
            let cfg = Train::sample_with(&mut rng);
            let mlp = Mlp::from_config(&cfg.mlp(), digits::PIXELS, digits::CLASSES, member as u64)?;
            Ok((cfg, Model(mlp)))
        },
        |model: &mut Model, cfg: &Train, _| -> Result<f64, String> {
            model.0.train_epoch(&train, &cfg.mlp())?;
            Ok(model.0.evaluate(&validation)?.loss)
        },
        |model: &mut Model, seed| model.0.reseed_shuffle(seed),
    )
}

fn json(h: &PbtHistory) -> String {
    serde_json::to_string(h).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_history_on_any_number_of_threads() {
    let one = run(42, 6, 1);
    for threads in [2, 3, 6] {
        assert_eq!(json(&run(42, 6, threads)), json(&one), "{threads} threads");
    }
    assert_eq!(one.days().len(), 6 * 8);
    // 3 exploit rounds (after days 2, 4, 6), 2 members each (a quarter of 6, rounded up).
    assert_eq!(one.exploits().len(), 3 * 2);
    assert_ne!(json(&run(43, 6, 2)), json(&one), "another seed explores otherwise");
}

#[test]
fn a_journalled_run_resumes_to_the_same_history() {
    let dir = std::env::temp_dir().join(format!("hp-pbt-journal-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let whole = run(42, 6, 2);
    // In three sittings: 3 days (mid-interval), then 6, then 8.
    let stored = pbt(42, 6, 2).storage(&dir);
    let first = train(&stored, 3).unwrap();
    assert_eq!(first.days(), &whole.days()[..6 * 3]);
    assert_eq!(train(&stored, 6).unwrap().days(), &whole.days()[..6 * 6]);
    assert_eq!(json(&train(&stored, 8).unwrap()), json(&whole), "resumed twice, as if never stopped");
    // Once done, a rerun trains nothing and returns the same.
    assert_eq!(json(&train(&stored, 8).unwrap()), json(&whole));
    // Another seed is another run: refused, naming the setting.
    let e = train(&pbt(43, 6, 2).storage(&dir), 8).unwrap_err();
    assert!(
        matches!(&e, PandaError::Mismatch { what: "settings", stored, current, .. } if stored == "seed = 42" && current == "seed = 43"),
        "{e}"
    );
    // While one run holds the directory, another is refused, naming the holder.
    let held = hp_store_lock(&dir);
    let e = train(&stored, 8).unwrap_err();
    assert!(
        matches!(&e, PandaError::Locked { dir: d, holder } if *d == dir && holder == "the test, by hand"),
        "{e}"
    );
    drop(held);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The directory's lock, taken as a second PBT run would.
fn hp_store_lock(dir: &std::path::Path) -> impl Drop {
    struct Held(std::fs::File);
    impl Drop for Held {
        fn drop(&mut self) {
            let _ = self.0.unlock();
        }
    }
    let mut file = std::fs::OpenOptions::new().read(true).write(true).open(dir.join("lock")).unwrap();
    file.try_lock().unwrap();
    // Who holds it, as a holder writes it for the next opener's message.
    file.set_len(0).unwrap();
    std::io::Write::write_all(&mut file, b"the test, by hand\n").unwrap();
    Held(file)
}

#[test]
fn exploits_copy_the_best_and_explore_only_the_listed_parameters_in_bounds() {
    let h = run(7, 8, 2);
    let hidden = Train::params().hidden_units.coordinate();
    for e in h.exploits() {
        let day = |member: usize| h.days().iter().find(|d| d.member == member && d.day == e.day).unwrap();
        let (loser, winner) = (day(e.member), day(e.copied));
        assert!(loser.metric >= winner.metric, "{e}");
        assert_eq!(e.metric.to_bits(), loser.metric.to_bits());
        // The architecture comes with the checkpoint, unchanged.
        assert_eq!(e.unit[hidden], winner.unit[hidden], "{e}");
        assert_eq!(e.nudges.len(), 3);
        for n in &e.nudges {
            assert!((1..=3).contains(&n.steps.abs()), "{e}");
        }
        let cfg: Train = serde_json::from_value(e.config.clone()).unwrap();
        assert!(cfg.validate().is_ok(), "{e}");
        assert!(cfg.momentum < 1.0);
        // The next day trains with the explored config.
        let next = h.days().iter().find(|d| d.member == e.member && d.day == e.day + 1).unwrap();
        assert_eq!(next.config, e.config);
    }
    for d in h.days() {
        let cfg: Train = serde_json::from_value(d.config.clone()).unwrap();
        assert!(cfg.validate().is_ok(), "day {} of member {}: {cfg:?}", d.day, d.member);
    }
}

#[test]
fn the_population_plot_draws_every_member_and_the_winners_history() {
    let h = run(7, 6, 2);
    let svg = hp::panda::plot::population_svg(&h, &Train::space(), "validation loss").unwrap();
    assert!(svg.contains("Many pandas: 6 members, 8 days, 6 exploits"), "{}", &svg[..400]);
    for name in ["learning_rate", "momentum", "batch_size"] {
        assert!(svg.contains(name), "no panel for {name}");
    }
    assert!(!svg.contains("hidden_units"), "the architecture was not explored");
}

#[test]
fn a_member_day_that_panics_is_an_error_naming_it_and_a_rerun_resumes_from_the_last_round() {
    use hp::panda::Json;
    let dir = std::env::temp_dir().join(format!("hp-pbt-panic-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let calls = std::sync::atomic::AtomicU64::new(0);
    let run = |pbt: &Pbt, panic_on: Option<(usize, u64)>| {
        calls.store(0, std::sync::atomic::Ordering::Relaxed);
        pbt.run(
            8,
            |member| Ok::<_, String>((member % 2 == 0, Json(member as f64))),
            |w: &mut Json<f64>, up: &bool, d| {
                if panic_on == Some((d.member, d.day)) {
                    panic!("index out of bounds");
                }
                calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                w.0 += if *up { 0.5 } else { -0.25 };
                Ok::<_, String>((w.0 - 3.0).abs())
            },
            |_, _| {},
        )
    };
    let pbt = Pbt::new(4).interval(2).seed(3).threads(2);
    let whole = run(&pbt, None).unwrap();
    let stored = pbt.clone().storage(&dir);
    let e = run(&stored, Some((2, 5))).unwrap_err();
    assert_eq!(e.to_string(), "member 2, day 5 failed: panicked: index out of bounds");
    // Rounds 1 and 2 (days 1 to 4) were journalled; the rerun trains days 5 to 8 only.
    let resumed = run(&stored, None).unwrap();
    assert_eq!(json(&resumed), json(&whole));
    assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 4 * 4);
    std::fs::remove_dir_all(&dir).unwrap();
}
