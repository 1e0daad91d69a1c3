//! A small multilayer perceptron in plain Rust, trained by minibatch SGD with momentum, whose hyperparameters
//! are the lecture's: learning rate α, momentum β, hidden units per layer, number of hidden layers, and the
//! batch size.
//!
//! ```ignore
//! let split = digits::load_split(7)?;
//! let cfg = TrainConfig::LECTURE_DEFAULT;
//! let mut model = Mlp::from_config(&cfg, digits::PIXELS, digits::CLASSES, 1)?;
//! for _ in 0..10 {
//!     let train_loss = model.train_epoch(&split.train, &cfg)?; // NaN or inf when training diverged
//!     let Evaluation { loss, accuracy } = model.evaluate(&split.validation)?;
//! }
//! let checkpoint = model.save();
//! assert_eq!(Mlp::restore(&checkpoint)?.save(), checkpoint); // bit for bit
//! ```
//!
//! Everything a later epoch depends on is in [`Mlp`]: the parameters, the momentum velocities, the seed and
//! the number of epochs trained. The shuffle of epoch `e` is drawn from an RNG seeded by `(seed, e)` rather
//! than from a long-lived RNG, so restoring a saved model and training on gives exactly the bits an
//! uninterrupted run gives (on the same platform: `exp` and `ln` come from the system's math library).

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use super::digits::{Dataset, shuffle};

/// The hyperparameters of one training run. The architecture (`hidden_units`, `layers`) is fixed when the
/// model is built; the optimizer's (`learning_rate`, `momentum`, `batch_size`) may change between epochs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainConfig {
    /// α, the step size.
    pub learning_rate: f64,
    /// β, the weight of the past in the velocity's exponentially weighted average, in [0, 1).
    pub momentum: f64,
    /// Units in each hidden layer.
    pub hidden_units: usize,
    /// Number of hidden layers (the output layer comes on top).
    pub layers: usize,
    /// Samples per gradient step; the last step of an epoch takes the remainder.
    pub batch_size: usize,
}

impl TrainConfig {
    /// The lecture's usual starting point: α = 0.05, β = 0.9, two hidden layers of 64 units, batches of 32.
    pub const LECTURE_DEFAULT: TrainConfig =
        TrainConfig { learning_rate: 0.05, momentum: 0.9, hidden_units: 64, layers: 2, batch_size: 32 };

    /// Checks every field, naming the field, its value and the allowed range.
    pub fn validate(&self) -> Result<(), String> {
        let mut errors = Vec::new();
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            errors.push(format!("learning_rate {} is not a positive finite number", self.learning_rate));
        }
        if !(self.momentum >= 0.0 && self.momentum < 1.0) {
            errors.push(format!("momentum {} is not in [0, 1)", self.momentum));
        }
        if self.hidden_units == 0 {
            errors.push("hidden_units must be at least 1".to_string());
        }
        if self.batch_size == 0 {
            errors.push("batch_size must be at least 1".to_string());
        }
        if errors.is_empty() { Ok(()) } else { Err(errors.join("; ")) }
    }
}

/// Validation (or training) loss and accuracy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    /// Mean softmax cross-entropy; NaN or inf once the parameters diverged.
    pub loss: f64,
    /// Share of samples whose largest logit is the true class, in [0, 1].
    pub accuracy: f64,
}

/// A fully connected network: `layers` hidden layers of `hidden_units` ReLU units, then a linear layer of one
/// logit per class under a softmax cross-entropy loss.
///
/// Parameters and velocities are each one contiguous vector. Layer `l` maps `sizes[l]` inputs to
/// `sizes[l + 1]` outputs with an `inputs x outputs` row-major weight matrix followed by `outputs` biases;
/// a row per input lets both passes run as `y += a * row` over contiguous memory and skip the many zero
/// inputs (blank pixels, inactive ReLUs).
///
/// The update is the lecture's exponentially weighted form, `v = β v + (1 - β) g; w -= α v`, not the classical
/// `v = β v - α g; w += v`: with it α is the step size whatever β is, so the two can be searched independently.
///
/// `PartialEq` compares values, so a model holding a NaN is not equal to itself; compare [`Mlp::save`] bytes for
/// a bit-for-bit check.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    sizes: Vec<usize>,
    params: Vec<f64>,
    velocity: Vec<f64>,
    seed: u64,
    epochs: u64,
}

