//! Stories: articles about the same story (a dispatch rewritten, a follow-up, the same event in
//! two sections) found by near-duplicate detection over their text, locally, incrementally.
//!
//! Each body gets a MinHash signature of its word 3-grams (accents and case folded): `K`
//! minimums of `K` hash functions over its shingles, so that two signatures agree on a
//! function with the probability that the two shingle sets overlap (their Jaccard
//! similarity). Signatures are cut into `BANDS` bands; two articles sharing a whole band are
//! candidates (locality-sensitive hashing: no all-pairs comparison), and candidates whose
//! signatures agree on at least [`THRESHOLD`] of the functions are the same story. Stories are
//! the connected groups (union-find), each named by its earliest article.

use rustc_hash::FxHashMap;

/// Hash functions per signature.
pub const K: usize = 32;
/// Bands of the signature (`K / BANDS` functions each).
const BANDS: usize = 8;
const ROWS: usize = K / BANDS;
/// The share of agreeing functions from which two articles are one story (a Jaccard
/// similarity of their 3-grams of about 0.3: a dispatch rewritten in part, sentences
/// reordered, a follow-up adding paragraphs).
pub const THRESHOLD: f64 = 0.30;
/// Fewer shingles than this (a brief) give no signature: too little text to tell.
const MIN_SHINGLES: usize = 12;

/// A body's MinHash signature.
pub type Signature = [u32; K];

/// The `K` hash functions: multiply-add with odd constants drawn once (splitmix64 of `i`).
fn functions() -> &'static [(u64, u64); K] {
    static F: std::sync::OnceLock<[(u64, u64); K]> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let mut f = [(0u64, 0u64); K];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        for slot in &mut f {
            *slot = (next() | 1, next());
        }
        f
    })
}

/// The signature of a body (`None` when it is too short to tell).
pub fn signature(body: &str) -> Option<Signature> {
    let folded = crate::fold::fold(body);
    let words: Vec<u64> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
        .map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes()))
        .collect();
    if words.len() < MIN_SHINGLES + 2 {
        return None;
    }
    let mut sig = [u32::MAX; K];
    for w in words.windows(3) {
        let shingle = w[0].rotate_left(21) ^ w[1].rotate_left(42) ^ w[2];
        for (slot, &(a, b)) in sig.iter_mut().zip(functions().iter()) {
            let h = (shingle.wrapping_mul(a).wrapping_add(b) >> 32) as u32;
            *slot = (*slot).min(h);
        }
    }
    Some(sig)
}

/// How many of the functions two signatures agree on, as a share.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / K as f64
}

