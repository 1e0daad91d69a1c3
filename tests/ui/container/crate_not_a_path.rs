use hp::Hyperparams;

#[derive(Hyperparams)]
#[hp(crate = "not a path")]
struct Cfg {
    #[hp(linear, 1, 10)]
    x: u32,
}

fn main() {
    let _ = Cfg::DIM;
}
