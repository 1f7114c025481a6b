//! Fields of plain JS option objects (camelCase keys), read with the
//! core's errors: absent or undefined is `None`, a wrong type is
//! `INVALID_PARAM` naming the key.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::error::{Error, Result};

/// Field `key` of `obj` as a number, or None when absent/undefined.
pub(super) fn number(obj: &JsValue, key: &'static str) -> Result<Option<f64>> {
    let v = Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_f64()
        .map(Some)
        .ok_or_else(|| Error::param(key, format!("{v:?}"), "a number"))
}

pub(super) fn integer(obj: &JsValue, key: &'static str) -> Result<Option<u64>> {
    match number(obj, key)? {
        Some(x) if x >= 0.0 && x.fract() == 0.0 && x <= 2f64.powi(53) => Ok(Some(x as u64)),
        Some(x) => Err(Error::param(key, x, "a non-negative integer")),
        None => Ok(None),
    }
}

pub(super) fn string(obj: &JsValue, key: &'static str) -> Option<String> {
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}
