//! The text filter: what `/` in the reader and `kiosque list --query` match.
//!
//! A query is folded (case and accents ignored) and cut into words; an article matches when every
//! query word starts a word of its text. So `cybercriminalite` finds `cybercriminalité`,
//! `etats-unis` finds `États-Unis`, and `cyber` finds it too, while `criminalite` does not
//! match inside `cybercriminalité`: matching word starts is what a full-text index can answer
//! fast on a big library, and what people type.

use crate::fold;

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    /// Parses what the user typed.
    pub fn new(text: &str) -> Query {
        let folded = fold::fold(text);
        let mut words: Vec<String> = fold::words(&folded).map(str::to_owned).collect();
        words.sort();
        words.dedup();
        // A word that starts another query word adds nothing (`etat etats` = `etats`).
        let all = words.clone();
        words.retain(|w| !all.iter().any(|o| o != w && o.starts_with(w.as_str())));
        Query { words }
    }

    /// True when there is nothing to match (every article passes).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The folded query words.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Does already-folded text hold every query word at a word start?
    pub fn matches_folded(&self, folded: &str) -> bool {
        self.missing_in(folded, &mut vec![false; self.words.len()])
    }

    /// Marks in `found` the query words `folded` holds; true once all are found. Call it on the
    /// parts of a document in turn with the same `found` to match across them.
    pub fn missing_in(&self, folded: &str, found: &mut [bool]) -> bool {
        if found.iter().all(|&f| f) {
            return true;
        }
        for word in fold::words(folded) {
            for (i, q) in self.words.iter().enumerate() {
                if !found[i] && word.starts_with(q.as_str()) {
                    found[i] = true;
                }
            }
            if found.iter().all(|&f| f) {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(q: &str, text: &str) -> bool {
        Query::new(q).matches_folded(&fold::fold(text))
    }

    #[test]
    fn accents_and_case_are_ignored() {
        let t = "La Russie et les États-Unis contre la cybercriminalité";
        assert!(m("cybercriminalite", t));
        assert!(m("etats-unis", t));
        assert!(m("ÉTATS", t));
        assert!(m("russie cyber", t));
        assert!(!m("russie chine", t));
        assert!(!m("criminalite", t));
    }

    #[test]
    fn empty_query_matches_everything() {
        assert!(Query::new("  - ").is_empty());
        assert!(m("", "anything"));
    }

    #[test]
    fn prefixes_of_other_query_words_are_dropped() {
        assert_eq!(Query::new("etat etats").words(), ["etats"]);
    }

    #[test]
    fn matching_across_parts() {
        let q = Query::new("russie fsb");
        let mut found = vec![false; q.words().len()];
        assert!(!q.missing_in("la russie", &mut found));
        assert!(q.missing_in("le fsb", &mut found));
    }
}
