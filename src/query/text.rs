//! Matching one piece of text: word starts, phrases, whole names, substrings, regexes. The
//! words of a text are those the full-text index records ([`crate::search`]): runs of letters
//! and digits of its folded form ([`crate::fold`]).

use std::borrow::Cow;

use super::Rx;
use crate::fold;

/// The folded form of `text`, borrowed when folding changes nothing (lower-case ASCII).
pub fn folded(text: &str) -> Cow<'_, str> {
    if text
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(fold::fold(text))
    }
}

/// Marks in `found` the query words (folded) that start a word of `text`; true once every one
/// is found. Call it on the parts of a field in turn with the same `found`.
pub fn find_words(text: &str, words: &[String], found: &mut [bool]) -> bool {
    if found.iter().all(|&f| f) {
        return true;
    }
    let folded = folded(text);
    for word in fold::words(&folded) {
        for (q, f) in words.iter().zip(found.iter_mut()) {
            if !*f && word.starts_with(q.as_str()) {
                *f = true;
            }
        }
        if found.iter().all(|&f| f) {
            return true;
        }
    }
    false
}

/// Do consecutive words of `text` start with `phrase`'s words, in order?
pub fn has_phrase(text: &str, phrase: &[String]) -> bool {
    let folded = folded(text);
    let words: Vec<&str> = fold::words(&folded).collect();
    if phrase.is_empty() {
        return true;
    }
    words.windows(phrase.len()).any(|w| {
        w.iter()
            .zip(phrase)
            .all(|(word, q)| word.starts_with(q.as_str()))
    })
}

/// Are the words of `name` exactly `words` (a section's whole name)?
pub fn is_name(name: &str, words: &[String]) -> bool {
    let folded = folded(name);
    fold::words(&folded).eq(words.iter().map(String::as_str))
}

/// Does `text`, folded, contain `needle` (already folded)?
pub fn contains(text: &str, needle: &str) -> bool {
    folded(text).contains(needle)
}

impl Rx {
    /// Does the regex match `text` as written, or its folded form?
    pub fn matches(&self, text: &str) -> bool {
        if self.re.is_match(text) {
            return true;
        }
        // The regex ignores case already: folding ASCII text would change nothing.
        !text.is_ascii() && self.re.is_match(&fold::fold(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn words_start_words() {
        let mut found = [false, false];
        assert!(!find_words("La Russie", &w(&["russ", "etat"]), &mut found));
        assert!(find_words(
            "les États-Unis",
            &w(&["russ", "etat"]),
            &mut found
        ));
        let mut found = [false];
        assert!(!find_words(
            "cybercriminalité",
            &w(&["criminalite"]),
            &mut found
        ));
    }

    #[test]
    fn phrases_are_consecutive_word_starts() {
        let t = "La Banque centrale européenne baisse ses taux";
        assert!(has_phrase(t, &w(&["banque", "centr"])));
        assert!(has_phrase(t, &w(&["centrale", "europeenne", "baisse"])));
        assert!(!has_phrase(t, &w(&["banque", "europeenne"])));
        assert!(!has_phrase(t, &w(&["taux", "banque"])));
    }

    #[test]
    fn names_are_whole() {
        assert!(is_name("FAITS DIVERS", &w(&["faits", "divers"])));
        assert!(!is_name("FAITS DIVERS", &w(&["faits"])));
        assert!(is_name("JO 2024", &w(&["jo", "2024"])));
        assert!(is_name("ÉCONOMIE", &w(&["economie"])));
    }

    #[test]
    fn regexes_see_the_text_and_its_folded_form() {
        let rx = |s: &str| Rx {
            source: s.into(),
            re: regex::RegexBuilder::new(s)
                .case_insensitive(true)
                .build()
                .unwrap(),
        };
        assert!(rx("etats-unis").matches("Les États-Unis"));
        assert!(rx("États").matches("les ÉTATS"));
        assert!(rx("^bce").matches("BCE : la banque"));
        assert!(!rx("^banque").matches("BCE : la banque"));
    }
}
