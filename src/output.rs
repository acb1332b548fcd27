//! What kiosque prints outside the reader: standard output with every write checked, and
//! one-line messages on stderr, cleaned. Used by the subcommands and by the reader's shell.

use std::io::{self, Write};
use std::path::Path;

use crate::sanitize::one_line;

/// A path as it may be printed.
pub fn shown(path: &Path) -> String {
    one_line(&path.to_string_lossy())
}

/// Prints `message` on stderr as one line, `kiosque: …`, cleaned (SPEC §8: messages quote file
/// names, arguments and config text). A failure to write it is ignored: stderr is where
/// failures are reported, so there is nowhere left to report this one, and `eprintln!` would
/// panic instead.
pub fn warn(message: &str) {
    let line = format!("kiosque: {}\n", one_line(message));
    let _ = io::stderr().lock().write_all(line.as_bytes());
}

/// Standard output for what a command prints, every write checked (SPEC §5: an error is one
/// line on stderr and exit 1, never a silent success nor a panic as `println!` gives).
///
/// A reader that goes away (`| head`: EPIPE; Rust ignores SIGPIPE, so it comes back as
/// [`io::ErrorKind::BrokenPipe`]) is not an error: every later write does nothing, the command
/// may stop early ([`Out::is_closed`]) and ends with its usual exit code. Any other error (a
/// full disk) is returned as the message to print. Callers end with [`Out::finish`], whose
/// flush is where the last error of a buffered write shows up.
pub struct Out {
    /// Buffered: the standard output's own buffer writes at every line feed (a system call
    /// per line: 100 000 of them for a `list` of 100 000 articles).
    stdout: io::BufWriter<io::StdoutLock<'static>>,
    closed: bool,
}

impl Out {
    /// Standard output, locked for this command.
    pub fn new() -> Out {
        Out {
            stdout: io::BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
            closed: false,
        }
    }

    /// Writes `text` as it is.
    pub fn text(&mut self, text: &str) -> Result<(), String> {
        if self.closed {
            return Ok(());
        }
        let written = self.stdout.write_all(text.as_bytes());
        self.check(written)
    }

    /// Writes formatted text as it is, with no string made for it (`write!(out, ...)`).
    pub fn write_fmt(&mut self, args: std::fmt::Arguments<'_>) -> Result<(), String> {
        if self.closed {
            return Ok(());
        }
        let written = self.stdout.write_fmt(args);
        self.check(written)
    }

    /// Writes `line` and a line feed.
    pub fn line(&mut self, line: &str) -> Result<(), String> {
        self.text(line)?;
        self.text("\n")
    }

    /// Has the reader of the output gone away? Nothing more will be written.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Flushes what is left.
    pub fn finish(mut self) -> Result<(), String> {
        if self.closed {
            return Ok(());
        }
        let flushed = self.stdout.flush();
        self.check(flushed)
    }

    fn check(&mut self, result: io::Result<()>) -> Result<(), String> {
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(format!("cannot write the output: {e}")),
        }
    }
}

impl Default for Out {
    fn default() -> Out {
        Out::new()
    }
}
