//! Raw id → dense index, assigned in first-seen order. Ids below
//! `DIRECT_LIMIT` (every MovieLens id) are one array read; larger ones go
//! through a hash map.

use std::collections::HashMap;

/// Raw ids below this use the direct table (64 MiB at most per map).
pub const DIRECT_LIMIT: u32 = 1 << 24;

#[derive(Debug, Default)]
pub struct DenseIds {
    /// Dense → raw.
    raw: Vec<u32>,
    /// Raw → dense + 1 (0: not seen) for raw ids below `direct.len()`.
    direct: Vec<u32>,
    far: HashMap<u32, u32>,
}

impl DenseIds {
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// Raw id of dense index `d`.
    pub fn raw(&self, d: u32) -> u32 {
        self.raw[d as usize]
    }

    /// Dense index of `raw`, and whether it is new.
    #[inline(always)]
    pub fn intern(&mut self, raw: u32) -> (u32, bool) {
        if let Some(&d) = self.direct.get(raw as usize) {
            if d != 0 {
                return (d - 1, false);
            }
        }
        self.intern_slow(raw)
    }

    fn intern_slow(&mut self, raw: u32) -> (u32, bool) {
        let next = self.raw.len() as u32;
        if raw < DIRECT_LIMIT {
            if raw as usize >= self.direct.len() {
                let n = (raw as usize + 1).next_power_of_two().max(1024);
                self.direct.resize(n.min(DIRECT_LIMIT as usize), 0);
            }
            self.direct[raw as usize] = next + 1;
        } else {
            match self.far.entry(raw) {
                std::collections::hash_map::Entry::Occupied(e) => return (*e.get(), false),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(next);
                }
            }
        }
        self.raw.push(raw);
        (next, true)
    }

    /// The dense → raw table.
    pub fn into_raw(self) -> Vec<u32> {
        self.raw
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_ids_follow_first_appearance_for_small_and_large_ids() {
        let mut ids = DenseIds::default();
        let got: Vec<_> = [300, 20, 300, u32::MAX, 5, u32::MAX, 20]
            .iter()
            .map(|&r| ids.intern(r))
            .collect();
        assert_eq!(
            got,
            [
                (0, true),
                (1, true),
                (0, false),
                (2, true),
                (3, true),
                (2, false),
                (1, false)
            ]
        );
        assert_eq!(ids.into_raw(), [300, 20, u32::MAX, 5]);
    }
}
