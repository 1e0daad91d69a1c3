use hp::Hyperparams;

const TOP: f32 = 1.0;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(reverse_log, low = 0.9, high = TOP)]
    beta: f32,
}

fn main() {}
