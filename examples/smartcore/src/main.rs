//! hp tuning a model of a Rust ML crate: smartcore's support vector classifier on the Wisconsin
//! breast cancer data (569 tumours, 30 features; shipped in smartcore, from the UCI repository).
//!
//! The penalty `C` and the RBF kernel's width `gamma` each span decades, so both are searched on a
//! log scale (the lecture's point); the kernel is a choice, and only the RBF kernel has a `gamma`
//! (a conditional space). Each trial is scored by 5-fold cross-validation, the features
//! standardized on each training fold only. TPE and random search get the same budget.
//!
//! ```text
//! cargo run --release --manifest-path examples/smartcore/Cargo.toml                  # 40 trials each
//! cargo run --release --manifest-path examples/smartcore/Cargo.toml -- --trials 12   # quicker (CI)
//! ```

use std::error::Error;
use std::process::ExitCode;

use hp::Hyperparams;
use hp::strategy::Random;
use hp::study::{Results, Study, Trial};
use hp::tpe::Tpe;
use serde::{Deserialize, Serialize};
use smartcore::api::{Transformer, UnsupervisedEstimator};
use smartcore::dataset::breast_cancer;
use smartcore::linalg::basic::matrix::DenseMatrix;
use smartcore::preprocessing::numerical::{StandardScaler, StandardScalerParameters};
use smartcore::svm::Kernels;
use smartcore::svm::svc::{SVC, SVCParameters};

#[derive(Hyperparams, Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Svm {
    /// The penalty of a misclassified training point.
    #[hp(log, 1e-2, 1e3)]
    c: f64,
    kernel: Kernel,
}

#[derive(Hyperparams, Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Kernel {
    Linear,
    Rbf {
        /// How far one training point reaches (1 / the squared distance that matters).
        #[hp(log, 1e-4, 1.0)]
        gamma: f64,
    },
}

const FOLDS: usize = 5;

/// The data as rows of features and 0/1 labels, shuffled once (a fixed permutation) so that the
/// folds mix both classes.
struct Data {
    rows: Vec<Vec<f64>>,
    labels: Vec<i32>,
}

impl Data {
    fn load() -> Data {
        let set = breast_cancer::load_dataset();
        let d = set.num_features;
        let mut order: Vec<usize> = (0..set.num_samples).collect();
        // A fixed shuffle (multiplicative hashing of the index): the same folds on every run.
        order.sort_by_key(|&i| (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(17));
        let rows = order
            .iter()
            .map(|&i| set.data[i * d..(i + 1) * d].iter().map(|&v| f64::from(v)).collect())
            .collect();
        let labels = order.iter().map(|&i| set.target[i] as i32).collect();
        Data { rows, labels }
    }

    /// The mean accuracy over the folds of an SVC with `cfg`.
    fn cross_validate(&self, cfg: &Svm) -> Result<f64, Box<dyn Error + Send + Sync>> {
        let n = self.rows.len();
        let mut accuracy = 0.0;
        for fold in 0..FOLDS {
            let test = |i: usize| i % FOLDS == fold;
            let pick = |keep: bool| -> (Vec<Vec<f64>>, Vec<i32>) {
                (0..n).filter(|&i| test(i) == keep).map(|i| (self.rows[i].clone(), self.labels[i])).unzip()
            };
            let ((train_x, train_y), (test_x, test_y)) = (pick(false), pick(true));
            let matrix = |rows: &[Vec<f64>]| DenseMatrix::from_2d_vec(&rows.to_vec());
            let scaler = StandardScaler::fit(&matrix(&train_x)?, StandardScalerParameters::default())?;
            let (train_x, test_x) =
                (scaler.transform(&matrix(&train_x)?)?, scaler.transform(&matrix(&test_x)?)?);
            let kernel = match cfg.kernel {
                Kernel::Linear => Kernels::linear(),
                Kernel::Rbf { gamma } => Kernels::rbf().with_gamma(gamma),
            };
            // smartcore's SMO visits the training points in a random order: a fixed seed makes a
            // trial's score a function of its config, so that TPE's runs reproduce.
            let params = SVCParameters::default().with_c(cfg.c).with_kernel(kernel).with_seed(Some(0));
            let svc = SVC::fit(&train_x, &train_y, &params)?;
            let predicted = svc.predict(&test_x)?;
            let right = predicted.iter().zip(&test_y).filter(|(p, y)| **p as i32 == **y).count();
            accuracy += right as f64 / test_y.len() as f64;
        }
        Ok(accuracy / FOLDS as f64)
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("smartcore example: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().collect();
    let trials: u64 = match args.iter().position(|a| a == "--trials") {
        Some(k) => args.get(k + 1).and_then(|t| t.parse().ok()).ok_or("--trials takes a number")?,
        None => 40,
    };
    let data = Data::load();
    println!(
        "SVC on the breast cancer data ({} tumours, {} features), {FOLDS}-fold cross-validated accuracy; {trials} trials each:\n",
        data.rows.len(),
        data.rows[0].len()
    );
    // A fit that fails (smartcore's error) fails that trial only, with smartcore's message.
    let objective = |cfg: &Svm, _: &mut Trial| -> Result<f64, String> {
        data.cross_validate(cfg).map_err(|e| e.to_string())
    };
    let study = |name: &str| Study::<Svm>::new(name).budget(trials).direction(hp::Direction::Maximize);
    // TPE learns from results: with a lag of 2, trial i uses the results of trials 0..=i-2 and
    // two trials run at once; the configs are the same with 1 or 2 workers.
    let tpe = study("svm-tpe").sampler(Tpe::for_config::<Svm>(2017)).lag(2).run(objective)?;
    let random = study("svm-random").strategy(Random::for_config::<Svm>(2017)).workers(2).run(objective)?;
    report("TPE", &tpe)?;
    report("random search", &random)?;
    let default = data.cross_validate(&Svm { c: 1.0, kernel: Kernel::Rbf { gamma: 1.0 / 30.0 } })?;
    println!("\nsmartcore's usual default (C = 1, RBF with gamma = 1/30): {:.2}%", 100.0 * default);
    Ok(())
}

fn report(name: &str, results: &Results<Svm>) -> Result<(), Box<dyn Error + Send + Sync>> {
    let best = results.best().ok_or("no trial completed")?;
    let cfg = results.config(best)?;
    let kernel = match cfg.kernel {
        Kernel::Linear => "linear kernel".to_owned(),
        Kernel::Rbf { gamma } => format!("RBF kernel, gamma = {gamma:.3e}"),
    };
    let value = best.value.unwrap_or(f64::NAN);
    // The best so far after a quarter, half and all of the budget.
    let n = results.records().len();
    let so_far: Vec<String> = [n / 4, n / 2, n]
        .iter()
        .filter(|&&k| k > 0)
        .map(|&k| {
            let best = results.records()[..k].iter().filter_map(|r| r.value).fold(f64::NAN, f64::max);
            format!("{:.2}% after {k}", 100.0 * best)
        })
        .collect();
    println!(
        "{name:>14}: {:.2}% at trial {} (C = {:.3e}, {kernel}); best so far: {}",
        100.0 * value,
        best.index,
        cfg.c,
        so_far.join(", ")
    );
    Ok(())
}
