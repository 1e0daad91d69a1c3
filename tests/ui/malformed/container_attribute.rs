use hp::Hyperparams;

#[derive(Hyperparams)]
#[hp(linear, 0, 1)]
struct Cfg {
    #[hp(linear, 1, 10)]
    x: u32,
}

fn main() {}
