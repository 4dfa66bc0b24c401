//! The length of a value's compact JSON text, computed without writing it (`Value::json_len`).

use serde_json::Number;

pub(super) fn number_len(number: &Number) -> usize {
    if let Some(int) = number.as_i64() {
        let mut buffer = itoa_len(int.unsigned_abs());
        if int < 0 {
            buffer += 1;
        }
        buffer
    } else if let Some(int) = number.as_u64() {
        itoa_len(int)
    } else {
        // A float's text as serde_json writes it (its `Display`), counted as it is written
        // rather than into a `String`: the allocation was a third of the cost.
        struct Counter(usize);
        impl std::fmt::Write for Counter {
            fn write_str(&mut self, text: &str) -> std::fmt::Result {
                self.0 += text.len();
                Ok(())
            }
        }
        let mut counter = Counter(0);
        let _ = std::fmt::write(&mut counter, format_args!("{number}"));
        counter.0
    }
}

fn itoa_len(mut int: u64) -> usize {
    let mut digits = 1;
    while int >= 10 {
        int /= 10;
        digits += 1;
    }
    digits
}

pub(super) fn quoted_len(text: &str) -> usize {
    // Most strings need no escape: only walk the string again when some do.
    if !needs_escape(text) {
        return text.len() + 2;
    }
    let mut len = 2;
    for byte in text.bytes() {
        len += match byte {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 2,
            0..=0x1f => 6,
            _ => 1,
        };
    }
    len
}

/// The bytes of `word` (eight, little-endian) that need an escape in JSON text (a control
/// character, `"` or `\\`) have their high bit set. Exact as a yes or no, and for the lowest
/// such byte; bytes above it may be set wrongly (a borrow carried up).
pub(super) fn escape_flags(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGH;
    // A byte under 0x20: the zero test against 0x20 instead of 1.
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    control | zero(word ^ (ONES * u64::from(b'"'))) | zero(word ^ (ONES * u64::from(b'\\')))
}

/// Whether JSON text needs an escape in `text`: a control character, `"` or `\`.
///
/// Eight bytes at a time in a machine word (the last word overlapping the one before, a
/// string of 4 to 7 bytes as two overlapping halves), without early exit; strings past 64
/// bytes in one pass the compiler vectorises. Byte by byte, measuring the short strings of
/// a four-member object was most of the 450 instructions its length cost.
pub(super) fn needs_escape(text: &str) -> bool {
    fn flagged(word: u64) -> bool {
        escape_flags(word) != 0
    }
    fn word8(bytes: &[u8], at: usize) -> u64 {
        bytes
            .get(at..at + 8)
            .and_then(|word| word.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    }
    fn word4(bytes: &[u8], at: usize) -> u64 {
        bytes
            .get(at..at + 4)
            .and_then(|word| word.try_into().ok())
            .map_or(0, |word| u64::from(u32::from_le_bytes(word)))
    }
    let bytes = text.as_bytes();
    let len = bytes.len();
    match len {
        0..4 => bytes.iter().any(|&byte| byte < 0x20 || byte == b'"' || byte == b'\\'),
        4..8 => flagged(word4(bytes, 0) | word4(bytes, len - 4) << 32),
        8..=64 => {
            let mut any = flagged(word8(bytes, len - 8));
            let mut at = 0;
            while at + 8 <= len {
                any |= flagged(word8(bytes, at));
                at += 8;
            }
            any
        }
        _ => bytes
            .iter()
            .fold(false, |any, &byte| any | (byte < 0x20 || byte == b'"' || byte == b'\\')),
    }
}
