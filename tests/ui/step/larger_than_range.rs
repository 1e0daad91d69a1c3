use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0, 10, step = 20)]
    x: u32,
}

fn main() {}
