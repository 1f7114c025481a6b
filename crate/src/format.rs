//! The model file: a versioned, little-endian binary format that holds a
//! trained model bit for bit, so a loaded model predicts exactly what the
//! saved one did. `docs/model-format.md` describes the same layout.
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `ALSWASM\0` (`41 4C 53 57 41 53 4D 00`) |
//! | 8 | 4 | format version, u32 (this build writes [`VERSION`] = 2 and reads 1 and 2) |
//! | 12 | 4 | flags, u32: bit 0 genre part present, bit 1 training ratings present, bit 2 split and data fingerprint present, bit 3 implicit feedback (`FEED`), bit 4 Bayesian posterior present (bits 2–4: version 2); other bits 0 |
//! | 16 | 8 | total file length in bytes, u64 (checksum included) |
//! | 24 | … | sections, in the order below, each `tag: [u8; 4]`, `length: u64`, `length` bytes |
//! | end − 4 | 4 | CRC-32 (zlib's) of every byte before it, u32 |
//!
//! | tag | payload (`nu` users, `ni` items, `K` factors, `ng` genres, `nnz` ratings) |
//! |---|---|
//! | `PARM` | k u32, epochs u32, seed u64, lambda f32, gamma f32, tau f32, eta f32, regularization u8 (0 seed, 1 scaled, 2 scaledFactors), genre_prior u8, solver u8 (0 Cholesky, 1 CG), CG steps u8 (36 bytes) |
//! | `DIMS` | nu u32, ni u32, K u32, ng u32, nnz u64 (0 without ratings), mu f32 (28 bytes) |
//! | `IDS ` | raw user ids u32 × nu, raw item ids u32 × ni (dense order) |
//! | `BIAS` | b_u f32 × nu, b_i f32 × ni |
//! | `FACT` | p f32 × nu·K, q f32 × ni·K (row-major, unpadded) |
//! | `CNTS` | training ratings per user u32 × nu, per item u32 × ni |
//! | `GENR` | (flag bit 0) w_g f32 × ng·K, prior_i f32 × ni·K, then ng labels, each u32 byte length + UTF-8 |
//! | `RATE` | (flag bit 1) training ratings by user, CSR: indptr u32 × (nu+1), item indices u32 × nnz, ratings f32 × nnz |
//! | `SPLT` | (flag bit 2) split kind u8 (0 none, 1 by rating, 2 by user, 3 test file), 7 zero bytes, seed u64, test ratio f64, data set: ratings u64, users u32, items u32, id-map hash u64 (48 bytes) |
//! | `FEED` | (flag bit 3) the implicit-feedback parameters (`feedback.rs`, 16 bytes) |
//! | `BAYS` | (flag bit 4) kept samples u32, burn-in sweeps u32, noise variance f32, user bias precision f32, user factor precisions f32 × K, posterior variances f32 × nu·(K+1) then × ni·(K+1) (per row: bias, then each factor) |
//!
//! Every field is little-endian; floats are IEEE-754 binary32. A section's
//! length must be exactly its payload's size. Readers check, in order: the
//! magic, the version, the total length (truncation), the checksum
//! (corruption), then each section's tag, length and contents (shapes,
//! finite values, distinct ids, valid ratings); any failure is
//! `Error::Format` with a reason naming it. Nothing in a file can make the
//! reader panic or allocate more than the file's own size.

mod bytes;
mod domain;
mod feedback;
mod provenance;
mod read;
#[cfg(test)]
mod tests;

pub use bytes::crc32;
pub use domain::{MAX_PREDICTION, MAX_VALUE};
pub use provenance::{Fingerprint, Provenance, SplitKind};

use crate::data::ids::IdMap;
use crate::data::Dataset;
use crate::model::Model;
use crate::params::{Regularization, Solver};
use bytes::Writer;

/// The 8 bytes every model file starts with.
pub const MAGIC: [u8; 8] = *b"ALSWASM\0";
/// The format version this build writes and reads (it also reads 1).
pub const VERSION: u32 = 2;
/// Flag bit: the `GENR` section is present.
pub const FLAG_GENRES: u32 = 1;
/// Flag bit: the `RATE` section is present.
pub const FLAG_RATINGS: u32 = 2;
/// Flag bit 2: the `SPLT` section (split and data fingerprint) is present (version 2).
pub const FLAG_SPLIT: u32 = 4;
/// Flag bit 3: the `FEED` section is present (implicit feedback, version 2).
pub const FLAG_FEEDBACK: u32 = 8;
/// Flag bit 4: the `BAYS` section (posterior variances) is present.
pub const FLAG_BAYES: u32 = 16;
/// Bytes before the first section.
pub const HEADER_LEN: usize = 24;

/// What a model file holds, borrowed for saving.
#[derive(Clone, Copy, Debug)]
pub struct ModelFileRef<'a> {
    pub model: &'a Model,
    /// Raw (external) user ids in dense order, `model.n_users()` of them.
    pub user_ids: &'a [u32],
    /// Raw item ids in dense order, `model.n_items()` of them.
    pub item_ids: &'a [u32],
    /// Names of the genres of the genre part (written only with it; missing ones are "").
    pub genre_labels: &'a [String],
    /// Training ratings (same dense indices), to filter rated items and explain after loading.
    pub train: Option<&'a Dataset>,
    /// The split and data set the model was trained from, when known.
    pub provenance: Option<&'a Provenance>,
}

