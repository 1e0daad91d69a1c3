use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0.5, 10)]
    x: u32,
}

fn main() {}
