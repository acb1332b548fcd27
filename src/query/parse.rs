//! The query parser: text → [`Query`], or an [`Error`] naming the column of the trouble.
//!
//! Tokens first (words, `"phrases"`, `/regexes/`, `field:value`, `(`, `)`, `-`, `or`), then the
//! `sort:` directive taken out, then recursive descent: `or` of ANDs of (negated) terms and
//! groups.

use super::date::parse_when;
use super::lex::{Lexer, Tok, Token, Value, err};
use super::{DateOp, Error, Expr, Field, Flag, Pattern, Query, Rx, Sort, Term};
use crate::fold;

/// Parses a query. The empty query (or blanks) matches everything.
pub fn parse(text: &str) -> Result<Query, Error> {
    let tokens = Lexer {
        chars: text.chars().collect(),
        at: 0,
    }
    .tokens()?;
    let (tokens, sort) = take_sort(tokens)?;
    let mut p = Parser { tokens, at: 0 };
    let expr = p.or_expr()?;
    if let Some(t) = p.tokens.get(p.at) {
        // Only a `)` can stop the top level early.
        return err(t.col, "this ) closes nothing");
    }
    Ok(Query { expr, sort })
}

/// Takes the `sort:` directive out: it orders the whole result, so it must stand at the top
/// level, once, and cannot be negated.
fn take_sort(tokens: Vec<Token>) -> Result<(Vec<Token>, Sort), Error> {
    let mut depth = 0usize;
    let mut sort = None;
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for t in tokens {
        match &t.tok {
            Tok::Open => depth += 1,
            Tok::Close => depth = depth.saturating_sub(1),
            Tok::Term(Some(name), value, vcol) if name == "sort" => {
                if depth > 0 {
                    return err(
                        t.col,
                        "sort: orders the whole query: it cannot be inside ( )",
                    );
                }
                if out.last().is_some_and(|p| p.tok == Tok::Not) {
                    return err(t.col, "sort: cannot be negated");
                }
                if sort.is_some() {
                    return err(t.col, "one sort: per query");
                }
                let order = match value {
                    Value::Word(w) => w.to_ascii_lowercase(),
                    _ => String::new(),
                };
                sort = Some(match order.as_str() {
                    "new" => Sort::New,
                    "old" => Sort::Old,
                    "section" => Sort::Section,
                    "title" => Sort::Title,
                    _ => return err(*vcol, "sort: takes new, old, section or title"),
                });
                continue;
            }
            _ => {}
        }
        out.push(t);
    }
    Ok((out, sort.unwrap_or_default()))
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or_expr(&mut self) -> Result<Expr, Error> {
        let mut any = vec![self.and_expr(None)?];
        while let Some(t) = self.peek().filter(|t| t.tok == Tok::Or) {
            let col = t.col;
            self.at += 1;
            any.push(self.and_expr(Some(col))?);
        }
        Ok(if any.len() == 1 {
            any.swap_remove(0)
        } else {
            Expr::Or(any)
        })
    }

    /// Terms side by side; `after_or` is the column of the `or` before them, if any.
    fn and_expr(&mut self, after_or: Option<usize>) -> Result<Expr, Error> {
        let mut all = Vec::new();
        while let Some(t) = self.peek() {
            if matches!(t.tok, Tok::Or | Tok::Close) {
                break;
            }
            all.push(self.unary()?);
        }
        if all.is_empty() {
            return match (self.peek(), after_or) {
                (_, Some(col)) => err(col, "or needs a term after it"),
                (Some(t), None) if t.tok == Tok::Or => err(t.col, "or needs a term before it"),
                (Some(t), None) if self.at > 0 && self.tokens[self.at - 1].tok == Tok::Open => {
                    err(t.col, "nothing between ( and )")
                }
                // The empty query; a lone `)` is reported by the caller.
                _ => Ok(Expr::All),
            };
        }
        Ok(if all.len() == 1 {
            all.swap_remove(0)
        } else {
            Expr::And(all)
        })
    }

    fn unary(&mut self) -> Result<Expr, Error> {
        let Some(t) = self.peek().cloned() else {
            return Ok(Expr::All);
        };
        self.at += 1;
        match t.tok {
            Tok::Not => match self.peek() {
                Some(n) if !matches!(n.tok, Tok::Or | Tok::Close) => {
                    Ok(Expr::Not(Box::new(self.unary()?)))
                }
                _ => err(t.col, "nothing to negate after -"),
            },
            Tok::Open => {
                let inner = self.or_expr()?;
                match self.peek() {
                    Some(c) if c.tok == Tok::Close => {
                        self.at += 1;
                        Ok(inner)
                    }
                    _ => err(t.col, "this ( is never closed"),
                }
            }
            Tok::Term(field, value, vcol) => Ok(Expr::Term(term(field.as_deref(), value, vcol)?)),
            // `peek` in and_expr stops before these.
            Tok::Or | Tok::Close => err(t.col, "unexpected"),
        }
    }
}

