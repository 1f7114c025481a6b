//! The one error type of the core. Every variant carries the fields a caller
//! needs to act on it; `code()` is a stable string the JS side exposes.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// A parameter outside its domain, e.g. `K = 0` or a negative `tau`.
    InvalidParam {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
    /// Array arguments whose lengths disagree.
    LengthMismatch {
        what: &'static str,
        expected: usize,
        actual: usize,
    },
    /// A rating that is not a finite number, or outside the accepted scale.
    InvalidRating { index: usize, value: f32 },
    /// An index pointing past the end of the table it refers to.
    IndexOutOfRange {
        what: &'static str,
        index: usize,
        len: usize,
    },
    /// An external id that the model has never seen.
    UnknownId { kind: &'static str, id: u64 },
    /// NaN or infinity appeared in a model during training.
    NonFinite {
        stage: &'static str,
        epoch: usize,
        index: usize,
    },
    /// A normal matrix that Cholesky could not factor even with jitter.
    SolveFailed { side: &'static str, index: usize },
    /// More data than the address space (wasm32: 4 GiB) or the index type holds.
    Capacity {
        what: &'static str,
        needed: u64,
        limit: u64,
    },
    /// A load or fit whose memory estimate (`memory::MemoryPlan`) exceeds
    /// the limit; `max_ratings` is the largest set that fits at this K.
    OutOfMemory {
        ratings: u64,
        factors: Option<u64>,
        needed: u64,
        limit: u64,
        max_ratings: u64,
    },
    /// Training stopped by the caller between epochs.
    Cancelled,
    /// A model file that cannot be read.
    Format { reason: String },
    /// A ratings file that cannot be read (its own code, file and line).
    Ingest(Box<crate::ingest::IngestFailure>),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Stable machine-readable code, e.g. `"INVALID_PARAM"`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidParam { .. } => "INVALID_PARAM",
            Error::LengthMismatch { .. } => "LENGTH_MISMATCH",
            Error::InvalidRating { .. } => "INVALID_RATING",
            Error::IndexOutOfRange { .. } => "INDEX_OUT_OF_RANGE",
            Error::UnknownId { .. } => "UNKNOWN_ID",
            Error::NonFinite { .. } => "NON_FINITE",
            Error::SolveFailed { .. } => "SOLVE_FAILED",
            Error::Capacity { .. } => "CAPACITY",
            Error::OutOfMemory { .. } => "OUT_OF_MEMORY",
            Error::Cancelled => "CANCELLED",
            Error::Format { .. } => "FORMAT",
            Error::Ingest(f) => f.code,
        }
    }

    pub(crate) fn param(name: &'static str, value: impl fmt::Display, expected: &'static str) -> Self {
        Error::InvalidParam {
            name,
            value: value.to_string(),
            expected,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidParam { name, value, expected } => {
                write!(f, "invalid parameter {name} = {value}: expected {expected}")
            }
            Error::LengthMismatch { what, expected, actual } => {
                write!(f, "length mismatch for {what}: expected {expected}, got {actual}")
            }
            Error::InvalidRating { index, value } => {
                write!(f, "rating #{index} is {value}: ratings must be finite numbers")
            }
            Error::IndexOutOfRange { what, index, len } => {
                write!(f, "{what} index {index} is out of range (0..{len})")
            }
            Error::UnknownId { kind, id } => write!(f, "unknown {kind} {id}"),
            Error::NonFinite { stage, epoch, index } => write!(
                f,
                "non-finite value in {stage} at epoch {epoch}, row {index}: raise tau or gamma, or check the ratings"
            ),
            Error::SolveFailed { side, index } => write!(
                f,
                "Cholesky failed for {side} {index}: the normal matrix is not positive definite; raise tau (or lambda)"
            ),
            Error::Capacity { what, needed, limit } => {
                write!(f, "{what} needs {needed}, more than the limit {limit}")
            }
            Error::OutOfMemory {
                ratings,
                factors,
                needed,
                limit,
                max_ratings,
            } => {
                let at = factors.map_or(String::new(), |k| format!(" at K={k}"));
                write!(
                    f,
                    "{ratings} ratings{at} need an estimated {} of memory, more than the {} a WebAssembly instance can use; at most {max_ratings} ratings fit{at}",
                    gib(*needed),
                    gib(*limit)
                )
            }
            Error::Cancelled => write!(f, "cancelled"),
            Error::Format { reason } => write!(f, "invalid model file: {reason}"),
            Error::Ingest(failure) => write!(f, "{failure}"),
        }
    }
}

impl std::error::Error for Error {}

/// Bytes for people: GiB with two decimals from 1 GiB, else whole MiB.
fn gib(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{:.2} GiB", bytes as f64 / (1u64 << 30) as f64)
    } else {
        format!("{} MiB", bytes.div_ceil(1 << 20))
    }
}
