//! Per-user holdout by time: each user's latest events go to test, so the
//! model is judged on what users did next. Ties in time keep the input order
//! (the later line is the later event).

use rayon::prelude::*;

use crate::error::{Error, Result};

/// `mask[e]` is true when event `e` goes to test: per user, the last
/// `round(test_fraction · n)` events by `times`, capped so every user keeps
/// at least one training event.
pub fn last_by_time_mask(users: &[u32], times: &[f64], n_users: usize, test_fraction: f64) -> Result<Vec<bool>> {
    if users.len() != times.len() {
        return Err(Error::LengthMismatch {
            what: "timestamps (one per event)",
            expected: users.len(),
            actual: times.len(),
        });
    }
    if !(0.0..=1.0).contains(&test_fraction) {
        return Err(Error::param("test_fraction", test_fraction, "a number in [0, 1]"));
    }
    if let Some(e) = times.iter().position(|t| !t.is_finite()) {
        return Err(Error::param("timestamp", times[e], "finite timestamps"));
    }
    let mut rows: Vec<Vec<u32>> = vec![Vec::new(); n_users];
    for (e, &u) in users.iter().enumerate() {
        let row = rows.get_mut(u as usize).ok_or(Error::IndexOutOfRange {
            what: "user",
            index: u as usize,
            len: n_users,
        })?;
        row.push(e as u32);
    }
    let tests: Vec<Vec<u32>> = rows
        .into_par_iter()
        .map(|mut row| {
            row.sort_by(|&a, &b| times[a as usize].total_cmp(&times[b as usize]).then(a.cmp(&b)));
            let m = ((test_fraction * row.len() as f64).round() as usize).min(row.len().saturating_sub(1));
            row.split_off(row.len() - m)
        })
        .collect();
    let mut mask = vec![false; users.len()];
    tests.iter().flatten().for_each(|&e| mask[e as usize] = true);
    Ok(mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_events_go_to_test() {
        let users = [0, 0, 0, 0, 1, 1];
        let times = [4.0, 1.0, 3.0, 2.0, 9.0, 9.0];
        let mask = last_by_time_mask(&users, &times, 2, 0.5).unwrap();
        assert_eq!(mask, vec![true, false, true, false, false, true]);
        assert!(last_by_time_mask(&users, &times, 1, 0.5).is_err());
        assert!(last_by_time_mask(&users, &times[..2], 2, 0.5).is_err());
    }
}
