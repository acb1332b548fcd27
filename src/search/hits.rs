//! Sets of article numbers, one bit each: what the index and the query engine answer with.

/// A set of article numbers below a bound, one bit each (100 000 articles: 12.5 KB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hits {
    bits: Vec<u64>,
    len: usize,
}

impl Hits {
    /// No article of `len`.
    pub fn none(len: usize) -> Hits {
        Hits {
            bits: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// Every article of `len`.
    pub fn all(len: usize) -> Hits {
        let mut h = Hits {
            bits: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        h.trim();
        h
    }

    /// Clears the bits past the bound in the last word.
    fn trim(&mut self) {
        if !self.len.is_multiple_of(64)
            && let Some(last) = self.bits.last_mut()
        {
            *last &= (1u64 << (self.len % 64)) - 1;
        }
    }

    /// The bound: articles `0..len` may be in the set.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Adds article `i` (ignored past the bound).
    pub fn set(&mut self, i: usize) {
        if i < self.len {
            self.bits[i / 64] |= 1 << (i % 64);
        }
    }

    /// Is article `i` in the set?
    pub fn contains(&self, i: usize) -> bool {
        i < self.len && self.bits[i / 64] & (1 << (i % 64)) != 0
    }

    /// Keeps only the articles also in `other`.
    pub fn and(&mut self, other: &Hits) {
        for (i, a) in self.bits.iter_mut().enumerate() {
            *a &= other.bits.get(i).copied().unwrap_or(0);
        }
    }

    /// Adds the articles of `other` (below this set's bound).
    pub fn or(&mut self, other: &Hits) {
        for (a, b) in self.bits.iter_mut().zip(&other.bits) {
            *a |= b;
        }
        self.trim();
    }

    /// Removes the articles of `other`.
    pub fn and_not(&mut self, other: &Hits) {
        for (a, b) in self.bits.iter_mut().zip(&other.bits) {
            *a &= !b;
        }
    }

    /// Is the set empty?
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&b| b == 0)
    }

    /// How many articles are in the set.
    pub fn count(&self) -> usize {
        self.bits.iter().map(|b| b.count_ones() as usize).sum()
    }

    /// The articles in the set, in order (a word of 64 at a time).
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.bits.iter().enumerate().flat_map(|(w, &bits)| {
            let mut rest = bits;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(w * 64 + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let mut a = Hits::none(130);
        for i in [0, 63, 64, 129, 200] {
            a.set(i);
        }
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 63, 64, 129]);
        let all = Hits::all(130);
        assert_eq!(all.count(), 130);
        let mut b = all.clone();
        b.and_not(&a);
        assert_eq!(b.count(), 126);
        assert!(!b.contains(64) && b.contains(65));
        b.or(&a);
        assert_eq!(b, all);
        b.and(&Hits::none(130));
        assert!(b.is_empty());
        // A shorter set leaves the rest out.
        let mut c = Hits::all(130);
        c.and(&Hits::all(10));
        assert_eq!(c.count(), 10);
    }
}
