//! `kiosque show ID|FILE`: one article laid out exactly as the reader pane lays it out (the same
//! [`crate::layout::layout_with`], with the same `[layout]` options), with SGR colour when asked
//! or when writing to a terminal.

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::context::Context;
use crate::layout::{Layout, Options, layout_with};
use crate::library::{self, CATCH_ALL};
use crate::theme::{self, Theme};

use super::Target;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On for a terminal, off otherwise or when NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Width when neither `--width` nor a terminal says otherwise.
const DEFAULT_WIDTH: u16 = 80;

/// Renders laid-out lines as text, with SGR colour in `theme` or without.
pub fn render(l: &Layout, theme: &Theme, color: bool) -> String {
    let mut out = String::new();
    for line in &l.lines {
        if !line.pieces.is_empty() {
            out.extend(std::iter::repeat_n(' ', usize::from(line.indent)));
        }
        for piece in &line.pieces {
            let sgr = if color {
                theme::sgr(theme.text(piece.role, piece.quote))
            } else {
                String::new()
            };
            if sgr.is_empty() {
                out.push_str(&piece.text);
            } else {
                out.push_str(&sgr);
                out.push_str(&piece.text);
                out.push_str(theme::SGR_RESET);
            }
        }
        out.push('\n');
    }
    out
}

/// Is colour on for `choice`?
pub fn color_on(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// The width to lay out at: the terminal's, else `COLUMNS`, else 80. A terminal that reports
/// 0 columns (some pseudo-terminals before they are sized) is no width at all.
fn terminal_width() -> u16 {
    let tty = std::io::stdout()
        .is_terminal()
        .then(|| crossterm::terminal::size().ok())
        .flatten()
        .map(|(w, _)| w);
    tty.filter(|&w| w > 0)
        .or_else(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse().ok())
                .filter(|&w: &u16| w > 0)
        })
        .unwrap_or(DEFAULT_WIDTH)
}

/// Runs `kiosque show`. `forced`: the options turned on by `--hyphenate` and `--justify`, on
/// top of config.toml's.
pub fn run(
    ctx: &Context,
    target: &OsStr,
    library: &[PathBuf],
    width: Option<u16>,
    color: ColorChoice,
    forced: Options,
) -> Result<i32, String> {
    let configured = ctx.layout_options();
    let options = Options {
        hyphenate: configured.hyphenate || forced.hyphenate,
        justify: configured.justify || forced.justify,
        ..configured
    };
    let (library, mut found) = super::load_targets(ctx, library, &[target])?;
    let width = width.unwrap_or_else(terminal_width);
    let target = found
        .pop()
        .unwrap_or_else(|| Err("nothing to show".into()))?;
    let entry = target.entry(&library);
    let section = (entry.section != CATCH_ALL).then_some(entry.section.as_str());
    let laid = match &target {
        Target::Standalone(pair) => layout_with(&pair.1, section, width, options),
        _ => {
            // Read again and split with the label it was listed with, as the reader does.
            let article = library::read_article(&entry.source, entry.label.as_deref())
                .map_err(|why| format!("{}: {why}", entry.source.display()))?;
            layout_with(&article, section, width, options)
        }
    };
    // The date in the header, as the reader puts it there (SPEC §7), in the local time zone.
    let mut laid = laid;
    if let Some(date) = crate::date::long(entry.date_ns(), &jiff::tz::TimeZone::system()) {
        crate::date::put_in_header(&mut laid, &date);
    }
    let text = render(&laid, &ctx.settings.theme, color_on(color));
    let mut out = super::Out::new();
    out.text(&text)?;
    out.finish()?;
    Ok(0)
}
