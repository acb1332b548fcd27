//! The article model: what a stored article is once parsed, independent of where it came from.

use crate::quote::{self, Quote};

/// A piece of text with the quotations found in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    /// The source text, cleaned (SPEC §8), line endings normalised.
    pub text: String,
    /// Its quotations, outermost and nested, ordered by start.
    pub quotes: Vec<Quote>,
}

impl Text {
    /// A text whose quotations are not looked for (yet): see [`crate::parse::find_quotes`].
    pub fn plain(text: String) -> Text {
        Text {
            text,
            quotes: Vec::new(),
        }
    }

    /// A text that stands alone (headline, standfirst), its quotations found.
    pub fn standalone(text: String) -> Text {
        let quotes = quote::find(&text, false).quotes;
        Text { text, quotes }
    }

    /// Its outermost quotations, exactly as they stand in the text.
    pub fn outer_quotes(&self) -> impl Iterator<Item = &str> {
        quote::outermost(&self.text, &self.quotes)
    }
}

/// What a body block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// Running text.
    Paragraph,
    /// A short heading inside the body.
    Intertitle,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Paragraph or intertitle.
    pub kind: BlockKind,
    /// Its text.
    pub text: Text,
}

/// A parsed article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// The section label glued to the headline, when the file is in the stored format.
    pub label: Option<String>,
    /// The headline (for a plain text file, its first non-empty line).
    pub headline: Text,
    /// The alternate headline.
    pub alt_headline: Option<Text>,
    /// The standfirst (the label glued to it is not part of it).
    pub standfirst: Option<Text>,
    /// Bylines, each once, in order of appearance.
    pub bylines: Vec<String>,
    /// Paragraphs and intertitles.
    pub blocks: Vec<Block>,
    /// Everything odd met while reading and parsing it.
    pub warnings: Vec<String>,
    /// True when the label split was a close call that labels from other files may settle.
    pub label_uncertain: bool,
    /// A hash of the body's text ([`crate::parse::body_hash`]), to tell apart files that share
    /// an identity.
    pub body_hash: u64,
}

impl Article {
    /// Every outermost quotation in document order: headline, alternate headline, standfirst,
    /// then the blocks; a quotation over several paragraphs gives one entry per part.
    pub fn quotes(&self) -> impl Iterator<Item = &str> {
        self.texts().flat_map(Text::outer_quotes)
    }

    /// Every text of the article in document order (bylines aside).
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        std::iter::once(&self.headline)
            .chain(self.alt_headline.as_ref())
            .chain(self.standfirst.as_ref())
            .chain(self.blocks.iter().map(|b| &b.text))
    }

    /// The hash of the article's content identity: normalised label, headline and standfirst
    /// (SPEC §4). Line endings, trailing spaces, accents composed or not, and the file's name
    /// and place do not change it.
    pub fn identity(&self) -> u64 {
        let mut key = String::new();
        for part in [
            self.label.as_deref().unwrap_or(""),
            &self.headline.text,
            self.standfirst.as_ref().map_or("", |s| s.text.as_str()),
        ] {
            normalise_into(part, &mut key);
            key.push('\u{1f}');
        }
        xxhash_rust::xxh3::xxh3_64(key.as_bytes())
    }
}

/// Appends `s` with whitespace runs collapsed to one space and composed accents (NFC).
fn normalise_into(s: &str, out: &mut String) {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let s = s.trim();
    // Most text is already composed: only decomposed text pays for composing.
    let composed: Box<dyn Iterator<Item = char>> = if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        Box::new(s.chars())
    } else {
        Box::new(s.nfc())
    };
    let mut space = false;
    for c in composed {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
}

/// The 16-hex-digit form of an id (SPEC §4).
pub fn format_id(id: u64) -> String {
    format!("{id:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(label: &str, headline: &str, standfirst: &str) -> Article {
        Article {
            label: Some(label.into()),
            headline: Text::standalone(headline.into()),
            standfirst: Some(Text::standalone(standfirst.into())),
            ..Article::default()
        }
    }

    #[test]
    fn identity_ignores_spacing_and_composition() {
        let a = article("SANTE", "L’été  arrive", "Il fait chaud");
        let b = article("SANTE", "L’e\u{301}te\u{301} arrive ", "Il fait chaud");
        assert_eq!(a.identity(), b.identity());
        let c = article("MONDE", "L’été arrive", "Il fait chaud");
        assert_ne!(a.identity(), c.identity());
    }

    #[test]
    fn id_format_is_16_hex_digits() {
        assert_eq!(format_id(0xab), "00000000000000ab");
        assert_eq!(format_id(u64::MAX).len(), 16);
    }
}
