//! The implicit-feedback fields of the parameter object: `feedback`
//! (`'explicit'` | `'implicit'`), `alpha`, `confidence` (`'linear'` |
//! `'log'`), `eps` and `nu`; absent fields take `ImplicitParams::default()`.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::fields::{number, string};
use crate::error::{Error, Result};
use crate::feedback::{Confidence, Feedback, ImplicitParams};

/// Default `eps` of the log confidence.
const DEFAULT_EPS: f32 = 1.0;

pub fn feedback(obj: &JsValue) -> Result<Feedback> {
    match string(obj, "feedback").as_deref() {
        None | Some("explicit") => Ok(Feedback::Explicit),
        Some("implicit") => implicit(obj).map(Feedback::Implicit),
        Some(other) => Err(Error::param("feedback", other, "'explicit' or 'implicit'")),
    }
}

fn implicit(obj: &JsValue) -> Result<ImplicitParams> {
    let d = ImplicitParams::default();
    let confidence = match string(obj, "confidence").as_deref() {
        None | Some("linear") => Confidence::Linear,
        Some("log") => Confidence::Log {
            eps: number(obj, "eps")?.map_or(DEFAULT_EPS, |e| e as f32),
        },
        Some(other) => return Err(Error::param("confidence", other, "'linear' or 'log'")),
    };
    Ok(ImplicitParams {
        alpha: number(obj, "alpha")?.map_or(d.alpha, |a| a as f32),
        nu: number(obj, "nu")?.map_or(d.nu, |n| n as f32),
        confidence,
    })
}

pub fn feedback_kind(f: &Feedback) -> &'static str {
    match f {
        Feedback::Explicit => "explicit",
        Feedback::Implicit(_) => "implicit",
    }
}

/// Adds the implicit fields to a parameter object.
pub trait TapImplicit {
    fn tap_implicit(self, f: &Feedback) -> JsValue;
}

impl TapImplicit for JsValue {
    fn tap_implicit(self, f: &Feedback) -> JsValue {
        if let Feedback::Implicit(p) = f {
            let (confidence, eps) = match p.confidence {
                Confidence::Linear => ("linear", None),
                Confidence::Log { eps } => ("log", Some(eps)),
            };
            let set = |k: &str, v: JsValue| {
                let _ = Reflect::set(&self, &JsValue::from_str(k), &v);
            };
            set("alpha", (p.alpha as f64).into());
            set("nu", (p.nu as f64).into());
            set("confidence", confidence.into());
            if let Some(e) = eps {
                set("eps", (e as f64).into());
            }
        }
        self
    }
}
