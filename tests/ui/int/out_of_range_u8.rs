use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0, 300)]
    x: u8,
}

fn main() {}
