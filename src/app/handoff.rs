//! Handing an article to other programs: `e` opens its file in the user's editor, `y` / `Y`
//! copy its path / its text. The run loop does the work ([`Effect::Edit`], [`Effect::Copy`])
//! and says how it went ([`crate::action::Action::Edited`], [`crate::action::Action::Copied`]).

use super::{App, Effect, Pane};
use crate::article::Article;
use crate::source::Source;

impl App {
    /// The article the keys are on: the open one when the reader has the focus (or the
    /// sections have it and one is open), else the one selected in the list.
    fn article_at_hand(&self) -> Option<u32> {
        let open = self.reader.as_ref().map(|r| r.entry);
        match self.screen.focus {
            Pane::Reader => open,
            Pane::Sections => open.or_else(|| self.lists.selected_entry()),
            Pane::Articles => self.lists.selected_entry(),
        }
    }

    /// The file of the article at hand, or what to say when there is none.
    fn file_at_hand(&self, key: char) -> Result<std::path::PathBuf, String> {
        let Some(n) = self.article_at_hand() else {
            return Err(format!("{key}: no article selected"));
        };
        match self.entries.get(n as usize).map(|e| &e.source) {
            // A feed's item has no file of its own: its feed file is what an editor can open
            // and what a path can name.
            Some(Source::File(p) | Source::Item(p, _)) => Ok(p.clone()),
            Some(Source::Bundled(_)) => Err(format!(
                "{key}: this article is built into kiosque, it has no file"
            )),
            None => Err(format!("{key}: no article selected")),
        }
    }

    /// `e`: the article's file in the editor; the library is read again if it changed.
    pub(super) fn edit(&mut self) {
        match self.file_at_hand('e') {
            Ok(path) => self.effects.push(Effect::Edit(path)),
            Err(why) => self.say(why),
        }
    }

    /// The editor has ended.
    pub(super) fn on_edited(&mut self, result: Result<bool, String>) {
        match result {
            // Read again as `r` does: the open article is found again (by identity or by
            // file, an edited headline changes the identity) and keeps its place; the lists
            // show the new headline.
            // (Its message, replaced when the load ends, says it is under way.)
            Ok(true) => self.reload(),
            Ok(false) => self.say("edited: no change"),
            Err(why) => self.alert(why),
        }
    }

    /// `y` (the path) and `Y` (the text of the open article).
    pub(super) fn copy(&mut self, text: bool) {
        if !text {
            match self.file_at_hand('y') {
                Ok(path) => self.effects.push(Effect::Copy {
                    what: "path",
                    text: path.to_string_lossy().into_owned(),
                }),
                Err(why) => self.say(why),
            }
            return;
        }
        let article = self
            .reader
            .as_ref()
            .and_then(|r| r.article.as_deref().map(|a| (r.entry, a)));
        match article {
            Some((n, a)) => {
                let section = self.section_of(n);
                self.effects.push(Effect::Copy {
                    what: "text",
                    text: plain_text(a, section),
                });
            }
            None if self.reader.is_some() => self.say("Y: the article is not read yet"),
            None => self.say("Y copies the open article's text (Enter opens one)"),
        }
    }

    /// The run loop copied, or could not.
    pub(super) fn on_copied(&mut self, result: Result<String, String>) {
        match result {
            Ok(said) => self.say(said),
            Err(why) => self.alert(why),
        }
    }
}

/// The article as plain text, to paste elsewhere: section, headline, alternate headline,
/// standfirst, bylines, then the body, one paragraph a line, blank lines between.
pub fn plain_text(a: &Article, section: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if !section.is_empty() && section != crate::library::CATCH_ALL {
        parts.push(section);
    }
    parts.push(&a.headline.text);
    parts.extend(a.alt_headline.as_ref().map(|t| t.text.as_str()));
    parts.extend(a.standfirst.as_ref().map(|t| t.text.as_str()));
    let bylines = a.bylines.join("\n");
    if !bylines.is_empty() {
        parts.push(&bylines);
    }
    parts.extend(a.blocks.iter().map(|b| b.text.text.as_str()));
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_reads_as_the_article() {
        let a = crate::parse::parse(
            "MONDELe titre\n\nMONDEL’essentiel\nJeanne Dupré pour 20 Minutes\n\nUn.\n\nDeux.\n",
            None,
        );
        assert_eq!(
            plain_text(&a, "MONDE"),
            "MONDE\n\nLe titre\n\nL’essentiel\n\nJeanne Dupré pour 20 Minutes\n\nUn.\n\nDeux.\n"
        );
    }
}
