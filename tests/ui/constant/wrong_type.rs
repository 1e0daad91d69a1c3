use hp::Hyperparams;

// The constant has the field's type, as a literal would: rustc says so at the constant.
const MAX: i32 = 4;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0.0, MAX)]
    x: f64,
}

fn main() {}
