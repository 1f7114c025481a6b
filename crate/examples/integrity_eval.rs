//! Native run of the integrity experiments on a MovieLens `ratings.csv`
//! (the same core the CLI's `als-wasm integrity` runs in wasm), with the
//! ROC AUC of each single feature beside the combined score's.
//!
//! cargo run --release --example integrity_eval -- ../../shared/data/ml-latest-small [seed] [attack,…]

use std::collections::HashMap;

use als_core::data::{Coo, Dataset};
use als_core::integrity::{roc_auc, run_experiment, Attack, DetectOptions, ExperimentOptions, InjectOptions};
use als_core::params::AlsParams;

fn load(dir: &str) -> Dataset {
    let text = std::fs::read_to_string(format!("{dir}/ratings.csv")).expect("ratings.csv");
    let (mut users, mut items) = (HashMap::new(), HashMap::new());
    let mut coo = Coo::default();
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        let nu = users.len() as u32;
        let u = *users.entry(f[0].to_string()).or_insert(nu);
        let ni = items.len() as u32;
        let i = *items.entry(f[1].to_string()).or_insert(ni);
        coo.push(u, i, f[2].parse().unwrap());
    }
    Dataset::from_coo(users.len(), items.len(), coo.view()).unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map_or("../../shared/data/ml-latest-small", |s| s.as_str());
    let seed: u64 = args.get(2).map_or(1, |s| s.parse().unwrap());
    let only: Option<Vec<String>> = args
        .get(3)
        .map(|s| s.split(',').map(|a| a.trim().to_lowercase()).collect());
    let data = load(dir);
    println!("attack      size   auc    p@k    r@k    k   before after  removed  target-rank | feature AUCs pop dev rdma resvar gain len coherence");
    for attack in [
        Attack::Random,
        Attack::Average,
        Attack::Bandwagon,
        Attack::Segment,
        Attack::Shared,
    ] {
        if only
            .as_ref()
            .is_some_and(|o| !o.contains(&format!("{attack:?}").to_lowercase()))
        {
            continue;
        }
        for size in [0.01, 0.03, 0.05] {
            let t0 = std::time::Instant::now();
            let opts = ExperimentOptions {
                inject: InjectOptions::new(attack, size, 0.05, seed),
                params: AlsParams::default(),
                detect: DetectOptions::default(),
            };
            let r = run_experiment(&data, &opts).unwrap();
            let l = &r.injected.labels;
            let f = |g: &dyn Fn(usize) -> f32| roc_auc(&(0..l.len()).map(g).collect::<Vec<_>>(), l);
            let st = &r.report.stats;
            let tt = &r.report.two_taste;
            let (b, a, m) = r
                .shift
                .map_or((f64::NAN, f64::NAN, f64::NAN), |s| (s.before, s.after, s.after_removal));
            println!(
                "{:<10} {:>4.0}%  {:.3}  {:.3}  {:.3}  {:>3}  {:.3} {:.3}  {:.3}  {:?} | {:.3} {:.3} {:.3} {:.3} {:.3} {:.3} {:.3}  ({:.1}s)",
                format!("{attack:?}"), size * 100.0, r.auc, r.precision_at_k, r.recall_at_k, r.k, b, a, m, r.target_item_rank,
                f(&|u| -st[u].popularity), f(&|u| st[u].item_mean_dev), f(&|u| st[u].rdma), f(&|u| st[u].residual_var),
                f(&|u| tt[u].gain), f(&|u| st[u].n as f32), f(&|u| -tt[u].coherence), t0.elapsed().as_secs_f64()
            );
        }
    }
}
