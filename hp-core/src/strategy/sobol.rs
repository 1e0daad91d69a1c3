use super::{Strategy, StrategyError, key, unit_f64};
use crate::Hyperparams;

/// Direction numbers of Joe and Kuo (new-joe-kuo-6, first 256 dimensions), BSD-3-Clause: see
/// `LICENSE-JOE-KUO.txt` beside this file.
const DIRECTION_NUMBERS: &str = include_str!("new-joe-kuo-6.256.txt");

/// Owen-scrambled Sobol points: quasi-random, more even than random points in every projection.
///
/// The sequence is Sobol's with the direction numbers of Joe and Kuo (2008) at 64-bit depth,
/// in natural (not Gray-code) order, so point `i` is the XOR of the direction vectors of `i`'s set
/// bits, read from per-byte tables: eight lookups per dimension for any `i` (the tables take
/// 16 KiB per dimension). Each coordinate is then Owen-scrambled with a hash-based nested
/// scramble in the manner of Burley (2020), seeded per dimension from `seed`. The first point is
/// kept (scrambling already moves it off the origin).
///
/// Because Owen scrambling preserves Sobol's net property, every aligned block of `2^m` points
/// has exactly one point in each of the `2^m` equal intervals of every axis: an axis with `2^k`
/// values (a bool, a choice of 4) is exactly balanced in each block of `2^m >= 2^k` points, and any
/// other discrete axis is within a couple of points of balanced.
///
/// Limits: at most 256 dimensions ([`StrategyError::TooManyDimensions`] past that); indices up to
/// `u64::MAX`, though coordinates carry 53 bits so points past `2^53` repeat.
///
/// ```
/// use hp_core::strategy::{Sobol, Strategy};
/// let s = Sobol::new(1, 2).unwrap();
/// // Each block of 4 points puts one point in each quarter of each axis.
/// let mut quarters: Vec<u64> = (0..4).map(|i| (s.point(i).unwrap()[0] * 4.0) as u64).collect();
/// quarters.sort();
/// assert_eq!(quarters, [0, 1, 2, 3]);
/// assert!(Sobol::new(1, 257).is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Sobol {
    // tables[d][c][byte]: the XOR of dimension d's direction vectors for the set bits of `byte`
    // taken as bits 8c..8c+8 of the index. Point i is then eight lookups per dimension whatever i
    // is, instead of one XOR per bit up to i's highest (a cost that grew with log2 i).
    tables: Vec<[[u64; 256]; 8]>,
    // One scramble seed per dimension.
    seeds: Vec<u64>,
    seed: u64,
}

impl core::fmt::Debug for Sobol {
    // The tables (16 KiB a dimension) say nothing a reader needs: the seed and dimension decide them.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Sobol").field("seed", &self.seed).field("dim", &self.tables.len()).finish()
    }
}

impl Sobol {
    /// The largest supported number of dimensions.
    pub const MAX_DIM: usize = 256;

    /// Scrambled Sobol points with `dim` coordinates.
    ///
    /// # Errors
    /// [`StrategyError::TooManyDimensions`] if `dim > 256`.
    pub fn new(seed: u64, dim: usize) -> Result<Self, StrategyError> {
        if dim > Self::MAX_DIM {
            return Err(StrategyError::TooManyDimensions { max: Self::MAX_DIM, found: dim });
        }
        let mut directions = Vec::with_capacity(dim);
        if dim > 0 {
            // Dimension 0 is van der Corput's sequence: bit b of i maps to 2^-(b+1).
            directions.push(core::array::from_fn(|b| 1u64 << (63 - b)));
        }
        for line in DIRECTION_NUMBERS.lines().skip(1).take(dim.saturating_sub(1)) {
            directions.push(direction_vectors(line));
        }
        let tables = directions.iter().map(byte_tables).collect();
        let seeds = (0..dim as u64).map(|d| key(seed, d)).collect();
        Ok(Sobol { tables, seeds, seed })
    }

    /// Scrambled Sobol points for config type `C`.
    ///
    /// # Errors
    /// [`StrategyError::TooManyDimensions`] if `C::DIM > 256`.
    pub fn for_config<C: Hyperparams>(seed: u64) -> Result<Self, StrategyError> {
        Sobol::new(seed, C::DIM)
    }
}

