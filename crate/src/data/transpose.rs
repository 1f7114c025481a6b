//! The layout of a CSR's columns (the item side from the user side), in two
//! passes that each write to few places at once. Scattering every entry
//! straight to its column writes to as many places as there are columns
//! (tens of thousands, each write a cache miss); instead the columns are
//! cut into buckets of consecutive columns (at most `BUCKET` entries, or
//! one larger column), the first pass scatters each entry to its bucket —
//! its row and its column within the bucket packed in one u32, in the
//! output's own slots — and the second sorts each bucket by column through
//! a small scratch that stays in cache. Both passes are stable, so each
//! column lists its rows ascending; rows are cut into `CHUNKS` by entries,
//! buckets by the column counts: the result is the same on any thread count.

use rayon::prelude::*;

use super::build::SharedOut;
use crate::chunks::{balanced_bounds, ranges, split_rows_mut};
use crate::data::csr::{Csr, Values};

/// Row chunks of the first pass (each with its own bucket cursors).
const CHUNKS: usize = 16;
/// Entries of a bucket of several columns: its scratch in the second pass
/// (5–8 bytes an entry) stays in L2, and there are few enough buckets
/// (about `nnz / BUCKET`) for the first pass's writes to stay in cache.
const BUCKET: u32 = 1 << 16;

/// The layout of `csr`'s columns (`n_cols` of them): column `c` lists the
/// rows holding `c`, ascending, with their values.
pub(crate) fn transpose(n_cols: usize, csr: &Csr) -> Csr {
    let nnz = csr.indices.len();
    transpose_into(n_cols, csr, (vec![0u32; nnz], csr.values.like(nnz)))
}

/// `transpose`, written into `spare`: a column buffer and values in
/// `csr`'s representation, both as long as `csr` (their contents are
/// overwritten; fresh ones are made when they do not fit).
pub(crate) fn transpose_into(n_cols: usize, csr: &Csr, spare: (Vec<u32>, Values)) -> Csr {
    let bounds = balanced_bounds(&csr.indptr, 1, 1, CHUNKS);
    let pieces: Vec<(usize, usize)> = ranges(&bounds).map(|rs| (rs.start, rs.end)).collect();
    let counts: Vec<Vec<u32>> = pieces
        .par_iter()
        .map(|&(a, b)| {
            let mut c = vec![0u32; n_cols];
            let span = csr.indptr[a] as usize..csr.indptr[b] as usize;
            csr.indices[span].iter().for_each(|&i| c[i as usize] += 1);
            c
        })
        .collect();
    let indptr = column_pointers(n_cols, &counts);
    let plan = Plan::new(csr.rows(), &indptr, &counts);
    let nnz = csr.indices.len();
    let (mut indices, mut values) = spare;
    if indices.len() != nnz {
        indices = vec![0u32; nnz];
    }
    if values.len() != nnz || values.entry_bytes() != csr.values.entry_bytes() {
        values = csr.values.like(nnz);
    }
    if let (Values::Coded { table, .. }, Values::Coded { table: src, .. }) = (&mut values, &csr.values) {
        table.copy_from_slice(&src[..]);
    }
    match (&mut values, &csr.values) {
        (Values::F32(out), Values::F32(src)) => plan.run(csr, &pieces, src, &mut indices, out),
        (Values::Coded { codes: out, .. }, Values::Coded { codes: src, .. }) => {
            plan.run(csr, &pieces, src, &mut indices, out)
        }
        _ => unreachable!("`like` keeps the representation"),
    }
    Csr {
        indptr,
        indices,
        values,
    }
}

/// Column pointers from each chunk's column counts.
fn column_pointers(n_cols: usize, counts: &[Vec<u32>]) -> Vec<u32> {
    let mut indptr = Vec::with_capacity(n_cols + 1);
    let mut acc = 0u32;
    indptr.push(0);
    for c in 0..n_cols {
        acc += counts.iter().map(|k| k[c]).sum::<u32>();
        indptr.push(acc);
    }
    indptr
}

/// The buckets of a transpose and where each chunk writes in them.
struct Plan<'a> {
    indptr: &'a [u32],
    /// Column boundaries of the buckets.
    bounds: Vec<usize>,
    /// Per column: its bucket and its index within the bucket.
    slot: Vec<(u32, u32)>,
    /// Bits of a packed entry that hold the column within its bucket.
    low_bits: u32,
    /// Per chunk: the first slot it writes in each bucket.
    starts: Vec<Vec<u32>>,
}

