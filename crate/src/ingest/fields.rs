//! Field values: unsigned ids and short decimals, read from bytes without
//! going through strings (the ratings of MovieLens are `d` or `d.d`).

/// Why an id field is not an id.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum IdError {
    /// Empty or not all digits.
    Parse,
    /// Digits only, but above `u32::MAX`.
    Overflow,
}

const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `"x"` → `x` (one pair of surrounding double quotes).
fn unquote(f: &[u8]) -> &[u8] {
    if f.len() >= 2 && f[0] == b'"' && f[f.len() - 1] == b'"' {
        &f[1..f.len() - 1]
    } else {
        f
    }
}

/// An unsigned decimal id, optionally in double quotes.
pub fn parse_id(field: &[u8]) -> Result<u32, IdError> {
    let f = unquote(field);
    if f.is_empty() {
        return Err(IdError::Parse);
    }
    let mut v: u64 = 0;
    for &c in f {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return Err(IdError::Parse);
        }
        v = v.saturating_mul(10).saturating_add(d as u64);
    }
    u32::try_from(v).map_err(|_| IdError::Overflow)
}

/// `digits[.digits]` with at most 15 digits on each side, exactly as the
/// decimal reads (`m / 10^k` is correctly rounded for such `m`); `None`
/// for anything else.
#[inline]
pub fn short_decimal(f: &[u8]) -> Option<f64> {
    let mut i = 0;
    let mut m: u64 = 0;
    while i < f.len() && f[i].wrapping_sub(b'0') <= 9 {
        m = m * 10 + (f[i] - b'0') as u64;
        i += 1;
        if i > 15 {
            return None;
        }
    }
    let int_digits = i;
    if i == f.len() {
        return (int_digits > 0).then_some(m as f64);
    }
    if f[i] != b'.' {
        return None;
    }
    i += 1;
    let fs = i;
    while i < f.len() && f[i].wrapping_sub(b'0') <= 9 {
        m = m * 10 + (f[i] - b'0') as u64;
        i += 1;
        if int_digits + (i - fs) > 15 {
            return None;
        }
    }
    let k = i - fs;
    if i != f.len() || k > 15 || int_digits + k > 15 || (int_digits == 0 && k == 0) {
        return None;
    }
    Some(m as f64 / POW10[k])
}

/// A rating: the short decimal path, else what JavaScript's `Number()`
/// accepts in practice (signs, exponents, surrounding spaces, `Infinity`).
/// NaN when it is no number.
pub fn parse_rating(field: &[u8]) -> f64 {
    let f = unquote(field);
    if let Some(v) = short_decimal(f) {
        return v;
    }
    let s = match std::str::from_utf8(&f[..f.len().min(64)]) {
        Ok(s) => s.trim(),
        Err(_) => return f64::NAN,
    };
    match s {
        "" => f64::NAN,
        "Infinity" | "+Infinity" => f64::INFINITY,
        "-Infinity" => f64::NEG_INFINITY,
        _ if s
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')) =>
        {
            s.parse::<f64>().unwrap_or(f64::NAN)
        }
        _ => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_digits_and_quotes_and_refuse_the_rest() {
        assert_eq!(parse_id(b"296"), Ok(296));
        assert_eq!(parse_id(b"\"10\""), Ok(10));
        assert_eq!(parse_id(b"4294967295"), Ok(u32::MAX));
        assert_eq!(parse_id(b"4294967296"), Err(IdError::Overflow));
        assert_eq!(parse_id(b"99999999999999999999"), Err(IdError::Overflow));
        for bad in [&b""[..], b"x2", b" 1", b"-1", b"1.0", b"\"\""] {
            assert_eq!(parse_id(bad), Err(IdError::Parse), "{bad:?}");
        }
    }

    #[test]
    fn ratings_read_as_their_decimals_and_as_numbers_otherwise() {
        assert_eq!(parse_rating(b"3.5"), 3.5);
        assert_eq!(parse_rating(b"4"), 4.0);
        assert_eq!(parse_rating(b"\"4.5\""), 4.5);
        assert_eq!(parse_rating(b".5"), 0.5);
        assert_eq!(parse_rating(b"5."), 5.0);
        assert_eq!(parse_rating(b"0.1") as f32, 0.1f32);
        assert_eq!(parse_rating(b"-1"), -1.0);
        assert_eq!(parse_rating(b"1e1"), 10.0);
        assert_eq!(parse_rating(b" 2 "), 2.0);
        assert_eq!(parse_rating(b"Infinity"), f64::INFINITY);
        assert_eq!(parse_rating(b"0.12345678901234567890123"), 0.12345678901234568);
        assert_eq!(short_decimal(b"1.00000000000000000000000000001"), None);
        for bad in [&b""[..], b"four", b"nan", b"inf", b".", b"1,5", b"0x10"] {
            assert!(parse_rating(bad).is_nan(), "{bad:?}");
        }
    }
}
