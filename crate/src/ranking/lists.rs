//! Top-N lists for many users at once, each leaving out the items the user
//! has seen (a user-major CSR, columns sorted: `Dataset::by_user`).

use rayon::prelude::*;

use crate::csr::CsrRef;
use crate::error::{Error, Result};
use crate::infer::{top_n, Scored};
use crate::model::Model;
use crate::simd::dot;

/// The `n` best items of each of `users` by the model's score
/// `mu + b_u + b_i + p_u·q_i` (`p_u·q_i` for implicit models), excluding
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
    let base = model.mu + model.user_bias[u];
    let p = model.p.row(u);
    let excluded = seen.map_or(&[][..], |s| &s.indices[s.range(u)]);
    let mut next = excluded.iter().peekable();
    scores.clear();
    for i in 0..model.n_items() {
        // `excluded` is sorted: walk it alongside the items.
        while next.next_if(|&&e| (e as usize) < i).is_some() {}
        if next.next_if(|&&e| e as usize == i).is_some() {
            continue;
        }
        let score = base + model.item_bias[i] + dot(p, model.q.row(i));
        scores.push(Scored { item: i as u32, score });
    }
    top_n(scores.drain(..), n)
}
