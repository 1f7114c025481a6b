//! Reading option objects from JS (plain objects, camelCase fields).

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use super::feedback::{feedback, feedback_kind, TapImplicit};
use super::fields::{integer, number, string};
use crate::error::{Error, Result};
use crate::params::{AlsParams, Regularization, Solver, DEFAULT_CG_STEPS};
use crate::train::bayes::BayesParams;

/// `AlsParams` from `{ preset: 'default'|'seed', factors, iterations, lambda,
/// gamma, tau, eta, seed, regularization: 'uniform'|'scaled'|'scaledFactors',
/// genrePrior, solver: 'cg'|'cholesky', cgSteps, feedback:
/// 'explicit'|'implicit', alpha, confidence: 'linear'|'log', eps, nu }`;
/// absent fields keep the preset's values.
pub fn params(obj: &JsValue) -> Result<AlsParams> {
    if !obj.is_object() {
        return Err(Error::param("params", "not an object", "an options object"));
    }
    let mut p = match string(obj, "feedback").as_deref() {
        Some("implicit") => AlsParams::implicit_defaults(),
        _ => preset(string(obj, "preset").as_deref())?,
    };
    if let Some(k) = integer(obj, "factors")? {
        p.k = k as usize;
    }
    if let Some(e) = integer(obj, "iterations")? {
        p.epochs = e as usize;
    }
    if let Some(s) = integer(obj, "seed")? {
        p.seed = s;
    }
    let floats: [(&'static str, &mut f32); 4] = [
        ("lambda", &mut p.lambda),
        ("gamma", &mut p.gamma),
        ("tau", &mut p.tau),
        ("eta", &mut p.eta),
    ];
    for (key, field) in floats {
        if let Some(v) = number(obj, key)? {
            *field = v as f32;
        }
    }
    p.regularization = match string(obj, "regularization").as_deref() {
        None => p.regularization,
        // 'seed' is the old name of 'uniform'; the TypeScript side reports it as deprecated.
        Some("uniform" | "seed") => Regularization::Uniform,
        Some("scaled") => Regularization::Scaled,
        Some("scaledFactors") => Regularization::ScaledFactors,
        Some(other) => {
            return Err(Error::param(
                "regularization",
                other,
                "'uniform', 'scaled' or 'scaledFactors'",
            ))
        }
    };
    p.genre_prior = Reflect::get(obj, &JsValue::from_str("genrePrior"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(p.genre_prior);
    p.solver = solver(obj, p.solver)?;
    p.feedback = feedback(obj)?;
    p.validate()?;
    Ok(p)
}

/// The sampler's settings from `{ method: 'als'|'bayes', samples, burnIn,
/// warmStart }`: `None` for ALS (where the three counts are rejected).
pub fn bayes(obj: &JsValue) -> Result<Option<BayesParams>> {
    let counts = [
        ("samples", integer(obj, "samples")?),
        ("burnIn", integer(obj, "burnIn")?),
        ("warmStart", integer(obj, "warmStart")?),
    ];
    match string(obj, "method").as_deref() {
        None | Some("als") => match counts.iter().find(|(_, v)| v.is_some()) {
            Some(&(key, Some(v))) => Err(Error::param(key, v, "only with method: 'bayes'")),
            _ => Ok(None),
        },
        Some("bayes") => {
            let mut b = BayesParams::default();
            let fields = [&mut b.samples, &mut b.burn_in, &mut b.warm_start];
            for ((_, v), field) in counts.iter().zip(fields) {
                if let Some(v) = v {
                    *field = (*v).min(usize::MAX as u64) as usize;
                }
            }
            b.validate()?;
            Ok(Some(b))
        }
        Some(other) => Err(Error::param("method", other, "'als' or 'bayes'")),
    }
}

/// The parameters a preset name stands for: the library's defaults, or the
/// reference implementation's parameterization (`'seed'`).
pub fn preset(name: Option<&str>) -> Result<AlsParams> {
    match name {
        None | Some("default") => Ok(AlsParams::default()),
        Some("seed") => Ok(AlsParams::reference()),
        Some(other) => Err(Error::param("preset", other, "'default' or 'seed'")),
    }
}

fn solver(obj: &JsValue, default: Solver) -> Result<Solver> {
    let default_steps = match default {
        Solver::Cg { steps } => steps,
        Solver::Cholesky => DEFAULT_CG_STEPS,
    };
    let steps = integer(obj, "cgSteps")?.map_or(default_steps, |s| s.min(u32::MAX as u64) as u32);
    match string(obj, "solver").as_deref() {
        None if matches!(default, Solver::Cholesky) => Ok(Solver::Cholesky),
        None | Some("cg") => Ok(Solver::Cg { steps }),
        Some("cholesky") => Ok(Solver::Cholesky),
        Some(other) => Err(Error::param("solver", other, "'cg' or 'cholesky'")),
    }
}

/// A plain object from `(key, value)` pairs.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// The parameters back as a JS object (same field names as `params`).
pub fn params_to_js(p: &AlsParams) -> JsValue {
    let cg_steps = match p.solver {
        Solver::Cg { steps } => steps,
        Solver::Cholesky => 0,
    };
    let reg = match p.regularization {
        Regularization::Uniform => "uniform",
        Regularization::Scaled => "scaled",
        Regularization::ScaledFactors => "scaledFactors",
    };
    object(&[
        ("factors", (p.k as f64).into()),
        ("iterations", (p.epochs as f64).into()),
        ("lambda", (p.lambda as f64).into()),
        ("gamma", (p.gamma as f64).into()),
        ("tau", (p.tau as f64).into()),
        ("eta", (p.eta as f64).into()),
        ("seed", (p.seed as f64).into()),
        ("regularization", reg.into()),
        ("genrePrior", p.genre_prior.into()),
        (
            "solver",
            if matches!(p.solver, Solver::Cholesky) {
                "cholesky"
            } else {
                "cg"
            }
            .into(),
        ),
        ("cgSteps", (cg_steps as f64).into()),
        ("feedback", feedback_kind(&p.feedback).into()),
    ])
    .tap_implicit(&p.feedback)
}
