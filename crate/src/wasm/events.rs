//! Ratings turned into implicit events (`Ratings.asEvents`).

use wasm_bindgen::prelude::*;

use super::ratings::CoreRatings;
use crate::error::{Error, Result};

#[wasm_bindgen]
impl CoreRatings {
    /// The ratings `>= threshold` as events of value 1 (or their own value
    /// when `binary` is false), in the same id spaces.
    #[wasm_bindgen(js_name = asEvents)]
    pub fn as_events(&self, threshold: f32, binary: bool) -> Result<CoreRatings> {
        if threshold.is_nan() {
            return Err(Error::param("threshold", threshold, "a number"));
        }
        Ok(self.at_least(threshold, binary).into())
    }
}