impl<'a> Plan<'a> {
    fn new(n_rows: usize, indptr: &'a [u32], counts: &[Vec<u32>]) -> Plan<'a> {
        let low_bits = (n_rows.saturating_sub(1) as u32).leading_zeros().min(31);
        let bounds = buckets(indptr, 1 << low_bits);
        let mut slot = vec![(0, 0); indptr.len() - 1];
        let mut starts = vec![vec![0u32; bounds.len() - 1]; counts.len()];
        let mut acc = 0u32;
        for (b, cols) in ranges(&bounds).enumerate() {
            for c in cols.clone() {
                slot[c] = (b as u32, (c - cols.start) as u32);
            }
            for (k, chunk) in counts.iter().enumerate() {
                starts[k][b] = acc;
                acc += chunk[cols.clone()].iter().sum::<u32>();
            }
        }
        Plan {
            indptr,
            bounds,
            slot,
            low_bits,
            starts,
        }
    }

    /// Both passes: each chunk of rows `(a, b)` scatters its entries to
    /// their buckets, then each bucket is sorted by column.
    fn run<T: Copy + Default + Send + Sync>(
        &self,
        csr: &Csr,
        pieces: &[(usize, usize)],
        src: &[T],
        out_rows: &mut [u32],
        out_vals: &mut [T],
    ) {
        let (rows_at, vals_at) = (SharedOut(out_rows.as_mut_ptr()), SharedOut(out_vals.as_mut_ptr()));
        pieces
            .par_iter()
            .zip(self.starts.clone())
            .for_each(|(&(a, b), mut cursor)| {
                for r in a..b {
                    let high = (r as u32) << self.low_bits;
                    let span = csr.indptr[r] as usize..csr.indptr[r + 1] as usize;
                    for (&c, &v) in csr.indices[span.clone()].iter().zip(&src[span]) {
                        let (bucket, low) = self.slot[c as usize];
                        let at = &mut cursor[bucket as usize];
                        // SAFETY: the slots of each (bucket, chunk) pair are
                        // disjoint and within the outputs (`Plan::new`).
                        unsafe {
                            rows_at.write(*at as usize, high | low);
                            vals_at.write(*at as usize, v);
                        }
                        *at += 1;
                    }
                }
            });
        let entries: Vec<usize> = self.bounds.iter().map(|&c| self.indptr[c] as usize).collect();
        let rows = split_rows_mut(out_rows, &entries, 1);
        let vals = split_rows_mut(out_vals, &entries, 1);
        rows.into_par_iter()
            .zip(vals)
            .zip(ranges(&self.bounds).collect::<Vec<_>>())
            .for_each_init(Scratch::default, |s, ((rows, vals), cols)| {
                self.sort_bucket(cols, rows, vals, s)
            });
    }

    /// Sort one bucket's packed entries by their column (stable), leaving
    /// the rows unpacked.
    fn sort_bucket<T: Copy + Default>(
        &self,
        cols: std::ops::Range<usize>,
        rows: &mut [u32],
        vals: &mut [T],
        s: &mut Scratch<T>,
    ) {
        if cols.len() == 1 {
            rows.iter_mut().for_each(|p| *p >>= self.low_bits);
            return;
        }
        let base = self.indptr[cols.start];
        s.cursor.clear();
        s.cursor.extend(self.indptr[cols].iter().map(|&p| p - base));
        s.rows.clear();
        s.rows.resize(rows.len(), 0);
        s.vals.clear();
        s.vals.resize(rows.len(), T::default());
        let mask = (1u32 << self.low_bits) - 1;
        for (&p, &v) in rows.iter().zip(vals.iter()) {
            let at = &mut s.cursor[(p & mask) as usize];
            s.rows[*at as usize] = p >> self.low_bits;
            s.vals[*at as usize] = v;
            *at += 1;
        }
        rows.copy_from_slice(&s.rows);
        vals.copy_from_slice(&s.vals);
    }
}

/// A second pass's scratch (one per thread).
struct Scratch<T> {
    cursor: Vec<u32>,
    rows: Vec<u32>,
    vals: Vec<T>,
}

impl<T> Default for Scratch<T> {
    fn default() -> Self {
        Scratch {
            cursor: Vec::new(),
            rows: Vec::new(),
            vals: Vec::new(),
        }
    }
}

/// Column boundaries of the buckets: consecutive columns while they hold
/// at most `BUCKET` entries and `max_cols` columns; a larger column alone.
fn buckets(indptr: &[u32], max_cols: usize) -> Vec<usize> {
    let n_cols = indptr.len() - 1;
    let mut bounds = vec![0];
    for c in 0..n_cols {
        let first = *bounds.last().unwrap();
        if c > first && (indptr[c + 1] - indptr[first] > BUCKET || c - first == max_cols) {
            bounds.push(c);
        }
    }
    if *bounds.last().unwrap() != n_cols {
        bounds.push(n_cols);
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Row `r`'s columns `cols(r)`, values `r + c`: transposed by the two
    /// passes and by the definition.
    fn check(n_rows: usize, n_cols: usize, cols: impl Fn(usize) -> Vec<u32>) {
        let mut csr = Csr {
            indptr: vec![0],
            indices: Vec::new(),
            values: Values::F32(Vec::new()),
        };
        let mut vals = Vec::new();
        for r in 0..n_rows {
            for c in cols(r) {
                csr.indices.push(c);
                vals.push((r + c as usize) as f32);
            }
            csr.indptr.push(csr.indices.len() as u32);
        }
        csr.values = Values::F32(vals);
        let t = transpose(n_cols, &csr);
        let mut want: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n_cols];
        for r in 0..n_rows {
            for s in csr.indptr[r] as usize..csr.indptr[r + 1] as usize {
                let c = csr.indices[s];
                want[c as usize].push((r as u32, (r + c as usize) as f32));
            }
        }
        let v = t.view();
        for (c, w) in want.iter().enumerate() {
            assert_eq!(&v.row(c).collect::<Vec<_>>(), w, "column {c}");
        }
    }

    #[test]
    fn buckets_hold_few_entries_or_one_column() {
        let indptr = [0u32, BUCKET + 5, BUCKET + 6, BUCKET + 8, 3 * BUCKET, 3 * BUCKET + 1];
        assert_eq!(buckets(&indptr, 1 << 10), vec![0, 1, 3, 4, 5]);
        assert_eq!(buckets(&indptr, 1), vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(buckets(&[0], 4), vec![0]);
    }

    #[test]
    fn matches_the_definition() {
        // Many small columns (several per bucket), one column past a bucket.
        check(3000, 700, |r| {
            (0..(r % 40) as u32).map(|j| (j * 17 + r as u32) % 700).collect()
        });
        check(200_000, 50, |r| if r % 3 == 0 { vec![0, 7, 49] } else { vec![7] });
        check(1, 5, |_| vec![0, 2, 4]);
        check(0, 3, |_| Vec::new());
    }
}
