use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, -1, -5)]
    x: i32,
}

fn main() {}
