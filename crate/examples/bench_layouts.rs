//! The core's ratings path without WebAssembly: an ML-32M-shaped
//! `ratings.csv` (generated in memory by `synth`, the same rows
//! `npm run bench:ingest` writes) parsed by `ingest::Parser`, then both
//! sparse layouts built (`Parsed::into_ratings`). Prints the seconds of each.
//!
//! `RAYON_NUM_THREADS=2 cargo run --release --example bench_layouts -- [ratings=32000000 | FILE]`
//!
//! A `FILE` (e.g. the `ratings.csv` `npm run bench:ingest` cached under
//! `.bench/`) is read instead of generating the rows.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Instant;

use als_core::data::Ratings;
use als_core::ingest::{Format, Options, Parser};
use als_core::synth::{Synth, SynthRequest};

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "32000000".into());
    let t = Instant::now();
    let csv = match arg.parse::<f64>() {
        Ok(ratings) => generate(ratings),
        Err(_) => std::fs::read(&arg).expect("a readable ratings file"),
    };
    println!(
        "{:.1} MB of csv in {:.2} s",
        csv.len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    for run in 0..2 {
        let t = Instant::now();
        let mut parser = Parser::new(Options::new(Format::csv(), "ratings.csv")).expect("valid options");
        parser.reserve_rows((csv.len() / 24) + 1);
        for chunk in csv.chunks(4 << 20) {
            parser.push(chunk).expect("a valid chunk");
        }
        let parsed = parser.finish().expect("a valid file");
        let t_parse = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let r = parsed.into_ratings().expect("valid ratings");
        let t_layouts = t.elapsed().as_secs_f64();
        println!(
            "run {run}: {} ratings, parse {t_parse:.2} s, layouts {t_layouts:.2} s ({:.1} MB held)",
            r.len(),
            r.bytes() as f64 / 1e6
        );
        if run == 0 {
            println!("layouts' hash {:016x}", layouts_hash(&r));
        }
    }
}

/// A hash of both layouts and the id maps: equal hashes from two builds of
/// the core say they built the same layouts.
fn layouts_hash(r: &Ratings) -> u64 {
    let mut h = DefaultHasher::new();
    let d = r.layout();
    for side in [d.by_user(), d.by_item()] {
        (side.indptr, side.indices).hash(&mut h);
        side.values.iter().for_each(|v| v.to_bits().hash(&mut h));
    }
    (r.users.raw_ids(), r.items.raw_ids()).hash(&mut h);
    h.finish()
}

/// `ratings.csv` of the ML-32M-shaped synthetic set of `ratings` ratings
/// (seed 42), header included.
fn generate(ratings: f64) -> Vec<u8> {
    let spec = SynthRequest {
        ratings: Some(ratings),
        seed: Some(42.0),
        ..Default::default()
    }
    .resolve()
    .expect("a valid request");
    let synth = Synth::new(spec).expect("a valid spec");
    let users = synth.users.degrees.len();
    let mut csv = b"userId,movieId,rating,timestamp\n".to_vec();
    csv.extend(synth.csv_rows(0, users));
    drop(synth);
    csv
}
