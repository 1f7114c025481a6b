//! Arbitrary bytes through the streaming ratings parser, under a layout and
//! chunking the first two bytes pick: a coded ingest error or rows whose ids
//! are in range and values in scale, never a panic; and the same outcome
//! as one chunk with one batch.
#![no_main]

use als_core::ingest::{Format, Header, Options, Parsed, Parser};
use als_core::{Error, Result};
use libfuzzer_sys::fuzz_target;

fn options(pick: u8) -> Options {
    let format = match pick % 4 {
        0 => Format::csv(),
        1 => Format::positional(b"::"),
        2 => Format::positional(b"\t"),
        _ => Format { header: Header::Auto, ..Format::positional(b",") },
    };
    let mut o = Options::new(format, "fuzz.csv");
    o.strict = pick & 4 == 0;
    o.sum_duplicates = pick & 8 != 0;
    o
}

fn parse(bytes: &[u8], o: &Options, chunk: usize, batch: usize) -> Result<Parsed> {
    let mut p = Parser::new(o.clone())?;
    p.set_batch_bytes(batch);
    for c in bytes.chunks(chunk) {
        p.push(c)?;
    }
    p.finish()
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let o = options(data[0]);
    let (chunk, text) = (1 + data[1] as usize % 16, &data[2..]);
    let small = parse(text, &o, chunk, chunk);
    let whole = parse(text, &o, text.len().max(1), usize::MAX);
    match (&small, &whole) {
        (Ok(a), Ok(b)) => {
            assert_eq!((&a.users, &a.items, &a.ratings, &a.user_ids, &a.item_ids), (&b.users, &b.items, &b.ratings, &b.user_ids, &b.item_ids));
            assert_eq!(a.stats.skipped, b.stats.skipped);
            assert!(a.users.iter().all(|&u| (u as usize) < a.user_ids.len()));
            assert!(a.items.iter().all(|&i| (i as usize) < a.item_ids.len()));
            assert!(o.sum_duplicates || a.ratings.iter().all(|&r| r as f64 >= o.min && r as f64 <= o.max));
        }
        (Err(Error::Ingest(a)), Err(Error::Ingest(b))) => assert_eq!((a.code, a.line), (b.code, b.line)),
        other => panic!("chunked and whole parses disagree: {other:?}"),
    }
});
