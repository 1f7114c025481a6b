//! als-core: regularized matrix factorization by Alternating Least Squares.
//!
//! Pure Rust math; the only JS-aware code is `wasm/`, behind the `wasm`
//! feature. docs/model.md states the exact update rules.

pub mod chunks;
pub mod data;
pub mod error;
pub mod factors;
pub mod feedback;
pub mod format;
pub mod half_factors;
pub mod infer;
pub mod ingest;
pub mod integrity;
pub mod memory;
pub mod metrics;
pub mod model;
pub mod params;
pub mod posterior;
pub mod ranking;
pub mod rng;
pub mod simd;
pub mod simd_f64;
pub mod solve;
pub mod synth;
pub mod train;

#[cfg(test)]
mod test_models;

#[cfg(feature = "wasm")]
pub mod wasm;

pub use error::{Error, Result};
