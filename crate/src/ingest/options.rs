//! What a ratings file looks like (delimiter, header, columns) and how
//! strictly to read it (scale, bad lines, repeated pairs).

use crate::error::{Error, Result};

/// Where a field is: a 0-based index, a header name, or (the value only)
/// absent, when every line counts 1 (an events file of `user,item` pairs).
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    Index(usize),
    Name(String),
    Absent,
}

/// Whether the first non-blank line is a header; `Auto`: a header when its
/// first field is not an id.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Header {
    Yes,
    No,
    Auto,
}

/// The layout of a delimited ratings file.
#[derive(Clone, Debug, PartialEq)]
pub struct Format {
    /// One or two bytes: `,` (csv), `::` (ml-1m .dat), `\t` (ml-100k u.data).
    pub delimiter: Vec<u8>,
    pub header: Header,
    pub user: Column,
    pub item: Column,
    pub rating: Column,
}

impl Format {
    /// `ratings.csv` of ml-latest, ml-20m, ml-25m, ml-32m.
    pub fn csv() -> Format {
        let name = |n: &str| Column::Name(n.to_string());
        Format {
            delimiter: b",".to_vec(),
            header: Header::Yes,
            user: name("userId"),
            item: name("movieId"),
            rating: name("rating"),
        }
    }

    /// Headerless columns 0, 1, 2 split by `delimiter` (`::` .dat, tab u.data).
    pub fn positional(delimiter: &[u8]) -> Format {
        Format {
            delimiter: delimiter.to_vec(),
            header: Header::No,
            user: Column::Index(0),
            item: Column::Index(1),
            rating: Column::Index(2),
        }
    }
}

/// Everything a parse needs besides the bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub format: Format,
    /// The name errors give (a path, a URL, `<bytes>`).
    pub file: String,
    /// `true`: the first bad line fails the load; `false`: skipped and counted.
    pub strict: bool,
    /// Accepted values, inclusive.
    pub min: f64,
    pub max: f64,
    /// A repeated `(user, item)` pair adds its value to the first (events)
    /// instead of being a `DUPLICATE_RATING`.
    pub sum_duplicates: bool,
}

impl Options {
    /// MovieLens `ratings.csv`, strict, half stars 0.5..5.
    pub fn new(format: Format, file: &str) -> Options {
        Options {
            format,
            file: file.to_string(),
            strict: true,
            min: 0.5,
            max: 5.0,
            sum_duplicates: false,
        }
    }

    /// The checks a caller's mistake would otherwise turn into wrong data.
    pub fn validate(&self) -> Result<()> {
        let f = &self.format;
        if f.delimiter.is_empty() || f.delimiter.len() > 2 {
            return Err(Error::param(
                "delimiter",
                format!("{:?}", String::from_utf8_lossy(&f.delimiter)),
                "1 or 2 bytes",
            ));
        }
        if f.user == Column::Absent || f.item == Column::Absent {
            return Err(Error::param(
                "columns",
                "absent user or item",
                "a user and an item column",
            ));
        }
        let named = [&f.user, &f.item, &f.rating]
            .iter()
            .any(|c| matches!(c, Column::Name(_)));
        if named && f.header != Header::Yes {
            return Err(Error::param(
                "columns",
                "header names",
                "`header: true` for named columns",
            ));
        }
        if self.min.is_nan() || self.max.is_nan() || self.min > self.max {
            return Err(Error::param(
                "scale",
                format!("{}..{}", self.min, self.max),
                "min <= max",
            ));
        }
        Ok(())
    }
}
