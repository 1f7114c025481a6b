//! Gamma draws for the conjugate precision updates (Marsaglia and Tsang
//! 2000), from the core's SplitMix64 streams.

use crate::rng::SplitMix64;

/// A draw from `Gamma(shape, rate)` (mean `shape / rate`), `shape > 0`.
pub fn gamma(rng: &mut SplitMix64, shape: f64, rate: f64) -> f64 {
    if shape < 1.0 {
        // Gamma(a) = Gamma(a + 1) · U^(1/a).
        let u = 1.0 - rng.next_f64();
        return gamma(rng, shape + 1.0, rate) * u.powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = rng.normal();
        let v = (1.0 + c * x).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u = 1.0 - rng.next_f64();
        if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return d * v / rate;
        }
    }
}

/// The conjugate update of a precision with a `Gamma(A0, B0)` prior, given
/// `n` zero-mean normal terms whose squares sum to `ss`.
pub fn precision(rng: &mut SplitMix64, n: f64, ss: f64) -> f64 {
    gamma(rng, HYPER_SHAPE + n / 2.0, HYPER_RATE + ss / 2.0)
}

/// `Gamma(1, 1)` hyperprior on every precision: vague next to thousands of
/// terms, and proper, so a factor the data do not support shrinks instead of
/// making the posterior improper.
pub const HYPER_SHAPE: f64 = 1.0;
pub const HYPER_RATE: f64 = 1.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_match() {
        for (shape, rate) in [(0.5, 1.0), (3.0, 2.0), (500.0, 40.0)] {
            let mut r = SplitMix64::new(7);
            let n = 50_000;
            let xs: Vec<f64> = (0..n).map(|_| gamma(&mut r, shape, rate)).collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
            let (m, v) = (shape / rate, shape / (rate * rate));
            assert!((mean - m).abs() < 0.03 * m, "mean {mean} vs {m}");
            assert!((var - v).abs() < 0.08 * v, "var {var} vs {v}");
        }
    }
}
