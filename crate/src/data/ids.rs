//! External ids (MovieLens `userId`, `movieId`) and the dense indices the
//! math uses: dense → raw is a vector, raw → dense a hash map.

use std::collections::HashMap;

use crate::error::{Error, Result};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct IdMap {
    raw: Vec<u32>,
    dense: HashMap<u32, u32>,
}

impl IdMap {
    /// `raw[d]` is the external id of dense index `d`; ids must be distinct.
    pub fn from_raw(kind: &'static str, raw: Vec<u32>) -> Result<Self> {
        let mut dense = HashMap::with_capacity(raw.len());
        for (d, &id) in raw.iter().enumerate() {
            if dense.insert(id, d as u32).is_some() {
                return Err(Error::param(kind, id, "distinct external ids"));
            }
        }
        Ok(IdMap { raw, dense })
    }

    pub fn len(&self) -> usize {
        self.raw.len()
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// External ids in dense order.
    pub fn raw_ids(&self) -> &[u32] {
        &self.raw
    }

    pub fn raw(&self, dense: u32) -> u32 {
        self.raw[dense as usize]
    }

    pub fn get(&self, raw: u32) -> Option<u32> {
        self.dense.get(&raw).copied()
    }

    /// Dense index of `raw`, or `UnknownId { kind, id }`.
    pub fn dense(&self, kind: &'static str, raw: u32) -> Result<u32> {
        self.get(raw).ok_or(Error::UnknownId { kind, id: raw as u64 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_both_ways_and_rejects_unknown_and_repeated_ids() {
        let m = IdMap::from_raw("user", vec![7, 3, 292_757]).unwrap();
        assert_eq!(m.dense("user", 292_757), Ok(2));
        assert_eq!(m.raw(1), 3);
        assert_eq!(m.dense("user", 4).unwrap_err().code(), "UNKNOWN_ID");
        assert_eq!(
            IdMap::from_raw("movie", vec![1, 1]).unwrap_err().code(),
            "INVALID_PARAM"
        );
    }

    use proptest::prelude::*;
    use std::collections::HashSet;

    proptest! {
        /// Any u32 ids: accepted iff distinct; then raw ↔ dense both ways, and an
        /// id outside the map is UNKNOWN_ID carrying that exact id (never a neighbour's).
        #[test]
        fn id_maps_round_trip_or_reject_repeats(raw in proptest::collection::vec(any::<u32>(), 0..200), probe in any::<u32>()) {
            let distinct = raw.iter().collect::<HashSet<_>>().len() == raw.len();
            match IdMap::from_raw("userId", raw.clone()) {
                Ok(m) => {
                    prop_assert!(distinct);
                    prop_assert_eq!(m.len(), raw.len());
                    for (d, &id) in raw.iter().enumerate() {
                        prop_assert_eq!(m.dense("userId", id), Ok(d as u32));
                        prop_assert_eq!(m.raw(d as u32), id);
                    }
                    if !raw.contains(&probe) {
                        prop_assert_eq!(m.dense("userId", probe), Err(Error::UnknownId { kind: "userId", id: probe as u64 }));
                    }
                }
                Err(e) => {
                    prop_assert!(!distinct);
                    prop_assert_eq!(e.code(), "INVALID_PARAM");
                }
            }
        }
    }
}
