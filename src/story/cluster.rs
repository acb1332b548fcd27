//! Grouping a library into stories: LSH candidates, checked, joined (union-find).

use super::{K, ROWS, Signature, Signatures, THRESHOLD, WINDOW_DAYS};

/// The knobs of [`cluster_with`] ([`Tuning::DEFAULT`] is what kiosque uses; the quality
/// example sweeps them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// Bins per LSH band (1 to 4).
    pub rows: usize,
    /// The share of agreeing bins from which two candidates are one story.
    pub threshold: f64,
    /// Days apart beyond which two articles are not linked directly.
    pub window_days: i64,
    /// Agreements on values many articles share do not count (see `common_bins`).
    pub ignore_common: bool,
}

impl Tuning {
    /// kiosque's.
    pub const DEFAULT: Tuning = Tuning {
        rows: ROWS,
        threshold: THRESHOLD,
        window_days: WINDOW_DAYS,
        ignore_common: true,
    };
}

/// What clustering needs of an article besides its signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Article {
    /// Is it in the library (not removed)?
    pub alive: bool,
    /// Its date, ns since the epoch.
    pub date_ns: i64,
}

/// Two articles agreeing on this share of the bins are one story even where the values they
/// agree on are common (the same dispatch printed many times over).
const DUPLICATE: f64 = 0.8;

/// Bins where `a` and `b` agree, as a mask.
fn agreement(a: &Signature, b: &Signature) -> u64 {
    a.iter()
        .zip(b)
        .enumerate()
        .fold(0, |m, (i, (x, y))| m | (u64::from(x == y) << i))
}

/// For every article, the bins whose value more than a few articles hold at that bin: text
/// many articles share (a footer, a boilerplate paragraph), which says nothing of their story.
/// Values are evenly spread over 16 bits, so chance gives each about `n / 65 536` holders.
/// One pass over the signatures in order, counting in a table of a byte per bin and value
/// (4 MB, saturating: the limit is below 255), then one pass marking.
fn common_bins(sigs: &Signatures, members: &[u32], n: usize) -> Vec<u64> {
    let limit = (members.len() / 8192).clamp(24, 250) as u8;
    let mut counts = vec![0u8; K << 16];
    for &m in members {
        if let Some(sig) = sigs.get(m) {
            for (bin, &v) in sig.iter().enumerate() {
                let c = &mut counts[bin << 16 | usize::from(v)];
                *c = c.saturating_add(1);
            }
        }
    }
    let mut common = vec![0u64; n];
    for &m in members {
        if let Some(sig) = sigs.get(m) {
            common[m as usize] = sig
                .iter()
                .enumerate()
                .filter(|&(bin, &v)| counts[bin << 16 | usize::from(v)] > limit)
                .fold(0, |mask, (bin, _)| mask | 1 << bin);
        }
    }
    common
}

/// Candidates sharing a band are compared with at most this many of the band's earlier
/// members (a band shared by hundreds of articles, a boilerplate paragraph, costs linear time;
/// a true story's members are found through each other anyway).
const BUCKET_REACH: usize = 48;
/// The same where the band is made of common values (a footer shared by hundreds): only the
/// same dispatch printed many times over can be found there, and its copies are side by side.
const COMMON_REACH: usize = 2;

/// The stories of a library: for every article of a story of two or more, `(article, story)`,
/// the story named by its earliest article (by date, then by `tie`: the lesser wins). Articles
/// not listed are alone.
pub fn cluster(
    sigs: &Signatures,
    articles: &[Article],
    tie: &dyn Fn(u32, u32) -> std::cmp::Ordering,
) -> Vec<(u32, u32)> {
    cluster_with(sigs, articles, tie, Tuning::DEFAULT)
}

