use super::provenance::SPLIT_LEN;
use super::*;
use crate::error::Error;
use crate::rng::SplitMix64;
use crate::test_models::trained;

fn save_model(m: &Model, train: Option<&Dataset>, labels: &[String]) -> Vec<u8> {
    save_with(m, train, labels, None)
}

fn save_with(m: &Model, train: Option<&Dataset>, labels: &[String], provenance: Option<&Provenance>) -> Vec<u8> {
    let users: Vec<u32> = (0..m.n_users() as u32).map(|u| 1000 + 3 * u).collect();
    let items: Vec<u32> = (0..m.n_items() as u32).map(|i| 7 * i + 1).collect();
    save(&ModelFileRef {
        model: m,
        user_ids: &users,
        item_ids: &items,
        genre_labels: labels,
        train,
        provenance,
    })
}

fn reason(bytes: &[u8]) -> String {
    match load(bytes) {
        Err(Error::Format { reason }) => reason,
        Err(other) => panic!("expected a Format error, got {other:?}"),
        Ok(_) => panic!("expected a Format error, got a model"),
    }
}

/// Recompute the checksum after editing (to reach the section checks).
fn reseal(bytes: &mut [u8]) {
    let n = bytes.len();
    let crc = crc32(&bytes[..n - 4]);
    bytes[n - 4..].copy_from_slice(&crc.to_le_bytes());
}

fn all_predictions(m: &Model) -> Vec<u32> {
    let mut out = Vec::new();
    for u in 0..m.n_users() as u32 {
        for i in 0..m.n_items() as u32 {
            out.push(m.predict(u, i).unwrap().to_bits());
        }
    }
    out
}

#[test]
fn round_trip_is_bitwise() {
    for (k, genres) in [(3, false), (4, true), (0, false)] {
        let (m, train) = trained(k, 3, genres);
        let labels: Vec<String> = ["Drama", "Comédie", ""].map(String::from).to_vec();
        let bytes = save_model(&m, Some(&train), &labels);
        let f = load(&bytes).unwrap();
        assert_eq!(f.model, m, "K={k}");
        assert_eq!(all_predictions(&f.model), all_predictions(&m));
        assert_eq!(f.train.as_ref(), Some(&train));
        assert_eq!(f.users.raw(2), 1006);
        assert_eq!(f.items.dense("movieId", 8), Ok(1));
        assert_eq!(f.genre_labels, if genres { labels } else { vec![] });
        assert_eq!(
            save_model(&f.model, f.train.as_ref(), &f.genre_labels),
            bytes,
            "save is deterministic"
        );
    }
}

#[test]
fn without_ratings() {
    let (m, _) = trained(3, 2, false);
    let f = load(&save_model(&m, None, &[])).unwrap();
    assert!(f.train.is_none());
    assert_eq!(f.model, m);
}

#[test]
fn names_what_is_wrong() {
    let (m, train) = trained(3, 2, true);
    let good = save_model(&m, Some(&train), &[]);
    assert!(reason(&[]).contains("truncated"));
    assert!(reason(&good[..5]).contains("truncated"));
    assert!(reason(&good[..100]).contains("truncated"));
    assert!(reason(b"userId,movieId,rating\n1,2,3\n").contains("bad magic"));
    assert!(reason(b"PK\x03\x04").contains("bad magic"));
    let mut v3 = good.clone();
    v3[8] = 3;
    assert!(reason(&v3).contains("version 3"));
    let mut flipped = good.clone();
    flipped[200] ^= 0x10;
    assert!(reason(&flipped).contains("checksum"));
    let mut longer = good.clone();
    longer.push(0);
    assert!(reason(&longer).contains("unexpected bytes"));
}

#[test]
fn every_truncation_fails() {
    let (m, train) = trained(2, 2, true);
    let good = save_model(&m, Some(&train), &["a".into()]);
    for n in 0..good.len() {
        assert_eq!(load(&good[..n]).unwrap_err().code(), "FORMAT", "length {n}");
    }
}

#[test]
fn random_flips_fail_and_resealed_flips_never_panic() {
    let (m, train) = trained(2, 2, true);
    let good = save_model(&m, Some(&train), &["a".into(), "b".into()]);
    let mut rng = SplitMix64::new(3);
    for _ in 0..3000 {
        let mut bad = good.clone();
        let at = (rng.next_u64() % bad.len() as u64) as usize;
        bad[at] ^= 1 + (rng.next_u64() % 255) as u8;
        assert_eq!(load(&bad).unwrap_err().code(), "FORMAT");
        // With a valid checksum the section checks must still hold.
        if at >= 8 && at < bad.len() - 4 && at != 8 {
            reseal(&mut bad);
            let _ = load(&bad);
        }
    }
}

