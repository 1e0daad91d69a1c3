use hp::Hyperparams;

// Named bounds follow the same rules, reported at the offending value; `low` twice is a duplicate.
#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, low = 0.0, high = 1.0)]
    lr: f64,
    #[hp(linear, low = 1, low = 2, high = 4)]
    layers: u32,
}

fn main() {}
