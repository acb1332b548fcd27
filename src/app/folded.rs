//! The searchable metadata of the reader's articles, folded once and laid end to end: headlines,
//! bylines and paths as the query's words, phrases and `path:` compare them, so a key that
//! looks through 100 000 headlines reads one contiguous string per chunk instead of folding
//! 100 000 scattered ones. Built by the search thread, chunk by chunk, and kept while the
//! reader's chunk is the same (a chunk that changes is a new one: [`super::items`]).
//!
//! Only the parts a query reads folded ([`needs`]: headlines for `title:`, a phrase or
//! `sort:title`, bylines for `by:`, paths for `path:`) are folded, the first time a query
//! names them: most queries are words the index answers alone, and a reader that never asks
//! for a part does not hold it (23 MB for every part of 100 000 articles).

use std::sync::{Arc, Weak};

use super::Item;
use crate::fold::fold_char_into;
use crate::items::{CHUNK_LEN, Items};
use crate::query::engine::path_text;
use crate::query::{Field, Pattern, Query, Sort, Term};

/// Separates the parts (a headline, a byline) of one field: never in a folded part.
const SEP: char = '\n';

/// A part of an article's metadata, as a bit of a set of parts: its headlines.
pub const TITLES: u8 = 1;
/// Its bylines.
pub const BYLINES: u8 = 2;
/// Its path.
pub const PATH: u8 = 4;

/// The parts `query` reads folded (what [`FoldedChunk::parts`] serves; the others are folded
/// as they are read). Only a matter of speed: a part not folded ahead is folded when read.
pub fn needs(query: &Query) -> u8 {
    let mut parts = if query.sort == Sort::Title { TITLES } else { 0 };
    for term in query.terms() {
        if let Term::Text { field, pattern } = term {
            parts |= match (field, pattern) {
                (Field::Title, Pattern::Words(_) | Pattern::Phrase(_)) => TITLES,
                (Field::By, Pattern::Words(_) | Pattern::Phrase(_)) => BYLINES,
                // Words anywhere are answered by the index; a phrase is read in the text.
                (Field::Any, Pattern::Phrase(_)) => TITLES | BYLINES,
                (Field::Path, Pattern::Substring(_)) => PATH,
                _ => 0,
            };
        }
    }
    parts
}

/// The parts [`FoldedChunk::parts`] reads for `field`.
fn parts_of(field: Field) -> u8 {
    match field {
        Field::Title => TITLES,
        Field::By => BYLINES,
        Field::Path => PATH,
        Field::Any => TITLES | BYLINES,
        _ => 0,
    }
}

/// The folded metadata of one chunk of articles.
#[derive(Debug, Default)]
pub struct FoldedChunk {
    text: String,
    /// Per article: where its titles, bylines and path start, and where its path ends.
    spans: Vec<[u32; 4]>,
    /// The parts folded ([`TITLES`], [`BYLINES`], [`PATH`]); the others are empty.
    folded: u8,
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
    /// Folds the `parts` ([`TITLES`], [`BYLINES`], [`PATH`]) of the metadata of `items`.
    pub fn build(items: &[Item], parts: u8) -> FoldedChunk {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(items.len());
        for i in items {
            let titles = at(&text);
            if parts & TITLES != 0 {
                push_folded(i.headline(), &mut text);
                if let Some(alt) = i.alt_headline() {
                    text.push(SEP);
                    push_folded(alt, &mut text);
                }
            }
            let bylines = at(&text);
            if parts & BYLINES != 0 {
                for (k, b) in i.byline().into_iter().chain(i.more_bylines()).enumerate() {
                    if k > 0 {
                        text.push(SEP);
                    }
                    push_folded(b, &mut text);
                }
            }
            let path = at(&text);
            if parts & PATH != 0 {
                push_folded(&path_text(&i.source), &mut text);
            }
            spans.push([titles, bylines, path, at(&text)]);
        }
        text.shrink_to_fit();
        FoldedChunk {
            text,
            spans,
            folded: parts,
        }
    }

    /// The folded parts of `field` for article `k` of the chunk (titles, bylines or the path);
    /// `None` when they are not folded here.
    pub fn parts(&self, k: usize, field: Field) -> Option<impl Iterator<Item = &str>> {
        let needed = parts_of(field);
        if needed == 0 || self.folded & needed != needed {
            return None;
        }
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
    /// The parts every query so far asked for: each chunk folds them all (a query that
    /// alternates with another does not fold again what the other one folded).
    parts: u8,
}

impl FoldCache {
    /// The folded chunks of `items`, with the `parts` a query reads folded ([`needs`]) and
    /// those asked for before, folding again only the chunks that changed (or lack a part);
    /// none at all while no query asked for a part.
    pub fn refresh(&mut self, items: &Items, parts: u8) -> Vec<Arc<FoldedChunk>> {
        self.parts |= parts;
        if self.parts == 0 {
            return Vec::new();
        }
        let chunks = items.chunks();
        self.chunks.truncate(chunks.len());
        for (k, chunk) in chunks.iter().enumerate() {
            let fresh = self.chunks.get(k).is_some_and(|(w, f)| {
                std::ptr::eq(w.as_ptr(), Arc::as_ptr(chunk)) && f.folded == self.parts
            });
            if !fresh {
                let folded = FoldedChunk::build(chunk, self.parts);
                let entry = (Arc::downgrade(chunk), Arc::new(folded));
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
    use crate::item::Texts;
    use crate::source::Source;

    fn item(headline: &str, bylines: &[&str]) -> Item {
        let texts = Texts {
            label: None,
            headline,
            alt_headline: Some("Les États-Unis"),
            byline: bylines.first().copied(),
            more_bylines: bylines.get(1..).unwrap_or_default(),
        };
        Item::new(
            0,
            Source::File("/News/Été/1.txt".into()),
            texts,
            Vec::new(),
            0,
        )
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
        // Nothing is folded before a query asks for a part.
        assert!(cache.refresh(&items, 0).is_empty());
        let titles = cache.refresh(&items, TITLES);
        assert_eq!(parts(&titles, 5, Field::Title)[0], "election n°5");
        assert!(locate(&titles, 5).unwrap().0.parts(5, Field::By).is_none());
        assert!(locate(&titles, 5).unwrap().0.parts(5, Field::Any).is_none());
        let first = cache.refresh(&items, BYLINES | PATH);
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
        let changed = items.get_mut(1500).unwrap();
        *changed = changed.with_headline("Autre");
        let second = cache.refresh(&items, 0);
        assert!(Arc::ptr_eq(&first[0], &second[0]));
        assert!(!Arc::ptr_eq(&first[1], &second[1]));
        assert_eq!(parts(&second, 1500, Field::Title)[0], "autre");
        assert!(locate(&second, 9999).is_none());
    }
}

#[cfg(test)]
mod needs_tests {
    use super::*;

    fn needs_of(q: &str) -> u8 {
        needs(&crate::query::parse(q).unwrap())
    }

    #[test]
    fn a_query_folds_only_the_parts_it_reads() {
        assert_eq!(needs_of("gouvernement ministre"), 0);
        assert_eq!(needs_of("title:budget"), TITLES);
        assert_eq!(needs_of("by:dupont or path:economie"), BYLINES | PATH);
        assert_eq!(needs_of("\"le budget\""), TITLES | BYLINES);
        assert_eq!(needs_of("budget sort:title"), TITLES);
        assert_eq!(needs_of("is:unread section:sport"), 0);
    }
}
