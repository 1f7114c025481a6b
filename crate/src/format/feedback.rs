//! Section `FEED` (flag bit 3, format version 2): the loss a model was
//! trained on, present for implicit-feedback models only (a file without
//! it holds an explicit model, as every version 1 file does).
//!
//! | bytes | field |
//! |---|---|
//! | 1 | kind u8: 1 implicit |
//! | 1 | confidence u8: 0 linear `1 + alpha·r`, 1 log `1 + alpha·ln(1 + r/eps)` |
//! | 2 | zero |
//! | 4 | alpha f32 |
//! | 4 | eps f32 (0 for linear) |
//! | 4 | nu f32 (exponent of the frequency-scaled ridge) |

use super::bytes::{Reader, Writer};
use crate::error::{Error, Result};
use crate::feedback::{Confidence, Feedback, ImplicitParams};

/// Payload bytes of `FEED`.
pub(super) const FEED_LEN: usize = 16;

pub(super) fn write_feed(w: &mut Writer, p: &ImplicitParams) {
    let (kind, eps) = match p.confidence {
        Confidence::Linear => (0, 0.0),
        Confidence::Log { eps } => (1, eps),
    };
    w.u8(1);
    w.u8(kind);
    w.u8(0);
    w.u8(0);
    w.f32(p.alpha);
    w.f32(eps);
    w.f32(p.nu);
}

pub(super) fn read_feed(r: &mut Reader) -> Result<Feedback> {
    let bad = |reason: String| Error::Format { reason };
    let (kind, conf) = (r.u8()?, r.u8()?);
    let _reserved = (r.u8()?, r.u8()?);
    let (alpha, eps, nu) = (r.f32()?, r.f32()?, r.f32()?);
    if kind != 1 {
        return Err(bad(format!("FEED: unknown feedback kind {kind}")));
    }
    let confidence = match conf {
        0 => Confidence::Linear,
        1 => Confidence::Log { eps },
        other => return Err(bad(format!("FEED: unknown confidence scaling {other}"))),
    };
    let p = ImplicitParams { alpha, confidence, nu };
    p.validate()
        .map_err(|e| bad(format!("FEED: invalid parameters: {e}")))?;
    Ok(Feedback::Implicit(p))
}
