//! The parser against the rules: any chunking and any pool size give the
//! same rows; every bad line is named by file, line, field and value.

use std::mem::MaybeUninit;

use super::*;
use crate::error::Error;

const HEADER: &str = "userId,movieId,rating,timestamp\n";

fn opts() -> Options {
    Options::new(Format::csv(), "r.csv")
}

fn parse_chunks(text: &[u8], opts: &Options, size: usize) -> crate::Result<Parsed> {
    let mut p = Parser::new(opts.clone())?;
    p.set_batch_bytes(size);
    for c in text.chunks(size.max(1)) {
        p.push(c)?;
    }
    p.finish()
}

fn parse(text: &str, opts: &Options) -> crate::Result<Parsed> {
    parse_chunks(text.as_bytes(), opts, 7)
}

fn failure(r: crate::Result<Parsed>) -> IngestFailure {
    match r {
        Err(Error::Ingest(f)) => *f,
        other => panic!("expected an ingest failure, got {other:?}"),
    }
}

fn rows(p: &Parsed) -> Vec<(u32, u32, f32)> {
    (0..p.len())
        .map(|r| {
            (
                p.user_ids[p.users[r] as usize],
                p.item_ids[p.items[r] as usize],
                p.ratings[r],
            )
        })
        .collect()
}

#[test]
fn dense_ids_follow_first_appearance() {
    let p = parse(&format!("{HEADER}7,300,4.0,1\n7,20,3.5,2\n9,300,0.5,3\n"), &opts()).unwrap();
    assert_eq!((p.users.clone(), p.items.clone()), (vec![0, 0, 1], vec![0, 1, 0]));
    assert_eq!((p.user_ids.clone(), p.item_ids.clone()), (vec![7, 9], vec![300, 20]));
    assert_eq!(p.ratings, [4.0, 3.5, 0.5]);
}

#[test]
fn room_reserved_but_not_committed_holds_no_bytes() {
    // A reader reserves room for each chunk before it knows how many bytes
    // come; a read that finds the end commits none.
    let mut p = Parser::new(opts()).unwrap();
    let text = format!("{HEADER}7,300,4.0,1\n7,20,3.5,2");
    let room = p.reserve(64);
    room.iter_mut()
        .zip(text.as_bytes())
        .for_each(|(r, &b)| *r = MaybeUninit::new(b));
    // SAFETY: the text's bytes were just written.
    unsafe { p.commit(text.len()) }.unwrap();
    p.reserve(64).fill(MaybeUninit::new(b'9'));
    p.reserve(64).fill(MaybeUninit::new(b'8'));
    let parsed = p.finish().unwrap();
    assert_eq!(rows(&parsed), [(7, 300, 4.0), (7, 20, 3.5)]);
    assert_eq!(parsed.stats.bytes, text.len() as u64);
}

/// A small file with a BOM, CRLF, quotes, a blank line, bad lines and no final newline.
fn awkward() -> (Vec<u8>, Options) {
    let text = "\u{feff}userId,movieId,rating,timestamp\r\n1,10,4.5,0\r\n1,11,\"3\",0\n\n2,10,x,0\n2,12,9,0\n2,13,1.5\n3,10,2,0\n1,10,5,0\n3,14,0.5,1";
    let mut o = opts();
    o.strict = false;
    (text.as_bytes().to_vec(), o)
}

#[test]
fn every_chunk_boundary_gives_the_same_result() {
    let (text, o) = awkward();
    let whole = parse_chunks(&text, &o, text.len()).unwrap();
    assert_eq!(
        rows(&whole),
        [(1, 10, 4.5), (1, 11, 3.0), (2, 13, 1.5), (3, 10, 2.0), (3, 14, 0.5)]
    );
    assert_eq!(whole.stats.skipped.parse, 1);
    assert_eq!(whole.stats.skipped.out_of_scale, 1);
    assert_eq!(whole.stats.skipped.duplicate, 1);
    assert_eq!(
        (whole.stats.lines, whole.stats.blank_lines, whole.stats.header),
        (10, 1, true)
    );
    for cut in 0..=text.len() {
        let mut p = Parser::new(o.clone()).unwrap();
        p.set_batch_bytes(1);
        p.push(&text[..cut]).unwrap();
        p.push(&text[cut..]).unwrap();
        let split = p.finish().unwrap();
        assert_eq!(rows(&split), rows(&whole), "cut at {cut}");
        assert_eq!(split.stats, whole.stats, "cut at {cut}");
    }
    for size in 1..8 {
        assert_eq!(rows(&parse_chunks(&text, &o, size).unwrap()), rows(&whole));
    }
}

