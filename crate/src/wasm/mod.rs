//! The thin wasm-bindgen surface: each export checks and converts its
//! arguments, calls the core, and converts back. No math lives here.

mod convert;
mod error;
mod events;
mod feedback;
mod fields;
mod fit;
mod format;
mod heap;
mod ingest;
mod integrity;
mod memory;
mod model;
mod model_lists;
mod provenance;
mod ranking;
mod ratings;
mod solve;
mod synth;

use wasm_bindgen::prelude::*;

// Re-export the pool starter so the JS glue exposes `initThreadPool`.
#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// Version of the core, checked by the TS layer against its own.
#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Number of threads in the rayon pool this instance runs on.
#[wasm_bindgen(js_name = poolThreads)]
pub fn pool_threads() -> usize {
    rayon::current_num_threads()
}

/// Whether this build was compiled with 128-bit SIMD.
#[wasm_bindgen(js_name = simdEnabled)]
pub fn simd_enabled() -> bool {
    cfg!(target_feature = "simd128")
}

/// Whether this build fuses its multiply-adds (`relaxed-simd`, ts/wasm-relaxed/).
#[wasm_bindgen(js_name = relaxedSimdEnabled)]
pub fn relaxed_simd_enabled() -> bool {
    cfg!(target_feature = "relaxed-simd")
}

/// Current size of this instance's linear memory in bytes (it only grows,
/// so read after training it is the peak).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// The parameters a preset stands for (`'default'` or `'seed'`), as the
/// TypeScript layer's defaults must equal them (tested).
#[wasm_bindgen(js_name = presetParams)]
pub fn preset_params(name: Option<String>) -> Result<JsValue, crate::error::Error> {
    Ok(convert::params_to_js(&convert::preset(name.as_deref())?))
}
