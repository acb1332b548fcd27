//! Is an article French? Hyphenation uses French patterns, and cutting English words with
//! them would be wrong, so it is only done where the text says it is French.
//!
//! The test is cheap and reads at most [`WORDS_READ`] words, headline first:
//! - French function words (`les`, `des`, `une`, `dans`, `avec`, …) are counted against those of
//!   English, German, Spanish, Italian and Portuguese (`the`, `und`, `los`, `che`, `não`, …).
//!   Words French shares with one of them (`il`, `de`, `en`, `que`, `on`, `y`, `non`, `an`) are
//!   in neither list.
//! - French spacing counts too: a space or no-break space inside guillemets (`« Nous »`) or
//!   before `;`, `:`, `!`, `?` (`taux :`) — no other language spaces its marks this way.
//!
//! The article is French when French words and spacing make at least [`ENOUGH`] points (a
//! French word is one, spacing two, up to five times) and French words are at least twice as
//! many as the others. A French headline of a few words with its guillemets is French; an
//! English article quoting « Nous » once is not.

use crate::article::Article;

/// Words read at most: the headline, the standfirst and the start of the body say enough.
pub const WORDS_READ: usize = 400;
/// Points needed to call a text French.
const ENOUGH: usize = 3;

/// Is `w` (lower case) a French function word that is not a word of the other languages
/// counted? A `match`, which the compiler turns into a few length and byte comparisons.
fn is_french_word(w: &str) -> bool {
    matches!(
        w,
        "le" | "la"
            | "les"
            | "des"
            | "du"
            | "et"
            | "est"
            | "une"
            | "pour"
            | "dans"
            | "qui"
            | "pas"
            | "avec"
            | "aux"
            | "cette"
            | "sont"
            | "ont"
            | "mais"
            | "ses"
            | "leur"
            | "leurs"
            | "nous"
            | "vous"
            | "été"
            | "très"
            | "où"
            | "sur"
            | "au"
            | "elle"
            | "plus"
            | "ce"
            | "ces"
            | "aussi"
            | "sans"
            | "ils"
            | "était"
            | "avait"
    )
}

/// Is `w` (lower case) a function word of English, German, Spanish, Italian or Portuguese that
/// French lacks?
fn is_other_word(w: &str) -> bool {
    matches!(
        w,
        // English
        "the" | "and" | "of" | "to" | "is" | "that" | "for" | "with" | "was" | "are" | "this"
            | "from" | "which" | "by" | "have" | "has" | "were" | "it" | "be" | "will"
            | "would" | "their" | "they"
            // German
            | "der" | "die" | "und" | "ist" | "nicht" | "das" | "mit" | "ein" | "eine" | "zu"
            | "den" | "von" | "sich" | "auch" | "auf" | "für" | "im" | "dem" | "wir" | "sie"
            // Spanish
            | "el" | "los" | "las" | "por" | "con" | "del" | "es" | "lo" | "como" | "pero"
            | "muy"
            // Italian
            | "di" | "che" | "per" | "della" | "gli" | "sono" | "anche" | "nel"
            // Portuguese
            | "os" | "em" | "não" | "uma" | "com" | "pelo"
    )
}

/// Is `article` French? See the module's documentation for the test.
pub fn is_french(article: &Article) -> bool {
    let mut votes = Votes::default();
    for text in article.texts() {
        if !votes.read(&text.text) {
            break;
        }
    }
    votes.french()
}

/// Is `text` French? The same test on one text.
pub fn text_is_french(text: &str) -> bool {
    let mut votes = Votes::default();
    votes.read(text);
    votes.french()
}

#[derive(Default)]
struct Votes {
    words: usize,
    french: usize,
    other: usize,
    spacing: usize,
}

impl Votes {
    /// Counts the words and the spacing of `text`, in one pass that stops once
    /// [`WORDS_READ`] words have been read (then returns false).
    fn read(&mut self, text: &str) -> bool {
        let spaced = |c: char| c == ' ' || c == '\u{a0}' || c == '\u{202f}';
        let mut prev = ' ';
        let mut start = None;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphabetic() {
                start.get_or_insert(i);
            } else {
                if let Some(s) = start.take()
                    && !self.word(&text[s..i])
                {
                    return false;
                }
                let next = chars.peek().map_or(' ', |&(_, n)| n);
                if (c == '«' && spaced(next))
                    || (c == '»' && spaced(prev))
                    || (matches!(c, ';' | ':' | '!' | '?') && spaced(prev))
                {
                    self.spacing += 1;
                }
            }
            prev = c;
        }
        start.is_none_or(|s| self.word(&text[s..]))
    }

    /// Counts one word; false once enough have been read.
    fn word(&mut self, word: &str) -> bool {
        self.words += 1;
        // Function words are short: longer words are not looked up (nor lowered).
        if word.len() <= 6 {
            let lower;
            // Lower case but for a capital at a sentence's start: lowered only then.
            let word = if word.starts_with(|c: char| c.is_ascii_lowercase()) {
                word
            } else {
                lower = word.to_lowercase();
                lower.as_str()
            };
            if is_french_word(word) {
                self.french += 1;
            } else if is_other_word(word) {
                self.other += 1;
            }
        }
        self.words < WORDS_READ
    }

    fn french(&self) -> bool {
        self.french + 2 * self.spacing.min(5) >= ENOUGH && self.french >= 2 * self.other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_is_told_from_other_languages() {
        for (text, french) in [
            (
                "Le gouvernement a présenté mercredi un programme pour les collectivités.",
                true,
            ),
            ("« Nous ne partirons pas » : au Cap-Vert, la colère", true),
            ("Smic\u{a0}: ce qui change au 1er janvier", true),
            (
                "The United Nations’ food agency warned on Tuesday that Sudan is facing the \
                 world’s largest hunger crisis, with famine conditions confirmed.",
                false,
            ),
            // English quoting French once is still English.
            (
                "He said « Nous ne partirons pas » and the crowd cheered for the minister, who \
                 was there with the mayor and his team.",
                false,
            ),
            // German guillemets hold no space; German words outvote `la`.
            (
                "»Wir schaffen das«, sagte die Kanzlerin und ist nicht mit der Lage zufrieden.",
                false,
            ),
            (
                "El gobierno ha presentado un programa para los municipios y las regiones, \
                 con la ayuda del Estado.",
                false,
            ),
            ("Che cosa è successo per le strade della città", false),
            ("", false),
            ("12 345 678", false),
        ] {
            assert_eq!(text_is_french(text), french, "{text:?}");
        }
    }

    #[test]
    fn only_the_first_words_are_read() {
        let french = "Les gens sont dans la rue avec des pancartes. ".repeat(60);
        let english = "The people are in the street with their signs. ".repeat(60);
        assert!(text_is_french(&format!("{french}{english}")));
        assert!(!text_is_french(&format!("{english}{french}")));
    }
}
