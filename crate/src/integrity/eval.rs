//! Detection metrics: exact ROC AUC (the Mann–Whitney statistic, tied
//! scores given their average rank) and precision / recall of the top k.

/// Probability that a random positive scores above a random negative (ties
/// count one half). NaN when either class is empty.
pub fn roc_auc(scores: &[f32], labels: &[bool]) -> f64 {
    assert_eq!(scores.len(), labels.len(), "one label per score");
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let (mut rank_sum, mut start) = (0.0f64, 0usize);
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && scores[order[end]] == scores[order[start]] {
            end += 1;
        }
        let mid = (start + end + 1) as f64 / 2.0; // average of 1-based ranks start+1..=end
        rank_sum += mid * order[start..end].iter().filter(|&&e| labels[e]).count() as f64;
        start = end;
    }
    let pos = labels.iter().filter(|&&l| l).count() as f64;
    let neg = labels.len() as f64 - pos;
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}

/// Indices by decreasing score, ties by index.
pub(crate) fn ranking(scores: &[f32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order
}

/// `(precision@k, recall@k)` of the `k` highest scores.
pub fn precision_recall_at_k(scores: &[f32], labels: &[bool], k: usize) -> (f64, f64) {
    let pos = labels.iter().filter(|&&l| l).count();
    let k = k.min(scores.len());
    let hits = ranking(scores)[..k].iter().filter(|&&e| labels[e]).count();
    let p = if k == 0 { f64::NAN } else { hits as f64 / k as f64 };
    let r = if pos == 0 { f64::NAN } else { hits as f64 / pos as f64 };
    (p, r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_pairs_and_halves_ties() {
        assert_eq!(roc_auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]), 0.75);
        assert_eq!(roc_auc(&[1.0, 1.0], &[true, false]), 0.5);
        assert_eq!(roc_auc(&[3.0, 2.0, 1.0], &[true, false, false]), 1.0);
        assert_eq!(roc_auc(&[3.0, 2.0, 1.0], &[false, false, true]), 0.0);
        // brute force on a tie-heavy case
        let s = [1.0, 2.0, 2.0, 3.0, 2.0, 1.0, 3.0];
        let l = [true, false, true, false, true, false, true];
        let mut acc = 0.0;
        let mut n = 0.0;
        for i in 0..7 {
            for j in 0..7 {
                if l[i] && !l[j] {
                    n += 1.0;
                    acc += if s[i] > s[j] {
                        1.0
                    } else if s[i] == s[j] {
                        0.5
                    } else {
                        0.0
                    };
                }
            }
        }
        assert!((roc_auc(&s, &l) - acc / n).abs() < 1e-12);
    }

    #[test]
    fn precision_and_recall_at_k() {
        let s = [0.9, 0.8, 0.7, 0.1];
        let l = [true, false, true, true];
        assert_eq!(precision_recall_at_k(&s, &l, 2), (0.5, 1.0 / 3.0));
        assert_eq!(precision_recall_at_k(&s, &l, 3), (2.0 / 3.0, 2.0 / 3.0));
    }
}
