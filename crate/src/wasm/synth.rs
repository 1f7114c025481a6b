//! The wasm handle of a synthetic set's planted model (`synth::Synth`):
//! options in, the catalog, a ratings set or `ratings.csv` rows out.

use wasm_bindgen::prelude::*;

use super::convert::object;
use super::fields::{number, string};
use super::heap;
use super::memory::estimate_object;
use super::ratings::CoreRatings;
use crate::error::{Error, Result};
use crate::memory::MemoryPlan;
use crate::synth::{titles::GENRE_LABELS, Synth, SynthRequest, SynthSpec};

/// `{ shape, ratings, users, items, k, noise, seed }` from JS.
fn request(opts: &JsValue) -> Result<SynthRequest> {
    if !(opts.is_object() || opts.is_undefined()) {
        return Err(Error::param("options", "not an object", "an options object"));
    }
    let shape = string(opts, "shape");
    if shape.is_none() && !js_sys::Reflect::get(opts, &"shape".into()).map_or(true, |v| v.is_undefined()) {
        return Err(Error::param("shape", "not a string", "'ml-32m' or 'netflix'"));
    }
    Ok(SynthRequest {
        shape,
        ratings: number(opts, "ratings")?,
        users: number(opts, "users")?,
        items: number(opts, "items")?,
        k: number(opts, "k")?,
        noise: number(opts, "noise")?,
        seed: number(opts, "seed")?,
    })
}

/// Loading `spec`'s ratings (values on the shape's grid: one byte each),
/// then splitting and fitting them at `factors`, as a memory plan.
fn plan(spec: &SynthSpec, factors: Option<u64>, split: bool) -> MemoryPlan {
    MemoryPlan {
        ratings: spec.ratings,
        users: spec.users,
        items: spec.movies,
        factors,
        threads: rayon::current_num_threads() as u64,
        split,
        coded: true,
    }
}

/// The memory estimate of a synthetic set (see `memoryEstimate`), with
/// `synthetic: { shape, ratings, users, movies }`, what the request
/// resolves to, before generating anything.
#[wasm_bindgen(js_name = synthMemoryEstimate)]
pub fn synth_memory_estimate(opts: JsValue, factors: Option<f64>, split: bool, check: bool) -> Result<JsValue> {
    let spec = request(&opts)?.resolve()?;
    let factors = match factors {
        Some(k) if k >= 1.0 && k.fract() == 0.0 => Some(k as u64),
        Some(k) => return Err(Error::param("factors", k, "a positive integer")),
        None => None,
    };
    let e = estimate_object(&plan(&spec, factors, split), check)?;
    let size = object(&[
        ("shape", spec.shape.name.into()),
        ("ratings", (spec.ratings as f64).into()),
        ("users", (spec.users as f64).into()),
        ("movies", (spec.movies as f64).into()),
    ]);
    let _ = js_sys::Reflect::set(&e, &"synthetic".into(), &size);
    Ok(e)
}

#[wasm_bindgen]
pub struct CoreSynth {
    inner: Synth,
}

#[wasm_bindgen]
impl CoreSynth {
    /// The planted model of a request; `OUT_OF_MEMORY` before allocating
    /// when its ratings cannot fit beside what the instance holds.
    #[wasm_bindgen(constructor)]
    pub fn new(opts: JsValue) -> Result<CoreSynth> {
        let spec = request(&opts)?.resolve()?;
        plan(&spec, None, false).check(heap::limit(), heap::live())?;
        Ok(CoreSynth {
            inner: Synth::new(spec)?,
        })
    }

    #[wasm_bindgen(getter, js_name = ratingCount)]
    pub fn rating_count(&self) -> f64 {
        self.inner.spec.ratings as f64
    }
    #[wasm_bindgen(getter, js_name = userCount)]
    pub fn user_count(&self) -> usize {
        self.inner.users.ids.len()
    }
    /// Raw movie ids of the catalog, ascending.
    #[wasm_bindgen(js_name = movieIds)]
    pub fn movie_ids(&self) -> Vec<u32> {
        self.inner.catalog.movie_ids.clone()
    }
    /// Genres of movie `m`: `genres()[genreIndptr()[m]..genreIndptr()[m + 1]]`.
    #[wasm_bindgen(js_name = genreIndptr)]
    pub fn genre_indptr(&self) -> Vec<u32> {
        self.inner.catalog.genre_indptr.clone()
    }
    pub fn genres(&self) -> Vec<u16> {
        self.inner.catalog.genres.clone()
    }
    /// The genre labels, one per line.
    #[wasm_bindgen(js_name = genreLabels)]
    pub fn genre_labels(&self) -> String {
        GENRE_LABELS.join("\n")
    }
    /// The catalog's titles, one per line.
    pub fn titles(&self) -> String {
        (0..self.inner.catalog.len())
            .map(|m| self.inner.title(m))
            .collect::<Vec<_>>()
            .join("\n")
    }
    /// The ratings, generated in parallel into a ratings set.
    pub fn ratings(&self) -> Result<CoreRatings> {
        self.inner.ratings().map(CoreRatings::from)
    }
    /// Users `from..to` as `ratings.csv` lines (no header).
    #[wasm_bindgen(js_name = csvRows)]
    pub fn csv_rows(&self, from: u32, to: u32) -> Vec<u8> {
        self.inner.csv_rows(from as usize, to as usize)
    }
}
