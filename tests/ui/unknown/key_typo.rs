use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0, 10, stpe = 2)]
    x: u32,
}

fn main() {}
