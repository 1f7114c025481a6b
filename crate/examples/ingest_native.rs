//! Native timing of the core's ratings parser on a ratings file, through the
//! same `ingest::Parser` API the worker uses (chunks written with
//! `reserve`/`commit`), then the ratings set built from the parsed rows.
//!
//! `cargo run --release --example ingest_native -- FILE [threads=2] [chunk MiB=4]`
//!
//! Prints the parse time (read + copy + parse + merge), the time spent in
//! `read` alone, and `into_ratings` (renumbering); a native ceiling for the
//! parse path of `npm run bench:ingest`.

use std::fs::File;
use std::io::Read;
use std::time::Instant;

use als_core::ingest::{Format, Options, Parser};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().expect("usage: ingest_native FILE [threads] [chunk MiB]");
    let threads: usize = args.get(1).map_or(2, |s| s.parse().expect("threads"));
    let chunk_mib: usize = args.get(2).map_or(4, |s| s.parse().expect("chunk MiB"));
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .expect("pool");
    let mut f = File::open(path).expect("open");
    let size = f.metadata().expect("stat").len() as f64;
    let t0 = Instant::now();
    let mut read_s = 0.0;
    let mut parser = Parser::new(Options::new(Format::csv(), path)).expect("options");
    parser.reserve_rows((size / 27.0) as usize);
    let chunk = chunk_mib << 20;
    loop {
        let slot = parser.reserve(chunk);
        slot.fill(std::mem::MaybeUninit::new(0));
        // SAFETY: every byte of the slot was just written.
        let slot = unsafe { &mut *(slot as *mut [std::mem::MaybeUninit<u8>] as *mut [u8]) };
        let tr = Instant::now();
        let n = f.read(slot).expect("read");
        read_s += tr.elapsed().as_secs_f64();
        // SAFETY: the read wrote the first `n` bytes.
        unsafe { parser.commit(n) }.expect("parse");
        if n == 0 {
            break;
        }
    }
    let parsed = parser.finish().expect("finish");
    let t_parse = t0.elapsed().as_secs_f64();
    let rows = parsed.len();
    let t1 = Instant::now();
    let ratings = parsed.into_ratings().expect("ratings");
    let t_ratings = t1.elapsed().as_secs_f64();
    println!(
        "{rows} rows, {:.1} MB, {threads} threads: parse {t_parse:.2} s = {:.0} MB/s (read {read_s:.2} s), into_ratings {t_ratings:.2} s",
        size / 1e6,
        size / 1e6 / t_parse
    );
    drop(ratings);
}
