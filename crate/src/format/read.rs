//! Reading a model file: the envelope (magic, version, length, checksum),
//! then the sections in order, each checked against the dimensions.

use super::bytes::{bad, crc32, mul, Reader};
use super::domain;
use super::feedback::{read_feed, FEED_LEN};
use super::provenance::{Provenance, SPLIT_LEN};
use super::{ModelFile, FLAG_BAYES, FLAG_FEEDBACK, FLAG_GENRES, FLAG_RATINGS, FLAG_SPLIT, HEADER_LEN, MAGIC, VERSION};
use crate::data::csr::{CsrRef, Vals};
use crate::data::ids::IdMap;
use crate::data::{Coo, Dataset};
use crate::error::{Error, Result};
use crate::factors::Factors;
use crate::model::{GenreFactors, Model, ModelParts};
use crate::params::{AlsParams, Regularization, Solver};
use crate::posterior::Posterior;

/// Sizes from the `DIMS` section.
struct Dims {
    nu: usize,
    ni: usize,
    k: usize,
    ng: usize,
    nnz: usize,
    mu: f32,
}

pub(super) fn load(bytes: &[u8]) -> Result<ModelFile> {
    let flags = envelope(bytes)?;
    let mut r = Reader::new(&bytes[HEADER_LEN..bytes.len() - 4], "model file");
    let mut params = read_params(&mut section(&mut r, b"PARM", Some(36))?)?;
    let d = read_dims(&mut section(&mut r, b"DIMS", Some(28))?, &params)?;
    let (nu, ni) = (d.nu, d.ni);
    let both = nu.checked_add(ni).ok_or_else(|| bad("DIMS: size overflows"))?;
    let mut s = section(&mut r, b"IDS ", Some(mul(both, 4, "IDS")?))?;
    let users = ids("userId", s.u32s(nu)?)?;
    let items = ids("movieId", s.u32s(ni)?)?;
    let mut s = section(&mut r, b"BIAS", Some(mul(both, 4, "BIAS")?))?;
    let (user_bias, item_bias) = (s.f32s(nu)?, s.f32s(ni)?);
    let mut s = section(&mut r, b"FACT", Some(mul(mul(both, d.k, "FACT")?, 4, "FACT")?))?;
    let p = factors(d.k, nu, s.f32s(nu * d.k)?)?;
    let q = factors(d.k, ni, s.f32s(ni * d.k)?)?;
    let mut s = section(&mut r, b"CNTS", Some(mul(both, 4, "CNTS")?))?;
    let (user_counts, item_counts) = (s.u32s(nu)?, s.u32s(ni)?);
    let (genre, genre_labels) = match flags & FLAG_GENRES {
        0 => (None, Vec::new()),
        _ => read_genres(&mut section(&mut r, b"GENR", None)?, &d).map(|(g, l)| (Some(g), l))?,
    };
    domain::genre_flag(params.genre_prior, genre.is_some())?;
    let train = match flags & FLAG_RATINGS {
        0 => None,
        _ => Some(read_ratings(&mut section(&mut r, b"RATE", None)?, &d)?),
    };
    let provenance = match flags & FLAG_SPLIT {
        0 => None,
        _ => Some(Provenance::read(&mut section(&mut r, b"SPLT", Some(SPLIT_LEN))?)?),
    };
    if flags & FLAG_FEEDBACK != 0 {
        params.feedback = read_feed(&mut section(&mut r, b"FEED", Some(FEED_LEN))?)?;
        params.validate().map_err(|e| bad(format!("FEED: {e}")))?;
    }
    let posterior = match flags & FLAG_BAYES {
        0 => None,
        _ => {
            let len = mul(mul(both + 1, d.k + 1, "BAYS")?, 4, "BAYS")?.checked_add(12);
            let len = len.ok_or_else(|| bad("BAYS: size overflows"))?;
            Some(read_posterior(&mut section(&mut r, b"BAYS", Some(len))?, &d)?)
        }
    };
    if r.remaining() != 0 {
        return Err(bad(format!(
            "{} unexpected bytes after the last section",
            r.remaining()
        )));
    }
    let parts = ModelParts {
        params,
        mu: d.mu,
        user_bias,
        item_bias,
        p,
        q,
        genre,
        user_counts,
        item_counts,
    };
    let as_format = |e| match e {
        Error::Format { reason } => bad(reason),
        other => bad(format!("inconsistent model: {other}")),
    };
    domain::magnitudes(&parts)?;
    let mut model = Model::from_parts(parts).map_err(as_format)?;
    if let Some(post) = posterior {
        model = model.with_posterior(post).map_err(as_format)?;
    }
    Ok(ModelFile {
        model,
        users,
        items,
        genre_labels,
        train,
        provenance,
    })
}

