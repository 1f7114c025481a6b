//! The header line: which fields hold user, item and value.

use super::fields::parse_id;
use super::lines::split_fields;
use super::options::{Column, Format, Header};

/// Header names of a time column: in an events file such a column is never the value.
fn is_time_column(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "timestamp" | "time" | "ts" | "date" | "datetime" | "time_stamp" | "event_time" | "eventtime"
    )
}

/// Whether `line` (the first non-blank one) is a header under `fmt`.
pub fn is_header(line: &[u8], fmt: &Format) -> bool {
    match fmt.header {
        Header::Yes => true,
        Header::No => false,
        Header::Auto => {
            let first = line.split(|&c| c == fmt.delimiter[0]).next().unwrap_or(line);
            parse_id(first).is_err()
        }
    }
}

/// The field index of user, item and value from a header line; `Err` names
/// the first column the header lacks. For events (`events`), a value column
/// given by index whose header names a time (`user,item,timestamp`) is
/// dropped: every line then counts 1.
pub fn resolve(line: &[u8], fmt: &Format, events: bool) -> Result<[Option<usize>; 3], String> {
    let line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let d1 = fmt.delimiter.get(1).copied();
    let names: Vec<String> = split_fields(line, fmt.delimiter[0], d1)
        .map(|f| {
            let s = String::from_utf8_lossy(f);
            let t = s.trim();
            let t = if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
                &t[1..t.len() - 1]
            } else {
                t
            };
            t.to_string()
        })
        .collect();
    let mut cols = [None; 3];
    for (k, want) in [&fmt.user, &fmt.item, &fmt.rating].into_iter().enumerate() {
        cols[k] = match want {
            Column::Absent => None,
            Column::Index(w) => {
                let time = events && k == 2 && names.get(*w).is_some_and(|n| is_time_column(n));
                (!time).then_some(*w)
            }
            Column::Name(n) => Some(names.iter().position(|x| x == n).ok_or_else(|| n.clone())?),
        };
    }
    Ok(cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_to_indices_and_a_missing_one_is_named() {
        let csv = Format::csv();
        assert_eq!(
            resolve(b"userId,movieId,rating,timestamp\r", &csv, false),
            Ok([Some(0), Some(1), Some(2)])
        );
        assert_eq!(
            resolve(b"\"rating\",movieId, userId", &csv, false),
            Ok([Some(2), Some(1), Some(0)])
        );
        assert_eq!(
            resolve(b"userId,movieId,timestamp", &csv, false),
            Err("rating".to_string())
        );
        let events = Format {
            header: Header::Auto,
            ..Format::positional(b",")
        };
        assert_eq!(resolve(b"user,item,Time", &events, true), Ok([Some(0), Some(1), None]));
        assert_eq!(
            resolve(b"user,item,plays", &events, true),
            Ok([Some(0), Some(1), Some(2)])
        );
        assert!(is_header(b"user,item", &events) && !is_header(b"1,2", &events));
    }
}