fn words(text: &str) -> Vec<String> {
    fold::words(&fold::fold(text)).map(str::to_owned).collect()
}

fn regex(source: &str, col: usize) -> Result<Rx, Error> {
    // The syntax is checked first for the column of the mistake, which the compiled form's
    // error does not give.
    if let Err(e) = regex_syntax::ast::parse::Parser::new().parse(source) {
        let before = source.get(..e.span().start.offset).unwrap_or(source);
        return err(
            col + 1 + before.chars().count(),
            format!("regex: {}", e.kind()),
        );
    }
    regex::RegexBuilder::new(source)
        .case_insensitive(true)
        .build()
        .map(|re| Rx {
            source: source.to_owned(),
            re,
        })
        .map_err(|e| {
            let text = e.to_string();
            let last = text
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim()
                .trim_start_matches("error: ");
            Error {
                column: col,
                message: format!("regex: {last}"),
            }
        })
}

/// The term a field and its value make.
fn term(field: Option<&str>, value: Value, col: usize) -> Result<Term, Error> {
    let text_field = match field {
        None => Some(Field::Any),
        Some("section") => Some(Field::Section),
        Some("title") => Some(Field::Title),
        Some("by") => Some(Field::By),
        Some("quote") => Some(Field::Quote),
        Some("body") => Some(Field::Body),
        Some("path") => Some(Field::Path),
        _ => None,
    };
    if let Some(field) = text_field {
        let pattern = match (field, value) {
            (_, Value::Regex(r)) => Pattern::Regex(regex(&r, col)?),
            (Field::Section, Value::Word(v) | Value::Phrase(v)) => Pattern::Name(words(&v)),
            (Field::Path, Value::Word(v) | Value::Phrase(v)) => Pattern::Substring(fold::fold(&v)),
            (_, Value::Word(v)) => Pattern::Words(words(&v)),
            (_, Value::Phrase(v)) => {
                let w = words(&v);
                if w.len() > 1 {
                    Pattern::Phrase(w)
                } else {
                    Pattern::Words(w)
                }
            }
        };
        return Ok(Term::Text { field, pattern });
    }
    let name = field.unwrap_or("");
    let Value::Word(v) = value else {
        return err(
            col,
            format!("{name}: takes a plain value, not a phrase or a regex"),
        );
    };
    if name == "is" {
        let flag = match v.to_ascii_lowercase().as_str() {
            "unread" => Flag::Unread,
            "read" => Flag::Read,
            "starred" => Flag::Starred,
            "updated" => Flag::Updated,
            _ => return err(col, "is: takes unread, read, starred or updated"),
        };
        return Ok(Term::Is(flag));
    }
    let op = match name {
        "newer" => DateOp::Newer,
        "older" => DateOp::Older,
        _ => DateOp::On,
    };
    let when = parse_when(&v).map_err(|message| Error {
        column: col,
        message,
    })?;
    if op == DateOp::On && matches!(when, super::When::Ago(_)) {
        return err(
            col,
            "date: takes a year, a month or a day (2024, 2024-03, 2024-03-15); for the last days, newer:7d",
        );
    }
    Ok(Term::Date { op, when })
}
