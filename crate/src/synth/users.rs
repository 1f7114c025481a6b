//! The synthetic users: raw ids, planted biases and factors, and how many
//! movies each rates (at least `MIN_DEGREE`, log-normal beyond, summing to
//! the requested ratings exactly). Each user draws from its own stream.

use rayon::prelude::*;

use super::catalog::{draw_gap, mean_gap};
use super::shape::{SynthSpec, MIN_DEGREE};
use crate::rng::{tag, SplitMix64};

/// Spread of the log-normal activity beyond the minimum (larger: more skewed).
const ACTIVITY_SIGMA: f64 = 1.25;

pub struct Users {
    /// Raw user ids, ascending.
    pub ids: Vec<u32>,
    pub bias: Vec<f32>,
    /// `k` factors per user.
    pub factors: Vec<f32>,
    /// Ratings of each user, and where each user's start (`offsets[u]..offsets[u + 1]`).
    pub degrees: Vec<u32>,
    pub offsets: Vec<u64>,
}

struct User {
    gap: u32,
    activity: f64,
    bias: f32,
    factors: Vec<f32>,
}

impl Users {
    pub fn new(spec: &SynthSpec, scale: f64) -> Users {
        let n = spec.users as usize;
        let gap = mean_gap(spec.shape.max_user_id, spec.shape.users);
        let drawn: Vec<User> = (0..n)
            .into_par_iter()
            .with_min_len(1024)
            .map(|u| {
                let mut rng = SplitMix64::stream(spec.seed, tag::SYNTH_USERS, u as u64);
                let gap = draw_gap(&mut rng, gap);
                let activity = (ACTIVITY_SIGMA * rng.normal()).exp();
                let bias = (0.45 * rng.normal()) as f32;
                let mut factors = vec![0f32; spec.k];
                rng.fill_normal(scale, &mut factors);
                User {
                    gap,
                    activity,
                    bias,
                    factors,
                }
            })
            .collect();
        let activity: Vec<f64> = drawn.iter().map(|u| u.activity).collect();
        let degrees = degrees(spec, &activity);
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u64);
        let mut at = 0u64;
        for &d in &degrees {
            at += d as u64;
            offsets.push(at);
        }
        let mut users = Users {
            ids: Vec::with_capacity(n),
            bias: Vec::with_capacity(n),
            factors: Vec::with_capacity(n * spec.k),
            degrees,
            offsets,
        };
        let mut id = 0u32;
        for u in drawn {
            id += u.gap;
            users.ids.push(id);
            users.bias.push(u.bias);
            users.factors.extend_from_slice(&u.factors);
        }
        users
    }
}

/// Each user's ratings: `MIN_DEGREE` plus its share of the rest by
/// activity (capped at half the catalog); the remainder goes one by one to
/// users drawn from one stream.
fn degrees(spec: &SynthSpec, activity: &[f64]) -> Vec<u32> {
    let n = activity.len();
    let cap = spec.degree_cap();
    let budget = (spec.ratings - MIN_DEGREE * n as u64) as f64;
    // Summed in order: the same total on any thread count.
    let sum: f64 = activity.iter().sum();
    let mut deg: Vec<u32> = activity
        .iter()
        .map(|a| (MIN_DEGREE + (a / sum * budget) as u64).min(cap) as u32)
        .collect();
    let assigned: u64 = deg.iter().map(|&d| d as u64).sum();
    let mut left = spec.ratings - assigned;
    let mut rng = SplitMix64::stream(spec.seed, tag::SYNTH_DEGREES, 0);
    while left > 0 {
        let u = rng.below(n);
        if (deg[u] as u64) < cap {
            deg[u] += 1;
            left -= 1;
        }
    }
    deg
}
