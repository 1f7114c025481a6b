//! One piece of complete lines (each ending in `\n`) into raw-id rows and
//! the lines that are not rows. Pieces are independent, so a batch is cut
//! into several and parsed on the rayon pool.

use super::failure::line_text;
use super::fields::{parse_id, parse_rating, IdError};
use super::layout::{memchr_nl, Layout, MAX_LINE_BYTES};
use super::plain_line::{fast_line, first_three};

/// Why a line is not a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Bad {
    Missing {
        found: usize,
    },
    /// `value`: the field as written (for the message and `details.value`).
    Parse {
        column: usize,
        what: &'static str,
        value: String,
    },
    Overflow {
        column: usize,
        what: &'static str,
        value: String,
    },
    OutOfScale {
        column: usize,
        value: f64,
    },
    /// Over `MAX_LINE_BYTES`: an error in both modes.
    TooLong,
}

/// A line that is not a row: blank, or bad.
#[derive(Clone, Debug)]
pub struct Event {
    /// Rows of the piece before this line.
    pub rows_before: usize,
    /// Byte range of the line (without `\n`) in the piece's batch.
    pub start: usize,
    pub end: usize,
    /// `None`: a blank line.
    pub bad: Option<Bad>,
}

/// The rows of a piece in raw ids, and its other lines.
#[derive(Debug, Default)]
pub struct Piece {
    pub users: Vec<u32>,
    pub items: Vec<u32>,
    pub ratings: Vec<f32>,
    pub events: Vec<Event>,
    /// Byte range of the piece in its batch.
    pub start: usize,
    pub end: usize,
    /// Lines read (all of them unless `strict` stopped at a bad one).
    pub lines: usize,
}

/// Parses the complete lines of `b[start..end]` (`b[end - 1] == b'\n'`).
/// With `strict`, stops after the first bad line (the file fails there).
pub fn parse_piece(b: &[u8], start: usize, end: usize, lay: &Layout, strict: bool) -> Piece {
    let est = (end - start) / 24 + 16;
    let mut p = Piece {
        users: Vec::with_capacity(est),
        items: Vec::with_capacity(est),
        ratings: Vec::with_capacity(est),
        start,
        end,
        ..Piece::default()
    };
    if lay.d1.is_none() && (lay.user, lay.item, lay.rating) == (0, 1, Some(2)) {
        lines_into(&mut p, b, lay, strict, first_three);
    } else {
        lines_into(&mut p, b, lay, strict, fast_line);
    }
    p
}

/// The lines of `p`'s range, each through `fast` first.
#[inline(always)]
fn lines_into(
    p: &mut Piece,
    b: &[u8],
    lay: &Layout,
    strict: bool,
    fast: impl Fn(&[u8], usize, &Layout) -> Option<(u32, u32, f32, usize)>,
) {
    let (mut pos, end) = (p.start, p.end);
    while pos < end {
        p.lines += 1;
        if let Some((u, i, r, next)) = fast(b, pos, lay) {
            p.users.push(u);
            p.items.push(i);
            p.ratings.push(r);
            pos = next;
            continue;
        }
        let nl = pos + memchr_nl(&b[pos..end]);
        let bad = if nl - pos > MAX_LINE_BYTES {
            Err(Some(Bad::TooLong))
        } else {
            slow_line(&b[pos..nl], lay)
        };
        match bad {
            Ok((u, i, r)) => {
                p.users.push(u);
                p.items.push(i);
                p.ratings.push(r);
            }
            Err(bad) => {
                let stop = strict && bad.is_some() || bad == Some(Bad::TooLong);
                p.events.push(Event {
                    rows_before: p.users.len(),
                    start: pos,
                    end: nl,
                    bad,
                });
                if stop {
                    break;
                }
            }
        }
        pos = nl + 1;
    }
}

/// One line (no `\n`) with every rule: `Err(None)` for a blank line,
/// `Err(Some(bad))` for a bad one.
pub fn slow_line(line: &[u8], lay: &Layout) -> Result<(u32, u32, f32), Option<Bad>> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.is_empty() {
        return Err(None);
    }
    let (mut u, mut i, mut r) = (
        Err(IdError::Parse),
        Err(IdError::Parse),
        if lay.rating.is_none() { 1.0 } else { f64::NAN },
    );
    // The first field that does not parse, and its bytes.
    let mut bad_col: Option<(usize, &[u8])> = None;
    let mut found = 0;
    for (f, field) in split_fields(line, lay.d0, lay.d1).enumerate() {
        found = f + 1;
        let ok = if f == lay.user {
            u = parse_id(field);
            u.is_ok()
        } else if f == lay.item {
            i = parse_id(field);
            i.is_ok()
        } else if Some(f) == lay.rating {
            r = parse_rating(field);
            !r.is_nan()
        } else {
            true
        };
        if !ok && bad_col.is_none() {
            bad_col = Some((f, field));
        }
    }
    if found < lay.need() {
        return Err(Some(Bad::Missing { found }));
    }
    if let Some((column, field)) = bad_col {
        let (what, err) = if column == lay.user {
            ("user id", u.err())
        } else if column == lay.item {
            ("movie id", i.err())
        } else {
            ("rating", None)
        };
        let value = line_text(field);
        return Err(Some(if err == Some(IdError::Overflow) {
            Bad::Overflow { column, what, value }
        } else {
            Bad::Parse { column, what, value }
        }));
    }
    if !(r >= lay.min && r <= lay.max) {
        return Err(Some(Bad::OutOfScale {
            column: lay.rating.unwrap_or(0),
            value: r,
        }));
    }
    Ok((u.unwrap_or(0), i.unwrap_or(0), r as f32))
}

/// The fields of `line` split at `d0` (or the two bytes `d0 d1`).
pub fn split_fields(line: &[u8], d0: u8, d1: Option<u8>) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(line);
    std::iter::from_fn(move || {
        let s = rest?;
        let mut p = 0;
        while p < s.len() {
            if s[p] == d0 && d1.is_none_or(|d1| s.get(p + 1) == Some(&d1)) {
                rest = Some(&s[p + 1 + d1.is_some() as usize..]);
                return Some(&s[..p]);
            }
            p += 1;
        }
        rest = None;
        Some(s)
    })
}