const MAGIC: &[u8; 8] = b"hpmlp\0v1";

impl Mlp {
    /// A network for `input` features and `classes` classes with `layers` hidden layers of `hidden_units`
    /// units. Weights are He-uniform (variance 2 / fan-in; 1 / fan-in for the output layer), biases and
    /// velocities zero, all drawn from `seed`, which also seeds every epoch's shuffle.
    pub fn new(
        input: usize,
        hidden_units: usize,
        layers: usize,
        classes: usize,
        seed: u64,
    ) -> Result<Self, String> {
        if input == 0 || hidden_units == 0 || classes == 0 {
            return Err(format!(
                "input ({input}), hidden_units ({hidden_units}) and classes ({classes}) must be positive"
            ));
        }
        let mut sizes = vec![input];
        sizes.extend(std::iter::repeat_n(hidden_units, layers));
        sizes.push(classes);
        let count = param_count(&sizes);
        let mut params = Vec::with_capacity(count);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        for l in 0..sizes.len() - 1 {
            let (fan_in, fan_out) = (sizes[l], sizes[l + 1]);
            let variance = if l + 2 == sizes.len() { 1.0 } else { 2.0 } / fan_in as f64;
            // U(-a, a) has variance a^2 / 3.
            let limit = (3.0 * variance).sqrt();
            for _ in 0..fan_in * fan_out {
                params.push((2.0 * rng.random::<f64>() - 1.0) * limit);
            }
            params.extend(std::iter::repeat_n(0.0, fan_out));
        }
        debug_assert_eq!(params.len(), count);
        Ok(Mlp { sizes, params, velocity: vec![0.0; count], seed, epochs: 0 })
    }

    /// [`Mlp::new`] with the architecture of `cfg`, after [`TrainConfig::validate`].
    pub fn from_config(cfg: &TrainConfig, input: usize, classes: usize, seed: u64) -> Result<Self, String> {
        cfg.validate()?;
        Mlp::new(input, cfg.hidden_units, cfg.layers, classes, seed)
    }

    /// Features the network takes.
    pub fn input(&self) -> usize {
        self.sizes[0]
    }

    /// Classes the network scores.
    pub fn classes(&self) -> usize {
        self.sizes[self.sizes.len() - 1]
    }

    /// Number of hidden layers.
    pub fn layers(&self) -> usize {
        self.sizes.len() - 2
    }

    /// Units per hidden layer (0 without hidden layers).
    pub fn hidden_units(&self) -> usize {
        if self.layers() == 0 { 0 } else { self.sizes[1] }
    }

    /// Number of weights and biases.
    pub fn param_count(&self) -> usize {
        self.params.len()
    }

    /// Epochs trained so far; the next epoch's shuffle is derived from it.
    pub fn epochs_trained(&self) -> u64 {
        self.epochs
    }

    /// Draws the shuffles of later epochs from `seed` instead of the seed the model was built with. For
    /// population based training: a member that copies the best member's checkpoint would otherwise see the
    /// same minibatches as the model it copied.
    pub fn reseed_shuffle(&mut self, seed: u64) {
        self.seed = seed;
    }

