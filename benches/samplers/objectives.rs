//! The benchmark objectives of `../shared/objectives/README.md` (`lecture`, `branin`,
//! `hartmann6`) and hp's conditional one (`optimizers`), with their spaces as derived configs.
//! Each formula is written as the README specifies (products for squares, left-to-right sums,
//! libm's functions), and `check_test_vectors` compares it with the README's test vectors.

use core::f64::consts::PI;

use hp::Hyperparams;
use serde::{Deserialize, Serialize};

fn sq(v: f64) -> f64 {
    v * v
}

/// `lecture`: α log 1e-4..1, 1-β log 1e-3..1e-1 (sampled and used directly), hidden units
/// 50..100, layers 2..4.
#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug)]
pub struct Lecture {
    #[hp(log, 1e-4, 1.0)]
    pub lr: f64,
    #[hp(log, 1e-3, 1e-1)]
    pub one_minus_beta: f64,
    #[hp(linear, 50, 100)]
    pub hidden_units: i64,
    #[hp(linear, 2, 4)]
    pub layers: i64,
}

pub fn lecture(c: &Lecture) -> f64 {
    let a = libm::log10(c.lr) - libm::log10(0.003);
    let b = libm::log10(c.one_minus_beta) - (-2.0);
    let u = (c.hidden_units as f64 - 80.0) / 25.0;
    sq(a) + 0.5 * sq(b) + sq(u) * 0.3 + 0.2 * ((c.layers - 3) as f64).abs()
}

/// `branin`: x1 in [-5, 10], x2 in [0, 15], both linear.
#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug)]
pub struct Branin {
    #[hp(linear, -5.0, 10.0)]
    pub x1: f64,
    #[hp(linear, 0.0, 15.0)]
    pub x2: f64,
}

pub fn branin(c: &Branin) -> f64 {
    let b = 5.1 / (4.0 * PI * PI);
    let cc = 5.0 / PI;
    let t = 1.0 / (8.0 * PI);
    let y = c.x2 - b * c.x1 * c.x1 + cc * c.x1 - 6.0;
    1.0 * sq(y) + 10.0 * (1.0 - t) * libm::cos(c.x1) + 10.0
}

/// `hartmann6`: six coordinates in [0, 1], linear.
#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug)]
pub struct Hartmann6 {
    #[hp(linear, 0.0, 1.0)]
    pub x0: f64,
    #[hp(linear, 0.0, 1.0)]
    pub x1: f64,
    #[hp(linear, 0.0, 1.0)]
    pub x2: f64,
    #[hp(linear, 0.0, 1.0)]
    pub x3: f64,
    #[hp(linear, 0.0, 1.0)]
    pub x4: f64,
    #[hp(linear, 0.0, 1.0)]
    pub x5: f64,
}

pub fn hartmann6(c: &Hartmann6) -> f64 {
    hartmann6_at(&[c.x0, c.x1, c.x2, c.x3, c.x4, c.x5])
}

fn hartmann6_at(x: &[f64; 6]) -> f64 {
    const ALPHA: [f64; 4] = [1.0, 1.2, 3.0, 3.2];
    const A: [[f64; 6]; 4] = [
        [10.0, 3.0, 17.0, 3.5, 1.7, 8.0],
        [0.05, 10.0, 17.0, 0.1, 8.0, 14.0],
        [3.0, 3.5, 1.7, 10.0, 17.0, 8.0],
        [17.0, 8.0, 0.05, 10.0, 0.1, 14.0],
    ];
    const P: [[f64; 6]; 4] = [
        [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
        [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
        [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
        [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
    ];
    let mut total = 0.0;
    for i in 0..4 {
        let mut inner = 0.0;
        for j in 0..6 {
            inner += A[i][j] * sq(x[j] - P[i][j]);
        }
        total += ALPHA[i] * libm::exp(-inner);
    }
    -total
}

/// hp's conditional space: an optimizer with its own parameters (Adam's are the best), plus two
/// shared fields. Minimum 0 at Adam, lr 1e-3, 1-β2 1e-3, ε 1e-8, 128 units, 2 layers.
#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug)]
pub struct Optimizers {
    #[hp(log, 16, 1024)]
    pub units: i64,
    #[hp(linear, 1, 4)]
    pub layers: i64,
    pub optimizer: Optimizer,
}

#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug)]
pub enum Optimizer {
    Sgd {
        #[hp(log, 1e-4, 1.0)]
        lr: f64,
    },
    Momentum {
        #[hp(log, 1e-4, 1.0)]
        lr: f64,
        #[hp(log, 1e-3, 1e-1)]
        one_minus_beta: f64,
    },
    Adam {
        #[hp(log, 1e-5, 1e-1)]
        lr: f64,
        #[hp(log, 1e-4, 1e-1)]
        one_minus_beta2: f64,
        #[hp(log, 1e-10, 1e-4)]
        eps: f64,
    },
}

pub fn optimizers(c: &Optimizers) -> f64 {
    let l = libm::log10;
    let shared =
        0.3 * sq((l(c.units as f64) - l(128.0)) / l(2.0) / 3.0) + 0.1 * ((c.layers - 2) as f64).abs();
    let own = match c.optimizer {
        Optimizer::Sgd { lr } => 0.6 + sq(l(lr) + 1.0),
        Optimizer::Momentum { lr, one_minus_beta } => {
            0.3 + sq(l(lr) + 2.0) + 0.5 * sq(l(one_minus_beta) + 2.0)
        }
        Optimizer::Adam { lr, one_minus_beta2, eps } => {
            sq(l(lr) + 3.0) + 0.5 * sq(l(one_minus_beta2) + 3.0) + 0.1 * sq(l(eps) + 8.0)
        }
    };
    shared + own
}

/// The README's test vectors, to 1e-12 relative (and the conditional objective's minimum).
pub fn check_test_vectors() {
    let close = |got: f64, want: f64, what: &str| {
        assert!(
            (got - want).abs() <= 1e-12 * want.abs().max(1e-300) || got == want,
            "{what}: {got:e} != {want:e}"
        );
    };
    let lec = |lr, one_minus_beta, hidden_units, layers| {
        lecture(&Lecture { lr, one_minus_beta, hidden_units, layers })
    };
    close(lec(0.003, 0.01, 80, 3), 0.0, "lecture at its minimum");
    close(lec(0.0001, 0.001, 50, 2), 3.3138872011445906, "lecture 2");
    close(lec(0.5, 0.05, 100, 4), 5.572891399652513, "lecture 3");
    let br = |x1, x2| branin(&Branin { x1, x2 });
    close(br(-PI, 12.275), 0.39788735772973816, "branin 1");
    close(br(PI, 2.275), 0.39788735772973816, "branin 2");
    close(br(9.42478, 2.475), 0.39788735775266204, "branin 3");
    close(br(0.0, 0.0), 55.602112642270264, "branin 4");
    close(
        hartmann6_at(&[0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]),
        -3.322368011391339,
        "hartmann6 1",
    );
    close(hartmann6_at(&[0.5; 6]), -0.5053149917022333, "hartmann6 2");
    let adam = Optimizer::Adam { lr: 1e-3, one_minus_beta2: 1e-3, eps: 1e-8 };
    close(optimizers(&Optimizers { units: 128, layers: 2, optimizer: adam }), 0.0, "optimizers minimum");
}