/// Check magic, version, total length and checksum; returns the flags.
fn envelope(bytes: &[u8]) -> Result<u32> {
    let n = bytes.len();
    if n < MAGIC.len() && MAGIC.starts_with(bytes) {
        return Err(bad(format!("truncated: the file has only {n} bytes")));
    }
    if bytes[..MAGIC.len().min(n)] != MAGIC[..] {
        return Err(bad(
            "not an als-wasm model file (bad magic bytes; expected \"ALSWASM\\0\")",
        ));
    }
    let mut h = Reader::new(&bytes[MAGIC.len()..], "header");
    let version = h
        .u32()
        .map_err(|_| bad(format!("truncated: the file has only {n} bytes")))?;
    if !(1..=VERSION).contains(&version) {
        return Err(bad(format!(
            "unsupported format version {version}: this build reads versions 1 to {VERSION}"
        )));
    }
    if n < HEADER_LEN + 4 {
        return Err(bad(format!("truncated: the file has only {n} bytes")));
    }
    let flags = h.u32()?;
    let total = h.u64()?;
    if (n as u64) < total {
        return Err(bad(format!(
            "truncated: the file has {n} bytes, its header says {total}"
        )));
    }
    if (n as u64) > total {
        return Err(bad(format!(
            "{} unexpected bytes after the end of the model ({total} bytes)",
            n as u64 - total
        )));
    }
    let stored = u32::from_le_bytes([bytes[n - 4], bytes[n - 3], bytes[n - 2], bytes[n - 1]]);
    let computed = crc32(&bytes[..n - 4]);
    if stored != computed {
        return Err(bad(format!(
            "checksum mismatch (stored {stored:#010x}, computed {computed:#010x}): the file is corrupted"
        )));
    }
    let known = match version {
        1 => FLAG_GENRES | FLAG_RATINGS,
        _ => FLAG_GENRES | FLAG_RATINGS | FLAG_SPLIT | FLAG_FEEDBACK | FLAG_BAYES,
    };
    if flags & !known != 0 {
        return Err(bad(format!("unknown flags {flags:#x} for format version {version}")));
    }
    Ok(flags)
}

/// The next section, which must be `tag` (and `expected` bytes long, if given).
fn section<'a>(r: &mut Reader<'a>, tag: &[u8; 4], expected: Option<usize>) -> Result<Reader<'a>> {
    let name = String::from_utf8_lossy(tag).trim_end().to_string();
    let found = r.take(4).map_err(|_| bad(format!("section {name} is missing")))?;
    if found != tag {
        return Err(bad(format!(
            "expected section {name}, found {:?}",
            String::from_utf8_lossy(found)
        )));
    }
    let len = usize::try_from(r.u64()?).map_err(|_| bad(format!("section {name}: length overflows")))?;
    if let Some(want) = expected.filter(|&w| w != len) {
        return Err(bad(format!("section {name} has {len} bytes, expected {want}")));
    }
    let body = r
        .take(len)
        .map_err(|_| bad(format!("section {name} ({len} bytes) runs past the end of the file")))?;
    Ok(Reader::new(body, section_name(tag)))
}

fn section_name(tag: &[u8; 4]) -> &'static str {
    match tag {
        b"PARM" => "section PARM",
        b"DIMS" => "section DIMS",
        b"IDS " => "section IDS",
        b"BIAS" => "section BIAS",
        b"FACT" => "section FACT",
        b"CNTS" => "section CNTS",
        b"GENR" => "section GENR",
        b"SPLT" => "section SPLT",
        b"RATE" => "section RATE",
        b"FEED" => "section FEED",
        _ => "section BAYS",
    }
}

fn read_params(r: &mut Reader) -> Result<AlsParams> {
    let (k, epochs, seed) = (r.u32()? as usize, r.u32()? as usize, r.u64()?);
    let (lambda, gamma, tau, eta) = (r.f32()?, r.f32()?, r.f32()?, r.f32()?);
    let regularization = match r.u8()? {
        0 => Regularization::Uniform,
        1 => Regularization::Scaled,
        2 => Regularization::ScaledFactors,
        v => return Err(bad(format!("unknown regularization {v}"))),
    };
    let genre_prior = domain::flag_byte("genre_prior", r.u8()?)?;
    // Files written before the solver was recorded hold two zero bytes here:
    // Cholesky, which is what they were trained with.
    let solver = match (r.u8()?, r.u8()?) {
        (0, 0) => Solver::Cholesky,
        (1, steps) => Solver::Cg { steps: steps as u32 },
        (kind, steps) => return Err(bad(format!("unknown solver {kind} ({steps} steps)"))),
    };
    let p = AlsParams {
        k,
        lambda,
        gamma,
        tau,
        eta,
        epochs,
        seed,
        regularization,
        genre_prior,
        solver,
        feedback: Default::default(),
    };
    p.validate().map_err(|e| bad(format!("invalid hyperparameters: {e}")))?;
    Ok(p)
}

