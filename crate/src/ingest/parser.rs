//! The streaming ratings parser: bytes are written into its buffer chunk by
//! chunk; each batch of complete lines is cut into pieces parsed in
//! parallel (on the pool while the next batch is buffered), then merged in
//! file order. The partial last line waits for the
//! next chunk.

use std::mem::MaybeUninit;

use super::dedup::remove_duplicates;
use super::failure::{line_text, IngestFailure};
use super::header;
use super::layout::{memchr_nl, Layout, MAX_LINE_BYTES};
use super::options::{Column, Header, Options};
use super::parsed::Parsed;
use super::pipeline::Pipeline;
use super::rows::{too_long, Rows};
use crate::error::{Error, Result};

/// Bytes buffered before a batch is parsed, per pool thread.
const BATCH_PER_THREAD: usize = 8 << 20;

#[derive(Debug)]
pub struct Parser {
    opts: Options,
    /// Known once the header (if any) is read.
    layout: Option<Layout>,
    /// The bytes committed and not yet handed to a job.
    buf: Vec<u8>,
    /// Room reserved last (`reserve`): a `commit` keeps at most this much.
    reserved: usize,
    /// Byte order mark and archive checks done.
    started: bool,
    batch_bytes: usize,
    /// Bytes committed.
    bytes: u64,
    /// The rows, and the job parsing the batch buffered last.
    work: Pipeline,
}

impl Parser {
    pub fn new(opts: Options) -> Result<Parser> {
        opts.validate()?;
        let f = &opts.format;
        let layout = match (&f.user, &f.item, &f.rating, f.header) {
            (Column::Index(u), Column::Index(i), r, Header::No) => {
                Some(layout_of(&opts, [Some(*u), Some(*i), index(r)]))
            }
            _ => None,
        };
        let rows = Rows::new(&opts.file, opts.strict, opts.sum_duplicates);
        Ok(Parser {
            layout,
            buf: Vec::new(),
            reserved: 0,
            started: false,
            batch_bytes: BATCH_PER_THREAD * rayon::current_num_threads().max(1),
            bytes: 0,
            work: Pipeline::new(rows),
            opts,
        })
    }

    /// Room for `n` more bytes after those committed, where a reader writes
    /// them before `commit`. Not zeroed: the reader's bytes are the only
    /// pass over it. A later `reserve` replaces it.
    pub fn reserve(&mut self, n: usize) -> &mut [MaybeUninit<u8>] {
        self.buf.reserve(n);
        self.reserved = n;
        &mut self.buf.spare_capacity_mut()[..n]
    }

    /// Keeps the first `n` bytes of the room reserved last (at most all of
    /// it) and parses once a batch is buffered.
    ///
    /// # Safety
    /// Those `n` bytes have been written since the `reserve`.
    pub unsafe fn commit(&mut self, n: usize) -> Result<()> {
        let n = n.min(std::mem::take(&mut self.reserved));
        // SAFETY: the caller wrote these bytes, within the capacity `reserve` made.
        unsafe { self.buf.set_len(self.buf.len() + n) };
        self.committed(n)
    }

