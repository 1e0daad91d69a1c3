use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, 0.0, 1e39)]
    x: f32,
}

fn main() {}
