//! The searchable metadata of the reader's articles, folded once and laid end to end: headlines,
//! bylines and paths as the query's words, phrases and `path:` compare them, so a key that
//! looks through 100 000 headlines reads one contiguous string per chunk instead of folding
//! 100 000 scattered ones. Built by the search thread, chunk by chunk, and kept while the
//! reader's chunk is the same (a chunk that changes is a new one: [`super::items`]).

use std::sync::{Arc, Weak};

use super::Item;
use crate::fold::fold_char_into;
use crate::items::{CHUNK_LEN, Items};
use crate::query::Field;
use crate::query::engine::path_text;

/// Separates the parts (a headline, a byline) of one field: never in a folded part.
const SEP: char = '\n';

/// The folded metadata of one chunk of articles.
#[derive(Debug, Default)]
pub struct FoldedChunk {
    text: String,
    /// Per article: where its titles, bylines and path start, and where its path ends.
    spans: Vec<[u32; 4]>,
}

fn push_folded(text: &str, out: &mut String) {
    for c in text.chars() {
        if c == SEP {
            out.push(' ');
        } else {
            fold_char_into(c, out);
        }
    }
}

fn at(out: &str) -> u32 {
    u32::try_from(out.len()).unwrap_or(u32::MAX)
}

impl FoldedChunk {
    /// Folds the metadata of `items`.
    pub fn build(items: &[Item]) -> FoldedChunk {
        let mut text = String::with_capacity(items.len() * 128);
        let mut spans = Vec::with_capacity(items.len());
        for i in items {
            let titles = at(&text);
            push_folded(&i.headline, &mut text);
            if let Some(alt) = &i.alt_headline {
                text.push(SEP);
                push_folded(alt, &mut text);
            }
            let bylines = at(&text);
            for (k, b) in i.byline.iter().chain(i.more_bylines.iter()).enumerate() {
                if k > 0 {
                    text.push(SEP);
                }
                push_folded(b, &mut text);
            }
            let path = at(&text);
            push_folded(&path_text(&i.source), &mut text);
            spans.push([titles, bylines, path, at(&text)]);
        }
        FoldedChunk { text, spans }
    }

    /// The folded parts of `field` for article `k` of the chunk (titles, bylines or the path).
    pub fn parts(&self, k: usize, field: Field) -> Option<impl Iterator<Item = &str>> {
        let [t, b, p, end] = *self.spans.get(k)?;
        let region = |from: u32, to: u32| self.text.get(from as usize..to as usize);
        let (titles, bylines) = (region(t, b)?, region(b, p)?);
        // No byline: no part at all (an empty one would match an empty phrase).
        let bylines = (!bylines.is_empty()).then_some(bylines);
        let parts: (Option<&str>, Option<&str>) = match field {
            Field::Title => (Some(titles), None),
            Field::By => (None, bylines),
            Field::Path => (region(p, end), None),
            // What the reader holds of "anywhere": headlines and bylines (the caller adds the
            // section; the standfirst and the body are in the file only).
            Field::Any => (Some(titles), bylines),
            _ => return None,
        };
        Some(
            parts
                .0
                .into_iter()
                .chain(parts.1)
                .flat_map(|r| r.split(SEP)),
        )
    }
}

/// The folded chunks the search thread keeps between searches.
#[derive(Debug, Default)]
pub struct FoldCache {
    chunks: Vec<(Weak<Vec<Item>>, Arc<FoldedChunk>)>,
}

impl FoldCache {
    /// The folded chunks of `items`, folding again only the chunks that changed.
    pub fn refresh(&mut self, items: &Items) -> Vec<Arc<FoldedChunk>> {
        let chunks = items.chunks();
        self.chunks.truncate(chunks.len());
        for (k, chunk) in chunks.iter().enumerate() {
            let fresh = self
                .chunks
                .get(k)
                .is_some_and(|(w, _)| std::ptr::eq(w.as_ptr(), Arc::as_ptr(chunk)));
            if !fresh {
                let entry = (Arc::downgrade(chunk), Arc::new(FoldedChunk::build(chunk)));
                if k < self.chunks.len() {
                    self.chunks[k] = entry;
                } else {
                    self.chunks.push(entry);
                }
            }
        }
        self.chunks.iter().map(|(_, f)| Arc::clone(f)).collect()
    }
}

/// The folded chunk and the place in it of article `n`.
pub fn locate(folded: &[Arc<FoldedChunk>], n: usize) -> Option<(&FoldedChunk, usize)> {
    folded.get(n / CHUNK_LEN).map(|c| (&**c, n % CHUNK_LEN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn item(headline: &str, bylines: &[&str]) -> Item {
        Item {
            id: 0,
            source: Source::File("/News/Été/1.txt".into()),
            label: None,
            headline: headline.into(),
            alt_headline: Some("Les États-Unis".into()),
            byline: bylines.first().map(|b| (*b).into()),
            more_bylines: bylines.iter().skip(1).map(|b| (*b).into()).collect(),
            warnings: Vec::new(),
            mtime_ns: 0,
        }
    }

    fn parts(f: &[Arc<FoldedChunk>], n: usize, field: Field) -> Vec<String> {
        let (c, k) = locate(f, n).unwrap();
        c.parts(k, field).unwrap().map(str::to_owned).collect()
    }

    #[test]
    fn parts_are_folded_and_kept_until_their_chunk_changes() {
        let mut items = Items::default();
        for i in 0..2100 {
            items.push(item(
                &format!("Élection n°{i}"),
                &["Léa Dupont", "Jean Martin"],
            ));
        }
        items.push(item("Sans signature", &[]));
        let mut cache = FoldCache::default();
        let first = cache.refresh(&items);
        assert_eq!(first.len(), 3);
        assert_eq!(
            parts(&first, 5, Field::Title),
            ["election n°5", "les etats-unis"]
        );
        assert_eq!(parts(&first, 5, Field::By), ["lea dupont", "jean martin"]);
        assert_eq!(parts(&first, 5, Field::Path), ["/news/ete/1.txt"]);
        assert!(parts(&first, 2100, Field::By).is_empty());
        assert_eq!(
            parts(&first, 2100, Field::Any),
            ["sans signature", "les etats-unis"]
        );
        // One article changes: its chunk is folded again, the others are kept.
        items.get_mut(1500).unwrap().headline = "Autre".into();
        let second = cache.refresh(&items);
        assert!(Arc::ptr_eq(&first[0], &second[0]));
        assert!(!Arc::ptr_eq(&first[1], &second[1]));
        assert_eq!(parts(&second, 1500, Field::Title)[0], "autre");
        assert!(locate(&second, 9999).is_none());
    }
}
