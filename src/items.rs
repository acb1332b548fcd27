//! The reader's articles, in chunks shared with the background search: a search takes a copy
//! of the list that costs a pointer per chunk, and a change to an article while a search holds
//! its chunk copies that chunk only (copy on write).

use std::sync::Arc;

use crate::item::Item;

/// Articles per chunk.
pub const CHUNK_LEN: usize = 1024;
const CHUNK: usize = CHUNK_LEN;

/// The articles, numbered from 0.
#[derive(Debug, Clone, Default)]
pub struct Items {
    chunks: Vec<Arc<Vec<Item>>>,
    len: usize,
}

impl Items {
    /// How many there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Are there none?
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Article `n`.
    pub fn get(&self, n: usize) -> Option<&Item> {
        self.chunks.get(n / CHUNK)?.get(n % CHUNK)
    }

    /// Article `n`, to change (its chunk is copied first if a search holds it).
    pub fn get_mut(&mut self, n: usize) -> Option<&mut Item> {
        if n >= self.len {
            return None;
        }
        Arc::make_mut(&mut self.chunks[n / CHUNK]).get_mut(n % CHUNK)
    }

    /// Adds an article at the end.
    pub fn push(&mut self, item: Item) {
        match self.chunks.last_mut() {
            Some(last) if last.len() < CHUNK => Arc::make_mut(last).push(item),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(item);
                self.chunks.push(Arc::new(chunk));
            }
        }
        self.len += 1;
    }

    /// The articles of `all`, numbered in its order (moved, not copied).
    pub fn from_vec(all: Vec<Item>) -> Items {
        let len = all.len();
        let mut chunks = Vec::with_capacity(len.div_ceil(CHUNK));
        let mut rest = all.into_iter();
        loop {
            let chunk: Vec<Item> = rest.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            chunks.push(Arc::new(chunk));
        }
        Items { chunks, len }
    }

    /// The articles of `chunks`, every one of them full ([`CHUNK_LEN`]) but the last, `len`
    /// in all (as [`crate::lists`] reads them, on several cores).
    pub fn from_chunks(chunks: Vec<Arc<Vec<Item>>>, len: usize) -> Items {
        debug_assert_eq!(chunks.iter().map(|c| c.len()).sum::<usize>(), len);
        Items { chunks, len }
    }

    /// Forgets them all.
    pub fn clear(&mut self) {
        self.chunks.clear();
        self.len = 0;
    }

    /// The chunks: articles `k * CHUNK_LEN..` are in chunk `k`.
    pub fn chunks(&self) -> &[Arc<Vec<Item>>] {
        &self.chunks
    }

    /// Every article, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Item> {
        self.chunks.iter().flat_map(|c| c.iter())
    }
}

impl std::ops::Index<usize> for Items {
    type Output = Item;

    /// Article `n`; panics past the end, as a slice does (callers check the number first).
    fn index(&self, n: usize) -> &Item {
        &self.chunks[n / CHUNK][n % CHUNK]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn item(i: u64) -> Item {
        Item::sample(i, Source::Bundled(0), &i.to_string(), 0)
    }

    #[test]
    fn a_copy_is_cheap_and_changes_do_not_reach_it() {
        let mut items = Items::default();
        for i in 0..2500 {
            items.push(item(i));
        }
        assert_eq!(items.len(), 2500);
        let copy = items.clone();
        items.get_mut(1500).unwrap().id = 9;
        items.push(item(2500));
        assert_eq!(items[1500].id, 9);
        assert_eq!(copy[1500].id, 1500);
        assert_eq!(copy.len(), 2500);
        // Untouched chunks are still shared.
        assert!(Arc::ptr_eq(&items.chunks[0], &copy.chunks[0]));
        assert_eq!(items.iter().map(|i| i.id).nth(2500), Some(2500));
        assert!(items.get(2501).is_none());
    }
}
