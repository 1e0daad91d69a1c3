use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg(f64);

fn main() {
    let _cfg = Cfg::from_unit(&[0.5]);
    let _dim = Cfg::DIM;
}
