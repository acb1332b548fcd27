//! Article ids (SPEC §4): an article's id is its content identity, unless another file shares
//! that identity. Then the oldest file of the group (modification time, then path) keeps the
//! identity and each other gets an id derived from its body, or, for identical copies, from its
//! rank by age.
//!
//! Age decides, not load order, so the ids depend only on the files: the reader (cold, or
//! replaying its cache and reading only new files) and the subcommands agree, and a newly
//! added file that shares a recurring column's headline never takes over the id, and so the
//! read mark, of the older one.

use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What an article's id is decided from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdKey<'a> {
    /// The content identity ([`crate::article::Article::identity`]).
    pub identity: u64,
    /// The hash of the body.
    pub body_hash: u64,
    /// The file's modification time (ns since the epoch).
    pub mtime_ns: i64,
    /// The file (`None` for the bundled seeds).
    pub path: Option<&'a Path>,
}

/// The id of the `rank`-th follower of `identity` with this body (rank 1 depends on the body
/// alone, so a copy with other text keeps its id whatever else shares the identity).
fn derived(identity: u64, body_hash: u64, rank: u64) -> u64 {
    let mut key = [0u8; 24];
    key[..8].copy_from_slice(&identity.to_le_bytes());
    key[8..16].copy_from_slice(&body_hash.to_le_bytes());
    key[16..].copy_from_slice(&rank.to_le_bytes());
    let len = if rank == 1 { 16 } else { 24 };
    xxhash_rust::xxh3::xxh3_64(&key[..len])
}

/// Gives provisional ids while a library streams in (first come keeps the identity); the
/// loader replaces them with [`canonical`] ones once every file has been listed.
#[derive(Debug, Default)]
pub struct IdAssigner {
    taken: HashSet<u64>,
}

impl IdAssigner {
    /// A distinct id for an article of this identity and body, recorded as taken.
    pub fn assign(&mut self, identity: u64, body_hash: u64) -> u64 {
        let mut id = identity;
        let mut rank = 0;
        while self.taken.contains(&id) {
            rank += 1;
            id = derived(identity, body_hash, rank);
        }
        self.taken.insert(id);
        id
    }

    /// Records an id given earlier (entries replayed from the cache).
    pub fn reserve(&mut self, id: u64) {
        self.taken.insert(id);
    }

    /// Forgets an id (before an entry is assigned again).
    pub fn release(&mut self, id: u64) {
        self.taken.remove(&id);
    }
}

/// The ids of a whole library, in the order of `keys`: a function of the set of files alone.
pub fn canonical(keys: &[IdKey<'_>]) -> Vec<u64> {
    let mut count: HashMap<u64, u32> = HashMap::with_capacity(keys.len());
    for k in keys {
        *count.entry(k.identity).or_default() += 1;
    }
    // Most libraries have no shared identity at all: every id is its identity.
    let mut ids: Vec<u64> = keys.iter().map(|k| k.identity).collect();
    let mut shared: Vec<usize> = (0..keys.len())
        .filter(|&i| count[&keys[i].identity] > 1)
        .collect();
    if shared.is_empty() {
        return ids;
    }
    shared.sort_by_key(|&i| (keys[i].identity, keys[i].mtime_ns, keys[i].path));
    let mut assigner = IdAssigner::default();
    // Every identity is taken first (its oldest file keeps it), so no follower's derived id
    // can take an identity that belongs to another article.
    for k in keys {
        assigner.reserve(k.identity);
    }
    let mut previous = None;
    for &i in &shared {
        let k = &keys[i];
        if previous == Some(k.identity) {
            let mut rank = 0;
            let mut id = k.identity;
            while assigner.taken.contains(&id) {
                rank += 1;
                id = derived(k.identity, k.body_hash, rank);
            }
            assigner.reserve(id);
            ids[i] = id;
        }
        previous = Some(k.identity);
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(identity: u64, body_hash: u64, mtime_ns: i64, path: &'static str) -> IdKey<'static> {
        IdKey {
            identity,
            body_hash,
            mtime_ns,
            path: Some(Path::new(path)),
        }
    }

    #[test]
    fn unshared_identities_are_the_ids() {
        let keys = [key(7, 1, 5, "/a"), key(9, 2, 1, "/b")];
        assert_eq!(canonical(&keys), [7, 9]);
    }

    #[test]
    fn the_oldest_file_keeps_the_identity_whatever_the_order() {
        let old = key(7, 1, 100, "/z-old.txt");
        let new = key(7, 2, 200, "/a-new.txt");
        let other = key(9, 3, 150, "/m.txt");
        let ids = canonical(&[old, new, other]);
        assert_eq!(ids[0], 7, "the older file keeps the identity");
        assert_ne!(ids[1], 7);
        assert_eq!(ids[2], 9);
        // Any order of the same files gives the same ids.
        let shuffled = canonical(&[new, other, old]);
        assert_eq!(
            (shuffled[2], shuffled[0], shuffled[1]),
            (ids[0], ids[1], ids[2])
        );
        // The newer one's id depends on its body alone: a third copy does not move it.
        let newest = key(7, 4, 300, "/0.txt");
        let more = canonical(&[old, new, other, newest]);
        assert_eq!(&more[..3], &ids[..]);
        assert!(!more[..3].contains(&more[3]));
    }

    #[test]
    fn identical_copies_still_get_distinct_ids() {
        let keys = [key(5, 1, 1, "/x"), key(5, 1, 1, "/y"), key(5, 1, 1, "/z")];
        let ids = canonical(&keys);
        assert_eq!(ids[0], 5, "same age: the first path keeps it");
        let distinct: HashSet<u64> = ids.iter().copied().collect();
        assert_eq!(distinct.len(), 3);
    }

    #[test]
    fn the_assigner_gives_distinct_ids_first_come_first_served() {
        let mut a = IdAssigner::default();
        let x = a.assign(7, 1);
        let y = a.assign(7, 2);
        let z = a.assign(7, 2);
        assert_eq!(x, 7);
        assert_eq!(y, derived(7, 2, 1));
        assert!(z != x && z != y);
        a.release(x);
        assert_eq!(a.assign(7, 9), 7);
    }
}
