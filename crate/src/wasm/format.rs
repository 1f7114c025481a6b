//! Model files and raw model arrays across the JS boundary: `save`,
//! `loadModel` (the binary format of `crate::format`) and `modelFromParts`
//! (a model rebuilt from plain arrays, e.g. NPY files written by Python).

use std::rc::Rc;

use js_sys::{Array, Float32Array, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{object, params};
use super::model::CoreModel;
use super::ratings::CoreRatings;
use crate::data::ids::IdMap;
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::factors::Factors;
use crate::format::{self, ModelFileRef};
use crate::model::{Model, ModelParts};

#[wasm_bindgen]
impl CoreModel {
    /// The model as a model file (training ratings included when held).
    /// Genre labels stored with the model win over `genreLabels`.
    pub fn save(&self, genre_labels: Vec<String>) -> Vec<u8> {
        let labels = if self.genre_labels.is_empty() {
            &genre_labels
        } else {
            &self.genre_labels
        };
        format::save(&ModelFileRef {
            model: &self.model,
            user_ids: self.users.raw_ids(),
            item_ids: self.items.raw_ids(),
            genre_labels: labels,
            train: self.train.as_deref(),
            provenance: self.provenance.as_ref(),
        })
    }

    /// Labels of the genre embeddings read from a model file (else empty).
    #[wasm_bindgen(js_name = genreLabels)]
    pub fn genre_labels(&self) -> Array {
        self.genre_labels.iter().map(|s| JsValue::from_str(s)).collect()
    }

    /// Make `ratings` (matched by raw id; pairs with an unknown user or
    /// movie dropped) this model's training ratings and counts, for a model
    /// rebuilt from parts: `{ kept, dropped }`.
    #[wasm_bindgen(js_name = attachRatings)]
    pub fn attach_ratings(&mut self, ratings: &CoreRatings) -> Result<JsValue> {
        let (coo, dropped) = ratings.reindex_like_ids(&self.users, &self.items);
        let train = Dataset::from_coo(self.users.len(), self.items.len(), coo.view())?;
        self.model.set_counts_from(&train)?;
        let kept = train.nnz();
        self.train = Some(Rc::new(train));
        Ok(object(&[
            ("kept", (kept as f64).into()),
            ("dropped", (dropped as f64).into()),
        ]))
    }
}

/// Read a model file written by `CoreModel.save`; FORMAT errors name the problem.
#[wasm_bindgen(js_name = loadModel)]
pub fn load_model(bytes: &[u8]) -> Result<CoreModel> {
    let f = format::load(bytes)?;
    let mut m = CoreModel::new(f.model, Rc::new(f.users), Rc::new(f.items), f.train.map(Rc::new));
    m.genre_labels = f.genre_labels;
    m.provenance = f.provenance;
    Ok(m)
}

/// A model from plain arrays: `{ params, mu, userIds, itemIds, userBiases,
/// itemBiases, userFactors, itemFactors, userCounts?, itemCounts? }`
/// (typed arrays; factors row-major, `k = params.factors` columns). It has
/// no training ratings; absent counts are 0.
#[wasm_bindgen(js_name = modelFromParts)]
pub fn model_from_parts(parts: JsValue) -> Result<CoreModel> {
    let p = params(&field(&parts, "params")?)?;
    let users = IdMap::from_raw("userId", u32s(&parts, "userIds")?.unwrap_or_default())?;
    let items = IdMap::from_raw("movieId", u32s(&parts, "itemIds")?.unwrap_or_default())?;
    let model = Model::from_parts(model_parts(&parts, p, users.len(), items.len())?)?;
    Ok(CoreModel::new(model, Rc::new(users), Rc::new(items), None))
}

fn model_parts(parts: &JsValue, params: crate::params::AlsParams, nu: usize, ni: usize) -> Result<ModelParts> {
    let k = params.k;
    let mu = field(parts, "mu")?
        .as_f64()
        .ok_or_else(|| Error::param("mu", "not a number", "a number"))? as f32;
    let factors = |key: &'static str, rows: usize| -> Result<Factors> {
        let v = exact(f32s(parts, key)?.unwrap_or_default(), rows.saturating_mul(k), key)?;
        if k == 0 {
            Ok(Factors::zeros(rows, 0))
        } else {
            Factors::from_dense(k, &v)
        }
    };
    Ok(ModelParts {
        mu,
        user_bias: exact(f32s(parts, "userBiases")?.unwrap_or_default(), nu, "userBiases")?,
        item_bias: exact(f32s(parts, "itemBiases")?.unwrap_or_default(), ni, "itemBiases")?,
        p: factors("userFactors", nu)?,
        q: factors("itemFactors", ni)?,
        genre: None,
        user_counts: u32s(parts, "userCounts")?.unwrap_or_else(|| vec![0; nu]),
        item_counts: u32s(parts, "itemCounts")?.unwrap_or_else(|| vec![0; ni]),
        params,
    })
}

/// `v` if it has `len` values, else LENGTH_MISMATCH naming `what`.
fn exact(v: Vec<f32>, len: usize, what: &'static str) -> Result<Vec<f32>> {
    if v.len() == len {
        Ok(v)
    } else {
        Err(Error::LengthMismatch {
            what,
            expected: len,
            actual: v.len(),
        })
    }
}

fn field(obj: &JsValue, key: &'static str) -> Result<JsValue> {
    Reflect::get(obj, &JsValue::from_str(key)).map_err(|_| Error::param(key, "missing", "a field of the parts object"))
}

/// Field `key` as a `Float32Array` copy (None if absent).
fn f32s(obj: &JsValue, key: &'static str) -> Result<Option<Vec<f32>>> {
    let v = field(obj, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<Float32Array>()
        .map(|a| Some(a.to_vec()))
        .map_err(|_| Error::param(key, "not a Float32Array", "a Float32Array"))
}

/// Field `key` as a `Uint32Array` copy (None if absent).
fn u32s(obj: &JsValue, key: &'static str) -> Result<Option<Vec<u32>>> {
    let v = field(obj, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<Uint32Array>()
        .map(|a| Some(a.to_vec()))
        .map_err(|_| Error::param(key, "not a Uint32Array", "a Uint32Array"))
}
