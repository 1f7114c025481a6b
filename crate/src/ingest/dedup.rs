//! Repeated `(user, item)` pairs in a file whose users do not come in runs
//! (the in-run check of `rows` stops at the first user seen twice): rows
//! bucketed by user (a counting sort, O(n)) and items marked per user. Rows
//! keep file order inside a bucket, so the later line of a pair is the repeat.

use super::failure::{js_number, IngestFailure};
use super::rows::Rows;
use crate::error::{Error, Result};

/// Drops (or, summing, folds into the first) every later line of a pair.
pub fn remove_duplicates(s: &mut Rows) -> Result<()> {
    let (n, nu, ni) = (s.count(), s.user_ids.len(), s.item_ids.len());
    let mut start = vec![0u32; nu + 1];
    for &u in &s.users {
        start[u as usize + 1] += 1;
    }
    for u in 0..nu {
        start[u + 1] += start[u];
    }
    let mut fill = start[..nu].to_vec();
    let mut order = vec![0u32; n];
    for (r, &u) in s.users.iter().enumerate() {
        order[fill[u as usize] as usize] = r as u32;
        fill[u as usize] += 1;
    }
    drop(fill);
    let (mut mark, mut first_row) = (vec![0u32; ni], vec![0u32; ni]);
    let mut drop_row = vec![false; n];
    let (mut dups, mut first_dup): (usize, Option<(usize, usize)>) = (0, None);
    for u in 0..nu {
        for &r in &order[start[u] as usize..start[u + 1] as usize] {
            let i = s.items[r as usize] as usize;
            if mark[i] != u as u32 + 1 {
                mark[i] = u as u32 + 1;
                first_row[i] = r;
                continue;
            }
            let (r, of) = (r as usize, first_row[i] as usize);
            if s.sum_duplicates {
                s.ratings[of] += s.ratings[r];
            } else if first_dup.is_none_or(|(d, _)| r < d) {
                first_dup = Some((r, of));
            }
            drop_row[r] = true;
            dups += 1;
        }
    }
    if dups == 0 {
        return Ok(());
    }
    if let Some((r, of)) = first_dup {
        report(s, r, of, dups)?;
    }
    let mut w = 0;
    for (r, &dropped) in drop_row.iter().enumerate() {
        if !dropped {
            s.users[w] = s.users[r];
            s.items[w] = s.items[r];
            s.ratings[w] = s.ratings[r];
            w += 1;
        }
    }
    s.users.truncate(w);
    s.items.truncate(w);
    s.ratings.truncate(w);
    Ok(())
}

/// The first repeat (row `r`, first seen at row `of`): the error when
/// strict (the line's bytes are gone by now: both lines are named instead),
/// else `count` skipped lines.
fn report(s: &mut Rows, r: usize, of: usize, count: usize) -> Result<()> {
    if s.strict {
        let (raw_u, raw_i) = (s.user_ids.raw(s.users[r]), s.item_ids.raw(s.items[r]));
        let first = s.line_of(of);
        let reason = format!(
            "user {raw_u} rated movie {raw_i} twice (first on line {first}, rating {} here)",
            js_number(s.ratings[r] as f64)
        );
        return Err(Error::Ingest(Box::new(IngestFailure {
            first_line: Some(first),
            ..IngestFailure::new("DUPLICATE_RATING", &s.file, Some(s.line_of(r)), reason)
        })));
    }
    s.stats.skipped.duplicate += count as u64;
    Ok(())
}