/// A loaded model file.
#[derive(Clone, Debug)]
pub struct ModelFile {
    pub model: Model,
    pub users: IdMap,
    pub items: IdMap,
    /// One label per genre embedding (empty without a genre part).
    pub genre_labels: Vec<String>,
    pub train: Option<Dataset>,
    pub provenance: Option<Provenance>,
}

/// Serialize a model (see the module docs for the layout).
pub fn save(f: &ModelFileRef) -> Vec<u8> {
    let m = f.model;
    debug_assert_eq!(f.user_ids.len(), m.n_users());
    debug_assert_eq!(f.item_ids.len(), m.n_items());
    let train = f
        .train
        .filter(|t| t.n_users() == m.n_users() && t.n_items() == m.n_items());
    let implicit = m.params().feedback.implicit();
    let flags = m.genre().map_or(0, |_| FLAG_GENRES)
        | train.map_or(0, |_| FLAG_RATINGS)
        | f.provenance.map_or(0, |_| FLAG_SPLIT)
        | implicit.map_or(0, |_| FLAG_FEEDBACK)
        | m.posterior().map_or(0, |_| FLAG_BAYES);
    let mut w = Writer::default();
    w.buf.extend_from_slice(&MAGIC);
    w.u32(VERSION);
    w.u32(flags);
    w.u64(0); // total length, patched below
    section(&mut w, b"PARM", |w| write_params(w, m));
    section(&mut w, b"DIMS", |w| {
        w.u32s(&[m.n_users() as u32, m.n_items() as u32, m.k() as u32]);
        w.u32(m.genre().map_or(0, |g| g.w.rows() as u32));
        w.u64(train.map_or(0, |t| t.nnz() as u64));
        w.f32(m.mu());
    });
    section(&mut w, b"IDS ", |w| {
        [f.user_ids, f.item_ids].iter().for_each(|v| w.u32s(v))
    });
    section(&mut w, b"BIAS", |w| {
        [m.user_bias(), m.item_bias()].iter().for_each(|v| w.f32s(v))
    });
    section(&mut w, b"FACT", |w| {
        w.f32s(&m.user_factors().to_dense());
        w.f32s(&m.item_factors().to_dense());
    });
    section(&mut w, b"CNTS", |w| {
        [m.user_counts(), m.item_counts()].iter().for_each(|v| w.u32s(v))
    });
    if let Some(g) = m.genre() {
        section(&mut w, b"GENR", |w| {
            w.f32s(&g.w.to_dense());
            w.f32s(&g.prior.to_dense());
            for e in 0..g.w.rows() {
                let label = f.genre_labels.get(e).map_or("", |s| s.as_str());
                w.u32(label.len() as u32);
                w.buf.extend_from_slice(label.as_bytes());
            }
        });
    }
    if let Some(t) = train {
        section(&mut w, b"RATE", |w| {
            let csr = t.by_user();
            w.u32s(csr.indptr);
            w.u32s(csr.indices);
            w.f32s(&csr.values.to_f32());
        });
    }
    if let Some(p) = f.provenance {
        section(&mut w, b"SPLT", |w| p.write(w));
    }
    if let Some(p) = implicit {
        section(&mut w, b"FEED", |w| feedback::write_feed(w, p));
    }
    if let Some(post) = m.posterior() {
        section(&mut w, b"BAYS", |w| {
            w.u32s(&[post.samples, post.burn_in]);
            w.f32(post.noise_var);
            w.f32(post.user_bias_prec);
            w.f32s(&post.user_prec);
            w.f32s(&post.user_var);
            w.f32s(&post.item_var);
        });
    }
    let total = (w.buf.len() + 4) as u64;
    w.buf[16..24].copy_from_slice(&total.to_le_bytes());
    let crc = crc32(&w.buf);
    w.u32(crc);
    w.buf
}

/// Parse a model file; every problem is `Error::Format { reason }`.
pub fn load(bytes: &[u8]) -> crate::Result<ModelFile> {
    read::load(bytes)
}

/// `tag`, a length, then what `body` writes (the length is patched after).
fn section(w: &mut Writer, tag: &[u8; 4], body: impl FnOnce(&mut Writer)) {
    w.buf.extend_from_slice(tag);
    let at = w.buf.len();
    w.u64(0);
    body(w);
    let len = (w.buf.len() - at - 8) as u64;
    w.buf[at..at + 8].copy_from_slice(&len.to_le_bytes());
}

fn write_params(w: &mut Writer, m: &Model) {
    let p = m.params();
    w.u32(p.k as u32);
    w.u32(p.epochs as u32);
    w.u64(p.seed);
    for v in [p.lambda, p.gamma, p.tau, p.eta] {
        w.f32(v);
    }
    w.u8(match p.regularization {
        Regularization::Uniform => 0,
        Regularization::Scaled => 1,
        Regularization::ScaledFactors => 2,
    });
    w.u8(p.genre_prior as u8);
    let (kind, steps) = match p.solver {
        Solver::Cholesky => (0, 0),
        Solver::Cg { steps } => (1, steps as u8),
    };
    w.u8(kind);
    w.u8(steps);
}
