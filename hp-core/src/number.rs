//! The numeric field types a scale can produce: [`Float`] (`f32`, `f64`) and [`Int`] (every integer
//! primitive up to 64 bits, `usize` and `isize` included).

use core::fmt::{Debug, Display};

mod sealed {
    pub trait Sealed {}
}

/// A floating-point field type. Scales compute in `f64` and convert once at the end.
///
/// ```
/// use hp_core::Float;
/// assert_eq!(<f32 as Float>::NAME, "f32");
/// assert_eq!(0.5f32.to_f64(), 0.5);
/// ```
pub trait Float: Copy + PartialOrd + Debug + Display + sealed::Sealed + 'static {
    /// The Rust type's name, as shown in a [`Space`](crate::Space).
    const NAME: &'static str;
    /// Widens (or keeps) the value to `f64`; exact.
    fn to_f64(self) -> f64;
    /// Narrows an `f64` with an `as` cast (round to nearest).
    fn from_f64(x: f64) -> Self;
    /// `true` unless the value is infinite or NaN.
    fn is_finite(self) -> bool;
}

/// An integer field type. Scales compute offsets in `i128`, which holds every 64-bit value.
///
/// ```
/// use hp_core::Int;
/// assert_eq!(<usize as Int>::NAME, "usize");
/// assert_eq!((-3i8).to_i128(), -3);
/// ```
pub trait Int: Copy + Ord + Debug + Display + sealed::Sealed + 'static {
    /// The Rust type's name, as shown in a [`Space`](crate::Space).
    const NAME: &'static str;
    /// Widens the value to `i128`; exact.
    fn to_i128(self) -> i128;
    /// Narrows an `i128` that is known to lie between two values of this type.
    fn from_i128(x: i128) -> Self;
}

macro_rules! float {
    ($($t:ident)*) => {$(
        impl sealed::Sealed for $t {}
        impl Float for $t {
            const NAME: &'static str = stringify!($t);
            #[inline]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline]
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            #[inline]
            fn is_finite(self) -> bool {
                $t::is_finite(self)
            }
        }
    )*};
}

macro_rules! int {
    ($($t:ident)*) => {$(
        impl sealed::Sealed for $t {}
        impl Int for $t {
            const NAME: &'static str = stringify!($t);
            #[inline]
            fn to_i128(self) -> i128 {
                self as i128
            }
            #[inline]
            fn from_i128(x: i128) -> Self {
                debug_assert!(x >= $t::MIN as i128 && x <= $t::MAX as i128);
                x as $t
            }
        }
    )*};
}

float!(f32 f64);
int!(u8 u16 u32 u64 usize i8 i16 i32 i64 isize);
