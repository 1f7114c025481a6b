//! Predictions for pairs of raw ids, some of which the model may never have
//! seen: what to return for them is the caller's policy (Spark's
//! `coldStartStrategy`, with a third answer, the known biases).

use crate::data::ids::IdMap;
use crate::error::{Error, Result};
use crate::model::Model;

/// What a prediction for an unknown user or item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColdStart {
    /// An `UnknownId` error naming the first unknown id.
    Error,
    /// NaN.
    Nan,
    /// `mu` plus whichever of the two biases is known (NaN for a standard deviation).
    Baseline,
}

/// The model's dense indices of raw ids, for matching raw pairs.
pub struct RawIds<'a> {
    pub users: &'a IdMap,
    pub items: &'a IdMap,
}

impl Model {
    /// Predicted ratings of raw `(user, item)` pairs, unknown ids answered by `policy`.
    pub fn predict_raw(&self, ids: &RawIds, users: &[u32], items: &[u32], policy: ColdStart) -> Result<Vec<f32>> {
        map_pairs(ids, users, items, policy, |u, i| match (u, i) {
            (Some(u), Some(i)) => self.predict(u, i),
            (u, i) => Ok(self.mu()
                + u.map_or(0.0, |u| self.user_bias()[u as usize])
                + i.map_or(0.0, |i| self.item_bias()[i as usize])),
        })
    }

    /// Posterior predictive standard deviations of raw pairs (NaN for an
    /// unknown id under `Nan` and `Baseline`); `None` for a model trained by ALS.
    pub fn predict_std_raw(
        &self,
        ids: &RawIds,
        users: &[u32],
        items: &[u32],
        policy: ColdStart,
    ) -> Result<Option<Vec<f32>>> {
        if self.posterior().is_none() {
            return Ok(None);
        }
        map_pairs(ids, users, items, policy, |u, i| match (u, i) {
            (Some(u), Some(i)) => self.predict_std(u, i).map(|s| s.unwrap_or(f32::NAN)),
            _ => Ok(f32::NAN),
        })
        .map(Some)
    }
}

/// `value(u, i)` of each raw pair matched to dense indices; a pair with an
/// unknown id is an error under `ColdStart::Error`, NaN under `Nan`, and
/// `value` with the unknown side `None` under `Baseline`.
fn map_pairs(
    ids: &RawIds,
    users: &[u32],
    items: &[u32],
    policy: ColdStart,
    value: impl Fn(Option<u32>, Option<u32>) -> Result<f32>,
) -> Result<Vec<f32>> {
    if users.len() != items.len() {
        return Err(Error::LengthMismatch {
            what: "movieIds (one per userId)",
            expected: users.len(),
            actual: items.len(),
        });
    }
    users
        .iter()
        .zip(items)
        .map(
            |(&raw_u, &raw_i)| match (ids.users.get(raw_u), ids.items.get(raw_i), policy) {
                (Some(u), Some(i), _) => value(Some(u), Some(i)),
                (u, i, ColdStart::Baseline) => value(u, i),
                (_, _, ColdStart::Nan) => Ok(f32::NAN),
                (None, _, ColdStart::Error) => Err(Error::UnknownId {
                    kind: "userId",
                    id: raw_u as u64,
                }),
                (_, None, ColdStart::Error) => Err(Error::UnknownId {
                    kind: "movieId",
                    id: raw_i as u64,
                }),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_models::{bayesian, trained};

    /// Raw id of dense index d: 100 + d.
    fn ids(model: &Model) -> (IdMap, IdMap) {
        let raw = |n: usize| (0..n as u32).map(|d| 100 + d).collect();
        (
            IdMap::from_raw("userId", raw(model.n_users())).unwrap(),
            IdMap::from_raw("movieId", raw(model.n_items())).unwrap(),
        )
    }

    #[test]
    fn unknown_ids_follow_the_policy() {
        let (m, _) = trained(4, 3, false);
        let (users, items) = ids(&m);
        let raw = RawIds {
            users: &users,
            items: &items,
        };
        let (us, is) = ([100, 7, 100], [101, 101, 9]);
        let known = m.predict(0, 1).unwrap();
        let err = m.predict_raw(&raw, &us, &is, ColdStart::Error).unwrap_err();
        assert_eq!(err, Error::UnknownId { kind: "userId", id: 7 });
        let nan = m.predict_raw(&raw, &us, &is, ColdStart::Nan).unwrap();
        assert_eq!(nan[0], known);
        assert!(nan[1].is_nan() && nan[2].is_nan());
        let base = m.predict_raw(&raw, &us, &is, ColdStart::Baseline).unwrap();
        assert_eq!(base[1], m.mu() + m.item_bias()[1]);
        assert_eq!(base[2], m.mu() + m.user_bias()[0]);
        assert!(m.predict_raw(&raw, &us, &is[..2], ColdStart::Nan).is_err());
        assert_eq!(m.predict_std_raw(&raw, &us, &is, ColdStart::Nan).unwrap(), None);
    }

    #[test]
    fn a_bayesian_model_gives_a_nan_std_for_unknown_ids() {
        let (m, _) = bayesian(4, false);
        let (users, items) = ids(&m);
        let raw = RawIds {
            users: &users,
            items: &items,
        };
        let std = m
            .predict_std_raw(&raw, &[100, 7], &[101, 101], ColdStart::Baseline)
            .unwrap()
            .unwrap();
        assert!(std[0] > 0.0 && std[1].is_nan());
        let err = m
            .predict_std_raw(&raw, &[100, 100], &[101, 9], ColdStart::Error)
            .unwrap_err();
        assert_eq!(err, Error::UnknownId { kind: "movieId", id: 9 });
    }
}
