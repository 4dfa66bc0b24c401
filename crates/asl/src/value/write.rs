//! Compact JSON text written by hand, byte for byte as serde_json writes it, for the history's
//! lean payloads (`Value::to_json_within`): serde took about three times as long for the small
//! objects a long run leaves behind at every state.

use std::sync::Arc;

use super::{Array, Number, Value};

/// Appends the compact JSON text of `value` to `out`, as serde_json writes it; false (with
/// `out` cut short) once `out` passes `limit` bytes.
pub(super) fn write_compact(value: &Value, out: &mut String, limit: usize) -> bool {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => write_number(number, out),
        Value::String(text) => write_quoted(text, out),
        Value::Array(items) => {
            out.push('[');
            for (position, item) in items.iter().enumerate() {
                if position > 0 {
                    out.push(',');
                }
                if !write_compact(item, out, limit) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (position, (key, member)) in members.iter().enumerate() {
                if position > 0 {
                    out.push(',');
                }
                write_quoted(key, out);
                out.push(':');
                if !write_compact(member, out, limit) {
                    return false;
                }
            }
            out.push('}');
        }
    }
    out.len() <= limit
}

/// `write_compact` without a limit, noting where each item of the array at `target` starts and
/// ends (each time it is met).
pub(super) fn write_marking(value: &Value, out: &mut String, target: *const Array, places: &mut Vec<(usize, usize)>) {
    match value {
        Value::Array(items) => {
            let marking = std::ptr::eq(Arc::as_ptr(items), target);
            out.push('[');
            for (position, item) in items.iter().enumerate() {
                if position > 0 {
                    out.push(',');
                }
                let start = out.len();
                write_marking(item, out, target, places);
                if marking {
                    places.push((start, out.len()));
                }
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (position, (key, member)) in members.iter().enumerate() {
                if position > 0 {
                    out.push(',');
                }
                write_quoted(key, out);
                out.push(':');
                write_marking(member, out, target, places);
            }
            out.push('}');
        }
        _ => {
            write_compact(value, out, usize::MAX);
        }
    }
}

fn write_number(number: &Number, out: &mut String) {
    match (number.as_u64(), number.as_i64()) {
        (Some(int), _) => write_digits(int, out),
        (None, Some(int)) => {
            out.push('-');
            write_digits(int.unsigned_abs(), out);
        }
        // Floats as serde_json prints them (its `Display` is its serialisation).
        _ => out.push_str(&number.to_string()),
    }
}

/// The decimal digits of `int`, two at a time from a table, appended after one reservation:
/// pushed one by one through `extend` they cost about 125 instructions a number
/// (`States.Format`'s numbers and the history's texts write tens of thousands on a long Map).
fn write_digits(mut int: u64, out: &mut String) {
    const PAIRS: [u8; 200] = {
        let mut pairs = [0u8; 200];
        let mut pair = 0;
        while pair < 100 {
            pairs[2 * pair] = b'0' + (pair / 10) as u8;
            pairs[2 * pair + 1] = b'0' + (pair % 10) as u8;
            pair += 1;
        }
        pairs
    };
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    while int >= 100 {
        let pair = (int % 100) as usize * 2;
        int /= 100;
        start -= 2;
        digits[start..start + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if int >= 10 {
        let pair = int as usize * 2;
        start -= 2;
        digits[start..start + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        start -= 1;
        digits[start] = b'0' + int as u8;
    }
    out.reserve(digits.len() - start);
    for &digit in &digits[start..] {
        out.push(char::from(digit));
    }
}

/// A string in quotes, escaped as serde_json escapes it: `"`, `\\` and control characters
/// only, with the short forms where JSON has them.
fn write_quoted(text: &str, out: &mut String) {
    out.push('"');
    // Most strings need no escape.
    if !super::needs_escape(text) {
        out.push_str(text);
        out.push('"');
        return;
    }
    for char in text.chars() {
        match char {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\0'..='\u{1f}' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let byte = char as u8;
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
            _ => out.push(char),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &str) {
        let value = Value::from_json(json).unwrap();
        assert_eq!(value.to_json_within(usize::MAX).as_deref(), Some(&*value.to_json()));
    }

    #[test]
    fn writes_what_serde_json_writes() {
        check(r#"{"a":[1,-2,3.5,1e300,-0.0,18446744073709551615,-9223372036854775808],"b":null,"c":true,"d":false}"#);
        check(
            r#"["quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f nul \u0000 us \u001f del \u007f", "é ✓ 𝄞"]"#,
        );
        check(r#"[[], {}, [[{"x": {"y": []}}]], "", 0, 1.0, 0.1, 123456789.125]"#);
    }

    #[test]
    fn writes_integers_as_serde_json_writes_them() {
        let mut numbers: Vec<u64> = vec![0, 9, 10, 99, 100, 101, 999, 1000, u64::MAX, u64::MAX - 1];
        numbers.extend((0..64).map(|shift| 1u64 << shift));
        numbers.extend((1..20).map(|power| 10u64.pow(power) - 1));
        for int in numbers {
            let mut out = String::new();
            write_digits(int, &mut out);
            assert_eq!(out, serde_json::to_string(&int).unwrap());
        }
    }

    #[test]
    fn stops_past_the_limit() {
        let value = Value::from_json(r#"{"items":[1,2,3,4,5,6,7,8,9,10]}"#).unwrap();
        let text = value.to_json();
        assert_eq!(value.to_json_within(text.len()).as_deref(), Some(&*text));
        assert_eq!(value.to_json_within(text.len() - 1), None);
    }
}
