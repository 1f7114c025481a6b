//! Top-N lists for many users at once, each leaving out the items the user
//! has seen (a user-major CSR, columns sorted: `Dataset::by_user`).

use rayon::prelude::*;

use crate::data::csr::CsrRef;
use crate::error::{Error, Result};
use crate::infer::{top_n, RecommendOptions, Scored};
use crate::model::Model;
use crate::simd::dot;

/// The `n` best items of each of `users` by the recommendation score
/// `mu + p_u·q_i + 0.05 b_i` of `Model::recommend` (`p_u·q_i` for implicit
/// models, which have no biases), excluding
/// the user's row of `seen` when given. Ties rank the lower item first.
pub fn recommend_many(model: &Model, seen: Option<CsrRef>, users: &[u32], n: usize) -> Result<Vec<Vec<Scored>>> {
    check_seen(model, seen)?;
    for &u in users {
        model.check_user(u)?;
    }
    Ok(users
        .par_iter()
        .map_init(Vec::new, |scores, &u| top_for(model, seen, u as usize, n, scores))
        .collect())
}

pub(crate) fn check_seen(model: &Model, seen: Option<CsrRef>) -> Result<()> {
    let Some(s) = seen else { return Ok(()) };
    if s.rows() != model.n_users() {
        return Err(Error::LengthMismatch {
            what: "seen-item rows (one per user)",
            expected: model.n_users(),
            actual: s.rows(),
        });
    }
    s.validate(model.n_items())?;
    match (0..s.rows()).find(|&u| s.indices[s.range(u)].windows(2).any(|w| w[0] > w[1])) {
        None => Ok(()),
        Some(u) => Err(Error::param(
            "seen items",
            format!("unsorted in row {u}"),
            "ascending items per user",
        )),
    }
}

/// One user's list; `scores` is reused scratch.
pub(crate) fn top_for(
    model: &Model,
    seen: Option<CsrRef>,
    u: usize,
    n: usize,
    scores: &mut Vec<Scored>,
) -> Vec<Scored> {
    let excluded = seen.map_or(&[][..], |s| &s.indices[s.range(u)]);
    top_for_factors(model, model.p.row(u), excluded, n, scores)
}

/// The list of a user given by padded factors `p` (e.g. folded in),
/// leaving out the ascending `excluded` items.
pub(crate) fn top_for_factors(
    model: &Model,
    p: &[f32],
    excluded: &[u32],
    n: usize,
    scores: &mut Vec<Scored>,
) -> Vec<Scored> {
    let bias_weight = RecommendOptions::default().bias_weight;
    let mut next = excluded.iter().peekable();
    scores.clear();
    for i in 0..model.n_items() {
        // `excluded` is sorted: walk it alongside the items.
        while next.next_if(|&&e| (e as usize) < i).is_some() {}
        if next.next_if(|&&e| e as usize == i).is_some() {
            continue;
        }
        let score = model.mu + dot(model.q.row(i), p) + bias_weight * model.item_bias[i];
        scores.push(Scored { item: i as u32, score });
    }
    top_n(scores.drain(..), n)
}
