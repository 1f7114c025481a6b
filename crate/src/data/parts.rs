//! A split without a copy, and its undoing. `partition` turns a set's own
//! layouts into its two parts: the test entries are gathered out of the
//! user side, the train entries compacted in place, and each part's item
//! side rebuilt by transposing its user side after the old item side is
//! freed; the peak is the set's size plus the test part's user side.
//! `merge` makes one set of parts again, row by row, when the whole set is
//! used after its split.

use std::cell::RefCell;
use std::rc::Rc;

use rayon::prelude::*;

use crate::data::csr::{Csr, CsrRef, Vals, Values};
use crate::data::merge_in_place::{merge_in_place, Rows};
use crate::data::Dataset;

/// A set's own layouts and each user-side entry's input position.
pub(crate) struct Held {
    pub data: Dataset,
    pub order: Vec<u32>,
}

/// `Held` whose layouts may be shared (with a fit, a model).
#[derive(Clone, Default)]
pub(crate) struct Whole {
    pub data: Rc<Dataset>,
    pub order: Vec<u32>,
}

/// A set is its layouts, or — split in place — its parts (each shared
/// with the part's own handle).
pub(crate) enum State {
    Whole(Whole),
    Split(Parts),
}

/// The parts of a set split in place. The train part keeps the room of the
/// test part's user rows while the set may be merged back; dropped with the
/// set (it can no longer be), the parts release that room.
#[derive(Default)]
pub(crate) struct Parts(pub Vec<Rc<RefCell<State>>>);

impl Drop for Parts {
    fn drop(&mut self) {
        for part in &self.0 {
            if let Ok(mut state) = part.try_borrow_mut() {
                if let State::Whole(w) = &mut *state {
                    if let Some(data) = Rc::get_mut(&mut w.data) {
                        data.release_room();
                        w.order.shrink_to_fit();
                    }
                }
            }
        }
    }
}

impl State {
    pub fn len(&self) -> usize {
        match self {
            State::Whole(w) => w.data.nnz(),
            State::Split(parts) => parts.0.iter().map(|p| p.borrow().len()).sum(),
        }
    }

    pub fn bytes(&self) -> usize {
        match self {
            State::Whole(w) => w.data.bytes() + 4 * w.order.len(),
            State::Split(parts) => parts.0.iter().map(|p| p.borrow().bytes()).sum(),
        }
    }
}

/// The layouts of a part (merged if it was split in turn): taken when
/// nothing else holds the part, shared otherwise.
pub(crate) fn take(part: Rc<RefCell<State>>, n_items: usize) -> Whole {
    let split = match &mut *part.borrow_mut() {
        State::Split(parts) => std::mem::take(&mut parts.0),
        State::Whole(_) => Vec::new(),
    };
    if !split.is_empty() {
        let wholes = split.into_iter().map(|p| take(p, n_items)).collect();
        let Held { data, order } = merge(wholes, n_items);
        *part.borrow_mut() = State::Whole(Whole {
            data: Rc::new(data),
            order,
        });
    }
    match Rc::try_unwrap(part) {
        Ok(cell) => match cell.into_inner() {
            State::Whole(w) => w,
            State::Split(_) => unreachable!("merged above"),
        },
        Err(shared) => match &*shared.borrow() {
            State::Whole(w) => w.clone(),
            State::Split(_) => unreachable!("merged above"),
        },
    }
}

/// `(train, test)`: the entries `s` of `held`'s user side with `mask[s]`
/// false and true, each part in the set's row and column order. With
/// `room`, the train part's user side keeps the set's capacity, so that
/// the parts merge back into it (`merge_in_place`) until the set is dropped.
pub(crate) fn partition(held: Held, mask: &[bool], room: bool) -> (Held, Held) {
    let n_items = held.data.n_items();
    let Csr {
        indptr,
        mut indices,
        mut values,
    } = held.data.into_user_side();
    let mut order = held.order;
    let picks: Vec<u32> = (0..mask.len() as u32).filter(|&s| mask[s as usize]).collect();
    let test = Csr {
        indptr: counted(&indptr, mask, true),
        indices: picks
            .par_iter()
            .with_min_len(1 << 14)
            .map(|&s| indices[s as usize])
            .collect(),
        values: values.gather(&picks),
    };
    let test_order: Vec<u32> = picks.iter().map(|&s| order[s as usize]).collect();
    drop(picks);
    keep_unmasked(&mut indices, mask);
    keep_unmasked(&mut order, mask);
    match &mut values {
        Values::F32(v) => keep_unmasked(v, mask),
        Values::Coded { codes, .. } => keep_unmasked(codes, mask),
    }
    let mut train = Csr {
        indptr: counted(&indptr, mask, false),
        indices,
        values,
    };
    if !room {
        train.release_room();
        order.shrink_to_fit();
    }
    (
        Held {
            data: Dataset::from_user_side(n_items, train),
            order,
        },
        Held {
            data: Dataset::from_user_side(n_items, test),
            order: test_order,
        },
    )
}

/// Row pointers of the entries whose mask is `which`.
fn counted(indptr: &[u32], mask: &[bool], which: bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(indptr.len());
    let mut n = 0u32;
    out.push(0);
    for w in indptr.windows(2) {
        n += mask[w[0] as usize..w[1] as usize]
            .iter()
            .filter(|&&m| m == which)
            .count() as u32;
        out.push(n);
    }
    out
}

