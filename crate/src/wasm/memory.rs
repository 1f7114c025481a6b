//! The memory estimate from JS: a plan in, its bytes by structure out, or
//! `OUT_OF_MEMORY` when asked to check and it does not fit beside what the
//! instance already holds.

use wasm_bindgen::prelude::*;

use super::convert::object;
use super::heap;
use crate::error::Error;
use crate::memory::MemoryPlan;

/// A count from JS: a non-negative integer (larger ones saturate).
fn count(name: &'static str, v: f64) -> Result<u64, Error> {
    if v >= 0.0 && v.fract() == 0.0 {
        Ok(v.min(u64::MAX as f64) as u64)
    } else {
        Err(Error::param(name, v, "a non-negative integer"))
    }
}

/// The estimate of loading `ratings` over `users × items` (0 when not yet
/// known), splitting them if `split`, and fitting at `factors` (absent: no
/// fit) on this instance's threads. With `check`, fails with
/// `OUT_OF_MEMORY` when the estimate plus the heap in use exceeds the limit
/// (4 GiB unless the engine was given a lower `memoryLimit`).
#[wasm_bindgen(js_name = memoryEstimate)]
pub fn memory_estimate(
    ratings: f64,
    users: f64,
    items: f64,
    factors: Option<f64>,
    split: bool,
    check: bool,
) -> Result<JsValue, Error> {
    let plan = MemoryPlan {
        ratings: count("ratings", ratings)?,
        users: count("users", users)?,
        items: count("items", items)?,
        factors: factors.map(|k| count("factors", k)).transpose()?,
        threads: rayon::current_num_threads() as u64,
        split,
        coded: false,
    };
    estimate_object(&plan, check)
}

/// A plan's estimate as JS (`OUT_OF_MEMORY` with `check` when it does not
/// fit beside the heap in use).
pub(super) fn estimate_object(plan: &MemoryPlan, check: bool) -> Result<JsValue, Error> {
    let (in_use, limit) = (heap::live(), heap::limit());
    let e = if check {
        plan.check(limit, in_use)?
    } else {
        plan.estimate()
    };
    let total = e.total();
    Ok(object(&[
        ("totalBytes", (total as f64).into()),
        ("ratingsBytes", (e.ratings as f64).into()),
        ("splitBytes", (e.split as f64).into()),
        ("layoutBytes", (e.layouts as f64).into()),
        ("idBytes", (e.ids as f64).into()),
        ("factorBytes", (e.factors as f64).into()),
        ("scratchBytes", (e.scratch as f64).into()),
        ("baseBytes", (e.base as f64).into()),
        ("inUseBytes", (in_use as f64).into()),
        ("limitBytes", (limit as f64).into()),
        (
            "maxRatings",
            (plan.max_ratings(limit.saturating_sub(in_use)) as f64).into(),
        ),
    ]))
}
