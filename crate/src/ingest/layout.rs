//! Where a line's fields are and where it ends: what every line reader
//! (`lines`, `plain_line`) and the batching around them (`parser`,
//! `pipeline`, `rows`) share.

/// The longest line a ratings file may have. MovieLens lines are under 64
/// bytes; the bound keeps a source without line breaks (`/dev/zero`, a
/// binary) from growing the carried line without end.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Where the fields are, once the header (if any) is read.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    pub d0: u8,
    pub d1: Option<u8>,
    /// Field index of user, item and value (`None`: every line counts 1).
    pub user: usize,
    pub item: usize,
    pub rating: Option<usize>,
    pub min: f64,
    pub max: f64,
}

impl Layout {
    /// Fields a line needs.
    pub fn need(&self) -> usize {
        self.user.max(self.item).max(self.rating.unwrap_or(0)) + 1
    }
}

/// Offset of the first `\n` (the caller guarantees one).
#[inline]
pub fn memchr_nl(b: &[u8]) -> usize {
    b.iter().position(|&c| c == b'\n').unwrap_or(b.len())
}
