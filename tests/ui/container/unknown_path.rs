use hp::Hyperparams;

// The path is used as given: one that does not lead to hp is reported by rustc where it is written.
#[derive(Hyperparams)]
#[hp(crate = "no_such_crate")]
struct Cfg {
    #[hp(linear, 1, 10)]
    x: u32,
}

fn main() {}
