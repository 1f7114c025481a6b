//! Which genres each item has, both ways: item → genres (for the prior
//! `prior_i = mean of w_g over the genres of i`) and genre → items (for the
//! genre step `w_g = tau Σ_{i∈g} q_i / (tau n_g + eta)`).

use crate::error::{Error, Result};

#[derive(Clone, Debug, PartialEq)]
pub struct ItemGenres {
    n_genres: usize,
    item_ptr: Vec<u32>,
    item_genres: Vec<u32>,
    genre_ptr: Vec<u32>,
    genre_items: Vec<u32>,
}

impl ItemGenres {
    /// `lists[i]` are the genre indices of item `i` (< `n_genres`); repeats
    /// are dropped. Items with no genre get the prior 0.
    pub fn from_lists(n_genres: usize, lists: &[Vec<u32>]) -> Result<Self> {
        let mut item_ptr = vec![0u32];
        let mut item_genres = Vec::new();
        for list in lists {
            let mut l = list.clone();
            l.sort_unstable();
            l.dedup();
            if let Some(&g) = l.iter().find(|&&g| g as usize >= n_genres) {
                return Err(Error::IndexOutOfRange {
                    what: "genre",
                    index: g as usize,
                    len: n_genres,
                });
            }
            item_genres.extend_from_slice(&l);
            item_ptr.push(item_genres.len() as u32);
        }
        let (genre_ptr, genre_items) = transpose(n_genres, &item_ptr, &item_genres);
        Ok(ItemGenres {
            n_genres,
            item_ptr,
            item_genres,
            genre_ptr,
            genre_items,
        })
    }

    pub fn n_items(&self) -> usize {
        self.item_ptr.len() - 1
    }
    pub fn n_genres(&self) -> usize {
        self.n_genres
    }
    /// Genres of item `i`, ascending.
    pub fn genres_of(&self, i: usize) -> &[u32] {
        &self.item_genres[self.item_ptr[i] as usize..self.item_ptr[i + 1] as usize]
    }
    /// Items of genre `g`, ascending.
    pub fn items_of(&self, g: usize) -> &[u32] {
        &self.genre_items[self.genre_ptr[g] as usize..self.genre_ptr[g + 1] as usize]
    }
}

fn transpose(n_genres: usize, ptr: &[u32], idx: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let mut counts = vec![0u32; n_genres + 1];
    idx.iter().for_each(|&g| counts[g as usize + 1] += 1);
    for g in 0..n_genres {
        counts[g + 1] += counts[g];
    }
    let mut cursor = counts.clone();
    let mut items = vec![0u32; idx.len()];
    for i in 0..ptr.len() - 1 {
        for &g in &idx[ptr[i] as usize..ptr[i + 1] as usize] {
            items[cursor[g as usize] as usize] = i as u32;
            cursor[g as usize] += 1;
        }
    }
    (counts, items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_directions() {
        let g = ItemGenres::from_lists(3, &[vec![2, 0, 2], vec![], vec![0]]).unwrap();
        assert_eq!(g.genres_of(0), &[0, 2]);
        assert_eq!(g.genres_of(1), &[] as &[u32]);
        assert_eq!(g.items_of(0), &[0, 2]);
        assert_eq!(g.items_of(1), &[] as &[u32]);
        assert_eq!(g.items_of(2), &[0]);
        assert!(ItemGenres::from_lists(2, &[vec![2]]).is_err());
    }
}
