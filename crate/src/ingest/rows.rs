//! The accepted rows in dense ids, built in file order from parsed pieces:
//! id interning (first-seen order), the repeated-pair check while users
//! come in runs, and strict/lenient handling of every line that is not a row.

use super::dense_ids::DenseIds;
use super::failure::{js_number, line_text, IngestFailure};
use super::lines::{Bad, Event, Layout, Piece, MAX_LINE_BYTES};
use super::stats::Stats;
use crate::error::{Error, Result};

#[derive(Debug, Default)]
pub struct Rows {
    pub users: Vec<u32>,
    pub items: Vec<u32>,
    pub ratings: Vec<f32>,
    pub user_ids: DenseIds,
    pub item_ids: DenseIds,
    pub stats: Stats,
    /// Row counts at which a line that is not a row occurred: maps rows to lines.
    pub gaps: Vec<usize>,
    pub saw_content: bool,
    pub file: String,
    pub strict: bool,
    pub sum_duplicates: bool,
    /// `mark[item] == user + 1` when the current user rated `item` (while users come in runs).
    mark: Vec<u32>,
    last_raw_user: Option<u32>,
    last_user: u32,
    run_start: usize,
}

impl Rows {
    pub fn new(file: &str, strict: bool, sum_duplicates: bool) -> Rows {
        Rows {
            file: file.to_string(),
            strict,
            sum_duplicates,
            ..Rows::default()
        }
    }

    pub fn count(&self) -> usize {
        self.users.len()
    }

    /// 1-based line of row `row` (before any later removal).
    pub fn line_of(&self, row: usize) -> u64 {
        (row + 1 + self.gaps.partition_point(|&g| g <= row)) as u64
    }

    /// A line that is not a row: fails (strict) or is counted (lenient).
    pub fn reject(&mut self, make: impl FnOnce() -> IngestFailure) -> Result<()> {
        let f = make();
        if self.strict || f.code == "FORMAT" {
            return Err(Error::Ingest(Box::new(f)));
        }
        self.stats.skipped.count(f.code);
        self.gaps.push(self.count());
        Ok(())
    }

    /// A line that is counted but holds no row (header, blank, summed).
    pub fn skip_line(&mut self) {
        self.gaps.push(self.count());
    }

    /// Appends the rows and events of `piece` (of batch `b`) in file order.
    pub fn merge(&mut self, b: &[u8], piece: &Piece, lay: &Layout) -> Result<()> {
        let base = self.stats.lines;
        let mut from = 0;
        for (k, ev) in piece.events.iter().enumerate() {
            self.add_rows(b, piece, from, ev.rows_before, base + k as u64)?;
            from = ev.rows_before;
            self.event(b, ev, base + (from + k + 1) as u64, lay)?;
        }
        self.add_rows(b, piece, from, piece.users.len(), base + piece.events.len() as u64)?;
        if !piece.users.is_empty() {
            self.saw_content = true;
        }
        self.stats.lines += piece.lines as u64;
        Ok(())
    }

    /// Rows `from..to` of `piece`; `lines_before` counts the lines before the piece and its earlier events.
    /// Items are made dense first, in one pass of their own: the table reads
    /// of consecutive rows do not depend on each other, so their cache misses
    /// overlap (interning in row order gives the same first-seen order).
    /// Rows `base..` of `items` and `ratings` run ahead of `users` until the
    /// second pass settles them (a repeated pair drops its row).
    fn add_rows(&mut self, b: &[u8], piece: &Piece, from: usize, to: usize, lines_before: u64) -> Result<()> {
        let base = self.count();
        for &raw_i in &piece.items[from..to] {
            let (i, new_item) = self.item_ids.intern(raw_i);
            if new_item {
                self.mark.push(0);
            }
            self.items.push(i);
        }
        self.ratings.extend_from_slice(&piece.ratings[from..to]);
        for (k, &raw_u) in piece.users[from..to].iter().enumerate() {
            if self.last_raw_user != Some(raw_u) {
                self.new_user(raw_u);
            }
            let (u, w) = (self.last_user, self.count());
            let (i, r) = (self.items[base + k], self.ratings[base + k]);
            if self.stats.user_grouped {
                if self.mark[i as usize] == u + 1 {
                    let line = lines_before + (from + k) as u64 + 1;
                    let local = (line - self.stats.lines) as usize;
                    self.duplicate(i, r, line, || line_text(nth_line(b, piece, local)))?;
                    continue;
                }
                self.mark[i as usize] = u + 1;
            }
            self.items[w] = i;
            self.ratings[w] = r;
            self.users.push(u);
        }
        self.items.truncate(self.count());
        self.ratings.truncate(self.count());
        Ok(())
    }