    /// One pass over `data` in shuffled minibatches of `cfg.batch_size`, updating after each; returns the mean
    /// training loss of the samples, each measured before its batch's update. Divergence is not an error: the
    /// loss comes back NaN or inf. Fails only on a config that is invalid or whose architecture differs from
    /// the model's, or on data of the wrong shape.
    pub fn train_epoch(&mut self, data: &Dataset, cfg: &TrainConfig) -> Result<f64, String> {
        cfg.validate()?;
        if cfg.layers != self.layers() || (self.layers() > 0 && cfg.hidden_units != self.hidden_units()) {
            return Err(format!(
                "the config asks for {} hidden layers of {} units, the model has {} of {}",
                cfg.layers,
                cfg.hidden_units,
                self.layers(),
                self.hidden_units()
            ));
        }
        self.check_data(data)?;
        let mut order: Vec<usize> = (0..data.len()).collect();
        shuffle(&mut order, &mut epoch_rng(self.seed, self.epochs));

        let mut work = Workspace::new(&self.sizes);
        let mut grad = vec![0.0; self.params.len()];
        let mut total_loss = 0.0;
        for batch in order.chunks(cfg.batch_size) {
            grad.fill(0.0);
            let scale = 1.0 / batch.len() as f64;
            for &i in batch {
                self.forward(data.features(i), &mut work);
                total_loss += work.softmax_loss_and_delta(data.label(i), scale);
                self.backward(&mut work, &mut grad);
            }
            let (beta, alpha) = (cfg.momentum, cfg.learning_rate);
            for ((p, v), g) in self.params.iter_mut().zip(&mut self.velocity).zip(&grad) {
                *v = beta * *v + (1.0 - beta) * g;
                *p -= alpha * *v;
            }
        }
        self.epochs += 1;
        Ok(total_loss / data.len() as f64)
    }

    /// Mean loss and accuracy on `data`, without changing the model.
    pub fn evaluate(&self, data: &Dataset) -> Result<Evaluation, String> {
        self.check_data(data)?;
        let mut work = Workspace::new(&self.sizes);
        let (mut loss, mut correct) = (0.0, 0usize);
        for i in 0..data.len() {
            self.forward(data.features(i), &mut work);
            let logits = work.output();
            // `>` is false for NaN, so a diverged model predicts class 0 instead of panicking.
            let predicted =
                (1..logits.len()).fold(0, |best, c| if logits[c] > logits[best] { c } else { best });
            if predicted == data.label(i) {
                correct += 1;
            }
            loss += work.softmax_loss_and_delta(data.label(i), 0.0);
        }
        let n = data.len() as f64;
        Ok(Evaluation { loss: loss / n, accuracy: correct as f64 / n })
    }

