//! A problem met in a settings file (`config.toml`: its keys, theme and layout), with its line,
//! and the edit distance that suggests the name a mistyped setting meant. Below
//! [`crate::config`], [`crate::keymap`] and [`crate::theme`], which all report with it.

use crate::sanitize;

/// A problem in `config.toml`: an error (the file is refused: commands stop with exit 2) or a
/// warning (an unknown setting, a value brought within range: said in `w` and by
/// `config check`, never fatal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Its line in the file, when it has one.
    pub line: Option<usize>,
    /// An error, not a warning.
    pub error: bool,
    /// What is wrong, cleaned (it may quote the file).
    pub message: String,
}

impl Problem {
    /// An error.
    pub fn error(line: Option<usize>, message: impl Into<String>) -> Problem {
        Problem {
            line,
            error: true,
            message: sanitize::one_line(&message.into()),
        }
    }

    /// A warning.
    pub fn warning(line: Option<usize>, message: impl Into<String>) -> Problem {
        Problem {
            error: false,
            ..Problem::error(line, message)
        }
    }

    /// Is it an error?
    pub fn is_error(&self) -> bool {
        self.error
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if !self.error {
            f.write_str("warning: ")?;
        }
        f.write_str(&self.message)
    }
}

/// How many one-character edits turn `a` into `b` (to suggest a name for a mistyped one).
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
