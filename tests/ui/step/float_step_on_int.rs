use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0, 10, step = 0.5)]
    x: u32,
}

fn main() {}
