//! The sampler's own settings (the model's hyperparameters are `AlsParams`,
//! used by the ALS warm start and the fold-in of new users).

use crate::error::{Error, Result};

/// Settings of a Bayesian (Gibbs-sampled) fit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BayesParams {
    /// Sweeps kept after burn-in; the model averages over them.
    pub samples: usize,
    /// Sweeps discarded first.
    pub burn_in: usize,
    /// ALS epochs run before the first sweep (0: start from the usual
    /// `N(0, 0.01²)` initial state).
    pub warm_start: usize,
}

/// Most sweeps (`samples + burn_in`) accepted.
pub const MAX_SWEEPS: usize = 100_000;

impl Default for BayesParams {
    fn default() -> Self {
        BayesParams {
            samples: 100,
            burn_in: 20,
            warm_start: 5,
        }
    }
}

impl BayesParams {
    pub fn validate(&self) -> Result<()> {
        if self.samples == 0 || self.samples > MAX_SWEEPS {
            return Err(Error::param("samples", self.samples, "1 ..= 100000"));
        }
        if self.burn_in > MAX_SWEEPS {
            return Err(Error::param("burn_in", self.burn_in, "0 ..= 100000"));
        }
        if self.warm_start > MAX_SWEEPS {
            return Err(Error::param("warm_start", self.warm_start, "0 ..= 100000"));
        }
        Ok(())
    }
}
