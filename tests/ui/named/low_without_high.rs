use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, low = 1e-4)]
    lr: f64,
    #[hp(linear, high = 4)]
    layers: u32,
}

fn main() {}
