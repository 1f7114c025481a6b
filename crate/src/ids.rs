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
}
