use hp::Hyperparams;

#[derive(Hyperparams)]
#[hp(crate = "hp", crate = "hp")]
struct Cfg {
    #[hp(linear, 1, 10)]
    x: u32,
}

fn main() {}
