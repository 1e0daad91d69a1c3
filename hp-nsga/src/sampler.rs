//! [`Nsga2`]: NSGA-II as a [`Sampler`] on hp's unit cube.

use core::fmt;
use std::sync::Mutex;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt};

use crate::rank::{self, Fitness};
use hp_core::sampler::{History, Observation, Outcome, Sampler};
use hp_core::strategy::{Random, Strategy};
use hp_core::{Hyperparams, Space};

/// NSGA-II (Deb et al. 2002) as Optuna 5's `NSGAIISampler` runs it by default, on hp's unit
/// cube: a [`Sampler`] for studies of several objectives (and of one, as a genetic algorithm).
///
/// **Generations.** A generation is the next [`population`](Nsga2::population) finished trials
/// (complete or infeasible) in index order; pruned, failed and running trials belong to none.
/// Until the history holds one whole generation, trial `i` is random search's trial `i` (Optuna
/// also starts at random). After that, trial `i` is a child of the parents of the last whole
/// generation `G`: the parents of generation 1 are the elite of generation 0, and those of
/// generation `g + 1` the elite of generation `g` together with its own parents.
///
/// **Elite.** Members are ranked by non-domination under constrained domination (a feasible
/// trial beats an infeasible one; two infeasible ones compare by violation), and whole ranks are
/// kept while they fit; the rank that does not fit is cut by crowding distance, the largest
/// first.
///
/// **A child.** With probability [`crossover_prob`](Nsga2::crossover_prob) (0.9) two parents
/// are drawn by binary tournament (two members at random; one that dominates the other wins,
/// otherwise the second) and each coordinate comes from the second parent with probability
/// [`swapping_prob`](Nsga2::swapping_prob) (0.5), otherwise from the first (uniform crossover);
/// otherwise the child copies one parent drawn at random. Then each coordinate is redrawn
/// uniformly with probability [`mutation_prob`](Nsga2::mutation_prob) (default `1/n` for the
/// `n` coordinates that have more than one value). A coordinate the chosen parent did not use
/// (another enum variant's field) is drawn uniformly too. Copying and redrawing on the unit cube
/// never leave a coordinate's range, and a redrawn `log` field is log-uniform, as random search
/// draws it.
///
/// **Objectives.** A trial's objectives are its
/// [`Observation::objectives`](hp_core::sampler::Observation::objectives) (losses, one per
/// objective); in a history without them, its value as a loss, so NSGA-II also runs on one
/// objective.
///
/// **Reproducible.** Generations follow trial indices, not timing, and trial `i`'s random numbers
/// come from a generator seeded by `(seed, i)`: a proposal is a function of the seed, `i` and the
/// history, with any number of workers. Where Optuna assigns a trial to the generation current
/// when it *starts*, hp counts it in the generation it *finishes* in index order; with one worker
/// the two agree.
///
/// ```
/// use hp_core::sampler::{History, Observation, Outcome, Sampler};
/// use hp_core::{Direction, LinearScale, SpaceBuilder};
/// use hp_nsga::Nsga2;
///
/// // Schaffer's problem: minimize x² and (x - 2)² for x in [-5, 5]; the front is 0 <= x <= 2.
/// let mut b = SpaceBuilder::new();
/// b.scale("x".into(), "f64", &LinearScale::new(-5.0, 5.0)?);
/// // With one coordinate the default mutation rate, 1/n, would redraw every child.
/// let nsga = Nsga2::new(7, b.finish()).population(10).mutation_prob(0.1);
/// let mut trials = Vec::new();
/// for i in 0..100 {
///     let mut u = [0.0];
///     nsga.propose(i, &History::new(Direction::Minimize, &trials), &mut u);
///     let x = -5.0 + 10.0 * u[0];
///     let o = Observation::new(i, u.to_vec(), Outcome::Complete { value: x * x });
///     trials.push(o.with_objectives(vec![x * x, (x - 2.0) * (x - 2.0)]));
/// }
/// // The last generation lies on the front.
/// let last = trials[90..].iter().filter(|o| (0.0..=2.0).contains(&(-5.0 + 10.0 * o.unit[0]))).count();
/// assert!(last >= 7, "{last} of 10");
/// # Ok::<(), hp_core::ScaleError>(())
/// ```
pub struct Nsga2 {
    seed: u64,
    space: Space,
    population: usize,
    crossover_prob: f64,
    swapping_prob: f64,
    mutation_prob: Option<f64>,
    /// For each coordinate: its only unit point if it has one value (nothing to choose).
    single: Vec<Option<f64>>,
    /// The generations of the last history seen and the parents chosen after each: a study's
    /// histories grow, so trial `i` recomputes only what its history changed.
    generations: Mutex<Vec<Generation>>,
}

/// One generation's fitness as a history held it and the parents chosen after it (positions among
/// the history's members): selection reads nothing else.
struct Generation {
    fitness: Vec<Fitness>,
    parents: Vec<usize>,
}

