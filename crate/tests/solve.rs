//! The batched ridge solve against a plain f64 reference.

use als_core::data::csr::{Csr, Values};
use als_core::factors::Factors;
use als_core::solve::ridge_solve_rows;
use als_core::Error;

/// Tiny deterministic generator for test data (xorshift64*).
struct Gen(u64);
impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0
    }
}

/// Rows with 0, 1 and many entries over `cols` columns.
fn random_csr(g: &mut Gen, rows: usize, cols: usize) -> Csr {
    let mut csr = Csr {
        indptr: vec![0],
        ..Default::default()
    };
    let mut values = Vec::new();
    for r in 0..rows {
        let n = match r % 4 {
            0 => 0,
            1 => 1,
            _ => (g.next() % cols as u64) as usize,
        };
        for _ in 0..n {
            csr.indices.push((g.next() % cols as u64) as u32);
            values.push(0.5 + 4.5 * (g.unit() + 1.0) / 2.0);
        }
        csr.indptr.push(csr.indices.len() as u32);
    }
    csr.values = Values::F32(values);
    csr
}

/// Plain reference: build the dense normal equations in f64 and solve by
/// Gaussian elimination with partial pivoting.
fn reference(csr: &Csr, v: &[f32], k: usize, lambda: f64, tau: f64) -> Vec<f64> {
    let mut out = Vec::new();
    for r in 0..csr.rows() {
        let mut a = vec![vec![0.0f64; k + 1]; k];
        for e in csr.indptr[r] as usize..csr.indptr[r + 1] as usize {
            let row = &v[csr.indices[e] as usize * k..][..k];
            for i in 0..k {
                for j in 0..k {
                    a[i][j] += lambda * row[i] as f64 * row[j] as f64;
                }
                a[i][k] += lambda * csr.values.view().get(e) as f64 * row[i] as f64;
            }
        }
        (0..k).for_each(|i| a[i][i] += tau);
        for c in 0..k {
            let p = (c..k).max_by(|&x, &y| a[x][c].abs().total_cmp(&a[y][c].abs())).unwrap();
            a.swap(c, p);
            let pivot = a[c].clone();
            for row in a.iter_mut().skip(c + 1) {
                let f = row[c] / pivot[c];
                for (x, p) in row.iter_mut().zip(&pivot).skip(c) {
                    *x -= f * p;
                }
            }
        }
        let mut x = vec![0.0; k];
        for i in (0..k).rev() {
            x[i] = (a[i][k] - (i + 1..k).map(|j| a[i][j] * x[j]).sum::<f64>()) / a[i][i];
        }
        out.extend(x);
    }
    out
}

#[test]
fn matches_reference_for_each_k() {
    for &k in &[1usize, 2, 8, 20, 64] {
        let mut g = Gen(0x9E37_79B9 + k as u64);
        let cols = 150;
        let v: Vec<f32> = (0..cols * k).map(|_| g.unit()).collect();
        let csr = random_csr(&mut g, 97, cols);
        let other = Factors::from_dense(k, &v).unwrap();
        let mut out = Factors::zeros(csr.rows(), k);
        ridge_solve_rows(&csr.view(), &other, 1.0, 0.5, &mut out).unwrap();
        let want = reference(&csr, &v, k, 1.0, 0.5);
        for (i, (got, want)) in out.to_dense().iter().zip(&want).enumerate() {
            let tol = 2e-3 * (1.0 + want.abs());
            assert!(
                (*got as f64 - want).abs() <= tol,
                "k={k} value {i}: got {got}, want {want}"
            );
        }
        // Rows without entries have a zero right-hand side: the solution is 0.
        assert!(out.row(0).iter().all(|&x| x == 0.0));
    }
}

#[test]
fn ill_conditioned_rows_stay_finite() {
    let k = 8;
    // Every column the same vector: a rank-one Gram matrix, plus extreme scales.
    let base: Vec<f32> = (0..k).map(|i| (i as f32 + 1.0) * 1e-3).collect();
    let mut v = Vec::new();
    for c in 0..10 {
        v.extend(base.iter().map(|x| x * if c % 2 == 0 { 1e6 } else { 1.0 }));
    }
    let csr = Csr {
        indptr: vec![0, 10, 20],
        indices: (0..10).chain(0..10).collect(),
        values: Values::F32(vec![5.0; 20]),
    };
    let other = Factors::from_dense(k, &v).unwrap();
    for &tau in &[1e-12f32, 1e-6, 0.05] {
        let mut out = Factors::zeros(2, k);
        ridge_solve_rows(&csr.view(), &other, 0.002, tau, &mut out).unwrap();
        assert!(out.as_slice().iter().all(|x| x.is_finite()), "tau={tau}");
    }
}

#[test]
fn same_result_on_one_and_many_threads() {
    let k = 20;
    let mut g = Gen(7);
    let v: Vec<f32> = (0..500 * k).map(|_| g.unit()).collect();
    let csr = random_csr(&mut g, 2000, 500);
    let other = Factors::from_dense(k, &v).unwrap();
    let solve = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let mut out = Factors::zeros(csr.rows(), k);
        let report = pool
            .install(|| ridge_solve_rows(&csr.view(), &other, 0.002, 0.05, &mut out))
            .unwrap();
        (out, report.threads_used)
    };
    let (one, used_one) = solve(1);
    let (four, used_four) = solve(4);
    assert_eq!(one, four);
    assert_eq!(used_one, 1);
    assert!(used_four > 1, "only {used_four} thread(s) did work");
}

#[test]
fn rejects_bad_arguments() {
    let other = Factors::from_dense(2, &[1.0, 0.0, 0.0, 1.0]).unwrap();
    let good = Csr {
        indptr: vec![0, 2],
        indices: vec![0, 1],
        values: Values::F32(vec![1.0, 2.0]),
    };
    let mut out = Factors::zeros(1, 2);
    let code = |csr: &Csr, lambda: f32, tau: f32, out: &mut Factors| {
        ridge_solve_rows(&csr.view(), &other, lambda, tau, out)
            .unwrap_err()
            .code()
    };
    assert_eq!(code(&good, 1.0, 0.0, &mut out), "INVALID_PARAM");
    assert_eq!(code(&good, f32::NAN, 1.0, &mut out), "INVALID_PARAM");
    let nan = Csr {
        values: Values::F32(vec![1.0, f32::NAN]),
        ..good.clone()
    };
    assert_eq!(code(&nan, 1.0, 1.0, &mut out), "INVALID_RATING");
    let oob = Csr {
        indices: vec![0, 2],
        ..good.clone()
    };
    assert_eq!(code(&oob, 1.0, 1.0, &mut out), "INDEX_OUT_OF_RANGE");
    let short = Csr {
        values: Values::F32(vec![1.0]),
        ..good.clone()
    };
    assert_eq!(code(&short, 1.0, 1.0, &mut out), "LENGTH_MISMATCH");
    assert_eq!(code(&good, 1.0, 1.0, &mut Factors::zeros(2, 2)), "LENGTH_MISMATCH");
    assert!(matches!(
        Factors::from_dense(0, &[]),
        Err(Error::InvalidParam { name: "k", .. })
    ));
}
