//! Little-endian byte writing and bounds-checked reading for the model
//! file, and the CRC-32 that protects it. The reader never panics: every
//! read checks the bytes left, and sizes are multiplied with overflow checks
//! before anything is allocated, so a hostile length cannot ask for more
//! memory than the file itself holds.

use crate::error::{Error, Result};

/// A `Format` error with `reason`.
pub(crate) fn bad(reason: impl Into<String>) -> Error {
    Error::Format { reason: reason.into() }
}

/// CRC-32 as in zlib, PNG and gzip (IEEE 802.3 polynomial, reflected,
/// `0xEDB88320`, initial value and final xor `0xFFFFFFFF`); detects every
/// single-bit and burst-≤32 error. `crc32(b"123456789") == 0xCBF43926`.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in bytes {
        c = CRC_TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

const CRC_TABLE: [u32; 256] = crc_table();

const fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut bit = 0;
        while bit < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            bit += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

/// Appends little-endian values.
#[derive(Default)]
pub(crate) struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u32s(&mut self, v: &[u32]) {
        self.buf.reserve(v.len() * 4);
        v.iter().for_each(|&x| self.u32(x));
    }
    pub fn f32s(&mut self, v: &[f32]) {
        self.buf.reserve(v.len() * 4);
        v.iter().for_each(|&x| self.f32(x));
    }
}

/// Reads little-endian values from a slice; `what` names the section in errors.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], what: &'static str) -> Self {
        Reader { bytes, pos: 0, what }
    }

    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(bad(format!(
                "{} ends early: needs {n} more bytes at offset {}, has {}",
                self.what,
                self.pos,
                self.remaining()
            )));
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Result<u32> {
        self.array().map(u32::from_le_bytes)
    }
    pub fn u64(&mut self) -> Result<u64> {
        self.array().map(u64::from_le_bytes)
    }
    pub fn f32(&mut self) -> Result<f32> {
        self.array().map(f32::from_le_bytes)
    }
    /// `n` u32 values (the bytes are checked before allocating).
    pub fn u32s(&mut self, n: usize) -> Result<Vec<u32>> {
        let raw = self.take(words(n, self.what)?)?;
        Ok(raw
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    pub fn f32s(&mut self, n: usize) -> Result<Vec<f32>> {
        let raw = self.take(words(n, self.what)?)?;
        Ok(raw
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

/// `4 n` bytes, or a Format error if that overflows.
fn words(n: usize, what: &str) -> Result<usize> {
    n.checked_mul(4).ok_or_else(|| bad(format!("{what}: size overflows")))
}

/// `a * b`, or a Format error naming `what`.
pub(crate) fn mul(a: usize, b: usize, what: &str) -> Result<usize> {
    a.checked_mul(b).ok_or_else(|| bad(format!("{what}: size overflows")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn reader_checks_bounds() {
        let mut w = Writer::default();
        w.u32(7);
        w.f32s(&[1.5, -2.0]);
        let mut r = Reader::new(&w.buf, "test");
        assert_eq!(r.u32(), Ok(7));
        assert_eq!(r.f32s(2), Ok(vec![1.5, -2.0]));
        assert_eq!(r.u8().unwrap_err().code(), "FORMAT");
        assert_eq!(Reader::new(&[0; 8], "x").u32s(usize::MAX).unwrap_err().code(), "FORMAT");
    }
}