impl Clone for Nsga2 {
    fn clone(&self) -> Nsga2 {
        Nsga2 {
            space: self.space.clone(),
            single: self.single.clone(),
            generations: Mutex::new(Vec::new()),
            ..*self
        }
    }
}

impl fmt::Debug for Nsga2 {
    // The settings that decide the proposals: what a stored study records.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Nsga2")
            .field("seed", &self.seed)
            .field("dim", &self.space.dim())
            .field("population", &self.population)
            .field("crossover", &"uniform")
            .field("crossover_prob", &self.crossover_prob)
            .field("swapping_prob", &self.swapping_prob)
            .field("mutation_prob", &self.mutation_rate())
            .finish()
    }
}

impl Nsga2 {
    /// NSGA-II for a space with Optuna 5's defaults: a population of 50, uniform crossover with
    /// probability 0.9 and swapping probability 0.5, mutation probability `1/n`.
    ///
    /// ```
    /// use hp_core::Hyperparams;
    /// let nsga = hp_nsga::Nsga2::new(42, bool::space());
    /// assert_eq!(hp_core::sampler::Sampler::unit_dim(&nsga), 1);
    /// ```
    pub fn new(seed: u64, space: Space) -> Nsga2 {
        let single = space
            .coordinates()
            .map(|p| match p.levels().and_then(|l| l.count()) {
                Some(n) if n <= 1 => Some(p.nth_unit(0).unwrap_or(0.5)),
                _ => None,
            })
            .collect();
        Nsga2 {
            seed,
            space,
            population: 50,
            crossover_prob: 0.9,
            swapping_prob: 0.5,
            mutation_prob: None,
            single,
            generations: Mutex::new(Vec::new()),
        }
    }

    /// NSGA-II for config type `C`'s space.
    ///
    /// ```
    /// let nsga = hp_nsga::Nsga2::for_config::<bool>(42);
    /// ```
    pub fn for_config<C: Hyperparams>(seed: u64) -> Nsga2 {
        Nsga2::new(seed, C::space())
    }

    /// The number of trials in a generation and of parents kept (default 50; at least 2, as
    /// Optuna requires).
    ///
    /// ```
    /// let nsga = hp_nsga::Nsga2::for_config::<bool>(1).population(20);
    /// ```
    pub fn population(mut self, n: usize) -> Nsga2 {
        self.population = n.max(2);
        self
    }

    /// The probability that a child is a crossover of two parents rather than a copy of one
    /// (default 0.9).
    ///
    /// # Panics
    /// If `p` is not in `[0, 1]`.
    ///
    /// ```
    /// let nsga = hp_nsga::Nsga2::for_config::<bool>(1).crossover_prob(1.0);
    /// ```
    pub fn crossover_prob(mut self, p: f64) -> Nsga2 {
        self.crossover_prob = probability("crossover_prob", p);
        self
    }

    /// The probability that a coordinate of a crossover comes from the second parent (default
    /// 0.5).
    ///
    /// # Panics
    /// If `p` is not in `[0, 1]`.
    ///
    /// ```
    /// let nsga = hp_nsga::Nsga2::for_config::<bool>(1).swapping_prob(0.3);
    /// ```
    pub fn swapping_prob(mut self, p: f64) -> Nsga2 {
        self.swapping_prob = probability("swapping_prob", p);
        self
    }

    /// The probability that a child's coordinate is redrawn at random (default `1/n` for the
    /// `n` coordinates with more than one value).
    ///
    /// # Panics
    /// If `p` is not in `[0, 1]`.
    ///
    /// ```
    /// let nsga = hp_nsga::Nsga2::for_config::<bool>(1).mutation_prob(0.2);
    /// ```
    pub fn mutation_prob(mut self, p: f64) -> Nsga2 {
        self.mutation_prob = Some(probability("mutation_prob", p));
        self
    }

    /// The space it samples.
    ///
    /// ```
    /// # use hp_core::Hyperparams;
    /// assert_eq!(hp_nsga::Nsga2::for_config::<bool>(1).space(), &bool::space());
    /// ```
    pub fn space(&self) -> &Space {
        &self.space
    }

    /// The mutation probability in use: the one set, or `1 / max(1, n)`.
    fn mutation_rate(&self) -> f64 {
        let n = self.single.iter().filter(|s| s.is_none()).count();
        self.mutation_prob.unwrap_or(1.0 / n.max(1) as f64)
    }

    fn trial_rng(&self, i: u64) -> Xoshiro256PlusPlus {
        // Another stream than random search's trial i (which is generation 0's point).
        Random::new(self.seed ^ 0x6e73_6761_5f69_6921, 0).trial_rng(i)
    }

