use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 0.0, 1.0)]
    learning_rate: f64,
    #[hp(reverse_log, 0.9, 1.5)]
    momentum: f64,
    #[hp(linear, 0, 300)]
    hidden_units: u8,
    #[hp(lineer, 2, 4)]
    layers: usize,
    #[hp(choice("relu", "tanh", "relu"))]
    activation: &'static str,
}

fn main() {}
