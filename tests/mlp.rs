//! The examples' model and data (examples/common): the data set loads and splits as documented, the MLP learns,
//! divergence comes back as a value, and a checkpoint restores bit for bit, so a panda rollback is exact.

#[path = "../examples/common/mod.rs"]
mod common;

use common::digits::{self, Dataset};
use common::mlp::{Mlp, TrainConfig};

/// A small, fast configuration for debug-mode tests.
const SMALL: TrainConfig =
    TrainConfig { learning_rate: 0.1, momentum: 0.9, hidden_units: 16, layers: 2, batch_size: 16 };

/// The first `per_class` samples of every class: a balanced subset that keeps debug-mode tests fast.
fn small_subset(data: &Dataset, per_class: usize) -> Dataset {
    let mut taken = vec![0; data.classes()];
    let indices: Vec<usize> = (0..data.len())
        .filter(|&i| {
            let class = data.label(i);
            taken[class] += 1;
            taken[class] <= per_class
        })
        .collect();
    data.subset(&indices)
}

#[test]
fn the_committed_data_has_its_documented_shape_and_classes() {
    let data = digits::load().unwrap();
    assert_eq!(data.len(), digits::SAMPLES);
    assert_eq!(data.width(), digits::PIXELS);
    assert_eq!(data.class_counts(), digits::CLASS_COUNTS);
    let pixels: Vec<f64> = (0..data.len()).flat_map(|i| data.features(i).to_vec()).collect();
    assert!(pixels.iter().all(|&p| (0.0..=1.0).contains(&p)));
    // Scaled by 16, not by each image's maximum: both ends of the range occur.
    assert!(pixels.contains(&0.0) && pixels.contains(&1.0));
    // The first row of the file, as scikit-learn's load_digits() returns it.
    let first: Vec<f64> = data.features(0).iter().map(|p| p * 16.0).collect();
    assert_eq!(&first[..8], &[0.0, 0.0, 5.0, 13.0, 9.0, 1.0, 0.0, 0.0]);
    assert_eq!(data.label(0), 0);
}

#[test]
fn malformed_csv_lines_are_rejected_with_their_line_number() {
    let row = |pixel: &str, class: &str| format!("{pixel}{},{class}\n", ",0".repeat(63));
    assert_eq!(digits::parse_csv(&(row("3", "7") + &row("16", "0"))).unwrap().len(), 2);
    let cases = [
        (row("17", "1"), "pixel 17"),
        (row("0", "10"), "class 10"),
        (row("x", "1"), "\"x\""),
        (row("-1", "1"), "\"-1\""),
        (format!("{}\n", "0,".repeat(64)), "column 65"),
        ("0,1\n".to_string(), "2 columns"),
        (row("0", "1") + "\n", "line 2"),
    ];
    for (text, expected) in cases {
        let error = digits::parse_csv(&text).unwrap_err();
        assert!(error.contains(expected), "{error:?} should mention {expected:?}");
    }
}

#[test]
fn the_split_is_deterministic_stratified_and_a_partition() {
    let data = digits::load().unwrap();
    let (train, validation) = data.stratified_indices(digits::VALIDATION_FRACTION, 7).unwrap();
    assert_eq!(
        data.stratified_indices(digits::VALIDATION_FRACTION, 7).unwrap(),
        (train.clone(), validation.clone())
    );

    let mut all: Vec<usize> = train.iter().chain(&validation).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..data.len()).collect::<Vec<_>>(), "every row in exactly one side");

    let split = data.stratified_split(digits::VALIDATION_FRACTION, 7).unwrap();
    assert_eq!((split.train.len(), split.validation.len()), (1438, 359));
    assert_eq!(split, digits::load_split(7).unwrap());
    for (class, (&held_out, &total)) in
        split.validation.class_counts().iter().zip(&digits::CLASS_COUNTS).enumerate()
    {
        assert_eq!(held_out, (total as f64 * 0.2).round() as usize, "class {class}");
        assert_eq!(split.train.class_counts()[class], total - held_out, "class {class}");
    }

    let (_, other) = data.stratified_indices(digits::VALIDATION_FRACTION, 8).unwrap();
    assert_ne!(validation, other, "the seed chooses the held-out rows");

    for fraction in [0.0, 1.0, f64::NAN, -0.5] {
        assert!(data.stratified_split(fraction, 7).is_err(), "fraction {fraction}");
    }
    // 2 samples per class: holding out 10% rounds to none.
    assert!(small_subset(&data, 2).stratified_split(0.1, 7).unwrap_err().contains("class 0"));
}

#[test]
fn a_few_epochs_reduce_the_loss_and_beat_chance() {
    let data = small_subset(&digits::load().unwrap(), 40);
    let split = data.stratified_split(0.25, 3).unwrap();
    let mut model = Mlp::from_config(&SMALL, digits::PIXELS, digits::CLASSES, 5).unwrap();
    let before = model.evaluate(&split.train).unwrap();
    let losses: Vec<f64> = (0..6).map(|_| model.train_epoch(&split.train, &SMALL).unwrap()).collect();
    let after = model.evaluate(&split.train).unwrap();
    assert!(losses.iter().all(|l| l.is_finite()), "{losses:?}");
    assert!(losses[5] < 0.5 * losses[0], "{losses:?}");
    assert!(after.loss < 0.5 * before.loss, "{before:?} -> {after:?}");
    let validation = model.evaluate(&split.validation).unwrap();
    assert!(validation.accuracy > 0.5, "{validation:?} on 100 held-out samples; chance is 0.1");
    assert_eq!(model.epochs_trained(), 6);
}

