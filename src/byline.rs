//! Recognising byline lines: `Etienne Froment pour 20 Minutes`, `Propos recueillis par X`,
//! `20 Minutes avec agences`, `Jean Dupont et Marie Martin`, `By Jane Doe`, `Jane Doe, Reuters`.
//!
//! A byline is a short line without final punctuation made of *names* (capitalised words with
//! their particles and initials), optionally introduced (`Par`, `By`, `Propos recueillis par`) or
//! followed by a connector and an *organisation* (`pour`, `avec`, `for`, `with`, a comma). The
//! test is about shape, not about a list of newspapers, so unseen bylines of these shapes pass.

/// Words that introduce the names.
const INTRODUCERS: &[&str] = &[
    "propos recueillis par ",
    "texte et photos ",
    "reportage ",
    "texte ",
    "par ",
    "by ",
    "de notre correspondant ",
    "de notre correspondante ",
    "de notre envoyé spécial ",
    "de notre envoyée spéciale ",
];

/// Connectors between the names and the organisation.
const CONNECTORS: &[&str] = &[" pour ", " avec ", " for ", " with ", " at ", ", "];

/// Words that join two names.
const JOINERS: &[&str] = &[" et ", " and ", " & ", ", "];

/// Lower-case words allowed inside a name.
const PARTICLES: &[&str] = &[
    "de", "du", "des", "d’", "d'", "la", "le", "van", "von", "der", "den", "da", "di", "dos",
    "del", "ben", "bin", "el", "al", "y", "ter", "zu",
];

/// Lower-case words allowed inside an organisation.
const ORG_WORDS: &[&str] = &[
    "agences",
    "agence",
    "agencies",
    "agency",
    "correspondant",
    "correspondante",
    "envoyé",
    "envoyée",
    "spécial",
    "spéciale",
    "staff",
    "wire",
    "services",
    "the",
    "à",
    "au",
    "en",
    "in",
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "of",
    "and",
    "et",
];

/// Longest byline line, in characters.
const MAX_CHARS: usize = 120;

/// Is `line` a byline?
pub fn is_byline(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > MAX_CHARS {
        return false;
    }
    let last = line.chars().next_back().unwrap_or(' ');
    if !(last.is_alphanumeric() || last == ')') {
        return false;
    }
    if line.contains(['«', '»', '“', '”', '"', '„', ':', ';', '!', '?']) {
        return false;
    }
    let lower = line.to_lowercase();
    for intro in INTRODUCERS {
        if lower.starts_with(intro) {
            let rest = &line[intro.len()..];
            return names(rest) || with_org(rest);
        }
    }
    with_org(line) || names_strict(line)
}

/// `<names or organisation> <connector> <organisation>`.
fn with_org(line: &str) -> bool {
    CONNECTORS.iter().any(|conn| {
        line.match_indices(conn).any(|(i, _)| {
            let (left, right) = (&line[..i], &line[i + conn.len()..]);
            (names(left) || org(left)) && org(right)
        })
    })
}

/// One or more names joined by `et`, `and`, `&` or commas.
fn names(s: &str) -> bool {
    split_any(s, JOINERS).iter().all(|n| name(n, 1))
}

/// Names standing alone on their line: each of two words or more, so a one-word intertitle is
/// not taken for a byline.
fn names_strict(s: &str) -> bool {
    let parts = split_any(s, JOINERS);
    parts.len() <= 4 && parts.iter().all(|n| name(n, 2))
}

fn split_any<'a>(s: &'a str, seps: &[&str]) -> Vec<&'a str> {
    let mut parts = vec![s];
    for sep in seps {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
}

/// A person's name: `min_words` to 4 words, capitalised words, initials and particles, starting
/// with a capital.
fn name(s: &str, min_words: usize) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() < min_words || words.len() > 4 {
        return false;
    }
    let capitalised = words.iter().filter(|w| capitalised_word(w)).count();
    words
        .first()
        .is_some_and(|w| capitalised_word(w) || initial(w))
        && capitalised >= 1
        && words
            .iter()
            .all(|w| capitalised_word(w) || initial(w) || PARTICLES.contains(w))
}

/// `Jean`, `Jean-Pierre`, `O’Brien`, `DUPONT`, `McCain`: a capital then letters, hyphens and
/// apostrophes (each hyphenated part capitalised).
fn capitalised_word(w: &str) -> bool {
    w.split('-').all(|part| {
        let mut chars = part.chars();
        chars.next().is_some_and(char::is_uppercase)
            && part.chars().count() >= 2
            && chars.all(|c| c.is_alphabetic() || c == '’' || c == '\'')
    })
}

/// `J.`, `J.-P.`
fn initial(w: &str) -> bool {
    w.split('-').all(|part| {
        let mut chars = part.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.as_str() == "."
    })
}

/// An organisation: up to 6 words, capitalised words, acronyms, numbers, a few lower-case words
/// (`agences`, `correspondante à`), with at least one that is not lower case.
fn org(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    let strong = |w: &&str| {
        let w = w
            .trim_start_matches(['l', 'L', 'd', 'D'])
            .trim_start_matches(['’', '\'']);
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    let lower_ok = |w: &&str| ORG_WORDS.contains(&w.to_lowercase().as_str());
    words.iter().all(|w| strong(w) || lower_ok(w))
        && (words.iter().any(strong) || words.iter().any(|w| w.starts_with("agence")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byline_shapes() {
        for line in [
            "Etienne Froment pour 20 Minutes",
            "Marie Dupont avec AFP",
            "Marie Dupont avec l’AFP",
            "Propos recueillis par Jean-Pierre Martin",
            "20 Minutes avec agences",
            "Jean Dupont et Marie Martin",
            "Jean Dupont et Marie Martin pour 20 Minutes",
            "By Jane Doe",
            "Jane Doe and John Roe",
            "Jane Doe, Reuters",
            "Jane Doe for The Guardian",
            "Par J.-P. Durand",
            "Anne-Sophie de La Tour",
            "Léa Martin, correspondante à Bruxelles",
        ] {
            assert!(is_byline(line), "{line}");
        }
    }

    #[test]
    fn not_bylines() {
        for line in [
            "Un mariage de convenance",
            "La Russie et les États-Unis acceptent de collaborer",
            "Il s’agit d’un moment historique.",
            "« Une aubaine »",
            "Conclusion",
            "Pourquoi maintenant ?",
            "Le FSB collaborera avec les autorités américaines",
            "",
        ] {
            assert!(!is_byline(line), "{line}");
        }
    }
}
