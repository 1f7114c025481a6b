//! The one conversion of core errors into JS: an `Error` named `AlsError`
//! with a stable `code` and a `details` object of the variant's fields.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::error::Error;

fn set(obj: &Object, key: &str, value: JsValue) {
    // Reflect::set on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value);
}

fn details(e: &Error) -> Object {
    let d = Object::new();
    let num = |v: usize| JsValue::from_f64(v as f64);
    match e {
        Error::InvalidParam { name, value, expected } => {
            set(&d, "name", (*name).into());
            set(&d, "value", value.as_str().into());
            set(&d, "expected", (*expected).into());
        }
        Error::LengthMismatch { what, expected, actual } => {
            set(&d, "what", (*what).into());
            set(&d, "expected", num(*expected));
            set(&d, "actual", num(*actual));
        }
        Error::InvalidRating { index, value } => {
            set(&d, "index", num(*index));
            set(&d, "value", JsValue::from_f64(*value as f64));
        }
        Error::IndexOutOfRange { what, index, len } => {
            set(&d, "what", (*what).into());
            set(&d, "index", num(*index));
            set(&d, "len", num(*len));
        }
        Error::UnknownId { kind, id } => {
            set(&d, "kind", (*kind).into());
            set(&d, "id", JsValue::from_f64(*id as f64));
        }
        Error::NonFinite { stage, epoch, index } => {
            set(&d, "stage", (*stage).into());
            set(&d, "epoch", num(*epoch));
            set(&d, "index", num(*index));
        }
        Error::SolveFailed { side, index } => {
            set(&d, "side", (*side).into());
            set(&d, "index", num(*index));
        }
        Error::Capacity { what, needed, limit } => {
            set(&d, "what", (*what).into());
            set(&d, "needed", JsValue::from_f64(*needed as f64));
            set(&d, "limit", JsValue::from_f64(*limit as f64));
        }
        Error::OutOfMemory {
            ratings,
            factors,
            needed,
            limit,
            max_ratings,
        } => {
            set(&d, "ratings", JsValue::from_f64(*ratings as f64));
            set(
                &d,
                "factors",
                factors.map_or(JsValue::NULL, |k| JsValue::from_f64(k as f64)),
            );
            set(&d, "estimateBytes", JsValue::from_f64(*needed as f64));
            set(&d, "limitBytes", JsValue::from_f64(*limit as f64));
            set(&d, "maxRatings", JsValue::from_f64(*max_ratings as f64));
        }
        Error::Cancelled => {}
        Error::Format { reason } => set(&d, "reason", reason.as_str().into()),
        Error::Ingest(f) => ingest_details(&d, f),
    }
    d
}

/// The fields of the TypeScript `IngestErrorDetails`, plus the bare `reason`.
fn ingest_details(d: &Object, f: &crate::ingest::IngestFailure) {
    let num = |v: f64| JsValue::from_f64(v);
    set(d, "file", f.file.as_str().into());
    set(d, "reason", f.reason.as_str().into());
    let optional: [(&str, Option<JsValue>); 7] = [
        ("line", f.line.map(|v| num(v as f64))),
        ("text", f.text.as_deref().map(JsValue::from_str)),
        ("column", f.column.map(|v| num(v as f64))),
        ("value", f.value.as_deref().map(JsValue::from_str)),
        ("firstLine", f.first_line.map(|v| num(v as f64))),
        ("compression", f.compression.map(JsValue::from_str)),
        ("maxLineBytes", f.max_line_bytes.map(|v| num(v as f64))),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            set(d, key, v);
        }
    }
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let err = js_sys::Error::new(&e.to_string());
        err.set_name("AlsError");
        set(&err, "code", e.code().into());
        set(&err, "details", details(&e).into());
        err.into()
    }
}
