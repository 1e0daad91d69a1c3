use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(crate = "hp")]
    x: u32,
}

fn main() {}
