//! One JSON value with a checksum over its exact bytes: `{"<key>":<json>,"checksum":"fnv1a64:<hex>"}`.

use hp_core::fnv1a64;

const CHECKSUM_PREFIX: &[u8] = b",\"checksum\":\"fnv1a64:";
const SUFFIX: &[u8] = b"\"}";
const CHECKSUM_HEX: usize = 16;

/// `{"<key>":<json>,"checksum":"fnv1a64:<16 hex digits>"}`: still one JSON object (readable by
/// any JSON tool), and the checksum covers exactly the bytes of `json`, so a reader needs no
/// canonical re-serialization to check it. No newline: a [`Log`](crate::Log) adds one per line,
/// a study record file has one at its end.
///
/// ```
/// let framed = hp_store::frame("record", br#"{"index":3}"#);
/// assert_eq!(framed, br#"{"record":{"index":3},"checksum":"fnv1a64:f9ea02cbbde54184"}"#);
/// assert_eq!(hp_store::unframe("record", &framed), Ok(&br#"{"index":3}"#[..]));
/// ```
pub fn frame(key: &str, json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + key.len() + 48);
    out.extend_from_slice(b"{\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
    out.extend_from_slice(json);
    out.extend_from_slice(CHECKSUM_PREFIX);
    out.extend_from_slice(format!("{:016x}", fnv1a64(json)).as_bytes());
    out.extend_from_slice(SUFFIX);
    out
}

/// The JSON bytes [`frame`] wrapped, once their checksum checks out; or why `bytes` are not a
/// frame of `key` (cut short, another kind of object, a changed byte). Every change of a single
/// byte and every truncation is caught.
///
/// ```
/// let framed = hp_store::frame("entry", b"[1,2]");
/// let reason = hp_store::unframe("entry", &framed[..framed.len() - 3]).unwrap_err();
/// assert_eq!(reason, "it does not end with its checksum (truncated?)");
/// let mut flipped = framed.clone();
/// flipped[11] = b'3';
/// assert!(hp_store::unframe("entry", &flipped).unwrap_err().starts_with("checksum mismatch"));
/// ```
///
/// # Errors
/// A sentence saying what is wrong, for the caller to put after the file's name.
pub fn unframe<'a>(key: &str, bytes: &'a [u8]) -> Result<&'a [u8], String> {
    let truncated = || "it does not end with its checksum (truncated?)".to_owned();
    if bytes.is_empty() {
        return Err("it is empty".into());
    }
    let rest = bytes
        .strip_prefix(b"{\"")
        .and_then(|r| r.strip_prefix(key.as_bytes()))
        .and_then(|r| r.strip_prefix(b"\":"))
        .ok_or_else(|| format!("it does not start with `{{\"{key}\":`"))?;
    let rest = rest.strip_suffix(SUFFIX).ok_or_else(truncated)?;
    let tail = CHECKSUM_PREFIX.len() + CHECKSUM_HEX;
    if rest.len() < tail || !rest[rest.len() - tail..].starts_with(CHECKSUM_PREFIX) {
        return Err(truncated());
    }
    let (json, checksum) = rest.split_at(rest.len() - tail);
    let hex = &checksum[CHECKSUM_PREFIX.len()..];
    // Compared as the exact lowercase digits written, so that no changed byte passes (an
    // uppercase digit would parse to the same number).
    let computed = format!("{:016x}", fnv1a64(json));
    if hex != computed.as_bytes() {
        return Err(format!(
            "checksum mismatch: it says {}, its contents give {computed}",
            String::from_utf8_lossy(hex)
        ));
    }
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flipped_byte_and_every_cut_is_caught() {
        let framed = frame("record", br#"{"index":3,"unit":[0.5,0.25],"config":{"lr":0.01}}"#);
        assert!(unframe("record", &framed).is_ok());
        for i in 0..framed.len() {
            for bit in 0..8 {
                let mut bad = framed.clone();
                bad[i] ^= 1 << bit;
                assert!(unframe("record", &bad).is_err(), "flipping bit {bit} of byte {i} went unnoticed");
            }
        }
        for len in 0..framed.len() {
            assert!(unframe("record", &framed[..len]).is_err(), "a cut to {len} bytes went unnoticed");
        }
        assert_eq!(unframe("entry", &framed).unwrap_err(), "it does not start with `{\"entry\":`");
    }
}
