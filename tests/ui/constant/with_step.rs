use hp::Hyperparams;

// A stepped scale's steps are counted when the attribute compiles: its bounds are numbers.
const MAX_BATCH: u32 = 512;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 16, MAX_BATCH, step = 2)]
    batch: u32,
}

fn main() {}
