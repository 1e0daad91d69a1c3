use hp::Hyperparams;

struct Handle;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
    #[hp(skip)]
    handle: Handle,
}

fn main() {}
