//! Looking at the item space, as the reference implementation did: the most and least
//! "polarizing" movies (largest and smallest `‖q_i‖`: a long factor vector
//! means tastes disagree strongly about the movie) and a 2-D map of the most
//! rated movies (the factors themselves when K = 2, else the first two
//! principal components of their factors).

use super::topn::{top_n, Scored};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::simd::dot;

/// Items with the largest and the smallest factor norms.
#[derive(Clone, Debug, PartialEq)]
pub struct Polarizing {
    /// Largest `‖q_i‖` first; `score` is the norm.
    pub most: Vec<Scored>,
    /// Smallest `‖q_i‖` first.
    pub least: Vec<Scored>,
}

/// How an item map was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapMethod {
    /// The factors themselves (K ≤ 2; K = 1 puts every item on y = 0).
    Factors,
    /// The first two principal components of the mapped items' factors.
    Pca,
}

/// 2-D coordinates of the most-rated items.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemMap {
    /// Dense item indices, most-rated first (ties: lower index first).
    pub items: Vec<u32>,
    pub x: Vec<f32>,
    pub y: Vec<f32>,
    /// Training ratings of each item.
    pub counts: Vec<u32>,
    pub method: MapMethod,
}

impl Model {
    /// The `n` items (among those with at least `min_ratings` training
    /// ratings) with the largest and the smallest `‖q_i‖`.
    pub fn polarizing(&self, n: usize, min_ratings: u32) -> Polarizing {
        let norms = || {
            (0..self.n_items())
                .filter(|&i| self.item_counts[i] >= min_ratings)
                .map(|i| Scored {
                    item: i as u32,
                    score: dot(self.q.row(i), self.q.row(i)).sqrt(),
                })
        };
        let mut least = top_n(norms().map(|s| Scored { score: -s.score, ..s }), n);
        least.iter_mut().for_each(|s| s.score = -s.score);
        Polarizing {
            most: top_n(norms(), n),
            least,
        }
    }

    /// Coordinates of the `n_top` most-rated items (see `MapMethod`).
    pub fn item_map_2d(&self, n_top: usize) -> Result<ItemMap> {
        let k = self.k();
        if k == 0 {
            return Err(Error::param("k", 0, "at least 1 (a map needs factors)"));
        }
        let mut items: Vec<u32> = (0..self.n_items() as u32).collect();
        items.sort_by(|&a, &b| {
            self.item_counts[b as usize]
                .cmp(&self.item_counts[a as usize])
                .then(a.cmp(&b))
        });
        items.truncate(n_top);
        let rows: Vec<&[f32]> = items.iter().map(|&i| &self.q.row(i as usize)[..k]).collect();
        let (axes, method) = if k <= 2 {
            let unit = |d: usize| (0..k).map(|c| if c == d { 1.0 } else { 0.0 }).collect();
            ([unit(0), unit(1)], MapMethod::Factors)
        } else {
            (principal_axes(&rows, k), MapMethod::Pca)
        };
        let mean = if method == MapMethod::Pca {
            column_means(&rows, k)
        } else {
            vec![0.0; k]
        };
        let project = |row: &[f32], axis: &Vec<f64>| {
            row.iter()
                .zip(&mean)
                .zip(axis)
                .map(|((&v, &m), &a)| (v as f64 - m) * a)
                .sum::<f64>() as f32
        };
        Ok(ItemMap {
            x: rows.iter().map(|r| project(r, &axes[0])).collect(),
            y: rows.iter().map(|r| project(r, &axes[1])).collect(),
            counts: items.iter().map(|&i| self.item_counts[i as usize]).collect(),
            items,
            method,
        })
    }
}

fn column_means(rows: &[&[f32]], k: usize) -> Vec<f64> {
    let mut mean = vec![0.0f64; k];
    for r in rows {
        mean.iter_mut().zip(*r).for_each(|(m, &v)| *m += v as f64);
    }
    let n = rows.len().max(1) as f64;
    mean.iter_mut().for_each(|m| *m /= n);
    mean
}

/// The top two eigenvectors of the rows' covariance (K × K, f64), by power
/// iteration with deflation from a fixed start, so the result is
/// deterministic; each is signed so its largest-magnitude entry is positive.
pub(crate) fn principal_axes(rows: &[&[f32]], k: usize) -> [Vec<f64>; 2] {
    let mean = column_means(rows, k);
    let mut cov = vec![0.0f64; k * k];
    for r in rows {
        let c: Vec<f64> = r.iter().zip(&mean).map(|(&v, &m)| v as f64 - m).collect();
        for a in 0..k {
            for b in 0..k {
                cov[a * k + b] += c[a] * c[b];
            }
        }
    }
    let first = power_iteration(&cov, k, None);
    let second = power_iteration(&cov, k, Some(&first));
    [first, second]
}

