//! A parsed ratings file: rows in dense ids (first-seen order), the raw ids
//! of each dense index, and what the parse saw.

use super::rows::Rows;
use super::stats::Stats;
use crate::data::Ratings;
use crate::error::Result;

#[derive(Debug)]
pub struct Parsed {
    pub users: Vec<u32>,
    pub items: Vec<u32>,
    pub ratings: Vec<f32>,
    /// Dense → raw.
    pub user_ids: Vec<u32>,
    pub item_ids: Vec<u32>,
    pub stats: Stats,
}

impl From<Rows> for Parsed {
    fn from(r: Rows) -> Parsed {
        Parsed {
            users: r.users,
            items: r.items,
            ratings: r.ratings,
            user_ids: r.user_ids.into_raw(),
            item_ids: r.item_ids.into_raw(),
            stats: r.stats,
        }
    }
}

impl Parsed {
    pub fn len(&self) -> usize {
        self.users.len()
    }

    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    /// The ratings set (the core's layouts start from it).
    pub fn into_ratings(self) -> Result<Ratings> {
        Ratings::from_indexed(self.users, self.items, self.ratings, self.user_ids, self.item_ids)
    }
}
