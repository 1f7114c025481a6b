//! Arbitrary (user, item, rating) triples and table sizes through the COO
//! validation and the dual CSR/CSC layout build: an error code or a dataset
//! whose two layouts hold the same ratings, bit for bit, never a panic.
#![no_main]

use als_core::data::csr::Vals;
use als_core::data::{Coo, Dataset};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let (nu, ni) = (data[0] as usize % 17, data[1] as usize % 17);
    let mut coo = Coo::default();
    for c in data[2..].chunks_exact(6) {
        let rating = f32::from_le_bytes([c[2], c[3], c[4], c[5]]);
        coo.push(c[0] as u32 % 20, c[1] as u32 % 20, rating);
    }
    let Ok(d) = Dataset::from_coo(nu, ni, coo.view()) else { return };
    assert_eq!(d.nnz(), coo.len());
    assert_eq!(d.by_user().values.len(), d.by_item().values.len());
    // The same values, bit for bit, on both sides (sums would depend on the
    // order: +1e36 and -1e36 beside 2.0 lose the 2.0 in one order only).
    let bits = |v: Vals| {
        let mut b: Vec<u32> = v.iter().map(f32::to_bits).collect();
        b.sort_unstable();
        b
    };
    assert_eq!(bits(d.by_user().values), bits(d.by_item().values));
});