    fn new_user(&mut self, raw_u: u32) {
        let (u, new) = self.user_ids.intern(raw_u);
        if !new {
            self.stats.user_grouped = false;
        }
        self.last_raw_user = Some(raw_u);
        self.last_user = u;
        self.run_start = self.count();
    }

    /// Item `i` again in the current user's run, on `line`.
    fn duplicate(&mut self, i: u32, r: f32, line: u64, text: impl FnOnce() -> String) -> Result<()> {
        let first = self.run_start
            + self.items[self.run_start..self.count()]
                .iter()
                .position(|&x| x == i)
                .unwrap_or(0);
        if self.sum_duplicates {
            self.ratings[first] += r;
            self.skip_line();
            return Ok(());
        }
        let (raw_u, raw_i) = (self.user_ids.raw(self.last_user), self.item_ids.raw(i));
        let first_line = self.line_of(first);
        let file = self.file.clone();
        let strict = self.strict;
        self.reject(|| IngestFailure {
            text: strict.then(text),
            first_line: Some(first_line),
            ..IngestFailure::new(
                "DUPLICATE_RATING",
                &file,
                Some(line),
                format!("user {raw_u} rated movie {raw_i} twice"),
            )
        })
    }

    /// A blank or bad line, line `line` of the file.
    fn event(&mut self, b: &[u8], ev: &Event, line: u64, lay: &Layout) -> Result<()> {
        let Some(bad) = &ev.bad else {
            self.stats.blank_lines += 1;
            self.skip_line();
            return Ok(());
        };
        self.saw_content = true;
        let text = || Some(line_text(&b[ev.start..ev.end]));
        let file = self.file.clone();
        let at = |code, reason: String| IngestFailure::new(code, &file, Some(line), reason);
        self.reject(|| match *bad {
            Bad::TooLong => too_long(&file, line),
            Bad::Missing { found } => IngestFailure {
                text: text(),
                ..at(
                    "MISSING_COLUMN",
                    format!("expected at least {} fields, found {found}", lay.need()),
                )
            },
            Bad::Parse {
                column,
                what,
                ref value,
            }
            | Bad::Overflow {
                column,
                what,
                ref value,
            } => {
                let (code, reason) = if matches!(bad, Bad::Overflow { .. }) {
                    ("ID_OVERFLOW", format!("{what} {value} exceeds 4294967295"))
                } else {
                    ("PARSE_ERROR", format!("cannot parse {what} {value:?}"))
                };
                IngestFailure {
                    text: text(),
                    column: Some(column),
                    value: Some(value.clone()),
                    ..at(code, reason)
                }
            }
            Bad::OutOfScale { column, value } => IngestFailure {
                text: text(),
                column: Some(column),
                value: Some(js_number(value)),
                ..at(
                    "RATING_OUT_OF_SCALE",
                    format!(
                        "rating {} outside {}..{}",
                        js_number(value),
                        js_number(lay.min),
                        js_number(lay.max)
                    ),
                )
            },
        })
    }
}

/// Line `k` (1-based) of `piece`, without its `\n`.
fn nth_line<'a>(b: &'a [u8], piece: &Piece, k: usize) -> &'a [u8] {
    let lines = b[piece.start..piece.end].split(|&c| c == b'\n');
    lines.into_iter().nth(k - 1).unwrap_or(&[])
}

/// The `FORMAT` error of a line over `MAX_LINE_BYTES` (both modes: skipping
/// it could read an endless source forever).
pub fn too_long(file: &str, line: u64) -> IngestFailure {
    IngestFailure {
        max_line_bytes: Some(MAX_LINE_BYTES),
        ..IngestFailure::new(
            "FORMAT",
            file,
            Some(line),
            format!(
                "line {line} is longer than {MAX_LINE_BYTES} bytes: not a ratings file (binary, compressed, or without line breaks)?"
            ),
        )
    }
}
