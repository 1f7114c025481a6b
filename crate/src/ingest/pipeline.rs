//! Batches parsed on the rayon pool while the caller buffers the next one:
//! a job merges the batch parsed before into the rows (in file order) and,
//! meanwhile, parses its own batch in pieces. The rows travel with the job
//! and come back when it ends; the caller waits only when it needs them
//! (the next batch, the header, the end). Without a thread pool (the
//! single-thread wasm build) a job runs at once on the caller's thread.

use std::sync::{Arc, Condvar, Mutex};

use rayon::prelude::*;

use super::layout::{memchr_nl, Layout};
use super::lines::{parse_piece, Piece};
use super::rows::Rows;
use crate::error::{Error, Result};

/// Smallest piece worth a task of its own.
const MIN_PIECE: usize = 1 << 18;
/// Whether jobs can run on the pool while the caller goes on: a pool exists
/// (not the single-thread wasm build) and the caller is not one of its
/// threads (blocking one to wait could leave the job with no thread to run on).
fn in_background() -> bool {
    !cfg!(all(target_arch = "wasm32", not(feature = "threads"))) && rayon::current_thread_index().is_none()
}

/// A batch parsed but not yet merged: its bytes (errors quote them) and pieces.
#[derive(Debug)]
pub struct Batch {
    bytes: Vec<u8>,
    pieces: Vec<Piece>,
    layout: Layout,
}

/// What a job owns: the rows merged so far, the batch parsed last, and a
/// byte buffer to reuse.
#[derive(Debug)]
pub struct Work {
    pub rows: Rows,
    parsed: Option<Batch>,
    pub spare: Vec<u8>,
}

impl Work {
    /// Merges the batch parsed last, if any.
    pub fn merge_pending(&mut self) -> Result<()> {
        let spare = merge(&mut self.rows, self.parsed.take())?;
        if !spare.is_empty() {
            self.spare = spare;
        }
        Ok(())
    }

    /// Merges the batch before while the pieces of `batch[pos..]` (complete lines) are parsed.
    fn step(&mut self, batch: Vec<u8>, pos: usize, lay: Layout) -> Result<()> {
        let (strict, n) = (self.rows.strict, rayon::current_num_threads().max(1) * 4);
        let (rows, before) = (&mut self.rows, self.parsed.take());
        let (merged, pieces) = rayon::join(
            || merge(rows, before),
            || {
                cut(&batch, pos, n)
                    .par_iter()
                    .map(|&(s, e)| parse_piece(&batch, s, e, &lay, strict))
                    .collect()
            },
        );
        self.spare = merged?;
        self.parsed = Some(Batch {
            bytes: batch,
            pieces,
            layout: lay,
        });
        Ok(())
    }
}

#[derive(Debug)]
pub struct Pipeline {
    /// The work while no job holds it.
    idle: Option<Work>,
    running: Option<Arc<Handoff>>,
    /// The first failure of a job: every later call reports it.
    failed: Option<Error>,
    /// Rows merged when the last job ended (progress).
    rows: usize,
}

impl Pipeline {
    pub fn new(rows: Rows) -> Pipeline {
        let work = Work {
            rows,
            parsed: None,
            spare: Vec::new(),
        };
        Pipeline {
            idle: Some(work),
            running: None,
            failed: None,
            rows: 0,
        }
    }

    /// Rows merged so far (trails the bytes by up to two batches).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The work, once the job in flight (if any) has ended, or its failure.
    pub fn work(&mut self) -> Result<&mut Work> {
        if let Some(h) = self.running.take() {
            let (work, res) = h.take();
            self.done(work, res);
        }
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        Ok(self.idle.as_mut().expect("the work is idle once no job runs"))
    }

    /// The work, spent (after `work` succeeded).
    pub fn into_work(mut self) -> Result<Work> {
        self.work()?;
        Ok(self.idle.take().expect("the work is idle once no job runs"))
    }

    /// Starts the job of `batch[pos..]`; its failure shows in a later call
    /// (this one when jobs run on the caller's thread).
    pub fn start(&mut self, batch: Vec<u8>, pos: usize, lay: Layout) -> Result<()> {
        self.work()?;
        let mut work = self.idle.take().expect("the work is idle once no job runs");
        if !in_background() {
            let res = work.step(batch, pos, lay);
            self.done(work, res);
            return self.work().map(|_| ());
        }
        let h = Arc::new(Handoff::default());
        let back = Arc::clone(&h);
        rayon::spawn(move || {
            let res = work.step(batch, pos, lay);
            back.put(work, res);
        });
        self.running = Some(h);
        Ok(())
    }

    fn done(&mut self, work: Work, res: Result<()>) {
        self.rows = work.rows.count();
        self.idle = Some(work);
        if let Err(e) = res {
            self.failed.get_or_insert(e);
        }
    }
}

/// Where a job leaves its work for the caller (a mutex and a condition
/// variable: what rayon's own blocking uses, on every target).
#[derive(Debug, Default)]
struct Handoff {
    slot: Mutex<Option<(Work, Result<()>)>>,
    ready: Condvar,
}

impl Handoff {
    fn put(&self, work: Work, res: Result<()>) {
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        *slot = Some((work, res));
        self.ready.notify_one();
    }

    /// Waits for the job's work (a job always puts it back: a panic aborts the process).
    fn take(&self) -> (Work, Result<()>) {
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(done) = slot.take() {
                return done;
            }
            slot = self.ready.wait(slot).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Merges `batch` into `rows` in file order; returns its byte buffer for reuse.
fn merge(rows: &mut Rows, batch: Option<Batch>) -> Result<Vec<u8>> {
    let Some(b) = batch else { return Ok(Vec::new()) };
    for piece in &b.pieces {
        rows.merge(&b.bytes, piece, &b.layout)?;
    }
    Ok(b.bytes)
}

/// `b[pos..]` (complete lines) in up to `n` ranges cut after a `\n`.
fn cut(b: &[u8], pos: usize, n: usize) -> Vec<(usize, usize)> {
    let n = ((b.len() - pos) / MIN_PIECE).clamp(1, n);
    let mut out = Vec::with_capacity(n);
    let mut s = pos;
    for k in 1..=n {
        let mut e = if k == n {
            b.len()
        } else {
            (pos + (b.len() - pos) * k / n).max(s)
        };
        if e < b.len() {
            e += memchr_nl(&b[e..]) + 1;
        }
        if e > s {
            out.push((s, e));
            s = e;
        }
    }
    out
}
