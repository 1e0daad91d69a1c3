//! The UCI optical digits (1797 8x8 images, 10 classes; see `examples/data/LICENSE-digits.md`), loaded with the
//! standard library alone and split into training and held-out validation sets.
//!
//! ```ignore
//! let split = digits::load_split(7)?;
//! assert_eq!(split.train.len() + split.validation.len(), digits::SAMPLES);
//! ```

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

/// Pixels per image (8x8).
pub const PIXELS: usize = 64;
/// Digits 0..=9.
pub const CLASSES: usize = 10;
/// Rows in `examples/data/digits.csv`.
pub const SAMPLES: usize = 1797;
/// Images per digit in `examples/data/digits.csv`, as documented by UCI (`optdigits.tes`).
pub const CLASS_COUNTS: [usize; CLASSES] = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180];
/// The largest raw pixel value: the number of on pixels in a 4x4 block.
pub const MAX_PIXEL: u8 = 16;
/// The share of each class held out for validation by [`load_split`].
pub const VALIDATION_FRACTION: f64 = 0.2;

// Embedded rather than read at run time, so an example binary copied to a cluster node (a Slurm array task)
// needs no checkout next to it; the file is 260 kB.
const CSV: &str = include_str!("../data/digits.csv");

/// Labelled samples: a row-major `len() x width()` matrix of features and one class per row.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    features: Vec<f64>,
    labels: Vec<u8>,
    width: usize,
    classes: usize,
}

/// A training set and a held-out validation set drawn from the same data.
#[derive(Clone, Debug, PartialEq)]
pub struct Split {
    pub train: Dataset,
    pub validation: Dataset,
}

impl Dataset {
    /// Builds a data set, checking that `features` holds `labels.len()` rows of `width` values and every label is
    /// below `classes`.
    pub fn new(features: Vec<f64>, labels: Vec<u8>, width: usize, classes: usize) -> Result<Self, String> {
        if width == 0 || classes == 0 {
            return Err(format!("width ({width}) and classes ({classes}) must be positive"));
        }
        if features.len() != labels.len() * width {
            return Err(format!(
                "{} feature values do not make {} rows of {width}",
                features.len(),
                labels.len()
            ));
        }
        if let Some((row, &label)) = labels.iter().enumerate().find(|&(_, &l)| usize::from(l) >= classes) {
            return Err(format!("row {row}: label {label} is not below {classes} classes"));
        }
        Ok(Dataset { features, labels, width, classes })
    }

    /// The number of samples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Features per sample.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The number of classes labels are drawn from.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// The features of sample `i`.
    pub fn features(&self, i: usize) -> &[f64] {
        &self.features[i * self.width..(i + 1) * self.width]
    }

    /// The class of sample `i`.
    pub fn label(&self, i: usize) -> usize {
        usize::from(self.labels[i])
    }