/// [`cluster`], tuned.
pub fn cluster_with(
    sigs: &Signatures,
    articles: &[Article],
    tie: &dyn Fn(u32, u32) -> std::cmp::Ordering,
    tuning: Tuning,
) -> Vec<(u32, u32)> {
    let rows = tuning.rows.clamp(1, 4);
    let n = articles.len().min(sigs.len());
    let number = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let members: Vec<u32> = (0..n)
        .filter(|&i| articles[i].alive && sigs.get(number(i)).is_some())
        .map(number)
        .collect();
    let common = if tuning.ignore_common {
        common_bins(sigs, &members, n)
    } else {
        vec![0; n]
    };
    let rare_needed = (tuning.threshold * K as f64).ceil() as u32;
    let all_needed = (DUPLICATE * K as f64).ceil() as u32;
    let mut sets = UnionFind::new(n);
    let window = tuning.window_days.unsigned_abs() * 86_400 * 1_000_000_000;
    // Each member's band value and number, packed to sort as one integer: the band's 32 bits
    // as they are for two bins a band (kiosque's), hashed down to 32 for more (a collision
    // only makes a candidate, which is checked).
    let mut keys: Vec<u64> = Vec::with_capacity(members.len());
    for band in 0..K / rows {
        keys.clear();
        keys.extend(members.iter().filter_map(|&m| {
            let sig = sigs.get(m)?;
            let values = &sig[band * rows..(band + 1) * rows];
            let key = values.iter().fold(0u64, |k, &v| (k << 16) | u64::from(v));
            let key = if rows <= 2 {
                key
            } else {
                key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32
            };
            Some(key << 32 | u64::from(m))
        }));
        keys.sort_unstable();
        let member = |k: u64| (k & 0xffff_ffff) as u32;
        let band_bins = ((1u64 << rows) - 1) << (band * rows);
        for run in keys
            .chunk_by(|a, b| a >> 32 == b >> 32)
            .filter(|r| r.len() > 1)
        {
            let common_band = common[member(run[0]) as usize] & band_bins == band_bins;
            let reach = if common_band {
                COMMON_REACH
            } else {
                BUCKET_REACH
            };
            for (j, &b) in run.iter().enumerate().skip(1) {
                let b = member(b);
                for &a in &run[j.saturating_sub(reach)..j] {
                    let a = member(a);
                    if sets.find(a) == sets.find(b) {
                        continue;
                    }
                    let (da, db) = (articles[a as usize].date_ns, articles[b as usize].date_ns);
                    if da.abs_diff(db) > window {
                        continue;
                    }
                    let (Some(x), Some(y)) = (sigs.get(a), sigs.get(b)) else {
                        continue;
                    };
                    let agree = agreement(x, y);
                    // Where they agree, a common value is common for both.
                    let rare = agree & !common[a as usize];
                    if rare.count_ones() >= rare_needed || agree.count_ones() >= all_needed {
                        sets.union(a, b);
                    }
                }
            }
        }
    }
    // Each story's earliest article.
    let mut earliest: Vec<u32> = (0..number(n)).collect();
    let mut size = vec![0u32; n];
    let earlier = |a: u32, b: u32| {
        articles[a as usize]
            .date_ns
            .cmp(&articles[b as usize].date_ns)
            .then_with(|| tie(a, b))
            .is_lt()
    };
    for &m in &members {
        let root = sets.find(m) as usize;
        size[root] += 1;
        // The root is a member: it is where the search starts.
        if earlier(m, earliest[root]) {
            earliest[root] = m;
        }
    }
    members
        .iter()
        .filter_map(|&m| {
            let root = sets.find(m) as usize;
            (size[root] > 1).then_some((m, earliest[root]))
        })
        .collect()
}

/// Disjoint sets of article numbers.
struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..u32::try_from(n).unwrap_or(u32::MAX)).collect(),
        }
    }

    fn find(&mut self, n: u32) -> u32 {
        let mut x = n;
        while self.parent[x as usize] != x {
            // Path halving keeps later finds short.
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }
}
