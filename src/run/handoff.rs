//! Handing things to other programs: the terminal to the user's editor (`e`), text to the
//! clipboard (`y`, `Y`). The run loop gives the terminal back and takes it again around
//! [`edit`]; the clipboard takes an OSC 52 sequence written to the terminal (which works over
//! ssh) and, when one is on `PATH`, a clipboard tool fed on its standard input.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine;

/// The most text sent in an OSC 52 sequence: terminals cap what they take (xterm, tmux,
/// some at 100 KB of sequence or less), and a longer one may be cut or dropped silently.
pub const OSC52_MAX: usize = 74_000;
/// Clipboard tools, in the order tried, with their arguments.
const TOOLS: &[(&str, &[&str])] = &[
    ("wl-copy", &[]),
    ("xclip", &["-selection", "clipboard"]),
    ("pbcopy", &[]),
];
/// The longest a clipboard tool may take (xclip and wl-copy fork to serve the clipboard and
/// return at once; one that hangs is not waited for).
const TOOL_WAIT: Duration = Duration::from_secs(3);

/// The editor's command: `$VISUAL`, else `$EDITOR`, else `vi` (set but empty counts as
/// unset).
pub fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().trim().to_owned())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}

/// What a file looks like from outside: enough to tell that it was written.
fn stamp(path: &Path) -> Option<(u64, Option<SystemTime>, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok(), m.ino()))
}

/// Runs `editor` on `path`, the terminal being the editor's, and waits for it: whether the
/// file changed, or why it could not be edited. The command is run by `sh` as git runs
/// `$EDITOR` (so `code -w` or `emacsclient -t` work), the path passed as an argument, never
/// pasted into the command.
pub fn edit(editor: &str, path: &Path) -> Result<bool, String> {
    let before = stamp(path);
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(editor)
        .arg(path)
        .status();
    let changed = stamp(path) != before;
    let shown = crate::sanitize::one_line(editor);
    match status {
        Err(e) => Err(format!("cannot run the editor ({shown}): {e}")),
        Ok(s) if s.success() || changed => Ok(changed),
        Ok(s) if s.code() == Some(127) => Err(format!(
            "editor not found: {shown} (set $VISUAL or $EDITOR)"
        )),
        Ok(s) => Err(format!(
            "the editor ({shown}) failed ({s}); the file is unchanged"
        )),
    }
}

/// The OSC 52 sequence that puts `text` on the clipboard, if it is not too long for it.
pub fn osc52(text: &str) -> Option<String> {
    (text.len() <= OSC52_MAX).then(|| {
        let encoded = base64::engine::general_purpose::STANDARD.encode(text);
        format!("\x1b]52;c;{encoded}\x1b\\")
    })
}

/// Is `name` an executable file in a folder of `PATH`?
fn on_path(name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| {
        std::fs::metadata(dir.join(name))
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
}

/// Feeds `text` to one clipboard tool; whether it took it.
fn feed(tool: &str, args: &[&str], text: &str) -> bool {
    let child = Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return false;
    };
    let written = child
        .stdin
        .take()
        .is_some_and(|mut stdin| stdin.write_all(text.as_bytes()).is_ok());
    let until = Instant::now() + TOOL_WAIT;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return written && status.success(),
            Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}

/// Gives `text` to the first clipboard tool on `PATH` that takes it, and says what became of
/// the copy of the `what` (`osc_sent`: the OSC 52 sequence was written to the terminal).
/// Runs tools, which may take a moment: called off the run loop's thread.
pub fn copy_with_tools(what: &str, text: &str, osc_sent: bool) -> Result<String, String> {
    let present: Vec<&(&str, &[&str])> = TOOLS.iter().filter(|(t, _)| on_path(t)).collect();
    let took = present
        .iter()
        .find(|(tool, args)| feed(tool, args, text))
        .map(|(tool, _)| *tool);
    let names = TOOLS.iter().map(|t| t.0).collect::<Vec<_>>().join(", ");
    match (took, osc_sent) {
        (Some(tool), true) => Ok(format!("copied the {what} (terminal and {tool})")),
        (Some(tool), false) => Ok(format!(
            "copied the {what} ({tool}; too long for the terminal's OSC 52)"
        )),
        (None, true) if present.is_empty() => {
            Ok(format!("copied the {what} (sent to the terminal, OSC 52)"))
        }
        (None, true) => Ok(format!(
            "copied the {what} (sent to the terminal, OSC 52; {} failed)",
            present.iter().map(|t| t.0).collect::<Vec<_>>().join(", ")
        )),
        (None, false) if present.is_empty() => Err(format!(
            "not copied: the {what} is too long for the terminal's OSC 52 ({} KB at most) and no clipboard tool ({names}) is on PATH",
            OSC52_MAX / 1000
        )),
        (None, false) => Err(format!(
            "not copied: the {what} is too long for the terminal's OSC 52 and {} failed",
            present.iter().map(|t| t.0).collect::<Vec<_>>().join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_base64_and_bounded() {
        assert_eq!(
            osc52("/tmp/a b.txt").as_deref(),
            Some("\x1b]52;c;L3RtcC9hIGIudHh0\x1b\\")
        );
        assert!(osc52(&"x".repeat(OSC52_MAX + 1)).is_none());
    }

    #[test]
    fn an_edit_is_told_by_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "un\n").unwrap();
        assert_eq!(edit("true", &path), Ok(false));
        assert_eq!(edit("printf 'deux\\n' >>", &path), Ok(true));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "un\ndeux\n");
        let missing = edit("kiosque-no-such-editor", &path).unwrap_err();
        assert!(missing.starts_with("editor not found"), "{missing}");
        let failed = edit("false", &path).unwrap_err();
        assert!(failed.contains("unchanged"), "{failed}");
    }
}