    /// How many samples each class has.
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.classes];
        for &label in &self.labels {
            counts[usize::from(label)] += 1;
        }
        counts
    }

    /// The samples at `indices`, in that order.
    pub fn subset(&self, indices: &[usize]) -> Dataset {
        let mut features = Vec::with_capacity(indices.len() * self.width);
        let mut labels = Vec::with_capacity(indices.len());
        for &i in indices {
            features.extend_from_slice(self.features(i));
            labels.push(self.labels[i]);
        }
        Dataset { features, labels, width: self.width, classes: self.classes }
    }

    /// Splits into training and validation sets: [`Dataset::stratified_indices`], then [`Dataset::subset`].
    pub fn stratified_split(&self, validation_fraction: f64, seed: u64) -> Result<Split, String> {
        let (train, validation) = self.stratified_indices(validation_fraction, seed)?;
        Ok(Split { train: self.subset(&train), validation: self.subset(&validation) })
    }

    /// The rows of a stratified split, as (training, validation) indices in increasing order: `validation_fraction`
    /// of every class (rounded to the nearest sample), chosen by a shuffle seeded from `seed`, is held out. The
    /// result depends only on the labels, the fraction and the seed. Fails if the fraction is not in (0, 1) or
    /// some class would be missing from either side.
    pub fn stratified_indices(
        &self,
        validation_fraction: f64,
        seed: u64,
    ) -> Result<(Vec<usize>, Vec<usize>), String> {
        if !(validation_fraction > 0.0 && validation_fraction < 1.0) {
            return Err(format!("validation fraction {validation_fraction} is not in (0, 1)"));
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut train = Vec::new();
        let mut validation = Vec::new();
        for class in 0..self.classes {
            let mut members: Vec<usize> = (0..self.len()).filter(|&i| self.label(i) == class).collect();
            let held_out = (members.len() as f64 * validation_fraction).round() as usize;
            if held_out == 0 || held_out == members.len() {
                return Err(format!(
                    "class {class} has {} samples: a validation fraction of {validation_fraction} leaves one \
                     side without it",
                    members.len()
                ));
            }
            shuffle(&mut members, &mut rng);
            validation.extend_from_slice(&members[..held_out]);
            train.extend_from_slice(&members[held_out..]);
        }
        train.sort_unstable();
        validation.sort_unstable();
        Ok((train, validation))
    }
}

/// Fisher-Yates, written out rather than taken from `rand::seq` so that a given seed keeps giving the same
/// order even if rand changes its shuffle: stored studies and checkpoints replay against it.
pub fn shuffle(items: &mut [usize], rng: &mut Xoshiro256PlusPlus) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

/// Parses the digits CSV format (no header; per line 64 pixels in 0..=16, then the class 0..=9), scaling pixels
/// to [0, 1]. Checks the shape and ranges of every line, not the number of lines.
pub fn parse_csv(text: &str) -> Result<Dataset, String> {
    let mut features = Vec::new();
    let mut labels = Vec::new();
    for (number, line) in text.lines().enumerate().map(|(i, line)| (i + 1, line)) {
        let mut columns = 0;
        for field in line.split(',') {
            columns += 1;
            let value: u8 = field.trim().parse().map_err(|e| {
                format!("line {number}, column {columns}: {field:?} is not a small integer: {e}")
            })?;
            if columns <= PIXELS {
                if value > MAX_PIXEL {
                    return Err(format!(
                        "line {number}, column {columns}: pixel {value} is above {MAX_PIXEL}"
                    ));
                }
                features.push(f64::from(value) / f64::from(MAX_PIXEL));
            } else if columns == PIXELS + 1 {
                if usize::from(value) >= CLASSES {
                    return Err(format!("line {number}: class {value} is not a digit"));
                }
                labels.push(value);
            }
        }
        if columns != PIXELS + 1 {
            return Err(format!("line {number}: {columns} columns, expected {}", PIXELS + 1));
        }
    }
    Dataset::new(features, labels, PIXELS, CLASSES)
}

/// The committed data set, checked against its documented size and class counts so a truncated or altered file
/// fails here rather than as a quietly worse accuracy.
pub fn load() -> Result<Dataset, String> {
    let data = parse_csv(CSV).map_err(|e| format!("examples/data/digits.csv: {e}"))?;
    if data.len() != SAMPLES {
        return Err(format!("examples/data/digits.csv: {} rows, expected {SAMPLES}", data.len()));
    }
    let counts = data.class_counts();
    if counts != CLASS_COUNTS {
        return Err(format!("examples/data/digits.csv: class counts {counts:?}, expected {CLASS_COUNTS:?}"));
    }
    Ok(data)
}

/// [`load`], then [`Dataset::stratified_split`] with [`VALIDATION_FRACTION`]: 1438 training and 359 validation
/// samples.
pub fn load_split(seed: u64) -> Result<Split, String> {
    load()?.stratified_split(VALIDATION_FRACTION, seed)
}