/// A generated file large enough for many pieces per batch.
fn big_file(n: usize) -> String {
    let mut s = String::from(HEADER);
    let mut x: u64 = 12345;
    for r in 0..n {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let item = (x >> 33) % 5000;
        s.push_str(&format!(
            "{},{},{}.{},9{}\n",
            r / 40 + 1,
            item + 1,
            1 + (x >> 20) % 4,
            if x & 1 == 1 { 5 } else { 0 },
            r
        ));
    }
    s
}

#[test]
fn one_two_and_eight_threads_give_identical_rows() {
    let text = big_file(300_000);
    let mut o = opts();
    o.strict = false;
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| parse_chunks(text.as_bytes(), &o, 1 << 20).unwrap())
    };
    let one = on(1);
    assert!(one.len() > 250_000, "{}", one.len());
    for threads in [2, 8] {
        let p = on(threads);
        assert_eq!((&p.users, &p.items, &p.ratings), (&one.users, &one.items, &one.ratings));
        assert_eq!(
            (&p.user_ids, &p.item_ids, p.stats),
            (&one.user_ids, &one.item_ids, one.stats)
        );
    }
}

#[test]
fn errors_name_file_line_field_and_value() {
    let f = failure(parse(&format!("{HEADER}1,1,4,0\n1,x2,4,0\n"), &opts()));
    assert_eq!(
        (f.code, f.line, f.column, f.value.as_deref(), f.text.as_deref()),
        ("PARSE_ERROR", Some(3), Some(1), Some("x2"), Some("1,x2,4,0"))
    );
    assert_eq!(
        Error::Ingest(Box::new(f)).to_string(),
        "r.csv:3: cannot parse movie id \"x2\": \"1,x2,4,0\""
    );
    let f = failure(parse(&format!("{HEADER}1,1,4,0\n1,2,5.5,0\n"), &opts()));
    assert_eq!(
        (f.code, f.line, f.value.as_deref()),
        ("RATING_OUT_OF_SCALE", Some(3), Some("5.5"))
    );
    assert_eq!(f.reason, "rating 5.5 outside 0.5..5");
    let f = failure(parse(&format!("{HEADER}4294967296,1,4,0\n"), &opts()));
    assert_eq!(
        (f.code, f.reason.as_str(), f.value.as_deref()),
        (
            "ID_OVERFLOW",
            "user id 4294967296 exceeds 4294967295",
            Some("4294967296")
        )
    );
    let f = failure(parse(&format!("{HEADER}1,1,4,0\n1,2\n"), &opts()));
    assert_eq!(
        (f.code, f.reason.as_str()),
        ("MISSING_COLUMN", "expected at least 3 fields, found 2")
    );
    let f = failure(parse("userId,movieId,timestamp\n1,1,0\n", &opts()));
    assert_eq!(
        (f.code, f.line, f.reason.as_str()),
        ("MISSING_COLUMN", Some(1), "header has no column \"rating\"")
    );
    let dat = Options::new(Format::positional(b"::"), "r.dat");
    let f = failure(parse("1::1::5::0\n1::2:3::4::0\n", &dat));
    assert_eq!((f.code, f.line), ("PARSE_ERROR", Some(2)));
}

