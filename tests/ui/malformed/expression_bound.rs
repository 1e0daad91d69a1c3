use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 1 + 1, 10)]
    x: u32,
}

fn main() {}
