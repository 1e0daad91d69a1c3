use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, -1, 1e3, step = 0)]
    x: u32,
}

fn main() {}
