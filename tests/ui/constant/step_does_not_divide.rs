use hp::Hyperparams;

// A constant step must reach HIGH from LOW: 16 * 2^k is never 1000.
const MAX_BATCH: u32 = 1000;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 16, MAX_BATCH, step = 2)]
    batch: u32,
}

fn main() {}
