//! Typed parameter handles: `Cfg::params()` gives a struct of `ParamId`s whose coordinates and
//! names are exactly the space's, for structs, nested structs, enums with data, generics and bool;
//! `Space::param_id` finds the same ids by name. (`Hyperparams::params` needs the `TypedParams`
//! impl the derive also writes; `params_at` is `TypedParams`'s.)

use hp::{Hyperparams, ParamId, Space, TypedParams};

#[derive(Hyperparams, Debug)]
enum Optimizer {
    Sgd,
    Momentum {
        #[hp(reverse_log, 0.9, 0.999)]
        beta: f64,
    },
    #[hp(weight = 2)]
    Adam {
        #[hp(reverse_log, 0.8, 0.99)]
        beta1: f64,
        #[hp(reverse_log, 0.99, 0.9999)]
        beta2: f64,
        schedule: Schedule,
    },
}

#[derive(Hyperparams, Debug, Clone, Copy, PartialEq)]
enum Activation {
    Relu,
    Tanh,
}

#[derive(Hyperparams, Debug)]
enum Schedule {
    Constant,
    Cosine {
        #[hp(linear, 0, 100)]
        warmup: u32,
    },
}

#[derive(Hyperparams, Debug)]
struct Layer {
    #[hp(linear, 16, 256)]
    units: u32,
    #[hp(choice(Activation::Relu, Activation::Tanh))]
    activation: Activation,
}

#[derive(Hyperparams, Debug)]
struct Train {
    #[hp(log, 1e-4, 1.0)]
    learning_rate: f64,
    #[hp(fixed = 10)]
    epochs: u32,
    first: Layer,
    optimizer: Optimizer,
    #[hp(skip)]
    run_name: String,
    last: Layer,
    warmup: bool,
    activation: Activation,
}

/// Every handle the test names, with what `space()` says about the same name.
fn matches_space(space: &Space, ids: &[&ParamId]) {
    for id in ids {
        let p = space.get(id.name()).unwrap_or_else(|| panic!("`{id}` is not in the space\n{space}"));
        assert_eq!(p.coordinate(), Some(id.coordinate()), "{id}");
        assert_eq!(space.param_id(id.name()).as_ref(), Ok(*id));
    }
}

#[test]
fn struct_handles_have_the_spaces_coordinates_and_names() {
    let p = Train::params();
    let ids = [
        &p.learning_rate,
        &p.first.units,
        &p.first.activation,
        &p.optimizer.variant,
        &p.optimizer.Momentum.beta,
        &p.optimizer.Adam.beta1,
        &p.optimizer.Adam.beta2,
        &p.optimizer.Adam.schedule.variant,
        &p.optimizer.Adam.schedule.Cosine.warmup,
        &p.last.units,
        &p.last.activation,
        &p.warmup,
        &p.activation,
    ];
    let got: Vec<(usize, &str)> = ids.iter().map(|id| (id.coordinate(), id.name())).collect();
    assert_eq!(
        got,
        [
            (0, "learning_rate"),
            (1, "first.units"),
            (2, "first.activation"),
            (3, "optimizer"),
            (4, "optimizer.Momentum.beta"),
            (5, "optimizer.Adam.beta1"),
            (6, "optimizer.Adam.beta2"),
            (7, "optimizer.Adam.schedule"),
            (8, "optimizer.Adam.schedule.Cosine.warmup"),
            (9, "last.units"),
            (10, "last.activation"),
            (11, "warmup"),
            (12, "activation"),
        ]
    );
    // Every searched parameter has exactly one handle.
    assert_eq!(ids.len(), Train::DIM);
    matches_space(&Train::space(), &ids);
}

#[test]
fn a_handles_coordinate_is_where_from_unit_reads_the_parameter() {
    let p = Train::params();
    let mut point = vec![0.5; Train::DIM];
    point[p.optimizer.variant.coordinate()] = 0.9; // Adam
    point[p.optimizer.Adam.beta2.coordinate()] = 1.0;
    point[p.last.units.coordinate()] = 0.0;
    point[p.optimizer.Momentum.beta.coordinate()] = 0.0; // inactive: ignored
    let cfg = Train::from_unit(&point);
    match cfg.optimizer {
        Optimizer::Adam { beta2, .. } => assert_eq!(beta2, 0.9999),
        ref other => panic!("{other:?}"),
    }
    assert_eq!((cfg.last.units, cfg.first.units), (16, 136));
    assert!(cfg.run_name.is_empty() && cfg.epochs == 10);
}

