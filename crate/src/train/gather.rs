//! The gather pass of a row: copy the row's factor rows of the other side
//! into a contiguous panel (in L1) and accumulate its Gram matrix and
//! right-hand sides there. Shared by the ALS solve, the standalone ridge
//! solve and the Gibbs sampler's draws.

use std::ops::Range;

#[cfg(target_arch = "x86_64")]
use super::kernel::prefetch_row;
use super::kernel::{gram_panel, rhs_panel};
use super::row_scratch::RowScratch;
use crate::data::csr::CsrRef;
use crate::factors::Factors;
use crate::half_factors::{copy_row, widen, HalfFactors};
use crate::simd::{dot, F4, LANES};

/// How many ratings ahead the gather prefetches factor rows: the gather is
/// bound by memory latency (rows of a 10–20 MB matrix in random order).
#[cfg(target_arch = "x86_64")]
const PREFETCH_AHEAD: usize = 12;

/// One pass over row `r`: returns `Σ (z_j − x·v_j)` and leaves `G = Σ v vᵀ`,
/// `sz = Σ z v`, `sv = Σ v` in the scratch. The gather only copies rows and
/// computes `z_j`; all vector sums happen in the kernel, in registers, and
/// `Σ x·v_j` is taken as `x · Σ v_j` (no per-rating dot product).
/// `z(c, y)` is the target of a rating `y` of column `c` (`y − mu − b_c`
/// in training, `y` in the standalone ridge solve).
#[inline(never)]
pub(super) fn accumulate(
    csr: CsrRef,
    other_f: &Factors,
    z: impl Fn(usize, f32) -> f32,
    r: usize,
    x: &[f32],
    sc: &mut RowScratch,
) -> f64 {
    let s = sc.stride;
    let range = csr.range(r);
    let cols = &csr.indices[range.clone()];
    let vals = csr.values.slice(range);
    let mut zsum = 0.0f64;
    if sc.keep && sc.z.len() < cols.len() {
        sc.z.resize(cols.len(), 0.0);
        sc.panel.resize(cols.len() * s, 0.0);
    }
    if s == 0 {
        for (e, &c) in cols.iter().enumerate() {
            let ze = z(c as usize, vals.get(e));
            if sc.keep {
                sc.z[e] = ze;
            }
            zsum += ze as f64;
        }
        return zsum;
    }
    sc.g.fill(0.0);
    sc.sz.fill(0.0);
    sc.sv.fill(0.0);
    let mut start = 0;
    while start < cols.len() {
        let end = (start + sc.panel_rows).min(cols.len());
        // Each panel goes to the start of the buffer, or after the previous
        // ones when the row is kept; either way it is still in L1 for the kernel.
        let at = if sc.keep { start } else { 0 };
        let (panel, zs) = (&mut sc.panel[at * s..], &mut sc.z[at..]);
        // Two loops rather than one: each iteration is smaller, so more of
        // them (and their cache misses) fit in the out-of-order window —
        // the only latency hiding WebAssembly has, lacking prefetch.
        zsum += vals
            .slice(start..end)
            .map_sum(&cols[start..end], &mut zs[..end - start], |c, y| z(c as usize, y));
        gather(panel, cols, start..end, other_f);
        let n = end - start;
        gram_panel(panel, n, s, &mut sc.g);
        rhs_panel(panel, &zs[..n], s, &mut sc.sz, &mut sc.sv);
        start = end;
    }
    zsum - dot(x, &sc.sv) as f64
}

/// Copy the factor rows of `cols[range]` into consecutive panel slots.
/// Common strides get a loop with the row length known at compile time
/// (straight-line vector moves, no inner loop: fewer instructions per row,
/// so more rows' cache misses overlap).
#[inline(always)]
pub(crate) fn gather(panel: &mut [f32], cols: &[u32], range: Range<usize>, other_f: &Factors) {
    macro_rules! fixed {
        ($($s:literal)*) => {
            match other_f.stride() {
                $($s => gather_fixed::<$s>(panel, cols, range, other_f),)*
                _ => gather_fixed::<0>(panel, cols, range, other_f),
            }
        };
    }
    fixed!(4 8 12 16 20 24 28 32 36 40 44 48 52 56 60 64)
}

/// `gather` for stride `S` (`0`: the factors' own stride, any length).
#[inline(always)]
fn gather_fixed<const S: usize>(panel: &mut [f32], cols: &[u32], range: Range<usize>, other_f: &Factors) {
    let s = if S == 0 { other_f.stride() } else { S };
    for (e, slot) in range.zip(panel.chunks_exact_mut(s)) {
        #[cfg(target_arch = "x86_64")]
        if let Some(&ahead) = cols.get(e + PREFETCH_AHEAD) {
            prefetch_row(other_f.row(ahead as usize));
        }
        let src = other_f.row(cols[e] as usize);
        for (d, v) in slot[..s].chunks_exact_mut(LANES).zip(src[..s].chunks_exact(LANES)) {
            F4::load(v).store(d);
        }
    }
}

/// `gather` from the f16 copy of the factors: the rows are copied into
/// `staging` first, then widened to f32 into `panel` in one pass over L1.
/// Two loops, as in `accumulate`: the copy loop has as few instructions per
/// row as the f32 one, so as many rows' cache misses overlap; widening inside
/// it would triple its instructions per row.
#[inline(always)]
pub(crate) fn gather_half(
    panel: &mut [f32],
    staging: &mut [u16],
    cols: &[u32],
    range: Range<usize>,
    half: &HalfFactors,
) {
    let len = range.len() * half.stride();
    macro_rules! fixed {
        ($($s:literal)*) => {
            match half.stride() {
                $($s => copy_half::<$s>(staging, cols, range, half),)*
                _ => copy_half::<0>(staging, cols, range, half),
            }
        };
    }
    fixed!(4 8 12 16 20 24 28 32 36 40 44 48 52 56 60 64);
    widen(&staging[..len], &mut panel[..len]);
}

/// Copy the f16 rows of `cols[range]` into consecutive `staging` slots, for
/// stride `S` (`0`: any).
#[inline(always)]
fn copy_half<const S: usize>(staging: &mut [u16], cols: &[u32], range: Range<usize>, half: &HalfFactors) {
    let s = if S == 0 { half.stride() } else { S };
    for (e, slot) in range.zip(staging.chunks_exact_mut(s)) {
        #[cfg(target_arch = "x86_64")]
        if let Some(&ahead) = cols.get(e + PREFETCH_AHEAD) {
            prefetch_row(half.row(ahead as usize));
        }
        copy_row(half.row(cols[e] as usize), slot);
    }
}
