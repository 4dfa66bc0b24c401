//! Timestamps as ASL spells them: RFC 3339 with an upper-case `T` and a zone.
//!
//! Time in the core is virtual: milliseconds since the Unix epoch, moved only by the host.

/// Parses an RFC 3339 timestamp (`2016-03-14T01:59:00Z`, `2016-03-14T01:59:00.123+02:00`) to
/// milliseconds since the epoch. AWS rejects a lower-case `t`, a space separator and a missing
/// zone, and so does this.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    if !lexically_valid(text.as_bytes()) {
        return None;
    }
    let timestamp: jiff::Timestamp = text.parse().ok()?;
    Some(timestamp.as_millisecond())
}

fn lexically_valid(bytes: &[u8]) -> bool {
    let digits =
        |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|part| part.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && bytes.get(4) == Some(&b'-') && digits(5..7) && bytes.get(7) == Some(&b'-') && digits(8..10)) {
        return false;
    }
    if !(bytes.get(10) == Some(&b'T') && digits(11..13) && bytes.get(13) == Some(&b':') && digits(14..16)) {
        return false;
    }
    if !(bytes.get(16) == Some(&b':') && digits(17..19)) {
        return false;
    }
    let mut index = 19;
    if bytes.get(index) == Some(&b'.') {
        index += 1;
        let start = index;
        while bytes.get(index).is_some_and(u8::is_ascii_digit) {
            index += 1;
        }
        if index == start {
            return false;
        }
    }
    match &bytes[index.min(bytes.len())..] {
        b"Z" => true,
        [b'+' | b'-', rest @ ..] => {
            rest.len() == 5 && rest[2] == b':' && rest[..2].iter().chain(&rest[3..]).all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// Formats milliseconds since the epoch as AWS prints times: `2024-01-01T00:00:00.000Z`.
pub fn format_timestamp(millis: i64) -> String {
    match jiff::Timestamp::from_millisecond(millis) {
        Ok(timestamp) => format!("{}", timestamp.strftime("%Y-%m-%dT%H:%M:%S%.3fZ")),
        Err(_) => "invalid-time".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_rfc3339() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_timestamp("1970-01-01T01:00:00.5+01:00"), Some(500));
        assert_eq!(parse_timestamp("2016-12-05 21:29:29Z"), None);
        assert_eq!(parse_timestamp("2016-12-05t21:29:29Z"), None);
        assert_eq!(parse_timestamp("2016-12-05T21:29:29"), None);
        assert_eq!(parse_timestamp("2016-13-05T21:29:29Z"), None);
    }

    #[test]
    fn formats_with_milliseconds() {
        assert_eq!(format_timestamp(1_704_067_200_000), "2024-01-01T00:00:00.000Z");
    }
}