    /// The whole state as bytes: a magic tag, the layer sizes, seed and epoch count as little-endian u64s, the
    /// parameters and velocities as the little-endian bits of each f64, and an FNV-1a checksum of all that.
    pub fn save(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 * (6 + self.sizes.len() + 2 * self.params.len()));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.sizes.len() as u64).to_le_bytes());
        for &size in &self.sizes {
            out.extend_from_slice(&(size as u64).to_le_bytes());
        }
        out.extend_from_slice(&self.seed.to_le_bytes());
        out.extend_from_slice(&self.epochs.to_le_bytes());
        for x in self.params.iter().chain(&self.velocity) {
            out.extend_from_slice(&x.to_bits().to_le_bytes());
        }
        let checksum = fnv1a(&out);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// The model [`Mlp::save`] wrote, bit for bit. Fails on a wrong tag, a bad checksum (a torn or altered
    /// file), or sizes that do not match the amount of data.
    pub fn restore(bytes: &[u8]) -> Result<Self, String> {
        let Some((body, checksum)) = bytes.split_last_chunk::<8>() else {
            return Err(format!("checkpoint of {} bytes is too short", bytes.len()));
        };
        if fnv1a(body) != u64::from_le_bytes(*checksum) {
            return Err("checkpoint checksum mismatch: the data is torn or corrupt".to_string());
        }
        let mut reader = Reader { bytes: body };
        if reader.take(8)? != MAGIC {
            return Err("not an hp MLP checkpoint (wrong magic tag)".to_string());
        }
        let layer_count = reader.usize()?;
        if !(2..=1024).contains(&layer_count) {
            return Err(format!("checkpoint claims {layer_count} layer sizes"));
        }
        let sizes = (0..layer_count).map(|_| reader.usize()).collect::<Result<Vec<_>, _>>()?;
        if sizes.contains(&0) {
            return Err(format!("checkpoint has an empty layer: {sizes:?}"));
        }
        let seed = reader.u64()?;
        let epochs = reader.u64()?;
        let count = sizes
            .windows(2)
            .try_fold(0usize, |n, w| w[0].checked_mul(w[1])?.checked_add(w[1])?.checked_add(n))
            .ok_or("checkpoint layer sizes overflow")?;
        if reader.bytes.len() != count.checked_mul(16).ok_or("checkpoint layer sizes overflow")? {
            return Err(format!(
                "checkpoint has {} bytes of parameters, layer sizes {sizes:?} need {count} values twice",
                reader.bytes.len()
            ));
        }
        let params = (0..count).map(|_| reader.f64()).collect::<Result<Vec<_>, _>>()?;
        let velocity = (0..count).map(|_| reader.f64()).collect::<Result<Vec<_>, _>>()?;
        Ok(Mlp { sizes, params, velocity, seed, epochs })
    }

    fn check_data(&self, data: &Dataset) -> Result<(), String> {
        if data.width() != self.input() || data.classes() != self.classes() {
            return Err(format!(
                "data of {} features and {} classes for a model of {} inputs and {} classes",
                data.width(),
                data.classes(),
                self.input(),
                self.classes()
            ));
        }
        if data.is_empty() {
            return Err("empty data set".to_string());
        }
        Ok(())
    }

    /// Fills `work.activations` for input `x`: post-ReLU values for hidden layers, logits for the last.
    fn forward(&self, x: &[f64], work: &mut Workspace) {
        work.activations[0].copy_from_slice(x);
        let mut offset = 0;
        let last = self.sizes.len() - 2;
        for l in 0..=last {
            let (fan_in, fan_out) = (self.sizes[l], self.sizes[l + 1]);
            let weights = &self.params[offset..offset + fan_in * fan_out];
            let biases = &self.params[offset + fan_in * fan_out..offset + fan_in * fan_out + fan_out];
            offset += fan_in * fan_out + fan_out;
            let (before, after) = work.activations.split_at_mut(l + 1);
            let (a, z) = (&before[l], &mut after[0]);
            z.copy_from_slice(biases);
            for (&a_j, row) in a.iter().zip(weights.chunks_exact(fan_out)) {
                if a_j != 0.0 {
                    axpy(a_j, row, z);
                }
            }
            if l < last {
                for z_i in z.iter_mut() {
                    // `max` would turn NaN into 0 and hide divergence.
                    if *z_i < 0.0 {
                        *z_i = 0.0;
                    }
                }
            }
        }
    }

    /// Adds the gradient of the loss whose output delta is in `work.delta` to `grad`, after [`Mlp::forward`] and
    /// [`Workspace::softmax_loss_and_delta`] on the same sample.
    fn backward(&self, work: &mut Workspace, grad: &mut [f64]) {
        let mut end = self.params.len();
        for l in (0..self.sizes.len() - 1).rev() {
            let (fan_in, fan_out) = (self.sizes[l], self.sizes[l + 1]);
            let start = end - fan_in * fan_out - fan_out;
            let weights = &self.params[start..start + fan_in * fan_out];
            let (grad_weights, grad_biases) = grad[start..end].split_at_mut(fan_in * fan_out);
            end = start;
            let a = &work.activations[l];
            let delta = &work.delta[..fan_out];
            for (g, d) in grad_biases.iter_mut().zip(delta) {
                *g += d;
            }
            for (&a_j, g_row) in a.iter().zip(grad_weights.chunks_exact_mut(fan_out)) {
                if a_j != 0.0 {
                    axpy(a_j, delta, g_row);
                }
            }
            if l > 0 {
                let previous = &mut work.previous_delta[..fan_in];
                for ((p, &a_j), row) in previous.iter_mut().zip(a).zip(weights.chunks_exact(fan_out)) {
                    // The ReLU's derivative: 1 where it was active, 0 where it clipped.
                    *p = if a_j > 0.0 { dot(row, delta) } else { 0.0 };
                }
                std::mem::swap(&mut work.delta, &mut work.previous_delta);
            }
        }
    }
}

