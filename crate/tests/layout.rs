//! The dual layout: user-CSR and item-CSC hold the same ratings as the COO
//! input, rows sorted, whatever the input order.

use std::collections::BTreeMap;

use als_core::data::{Coo, Dataset};
use proptest::prelude::*;

/// `(user, item, rating bits)`.
type Triples = Vec<(u32, u32, u32)>;

fn triples(d: &Dataset) -> (Triples, Triples) {
    let (bu, bi) = (d.by_user(), d.by_item());
    let by_user = (0..bu.rows())
        .flat_map(|u| bu.row(u).map(move |(i, r)| (u as u32, i, r.to_bits())))
        .collect();
    let mut by_item: Vec<_> = (0..bi.rows())
        .flat_map(|i| bi.row(i).map(move |(u, r)| (u, i as u32, r.to_bits())))
        .collect();
    by_item.sort_unstable();
    (by_user, by_item)
}

fn coo_strategy() -> impl Strategy<Value = (usize, usize, Coo)> {
    (1usize..40, 1usize..40).prop_flat_map(|(nu, ni)| {
        let pairs = prop::collection::btree_map((0..nu as u32, 0..ni as u32), -10.0f32..10.0, 0..200);
        (Just(nu), Just(ni), pairs, any::<u64>()).prop_map(|(nu, ni, map, shuffle)| (nu, ni, shuffled(map, shuffle)))
    })
}

fn shuffled(map: BTreeMap<(u32, u32), f32>, seed: u64) -> Coo {
    let mut v: Vec<_> = map.into_iter().collect();
    let mut rng = als_core::rng::SplitMix64::new(seed);
    for i in (1..v.len()).rev() {
        v.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
    }
    let mut coo = Coo::default();
    v.into_iter().for_each(|((u, i), r)| coo.push(u, i, r));
    coo
}

proptest! {
    #[test]
    fn csr_and_csc_round_trip((nu, ni, coo) in coo_strategy()) {
        let d = Dataset::from_coo(nu, ni, coo.view()).unwrap();
        let mut want: Vec<_> = (0..coo.len()).map(|e| (coo.users[e], coo.items[e], coo.ratings[e].to_bits())).collect();
        want.sort_unstable();
        let (by_user, by_item) = triples(&d);
        prop_assert_eq!(&by_user, &want);
        prop_assert_eq!(&by_item, &want);
        for csr in [d.by_user(), d.by_item()] {
            for r in 0..csr.rows() {
                prop_assert!(csr.indices[csr.range(r)].windows(2).all(|w| w[0] < w[1]));
            }
        }
        let back = d.to_coo();
        prop_assert_eq!(Dataset::from_coo(nu, ni, back.view()).unwrap(), d);
    }

    #[test]
    fn duplicates_are_rejected((nu, ni, mut coo) in coo_strategy(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!coo.is_empty());
        let e = pick.index(coo.len());
        let (u, i) = (coo.users[e], coo.items[e]);
        coo.push(u, i, 1.0);
        prop_assert_eq!(Dataset::from_coo(nu, ni, coo.view()).unwrap_err().code(), "INVALID_PARAM");
    }
}

#[test]
fn layout_is_the_same_on_any_thread_count() {
    let coo = shuffled(
        (0..5000u32)
            .map(|e| ((e * 7919 % 300, e * 104_729 % 211), e as f32))
            .collect(),
        3,
    );
    let build = |n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
            .install(|| Dataset::from_coo(300, 211, coo.view()).unwrap())
    };
    let one = build(1);
    assert_eq!(one, build(2));
    assert_eq!(one, build(8));
}
