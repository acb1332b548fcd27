//! Matching one piece of text: word starts, phrases, whole names, substrings, regexes. The
//! words of a text are those the full-text index records ([`crate::search`]): runs of letters
//! and digits of its folded form ([`crate::fold`]).

use std::borrow::Cow;

use super::Rx;
use crate::fold;

/// A text ready for matching without allocating when it can be: ASCII text as it is (compared
/// ignoring case: folding ASCII only lowers it), anything else folded.
enum Prepared<'a> {
    Ascii(&'a [u8]),
    Folded(Cow<'a, str>),
}

impl Prepared<'_> {
    /// `text`, folded unless `folded` says it is already.
    fn new(text: &str, folded: bool) -> Prepared<'_> {
        if text.is_ascii() {
            Prepared::Ascii(text.as_bytes())
        } else if folded {
            Prepared::Folded(Cow::Borrowed(text))
        } else {
            Prepared::Folded(Cow::Owned(fold::fold(text)))
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Prepared::Ascii(b) => b,
            Prepared::Folded(s) => s.as_bytes(),
        }
    }

    /// Calls `f` with the byte range of each word until it returns true; whether it did.
    fn words(&self, mut f: impl FnMut(usize, usize) -> bool) -> bool {
        let mut start = None;
        let mut each = |i: usize, alnum: bool| -> bool {
            match (start, alnum) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    start = None;
                    return f(s, i);
                }
                _ => {}
            }
            false
        };
        let end = self.bytes().len();
        let stopped = match self {
            Prepared::Ascii(b) => b
                .iter()
                .enumerate()
                .any(|(i, c)| each(i, c.is_ascii_alphanumeric())),
            Prepared::Folded(s) => s.char_indices().any(|(i, c)| each(i, c.is_alphanumeric())),
        };
        stopped || each(end, false)
    }

    /// Does the word at `start..end` start with `q` (folded)?
    fn starts(&self, start: usize, end: usize, q: &[u8]) -> bool {
        if end - start < q.len() {
            return false;
        }
        let head = &self.bytes()[start..start + q.len()];
        match self {
            Prepared::Ascii(_) => head
                .iter()
                .zip(q)
                .all(|(a, b)| a.to_ascii_lowercase() == *b),
            Prepared::Folded(_) => head == q,
        }
    }
}

/// Marks in `found` the query words (folded) that start a word of `text` (already folded when
/// `folded`); true once every one is found. Call it on the parts of a field in turn with the
/// same `found`.
pub fn find_words(text: &str, folded: bool, words: &[String], found: &mut [bool]) -> bool {
    if found.iter().all(|&f| f) {
        return true;
    }
    if text.is_ascii() {
        // The common case, in one tight pass over the bytes (100 000 headlines per key).
        let t = text.as_bytes();
        let mut i = 0;
        while i < t.len() {
            while i < t.len() && !t[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let start = i;
            while i < t.len() && t[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if start < i && mark(&t[start..i], words, found, true) {
                return true;
            }
        }
        return false;
    }
    let p = Prepared::new(text, folded);
    p.words(|s, e| mark(&p.bytes()[s..e], words, found, false))
}

/// Marks the query words `word` starts with (ASCII `word`s compared ignoring case); true once
/// all are found.
fn mark(word: &[u8], words: &[String], found: &mut [bool], ascii: bool) -> bool {
    let mut all = true;
    for (q, f) in words.iter().zip(found.iter_mut()) {
        if !*f {
            let q = q.as_bytes();
            *f = word.len() >= q.len()
                && if ascii {
                    word.iter()
                        .zip(q)
                        .all(|(a, b)| a.to_ascii_lowercase() == *b)
                } else {
                    &word[..q.len()] == q
                };
            all &= *f;
        }
    }
    all
}

/// Do consecutive words of `text` (already folded when `folded`) start with `phrase`'s words,
/// in order?
pub fn has_phrase(text: &str, folded: bool, phrase: &[String]) -> bool {
    if phrase.is_empty() {
        return true;
    }
    let p = Prepared::new(text, folded);
    let mut words = Vec::new();
    p.words(|s, e| {
        words.push((s, e));
        false
    });
    words.windows(phrase.len()).any(|w| {
        w.iter()
            .zip(phrase)
            .all(|(&(s, e), q)| p.starts(s, e, q.as_bytes()))
    })
}

/// Are the words of `name` exactly `words` (a section's whole name)?
pub fn is_name(name: &str, words: &[String]) -> bool {
    let p = Prepared::new(name, false);
    let mut next = words.iter();
    let differs = p.words(|s, e| {
        !next
            .next()
            .is_some_and(|q| e - s == q.len() && p.starts(s, e, q.as_bytes()))
    });
    !differs && next.next().is_none()
}

/// Does `text`, folded, contain `needle` (already folded)?
pub fn contains(text: &str, needle: &str) -> bool {
    if !text.is_ascii() {
        return fold::fold(text).contains(needle);
    }
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        text.to_ascii_lowercase().contains(needle)
    } else {
        text.contains(needle)
    }
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
        assert!(!find_words(
            "La Russie",
            false,
            &w(&["russ", "etat"]),
            &mut found
        ));
        assert!(find_words(
            "les États-Unis",
            false,
            &w(&["russ", "etat"]),
            &mut found
        ));
        let mut found = [false];
        assert!(!find_words(
            "cybercriminalité",
            false,
            &w(&["criminalite"]),
            &mut found
        ));
    }

    #[test]
    fn phrases_are_consecutive_word_starts() {
        let t = "La Banque centrale européenne baisse ses taux";
        assert!(has_phrase(t, false, &w(&["banque", "centr"])));
        assert!(has_phrase(
            t,
            false,
            &w(&["centrale", "europeenne", "baisse"])
        ));
        assert!(!has_phrase(t, false, &w(&["banque", "europeenne"])));
        assert!(!has_phrase(t, false, &w(&["taux", "banque"])));
    }

    #[test]
    fn ascii_and_folded_texts_match_alike() {
        for text in ["L'OMS et les Etats-Unis", "L’OMS et les États-Unis"] {
            let mut found = [false, false, false];
            assert!(
                find_words(text, false, &w(&["oms", "etat", "l"]), &mut found),
                "{text}"
            );
            assert!(
                has_phrase(text, false, &w(&["les", "eta", "unis"])),
                "{text}"
            );
            assert!(!has_phrase(text, false, &w(&["oms", "les"])), "{text}");
        }
        assert!(contains("/srv/News/Été.txt", "news/ete"));
        assert!(contains("/srv/News/x.txt", "news/x"));
        assert!(!contains("/srv/News/x.txt", "newsx"));
        assert!(contains("", ""));
    }

    #[test]
    fn folded_text_is_not_folded_again() {
        let mut found = [false];
        assert!(find_words("etats-unis", true, &w(&["unis"]), &mut found));
        assert!(has_phrase("ελλαδα και", true, &w(&["ελλ", "και"])));
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
