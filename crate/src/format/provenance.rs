//! Where a model's training ratings came from: the split (kind, seed, test
//! ratio) and a fingerprint of the whole data set (counts and a hash of its
//! id maps). Stored in the `SPLT` section (flag bit 2, format version 2), so
//! `evaluate` can refuse to score on ratings the model trained on (another
//! seed or ratio) and model commands can tell that `--data` is another set.

use super::bytes::{bad, Reader, Writer};
use crate::error::Result;

/// Bytes of the `SPLT` payload.
pub const SPLIT_LEN: usize = 48;

/// How the training part was cut from the data set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplitKind {
    /// Trained on every rating (no test set).
    None = 0,
    /// Each rating held out with probability `test_ratio` (seeded).
    ByRating = 1,
    /// That fraction of each user's ratings held out (seeded).
    ByUser = 2,
    /// Trained on every rating; a separate test file was scored.
    TestFile = 3,
}

/// Counts and id-map hash of a data set: equal fingerprints mean the same
/// users and movies in the same dense order, with the same number of ratings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub ratings: u64,
    pub users: u32,
    pub items: u32,
    /// FNV-1a (64-bit) of the raw user ids then the raw item ids, little-endian, in dense order.
    pub id_hash: u64,
}

impl Fingerprint {
    /// The fingerprint of a data set with `ratings` ratings and these id maps.
    pub fn of(ratings: usize, user_ids: &[u32], item_ids: &[u32]) -> Fingerprint {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: [u8; 4]| {
            for b in bytes {
                h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        user_ids.iter().for_each(|&id| eat(id.to_le_bytes()));
        eat(*b"ITEM");
        item_ids.iter().for_each(|&id| eat(id.to_le_bytes()));
        Fingerprint {
            ratings: ratings as u64,
            users: user_ids.len() as u32,
            items: item_ids.len() as u32,
            id_hash: h,
        }
    }
}

/// The split and the data set a model was trained from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Provenance {
    pub split: SplitKind,
    pub seed: u64,
    /// In [0, 1); 0 unless the split is random.
    pub test_ratio: f64,
    pub data: Fingerprint,
}

impl Provenance {
    /// Check the domain of every field (a `Format` error naming it).
    pub fn validate(&self) -> Result<()> {
        let random = matches!(self.split, SplitKind::ByRating | SplitKind::ByUser);
        if !(self.test_ratio.is_finite() && (0.0..1.0).contains(&self.test_ratio)) {
            return Err(bad(format!("SPLT: test ratio {} outside [0, 1)", self.test_ratio)));
        }
        if !random && self.test_ratio != 0.0 {
            return Err(bad(format!(
                "SPLT: test ratio {} without a random split",
                self.test_ratio
            )));
        }
        Ok(())
    }

    pub(super) fn write(&self, w: &mut Writer) {
        w.u8(self.split as u8);
        w.buf.extend_from_slice(&[0; 7]);
        w.u64(self.seed);
        w.buf.extend_from_slice(&self.test_ratio.to_le_bytes());
        w.u64(self.data.ratings);
        w.u32(self.data.users);
        w.u32(self.data.items);
        w.u64(self.data.id_hash);
    }

    pub(super) fn read(r: &mut Reader) -> Result<Provenance> {
        let split = match r.u8()? {
            0 => SplitKind::None,
            1 => SplitKind::ByRating,
            2 => SplitKind::ByUser,
            3 => SplitKind::TestFile,
            v => return Err(bad(format!("SPLT: unknown split kind {v}"))),
        };
        if r.take(7)?.iter().any(|&b| b != 0) {
            return Err(bad("SPLT: reserved bytes are not zero"));
        }
        let seed = r.u64()?;
        let test_ratio = f64::from_bits(r.u64()?);
        let data = Fingerprint {
            ratings: r.u64()?,
            users: r.u32()?,
            items: r.u32()?,
            id_hash: r.u64()?,
        };
        let p = Provenance {
            split,
            seed,
            test_ratio,
            data,
        };
        p.validate()?;
        Ok(p)
    }
}
