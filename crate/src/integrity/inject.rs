//! The injection harness, shared by tests, the CLI and the demo: seeded
//! shilling attacks from the literature (Mobasher et al. 2007, "Toward
//! trustworthy recommender systems") and shared accounts.
//!
//! Every attack profile rates the target item (top rating to push, lowest
//! to nuke) plus `filler · n_items` filler items drawn uniformly from the
//! catalogue:
//! - `Random`: filler ~ N(mu, sigma²) of all ratings;
//! - `Average`: filler item i ~ N(r̄_i, s_i²), its own mean and spread;
//! - `Bandwagon`: the `selected` most-rated items get the top rating, filler as `Random`;
//! - `Segment`: the `selected` items most co-rated with the target get the top
//!   rating, filler the lowest (push only: a nuke rates the target lowest too);
//! - `Shared`: no target; `attack_size · n_users` pairs of users with
//!   dissimilar tastes (most negative factor cosine among 50 seeded
//!   candidates, when factors are given) are merged into one profile each
//!   (the first's rating wins on a common item) and the originals removed.
//!
//! Ratings are snapped to the scale's steps. Kept users keep their order
//! (dense indices `0..`), new profiles come after them.

use super::injected::{Injected, UserSource};
use super::residuals::RatingScale;
use super::shared::{merge_pairs, TAG_PICK};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::factors::Factors;
use crate::rng::SplitMix64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attack {
    Random,
    Average,
    Bandwagon,
    Segment,
    Shared,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    Push,
    Nuke,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InjectOptions {
    pub attack: Attack,
    pub intent: Intent,
    /// Profiles added (or pairs merged), as a fraction of the users.
    pub attack_size: f64,
    /// Filler items per profile, as a fraction of the items.
    pub filler: f64,
    pub seed: u64,
    /// Dense target item; default: a seeded pick among items with ≥ 20
    /// ratings whose mean is below (push) or above (nuke) the global mean.
    pub target: Option<u32>,
    /// Bandwagon / segment: how many selected items.
    pub selected: usize,
}

impl InjectOptions {
    pub fn new(attack: Attack, attack_size: f64, filler: f64, seed: u64) -> Self {
        InjectOptions {
            attack,
            intent: Intent::Push,
            attack_size,
            filler,
            seed,
            target: None,
            selected: 10,
        }
    }
}

const TAG_PROFILE: u64 = 0x1A7_0001;

/// Inject into `data`; `user_factors` (from a first fit) picks dissimilar pairs for `Shared`.
pub fn inject(data: &Dataset, opts: &InjectOptions, user_factors: Option<&Factors>) -> Result<Injected> {
    check(data, opts)?;
    let n_new = ((opts.attack_size * data.n_users() as f64).round() as usize).max(1);
    if opts.attack == Attack::Shared {
        return Ok(merge_pairs(data, n_new, opts.seed, user_factors));
    }
    let scale = RatingScale::of(data);
    let st = item_moments(data);
    let target = match opts.target {
        Some(t) => t,
        None => pick_target(data, &st, opts.intent, opts.seed)?,
    };
    let selected = match opts.attack {
        Attack::Bandwagon => most_rated(data, target, opts.selected),
        Attack::Segment => most_co_rated(data, target, opts.selected),
        _ => vec![],
    };
    let mut coo = data.to_coo();
    let n_filler = ((opts.filler * data.n_items() as f64).round() as usize).min(data.n_items() - 1 - selected.len());
    let (top, low) = (scale.max, scale.min);
    let target_rating = if opts.intent == Intent::Push { top } else { low };
    for j in 0..n_new {
        let u = (data.n_users() + j) as u32;
        let mut rng = SplitMix64::stream(opts.seed, TAG_PROFILE, j as u64);
        coo.push(u, target, target_rating);
        let sel_rating = if opts.attack == Attack::Segment || opts.intent == Intent::Push {
            top
        } else {
            low
        };
        selected.iter().for_each(|&i| coo.push(u, i, sel_rating));
        let taken: Vec<u32> = selected.iter().copied().chain([target]).collect();
        for i in sample_items(&mut rng, data.n_items(), n_filler, &taken) {
            let r = match opts.attack {
                Attack::Average => st.mean[i as usize] + rng.normal() * st.sd[i as usize],
                Attack::Segment => low as f64,
                _ => st.mu + rng.normal() * st.sigma,
            };
            coo.push(u, i, scale.snap(r));
        }
    }
    let mut sources: Vec<UserSource> = (0..data.n_users() as u32).map(UserSource::Original).collect();
    sources.extend((0..n_new as u32).map(UserSource::Injected));
    let labels = sources.iter().map(|s| !matches!(s, UserSource::Original(_))).collect();
    Ok(Injected {
        coo,
        n_users: data.n_users() + n_new,
        sources,
        labels,
        target: Some(target),
        selected,
    })
}

fn check(data: &Dataset, o: &InjectOptions) -> Result<()> {
    if !(o.attack_size > 0.0 && o.attack_size <= 0.5) {
        return Err(Error::param("attackSize", o.attack_size, "a fraction in (0, 0.5]"));
    }
    if !(0.0..=0.5).contains(&o.filler) || !o.filler.is_finite() {
        return Err(Error::param("filler", o.filler, "a fraction in [0, 0.5]"));
    }
    if data.n_users() < 4 || data.n_items() < 2 + o.selected {
        return Err(Error::param(
            "ratings",
            data.nnz(),
            "at least 4 users and more items than selected + 2",
        ));
    }
    if let Some(t) = o.target {
        if t as usize >= data.n_items() {
            return Err(Error::IndexOutOfRange {
                what: "target item",
                index: t as usize,
                len: data.n_items(),
            });
        }
    }
    Ok(())
}

struct Moments {
    mu: f64,
    sigma: f64,
    mean: Vec<f64>,
    sd: Vec<f64>,
}

fn item_moments(data: &Dataset) -> Moments {
    let v = data.by_user().values;
    let n = v.len().max(1) as f64;
    let mu = v.iter().map(|x| x as f64).sum::<f64>() / n;
    let sigma = (v.iter().map(|x| (x as f64 - mu).powi(2)).sum::<f64>() / n).sqrt();
    let c = data.by_item();
    let (mean, sd) = (0..c.rows())
        .map(|i| {
            let r = c.row_values(i);
            if r.len() < 2 {
                return (r.first().map_or(mu, |&x| x as f64), sigma);
            }
            let m = r.iter().map(|&x| x as f64).sum::<f64>() / r.len() as f64;
            (
                m,
                (r.iter().map(|&x| (x as f64 - m).powi(2)).sum::<f64>() / r.len() as f64).sqrt(),
            )
        })
        .unzip();
    Moments { mu, sigma, mean, sd }
}

fn pick_target(data: &Dataset, st: &Moments, intent: Intent, seed: u64) -> Result<u32> {
    let counts = data.item_counts();
    let ok = |i: usize| counts[i] >= 20 && (st.mean[i] < st.mu) == (intent == Intent::Push);
    let cands: Vec<u32> = (0..data.n_items()).filter(|&i| ok(i)).map(|i| i as u32).collect();
    if cands.is_empty() {
        return Err(Error::param(
            "target",
            "none",
            "an item with >= 20 ratings on the attacked side of the mean (pass one)",
        ));
    }
    let mut rng = SplitMix64::stream(seed, TAG_PICK, 0);
    Ok(cands[(rng.next_u64() % cands.len() as u64) as usize])
}

fn most_rated(data: &Dataset, target: u32, n: usize) -> Vec<u32> {
    let c = data.item_counts();
    let mut idx: Vec<u32> = (0..data.n_items() as u32).filter(|&i| i != target).collect();
    idx.sort_by(|&a, &b| c[b as usize].cmp(&c[a as usize]).then(a.cmp(&b)));
    idx.truncate(n);
    idx
}

fn most_co_rated(data: &Dataset, target: u32, n: usize) -> Vec<u32> {
    let (bu, bi) = (data.by_user(), data.by_item());
    let mut co = vec![0u32; data.n_items()];
    for &u in &bi.indices[bi.range(target as usize)] {
        bu.indices[bu.range(u as usize)]
            .iter()
            .for_each(|&i| co[i as usize] += 1);
    }
    co[target as usize] = 0;
    let mut idx: Vec<u32> = (0..data.n_items() as u32).filter(|&i| i != target).collect();
    idx.sort_by(|&a, &b| co[b as usize].cmp(&co[a as usize]).then(a.cmp(&b)));
    idx.truncate(n);
    idx
}

/// `m` distinct items of `0..n` not in `taken`, uniformly (partial Fisher–Yates).
fn sample_items(rng: &mut SplitMix64, n: usize, m: usize, taken: &[u32]) -> Vec<u32> {
    let mut pool: Vec<u32> = (0..n as u32).filter(|i| !taken.contains(i)).collect();
    let m = m.min(pool.len());
    for j in 0..m {
        let k = j + (rng.next_u64() % (pool.len() - j) as u64) as usize;
        pool.swap(j, k);
    }
    pool.truncate(m);
    pool.sort_unstable();
    pool
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Coo;

    fn data() -> Dataset {
        let mut coo = Coo::default();
        for u in 0..40u32 {
            for i in 0..30u32 {
                if (u * 7 + i * 3) % 4 != 0 {
                    coo.push(u, i, 1.0 + ((u + i) % 9) as f32 * 0.5);
                }
            }
        }
        Dataset::from_coo(40, 30, coo.view()).unwrap()
    }

    #[test]
    fn attack_profiles_have_the_planned_shape_and_labels() {
        let d = data();
        for attack in [Attack::Random, Attack::Average, Attack::Bandwagon, Attack::Segment] {
            let mut o = InjectOptions::new(attack, 0.1, 0.2, 3);
            o.selected = 3;
            let inj = inject(&d, &o, None).unwrap();
            let t = inj.target.unwrap();
            assert_eq!(inj.n_users, 44);
            assert_eq!(inj.labels.iter().filter(|&&l| l).count(), 4);
            assert!(inj.labels[..40].iter().all(|&l| !l));
            let extra = match attack {
                Attack::Bandwagon | Attack::Segment => 3,
                _ => 0,
            };
            assert_eq!(inj.coo.len(), d.nnz() + 4 * (1 + extra + 6), "{attack:?}");
            let again = Dataset::from_coo(inj.n_users, 30, inj.coo.view()).unwrap(); // no duplicate pairs
            let row = again.by_user();
            assert!(row.row(41).any(|(i, r)| i == t && r == 5.0));
            assert!(row
                .row(41)
                .all(|(_, r)| (0.5..=5.0).contains(&r) && (r * 2.0).fract() == 0.0));
            assert_eq!(inject(&d, &o, None).unwrap(), inj, "seeded");
        }
    }

    #[test]
    fn shared_accounts_merge_pairs_and_drop_the_originals() {
        let d = data();
        let inj = inject(&d, &InjectOptions::new(Attack::Shared, 0.1, 0.0, 5), None).unwrap();
        assert_eq!(inj.n_users, 40 - 8 + 4);
        assert_eq!(inj.coo.len(), d.nnz() - overlap(&d, &inj));
        for (u, s) in inj.sources.iter().enumerate() {
            assert_eq!(inj.labels[u], matches!(s, UserSource::Merged(..)));
        }
        assert!(inject(&d, &InjectOptions::new(Attack::Shared, 0.0, 0.0, 5), None).is_err());
    }

    /// Ratings lost because both halves of a pair rated the same item.
    fn overlap(d: &Dataset, inj: &Injected) -> usize {
        let c = d.by_user();
        inj.sources
            .iter()
            .filter_map(|s| match *s {
                UserSource::Merged(a, b) => Some(
                    c.row(a as usize)
                        .filter(|(i, _)| c.row(b as usize).any(|(j, _)| j == *i))
                        .count(),
                ),
                _ => None,
            })
            .sum()
    }
}
