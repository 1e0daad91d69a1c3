//! [`fnv1a64`]: the one hash behind hp's fingerprints and checksums.

/// FNV-1a, 64-bit: the stable hash of [`Space::fingerprint`](crate::Space::fingerprint) and of
/// the checksums and fingerprints studies and pandas store. It is the same on every platform and
/// in every release (a stored fingerprint must keep matching), and any change of a single byte
/// changes it (each step is a bijection of the state). Not for adversarial input.
///
/// ```
/// assert_eq!(hp_core::fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
/// assert_eq!(hp_core::fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
/// ```
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}
