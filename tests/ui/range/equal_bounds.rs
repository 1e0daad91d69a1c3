use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 3, 3)]
    x: u32,
}

fn main() {}
