//! The command line (SPEC §5): arguments, and dispatch to the reader or a subcommand. The
//! options of each subcommand are declared beside it ([`commands`]), so nothing below this
//! module depends on it.
//!
//! Errors are one line on stderr, `kiosque: …`, and exit code 1; usage errors exit 2 (clap),
//! their message cleaned as every other (SPEC §8).

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};

use crate::commands::config::ConfigCommand;
use crate::commands::list::ListArgs;
use crate::commands::mark::MarkHow;
use crate::commands::show::ColorChoice;
use crate::commands::{self, LibraryArgs};
use crate::config;
use crate::context::Context;
use crate::sanitize;

/// A terminal reader for news articles stored as files.
#[derive(Debug, Parser)]
// No `args_conflicts_with_subcommands`: it made `--config-dir D list` a PATH named "list"
// (a global option before the command counted as an argument of the reader). A subcommand's
// name is a subcommand wherever it stands; PATHs given with one are refused in `run`.
#[command(name = "kiosque", version)]
pub struct Cli {
    /// Files and directories of articles to read. Default: `library` in config.toml, else
    /// <data dir>/articles, else the bundled seeds.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Where config.toml and the saved state (state/) live.
    #[arg(long, global = true, env = config::CONFIG_DIR_ENV, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print each file parsed, as one JSON object per line.
    Parse {
        /// Article files (parsed together as one library).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List the articles of the library, one per line.
    List(ListArgs),
    /// Print one article laid out as the reader shows it.
    Show {
        /// An article id (from `kiosque list`) or a file (any file name, UTF-8 or not).
        #[arg(value_name = "ID|FILE")]
        target: OsString,
        #[command(flatten)]
        library: LibraryArgs,
        /// Width in columns (default: the terminal's, else 80).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        width: Option<u16>,
        /// Colour the output with SGR escape sequences.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
        color: ColorChoice,
        /// Hyphenate a French article, whatever config.toml says (`[layout] hyphenate`).
        #[arg(long)]
        hyphenate: bool,
        /// Justify the text, whatever config.toml says (`[layout] justify`).
        #[arg(long)]
        justify: bool,
    },
    /// Change the saved state of articles, as the reader would (--read and --star together
    /// make both changes).
    Mark {
        #[command(flatten)]
        how: MarkHow,
        /// Article ids or files.
        #[arg(required = true, value_name = "ID|FILE")]
        targets: Vec<OsString>,
        #[command(flatten)]
        library: LibraryArgs,
    },
    /// Write the articles a query matches as one digest (EPUB, Markdown or HTML).
    Export(commands::export::ExportArgs),
    /// Check config.toml, or print a complete, commented default one.
    Config {
        #[command(subcommand)]
        what: ConfigCommand,
    },
    /// Print shell completions (bash: source it; zsh: a file named _kiosque in $fpath;
    /// fish: ~/.config/fish/completions/kiosque.fish).
    Completions {
        /// The shell.
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): kiosque man > ~/.local/share/man/man1/kiosque.1
    Man,
}

/// Runs kiosque with the process's arguments; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_message(&err),
    };
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            commands::warn(&message);
            1
        }
    }
}

/// Prints what clap has to say instead of running (an argument error, or the help or version
/// asked for) and returns the exit code: 2 for a usage error, 0 for help and version, 1 when
/// the help cannot be written.
///
/// Clap quotes the arguments in its errors, and an argument can be a file name full of escape
/// sequences (`kiosque parse *`), so the message goes through [`sanitize::clean`], which keeps
/// its line feeds (and with them the layout of the help) and ends a sequence left open at its
/// line's end. Clap's own styling is taken as escape sequences (`ansi`) and removed by the same
/// pass: the output is plain text, whatever the terminal.
fn clap_message(err: &clap::Error) -> i32 {
    let text = err.render().ansi().to_string();
    let (text, _) = sanitize::clean(&text);
    if err.use_stderr() {
        // As in `commands::warn`: a failure to write on stderr has nowhere to be reported.
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
        return err.exit_code();
    }
    let mut out = commands::Out::new();
    match out.text(&text).and_then(|()| out.finish()) {
        Ok(()) => err.exit_code(),
        Err(message) => {
            commands::warn(&message);
            1
        }
    }
}

fn run(cli: Cli) -> Result<i32, String> {
    if cli.command.is_some()
        && let Some(path) = cli.paths.first()
    {
        // `kiosque news list`: "list" was taken as the command (see `Cli`).
        commands::warn(&format!(
            "{}: a PATH to read goes without a command; to list it: kiosque list PATH (a folder named like a command: ./list)",
            commands::shown(path)
        ));
        return Ok(2);
    }
    let command = match cli.command {
        Some(Command::Parse { files }) => return commands::parse::run(&files),
        Some(Command::Completions { shell }) => return completions(shell),
        Some(Command::Man) => return man(),
        other => other,
    };
    let config_dir = config::config_dir(cli.config_dir.as_deref())?;
    if let Some(Command::Config { what }) = command {
        return commands::config::run(&config_dir, what);
    }
    let settings = config::load(&config_dir)?;
    // An error in config.toml stops every command before it does anything (the reader
    // before it touches the terminal): each said on its line, exit 2, as for a usage error.
    let errors = settings.errors();
    if !errors.is_empty() {
        for e in &errors {
            commands::warn(e);
        }
        return Ok(2);
    }
    // Warnings (an unknown setting) are said by the commands; the reader shows them with `w`.
    if command.is_some() {
        for w in settings.warnings() {
            commands::warn(&w);
        }
    }
    let ctx = Context {
        config_dir,
        settings,
    };
    match command {
        None => commands::read::run(&ctx, &cli.paths),
        Some(Command::List(args)) => commands::list::run(&ctx, &args),
        Some(Command::Show {
            target,
            library,
            width,
            color,
            hyphenate,
            justify,
        }) => {
            let forced = crate::layout::Options {
                hyphenate,
                justify,
                ..crate::layout::Options::PLAIN
            };
            commands::show::run(&ctx, &target, &library.library, width, color, forced)
        }
        Some(Command::Mark {
            how,
            targets,
            library,
        }) => commands::mark::run(&ctx, &how, &targets, &library.library),
        Some(Command::Export(args)) => commands::export::run(&ctx, &args),
        Some(
            Command::Parse { .. }
            | Command::Completions { .. }
            | Command::Man
            | Command::Config { .. },
        ) => Ok(0),
    }
}

/// `kiosque completions SHELL`, generated from the same clap definition that parses.
fn completions(shell: clap_complete::Shell) -> Result<i32, String> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "kiosque", &mut buf);
    let mut out = commands::Out::new();
    out.text(&String::from_utf8_lossy(&buf))?;
    out.finish()?;
    Ok(0)
}

/// `kiosque man`: the manual page in roff, from the clap definition.
fn man() -> Result<i32, String> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| format!("cannot write the manual page: {e}"))?;
    // clap_mangen puts the definition of the string it writes apostrophes with (`Aq`) before
    // the title; the title goes first, as man pages (and tools that sniff them) expect, and
    // the definition right after it, before any use.
    let page = String::from_utf8_lossy(&buf).into_owned();
    let page = match page.lines().position(|l| l.starts_with(".TH ")) {
        Some(at) if at > 0 => {
            let lines: Vec<&str> = page.lines().collect();
            let mut moved = vec![lines[at]];
            moved.extend(&lines[..at]);
            moved.extend(&lines[at + 1..]);
            moved.join("\n") + "\n"
        }
        _ => page,
    };
    let mut out = commands::Out::new();
    out.text(&page)?;
    out.finish()?;
    Ok(0)
}
