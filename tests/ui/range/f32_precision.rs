use hp::Hyperparams;

// A bound that a float field cannot hold as written: each reported at its literal.
#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 1e-50, 1.0)]
    underflows: f32,
    #[hp(log, 1e-40, 1.0)]
    subnormal: f32,
    #[hp(linear, 0, 16777217)]
    inexact: f32,
    #[hp(linear, -16777217.0, 0.0)]
    inexact_negative: f32,
    #[hp(log, 1e-310, 1.0)]
    subnormal_f64: f64,
    #[hp(linear, 0, 9007199254740993)]
    inexact_f64: f64,
    // Fine: decimals round as every float literal does, and 2^24 is exact.
    #[hp(linear, 0.1, 16777216)]
    fine: f32,
}

fn main() {}
