//! The numeric field types a scale can produce: [`Float`] (`f32`, `f64`) and [`Int`] (every integer
//! primitive up to 64 bits, `usize` and `isize` included), and [`Number`], either of them.

use core::fmt::{Debug, Display};

use hp_rules::Num;

use crate::Value;

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
pub trait Float: Number {
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
pub trait Int: Number + Ord {
    /// The Rust type's name, as shown in a [`Space`](crate::Space).
    const NAME: &'static str;
    /// Widens the value to `i128`; exact.
    fn to_i128(self) -> i128;
    /// Narrows an `i128` that is known to lie between two values of this type.
    fn from_i128(x: i128) -> Self;
}

/// A numeric field type: a [`Float`] or an [`Int`].
///
/// The constructors of the scales that take both kinds (`LinearScale::new`, `LogScale::new`, the
/// step scales) are generic over `Number`, so the value type is inferred from the arguments:
///
/// ```
/// use hp_core::{LinearScale, LogScale};
/// let units = LinearScale::new(50u32, 100).unwrap(); // LinearScale<u32>
/// let lr = LogScale::new(1e-4, 1.0).unwrap(); // LogScale<f64>
/// # let _: (LinearScale<u32>, LogScale<f64>) = (units, lr);
/// ```
///
/// (One concrete `impl LinearScale<u32> { fn new }` per type would make that call ambiguous:
/// Rust does not pick among inherent impls by argument type.)
///
/// As with `rand`'s `Uniform::new(0.0, 1.0)`, untyped float literals become `f64` only at the end
/// of type checking; where a method is called on a scale's output before that, give the first
/// literal its type:
///
/// ```
/// use hp_core::{LogScale, Scale};
/// let lr = LogScale::new(1e-4_f64, 1.0).unwrap();
/// assert!((lr.from_unit(0.5) - 1e-2).abs() < 1e-15);
/// ```
pub trait Number: Copy + PartialOrd + Debug + Display + sealed::Sealed + 'static {
    /// The type's machine epsilon as an `f64` (`0.0` for integers, which are exact): twice the
    /// largest relative error of a decimal literal rounded to the type.
    #[doc(hidden)]
    const __EPSILON: f64;

    /// The value as the scales' rules see it ([`hp_rules::Num`]): an `f64` or an `i128`, both exact.
    #[doc(hidden)]
    fn __num(self) -> Num;

    /// The value as a type-erased [`Value`]: `Value::F32`, `Value::F64` or `Value::Int`.
    ///
    /// ```
    /// use hp_core::{Number, Value};
    /// assert_eq!(0.3f32.to_value(), Value::F32(0.3));
    /// assert_eq!(7u8.to_value(), Value::Int(7));
    /// ```
    fn to_value(self) -> Value;

    /// The value of this type that `value` holds: an `f32` only from `Value::F32`, an `f64` only
    /// from `Value::F64`, an integer from `Value::Int` if it is in range.
    ///
    /// ```
    /// use hp_core::{Number, Value};
    /// assert_eq!(u8::from_value(Value::Int(255)), Some(255));
    /// assert_eq!(u8::from_value(Value::Int(256)), None);
    /// assert_eq!(f32::from_value(Value::F64(0.5)), None);
    /// ```
    fn from_value(value: Value) -> Option<Self>;

    /// The value of this type nearest `x`: a float rounded to the type, an integer only if `x` is
    /// a whole number in the type's range. For placing a decimal (a plot's tick) on a scale.
    ///
    /// ```
    /// use hp_core::Number;
    /// assert_eq!(f32::nearest(0.1), Some(0.1f32));
    /// assert_eq!(u32::nearest(64.0), Some(64));
    /// assert_eq!(u32::nearest(64.5), None);
    /// assert_eq!(u8::nearest(300.0), None);
    /// ```
    fn nearest(x: f64) -> Option<Self>;

    /// The value written in Rust's literal syntax for this type (`0.3`, `1e-4`, `-5`), parsed in
    /// the type itself (an `f32` is not rounded through `f64`).
    ///
    /// ```
    /// use hp_core::Number;
    /// assert_eq!(f32::parse_text("0.3"), Some(0.3f32));
    /// assert_eq!(u64::parse_text("18446744073709551615"), Some(u64::MAX));
    /// assert_eq!(i8::parse_text("200"), None);
    /// ```
    fn parse_text(text: &str) -> Option<Self>;
}

macro_rules! float {
    ($($t:ident $variant:ident)*) => {$(
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
        impl Number for $t {
            const __EPSILON: f64 = $t::EPSILON as f64;
            #[inline]
            fn __num(self) -> Num {
                Num::Float(self as f64)
            }
            #[inline]
            fn to_value(self) -> Value {
                Value::$variant(self)
            }
            fn from_value(value: Value) -> Option<Self> {
                match value {
                    Value::$variant(x) => Some(x),
                    _ => None,
                }
            }
            fn nearest(x: f64) -> Option<Self> {
                Some(x as $t)
            }
            fn parse_text(text: &str) -> Option<Self> {
                text.trim().parse().ok()
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
        impl Number for $t {
            const __EPSILON: f64 = 0.0;
            #[inline]
            fn __num(self) -> Num {
                Num::Int(self as i128)
            }
            #[inline]
            fn to_value(self) -> Value {
                Value::Int(self as i128)
            }
            fn from_value(value: Value) -> Option<Self> {
                match value {
                    Value::Int(k) => $t::try_from(k).ok(),
                    _ => None,
                }
            }
            fn nearest(x: f64) -> Option<Self> {
                // Past 2^63 an f64 holds only even integers (and so on), all of them whole.
                if x.fract() != 0.0 || !(x >= $t::MIN as f64 && x <= $t::MAX as f64) {
                    return None;
                }
                $t::try_from(x as i128).ok()
            }
            fn parse_text(text: &str) -> Option<Self> {
                text.trim().parse().ok()
            }
        }
    )*};
}

float!(f32 F32 f64 F64);
int!(u8 u16 u32 u64 usize i8 i16 i32 i64 isize);
