//! Grouping a library into stories: LSH candidates, checked, joined (union-find).

use super::{BANDS, ROWS, Signatures, THRESHOLD, WINDOW_DAYS, similarity};

/// What clustering needs of an article besides its signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Article {
    /// Is it in the library (not removed)?
    pub alive: bool,
    /// Its date, ns since the epoch.
    pub date_ns: i64,
}

/// Candidates sharing a band are compared with at most this many of the band's earlier
/// members (a band shared by hundreds of articles, a boilerplate paragraph, costs linear time;
/// a true story's members are found through each other anyway).
const BUCKET_REACH: usize = 48;

/// The stories of a library: for every article of a story of two or more, `(article, story)`,
/// the story named by its earliest article (by date, then by `tie`: the lesser wins). Articles
/// not listed are alone.
pub fn cluster(
    sigs: &Signatures,
    articles: &[Article],
    tie: &dyn Fn(u32, u32) -> std::cmp::Ordering,
) -> Vec<(u32, u32)> {
    let n = articles.len().min(sigs.len());
    let number = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let members: Vec<u32> = (0..n)
        .filter(|&i| articles[i].alive && sigs.get(number(i)).is_some())
        .map(number)
        .collect();
    let mut sets = UnionFind::new(n);
    let window = WINDOW_DAYS.unsigned_abs() * 86_400 * 1_000_000_000;
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(members.len());
    for band in 0..BANDS {
        keys.clear();
        keys.extend(members.iter().filter_map(|&m| {
            let sig = sigs.get(m)?;
            let key = sig[band * ROWS..(band + 1) * ROWS]
                .iter()
                .fold(0u64, |k, &v| (k << 16) | u64::from(v));
            Some((key, m))
        }));
        keys.sort_unstable();
        for run in keys.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
            for (j, &(_, b)) in run.iter().enumerate().skip(1) {
                for &(_, a) in &run[j.saturating_sub(BUCKET_REACH)..j] {
                    if sets.find(a) == sets.find(b) {
                        continue;
                    }
                    let (da, db) = (articles[a as usize].date_ns, articles[b as usize].date_ns);
                    if da.abs_diff(db) > window {
                        continue;
                    }
                    if let (Some(x), Some(y)) = (sigs.get(a), sigs.get(b))
                        && similarity(x, y) >= THRESHOLD
                    {
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