    /// The parents of the last whole generation of `history`, as positions in `members`; `None`
    /// before the first generation is whole. A generation's parents are taken from the cache when
    /// its fitness and every earlier generation's are as cached: they are a function of those.
    fn parents(&self, members: &[Member<'_>]) -> Option<Vec<usize>> {
        let generations = members.len() / self.population;
        if generations == 0 {
            return None;
        }
        let mut cache = self.generations.lock().unwrap_or_else(|p| p.into_inner());
        let mut parents: Vec<usize> = Vec::new();
        for g in 0..generations {
            let block = &members[g * self.population..(g + 1) * self.population];
            let cached = cache.get(g).is_some_and(|c| c.fitness.iter().eq(block.iter().map(|m| &m.fitness)));
            if cached {
                parents.clone_from(&cache[g].parents);
                continue;
            }
            let mut candidates: Vec<usize> = (g * self.population..(g + 1) * self.population).collect();
            candidates.extend(&parents);
            let fitness: Vec<Fitness> = candidates.iter().map(|&k| members[k].fitness.clone()).collect();
            parents = rank::elite(&fitness, self.population).into_iter().map(|k| candidates[k]).collect();
            cache.truncate(g);
            let fitness = block.iter().map(|m| m.fitness.clone()).collect();
            cache.push(Generation { fitness, parents: parents.clone() });
        }
        Some(parents)
    }

    /// A child of `parents` (positions in `members`) into `out`.
    fn child(
        &self,
        members: &[Member<'_>],
        parents: &[usize],
        rng: &mut Xoshiro256PlusPlus,
        out: &mut [f64],
    ) {
        let pick = |rng: &mut Xoshiro256PlusPlus, from: &[usize]| {
            from[rng.random_range(0..from.len() as u64) as usize]
        };
        let (first, second) = if uniform(rng) < self.crossover_prob {
            let first = tournament(members, parents, rng, &pick);
            let rest: Vec<usize> = parents.iter().copied().filter(|&p| p != first).collect();
            let second = if rest.is_empty() { first } else { tournament(members, &rest, rng, &pick) };
            (first, Some(second))
        } else {
            (pick(rng, parents), None)
        };
        let mutation = self.mutation_rate();
        for (c, slot) in out.iter_mut().enumerate() {
            let from = match second {
                Some(second) if uniform(rng) >= self.swapping_prob => second,
                _ => first,
            };
            let draw = uniform(rng);
            let redraw = uniform(rng);
            let parent = members[from].unit;
            *slot = if let Some(u) = self.single[c] {
                u
            } else if draw < mutation || !self.space.is_active(c, parent) {
                redraw
            } else {
                parent[c]
            };
        }
    }
}

/// `p`, checked to be a probability.
fn probability(name: &str, p: f64) -> f64 {
    assert!((0.0..=1.0).contains(&p), "{name} must be in [0, 1], not {p}");
    p
}

/// A float in `[0, 1)` from the top 53 bits of the generator's next word.
fn uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Binary tournament (Optuna's `_select_parent`): two members of `from` at random; the first if
/// it dominates the second, else the second.
fn tournament(
    members: &[Member<'_>],
    from: &[usize],
    rng: &mut Xoshiro256PlusPlus,
    pick: &impl Fn(&mut Xoshiro256PlusPlus, &[usize]) -> usize,
) -> usize {
    let a = pick(rng, from);
    let b = pick(rng, from);
    if members[a].fitness.dominates(&members[b].fitness) { a } else { b }
}

/// A finished trial that belongs to a generation.
struct Member<'h> {
    unit: &'h [f64],
    fitness: Fitness,
}

/// The generation members of a history, in index order: complete and infeasible trials with a
/// point of `dim` coordinates (a history built by hand may hold others; they are left out).
fn members<'h>(history: &History<'h>, dim: usize) -> Vec<Member<'h>> {
    let direction = history.direction();
    let objectives = |o: &Observation| -> Vec<f64> {
        let losses = if o.objectives.is_empty() {
            let value = o.outcome.loss(direction).unwrap_or(f64::INFINITY);
            vec![value]
        } else {
            o.objectives.clone()
        };
        // NaN is the worst loss, never a value that compares false with everything.
        losses.into_iter().map(|x| if x.is_nan() { f64::INFINITY } else { x }).collect()
    };
    history
        .trials()
        .iter()
        .filter(|o| o.unit.len() == dim)
        .filter_map(|o| {
            let fitness = match o.outcome {
                Outcome::Complete { .. } => Fitness::Feasible(objectives(o)),
                Outcome::Infeasible { violation } => {
                    Fitness::Infeasible(if violation.is_nan() { f64::INFINITY } else { violation })
                }
                _ => return None,
            };
            Some(Member { unit: &o.unit, fitness })
        })
        .collect()
}

impl Sampler for Nsga2 {
    fn unit_dim(&self) -> usize {
        self.space.dim()
    }

    fn multi_objective(&self) -> bool {
        true
    }

    fn propose(&self, i: u64, history: &History<'_>, out: &mut [f64]) {
        assert_eq!(out.len(), self.space.dim(), "propose needs a buffer of dim() coordinates");
        let members = members(history, self.space.dim());
        match self.parents(&members) {
            None => {
                Random::new(self.seed, self.space.dim()).point_into(i, out);
            }
            Some(parents) => self.child(&members, &parents, &mut self.trial_rng(i), out),
        }
    }
}