fn read_dims(r: &mut Reader, params: &AlsParams) -> Result<Dims> {
    let (nu, ni, k, ng) = (
        r.u32()? as usize,
        r.u32()? as usize,
        r.u32()? as usize,
        r.u32()? as usize,
    );
    let nnz = usize::try_from(r.u64()?).map_err(|_| bad("DIMS: rating count overflows"))?;
    let mu = r.f32()?;
    if k != params.k {
        return Err(bad(format!("DIMS says K = {k}, the hyperparameters say {}", params.k)));
    }
    Ok(Dims { nu, ni, k, ng, nnz, mu })
}

fn ids(kind: &'static str, raw: Vec<u32>) -> Result<IdMap> {
    IdMap::from_raw(kind, raw).map_err(|e| match e {
        Error::InvalidParam { value, .. } => bad(format!("repeated {kind} {value}")),
        other => bad(other.to_string()),
    })
}

/// `rows × k` factors from unpadded values (K = 0: empty rows).
fn factors(k: usize, rows: usize, values: Vec<f32>) -> Result<Factors> {
    if k == 0 {
        return Ok(Factors::zeros(rows, 0));
    }
    Factors::from_dense(k, &values).map_err(|e| bad(e.to_string()))
}

fn read_genres(r: &mut Reader, d: &Dims) -> Result<(GenreFactors, Vec<String>)> {
    if d.k == 0 {
        return Err(bad("a genre part needs K >= 1"));
    }
    let w = factors(d.k, d.ng, r.f32s(mul(d.ng, d.k, "GENR")?)?)?;
    let prior = factors(d.k, d.ni, r.f32s(mul(d.ni, d.k, "GENR")?)?)?;
    if !w.as_slice().iter().chain(prior.as_slice()).all(|v| v.is_finite()) {
        return Err(bad("non-finite genre factors"));
    }
    let mut labels = Vec::new();
    for g in 0..d.ng {
        let len = r.u32()? as usize;
        let text = std::str::from_utf8(r.take(len)?).map_err(|_| bad(format!("genre label {g} is not UTF-8")))?;
        labels.push(text.to_string());
    }
    if r.remaining() != 0 {
        return Err(bad(format!("section GENR has {} extra bytes", r.remaining())));
    }
    Ok((GenreFactors { w, prior }, labels))
}

fn read_ratings(r: &mut Reader, d: &Dims) -> Result<Dataset> {
    let rows = d.nu.checked_add(1).ok_or_else(|| bad("RATE: size overflows"))?;
    let (indptr, indices, values) = (r.u32s(rows)?, r.u32s(d.nnz)?, r.f32s(d.nnz)?);
    if r.remaining() != 0 {
        return Err(bad(format!("section RATE has {} extra bytes", r.remaining())));
    }
    let csr = CsrRef {
        indptr: &indptr,
        indices: &indices,
        values: Vals::F32(&values),
    };
    csr.validate(d.ni).map_err(|e| bad(format!("training ratings: {e}")))?;
    let mut users = Vec::with_capacity(d.nnz);
    for u in 0..d.nu {
        users.extend(std::iter::repeat_n(u as u32, csr.range(u).len()));
    }
    let coo = Coo {
        users,
        items: indices,
        ratings: values,
    };
    Dataset::from_coo(d.nu, d.ni, coo.view()).map_err(|e| bad(format!("training ratings: {e}")))
}

/// `BAYS`: kept samples u32, burn-in u32, noise variance f32, the user
/// bias and factor precisions (`K + 1`), then the posterior variances
/// (`K + 1` per row) of the users and of the items.
fn read_posterior(r: &mut Reader, d: &Dims) -> Result<Posterior> {
    let (samples, burn_in, noise_var) = (r.u32()?, r.u32()?, r.f32()?);
    let (user_bias_prec, user_prec) = (r.f32()?, r.f32s(d.k)?);
    let w = d.k + 1;
    let (user_var, item_var) = (r.f32s(d.nu * w)?, r.f32s(d.ni * w)?);
    let post = Posterior {
        samples,
        burn_in,
        noise_var,
        user_bias_prec,
        user_prec,
        user_var,
        item_var,
    };
    if samples == 0 {
        return Err(bad("BAYS: 0 kept samples"));
    }
    post.check(d.nu, d.ni, d.k).map_err(|e| bad(format!("BAYS: {e}")))?;
    Ok(post)
}
