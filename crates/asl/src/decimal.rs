//! Floats written for people (durations, percentages, drawing coordinates, timings) without
//! `f64: Display`. Core's float formatting (`flt2dec`, about 12 kB of WebAssembly) was in the
//! playground's first load only for such texts; fixed places are written from an integer, and
//! the shortest form comes from serde_json, whose float writer the first load holds anyway.

/// `value` rounded to `places` decimals (at most 9), as `{value:.places$}` writes it, except
/// that a tie rounds away from zero, a value that rounds to zero has no minus sign, and past
/// 2^53 at that scale the last digit may be one off (the scaling is a float multiplication;
/// `tests/properties.rs` checks up to 10^9 with four places). Magnitudes past what an `i64`
/// holds at that scale, and non-finite values, are written in their shortest form.
pub fn fixed(value: f64, places: u32) -> String {
    let places = places.min(9);
    let scale = 10_u64.pow(places);
    let scaled = (value * scale as f64).round();
    if !scaled.is_finite() || scaled.abs() >= 9.0e18 {
        return shortest(value);
    }
    let scaled = scaled as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let magnitude = scaled.unsigned_abs();
    match places {
        0 => format!("{sign}{magnitude}"),
        _ => format!(
            "{sign}{}.{:0width$}",
            magnitude / scale,
            magnitude % scale,
            width = places as usize
        ),
    }
}

/// `value` as `{value}` writes it for the numbers people read: the shortest text that reads
/// back as the same number, without a fraction when it is whole (`2`, `2.5`, `0.1`). Where
/// two last digits are as close, it may pick the other one; very large and very small
/// magnitudes take an exponent (`1e21`) where `Display` writes every digit; infinities and
/// NaN are written as `Display` writes them.
pub fn shortest(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let text = serde_json::Number::from_f64(value).map_or_else(String::new, |number| number.to_string());
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_places_match_display_away_from_ties() {
        for value in [0.0, 1.0, 2.4, -3.7, 12.3456, 1234.5678, -0.04, 99.99, 0.001, 5e-7] {
            for places in 0..=4 {
                let ours = fixed(value, places);
                let display = format!("{value:.*}", places as usize);
                // Display keeps a minus on a value that rounds to zero; we do not.
                let display = match display.strip_prefix('-') {
                    Some(rest) if rest.bytes().all(|byte| byte == b'0' || byte == b'.') => rest.to_owned(),
                    _ => display,
                };
                assert_eq!(ours, display, "{value} to {places} places");
            }
        }
    }

    #[test]
    fn fixed_rounds_a_tie_away_from_zero() {
        assert_eq!(fixed(0.5, 0), "1");
        assert_eq!(fixed(-2.5, 0), "-3");
    }

    #[test]
    fn fixed_falls_back_to_the_shortest_form_out_of_range() {
        assert_eq!(fixed(1e300, 2), shortest(1e300));
        assert_eq!(fixed(f64::NAN, 1), "NaN");
        assert_eq!(fixed(f64::NEG_INFINITY, 1), "-inf");
    }

    #[test]
    fn shortest_matches_display_for_everyday_numbers() {
        for value in [
            0.0,
            -0.0,
            1.0,
            2.5,
            -7.0,
            0.1,
            0.3,
            1.0 / 3.0,
            86_400.0,
            12.345,
            1e15,
            3.0e-5,
            f64::INFINITY,
        ] {
            assert_eq!(shortest(value), format!("{value}"), "{value:?}");
        }
    }
}
