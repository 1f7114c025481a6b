//! The plain line, read in one pass: digit ids and a short decimal in
//! their fields, the value in scale, no quotes or `\r` in a parsed field.
//! Anything else (or any doubt) goes to the full rules of `lines::slow_line`.

use super::layout::{memchr_nl, Layout};

/// The plain line in any layout, one pass over the bytes (digits are read
/// as they are found). Returns the row and the start of the next line, or
/// `None` for the full rules (`slow_line`).
#[inline(always)]
pub fn fast_line(b: &[u8], mut p: usize, lay: &Layout) -> Option<(u32, u32, f32, usize)> {
    let last = lay.need() - 1;
    let (mut u, mut i, mut r) = (0u32, 0u32, 1f64);
    let mut f = 0;
    loop {
        if f == lay.user || f == lay.item {
            let (v, n) = digits(b, &mut p);
            if n == 0 || n > 9 {
                return None;
            }
            if f == lay.user {
                u = v as u32;
            }
            if f == lay.item {
                i = v as u32;
            }
        } else if Some(f) == lay.rating {
            r = decimal_at(b, &mut p)?;
        } else {
            while b[p] != lay.d0 && b[p] != b'\n' {
                p += 1;
            }
        }
        let c = b[p];
        if c != lay.d0 && c != b'\n' {
            return None;
        }
        if f == last {
            break;
        }
        if c == b'\n' {
            return None;
        }
        p += 1;
        if let Some(d1) = lay.d1 {
            if b[p] != d1 {
                return None;
            }
            p += 1;
        }
        f += 1;
    }
    if !(r >= lay.min && r <= lay.max) {
        return None;
    }
    Some((u, i, r as f32, newline_from(b, p) + 1))
}

/// `digits[.digits]` at `*p`, at most 15 digits in all (`m / 10^k` is then
/// correctly rounded).
#[inline(always)]
fn decimal_at(b: &[u8], p: &mut usize) -> Option<f64> {
    let (mut m, n) = digits(b, p);
    let mut k = 0;
    if b[*p] == b'.' {
        *p += 1;
        let (frac, nk) = digits(b, p);
        if n + nk > 15 {
            return None;
        }
        m = m * POW10_U64[nk] + frac;
        k = nk;
    }
    if n + k == 0 || n + k > 15 {
        return None;
    }
    Some(m as f64 / POW10[k])
}

/// `fast_line` for the most common layout: user, item and rating are the
/// first three fields, split by one byte (MovieLens csv, u.data). With the
/// layout fixed, the field loop and its per-field tests are gone (a tenth
/// of the parse time of ML-32M).
#[inline(always)]
pub fn first_three(b: &[u8], mut p: usize, lay: &Layout) -> Option<(u32, u32, f32, usize)> {
    let d = lay.d0;
    let (u, n) = digits(b, &mut p);
    if n == 0 || n > 9 || b[p] != d {
        return None;
    }
    p += 1;
    let (i, n) = digits(b, &mut p);
    if n == 0 || n > 9 || b[p] != d {
        return None;
    }
    p += 1;
    let r = decimal_at(b, &mut p)?;
    let next = match b[p] {
        b'\n' => p + 1,
        c if c == d => newline_from(b, p) + 1,
        _ => return None,
    };
    if !(r >= lay.min && r <= lay.max) {
        return None;
    }
    Some((u as u32, i as u32, r as f32, next))
}

const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];
const POW10_U64: [u64; 20] = {
    let mut t = [1u64; 20];
    let mut k = 1;
    while k < 20 {
        t[k] = t[k - 1] * 10;
        k += 1;
    }
    t
};

/// The decimal digits at `*p` (at most 19 read, so the value fits), and how many.
#[inline(always)]
fn digits(b: &[u8], p: &mut usize) -> (u64, usize) {
    let s = *p;
    let mut v = 0u64;
    while *p - s < 19 {
        let d = b[*p].wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        v = v * 10 + d as u64;
        *p += 1;
    }
    (v, *p - s)
}

/// The first `\n` at or after `p` (one exists before `b`'s end), eight
/// bytes at a time: the line's unread tail is mostly a timestamp.
#[inline(always)]
fn newline_from(b: &[u8], mut p: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    while p + 8 <= b.len() {
        let x = u64::from_le_bytes(b[p..p + 8].try_into().unwrap_or([0; 8])) ^ (ONES * b'\n' as u64);
        let zero = x.wrapping_sub(ONES) & !x & (ONES << 7);
        if zero != 0 {
            return p + (zero.trailing_zeros() / 8) as usize;
        }
        p += 8;
    }
    p + memchr_nl(&b[p..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `first_three` reads every line as the general `fast_line` does.
    #[test]
    fn first_three_agrees_with_the_general_fast_line() {
        let lay = Layout {
            d0: b',',
            d1: None,
            user: 0,
            item: 1,
            rating: Some(2),
            min: 0.5,
            max: 5.0,
        };
        let lines = [
            "1,89,4.5,1077452315\n",
            "1,89,4.5\n",
            "12345678,987654321,0.5,x\n",
            "1234567890,1,3,0\n",
            "1,2,5.0000000000001,0\n",
            "1,2,.5,0\n",
            "1,2,5.,0\n",
            "1,2,.,0\n",
            "1,2,7,0\n",
            "1,2,0.4,0\n",
            "1,,3,0\n",
            ",1,3,0\n",
            "1,2\n",
            "1,2,3\r\n",
            "\"1\",2,3,0\n",
            "1,2,3.5x,0\n",
            "1;2;3;0\n",
            "1,2,123456789012345.5,0\n",
            "1,2,0.00000000000001,0\n",
        ];
        for line in lines {
            let b = line.as_bytes();
            let general = fast_line(b, 0, &lay);
            assert_eq!(first_three(b, 0, &lay), general, "{line:?}");
        }
        let wide = Layout { max: 1e20, ..lay };
        for line in ["1,2,123456789012345,0\n", "1,2,1234567890123456,0\n", "1,2,99.9,0\n"] {
            let b = line.as_bytes();
            assert_eq!(first_three(b, 0, &wide), fast_line(b, 0, &wide), "{line:?}");
        }
    }
}