/// The 64 direction vectors of one dimension from a line `d s a m_1 ... m_s` of the table, by the
/// recurrence of Bratley and Fox with Joe and Kuo's primitive polynomial `a` of degree `s`.
fn direction_vectors(line: &str) -> [u64; 64] {
    let numbers: Vec<u64> = line.split_whitespace().map(|n| n.parse().expect("direction table")).collect();
    let (s, a, m) = (numbers[1] as usize, numbers[2], &numbers[3..]);
    let mut v = [0u64; 64];
    for b in 0..64 {
        v[b] = if b < s {
            m[b] << (63 - b)
        } else {
            let mut x = v[b - s] ^ (v[b - s] >> s);
            for k in 1..s {
                if (a >> (s - 1 - k)) & 1 == 1 {
                    x ^= v[b - k];
                }
            }
            x
        };
    }
    v
}

/// For each byte position `c` of a 64-bit index and each byte value, the XOR of the direction
/// vectors of the byte's set bits: `v[8c + b]` for every set bit `b`.
fn byte_tables(v: &[u64; 64]) -> [[u64; 256]; 8] {
    let mut tables = [[0u64; 256]; 8];
    for (c, table) in tables.iter_mut().enumerate() {
        for byte in 1..256usize {
            // The table for `byte` is the one for `byte` without its lowest set bit, plus that bit's vector.
            let low = byte.trailing_zeros() as usize;
            table[byte] = table[byte & (byte - 1)] ^ v[8 * c + low];
        }
    }
    tables
}

/// A nested uniform (Owen) scramble of a 64-bit fraction: on the bit-reversed value every step
/// changes a bit only as a function of the bits below it, so after reversing back each bit is
/// flipped as a function of the bits above it, which is what keeps the net property.
#[inline]
fn owen_scramble(x: u64, seed: u64) -> u64 {
    let mut n = x.reverse_bits();
    n = n.wrapping_add(seed);
    n ^= n.wrapping_mul(0x6c50_b47c_c9c9_a4c6); // even multipliers: x ^= x * even is a bijection
    n = n.wrapping_mul(seed | 1);
    n ^= n.wrapping_mul(0xb82f_1e52_f6e5_a2a2);
    n ^= n.wrapping_mul(0x1e37_4ee5_c9c0_1d5e);
    n = n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    n.reverse_bits()
}

impl Strategy for Sobol {
    fn dim(&self) -> usize {
        self.tables.len()
    }

    fn len(&self) -> Option<u64> {
        None
    }

    fn point_into(&self, i: u64, out: &mut [f64]) -> bool {
        assert_eq!(out.len(), self.dim(), "point_into needs a buffer of dim() coordinates");
        for ((u, tables), &seed) in out.iter_mut().zip(&self.tables).zip(&self.seeds) {
            let mut x = 0u64;
            for (c, table) in tables.iter().enumerate() {
                x ^= table[(i >> (8 * c)) as usize & 0xff];
            }
            *u = unit_f64(owen_scramble(x, seed));
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte tables give exactly the XOR of the direction vectors of i's set bits, for indices
    /// with bits in every byte.
    #[test]
    fn byte_tables_match_the_bitwise_definition() {
        let v = direction_vectors(DIRECTION_NUMBERS.lines().nth(5).unwrap());
        let tables = byte_tables(&v);
        for i in [0u64, 1, 255, 256, 1000, 1 << 20, 0x0123_4567_89ab_cdef, u64::MAX - 1, u64::MAX] {
            let direct = (0..64).filter(|b| i >> b & 1 == 1).fold(0u64, |x, b| x ^ v[b]);
            let looked_up = (0..8).fold(0u64, |x, c| x ^ tables[c][(i >> (8 * c)) as usize & 0xff]);
            assert_eq!(looked_up, direct, "i = {i:#x}");
        }
    }

    #[test]
    fn debug_names_the_seed_and_dimension_not_the_tables() {
        assert_eq!(format!("{:?}", Sobol::new(7, 4).unwrap()), "Sobol { seed: 7, dim: 4 }");
    }
}