#[test]
fn repeated_pairs_are_found_in_runs_and_across_users() {
    let f = failure(parse(&format!("{HEADER}1,1,4,0\n1,2,4,0\n1,1,3,0\n"), &opts()));
    assert_eq!(
        (f.code, f.line, f.first_line, f.text.as_deref()),
        ("DUPLICATE_RATING", Some(4), Some(2), Some("1,1,3,0"))
    );
    let f = failure(parse(&format!("{HEADER}1,1,4,0\n2,1,4,0\n1,1,3,0\n"), &opts()));
    assert_eq!((f.code, f.line, f.first_line), ("DUPLICATE_RATING", Some(4), Some(2)));
    let mut lenient = opts();
    lenient.strict = false;
    let p = parse(
        &format!("{HEADER}1,1,4,0\n2,1,4,0\n1,1,3,0\n1,1,2,0\n2,2,1,0\n"),
        &lenient,
    )
    .unwrap();
    assert_eq!(p.ratings, [4.0, 4.0, 1.0]);
    assert_eq!(p.stats.skipped.duplicate, 2);
    let mut sum = Options::new(
        Format {
            header: Header::Auto,
            ..Format::positional(b",")
        },
        "e.csv",
    );
    sum.sum_duplicates = true;
    sum.min = 0.0;
    sum.max = f64::INFINITY;
    for text in [
        "user,item,plays\n1,10,2\n1,11,1\n1,10,3\n2,10,1\n",
        "1,10,2\n2,10,1\n1,11,1\n1,10,3\n2,10,4\n",
    ] {
        let p = parse(text, &sum).unwrap();
        assert_eq!(p.len(), 3);
        assert!(rows(&p).contains(&(1, 10, 5.0)), "{text}");
    }
}

/// A run whose items ascend and then repeat an early one: the repeat is
/// found wherever the batches cut the run, with the first line it repeats.
#[test]
fn a_repeat_after_ascending_items_is_found_across_batches() {
    let mut text = String::from(HEADER);
    (1..=50).for_each(|i| text.push_str(&format!("1,{i},4,0\n")));
    text.push_str("1,7,2,0\n1,60,1,0\n1,61,1,0\n2,1,1,0\n2,3,1,0\n2,2,1,0\n2,3,5,0\n");
    let mut lenient = opts();
    lenient.strict = false;
    let mut sum = lenient.clone();
    sum.sum_duplicates = true;
    for size in [1, 7, 64, 300, 4096] {
        let f = failure(parse_chunks(text.as_bytes(), &opts(), size));
        assert_eq!(
            (f.code, f.line, f.first_line),
            ("DUPLICATE_RATING", Some(52), Some(8)),
            "{size}"
        );
        let p = parse_chunks(text.as_bytes(), &lenient, size).unwrap();
        assert_eq!((p.len(), p.stats.skipped.duplicate), (55, 2), "{size}");
        assert_eq!(p.ratings[6], 4.0);
        let p = parse_chunks(text.as_bytes(), &sum, size).unwrap();
        assert_eq!(p.len(), 55, "{size}");
        assert_eq!((rows(&p)[6], rows(&p)[53]), ((1, 7, 6.0), (2, 3, 6.0)), "{size}");
    }
}

#[test]
fn whole_file_failures_empty_header_only_archives_and_long_lines() {
    assert_eq!(failure(parse("", &opts())).code, "EMPTY_FILE");
    assert_eq!(failure(parse("\n\n", &opts())).code, "EMPTY_FILE");
    assert_eq!(failure(parse(HEADER, &opts())).code, "HEADER_ONLY");
    let f = failure(parse_chunks(&[0x1f, 0x8b, 8, 0, 0, 0], &opts(), 1));
    assert_eq!((f.code, f.compression), ("FORMAT", Some("gzip")));
    let mut p = Parser::new(opts()).unwrap();
    let zeros = vec![0u8; 1 << 16];
    let err = (0..100)
        .try_for_each(|_| p.push(&zeros))
        .and_then(|_| p.finish().map(|_| ()));
    let f = failure(err.map(|_| unreachable!()));
    assert_eq!(
        (f.code, f.line, f.max_line_bytes),
        ("FORMAT", Some(1), Some(MAX_LINE_BYTES))
    );
}
