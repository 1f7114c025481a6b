//! The streaming ratings parser (`ingest::Parser`) for JS: the worker writes
//! each chunk straight into the parser's buffer in wasm memory (`reserve`
//! gives the view, `commit` keeps the bytes), then `finish`es.

use wasm_bindgen::prelude::*;

use super::convert::object;
use super::ratings::CoreRatings;
use crate::error::{Error, Result};
use crate::ingest::{Column, Format, Header, Options, Parsed, Parser};

#[wasm_bindgen]
pub struct CoreRatingsParser {
    inner: Option<Parser>,
}

/// A column from JS: a 0-based index, a header name, or absent.
fn column(v: &JsValue, name: &'static str) -> Result<Column> {
    if v.is_undefined() || v.is_null() {
        return Ok(Column::Absent);
    }
    if let Some(s) = v.as_string() {
        return Ok(Column::Name(s));
    }
    match v.as_f64() {
        Some(x) if x >= 0.0 && x.fract() == 0.0 && x < 1e6 => Ok(Column::Index(x as usize)),
        _ => Err(Error::param(
            name,
            format!("{v:?}"),
            "a 0-based column index or a header name",
        )),
    }
}

fn closed() -> Error {
    Error::param("parser", "finished", "a parser that has not finished")
}

#[wasm_bindgen]
impl CoreRatingsParser {
    /// `header`: `'true'`, `'false'` or `'auto'`; columns are indices,
    /// header names or undefined (the value only: every line counts 1).
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        file: String,
        delimiter: &str,
        header: &str,
        user: JsValue,
        item: JsValue,
        rating: JsValue,
        strict: bool,
        min: f64,
        max: f64,
        sum_duplicates: bool,
    ) -> Result<CoreRatingsParser> {
        let header = match header {
            "true" => Header::Yes,
            "false" => Header::No,
            "auto" => Header::Auto,
            other => return Err(Error::param("header", other, "true, false or 'auto'")),
        };
        let format = Format {
            delimiter: delimiter.as_bytes().to_vec(),
            header,
            user: column(&user, "columns.user")?,
            item: column(&item, "columns.item")?,
            rating: column(&rating, "columns.rating")?,
        };
        let opts = Options {
            strict,
            min,
            max,
            sum_duplicates,
            ..Options::new(format, &file)
        };
        Ok(CoreRatingsParser {
            inner: Some(Parser::new(opts)?),
        })
    }

    /// A view of wasm memory for the next `n` bytes; fill it, then `commit`.
    /// The view lasts until the next call on this parser if the memory is
    /// shared (it never moves or detaches as it grows); otherwise only until
    /// the next allocation, so fill it at once.
    pub fn reserve(&mut self, n: usize) -> Result<js_sys::Uint8Array> {
        let slot = self.inner.as_mut().ok_or_else(closed)?.reserve(n);
        // SAFETY: the view covers the room just reserved, which nothing but
        // the caller's writes touches until the next call on this parser.
        Ok(unsafe { js_sys::Uint8Array::view_mut_raw(slot.as_mut_ptr().cast(), slot.len()) })
    }

    /// Keeps `n` bytes of the view and parses once a batch is buffered.
    pub fn commit(&mut self, n: usize) -> Result<()> {
        let parser = self.inner.as_mut().ok_or_else(closed)?;
        // SAFETY: the caller filled the view's first `n` bytes. Wasm memory
        // holds no uninitialised bytes in any case: a caller that did not
        // write them gets stale bytes parsed (and, at worst, rejected).
        unsafe { parser.commit(n) }
    }

    /// Capacity for `n` rows (predicted from the source's size).
    #[wasm_bindgen(js_name = reserveRows)]
    pub fn reserve_rows(&mut self, n: usize) {
        if let Some(p) = self.inner.as_mut() {
            p.reserve_rows(n);
        }
    }

    /// Parse once `n` bytes are buffered.
    #[wasm_bindgen(js_name = setBatchBytes)]
    pub fn set_batch_bytes(&mut self, n: usize) {
        if let Some(p) = self.inner.as_mut() {
            p.set_batch_bytes(n);
        }
    }

    /// Rows accepted so far.
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> usize {
        self.inner.as_ref().map_or(0, Parser::rows)
    }

    /// The last line and the whole-file checks; the parser is spent.
    pub fn finish(&mut self) -> Result<CoreParsedRatings> {
        let parsed = self.inner.take().ok_or_else(closed)?.finish()?;
        Ok(CoreParsedRatings { inner: Some(parsed) })
    }
}

/// A parsed file before it becomes a ratings set: rows in dense ids in
/// first-seen order, and what the parse saw.
#[wasm_bindgen]
pub struct CoreParsedRatings {
    inner: Option<Parsed>,
}

impl CoreParsedRatings {
    fn get(&self) -> Result<&Parsed> {
        self.inner.as_ref().ok_or_else(closed)
    }
}

#[wasm_bindgen]
impl CoreParsedRatings {
    #[wasm_bindgen(getter)]
    pub fn count(&self) -> usize {
        self.inner.as_ref().map_or(0, Parsed::len)
    }
    #[wasm_bindgen(getter, js_name = userCount)]
    pub fn user_count(&self) -> usize {
        self.inner.as_ref().map_or(0, |p| p.user_ids.len())
    }
    #[wasm_bindgen(getter, js_name = itemCount)]
    pub fn item_count(&self) -> usize {
        self.inner.as_ref().map_or(0, |p| p.item_ids.len())
    }
    pub fn users(&self) -> Result<Vec<u32>> {
        Ok(self.get()?.users.clone())
    }
    pub fn items(&self) -> Result<Vec<u32>> {
        Ok(self.get()?.items.clone())
    }
    pub fn ratings(&self) -> Result<Vec<f32>> {
        Ok(self.get()?.ratings.clone())
    }
    #[wasm_bindgen(js_name = userIds)]
    pub fn user_ids(&self) -> Result<Vec<u32>> {
        Ok(self.get()?.user_ids.clone())
    }
    #[wasm_bindgen(js_name = itemIds)]
    pub fn item_ids(&self) -> Result<Vec<u32>> {
        Ok(self.get()?.item_ids.clone())
    }

    /// `{ lines, bytes, blankLines, header, userGrouped, skipped: { parse, outOfScale, … } }`.
    pub fn stats(&self) -> Result<JsValue> {
        let s = self.get()?.stats;
        let skipped: Vec<(&str, JsValue)> = s.skipped.named().iter().map(|&(k, v)| (k, (v as f64).into())).collect();
        Ok(object(&[
            ("lines", (s.lines as f64).into()),
            ("bytes", (s.bytes as f64).into()),
            ("blankLines", (s.blank_lines as f64).into()),
            ("header", s.header.into()),
            ("userGrouped", s.user_grouped.into()),
            ("skipped", object(&skipped)),
        ]))
    }

    /// The ratings set (renumbered by popularity, `data::order`); spends this.
    #[wasm_bindgen(js_name = intoRatings)]
    pub fn into_ratings(&mut self) -> Result<CoreRatings> {
        let parsed = self.inner.take().ok_or_else(closed)?;
        parsed.into_ratings().map(CoreRatings::from)
    }
}