fn band_key(sig: &Signature, band: usize) -> u64 {
    let mut h = band as u64;
    for &v in &sig[band * ROWS..(band + 1) * ROWS] {
        h = h.rotate_left(17) ^ u64::from(v).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    h
}

/// The stories of a library, built article by article.
#[derive(Debug, Default, Clone)]
pub struct Stories {
    /// Signature of each article (by number), when it has one.
    sigs: Vec<Option<Signature>>,
    /// Union-find parent of each article; a root is the earliest article of its story.
    parent: Vec<u32>,
    /// Band key → articles with that band.
    buckets: Vec<FxHashMap<u64, Vec<u32>>>,
}

impl Stories {
    /// Takes in article `n`'s signature; the story it joins is the union of every earlier
    /// candidate close enough.
    pub fn add(&mut self, n: u32, sig: Option<Signature>) {
        let i = n as usize;
        if self.parent.len() <= i {
            let from = self.parent.len() as u32;
            self.parent.extend(from..=n);
            self.sigs.resize(i + 1, None);
        }
        if self.buckets.is_empty() {
            self.buckets = vec![FxHashMap::default(); BANDS];
        }
        let Some(sig) = sig else {
            return;
        };
        self.sigs[i] = Some(sig);
        for band in 0..BANDS {
            let bucket = self.buckets[band].entry(band_key(&sig, band)).or_default();
            let candidates = bucket.clone();
            bucket.push(n);
            for m in candidates {
                if m != n
                    && self.sigs[m as usize].is_some_and(|s| similarity(&s, &sig) >= THRESHOLD)
                {
                    self.union(m, n);
                }
            }
        }
    }

    /// Forgets article `n` (its file changed or went away): it stands alone from now on
    /// (stories it joined stay joined: a story is rarely split by one article going).
    pub fn remove(&mut self, n: u32) {
        if let Some(s) = self.sigs.get_mut(n as usize) {
            *s = None;
        }
    }

    fn find(&mut self, n: u32) -> u32 {
        let mut root = n;
        while self.parent[root as usize] != root {
            root = self.parent[root as usize];
        }
        // Path halving keeps later finds short.
        let mut x = n;
        while self.parent[x as usize] != root {
            let next = self.parent[x as usize];
            self.parent[x as usize] = root;
            x = next;
        }
        root
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The earliest article names the story.
        let (keep, join) = if ra <= rb { (ra, rb) } else { (rb, ra) };
        self.parent[join as usize] = keep;
    }

    /// The story of article `n`: the number of its earliest article (itself when alone, or
    /// when it has no signature).
    pub fn story(&mut self, n: u32) -> u32 {
        if (n as usize) < self.parent.len() {
            self.find(n)
        } else {
            n
        }
    }

    /// Has article `n` a signature yet (its body was read)?
    pub fn known(&self, n: u32) -> bool {
        self.sigs.get(n as usize).is_some_and(Option::is_some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DISPATCH: &str = "Le gouvernement a présenté mercredi un projet de loi sur l'énergie \
        qui prévoit la construction de six réacteurs nucléaires d'ici 2035. Le texte sera \
        examiné au Parlement à l'automne. Les associations écologistes dénoncent un choix \
        coûteux et risqué, tandis que les industriels saluent une décision attendue depuis des \
        années. Le ministre a défendu un investissement nécessaire pour garantir \
        l'indépendance du pays et tenir les objectifs climatiques.";

    #[test]
    fn rewrites_and_follow_ups_are_one_story_other_articles_are_not() {
        let rewritten = DISPATCH.replace("mercredi", "ce mercredi").replace(
            "dénoncent un choix coûteux et risqué",
            "critiquent une option chère",
        );
        let follow_up = format!(
            "{DISPATCH} Jeudi, le Premier ministre a confirmé le calendrier devant les députés, \
             et annoncé un débat public au printemps."
        );
        let reordered = {
            let mut s: Vec<&str> = DISPATCH.split(". ").collect();
            s.reverse();
            s.join(". ")
        };
        let other = "Le club lyonnais s'est imposé samedi soir face à Marseille au terme d'un \
            match disputé jusqu'au bout. Les supporters ont salué une victoire attendue après \
            trois défaites consécutives, et l'entraîneur a loué la solidarité de son équipe \
            dans les dernières minutes de la rencontre.";
        let mut s = Stories::default();
        for (n, text) in [DISPATCH, &rewritten, &follow_up, &reordered, other]
            .iter()
            .enumerate()
        {
            s.add(n as u32, signature(text));
        }
        assert_eq!(
            (0..5).map(|n| s.story(n)).collect::<Vec<_>>(),
            [0, 0, 0, 0, 4]
        );
        assert!(signature("Trop court pour dire.").is_none());
        let a = signature(DISPATCH).unwrap();
        assert_eq!(similarity(&a, &a), 1.0);
    }

    #[test]
    fn articles_may_come_in_any_order_and_with_gaps() {
        let mut s = Stories::default();
        s.add(7, signature(DISPATCH));
        s.add(3, signature(&DISPATCH.replace("2035", "2040")));
        assert_eq!(s.story(7), 3, "named by the earliest");
        assert_eq!(s.story(5), 5, "alone");
        assert_eq!(s.story(100), 100, "never seen");
        assert!(s.known(7) && !s.known(5));
    }
}
