//! Two parts of a split merged back without new storage: the train part of
//! an in-place split made to be merged back keeps the capacity of the set
//! it came from (`parts::partition` with room), so the other part's entries
//! fit back into its vectors. Rows are merged from the last entry
//! down, so no entry is overwritten before it is read, and each row comes
//! out as the set's build made it: by column, ties by input position.
//! A set used again after its split (e.g. `fitEarlyStopped`'s final fit on
//! the whole training set) then needs only its item side rebuilt, where a
//! merge into new vectors held both copies of the user side at once.

use crate::data::csr::{Csr, Values};

/// One side of a merge: a user side and its entries' input positions.
pub(crate) struct Rows {
    pub csr: Csr,
    pub order: Vec<u32>,
}

/// `a` and `b` merged into whichever has room for both (`Err` gives them
/// back when neither has, or their values are stored differently).
pub(crate) fn merge_in_place(a: Rows, b: Rows) -> Result<Rows, Box<(Rows, Rows)>> {
    let total = a.order.len() + b.order.len();
    let (mut big, small) = if has_room(&a, total) {
        (a, b)
    } else if has_room(&b, total) {
        (b, a)
    } else {
        return Err(Box::new((a, b)));
    };
    if big.csr.rows() != small.csr.rows() || !same_representation(&big.csr.values, &small.csr.values) {
        return Err(Box::new((big, small)));
    }
    let old = big.csr.indptr.clone();
    big.csr.indices.resize(total, 0);
    big.order.resize(total, 0);
    let from = Entries {
        indptr: &small.csr.indptr,
        indices: &small.csr.indices,
        order: &small.order,
    };
    let (indices, order) = (&mut big.csr.indices, &mut big.order);
    match (&mut big.csr.values, &small.csr.values) {
        (Values::Coded { codes, .. }, Values::Coded { codes: add, .. }) => {
            merge_values(&old, indices, order, codes, &from, add)
        }
        (Values::F32(v), Values::F32(add)) => merge_values(&old, indices, order, v, &from, add),
        _ => unreachable!("checked by same_representation"),
    }
    for (p, add) in big.csr.indptr.iter_mut().zip(&small.csr.indptr) {
        *p += add;
    }
    Ok(big)
}

/// `merge_rows_back` with the values grown to the merged length (within
/// their capacity: `has_room` checked it).
fn merge_values<V: Copy + Default>(
    old: &[u32],
    indices: &mut [u32],
    order: &mut [u32],
    values: &mut Vec<V>,
    from: &Entries<'_>,
    add: &[V],
) {
    values.resize(indices.len(), V::default());
    let into = EntriesMut { indices, order, values };
    merge_rows_back(old, into, from, add);
}

/// Whether `r`'s vectors hold `total` entries without growing.
fn has_room(r: &Rows, total: usize) -> bool {
    let values = match &r.csr.values {
        Values::F32(v) => v.capacity(),
        Values::Coded { codes, .. } => codes.capacity(),
    };
    r.csr.indices.capacity().min(r.order.capacity()).min(values) >= total
}

/// Both f32, or both coded with the same table.
fn same_representation(a: &Values, b: &Values) -> bool {
    match (a, b) {
        (Values::F32(_), Values::F32(_)) => true,
        (Values::Coded { table: x, .. }, Values::Coded { table: y, .. }) => x == y,
        _ => false,
    }
}

/// The entries a merge reads from (besides their values).
struct Entries<'a> {
    indptr: &'a [u32],
    indices: &'a [u32],
    order: &'a [u32],
}

/// The vectors a merge writes into, already grown to the merged length.
struct EntriesMut<'a, V> {
    indices: &'a mut [u32],
    order: &'a mut [u32],
    values: &'a mut [V],
}

impl<V: Copy> EntriesMut<'_, V> {
    fn copy(&mut self, from: usize, to: usize) {
        self.indices[to] = self.indices[from];
        self.order[to] = self.order[from];
        self.values[to] = self.values[from];
    }

    fn shift(&mut self, range: std::ops::Range<usize>, to: usize) {
        self.indices.copy_within(range.clone(), to);
        self.order.copy_within(range.clone(), to);
        self.values.copy_within(range, to);
    }
}

/// Rows merged from the last down: the write position (`i + j`) never
/// falls below the next entry of `into` still to read (`i - 1`).
fn merge_rows_back<V: Copy>(old: &[u32], mut into: EntriesMut<'_, V>, from: &Entries<'_>, add: &[V]) {
    let mut j = from.indices.len();
    for r in (0..old.len().saturating_sub(1)).rev() {
        let (start, mut i) = (old[r] as usize, old[r + 1] as usize);
        let from_start = from.indptr[r] as usize;
        while j > from_start {
            let key = (from.indices[j - 1], from.order[j - 1]);
            if i > start && (into.indices[i - 1], into.order[i - 1]) > key {
                into.copy(i - 1, i - 1 + j);
                i -= 1;
            } else {
                into.indices[i + j - 1] = key.0;
                into.order[i + j - 1] = key.1;
                into.values[i + j - 1] = add[j - 1];
                j -= 1;
            }
        }
        if j > 0 {
            into.shift(start..i, start + j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::parts::{merge, partition, Held, Whole};
    use crate::data::{Coo, Dataset};
    use std::rc::Rc;

    fn set(n: u32, values: impl Fn(u32) -> f32) -> (Dataset, Vec<u32>) {
        let mut c = Coo::default();
        for e in 0..n {
            c.push((e * 7) % 23, (e * 13) % 101, values(e));
        }
        Dataset::build(25, 101, c.users, c.items, Values::encode(c.ratings)).unwrap()
    }

    #[test]
    fn the_train_part_takes_the_test_part_back_without_growing() {
        for values in [|e: u32| 0.5 * (1 + e % 10) as f32, |e: u32| e as f32 * 0.01] {
            let (data, order) = set(900, values);
            let whole = data.clone();
            let mask: Vec<bool> = (0..900u64).map(|s| (s * 2654435761) % 10 < 3).collect();
            let (train, test) = partition(
                Held {
                    data,
                    order: order.clone(),
                },
                &mask,
                true,
            );
            let before = train.data.by_user().indices.as_ptr();
            let owned = |h: Held| Whole {
                data: Rc::new(h.data),
                order: h.order,
            };
            let back = merge(vec![owned(train), owned(test)], 101);
            assert_eq!(back.data.by_user().indices.as_ptr(), before);
            assert_eq!(back.data, whole);
            assert_eq!(back.order, order);
        }
    }

    #[test]
    fn either_order_of_the_parts_and_empty_rows_merge_alike() {
        let (data, order) = set(300, |e| (e % 5) as f32);
        let whole = data.clone();
        let mask: Vec<bool> = (0..300).map(|s| s < 40 || s % 4 == 1).collect();
        let (train, test) = partition(
            Held {
                data,
                order: order.clone(),
            },
            &mask,
            true,
        );
        let rows = |h: Held| Rows {
            csr: h.data.into_user_side(),
            order: h.order,
        };
        let Ok(back) = merge_in_place(rows(test), rows(train)) else {
            panic!("the train part has room");
        };
        assert_eq!(Dataset::from_user_side(101, back.csr), whole);
        assert_eq!(back.order, order);
    }

    #[test]
    fn parts_without_room_are_given_back() {
        let (data, order) = set(50, |e| e as f32);
        let a = Rows {
            csr: data.clone().into_user_side(),
            order: order.clone(),
        };
        let b = Rows {
            csr: data.into_user_side(),
            order,
        };
        assert!(merge_in_place(a, b).is_err());
    }
}
