//! The instance's allocator, counted: live and peak heap bytes (what the
//! memory estimate is checked against) and the size of the last request the
//! allocator could not serve. A failed allocation aborts (a wasm trap); the
//! worker reads `heapFailure` afterwards to report `OUT_OF_MEMORY` instead of
//! an anonymous `unreachable`. Reading three atomics needs no shadow stack, so
//! these exports still answer after a trap.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};

use wasm_bindgen::prelude::*;

use crate::memory::WASM32_BYTES;

struct Counted;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static FAILED: AtomicUsize = AtomicUsize::new(0);
/// The engine's memory limit in bytes (the memory checks count against it).
static LIMIT: AtomicU64 = AtomicU64::new(WASM32_BYTES);

#[global_allocator]
static ALLOCATOR: Counted = Counted;

impl Counted {
    fn note(p: *mut u8, size: usize) -> *mut u8 {
        if p.is_null() {
            FAILED.store(size.max(1), Relaxed);
        } else {
            let live = LIVE.fetch_add(size, Relaxed) + size;
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
}

// SAFETY: every call forwards to `System` with the caller's arguments; the
// counters only observe sizes.
unsafe impl GlobalAlloc for Counted {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Counted::note(unsafe { System.alloc(layout) }, layout.size())
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Counted::note(unsafe { System.alloc_zeroed(layout) }, layout.size())
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            FAILED.store(new_size.max(1), Relaxed);
        } else {
            LIVE.fetch_sub(layout.size(), Relaxed);
            let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
}

/// Heap bytes in use now.
#[wasm_bindgen(js_name = heapLiveBytes)]
pub fn heap_live_bytes() -> f64 {
    LIVE.load(Relaxed) as f64
}

/// Most heap bytes in use at once since the last `heapResetPeak`.
#[wasm_bindgen(js_name = heapPeakBytes)]
pub fn heap_peak_bytes() -> f64 {
    PEAK.load(Relaxed) as f64
}

/// Start a new peak measurement from the bytes in use now.
#[wasm_bindgen(js_name = heapResetPeak)]
pub fn heap_reset_peak() {
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}

/// Size of the last allocation the instance could not serve (0: none).
#[wasm_bindgen(js_name = heapFailure)]
pub fn heap_failure() -> f64 {
    FAILED.load(Relaxed) as f64
}

/// Heap bytes in use now (for the memory checks).
pub(super) fn live() -> u64 {
    LIVE.load(Relaxed) as u64
}

/// Set the memory limit the checks count against (the engine's `memoryLimit`,
/// at most 4 GiB).
#[wasm_bindgen(js_name = setMemoryLimit)]
pub fn set_memory_limit(bytes: f64) {
    LIMIT.store((bytes.max(0.0) as u64).min(WASM32_BYTES), Relaxed);
}

/// The memory limit the checks count against.
pub(super) fn limit() -> u64 {
    LIMIT.load(Relaxed)
}

/// The memory limit the checks count against (4 GiB unless the engine set less).
#[wasm_bindgen(js_name = memoryLimitBytes)]
pub fn memory_limit_bytes() -> f64 {
    limit() as f64
}
