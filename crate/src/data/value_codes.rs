//! One-byte coding of rating values: each value becomes its index among
//! the set's distinct values (sorted by bit pattern), when there are at
//! most `CODES` of them. One pass over the values codes each block against
//! the block's own small table (a hash of bit patterns, first seen first);
//! the blocks' tables are then merged and each block's codes renamed to the
//! merged table's in a pass over the bytes.

use rayon::prelude::*;

/// Distinct values a one-byte code can name.
pub const CODES: usize = 256;

/// Values per block: the parallel grain, and the span of a block's table.
const BLOCK: usize = 1 << 16;
/// Slots of a block's hash table: a quarter full at most.
const SLOTS: usize = 4 * CODES;

/// `values` as codes into their sorted distinct bit patterns, with the
/// decoding table; `None` past `CODES` distinct values.
pub(super) fn code_values(values: &[f32]) -> Option<(Vec<u8>, Box<[f32; CODES]>)> {
    let mut codes = vec![0u8; values.len()];
    let locals: Vec<Vec<u32>> = values
        .par_chunks(BLOCK)
        .zip(codes.par_chunks_mut(BLOCK))
        .map(|(v, c)| block_codes(v, c))
        .collect::<Option<_>>()?;
    let mut table: Vec<u32> = locals.concat();
    table.sort_unstable();
    table.dedup();
    if table.len() > CODES {
        return None;
    }
    codes.par_chunks_mut(BLOCK).zip(&locals).for_each(|(c, local)| {
        let mut rename = [0u8; CODES];
        for (r, bits) in rename.iter_mut().zip(local) {
            *r = table.binary_search(bits).expect("every block's value is in the table") as u8;
        }
        if rename
            .iter()
            .take(local.len())
            .enumerate()
            .any(|(l, &g)| l != g as usize)
        {
            c.iter_mut().for_each(|x| *x = rename[*x as usize]);
        }
    });
    Some((codes, decode_table(&table)))
}

/// Codes of one block into its own table (returned: the bit pattern of
/// each code, first seen first); `None` past `CODES` distinct values. The
/// last value is checked first (ratings repeat in runs).
fn block_codes(values: &[f32], codes: &mut [u8]) -> Option<Vec<u32>> {
    let mut seen: Vec<u32> = Vec::new();
    let mut slots = [0u16; SLOTS]; // code + 1 of the pattern hashed here; 0: empty
    let mut last: Option<(u32, u8)> = None;
    for (v, c) in values.iter().zip(codes.iter_mut()) {
        let bits = v.to_bits();
        if let Some((b, code)) = last {
            if b == bits {
                *c = code;
                continue;
            }
        }
        let mut h = (bits.wrapping_mul(0x9E37_79B1) >> (32 - SLOTS.trailing_zeros())) as usize;
        let code = loop {
            match slots[h] {
                0 => {
                    if seen.len() == CODES {
                        return None;
                    }
                    seen.push(bits);
                    slots[h] = seen.len() as u16;
                    break seen.len() - 1;
                }
                s if seen[s as usize - 1] == bits => break s as usize - 1,
                _ => h = (h + 1) % SLOTS,
            }
        };
        *c = code as u8;
        last = Some((bits, code as u8));
    }
    Some(seen)
}

fn decode_table(bits: &[u32]) -> Box<[f32; CODES]> {
    let mut t = Box::new([0.0f32; CODES]);
    for (slot, &b) in t.iter_mut().zip(bits) {
        *slot = f32::from_bits(b);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_sorted_patterns_across_blocks() {
        // Blocks that meet the values in different orders, and -0.0 beside 0.0.
        let v: Vec<f32> = (0..3 * BLOCK as u32 + 7)
            .map(|e| match e as usize / BLOCK {
                0 => 0.5 * (1 + e % 10) as f32,
                1 => 0.5 * (10 - e % 10) as f32,
                _ => [-0.0, 0.0, 2.5][e as usize % 3],
            })
            .collect();
        let (codes, table) = code_values(&v).unwrap();
        let mut want: Vec<u32> = v.iter().map(|x| x.to_bits()).collect();
        want.sort_unstable();
        want.dedup();
        for (x, &c) in v.iter().zip(&codes) {
            assert_eq!(want[c as usize], x.to_bits());
            assert_eq!(table[c as usize].to_bits(), x.to_bits());
        }
    }

    #[test]
    fn more_than_256_patterns_have_no_code() {
        let split: Vec<f32> = (0..2 * BLOCK).map(|e| (e % 200 + 300 * (e / BLOCK)) as f32).collect();
        assert!(code_values(&split).is_none()); // 200 per block, 400 in all
        let one: Vec<f32> = (0..300).map(|e| e as f32).collect();
        assert!(code_values(&one).is_none());
        assert_eq!(code_values(&[]).map(|(c, _)| c.len()), Some(0));
    }
}