/// Keep the entries whose mask is false, in order, in place (the capacity
/// stays).
fn keep_unmasked<T>(v: &mut Vec<T>, mask: &[bool]) {
    let mut s = 0;
    v.retain(|_| {
        s += 1;
        !mask[s - 1]
    });
}

/// One set from `parts` over the same users and items: each row the
/// parts' rows merged by column (ties by input position), each entry
/// keeping its input position. The parts' item sides are freed first when
/// the parts are owned here; two owned parts of an in-place split merge
/// into the train part's vectors (`merge_in_place`).
pub(crate) fn merge(parts: Vec<Whole>, n_items: usize) -> Held {
    let mut sides: Vec<(Side, Vec<u32>)> = parts
        .into_iter()
        .map(|w| match Rc::try_unwrap(w.data) {
            Ok(d) => (Side::Owned(d.into_user_side()), w.order),
            Err(shared) => (Side::Shared(shared), w.order),
        })
        .collect();
    if let [(Side::Owned(_), _), (Side::Owned(_), _)] = &sides[..] {
        let mut owned = std::mem::take(&mut sides).into_iter().map(|(side, order)| match side {
            Side::Owned(csr) => Rows { csr, order },
            Side::Shared(_) => unreachable!("matched above"),
        });
        let (a, b) = (owned.next().unwrap(), owned.next().unwrap());
        match merge_in_place(a, b) {
            Ok(Rows { csr, order }) => {
                return Held {
                    data: Dataset::from_user_side(n_items, csr),
                    order,
                }
            }
            Err(parts) => {
                let (a, b) = *parts;
                sides = vec![(Side::Owned(a.csr), a.order), (Side::Owned(b.csr), b.order)];
            }
        }
    }
    let views: Vec<(CsrRef, &[u32])> = sides.iter().map(|(c, o)| (c.view(), &o[..])).collect();
    let (by_user, order) = merge_rows(&views);
    drop(views);
    drop(sides);
    Held {
        data: Dataset::from_user_side(n_items, by_user),
        order,
    }
}

/// A part's user side: its own (the item side already freed) or shared.
enum Side {
    Owned(Csr),
    Shared(Rc<Dataset>),
}

impl Side {
    fn view(&self) -> CsrRef<'_> {
        match self {
            Side::Owned(c) => c.view(),
            Side::Shared(d) => d.by_user(),
        }
    }
}

/// The rows of `sides` (same rows, disjoint columns) merged by column.
pub(crate) fn merge_rows(sides: &[(CsrRef, &[u32])]) -> (Csr, Vec<u32>) {
    let rows = sides.first().map_or(0, |(c, _)| c.rows());
    let nnz: usize = sides.iter().map(|(c, _)| c.nnz()).sum();
    let table = common_table(sides);
    let mut indptr = Vec::with_capacity(rows + 1);
    indptr.push(0u32);
    let (mut indices, mut order) = (Vec::with_capacity(nnz), Vec::with_capacity(nnz));
    let (mut codes, mut floats) = (Vec::new(), Vec::new());
    if table.is_some() {
        codes.reserve_exact(nnz);
    } else {
        floats.reserve_exact(nnz);
    }
    let mut row: Vec<(u32, u32, usize, usize)> = Vec::new();
    for r in 0..rows {
        row.clear();
        for (p, (c, _)) in sides.iter().enumerate() {
            row.extend(c.range(r).map(|s| (c.indices[s], sides[p].1[s], p, s)));
        }
        row.sort_unstable();
        for &(col, _, p, s) in &row {
            indices.push(col);
            order.push(sides[p].1[s]);
            match sides[p].0.values {
                Vals::Coded(c, _) if table.is_some() => codes.push(c[s]),
                v => floats.push(v.get(s)),
            }
        }
        indptr.push(indices.len() as u32);
    }
    let values = match table {
        Some(t) => Values::Coded {
            codes,
            table: Box::new(*t),
        },
        None => Values::F32(floats),
    };
    (
        Csr {
            indptr,
            indices,
            values,
        },
        order,
    )
}

/// The table every part's values are coded with, if they share one.
fn common_table<'a>(sides: &[(CsrRef<'a>, &[u32])]) -> Option<&'a [f32; 256]> {
    let first = match sides.first()?.0.values {
        Vals::Coded(_, t) => t,
        Vals::F32(_) => return None,
    };
    let shared = sides
        .iter()
        .all(|(c, _)| matches!(c.values, Vals::Coded(_, t) if t == first));
    shared.then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Coo;

    #[test]
    fn a_partition_and_its_merge_give_the_layouts_back() {
        let mut c = Coo::default();
        for e in 0..600u32 {
            c.push(e % 37, (e * 13) % 101, 0.5 * (1 + e % 10) as f32);
        }
        let (data, order) = Dataset::build(
            37,
            101,
            c.users.clone(),
            c.items.clone(),
            Values::encode(c.ratings.clone()),
        )
        .unwrap();
        let whole = data.clone();
        let mask: Vec<bool> = (0..600).map(|s| s % 3 == 0).collect();
        let (train, test) = partition(
            Held {
                data,
                order: order.clone(),
            },
            &mask,
            false,
        );
        assert_eq!((train.data.nnz(), test.data.nnz()), (400, 200));
        let again = Dataset::from_coo(37, 101, train.data.to_coo().view()).unwrap();
        assert_eq!(train.data, again);
        let shared = |h: Held| Whole {
            data: Rc::new(h.data),
            order: h.order,
        };
        let back = merge(vec![shared(test), shared(train)], 101);
        assert_eq!(back.data, whole);
        assert_eq!(back.order, order);
    }
}
