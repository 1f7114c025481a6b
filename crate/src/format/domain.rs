//! Checks a model file's values against their domains, beyond what the
//! checksum vouches for: a file can be well formed, correctly sealed and
//! still hold nonsense (a flag byte of 0xFF, a genre prior without its
//! section, a factor of 3e38 whose predictions overflow). Such a file is a
//! `Format` error naming the field, never a model that answers garbage.

use super::bytes::bad;
use crate::error::Result;
use crate::factors::Factors;
use crate::model::ModelParts;

/// Largest magnitude of any stored bias, factor or genre value. Trained
/// models stay many orders of magnitude below it; above it, squared norms
/// (similarity, fold-in) approach the f32 range.
pub const MAX_VALUE: f32 = 1e9;

/// Largest bound on |prediction| (|mu| + max |b_u| + max |b_i| + max ‖p_u‖·max ‖q_i‖):
/// every partial sum of a prediction stays below it, so none overflows f32.
pub const MAX_PREDICTION: f64 = 1e18;

/// A boolean stored as one byte: 0 or 1, anything else is a corrupt field.
pub(super) fn flag_byte(name: &str, v: u8) -> Result<bool> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(bad(format!("{name} must be 0 or 1, found {v}"))),
    }
}

/// The genre flag bit and the hyperparameter that needs the genre section agree.
pub(super) fn genre_flag(genre_prior: bool, has_section: bool) -> Result<()> {
    match (genre_prior, has_section) {
        (true, false) => Err(bad("genre_prior is set but the file has no GENR section (flag bit 0)")),
        (false, true) => Err(bad(
            "a GENR section (flag bit 0) in a model trained without genre_prior",
        )),
        _ => Ok(()),
    }
}

/// Magnitudes of every value, and the prediction bound.
pub(super) fn magnitudes(parts: &ModelParts) -> Result<()> {
    let mut fields: Vec<(&str, &[f32])> = vec![
        ("mu", std::slice::from_ref(&parts.mu)),
        ("user biases", &parts.user_bias),
        ("item biases", &parts.item_bias),
        ("user factors", parts.p.as_slice()),
        ("item factors", parts.q.as_slice()),
    ];
    if let Some(g) = &parts.genre {
        fields.push(("genre embeddings", g.w.as_slice()));
        fields.push(("genre priors", g.prior.as_slice()));
    }
    for (name, values) in fields {
        // Non-finite values are reported by `Model::from_parts`.
        if let Some(v) = values.iter().find(|v| v.is_finite() && v.abs() > MAX_VALUE) {
            return Err(bad(format!("{name}: value {v:e} is outside ±{MAX_VALUE:e}")));
        }
    }
    let max_abs = |v: &[f32]| v.iter().fold(0f64, |m, &x| m.max((x as f64).abs()));
    let bound = (parts.mu as f64).abs()
        + max_abs(&parts.user_bias)
        + max_abs(&parts.item_bias)
        + max_norm(&parts.p) * max_norm(&parts.q);
    if bound > MAX_PREDICTION {
        return Err(bad(format!(
            "factor magnitudes allow predictions up to {bound:e}, beyond ±{MAX_PREDICTION:e}"
        )));
    }
    Ok(())
}

/// Largest Euclidean norm of a row (f64, so it cannot overflow here).
fn max_norm(f: &Factors) -> f64 {
    (0..f.rows())
        .map(|r| f.row(r).iter().map(|&x| (x as f64) * (x as f64)).sum::<f64>().sqrt())
        .fold(0.0, f64::max)
}
