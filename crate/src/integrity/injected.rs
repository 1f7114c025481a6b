//! What the injection harness returns: the injected ratings, where each
//! user comes from, and which users are attacks.

use crate::data::Coo;

/// Where a user of the injected data comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserSource {
    Original(u32),
    /// The j-th attack profile.
    Injected(u32),
    /// Two original users merged.
    Merged(u32, u32),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Injected {
    pub coo: Coo,
    pub n_users: usize,
    pub sources: Vec<UserSource>,
    /// `true` for attack profiles and merged accounts.
    pub labels: Vec<bool>,
    pub target: Option<u32>,
    /// Bandwagon / segment items.
    pub selected: Vec<u32>,
}
