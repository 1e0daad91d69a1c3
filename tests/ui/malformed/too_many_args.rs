use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 1, 2, 3)]
    x: u32,
}

fn main() {}