#[test]
fn resealed_lies_are_caught() {
    let (m, train) = trained(2, 2, false);
    let good = save_model(&m, Some(&train), &[]);
    let edit = |at: usize, v: &[u8]| {
        let mut b = good.clone();
        b[at..at + v.len()].copy_from_slice(v);
        reseal(&mut b);
        reason(&b)
    };
    let parm = HEADER_LEN + 12; // after the PARM tag and length
    let dims = parm + 36 + 12;
    let ids = dims + 28 + 12;
    assert!(edit(parm, &3u32.to_le_bytes()).contains("K = 2"), "K disagrees");
    assert!(edit(parm + 16, &(-1.0f32).to_le_bytes()).contains("hyperparameters"));
    assert!(edit(parm + 32, &[9]).contains("regularization"));
    assert!(edit(dims, &u32::MAX.to_le_bytes()).contains("IDS"), "huge user count");
    assert!(edit(ids + 4, &1000u32.to_le_bytes()).contains("repeated userId 1000"));
    assert!(edit(12, &(1u32 << 10).to_le_bytes()).contains("flags"));
    assert!(edit(HEADER_LEN, b"XXXX").contains("expected section PARM"));
    assert!(edit(HEADER_LEN + 4, &u64::MAX.to_le_bytes()).contains("PARM"));
    let at = good.len() - 4 - 4 * train.nnz() - 4; // last item index of RATE
    assert!(edit(at, &999u32.to_le_bytes()).contains("training ratings"));
    let mut nan = good.clone();
    let bias = ids + 4 * (m.n_users() + m.n_items()) + 12;
    nan[bias..bias + 4].copy_from_slice(&f32::NAN.to_le_bytes());
    reseal(&mut nan);
    assert!(reason(&nan).contains("non-finite"));
}

#[test]
fn version_1_files_still_read() {
    let (m, train) = trained(3, 2, true);
    let mut v1 = save_model(&m, Some(&train), &[]);
    v1[8] = 1;
    reseal(&mut v1);
    assert_eq!(load(&v1).unwrap().model, m);
}

#[test]
fn bayesian_models_round_trip() {
    let (m, train) = crate::test_models::bayesian(3, true);
    let bytes = save_model(&m, Some(&train), &[]);
    assert_eq!(
        u32::from_le_bytes(bytes[12..16].try_into().unwrap()) & FLAG_BAYES,
        FLAG_BAYES
    );
    let back = load(&bytes).unwrap().model;
    assert_eq!(back, m);
    assert_eq!(back.predict_std(3, 4).unwrap(), m.predict_std(3, 4).unwrap());
    // The posterior is a version-2 section: a version-1 header rejects it.
    let mut v1 = bytes.clone();
    v1[8] = 1;
    reseal(&mut v1);
    assert!(reason(&v1).contains("unknown flags"));
    // A negative variance (the first user's bias variance) is rejected.
    let at = bytes.len() - 4 - 4 * (m.n_users() + m.n_items()) * (m.k() + 1);
    let mut neg = bytes.clone();
    neg[at..at + 4].copy_from_slice(&(-1.0f32).to_le_bytes());
    reseal(&mut neg);
    assert!(reason(&neg).contains("BAYS"));
    for n in (0..bytes.len()).step_by(7) {
        assert_eq!(load(&bytes[..n]).unwrap_err().code(), "FORMAT", "length {n}");
    }
}

#[test]
fn resealed_values_outside_their_domain_are_caught() {
    let (m, train) = trained(2, 2, false);
    let good = save_model(&m, Some(&train), &[]);
    let edit = |at: usize, v: &[u8]| {
        let mut b = good.clone();
        b[at..at + v.len()].copy_from_slice(v);
        reseal(&mut b);
        reason(&b)
    };
    let parm = HEADER_LEN + 12;
    let ids = parm + 36 + 12 + 28 + 12;
    let bias = ids + 4 * (m.n_users() + m.n_items()) + 12;
    let fact = bias + 4 * (m.n_users() + m.n_items()) + 12;
    assert!(edit(parm + 33, &[0xFF]).contains("genre_prior must be 0 or 1, found 255"));
    assert!(edit(parm + 33, &[1]).contains("no GENR section"));
    assert!(edit(fact, &3e38f32.to_le_bytes()).contains("outside"), "a huge factor");
    assert!(edit(bias, &2e9f32.to_le_bytes()).contains("user biases"), "a huge bias");
    // Each value within ±1e9, but p·q can reach K·1e18: the prediction bound catches it.
    let mut b = good.clone();
    for f in 0..2 {
        b[fact + 4 * f..fact + 4 * f + 4].copy_from_slice(&9e8f32.to_le_bytes());
        let q = fact + 4 * 2 * m.n_users() + 4 * f;
        b[q..q + 4].copy_from_slice(&9e8f32.to_le_bytes());
    }
    reseal(&mut b);
    assert!(reason(&b).contains("predictions up to"));
}

