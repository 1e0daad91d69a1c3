use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0u8, 10)]
    x: u32,
}

fn main() {}