#[test]
fn top_level_enums_and_bool_have_handles_too() {
    let o = Optimizer::params();
    assert_eq!((o.variant.coordinate(), o.variant.name()), (0, "variant"));
    assert_eq!((o.Adam.beta1.coordinate(), o.Adam.beta1.name()), (2, "Adam.beta1"));
    assert_eq!(
        (o.Adam.schedule.Cosine.warmup.coordinate(), o.Adam.schedule.Cosine.warmup.name()),
        (5, "Adam.schedule.Cosine.warmup")
    );
    matches_space(&Optimizer::space(), &[&o.Momentum.beta, &o.Adam.beta2, &o.Adam.schedule.variant]);
    // A unit-only enum and bool: one ParamId.
    let a: ParamId = Activation::params();
    assert_eq!((a.coordinate(), a.name()), (0, "variant"));
    assert_eq!(Activation::space().param_id("variant"), Ok(a));
    let b: ParamId = bool::params();
    assert_eq!((b.coordinate(), b.name()), (0, ""));
    // Nested at a path and a coordinate.
    assert_eq!(Activation::params_at("model.act", 7).to_string(), "model.act");
    assert_eq!(Layer::params_at("model.layer", 7).activation.coordinate(), 8);
}

#[test]
fn string_names_find_the_same_ids_and_typos_are_explained() {
    let space = Train::space();
    assert_eq!(space.param_id("optimizer.Adam.beta1"), Ok(Train::params().optimizer.Adam.beta1));
    let err = space.param_id("learnig_rate").unwrap_err();
    assert_eq!(err.suggestion(), Some("learning_rate"));
    let text = err.to_string();
    assert!(text.starts_with("unknown hyperparameter `learnig_rate`; did you mean `learning_rate`? (valid: learning_rate, first.units,"), "{text}");
    // A fixed field is part of the config, not of the search.
    assert!(space.param_id("epochs").is_err());
    assert_eq!(space.param_id("beta2").unwrap_err().suggestion(), Some("optimizer.Adam.beta2"));
}

/// Generic configs: the handles of a nested type parameter are its own `Params`.
#[derive(Hyperparams, Debug)]
struct Search<'a, O, const N: usize>
where
    O: core::fmt::Debug,
{
    #[hp(linear, 1, 4)]
    layers: u32,
    optimizer: O,
    #[hp(choice("a", "b"))]
    tag: &'a str,
    #[hp(skip)]
    history: core::marker::PhantomData<[u8; N]>,
}

#[derive(Hyperparams, Debug)]
enum Either<L, R> {
    Left { inner: L },
    Right { inner: R },
}

#[test]
fn generic_configs_have_typed_handles() {
    type S = Search<'static, Optimizer, 3>;
    let p = S::params();
    assert_eq!(
        (p.layers.coordinate(), p.optimizer.Adam.beta1.name(), p.tag.coordinate()),
        (0, "optimizer.Adam.beta1", 1 + Optimizer::DIM)
    );
    matches_space(&S::space(), &[&p.layers, &p.optimizer.variant, &p.optimizer.Adam.beta2, &p.tag]);
    let q = Search::<'static, bool, 0>::params();
    assert_eq!((q.optimizer.coordinate(), q.optimizer.name()), (1, "optimizer"));
    let e = Either::<Layer, bool>::params();
    assert_eq!((e.Left.inner.activation.coordinate(), e.Right.inner.coordinate()), (2, 3));
    assert_eq!(e.Left.inner.units.name(), "Left.inner.units");
    matches_space(&Either::<Layer, bool>::space(), &[&e.variant, &e.Left.inner.units, &e.Right.inner]);
}

/// A hand-written config, here a wrapper around `bool`: with a `TypedParams` impl, even one
/// without handles, it nests in a derived config, whose other handles keep their coordinates.
#[derive(Debug)]
struct Flag(bool);

impl Hyperparams for Flag {
    const DIM: usize = 1;
    fn sample_with<R: rand::Rng + ?Sized>(rng: &mut R) -> Self {
        Flag(bool::sample_with(rng))
    }
    fn from_unit(u: &[f64]) -> Self {
        Flag(bool::from_unit(u))
    }
    fn write_unit(&self, out: &mut Vec<f64>) {
        self.0.write_unit(out);
    }
    fn set_unit(&mut self, coordinate: usize, u: f64) -> bool {
        self.0.set_unit(coordinate, u)
    }
    fn write_values(&self, out: &mut Vec<Option<hp::Value>>) {
        self.0.write_values(out);
    }
    fn describe(space: &mut hp::SpaceBuilder, path: &str) {
        bool::describe(space, path);
    }
    fn check(&self, path: &str, errors: &mut Vec<hp::FieldError>) {
        self.0.check(path, errors);
    }
}

impl TypedParams for Flag {
    type Params = ();
    fn params_at(_: &str, _: usize) {}
}

#[derive(Hyperparams, Debug)]
struct WithFlag {
    #[hp(linear, 1, 3)]
    layers: u32,
    flag: Flag,
    #[hp(log, 1e-3, 1.0)]
    lr: f64,
}

#[test]
fn a_hand_written_config_nests_with_a_typed_params_impl() {
    let p = WithFlag::params();
    let () = p.flag;
    assert_eq!((p.layers.coordinate(), p.lr.coordinate(), p.lr.name()), (0, 2, "lr"));
    matches_space(&WithFlag::space(), &[&p.layers, &p.lr]);
    assert_eq!(WithFlag::space().param_id("flag").unwrap().coordinate(), 1);
    assert!(WithFlag::from_unit(&[0.0, 0.9, 1.0]).flag.0);
}
