//! [`Direction`]: whether a lower or a higher score is better.

/// Whether a lower or a higher score is better: what every part of hp that ranks trials (zoom,
/// studies, pandas, population based training) is told.
///
/// ```
/// use hp_core::Direction;
/// assert!(Direction::Minimize.better(0.1, 0.2));
/// assert!(Direction::Maximize.better(0.9, 0.2));
/// assert!(!Direction::Minimize.better(f64::NAN, 0.2)); // NaN is never better
/// assert_eq!(Direction::Maximize.name(), "maximize");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Lower is better (a loss, an error rate).
    Minimize,
    /// Higher is better (an accuracy).
    Maximize,
}

impl Direction {
    /// Whether score `a` is strictly better than `b`; NaN is never better.
    ///
    /// ```
    /// # use hp_core::Direction;
    /// assert!(Direction::Maximize.better(2.0, 1.0));
    /// ```
    pub fn better(self, a: f64, b: f64) -> bool {
        match self {
            Direction::Minimize => a < b,
            Direction::Maximize => a > b,
        }
    }

    /// `minimize` or `maximize`, as stored and printed.
    ///
    /// ```
    /// # use hp_core::Direction;
    /// assert_eq!(Direction::Minimize.name(), "minimize");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Direction::Minimize => "minimize",
            Direction::Maximize => "maximize",
        }
    }

    /// The direction named `name` (`minimize` or `maximize`).
    ///
    /// ```
    /// # use hp_core::Direction;
    /// assert_eq!(Direction::from_name("maximize"), Some(Direction::Maximize));
    /// assert_eq!(Direction::from_name("max"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Direction> {
        [Direction::Minimize, Direction::Maximize].into_iter().find(|d| d.name() == name)
    }
}

impl core::fmt::Display for Direction {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// `"minimize"` or `"maximize"`.
#[cfg(feature = "serde")]
impl serde::Serialize for Direction {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// `"minimize"` or `"maximize"`; anything else is an error that says so.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Direction {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Direction::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("expected minimize or maximize, found {name:?}")))
    }
}
