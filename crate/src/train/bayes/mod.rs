//! Bayesian ALS: Gibbs sampling of the model ALS fits (biases, factors and
//! the genre prior), with conjugate hyperpriors on the precisions as in
//! Bayesian PMF (Salakhutdinov and Mnih, ICML 2008). See docs/bayes.md.
//!
//! - `params`: the sampler's settings; `gamma`: Gamma draws;
//! - `hyper`: the precisions and their updates;
//! - `draw`: one row's draw on ALS's gather and Cholesky kernels;
//! - `genre`: the genre embeddings' exact draw;
//! - `moments`: running sums of the kept samples;
//! - `fold_in`: a new user's posterior under a Bayesian model;
//! - `sampler`: the chain; `fit`: the sweep loop.

mod draw;
mod fit;
mod fold_in;
mod gamma;
mod genre;
mod hyper;
mod moments;
mod params;
mod sampler;

pub use fit::fit_bayes;
pub(crate) use fold_in::fold_in_posterior;
pub use params::{BayesParams, MAX_SWEEPS};
pub use sampler::Sampler;
