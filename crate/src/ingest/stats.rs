//! What a parse saw besides the rows: line counts and skipped lines by reason.

/// Lines skipped by reason (all zero in strict mode, where the first one fails).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SkipCounts {
    pub parse: u64,
    pub out_of_scale: u64,
    pub missing_column: u64,
    pub duplicate: u64,
    pub id_overflow: u64,
    pub invalid_utf8: u64,
}

impl SkipCounts {
    /// The counter a line-level code increments.
    pub fn count(&mut self, code: &str) {
        match code {
            "RATING_OUT_OF_SCALE" => self.out_of_scale += 1,
            "MISSING_COLUMN" => self.missing_column += 1,
            "DUPLICATE_RATING" => self.duplicate += 1,
            "ID_OVERFLOW" => self.id_overflow += 1,
            _ => self.parse += 1,
        }
    }

    /// `(name, count)` pairs, named as the TypeScript `SkipCounts`.
    pub fn named(&self) -> [(&'static str, u64); 6] {
        [
            ("parse", self.parse),
            ("outOfScale", self.out_of_scale),
            ("missingColumn", self.missing_column),
            ("duplicate", self.duplicate),
            ("idOverflow", self.id_overflow),
            ("invalidUtf8", self.invalid_utf8),
        ]
    }
}

/// Statistics of one parse.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stats {
    /// Lines read, header and blank lines included.
    pub lines: u64,
    /// Bytes read.
    pub bytes: u64,
    pub blank_lines: u64,
    pub header: bool,
    /// Whether each user's ratings formed one run (true for every MovieLens file).
    pub user_grouped: bool,
    pub skipped: SkipCounts,
}

impl Default for Stats {
    fn default() -> Stats {
        Stats {
            lines: 0,
            bytes: 0,
            blank_lines: 0,
            header: false,
            user_grouped: true,
            skipped: SkipCounts::default(),
        }
    }
}
