//! Integrity from JS: suspicious users and items of a trained model, and
//! the measured injection experiment. Raw ids in and out; the math is
//! `crate::integrity`.

use js_sys::{Array, Float32Array, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;

use super::convert::{object, params};
use super::model::CoreModel;
use super::ratings::CoreRatings;
use crate::data::ids::IdMap;
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::integrity::{
    detect, explain_user, run_experiment, Attack, DetectOptions, Detector, ExperimentOptions, ExperimentResult,
    InjectOptions, IntegrityReport, Intent, UserExplanation,
};

fn num(obj: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(obj, &JsValue::from_str(key)).ok().and_then(|v| v.as_f64())
}

fn text(obj: &JsValue, key: &str) -> Option<String> {
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

fn detect_options(o: &JsValue) -> DetectOptions {
    let d = DetectOptions::default();
    DetectOptions {
        two_taste_iters: num(o, "twoTasteIters").map_or(d.two_taste_iters, |x| x as usize),
        suspicious_score: num(o, "suspiciousScore").map_or(d.suspicious_score, |x| x as f32),
        low_history: num(o, "lowHistory").map_or(d.low_history, |x| x as u32),
    }
}

/// Suspicious users (both detectors) and items of a model trained in this
/// session: `{ userIds, shilling, shared, topShilling, topShared, items }`.
#[wasm_bindgen(js_name = integrityReport)]
pub fn integrity_report(model: &CoreModel, opts: JsValue) -> Result<JsValue> {
    let train = model.train.as_ref().ok_or_else(|| {
        Error::param(
            "model",
            "loaded",
            "a model trained in this session (it keeps its training ratings)",
        )
    })?;
    let o = detect_options(&opts);
    let report = detect(&model.model, train, &o)?;
    let (top, n) = (
        num(&opts, "top").unwrap_or(20.0) as usize,
        num(&opts, "explain").unwrap_or(5.0) as usize,
    );
    let list = |d| top_list(model, train, &report, d, top, n, o.two_taste_iters);
    Ok(object(&[
        ("userIds", Uint32Array::from(model.users.raw_ids()).into()),
        ("shilling", Float32Array::from(&report.shilling[..]).into()),
        ("shared", Float32Array::from(&report.shared[..]).into()),
        ("topShilling", list(Detector::Shilling)?),
        ("topShared", list(Detector::Shared)?),
        ("items", items_to_js(&report, &model.users, &model.items, top)),
    ]))
}

fn top_list(
    m: &CoreModel,
    train: &Dataset,
    r: &IntegrityReport,
    d: Detector,
    top: usize,
    n: usize,
    iters: usize,
) -> Result<JsValue> {
    let out = Array::new();
    for u in r
        .ranking(d)
        .into_iter()
        .take(top)
        .filter(|&u| r.stats[u as usize].n > 0)
    {
        out.push(&explanation_to_js(
            &explain_user(&m.model, train, r, u, d, n, iters)?,
            &m.users,
            &m.items,
        ));
    }
    Ok(out.into())
}

fn explanation_to_js(e: &UserExplanation, users: &IdMap, items: &IdMap) -> JsValue {
    let raw = |v: &[u32]| Uint32Array::from(&v.iter().map(|&i| items.raw(i)).collect::<Vec<_>>()[..]).into();
    let col = |f: &dyn Fn(&crate::integrity::RatingContribution) -> f32| {
        Float32Array::from(&e.ratings.iter().map(f).collect::<Vec<_>>()[..]).into()
    };
    let ratings = object(&[
        ("movieIds", raw(&e.ratings.iter().map(|c| c.item).collect::<Vec<_>>())),
        ("ratings", col(&|c| c.rating)),
        ("predicted", col(&|c| c.predicted)),
        ("itemMeans", col(&|c| c.item_mean)),
        ("itemCounts", col(&|c| c.item_count as f32)),
        ("weights", col(&|c| c.weight)),
    ]);
    let s = &e.stats;
    let stats = object(&[
        ("count", (s.n as f64).into()),
        ("residualMean", (s.residual_mean as f64).into()),
        ("residualVar", (s.residual_var as f64).into()),
        ("residualMad", (s.residual_mad as f64).into()),
        ("extremeFraction", (s.extreme_frac as f64).into()),
        ("ratingVar", (s.rating_var as f64).into()),
        ("ratingEntropy", (s.rating_entropy as f64).into()),
        ("itemMeanDeviation", (s.item_mean_dev as f64).into()),
        ("rdma", (s.rdma as f64).into()),
        ("popularity", (s.popularity as f64).into()),
        ("twoTasteGain", (e.two_taste.gain as f64).into()),
        ("tasteCoherence", (e.two_taste.coherence as f64).into()),
        ("itemCommunity", (e.community.lambda2 as f64).into()),
    ]);
    let tastes = e.tastes.as_ref().map_or(JsValue::NULL, |t| {
        t.iter()
            .map(|t| {
                object(&[
                    ("size", (t.size as f64).into()),
                    ("meanRating", (t.mean_rating as f64).into()),
                    ("topMovieIds", raw(&t.top_items)),
                    ("bottomMovieIds", raw(&t.bottom_items)),
                ])
            })
            .collect::<Array>()
            .into()
    });
    object(&[
        ("userId", (users.raw(e.user) as f64).into()),
        ("score", (e.score as f64).into()),
        ("stats", stats),
        ("ratings", ratings),
        ("tastes", tastes),
    ])
}

fn items_to_js(r: &IntegrityReport, users: &IdMap, items: &IdMap, top: usize) -> JsValue {
    r.items
        .iter()
        .take(top)
        .map(|a| {
            let who: Vec<u32> = a.users.iter().map(|&u| users.raw(u)).collect();
            object(&[
                ("movieId", (items.raw(a.item) as f64).into()),
                ("count", (a.count as f64).into()),
                ("suspiciousExtreme", (a.suspicious_extreme as f64).into()),
                ("z", (a.z as f64).into()),
                ("direction", (a.direction as f64).into()),
                ("userIds", Uint32Array::from(&who[..]).into()),
            ])
        })
        .collect::<Array>()
        .into()
}

fn inject_options(o: &JsValue, items: &IdMap) -> Result<InjectOptions> {
    let attack = match text(o, "inject").as_deref() {
        Some("random") => Attack::Random,
        Some("average") => Attack::Average,
        Some("bandwagon") => Attack::Bandwagon,
        Some("segment") => Attack::Segment,
        Some("shared") => Attack::Shared,
        other => {
            return Err(Error::param(
                "inject",
                format!("{other:?}"),
                "'random', 'average', 'bandwagon', 'segment' or 'shared'",
            ))
        }
    };
    let mut io = InjectOptions::new(
        attack,
        num(o, "attackSize").unwrap_or(0.03),
        num(o, "filler").unwrap_or(0.05),
        num(o, "seed").unwrap_or(1.0) as u64,
    );
    io.intent = if text(o, "intent").as_deref() == Some("nuke") {
        Intent::Nuke
    } else {
        Intent::Push
    };
    io.target = num(o, "target").map(|t| items.dense("movieId", t as u32)).transpose()?;
    io.selected = num(o, "selected").map_or(io.selected, |x| x as usize);
    Ok(io)
}

/// Fit, inject, refit, detect and measure (see `crate::integrity::experiment`).
#[wasm_bindgen(js_name = integrityExperiment)]
pub fn integrity_experiment(ratings: &CoreRatings, params_obj: JsValue, opts: JsValue) -> Result<JsValue> {
    let data = ratings.layout();
    let eo = ExperimentOptions {
        inject: inject_options(&opts, &ratings.items)?,
        params: params(&params_obj)?,
        detect: detect_options(&opts),
    };
    Ok(experiment_to_js(&run_experiment(&data, &eo)?, &ratings.items))
}

fn experiment_to_js(r: &ExperimentResult, items: &IdMap) -> JsValue {
    let shift = r.shift.map_or(JsValue::NULL, |s| {
        object(&[
            ("before", s.before.into()),
            ("after", s.after.into()),
            ("afterRemoval", s.after_removal.into()),
            ("users", (s.users as f64).into()),
        ])
    });
    let opt = |v: Option<f64>| v.map_or(JsValue::NULL, JsValue::from_f64);
    object(&[
        (
            "detector",
            if r.detector == Detector::Shared {
                "shared"
            } else {
                "shilling"
            }
            .into(),
        ),
        ("auc", r.auc.into()),
        ("precisionAtK", r.precision_at_k.into()),
        ("recallAtK", r.recall_at_k.into()),
        ("k", (r.k as f64).into()),
        ("users", (r.injected.n_users as f64).into()),
        ("targetMovieId", opt(r.injected.target.map(|t| items.raw(t) as f64))),
        ("targetItemRank", opt(r.target_item_rank.map(|x| x as f64))),
        ("shift", shift),
    ])
}
