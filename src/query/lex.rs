//! The query's tokens: words, `"phrases"`, `/regexes/`, `field:value`, `(`, `)`, `-` and `or`,
//! each with the column it starts at.

use super::Error;

/// A field's value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Value {
    Word(String),
    Phrase(String),
    Regex(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
    Open,
    Close,
    Not,
    Or,
    /// A term: a field (`None`: no field) and its value, with the value's column.
    Term(Option<String>, Value, usize),
}

#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) tok: Tok,
    /// Column of its first character (1 = first).
    pub(super) col: usize,
}

pub(super) fn err<T>(column: usize, message: impl Into<String>) -> Result<T, Error> {
    Err(Error {
        column,
        message: message.into(),
    })
}

const FIELDS: &[&str] = &[
    "section", "title", "by", "quote", "body", "path", "is", "newer", "older", "date", "sort",
];

/// Ends a word: whitespace, a parenthesis or a double quote.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

pub(super) struct Lexer {
    pub(super) chars: Vec<char>,
    pub(super) at: usize,
}

impl Lexer {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().collect()
    }

    pub(super) fn tokens(mut self) -> Result<Vec<Token>, Error> {
        let mut out = Vec::new();
        while let Some(c) = self.peek(0) {
            let col = self.at + 1;
            if c.is_whitespace() {
                self.at += 1;
                continue;
            }
            let tok = match c {
                '(' => {
                    self.at += 1;
                    Tok::Open
                }
                ')' => {
                    self.at += 1;
                    Tok::Close
                }
                '-' => {
                    if self.peek(1).is_none_or(|n| n.is_whitespace() || n == ')') {
                        return err(col, "nothing to negate after -");
                    }
                    self.at += 1;
                    Tok::Not
                }
                _ => self.term()?,
            };
            out.push(Token { tok, col });
        }
        Ok(out)
    }

    /// A term at the current position: `field:value`, a phrase, a regex or a word.
    fn term(&mut self) -> Result<Tok, Error> {
        let start = self.at;
        let name_len = self.chars[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if name_len > 0 && self.peek(name_len) == Some(':') {
            let name = self.text(start, start + name_len).to_ascii_lowercase();
            if !FIELDS.contains(&name.as_str()) {
                return err(
                    start + 1,
                    format!(
                        "unknown field “{name}:” (fields: {}); to look for the text, put it in \"quotes\"",
                        FIELDS.join(", ")
                    ),
                );
            }
            self.at = start + name_len + 1;
            let value_col = self.at + 1;
            if self
                .peek(0)
                .is_none_or(|c| c.is_whitespace() || c == ')' || c == '(')
            {
                return err(
                    start + 1,
                    format!("{name}: needs a value right after the colon"),
                );
            }
            let value = self.value(name == "path")?;
            return Ok(Tok::Term(Some(name), value, value_col));
        }
        let value = self.value(false)?;
        if let Value::Word(w) = &value
            && (w == "or" || w == "OR")
        {
            return Ok(Tok::Or);
        }
        Ok(Tok::Term(None, value, start + 1))
    }

    /// A value at the current position: a phrase, a regex or a word. For a path, a value
    /// starting with `/` is a regex only if it is one whole (`/srv/news` is a path).
    fn value(&mut self, path: bool) -> Result<Value, Error> {
        let start = self.at;
        match self.peek(0) {
            Some('"') => {
                let Some(len) = self.chars[start + 1..].iter().position(|&c| c == '"') else {
                    return err(start + 1, "this \" is never closed");
                };
                self.at = start + len + 2;
                Ok(Value::Phrase(self.text(start + 1, start + 1 + len)))
            }
            Some('/') => match self.regex_end(start) {
                Ok(end) => {
                    self.at = end + 1;
                    Ok(Value::Regex(self.text(start + 1, end)))
                }
                Err(e) if !path => Err(e),
                Err(_) => Ok(self.word()),
            },
            _ => Ok(self.word()),
        }
    }

    /// Where the regex opening at `start` closes: the next `/` not escaped by `\`, which must
    /// end the token.
    fn regex_end(&self, start: usize) -> Result<usize, Error> {
        let mut i = start + 1;
        while let Some(&c) = self.chars.get(i) {
            match c {
                '\\' => i += 2,
                '/' => {
                    if self.chars.get(i + 1).is_some_and(|&n| !ends_word(n)) {
                        return err(
                            i + 2,
                            "a /regex/ ends at its closing /: put a space after it",
                        );
                    }
                    return Ok(i);
                }
                _ => i += 1,
            }
        }
        err(start + 1, "this / is never closed (a regex is written /…/)")
    }

    fn word(&mut self) -> Value {
        let start = self.at;
        while self.peek(0).is_some_and(|c| !ends_word(c)) {
            self.at += 1;
        }
        Value::Word(self.text(start, self.at))
    }
}