/// Dominant eigenvector of the symmetric `m`, orthogonal to `against`.
fn power_iteration(m: &[f64], k: usize, against: Option<&[f64]>) -> Vec<f64> {
    // A fixed, irregular start (never all-equal entries, which symmetric data
    // can make orthogonal to the answer).
    let mut v: Vec<f64> = (0..k).map(|j| 1.0 + ((j as f64 + 1.0) * 0.618_034).fract()).collect();
    let orthonormalize = |v: &mut Vec<f64>| {
        if let Some(a) = against {
            let d: f64 = v.iter().zip(a).map(|(x, y)| x * y).sum();
            v.iter_mut().zip(a).for_each(|(x, y)| *x -= d * y);
        }
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
        norm
    };
    orthonormalize(&mut v);
    for _ in 0..2000 {
        let mut w: Vec<f64> = (0..k).map(|a| (0..k).map(|b| m[a * k + b] * v[b]).sum()).collect();
        if orthonormalize(&mut w) == 0.0 {
            break;
        }
        let change: f64 = w.iter().zip(&v).map(|(x, y)| (x - y).abs()).sum();
        v = w;
        if change < 1e-13 {
            break;
        }
    }
    let big = v.iter().fold(0.0f64, |b, x| if x.abs() > b.abs() { *x } else { b });
    if big < 0.0 {
        v.iter_mut().for_each(|x| *x = -*x);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::factors::Factors;
    use crate::model::ModelParts;
    use crate::params::AlsParams;
    use crate::rng::SplitMix64;

    fn model_with(k: usize, q: Vec<f32>, counts: Vec<u32>) -> Model {
        let ni = counts.len();
        Model::from_parts(ModelParts {
            params: AlsParams {
                k,
                ..AlsParams::reference()
            },
            mu: 3.5,
            user_bias: vec![0.0],
            item_bias: vec![0.0; ni],
            p: Factors::zeros(1, k),
            q: Factors::from_dense(k, &q).unwrap(),
            genre: None,
            user_counts: vec![0],
            item_counts: counts,
        })
        .unwrap()
    }

    #[test]
    fn pca_recovers_planted_axes() {
        // Items on an ellipse spanned by two orthonormal directions of R^5
        // (variances 2 and 0.5, uncorrelated), plus a little noise.
        let s = 0.5f32.sqrt();
        let (e1, e2) = ([s, s, 0.0, 0.0, 0.0], [0.0, 0.0, 0.6, 0.8, 0.0]);
        let mut rng = SplitMix64::new(5);
        let mut q = Vec::new();
        for i in 0..400 {
            let t = i as f32 * std::f32::consts::TAU / 400.0;
            let (a, b) = (2.0 * t.cos(), t.sin());
            q.extend((0..5).map(|c| 1.0 + a * e1[c] + b * e2[c] + 0.01 * rng.normal() as f32));
        }
        let m = model_with(5, q, vec![10; 400]);
        let map = m.item_map_2d(400).unwrap();
        assert_eq!(map.method, MapMethod::Pca);
        let rows: Vec<&[f32]> = (0..400).map(|i| &m.q.row(i)[..5]).collect();
        let [v1, v2] = principal_axes(&rows, 5);
        let cos = |v: &[f64], e: &[f32; 5]| v.iter().zip(e).map(|(a, &b)| a * b as f64).sum::<f64>().abs();
        assert!(cos(&v1, &e1) > 0.999, "{v1:?}");
        assert!(cos(&v2, &e2) > 0.999, "{v2:?}");
        let var = |x: &[f32]| x.iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / x.len() as f64;
        assert!(var(&map.x) > 3.0 * var(&map.y));
        assert_eq!(m.item_map_2d(400).unwrap(), map, "deterministic");
    }

    #[test]
    fn small_k_maps_the_factors_of_the_most_rated() {
        let m = model_with(2, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], vec![5, 9, 5]);
        let map = m.item_map_2d(2).unwrap();
        assert_eq!((map.items, map.method), (vec![1, 0], MapMethod::Factors));
        assert_eq!((map.x, map.y, map.counts), (vec![3.0, 1.0], vec![4.0, 2.0], vec![9, 5]));
        let one = model_with(1, vec![1.0, -2.0], vec![1, 1]).item_map_2d(5).unwrap();
        assert_eq!((one.x, one.y), (vec![1.0, -2.0], vec![0.0, 0.0]));
    }

    #[test]
    fn polarizing_orders_by_norm() {
        let q = vec![3.0, 4.0, 0.1, 0.0, 1.0, 1.0, 10.0, 0.0];
        let m = model_with(2, q, vec![100, 100, 100, 2]);
        let p = m.polarizing(2, 50);
        assert_eq!(p.most.iter().map(|s| s.item).collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!(p.least.iter().map(|s| s.item).collect::<Vec<_>>(), vec![1, 2]);
        assert!((p.most[0].score - 5.0).abs() < 1e-6 && (p.least[0].score - 0.1).abs() < 1e-6);
        assert_eq!(m.polarizing(10, 0).most[0].item, 3);
    }
}