#[test]
fn a_genre_model_without_genre_prior_is_caught() {
    let (m, train) = trained(2, 2, true);
    let mut b = save_model(&m, Some(&train), &["a".into(), "b".into()]);
    b[HEADER_LEN + 12 + 33] = 0;
    reseal(&mut b);
    assert!(reason(&b).contains("trained without genre_prior"));
}

/// Writes the fuzzers' seed corpus (small valid model files, with and without
/// genres and ratings): `cargo test --lib write_fuzz_seed_corpus -- --ignored`.
#[test]
#[ignore]
fn write_fuzz_seed_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/model_reader");
    std::fs::create_dir_all(&dir).unwrap();
    for (k, genres, ratings) in [(2, false, true), (2, true, true), (0, false, false), (1, false, false)] {
        let (m, train) = trained(k, 1, genres);
        let split = genres.then(provenance);
        let bytes = save_with(&m, ratings.then_some(&train), &["a".into(), "b".into()], split.as_ref());
        std::fs::write(dir.join(format!("k{k}-genres{genres}-ratings{ratings}.als")), bytes).unwrap();
    }
}

fn provenance() -> Provenance {
    Provenance {
        split: SplitKind::ByRating,
        seed: 42,
        test_ratio: 0.1,
        data: Fingerprint::of(1000, &[1, 5, 9], &[3, 4]),
    }
}

#[test]
fn the_split_and_data_fingerprint_round_trip() {
    let (m, train) = trained(2, 2, false);
    let p = provenance();
    let bytes = save_with(&m, Some(&train), &[], Some(&p));
    let f = load(&bytes).unwrap();
    assert_eq!(f.provenance, Some(p));
    assert_eq!(
        u32::from_le_bytes(bytes[12..16].try_into().unwrap()),
        FLAG_RATINGS | FLAG_SPLIT
    );
    assert_eq!(load(&save_model(&m, None, &[])).unwrap().provenance, None);
    assert_ne!(
        Fingerprint::of(1000, &[1, 5, 9], &[3, 4]),
        Fingerprint::of(1000, &[1, 5], &[9, 3, 4]),
        "the user/item boundary counts"
    );
    assert_ne!(
        Fingerprint::of(1000, &[1, 5, 9], &[3, 4]).id_hash,
        Fingerprint::of(1000, &[5, 1, 9], &[3, 4]).id_hash,
        "the order counts"
    );
}

#[test]
fn version_1_files_still_read_and_cannot_hold_a_split() {
    let (m, train) = trained(2, 2, false);
    let mut v1 = save_model(&m, Some(&train), &[]);
    v1[8] = 1;
    reseal(&mut v1);
    assert_eq!(load(&v1).unwrap().model, m);
    let mut v1_split = save_with(&m, Some(&train), &[], Some(&provenance()));
    v1_split[8] = 1;
    reseal(&mut v1_split);
    assert!(reason(&v1_split).contains("unknown flags 0x6 for format version 1"));
}

#[test]
fn split_fields_outside_their_domain_are_caught() {
    let (m, _) = trained(2, 2, false);
    let good = save_with(&m, None, &[], Some(&provenance()));
    let splt = good.len() - 4 - SPLIT_LEN;
    let edit = |at: usize, v: &[u8]| {
        let mut b = good.clone();
        b[at..at + v.len()].copy_from_slice(v);
        reseal(&mut b);
        reason(&b)
    };
    assert!(edit(splt, &[9]).contains("unknown split kind 9"));
    assert!(edit(splt + 1, &[1]).contains("reserved"));
    assert!(edit(splt + 16, &1.5f64.to_le_bytes()).contains("test ratio 1.5"));
    assert!(edit(splt + 16, &f64::NAN.to_le_bytes()).contains("test ratio"));
    assert!(edit(splt, &[0]).contains("without a random split"));
}
