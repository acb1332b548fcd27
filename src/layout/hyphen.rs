//! Where a French word may be cut at a line's end, with a hyphen.
//!
//! The points come from the TeX French patterns (hyph-fr, Knuth–Liang, as `hypher` embeds
//! them), restricted the way French typography restricts them:
//! - only inside a run of at least [`MIN_LETTERS`] Latin letters, keeping at least [`KEEP`]
//!   letters on each side of the hyphen (`déve-loppement`, never `dé-`… nor `…-nt`);
//! - never in a word holding a digit, an `@`, a `/`, a `_`, a `.` followed by a letter (numbers,
//!   URLs, e-mail addresses, handles, abbreviations), a hyphen (a compound is cut at its own
//!   hyphen or not at all), or anything but letters and punctuation (CJK, emoji, combining
//!   accents, soft hyphens);
//! - never in a run with a capital after its first letter (`UNESCO`, `iPhone`), nor in a
//!   capitalised run unless the word starts a sentence (proper nouns are not cut);
//! - never in the letters before an apostrophe (`aujourd’hui`, `presqu’île`).
//!
//! Words joined by a no-break space or glued to a quotation mark by a space are not handed
//! here at all: a group is held together (see `wrap`).

use hypher::Lang;

/// Fewest letters in a run that may be cut.
pub const MIN_LETTERS: usize = 6;
/// Fewest letters kept on each side of a hyphen.
pub const KEEP: usize = 3;

/// Is `c` a letter that hyphenation deals with: Latin, with its accents precomposed?
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{c0}'..='\u{24f}').contains(&c) && c.is_alphabetic())
}

/// Punctuation that may surround or split the letters of a word that is still cut.
fn is_word_punctuation(c: char) -> bool {
    matches!(
        c,
        '’' | '\''
            | '«'
            | '»'
            | '“'
            | '”'
            | '„'
            | '‹'
            | '›'
            | '‘'
            | '"'
            | '('
            | ')'
            | '['
            | ']'
            | '.'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
    )
}

/// Pushes onto `out` the byte offsets in `word` after which a hyphen may end a line, in
/// increasing order. `starts_sentence`: the word opens a sentence, so a capital does not make
/// it a proper noun.
pub fn points(word: &str, starts_sentence: bool, out: &mut Vec<usize>) {
    if word.len() < MIN_LETTERS {
        return;
    }
    let mut prev = ' ';
    for c in word.chars() {
        let acceptable = is_letter(c) || is_word_punctuation(c);
        // `.` then a letter: `lemonde.fr`, `U.S.A`.
        if !acceptable || (prev == '.' && is_letter(c)) {
            return;
        }
        prev = c;
    }
    let mut first_run = true;
    let mut rest = word;
    let mut base = 0;
    while let Some(start) = rest.find(is_letter) {
        let len = rest[start..]
            .find(|c: char| !is_letter(c))
            .unwrap_or(rest.len() - start);
        let run = &rest[start..start + len];
        let after = &rest[start + len..];
        let at = base + start;
        let capital = run.chars().next().is_some_and(char::is_uppercase);
        let cuttable = run.chars().count() >= MIN_LETTERS
            && !run.chars().skip(1).any(char::is_uppercase)
            && (!capital || (first_run && starts_sentence))
            && !after.starts_with(['’', '\'']);
        if cuttable {
            let mut end = at;
            let mut syllables = hypher::hyphenate_bounded(run, Lang::French, KEEP, KEEP).peekable();
            while let Some(s) = syllables.next() {
                end += s.len();
                if syllables.peek().is_some() {
                    out.push(end);
                }
            }
        }
        first_run = false;
        base = at + len;
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(word: &str, starts: bool) -> String {
        let mut at = Vec::new();
        points(word, starts, &mut at);
        let mut out = String::new();
        let mut from = 0;
        for p in at {
            out.push_str(&word[from..p]);
            out.push('-');
            from = p;
        }
        out.push_str(&word[from..]);
        out
    }

    #[test]
    fn french_words_are_cut_where_french_cuts_them() {
        for (word, want) in [
            ("développement", "déve-lop-pe-ment"),
            ("gouvernement", "gou-ver-ne-ment"),
            ("cheval", "che-val"),
            ("chevaux", "che-vaux"),
            ("l’administration", "l’admi-nis-tra-tion"),
            ("électricité,", "élec-tri-cité,"),
            ("(présidentielle).", "(pré-si-den-tielle)."),
            ("«manifestation»", "«mani-fes-ta-tion»"),
        ] {
            assert_eq!(cut(word, false), want);
        }
    }

    #[test]
    fn what_is_never_cut() {
        for word in [
            "table",                           // under six letters
            "États-Unis",                      // a compound
            "porte-monnaie",                   // a compound
            "aujourd’hui",                     // letters before an apostrophe
            "UNESCO",                          // an acronym
            "iPhones",                         // a capital inside
            "Montpellier",                     // a proper noun
            "https://exemple.fr/gouvernement", // a URL
            "gouvernement@exemple.fr",         // an address
            "lemonde.fr",                      // a domain
            "2024gouvernement",                // a digit
            "gouverne\u{ad}ment",              // a soft hyphen: the author's own cut
            "de\u{301}veloppement",            // a combining accent
            "développement日本",               // CJK
        ] {
            assert_eq!(cut(word, false), word, "{word:?}");
        }
    }

    #[test]
    fn a_capital_is_cut_only_at_a_sentence_start() {
        assert_eq!(cut("Parallèlement,", false), "Parallèlement,");
        assert_eq!(cut("Parallèlement,", true), "Paral-lè-le-ment,");
        // The capital of `L’` makes no proper noun of what follows it.
        assert_eq!(cut("L’administration", true), "L’admi-nis-tra-tion");
        assert_eq!(cut("l’Assemblée", true), "l’Assemblée");
    }
}
