use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0.1, 0.100000001)]
    x: f32,
}

fn main() {}
