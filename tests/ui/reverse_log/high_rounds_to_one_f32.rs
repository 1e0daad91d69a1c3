use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(reverse_log, 0.9, 0.99999999)]
    momentum: f32,
}

fn main() {}