/// Buffers for one forward and backward pass, allocated once per epoch rather than per sample.
struct Workspace {
    activations: Vec<Vec<f64>>,
    delta: Vec<f64>,
    previous_delta: Vec<f64>,
}

impl Workspace {
    fn new(sizes: &[usize]) -> Self {
        let widest = sizes.iter().copied().max().unwrap_or(0);
        Workspace {
            activations: sizes.iter().map(|&n| vec![0.0; n]).collect(),
            delta: vec![0.0; widest],
            previous_delta: vec![0.0; widest],
        }
    }

    fn output(&self) -> &[f64] {
        &self.activations[self.activations.len() - 1]
    }

    /// The cross-entropy of the softmax of the logits against `label`, computed stably (log-sum-exp around
    /// the largest logit); leaves `scale * (softmax - one_hot)`, the gradient wrt the logits, in `delta`.
    fn softmax_loss_and_delta(&mut self, label: usize, scale: f64) -> f64 {
        let logits = &self.activations[self.activations.len() - 1];
        let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let delta = &mut self.delta[..logits.len()];
        let mut sum = 0.0;
        for (d, &z) in delta.iter_mut().zip(logits) {
            *d = (z - max).exp();
            sum += *d;
        }
        for d in delta.iter_mut() {
            *d *= scale / sum;
        }
        delta[label] -= scale;
        sum.ln() - (logits[label] - max)
    }
}

/// `y += a * x`.
#[inline]
fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (y_i, &x_i) in y.iter_mut().zip(x) {
        *y_i += a * x_i;
    }
}

/// The dot product with four running sums, which the compiler can keep in vector registers (one sum would
/// fix the order of every addition and forbid that).
#[inline]
fn dot(x: &[f64], y: &[f64]) -> f64 {
    let mut sums = [0.0; 4];
    let (x4, y4) = (x.chunks_exact(4), y.chunks_exact(4));
    let tail: f64 = x4.remainder().iter().zip(y4.remainder()).map(|(a, b)| a * b).sum();
    for (a, b) in x4.zip(y4) {
        for k in 0..4 {
            sums[k] += a[k] * b[k];
        }
    }
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + tail
}

fn param_count(sizes: &[usize]) -> usize {
    sizes.windows(2).map(|w| w[0] * w[1] + w[1]).sum()
}

/// The shuffle RNG of epoch `epoch`: a function of the seed and the epoch alone, so no RNG state needs saving.
fn epoch_rng(seed: u64, epoch: u64) -> Xoshiro256PlusPlus {
    // Odd multipliers keep (seed, epoch) -> u64 one-to-one in each argument; seed_from_u64 then scrambles it
    // with SplitMix64. The `+ 1` keeps epoch 0's stream apart from the initialization stream `seed`.
    Xoshiro256PlusPlus::seed_from_u64(seed ^ (epoch + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        if self.bytes.len() < n {
            return Err("checkpoint ends early".to_string());
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u64(&mut self) -> Result<u64, String> {
        let bytes = self.take(8)?;
        Ok(u64::from_le_bytes(bytes.try_into().expect("take(8) returns 8 bytes")))
    }

    fn usize(&mut self) -> Result<usize, String> {
        let value = self.u64()?;
        usize::try_from(value).map_err(|_| format!("checkpoint size {value} does not fit in usize"))
    }

    fn f64(&mut self) -> Result<f64, String> {
        Ok(f64::from_bits(self.u64()?))
    }
}