    /// Copies `chunk` in and parses once a batch is buffered.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.reserved = 0;
        self.buf.extend_from_slice(chunk);
        self.committed(chunk.len())
    }

    fn committed(&mut self, n: usize) -> Result<()> {
        self.bytes += n as u64;
        if self.buf.len() >= self.batch_bytes {
            self.parse_buffered(false)?;
        }
        Ok(())
    }

    /// Capacity for `n` rows (a hint from the source's size).
    pub fn reserve_rows(&mut self, n: usize) {
        let Ok(w) = self.work.work() else { return };
        let r = &mut w.rows;
        let more = n.saturating_sub(r.count());
        r.users.reserve(more);
        r.items.reserve(more);
        r.ratings.reserve(more);
    }

    /// Parse once `n` bytes are buffered (default 8 MiB per pool thread);
    /// small batches report progress more often and test the carried lines.
    pub fn set_batch_bytes(&mut self, n: usize) {
        self.batch_bytes = n.max(1);
    }

    /// Rows accepted so far (progress).
    pub fn rows(&self) -> usize {
        self.work.rows()
    }

    /// Parses the last line and checks the whole file (empty, header only,
    /// repeats across users).
    pub fn finish(mut self) -> Result<Parsed> {
        if self.buf.last().is_some_and(|&c| c != b'\n') {
            self.buf.push(b'\n');
        }
        self.parse_buffered(true)?;
        let mut work = self.work.into_work()?;
        work.merge_pending()?;
        let r = &mut work.rows;
        r.stats.bytes = self.bytes;
        let file = &self.opts.file;
        if !r.saw_content {
            return Err(ingest(IngestFailure::new(
                "EMPTY_FILE",
                file,
                None,
                "file is empty (no ratings)".into(),
            )));
        }
        let data_lines = r.stats.lines - r.stats.blank_lines - r.stats.header as u64;
        if data_lines == 0 {
            return Err(ingest(IngestFailure::new(
                "HEADER_ONLY",
                file,
                Some(1),
                "file has a header but no ratings".into(),
            )));
        }
        if !r.stats.user_grouped {
            remove_duplicates(r)?;
        }
        Ok(Parsed::from(work.rows))
    }

    /// Parses the complete lines buffered (all of them when `last`) and keeps
    /// the rest. The batch before is merged meanwhile, on the pool too.
    fn parse_buffered(&mut self, last: bool) -> Result<()> {
        if !self.started {
            if self.buf.len() < 4 && !last {
                return Ok(());
            }
            self.started = true;
            refuse_archive(&self.buf, &self.opts.file)?;
            if self.buf.starts_with(b"\xef\xbb\xbf") {
                self.buf.drain(..3);
            }
        }
        let Some(end) = self.buf.iter().rposition(|&c| c == b'\n').map(|p| p + 1) else {
            if self.buf.len() > MAX_LINE_BYTES + 1 {
                let w = self.work.work()?;
                w.merge_pending()?;
                return Err(ingest(too_long(&self.opts.file, w.rows.stats.lines + 1)));
            }
            return Ok(());
        };
        let mut next = std::mem::take(&mut self.work.work()?.spare);
        next.clear();
        next.extend_from_slice(&self.buf[end..]);
        self.buf.truncate(end);
        let batch = std::mem::replace(&mut self.buf, next);
        let mut pos = 0;
        if self.layout.is_none() {
            self.work.work()?.merge_pending()?;
            while self.layout.is_none() && pos < batch.len() {
                pos = self.header_line(&batch, pos)?;
            }
        }
        let Some(lay) = self.layout else {
            self.work.work()?.spare = batch;
            return Ok(());
        };
        self.work.start(batch, pos, lay)
    }

    /// The line at `pos` while the header is pending: blank lines pass, the
    /// first other line is the header (or, `auto`, the first row). Returns
    /// where parsing goes on.
    fn header_line(&mut self, b: &[u8], pos: usize) -> Result<usize> {
        let nl = pos + memchr_nl(&b[pos..]);
        let line = &b[pos..nl];
        let r = &mut self.work.work()?.rows;
        if line.len() > MAX_LINE_BYTES {
            return Err(ingest(too_long(&self.opts.file, r.stats.lines + 1)));
        }
        let fmt = &self.opts.format;
        if line.strip_suffix(b"\r").unwrap_or(line).is_empty() {
            r.stats.lines += 1;
            r.stats.blank_lines += 1;
            r.skip_line();
            return Ok(nl + 1);
        }
        if !header::is_header(line, fmt) {
            let cols = [index(&fmt.user), index(&fmt.item), index(&fmt.rating)];
            self.layout = Some(layout_of(&self.opts, cols));
            return Ok(pos);
        }
        r.stats.lines += 1;
        r.stats.header = true;
        r.saw_content = true;
        r.skip_line();
        let cols = header::resolve(line, fmt, self.opts.sum_duplicates).map_err(|missing| {
            ingest(IngestFailure {
                text: Some(line_text(line)),
                ..IngestFailure::new(
                    "MISSING_COLUMN",
                    &self.opts.file,
                    Some(r.stats.lines),
                    format!("header has no column \"{missing}\""),
                )
            })
        })?;
        self.layout = Some(layout_of(&self.opts, cols));
        Ok(nl + 1)
    }
}

fn index(c: &Column) -> Option<usize> {
    match c {
        Column::Index(i) => Some(*i),
        _ => None,
    }
}

fn layout_of(opts: &Options, cols: [Option<usize>; 3]) -> Layout {
    let d = &opts.format.delimiter;
    Layout {
        d0: d[0],
        d1: d.get(1).copied(),
        user: cols[0].unwrap_or(0),
        item: cols[1].unwrap_or(0),
        rating: cols[2],
        min: opts.min,
        max: opts.max,
    }
}

fn ingest(f: IngestFailure) -> Error {
    Error::Ingest(Box::new(f))
}

/// A gzip or zip file given as ratings: say so, instead of quoting its bytes as a bad header.
fn refuse_archive(b: &[u8], file: &str) -> Result<()> {
    let kind = if b.starts_with(&[0x1f, 0x8b]) {
        "gzip"
    } else if b.starts_with(b"PK\x03\x04") {
        "zip"
    } else {
        return Ok(());
    };
    Err(ingest(IngestFailure {
        compression: Some(kind),
        ..IngestFailure::new(
            "FORMAT",
            file,
            Some(1),
            format!("this is a {kind} archive, not a ratings file: extract it first"),
        )
    }))
}
