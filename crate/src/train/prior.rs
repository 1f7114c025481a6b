//! The hierarchical genre prior (docs/model.md):
//! before the user step `prior_i = mean of w_g over the genres of i`;
//! after the item step `w_g = tau Σ_{i∈g} q_i / (tau n_g + eta)`.
//! Both run in parallel over rows, each row summed in a fixed order.

use rayon::prelude::*;

use crate::data::ItemGenres;
use crate::factors::Factors;

/// `prior_i = (1/|G_i|) Σ_{g∈G_i} w_g`; 0 for an item with no genre.
pub fn compute_priors(genres: &ItemGenres, w: &Factors, prior: &mut Factors) {
    let (k, stride) = (w.k(), w.stride());
    if k == 0 {
        return;
    }
    prior
        .as_mut_slice()
        .par_chunks_mut(stride)
        .enumerate()
        .for_each(|(i, row)| {
            row.fill(0.0);
            let gs = genres.genres_of(i);
            for &g in gs {
                for (a, &b) in row[..k].iter_mut().zip(w.row(g as usize)) {
                    *a += b;
                }
            }
            if !gs.is_empty() {
                let n = gs.len() as f32;
                row[..k].iter_mut().for_each(|a| *a /= n);
            }
        });
}

/// `w_g = tau Σ_{i∈g} q_i / (tau n_g + eta)` (sums in f64); 0 for an empty genre.
/// The reference implementation's rule, kept under every `Regularization`.
pub fn genre_step(genres: &ItemGenres, q: &Factors, tau: f32, eta: f32, w: &mut Factors) {
    let (k, stride) = (q.k(), q.stride());
    if k == 0 {
        return;
    }
    w.as_mut_slice()
        .par_chunks_mut(stride)
        .enumerate()
        .for_each(|(g, row)| {
            let items = genres.items_of(g);
            let mut sum = vec![0.0f64; k];
            for &i in items {
                sum.iter_mut().zip(q.row(i as usize)).for_each(|(s, &v)| *s += v as f64);
            }
            let denom = tau as f64 * items.len() as f64 + eta as f64;
            for (o, s) in row[..k].iter_mut().zip(&sum) {
                *o = if items.is_empty() {
                    0.0
                } else {
                    (tau as f64 * s / denom) as f32
                };
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priors_and_genre_step() {
        let genres = ItemGenres::from_lists(2, &[vec![0], vec![0, 1], vec![]]).unwrap();
        let w = Factors::from_dense(2, &[1.0, 2.0, 3.0, 4.0]).unwrap();
        let mut prior = Factors::zeros(3, 2);
        compute_priors(&genres, &w, &mut prior);
        assert_eq!(prior.to_dense(), vec![1.0, 2.0, 2.0, 3.0, 0.0, 0.0]);
        let q = Factors::from_dense(2, &[1.0, 1.0, 3.0, 3.0, 9.0, 9.0]).unwrap();
        let mut w2 = Factors::zeros(2, 2);
        genre_step(&genres, &q, 1.0, 2.0, &mut w2);
        // genre 0: (1 + 3) / (2 + 2) = 1; genre 1: 3 / (1 + 2) = 1.
        assert_eq!(w2.to_dense(), vec![1.0, 1.0, 1.0, 1.0]);
    }
}
