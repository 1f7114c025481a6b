//! The split and data fingerprint of a model (`crate::format::Provenance`)
//! across the JS boundary: `{ split: 'none'|'rating'|'user'|'testFile', seed,
//! testRatio, data: { ratings, users, items, idHash } }`, the hash as 16 hex digits.

use wasm_bindgen::prelude::*;

use super::convert::object;
use super::model::CoreModel;
use super::ratings::CoreRatings;
use crate::error::{Error, Result};
use crate::format::{Fingerprint, Provenance, SplitKind};

#[wasm_bindgen]
impl CoreRatings {
    /// Counts and id-map hash of this data set (a split part shares its whole set's ids).
    pub fn fingerprint(&self) -> JsValue {
        fingerprint_js(&Fingerprint::of(self.len(), self.users.raw_ids(), self.items.raw_ids()))
    }
}

#[wasm_bindgen]
impl CoreModel {
    /// Record the split and data set this model was trained from (saved as `SPLT`).
    #[wasm_bindgen(js_name = setProvenance)]
    #[allow(clippy::too_many_arguments)]
    pub fn set_provenance(
        &mut self,
        split: &str,
        seed: f64,
        test_ratio: f64,
        ratings: f64,
        users: u32,
        items: u32,
        id_hash: &str,
    ) -> Result<()> {
        let split = match split {
            "none" => SplitKind::None,
            "rating" => SplitKind::ByRating,
            "user" => SplitKind::ByUser,
            "testFile" => SplitKind::TestFile,
            other => return Err(Error::param("split", other, "'none', 'rating', 'user' or 'testFile'")),
        };
        let whole = |name: &'static str, v: f64| {
            if v.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&v) {
                Ok(v as u64)
            } else {
                Err(Error::param(name, v, "a non-negative safe integer"))
            }
        };
        let id_hash = u64::from_str_radix(id_hash, 16).map_err(|_| Error::param("idHash", id_hash, "16 hex digits"))?;
        let p = Provenance {
            split,
            seed: whole("seed", seed)?,
            test_ratio,
            data: Fingerprint {
                ratings: whole("ratings", ratings)?,
                users,
                items,
                id_hash,
            },
        };
        p.validate()
            .map_err(|_| Error::param("testRatio", test_ratio, "in [0, 1), 0 unless the split is random"))?;
        self.provenance = Some(p);
        Ok(())
    }

    /// The recorded split and data fingerprint, or `undefined`.
    pub fn provenance(&self) -> JsValue {
        let Some(p) = &self.provenance else {
            return JsValue::UNDEFINED;
        };
        let split = match p.split {
            SplitKind::None => "none",
            SplitKind::ByRating => "rating",
            SplitKind::ByUser => "user",
            SplitKind::TestFile => "testFile",
        };
        object(&[
            ("split", split.into()),
            ("seed", (p.seed as f64).into()),
            ("testRatio", p.test_ratio.into()),
            ("data", fingerprint_js(&p.data)),
        ])
    }
}

fn fingerprint_js(f: &Fingerprint) -> JsValue {
    object(&[
        ("ratings", (f.ratings as f64).into()),
        ("users", f.users.into()),
        ("items", f.items.into()),
        ("idHash", format!("{:016x}", f.id_hash).into()),
    ])
}
