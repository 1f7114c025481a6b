//! Shared accounts for the injection harness: pairs of users with
//! dissimilar tastes (most negative factor cosine among 50 seeded
//! candidates, when factors are given) merged into one profile each (the
//! first's rating wins on a common item), the originals removed.

use super::injected::{Injected, UserSource};
use crate::data::{Coo, Dataset};
use crate::factors::Factors;
use crate::rng::SplitMix64;
use crate::simd::dot;

/// The seeded stream of the harness's picks (the target, the merged pairs).
pub(super) const TAG_PICK: u64 = 0x1A7_0002;

pub(super) fn merge_pairs(data: &Dataset, pairs: usize, seed: u64, pf: Option<&Factors>) -> Injected {
    let nu = data.n_users();
    let pairs = pairs.min(nu / 2);
    let mut rng = SplitMix64::stream(seed, TAG_PICK, 1);
    let mut order: Vec<u32> = (0..nu as u32).collect();
    for j in (1..nu).rev() {
        order.swap(j, (rng.next_u64() % (j as u64 + 1)) as usize);
    }
    let mut used = vec![false; nu];
    let mut merged = Vec::with_capacity(pairs);
    for &a in &order {
        if merged.len() == pairs {
            break;
        }
        if used[a as usize] {
            continue;
        }
        used[a as usize] = true;
        let free: Vec<u32> = order.iter().copied().filter(|&b| !used[b as usize]).collect();
        let cands: Vec<u32> = (0..50.min(free.len()))
            .map(|_| free[(rng.next_u64() % free.len() as u64) as usize])
            .collect();
        let b = match pf {
            Some(p) => *cands
                .iter()
                .min_by(|&&x, &&y| cosine(p, a, x).total_cmp(&cosine(p, a, y)).then(x.cmp(&y)))
                .unwrap(),
            None => cands[0],
        };
        used[b as usize] = true;
        merged.push((a, b));
    }
    build_merged(data, &merged)
}

fn cosine(p: &Factors, a: u32, b: u32) -> f32 {
    let (x, y) = (p.row(a as usize), p.row(b as usize));
    dot(x, y) / (dot(x, x).sqrt() * dot(y, y).sqrt()).max(1e-12)
}

fn build_merged(data: &Dataset, merged: &[(u32, u32)]) -> Injected {
    let csr = data.by_user();
    let in_pair: Vec<bool> = {
        let mut v = vec![false; data.n_users()];
        merged
            .iter()
            .for_each(|&(a, b)| (v[a as usize], v[b as usize]) = (true, true));
        v
    };
    let mut sources: Vec<UserSource> = (0..data.n_users() as u32)
        .filter(|&u| !in_pair[u as usize])
        .map(UserSource::Original)
        .collect();
    let mut coo = Coo::default();
    for (d, s) in sources.iter().enumerate() {
        let UserSource::Original(u) = *s else { unreachable!() };
        csr.row(u as usize).for_each(|(i, r)| coo.push(d as u32, i, r));
    }
    for &(a, b) in merged {
        let d = sources.len() as u32;
        let mut row: Vec<(u32, f32)> = csr.row(a as usize).collect();
        let have: std::collections::HashSet<u32> = row.iter().map(|x| x.0).collect();
        row.extend(csr.row(b as usize).filter(|(i, _)| !have.contains(i)));
        row.sort_by_key(|x| x.0);
        row.into_iter().for_each(|(i, r)| coo.push(d, i, r));
        sources.push(UserSource::Merged(a, b));
    }
    let labels = sources.iter().map(|s| matches!(s, UserSource::Merged(..))).collect();
    Injected {
        coo,
        n_users: sources.len(),
        sources,
        labels,
        target: None,
        selected: vec![],
    }
}
