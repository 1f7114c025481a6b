//! Exports of the batched ridge solve (`crate::solve`).

use wasm_bindgen::prelude::*;

use crate::data::csr::{CsrRef, Vals};
use crate::error::Error;
use crate::factors::Factors;

/// Result of `ridgeSolveRows`: the solved rows and which threads did work.
#[wasm_bindgen]
pub struct CoreRidgeResult {
    factors: Vec<f32>,
    threads_used: u32,
}

#[wasm_bindgen]
impl CoreRidgeResult {
    /// Solved rows, row-major, `rows * k` values.
    #[wasm_bindgen(getter)]
    pub fn factors(&self) -> Vec<f32> {
        self.factors.clone()
    }
    /// Distinct rayon threads that solved at least one row.
    #[wasm_bindgen(getter, js_name = threadsUsed)]
    pub fn threads_used(&self) -> u32 {
        self.threads_used
    }
}

/// For each CSR row r: `(lambda Σ v_j v_jᵀ + tau I) x_r = lambda Σ y_j v_j`,
/// where `v_j` are rows of `other` (`k` values each, row-major).
#[wasm_bindgen(js_name = ridgeSolveRows)]
pub fn ridge_solve_rows(
    k: usize,
    indptr: &[u32],
    indices: &[u32],
    values: &[f32],
    other: &[f32],
    lambda: f32,
    tau: f32,
) -> Result<CoreRidgeResult, Error> {
    let other = Factors::from_dense(k, other)?;
    let csr = CsrRef {
        indptr,
        indices,
        values: Vals::F32(values),
    };
    let mut out = Factors::zeros(csr.rows(), k);
    let report = crate::solve::ridge_solve_rows(&csr, &other, lambda, tau, &mut out)?;
    Ok(CoreRidgeResult {
        factors: out.to_dense(),
        threads_used: report.threads_used,
    })
}
