use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0, 10, step = 2, step = 5)]
    x: u32,
}

fn main() {}
