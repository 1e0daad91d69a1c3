use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(1, 10)]
    x: u32,
}

fn main() {}