#[test]
fn restoring_a_checkpoint_is_bit_exact_and_training_continues_identically() {
    let data = small_subset(&digits::load().unwrap(), 20);
    let mut model = Mlp::from_config(&SMALL, digits::PIXELS, digits::CLASSES, 11).unwrap();
    for _ in 0..2 {
        model.train_epoch(&data, &SMALL).unwrap();
    }
    let checkpoint = model.save();
    let mut restored = Mlp::restore(&checkpoint).unwrap();
    assert_eq!(restored, model);
    assert_eq!(restored.save(), checkpoint);

    // Days 3 and 4 with a panda-style nudge in between, on both copies.
    let nudged = TrainConfig { learning_rate: 0.2, momentum: 0.95, batch_size: 8, ..SMALL };
    for cfg in [SMALL, nudged] {
        let expected = model.train_epoch(&data, &cfg).unwrap();
        let actual = restored.train_epoch(&data, &cfg).unwrap();
        assert_eq!(actual.to_bits(), expected.to_bits());
    }
    assert_eq!(restored.save(), model.save());
    assert_ne!(model.save(), checkpoint, "training moved the model on");

    // Rolling back to the checkpoint and replaying gives the same days again.
    let mut rolled_back = Mlp::restore(&checkpoint).unwrap();
    rolled_back.train_epoch(&data, &SMALL).unwrap();
    rolled_back.train_epoch(&data, &nudged).unwrap();
    assert_eq!(rolled_back.save(), model.save());
}

#[test]
fn damaged_checkpoints_are_refused() {
    let model = Mlp::new(4, 3, 1, 2, 0).unwrap();
    let checkpoint = model.save();
    assert_eq!(Mlp::restore(&checkpoint).unwrap().save(), checkpoint);
    for cut in [0, 7, 8, checkpoint.len() / 2, checkpoint.len() - 1] {
        assert!(Mlp::restore(&checkpoint[..cut]).is_err(), "truncated to {cut} bytes");
    }
    for position in [0, 10, checkpoint.len() / 2, checkpoint.len() - 1] {
        let mut flipped = checkpoint.clone();
        flipped[position] ^= 0x10;
        assert!(Mlp::restore(&flipped).is_err(), "bit flipped at byte {position}");
    }
    let mut extended = checkpoint.clone();
    extended.push(0);
    assert!(Mlp::restore(&extended).is_err());
}

#[test]
fn the_seed_alone_determines_the_model() {
    let data = small_subset(&digits::load().unwrap(), 10);
    let train = |seed| {
        let mut model = Mlp::from_config(&SMALL, digits::PIXELS, digits::CLASSES, seed).unwrap();
        model.train_epoch(&data, &SMALL).unwrap();
        model.save()
    };
    assert_eq!(train(1), train(1));
    assert_ne!(train(1), train(2));

    // A copy reseeded for its shuffles (a PBT exploit step) diverges from the original; one that is not, does not.
    let mut original = Mlp::from_config(&SMALL, digits::PIXELS, digits::CLASSES, 1).unwrap();
    let (mut same, mut reseeded) = (original.clone(), original.clone());
    reseeded.reseed_shuffle(2);
    for model in [&mut original, &mut same, &mut reseeded] {
        model.train_epoch(&data, &SMALL).unwrap();
    }
    assert_eq!(same.save(), original.save());
    assert_ne!(reseeded.save(), original.save());
}

#[test]
fn divergence_is_a_non_finite_loss_not_a_panic() {
    let data = small_subset(&digits::load().unwrap(), 10);
    let cfg = TrainConfig { learning_rate: 1e300, ..SMALL };
    let mut model = Mlp::from_config(&cfg, digits::PIXELS, digits::CLASSES, 1).unwrap();
    let losses: Vec<f64> = (0..3).map(|_| model.train_epoch(&data, &cfg).unwrap()).collect();
    assert!(losses.iter().any(|l| !l.is_finite()), "{losses:?}");
    let evaluation = model.evaluate(&data).unwrap();
    assert!(!evaluation.loss.is_finite(), "{evaluation:?}");
    assert!((0.0..=1.0).contains(&evaluation.accuracy), "{evaluation:?}");
    // A diverged model still checkpoints and restores exactly (NaN payloads included).
    let checkpoint = model.save();
    assert_eq!(Mlp::restore(&checkpoint).unwrap().save(), checkpoint);
}

#[test]
fn invalid_configs_and_mismatched_shapes_are_errors() {
    let bad =
        TrainConfig { learning_rate: f64::NAN, momentum: 1.0, hidden_units: 0, layers: 2, batch_size: 0 };
    let error = bad.validate().unwrap_err();
    for field in ["learning_rate NaN", "momentum 1", "hidden_units", "batch_size"] {
        assert!(error.contains(field), "{error:?} should mention {field:?}");
    }
    assert!(TrainConfig::LECTURE_DEFAULT.validate().is_ok());

    let data = small_subset(&digits::load().unwrap(), 2);
    let mut model = Mlp::from_config(&SMALL, digits::PIXELS, digits::CLASSES, 1).unwrap();
    let wider = TrainConfig { hidden_units: 32, ..SMALL };
    assert!(model.train_epoch(&data, &wider).unwrap_err().contains("hidden layers"));
    assert!(model.train_epoch(&data, &bad).is_err());
    let mut other_width = Mlp::new(8, 4, 1, digits::CLASSES, 1).unwrap();
    assert!(other_width.train_epoch(&data, &TrainConfig { hidden_units: 4, layers: 1, ..SMALL }).is_err());
    assert!(other_width.evaluate(&data).is_err());
    assert_eq!(other_width.epochs_trained(), 0, "a refused epoch does not count");
}
