//! The accepted rows in dense ids, built in file order from parsed pieces:
//! id interning (first-seen order), the repeated-pair check while users
//! come in runs, and strict/lenient handling of every line that is not a row.

use super::dense_ids::DenseIds;
use super::failure::{js_number, line_text, IngestFailure};
use super::layout::{Layout, MAX_LINE_BYTES};
use super::lines::{Bad, Event, Piece};
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
    /// `mark[item] == user + 1` when the current user rated `item` (while
    /// users come in runs and the run's raw item ids stopped ascending).
    mark: Vec<u32>,
    last_raw_user: Option<u32>,
    last_user: u32,
    run_start: usize,
    /// Whether the current run's raw item ids ascend so far (MovieLens files
    /// sort each user's ratings by movie id): no item can repeat yet, so the
    /// run needs no marks.
    ascending: bool,
    /// The current run's last raw item (-1 before its first row).
    last_raw_item: i64,
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
    /// Taken a user's run at a time: the stretch of a run whose raw items
    /// ascend cannot repeat a pair and is appended whole; the rest of the run
    /// is checked row by row against the marks.
    fn add_rows(&mut self, b: &[u8], piece: &Piece, from: usize, to: usize, lines_before: u64) -> Result<()> {
        let (us, is, rs) = (&piece.users[from..to], &piece.items[from..to], &piece.ratings[from..to]);
        let mut k = 0;
        while k < us.len() {
            if self.last_raw_user != Some(us[k]) {
                self.new_user(us[k]);
            }
            let end = k + run_len(&us[k..], us[k]);
            let fast = if !self.stats.user_grouped {
                end - k
            } else if self.ascending {
                ascending_len(&is[k..end], self.last_raw_item)
            } else {
                0
            };
            self.append(&is[k..k + fast], &rs[k..k + fast]);
            k += fast;
            if k == end {
                continue;
            }
            if self.ascending {
                self.mark_run();
            }
            for j in k..end {
                let line = lines_before + (from + j) as u64 + 1;
                let local = (line - self.stats.lines) as usize;
                self.checked_row(is[j], rs[j], line, || line_text(nth_line(b, piece, local)))?;
            }
            k = end;
        }
        Ok(())
    }

    /// Rows of the current user that need no check.
    fn append(&mut self, raw_items: &[u32], ratings: &[f32]) {
        let Some(&last) = raw_items.last() else { return };
        self.items.reserve(raw_items.len());
        for &raw_i in raw_items {
            let i = self.item(raw_i);
            self.items.push(i);
        }
        self.ratings.extend_from_slice(ratings);
        self.users.resize(self.users.len() + raw_items.len(), self.last_user);
        self.last_raw_item = last as i64;
    }

    /// A row of the current user checked against the marks (the run is marked).
    fn checked_row(&mut self, raw_i: u32, r: f32, line: u64, text: impl FnOnce() -> String) -> Result<()> {
        let (u, i) = (self.last_user, self.item(raw_i));
        if self.mark[i as usize] == u + 1 {
            return self.duplicate(i, r, line, text);
        }
        self.mark[i as usize] = u + 1;
        self.items.push(i);
        self.ratings.push(r);
        self.users.push(u);
        Ok(())
    }

    /// Dense index of item `raw_i` (a new one gets its mark).
    #[inline(always)]
    fn item(&mut self, raw_i: u32) -> u32 {
        let (i, new_item) = self.item_ids.intern(raw_i);
        if new_item {
            self.mark.push(0);
        }
        i
    }

    fn new_user(&mut self, raw_u: u32) {
        let (u, new) = self.user_ids.intern(raw_u);
        if !new {
            self.stats.user_grouped = false;
        }
        self.last_raw_user = Some(raw_u);
        self.last_user = u;
        self.run_start = self.count();
        self.ascending = true;
        self.last_raw_item = -1;
    }

    /// Marks the items of the current run so far (its raw items stopped
    /// ascending: from here on each row is checked against the marks).
    fn mark_run(&mut self) {
        let u = self.last_user;
        for &i in &self.items[self.run_start..self.count()] {
            self.mark[i as usize] = u + 1;
        }
        self.ascending = false;
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

/// Rows at the start of `users` that belong to user `u`.
fn run_len(users: &[u32], u: u32) -> usize {
    users.iter().position(|&x| x != u).unwrap_or(users.len())
}

/// Rows at the start of `items` whose ids ascend strictly (from above `last`).
fn ascending_len(items: &[u32], mut last: i64) -> usize {
    items
        .iter()
        .position(|&x| {
            let up = x as i64 > last;
            last = x as i64;
            !up
        })
        .unwrap_or(items.len())
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
