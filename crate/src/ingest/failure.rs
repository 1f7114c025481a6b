//! A bad ratings file, said the way a user can act on: the code, the file,
//! the 1-based line, the line's text and the field at fault.

use std::fmt;

/// One ingest failure (`Error::Ingest`). `code` is one of the stable ingest
/// codes: `PARSE_ERROR`, `RATING_OUT_OF_SCALE`, `MISSING_COLUMN`,
/// `EMPTY_FILE`, `HEADER_ONLY`, `DUPLICATE_RATING`, `ID_OVERFLOW`, `FORMAT`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IngestFailure {
    pub code: &'static str,
    pub file: String,
    /// 1-based line, when one line is at fault.
    pub line: Option<u64>,
    /// What is wrong, without the place (the message adds file and line).
    pub reason: String,
    /// The offending line (at most 200 characters).
    pub text: Option<String>,
    /// 0-based field index.
    pub column: Option<usize>,
    /// The offending value.
    pub value: Option<String>,
    /// Where a repeated pair was first seen.
    pub first_line: Option<u64>,
    /// `gzip` or `zip`, for an archive given as ratings.
    pub compression: Option<&'static str>,
    /// The line bound a too-long line broke.
    pub max_line_bytes: Option<usize>,
}

impl IngestFailure {
    pub fn new(code: &'static str, file: &str, line: Option<u64>, reason: String) -> IngestFailure {
        IngestFailure {
            code,
            file: file.to_string(),
            line,
            reason,
            ..IngestFailure::default()
        }
    }
}

impl fmt::Display for IngestFailure {
    /// `file:line: reason: "text"`, as the TypeScript `IngestError` words it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.reason)?;
        if let Some(text) = &self.text {
            write!(f, ": {}", json_string(text))?;
        }
        Ok(())
    }
}

/// `s` as a JSON string literal (what `JSON.stringify` gives).
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A line for an error message: `\r` dropped, decoded leniently, at most
/// 200 characters (then `…`).
pub fn line_text(line: &[u8]) -> String {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let s = String::from_utf8_lossy(&line[..line.len().min(800)]);
    if s.chars().count() > 200 {
        s.chars().take(200).chain(std::iter::once('…')).collect()
    } else {
        s.into_owned()
    }
}

/// A number as JavaScript's `String(x)` writes it (`5.5`, `10`, `Infinity`).
pub fn js_number(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if x == x.trunc() && x.abs() < 1e21 {
        format!("{}", x as i128)
    } else {
        format!("{x}")
    }
}
