//! Native run of the integrity experiments on a MovieLens `ratings.csv`
//! (the same core the CLI's `als-wasm integrity` runs in wasm), with the
//! ROC AUC of each single feature beside the combined score's.
//!
//! cargo run --release --example integrity_eval -- ../../shared/data/ml-latest-small [seeds] [attack,…] [--file-order]
//!
//! `seeds` is one seed (`1`), a list (`1,3`) or a range (`1..5`). The
//! ratings are held as the core holds them (`data::Ratings`, renumbered by
//! rating count), so a seed picks the same pairs as the CLI; `--file-order`
//! keeps the order of first appearance instead.

use std::collections::HashMap;
use std::rc::Rc;

use als_core::data::{Coo, Dataset, Ratings};
use als_core::integrity::{
    roc_auc, run_experiment, Attack, DetectOptions, ExperimentOptions, ExperimentResult, InjectOptions,
};
use als_core::params::AlsParams;

fn load(dir: &str, cli_order: bool) -> Rc<Dataset> {
    let text = std::fs::read_to_string(format!("{dir}/ratings.csv")).expect("ratings.csv");
    let (mut users, mut items, mut ratings) = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        users.push(f[0].parse::<u32>().unwrap());
        items.push(f[1].parse::<u32>().unwrap());
        ratings.push(f[2].parse().unwrap());
    }
    if cli_order {
        return Ratings::from_raw(&users, &items, ratings).unwrap().layout();
    }
    let (mut user_index, mut item_index) = (HashMap::new(), HashMap::new());
    let mut coo = Coo::default();
    for ((u, i), r) in users.into_iter().zip(items).zip(ratings) {
        let nu = user_index.len() as u32;
        let u = *user_index.entry(u).or_insert(nu);
        let ni = item_index.len() as u32;
        let i = *item_index.entry(i).or_insert(ni);
        coo.push(u, i, r);
    }
    Rc::new(Dataset::from_coo(user_index.len(), item_index.len(), coo.view()).unwrap())
}

fn seeds(arg: Option<&String>) -> Vec<u64> {
    let s = arg.map_or("1", |s| s.as_str());
    match s.split_once("..") {
        Some((a, b)) => (a.parse().unwrap()..=b.parse().unwrap()).collect(),
        None => s.split(',').map(|x| x.parse().unwrap()).collect(),
    }
}

const ATTACKS: [Attack; 5] = [
    Attack::Random,
    Attack::Average,
    Attack::Bandwagon,
    Attack::Segment,
    Attack::Shared,
];
const SIZES: [f64; 3] = [0.01, 0.03, 0.05];

/// Single-feature AUCs: each oriented the way the score uses it.
fn feature_aucs(r: &ExperimentResult) -> Vec<f64> {
    let l = &r.injected.labels;
    let f = |g: &dyn Fn(usize) -> f32| roc_auc(&(0..l.len()).map(g).collect::<Vec<_>>(), l);
    let (st, tt, com) = (&r.report.stats, &r.report.two_taste, &r.report.community);
    vec![
        f(&|u| -st[u].popularity),
        f(&|u| st[u].rdma),
        f(&|u| st[u].residual_var),
        f(&|u| tt[u].gain),
        f(&|u| st[u].n as f32),
        f(&|u| -tt[u].coherence),
        f(&|u| com[u].lambda2),
    ]
}

/// One CSV line per profile (`INTEGRITY_DUMP=path`): label and raw shared-account features, to study combinations.
fn dump(path: &str, seed: u64, size: f64, r: &ExperimentResult) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    let (st, tt, com) = (&r.report.stats, &r.report.two_taste, &r.report.community);
    for (u, &label) in r.injected.labels.iter().enumerate() {
        let (s, t) = (&st[u], &tt[u]);
        let row = [
            s.n as f32,
            t.gain,
            t.coherence,
            s.residual_var,
            com[u].lambda2,
            s.rating_entropy,
            s.extreme_frac,
        ];
        let row: Vec<String> = row.iter().map(|x| x.to_string()).collect();
        writeln!(f, "{seed},{size},{},{}", label as u8, row.join(",")).unwrap();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--file-order").collect();
    let cli_order = !std::env::args().any(|a| a == "--file-order");
    let dir = args.get(1).map_or("../../shared/data/ml-latest-small", |s| s.as_str());
    let seeds = seeds(args.get(2));
    let only: Option<Vec<String>> = args
        .get(3)
        .map(|s| s.split(',').map(|a| a.trim().to_lowercase()).collect());
    let data = load(dir, cli_order);
    println!("attack     seed size  auc    p@k    k   before after  removed  target-rank | feature AUCs: pop rdma resvar gain len incoherence lambda2");
    for attack in ATTACKS {
        let name = format!("{attack:?}");
        if only.as_ref().is_some_and(|o| !o.contains(&name.to_lowercase())) {
            continue;
        }
        let mut worst = vec![f64::INFINITY; SIZES.len()];
        for &seed in &seeds {
            for (s, size) in SIZES.into_iter().enumerate() {
                let t0 = std::time::Instant::now();
                let opts = ExperimentOptions {
                    inject: InjectOptions::new(attack, size, 0.05, seed),
                    params: AlsParams::reference(),
                    detect: DetectOptions::default(),
                };
                let r = run_experiment(&data, &opts).unwrap();
                worst[s] = worst[s].min(r.auc);
                let (b, a, m) = r
                    .shift
                    .map_or((f64::NAN, f64::NAN, f64::NAN), |s| (s.before, s.after, s.after_removal));
                if let Ok(path) = std::env::var("INTEGRITY_DUMP") {
                    dump(&path, seed, size, &r);
                }
                let fa: Vec<String> = feature_aucs(&r).iter().map(|x| format!("{x:.3}")).collect();
                println!(
                    "{name:<10} {seed:>4} {:>3.0}%  {:.3}  {:.3}  {:>3}  {b:.3} {a:.3}  {m:.3}  {:?} | {}  ({:.1}s)",
                    size * 100.0,
                    r.auc,
                    r.precision_at_k,
                    r.k,
                    r.target_item_rank,
                    fa.join(" "),
                    t0.elapsed().as_secs_f64()
                );
            }
        }
        let w: Vec<String> = worst.iter().map(|x| format!("{x:.3}")).collect();
        println!("{name:<10} worst AUC over seeds at 1/3/5%: {}", w.join(" / "));
    }
}
