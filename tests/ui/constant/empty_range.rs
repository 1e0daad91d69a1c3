use hp::Hyperparams;

mod limits {
    pub const MIN_UNITS: u32 = 128;
}

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, limits::MIN_UNITS, 100)]
    units: u32,
}

fn main() {}
