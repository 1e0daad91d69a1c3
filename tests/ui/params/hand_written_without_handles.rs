use hp::{FieldError, Hyperparams, SpaceBuilder};

// A hand-written config without a `TypedParams` impl has no typed handles; its parameters are
// named through `Space::param_id`.
struct Coin(bool);

impl Hyperparams for Coin {
    const DIM: usize = 1;
    fn sample_with<R: rand::Rng + ?Sized>(rng: &mut R) -> Self {
        Coin(bool::sample_with(rng))
    }
    fn from_unit(u: &[f64]) -> Self {
        Coin(bool::from_unit(u))
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
    fn describe(space: &mut SpaceBuilder, path: &str) {
        bool::describe(space, path);
    }
    fn check(&self, _: &str, _: &mut Vec<FieldError>) {}
}

fn main() {
    let _ = Coin::space().param_id("");
    let _ = Coin::params();
}
