//! Any bytes given to the model reader: a model or a `Format` error, never a
//! panic, and a model that loads predicts finite values and saves back to
//! bytes that load to the same model.
#![no_main]

use als_core::format::{self, ModelFileRef};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Half the inputs get a valid checksum, so the fuzzer reaches the section checks.
    let mut sealed = data.to_vec();
    if data.first().is_some_and(|b| b & 1 == 1) && sealed.len() >= 4 {
        let n = sealed.len();
        let crc = format::crc32(&sealed[..n - 4]);
        sealed[n - 4..].copy_from_slice(&crc.to_le_bytes());
    }
    let Ok(f) = format::load(&sealed) else { return };
    let m = &f.model;
    for u in 0..m.n_users().min(8) as u32 {
        for i in 0..m.n_items().min(8) as u32 {
            assert!(m.predict(u, i).unwrap().is_finite());
        }
    }
    let again = format::save(&ModelFileRef {
        model: m,
        user_ids: f.users.raw_ids(),
        item_ids: f.items.raw_ids(),
        genre_labels: &f.genre_labels,
        train: f.train.as_ref(),
        provenance: f.provenance.as_ref(),
    });
    assert_eq!(format::load(&again).unwrap().model, f.model);
});
