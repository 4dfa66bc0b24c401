//! Timestamps as ASL spells them: RFC 3339 with an upper-case `T` and a zone.
//!
//! Time in the core is virtual: milliseconds since the Unix epoch, moved only by the host.
//! The calendar arithmetic is the proleptic Gregorian conversion of Howard Hinnant's
//! "chrono-compatible low-level date algorithms"; it is small enough to keep here rather than
//! carry a date-time library into the playground's wasm.

/// Parses an RFC 3339 timestamp (`2016-03-14T01:59:00Z`, `2016-03-14T01:59:00.123+02:00`) to
/// milliseconds since the epoch. AWS rejects a lower-case `t`, a space separator and a missing
/// zone, and so does this; fractions beyond milliseconds are truncated.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = bytes.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0i64, |acc, digit| acc * 10 + i64::from(digit - b'0')))
    };
    let separator = |index: usize, expected: u8| bytes.get(index) == Some(&expected);
    if !(separator(4, b'-') && separator(7, b'-') && separator(10, b'T') && separator(13, b':') && separator(16, b':'))
    {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut index = 19;
    let mut millis = 0i64;
    if separator(index, b'.') {
        index += 1;
        let start = index;
        while bytes.get(index).is_some_and(u8::is_ascii_digit) {
            if index - start < 3 {
                millis = millis * 10 + i64::from(bytes[index] - b'0');
            }
            index += 1;
        }
        if index == start {
            return None;
        }
        for _ in (index - start)..3 {
            millis *= 10;
        }
    }
    let offset_minutes = match &bytes[index.min(bytes.len())..] {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), rest @ ..] if rest.len() == 5 && rest[2] == b':' => {
            let hours = number(index + 1..index + 3)?;
            let minutes = number(index + 4..index + 6)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let total = hours * 60 + minutes;
            if *sign == b'-' { -total } else { total }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

/// Formats milliseconds since the epoch as AWS prints times: `2024-01-01T00:00:00.000Z`.
pub fn format_timestamp(millis: i64) -> String {
    let days = millis.div_euclid(86_400_000);
    let in_day = millis.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000
    )
}

/// Formats milliseconds since the epoch as HTTP's `Date` header does (RFC 9110's IMF-fixdate):
/// `Mon, 01 Jan 2024 00:00:00 GMT`.
pub fn format_http_date(millis: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = millis.div_euclid(86_400_000);
    let in_day = millis.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
    )
}

/// A span of virtual time for people: `250 ms`, `6 s`, `2.5 min`, `3.0 h`, `365.0 days`.
pub fn format_duration(millis: i64) -> String {
    let seconds = millis as f64 / 1000.0;
    if millis < 1000 {
        format!("{millis} ms")
    } else if seconds < 120.0 {
        format!("{} s", crate::decimal::shortest(seconds))
    } else if seconds < 7200.0 {
        format!("{} min", crate::decimal::fixed(seconds / 60.0, 1))
    } else if seconds < 172_800.0 {
        format!("{} h", crate::decimal::fixed(seconds / 3600.0, 1))
    } else {
        format!("{} days", crate::decimal::fixed(seconds / 86_400.0, 1))
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date of a number of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates() {
        assert_eq!(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        let millis = parse_timestamp("2024-02-29T12:34:56.789Z").unwrap();
        assert_eq!(format_http_date(millis), "Thu, 29 Feb 2024 12:34:56 GMT");
        assert_eq!(format_http_date(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
    }

    #[test]
    fn strict_rfc3339() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_timestamp("1970-01-01T01:00:00.5+01:00"), Some(500));
        assert_eq!(parse_timestamp("2024-02-29T12:00:00.123456Z"), Some(1_709_208_000_123));
        assert_eq!(parse_timestamp("2016-12-05 21:29:29Z"), None);
        assert_eq!(parse_timestamp("2016-12-05t21:29:29Z"), None);
        assert_eq!(parse_timestamp("2016-12-05T21:29:29"), None);
        assert_eq!(parse_timestamp("2016-13-05T21:29:29Z"), None);
        assert_eq!(parse_timestamp("2023-02-29T00:00:00Z"), None);
        assert_eq!(parse_timestamp("2016-12-05T24:00:00Z"), None);
        assert_eq!(parse_timestamp("2016-12-05T21:29:29.Z"), None);
        assert_eq!(parse_timestamp("2016-12-05T21:29:29+0100"), None);
    }

    #[test]
    fn formats_durations_for_people() {
        assert_eq!(format_duration(250), "250 ms");
        assert_eq!(format_duration(6_000), "6 s");
        assert_eq!(format_duration(150_000), "2.5 min");
        assert_eq!(format_duration(31_536_000_000), "365.0 days");
    }

    #[test]
    fn formats_with_milliseconds() {
        assert_eq!(format_timestamp(1_704_067_200_000), "2024-01-01T00:00:00.000Z");
        assert_eq!(format_timestamp(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_timestamp(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn parse_and_format_agree_over_four_centuries() {
        let mut millis = -12_219_292_800_000i64; // 1582-10-15
        while millis < 253_402_300_799_000 {
            let text = format_timestamp(millis);
            assert_eq!(parse_timestamp(&text), Some(millis), "{text}");
            millis += 86_400_000 * 37 + 3_723_456;
        }
    }
}
