//! Hostile input (issue 4, SPEC §2 and §8): a library of files written to hurt a terminal reader,
//! and proof that every output path stays clean, keeps the visible words, and costs time in
//! proportion to the input.
//!
//! The library is built at test time in a temporary directory by [`build`]: escape sequences of
//! every family (7-bit and 8-bit), C0 and C1 controls, bidi overrides, zero-width characters,
//! broken encodings, empty and binary files, a 5 MB line, 100 000 lines, 1000 nested quotations,
//! file and folder names holding escapes, newlines or invalid bytes, FIFOs, sockets, links to
//! devices and link loops, unreadable files, a directory named `*.txt`, and a file over 16 MB.
//! Only the two plain-Unicode fixtures of `tests/hostile/` are committed; every byte that could
//! disturb a terminal or a reviewer is written from escaped Rust literals here.
//!
//! Every payload that must be removed *whole* holds the marker `PWNED`: no output of kiosque may
//! ever contain it. Every piece of text around a payload must still be shown.
//!
//! The tests run one at a time (they share [`serial`]) so that the time bounds measure kiosque,
//! not the other tests.

#![cfg(unix)]

mod support;
#[path = "support/xml.rs"]
mod xml;

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use support::*;

// ------------------------------------------------------------------------------------------
// Running things
// ------------------------------------------------------------------------------------------

/// One test at a time in this binary: the time bounds must not measure the other tests.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Is the test running as root (so permissions do not stop reads or writes)?
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A finished run.
struct Run {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    elapsed: Duration,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// `kiosque <args> --config-dir <env config>`, with the test's private environment only.
fn kq<I, S>(env: &Env, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(BIN);
    cmd.env_clear();
    for (k, v) in env.vars() {
        cmd.env(k, v);
    }
    cmd.args(args).arg("--config-dir").arg(&env.config);
    cmd
}

/// Runs `cmd` to its end, but never longer than `limit`: past it the child is killed and the
/// error says how long it had run. Output is drained as it comes, so a big one cannot block.
fn run_bounded(mut cmd: Command, limit: Duration) -> Result<Run, String> {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kiosque");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            let elapsed = started.elapsed();
            return Ok(Run {
                status,
                stdout: out.join().unwrap(),
                stderr: err.join().unwrap(),
                elapsed,
            });
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let partial = err.join().unwrap();
            return Err(format!(
                "still running after {:.1} s (limit {:.1} s), killed; stderr so far: {}",
                started.elapsed().as_secs_f64(),
                limit.as_secs_f64(),
                String::from_utf8_lossy(&partial)
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The time a debug build may take to list or show a file of `bytes` bytes: 2 s plus 0.5 s per
/// MiB. Measured (debug, 2 cores): about 0.1 s plus 0.2 s per MiB; the margin is for a busy
/// machine.
fn bound_for(bytes: u64) -> Duration {
    Duration::from_millis(2000 + bytes * 500 / (1024 * 1024))
}

/// A limit for the runs whose time is not what the test is about (they must still end).
const GENEROUS: Duration = Duration::from_secs(60);

fn ok(run: Result<Run, String>, what: &str) -> Run {
    let run = run.unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        run.status.success(),
        "{what}: {:?}\nstderr: {}",
        run.status,
        run.err()
    );
    run
}

// ------------------------------------------------------------------------------------------
// Cleanliness
// ------------------------------------------------------------------------------------------

/// What an output may hold besides printable text.
#[derive(Clone, Copy)]
struct Allow {
    /// Tab (the separator of `list`).
    tab: bool,
    /// kiosque's own SGR sequences, `ESC [ digits;… m`.
    sgr: bool,
}

const PLAIN: Allow = Allow {
    tab: false,
    sgr: false,
};

fn escaped(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

fn context(bytes: &[u8], at: usize) -> String {
    let from = at.saturating_sub(30);
    let to = (at + 30).min(bytes.len());
    escaped(&bytes[from..to])
}

/// Problems of `bytes` as terminal output: ESC (unless kiosque's SGR), raw C0 controls other
/// than LF (and tab when allowed), DEL, invalid UTF-8, C1 controls (U+0080–U+009F), bidi
/// overrides and isolates, the payload marker. Empty when clean.
fn dirt(bytes: &[u8], allow: Allow) -> Vec<String> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == 0x1b {
            if allow.sgr && bytes.get(i + 1) == Some(&b'[') {
                let mut j = i + 2;
                while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b';') {
                    j += 1;
                }
                if bytes.get(j) == Some(&b'm') {
                    i = j + 1;
                    continue;
                }
            }
            found.push(format!("ESC at {i}: {}", context(bytes, i)));
        } else if (b < 0x20 && b != b'\n' && !(allow.tab && b == b'\t')) || b == 0x7f {
            found.push(format!("control 0x{b:02x} at {i}: {}", context(bytes, i)));
        }
        i += 1;
    }
    match std::str::from_utf8(bytes) {
        Err(e) => found.push(format!(
            "invalid UTF-8 at {}: {}",
            e.valid_up_to(),
            context(bytes, e.valid_up_to())
        )),
        Ok(text) => {
            for (at, c) in text.char_indices() {
                if ('\u{80}'..='\u{9f}').contains(&c) {
                    found.push(format!(
                        "C1 U+{:04X} at {at}: {}",
                        c as u32,
                        context(bytes, at)
                    ));
                }
                if matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
                    found.push(format!(
                        "bidi control U+{:04X} at {at}: {}",
                        c as u32,
                        context(bytes, at)
                    ));
                }
            }
        }
    }
    if let Some(at) = find(bytes, b"PWNED") {
        found.push(format!(
            "a payload meant to be removed whole is shown at {at}: {}",
            context(bytes, at)
        ));
    }
    found.truncate(20);
    found
}

/// Does `line` name `shown` and then, after it, give one of `reasons`? (A reason found in the
/// file name itself does not count.)
fn says(line: &str, shown: &str, reasons: &[&str]) -> bool {
    line.split_once(shown)
        .is_some_and(|(_, rest)| reasons.iter().any(|r| rest.contains(r)))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn assert_clean(bytes: &[u8], allow: Allow, what: &str) {
    let d = dirt(bytes, allow);
    assert!(d.is_empty(), "{what} is not clean:\n  {}", d.join("\n  "));
}

/// Every string inside a JSON value must be clean too: JSON escapes C0 controls (`\u001b`), so
/// the raw bytes alone would hide an escape sequence that a consumer prints.
fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

/// `kiosque show --color always` output with kiosque's SGR sequences taken out.
fn strip_sgr(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b'[') {
            let mut j = i + 2;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b';') {
                j += 1;
            }
            if bytes.get(j) == Some(&b'm') {
                i = j + 1;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Whitespace collapsed, so words wrapped onto two lines are found as written.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The expected words missing from `text`.
fn missing<'a>(text: &str, words: &[&'a str]) -> Vec<&'a str> {
    let text = flat(text);
    words
        .iter()
        .copied()
        .filter(|w| !text.contains(&flat(w)))
        .collect()
}

// ------------------------------------------------------------------------------------------
// The hostile library
// ------------------------------------------------------------------------------------------

/// What kiosque must make of a hostile entry.
#[derive(Clone, Debug)]
enum Expect {
    /// An article: these words in its headline (so in `list`) and anywhere in it (`show`,
    /// `parse`), these on the reader's first screen, and a warning (a substring) when it needed
    /// mending.
    Article {
        headline: &'static [&'static str],
        words: &'static [&'static str],
        screen: &'static [&'static str],
        warning: Option<&'static str>,
    },
    /// Not an article: a problem line naming the file, with one of these substrings.
    Problem(&'static [&'static str]),
    /// A directory walked for what it holds.
    Folder,
}

/// One hostile entry of the library.
#[derive(Clone, Debug)]
struct Case {
    /// Short name for reports.
    name: &'static str,
    /// What it tries.
    what: &'static str,
    /// Its path.
    path: PathBuf,
    /// A word found in it and in no other file (for the reader's filter), if any.
    token: Option<&'static str>,
    /// How its path is shown once cleaned (a fragment).
    shown: &'static str,
    expect: Expect,
}

impl Case {
    fn size(&self) -> u64 {
        fs::symlink_metadata(&self.path).map_or(0, |m| m.len())
    }
    fn is_article(&self) -> bool {
        matches!(self.expect, Expect::Article { .. })
    }
    fn headline(&self) -> &'static [&'static str] {
        match &self.expect {
            Expect::Article { headline, .. } => headline,
            _ => &[],
        }
    }
    fn words(&self) -> Vec<&'static str> {
        match &self.expect {
            Expect::Article {
                headline, words, ..
            } => headline.iter().chain(words.iter()).copied().collect(),
            _ => Vec::new(),
        }
    }
}

/// A deterministic PRNG (xorshift64*), so "random" files are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// The hostile library, in a temporary directory, and what each entry must become.
struct Library {
    root: PathBuf,
    cases: Vec<Case>,
    /// Folders made unreadable, given back their rights on drop so they can be removed.
    locked: Vec<PathBuf>,
}

impl Drop for Library {
    fn drop(&mut self) {
        for p in &self.locked {
            let _ = fs::set_permissions(p, fs::Permissions::from_mode(0o755));
        }
    }
}

impl Library {
    fn articles(&self) -> impl Iterator<Item = &Case> {
        self.cases.iter().filter(|c| c.is_article())
    }
    fn case(&self, name: &str) -> &Case {
        self.cases
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no case {name}"))
    }
    fn total_size(&self) -> u64 {
        self.cases.iter().map(Case::size).sum()
    }
}

fn utf16(text: &str, big_endian: bool, extra_units: &[u16]) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for u in text.encode_utf16().chain(extra_units.iter().copied()) {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

/// Writes the hostile library into `root` (created), and says what each entry must become.
fn build(root: &Path) -> Library {
    fs::create_dir_all(root).unwrap();
    let root_user = is_root();
    let mut cases = Vec::new();
    let mut locked = Vec::new();
    let file = |rel: &[u8], bytes: &[u8]| -> PathBuf {
        let p = root.join(OsStr::from_bytes(rel));
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&p, bytes).unwrap();
        p
    };
    macro_rules! article {
        ($name:expr, $what:expr, $path:expr, $token:expr, $shown:expr,
         headline: $h:expr, words: $w:expr, screen: $s:expr, warning: $warn:expr) => {
            cases.push(Case {
                name: $name,
                what: $what,
                path: $path,
                token: $token,
                shown: $shown,
                expect: Expect::Article {
                    headline: $h,
                    words: $w,
                    screen: $s,
                    warning: $warn,
                },
            })
        };
    }

    // --- Escape sequences ---------------------------------------------------------------
    let p = file(
        b"csi.txt",
        "ECONOMIEClear\x1b[2J\x1b[H screen\x1b[3J headline zqcsi\n\n\
         Body starts\x1b[31m red\x1b[0m text \x1b[?1049halternate \x1b[?25lhidden \
         \x1b[6nquery \x1b[1;1Hhome \x1b[38;2;255;0;0mtruecolor\x1b[m csibody.\n\n\
         Erase \x1b[K line \x1b[2K and \x1b[5A up \x1b[10;20r region \x1b[c attrs \x1b[>c \
         \x1b[?1000h mouse \x1b[?2004h paste \x1b[8;100;100t resize csitail.\n"
            .as_bytes(),
    );
    article!("csi", "CSI sequences (clear screen, alternate screen, cursor, colours, queries, \
              mouse, resize) in headline and body", p, Some("zqcsi"), "csi.txt",
        headline: &["Clear", "screen", "headline", "zqcsi"],
        words: &["Body starts red text alternate hidden query home truecolor csibody",
                 "Erase", "line", "region", "mouse", "paste", "resize", "csitail"],
        screen: &["zqcsi", "Body", "truecolor", "csitail"],
        warning: Some("escape sequence"));

    let p = file(
        b"osc.txt",
        "MONDEWindow\x1b]0;PWNED title\x07 title zqosc\n\n\
         Icon\x1b]1;PWNED icon\x1b\\ name, title\x1b]2;PWNED\x07 two. \
         Clipboard\x1b]52;c;PWNEDPWNED\x07 write and read\x1b]52;c;?\x07 back. \
         Link \x1b]8;;https://PWNED.example/\x1b\\click here\x1b]8;;\x1b\\ done. \
         Palette\x1b]4;1;rgb:ff/00/00/PWNED\x07 colour \x1b]10;?\x07 query \
         \x1b]777;notify;PWNED;body\x07 notify oscbody.\n"
            .as_bytes(),
    );
    article!("osc", "OSC: window title (0, 2), icon (1), clipboard write and read (52), \
              hyperlink (8), palette (4), colour query (10), notification (777)",
        p, Some("zqosc"), "osc.txt",
        headline: &["Window", "title", "zqosc"],
        words: &["Icon name, title two.", "Clipboard write and read back.",
                 "Link click here done.", "Palette colour query notify oscbody."],
        screen: &["zqosc", "Clipboard", "click", "here", "oscbody"],
        warning: Some("escape sequence"));

    let p = file(
        b"dcs.txt",
        "TECHDevice control strings zqdcs\n\n\
         DCS\x1bP1$qmPWNED\x1b\\ status, sixel\x1bPq#0;2;0;0;0#1!6~PWNED\x1b\\ image, \
         APC\x1b_Gf=100,a=T;PWNED\x1b\\ kitty, PM\x1b^PWNED private\x1b\\ message, \
         SOS\x1bXPWNED string\x1b\\ end, tmux\x1bPtmux;\x1b\x1b]0;PWNED\x07\x1b\\ passthrough, \
         8-bit ST\x1bPPWNED\u{9c} dcsbody.\n"
            .as_bytes(),
    );
    article!("dcs", "DCS (status query, sixel, tmux passthrough), APC (kitty graphics), PM, SOS",
        p, Some("zqdcs"), "dcs.txt",
        headline: &["Device", "control", "strings", "zqdcs"],
        words: &["DCS status, sixel image, APC kitty, PM message, SOS end, tmux passthrough",
                 "dcsbody"],
        screen: &["zqdcs", "sixel", "kitty", "passthrough", "dcsbody"],
        warning: Some("escape sequence"));

    let p = file(
        b"unterminated.txt",
        "POLITIQUEUnterminated headline zqunterm\x1b]0;PWNED never ends\n\n\
         Next paragraph survives untermone.\n\n\
         DCS\x1bP PWNED without end\nLine after untermtwo.\n\n\
         APC \x1b_PWNED open\n\nCSI cut \x1b[12;\n\nuntermthree end \x1b"
            .as_bytes(),
    );
    article!("unterminated", "unterminated OSC, DCS, APC and CSI, and a lone ESC at the end \
              of the file", p, Some("zqunterm"), "unterminated.txt",
        headline: &["Unterminated", "headline", "zqunterm"],
        words: &["Next paragraph survives untermone.", "Line after untermtwo.", "APC",
                 "CSI cut", "untermthree end"],
        screen: &["zqunterm", "untermone", "untermtwo", "untermthree"],
        warning: Some("escape sequence"));

    // --- Control characters ---------------------------------------------------------------
    let p = file(
        b"c0.txt",
        b"SOCIETEControl characters zqcontrol\n\n\
          Bell\x07ring back\x08space form\x0cfeed vertical\x0btab shift\x0e\x0fout \
          delete\x7fchar cancel\x18sub\x1achars sep\x1c\x1d\x1e\x1fend tab\there \
          carriage\rreturn controlbody.\n",
    );
    article!("c0", "C0 controls: BEL, BS, FF, VT, SO/SI, DEL, CAN, SUB, FS–US, TAB, lone CR",
        p, Some("zqcontrol"), "c0.txt",
        headline: &["Control", "characters", "zqcontrol"],
        words: &["Bellring", "backspace", "formfeed", "verticaltab", "shiftout",
                 "deletechar", "cancelsubchars", "sepend", "tab here", "carriage",
                 "return controlbody."],
        screen: &["zqcontrol", "Bellring", "controlbody"],
        warning: Some("control character"));

    let p = file(
        b"c1.txt",
        "TECHEight\u{9b}2J bit\u{9b}31m controls zqcone\n\n\
         OSC\u{9d}0;PWNED\u{9c} eight, DCS\u{90}PWNED\u{9c} bit, APC\u{9f}PWNED\u{9c} and \
         PM\u{9e}PWNED\u{9c} SOS\u{98}PWNED\u{9c} strings; NEL\u{85}next IND\u{84}index \
         RI\u{8d}reverse SS2\u{8e}single ST\u{9c}alone c1body.\n"
            .as_bytes(),
    );
    article!("c1", "8-bit C1 controls written as UTF-8 (U+009B CSI, U+009D OSC, U+0090 DCS, \
              U+009F APC, U+009E PM, U+0098 SOS, NEL, IND, RI, SS2, ST)",
        p, Some("zqcone"), "c1.txt",
        headline: &["Eight", "bit", "controls", "zqcone"],
        words: &["OSC eight, DCS bit, APC and PM SOS strings;", "NELnext", "INDindex",
                 "RIreverse", "SS2single", "STalone", "c1body"],
        screen: &["zqcone", "strings", "c1body"],
        warning: Some("escape sequence"));

    let p = file(
        b"c1raw.txt",
        b"TECHRaw eight bit bytes zqcraw\n\nRaw\x9b2J csi \x9d0;x\x9c osc \x85 nel c1rawbody.\n",
    );
    article!("c1raw", "C1 controls as raw single bytes (0x9B, 0x9D, 0x9C, 0x85: invalid UTF-8)",
        p, Some("zqcraw"), "c1raw.txt",
        headline: &["Raw", "eight", "bit", "bytes", "zqcraw"],
        words: &["csi", "osc", "nel", "c1rawbody"],
        screen: &["zqcraw", "c1rawbody"],
        warning: Some("not valid UTF-8"));

    let p = file(
        b"bidi.txt",
        "MONDEBidi \u{202e}override\u{202c} headline zqbidi\n\n\
         LRE\u{202a}a RLE\u{202b}b PDF\u{202c}c LRO\u{202d}d RLO\u{202e}e LRI\u{2066}f \
         RLI\u{2067}g FSI\u{2068}h PDI\u{2069}i bidibody.\n\n\
         Trojan source: access\u{202e} \u{2066}// check if admin\u{2069} \u{2066}level bidiend.\n"
            .as_bytes(),
    );
    article!("bidi", "bidi embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069 \
              (a Trojan Source line)", p, Some("zqbidi"), "bidi.txt",
        headline: &["Bidi", "override", "headline", "zqbidi"],
        words: &["LREa RLEb PDFc LROd RLOe LRIf RLIg FSIh PDIi bidibody.",
                 "Trojan source: access // check if admin level bidiend."],
        screen: &["zqbidi", "bidibody", "bidiend"],
        warning: Some("control character"));

    let p = file(
        b"zerowidth.txt",
        "SANTEInvisible\u{200b} characters zqzero\n\n\
         Zero\u{200b}width space, non\u{200c}joiner, joiner\u{200d}here, word\u{2060}joiner, \
         bom\u{feff}inside, soft\u{ad}hyphen, marks \u{200e}ltr\u{200f}rtl\u{61c}arabic, \
         invisible\u{2062}times, zerobody.\n"
            .as_bytes(),
    );
    article!("zerowidth", "zero-width and invisible characters (ZWSP, ZWNJ, ZWJ, WJ, BOM inside, \
              soft hyphen, LRM, RLM, ALM, invisible times)", p, Some("zqzero"), "zerowidth.txt",
        headline: &["Invisible", "characters", "zqzero"],
        words: &["Zero", "width", "space,", "non", "joiner", "here", "word", "bom", "inside",
                 "soft", "hyphen", "ltr", "rtl", "arabic", "invisible", "times", "zerobody."],
        screen: &["zqzero", "Zero", "zerobody"],
        warning: None);

    // --- Encodings ----------------------------------------------------------------------------
    let p = file(
        b"invalid_utf8.txt",
        b"SPORTInvalid \xff\xfe bytes zqinvalid\n\n\
          Caf\xe9 cr\xe8me, cut \xe2\x82 sequence, overlong \xc0\xaf slash, surrogate \
          \xed\xa0\x80 half, beyond \xf4\x90\x80\x80 max invalidbody.\n",
    );
    article!("invalid_utf8", "invalid UTF-8: Latin-1 bytes, a cut sequence, an overlong form, \
              an encoded surrogate, a code point past U+10FFFF", p, Some("zqinvalid"),
        "invalid_utf8.txt",
        headline: &["Invalid", "bytes", "zqinvalid"],
        words: &["Caf", "cr", "cut", "sequence,", "overlong", "slash,", "surrogate", "half,",
                 "beyond", "max invalidbody."],
        screen: &["zqinvalid", "invalidbody"],
        warning: Some("not valid UTF-8"));

    let p = file(
        b"utf16le.txt",
        &utf16(
            "CULTUREUTF-16 petit-boutiste zqutfle\n\n\
             Corps du texte en UTF-16 « oui », avec\u{1b}]0;PWNED\u{7} un titre caché et \
             \u{9b}2J un effacement utfbodyle.\n\nSurrogate seule : ",
            false,
            &[0xd800, 0x0020, 0x0066, 0x0069, 0x006e, 0x000a],
        ),
    );
    article!("utf16le", "UTF-16 little-endian with BOM, holding an OSC, an 8-bit CSI and a lone \
              surrogate", p, Some("zqutfle"), "utf16le.txt",
        headline: &["UTF-16", "petit-boutiste", "zqutfle"],
        words: &["Corps du texte en UTF-16", "oui", "avec un titre caché et un effacement \
                  utfbodyle.", "Surrogate seule", "fin"],
        screen: &["zqutfle", "Corps", "utfbodyle"],
        warning: Some("UTF-16"));

    let mut be = utf16(
        "CULTUREUTF-16 gros-boutiste zqutfbe\n\n\
         Corps en UTF-16 « big endian », avec\u{1b}[2J un effacement utfbodybe.\n",
        true,
        &[],
    );
    be.push(0x41); // an odd byte count
    let p = file(b"utf16be.txt", &be);
    article!("utf16be", "UTF-16 big-endian with BOM, holding a CSI, with an odd byte count",
        p, Some("zqutfbe"), "utf16be.txt",
        headline: &["UTF-16", "gros-boutiste", "zqutfbe"],
        words: &["Corps en UTF-16", "big endian", "avec un effacement utfbodybe."],
        screen: &["zqutfbe", "utfbodybe"],
        warning: Some("UTF-16"));

    let p = file(
        b"cp1252.txt",
        b"CULTUREL\x92\xe9t\xe9 \x93entre guillemets\x94 zqcp\n\n\
          Prix : 10 \x80, points\x85 suspension, tirets \x96 et \x97 cpbody.\n",
    );
    article!("cp1252", "Windows-1252 bytes (0x80–0x9F would be C1 controls if read as Latin-1)",
        p, Some("zqcp"), "cp1252.txt",
        headline: &["entre", "guillemets", "zqcp"],
        words: &["Prix", "points", "suspension,", "tirets", "cpbody."],
        screen: &["zqcp", "cpbody"],
        warning: Some("not valid UTF-8"));

    let p = file(
        b"nul.txt",
        b"FAITS DIVERSNul\0bytes\0inside zqnul\n\nBody\0with\0nul\0bytes nulbody.\n",
    );
    article!("nul", "NUL bytes in headline and body", p, Some("zqnul"), "nul.txt",
        headline: &["Nulbytesinside", "zqnul"],
        words: &["Bodywithnulbytes nulbody."],
        screen: &["zqnul", "nulbody"],
        warning: Some("NUL"));

    let p = file(b"empty.txt", b"");
    article!("empty", "an empty file", p, None, "empty.txt",
        headline: &[], words: &[], screen: &[], warning: Some("no text"));

    let p = file(
        b"whitespace.txt",
        b" \t \n\n   \r\n\t\n \x0b\x0c \n\xc2\xa0\n",
    );
    article!("whitespace", "whitespace only (spaces, tabs, CR, VT, FF, NBSP)", p, None,
        "whitespace.txt",
        headline: &[], words: &[], screen: &[], warning: Some("no text"));

    let mut rng = Rng(0x6b69_6f73_7175_6521);
    let bin: Vec<u8> = (0..64 * 1024).map(|_| (rng.next() >> 56) as u8).collect();
    let p = file(b"binary.txt", &bin);
    article!("binary", "64 KiB of random bytes named .txt", p, None, "binary.txt",
        headline: &[], words: &[], screen: &[], warning: Some("not valid UTF-8"));

    // --- Size and shape -----------------------------------------------------------------------
    let mut long = b"LONGUEUne ligne de cinq millions de caracteres zqlong\n\n".to_vec();
    long.extend(std::iter::repeat_n(b'x', 5_000_000));
    long.extend(b" longtail\n");
    let p = file(b"longline.txt", &long);
    article!("longline", "a 5 MB line with no space", p, Some("zqlong"), "longline.txt",
        headline: &["Une", "ligne", "zqlong"], words: &["longtail"],
        screen: &["zqlong", "xxxxxxxxxx"], warning: None);

    let mut tiny = b"FAITS DIVERSCent mille lignes zqlines\n\n".to_vec();
    for i in 0..100_000 {
        tiny.extend(format!("l{i}\n").as_bytes());
    }
    let p = file(b"tinylines.txt", &tiny);
    article!("tinylines", "100 000 tiny lines", p, Some("zqlines"), "tinylines.txt",
        headline: &["Cent", "mille", "lignes", "zqlines"], words: &["l50000", "l99999"],
        screen: &["zqlines", "l1"], warning: None);

    let mut nested = String::from("MONDEImbrication profonde zqnest\n\nnestfirst ");
    nested.push_str(&"« ".repeat(1000));
    nested.push_str("nestcore");
    nested.push_str(&" »".repeat(1000));
    nested.push_str("\n\n");
    nested.push_str(&"“".repeat(1000));
    nested.push_str("openonly\n\n");
    nested.push_str(&"”".repeat(1000));
    nested.push_str("closeonly\n\n");
    for _ in 0..200 {
        nested.push_str("« “ „ ‹ \"");
    }
    nested.push_str("mixcore");
    for _ in 0..200 {
        nested.push_str("\" › “ ” »");
    }
    nested.push_str("\n\nnestend.\n");
    let p = file(b"nested.txt", nested.as_bytes());
    article!("nested", "quotations nested 1000 deep, 1000 openers never closed, 1000 closers \
              never opened, 200 levels of five mixed kinds", p, Some("zqnest"), "nested.txt",
        headline: &["Imbrication", "profonde", "zqnest"],
        words: &["nestfirst", "nestcore", "openonly", "closeonly", "mixcore", "nestend."],
        screen: &["zqnest", "nestfirst"], warning: None);

    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let p = file(
        b"unbalanced_quotes.txt",
        &fs::read(fixtures.join("unbalanced_quotes.txt")).unwrap(),
    );
    article!("unbalanced", "unbalanced quotation marks of every kind (committed fixture)",
        p, Some("zqunbal"), "unbalanced_quotes.txt",
        headline: &["guillemet", "fermant", "zqunbal"],
        words: &["unbalone", "unbaltwo", "unbalthree", "unbalfour", "unbalfive", "unbalsix"],
        screen: &["zqunbal", "unbalone", "unbalsix"], warning: None);

    let p = file(
        b"cjk_emoji_combining.txt",
        &fs::read(fixtures.join("cjk_emoji_combining.txt")).unwrap(),
    );
    article!("cjk", "CJK, emoji ZWJ sequences, flags, skin tones, combining marks, Zalgo text \
              (committed fixture)", p, Some("zqcjk"), "cjk_emoji_combining.txt",
        headline: &["ニュース", "zqcjk"],
        words: &["famille", "emojiword", "zalgoword", "한국어", "cjkend"],
        screen: &["zqcjk", "emojiword", "zalgoword", "cjkend"], warning: None);

    let mut big = b"ECONOMIETres gros fichier zqbig\n\nbigstart ".to_vec();
    let para =
        "Le texte continue encore et encore sans fin, ligne après ligne. ".repeat(16) + "\n\n";
    while big.len() < 17 * 1024 * 1024 {
        big.extend(para.as_bytes());
    }
    big.extend(b"bigend PWNED (past 16 MB: never shown)\n");
    let p = file(b"big.txt", &big);
    article!("big", "a 17 MiB file (over the 16 MiB limit)", p, Some("zqbig"), "big.txt",
        headline: &["Tres", "gros", "fichier", "zqbig"], words: &["bigstart"],
        screen: &["zqbig", "bigstart"], warning: Some("only its first 16 MB"));

    // --- Hostile names ------------------------------------------------------------------------
    let p = file(
        b"esc\x1b]0;PWNED\x07name.txt",
        b"Escape in the file name zqfnesc\n\nfnescbody.\n",
    );
    article!("name_escape", "a file name holding an OSC title sequence", p, Some("zqfnesc"),
        "escname.txt",
        headline: &["Escape", "file", "name", "zqfnesc"], words: &["fnescbody."],
        screen: &["zqfnesc", "fnescbody"], warning: None);

    let p = file(
        b"new\nline.txt",
        b"Newline in the file name zqfnnl\n\nfnnlbody.\n",
    );
    article!("name_newline", "a file name holding a newline", p, Some("zqfnnl"), "new line.txt",
        headline: &["Newline", "zqfnnl"], words: &["fnnlbody."],
        screen: &["zqfnnl", "fnnlbody"], warning: None);

    let p = file(
        b"bad\xff\xfename.txt",
        b"Invalid bytes in the file name zqfnbad\n\nfnbadbody.\n",
    );
    article!("name_invalid", "a file name holding invalid UTF-8 bytes", p, Some("zqfnbad"),
        "bad\u{fffd}\u{fffd}name.txt",
        headline: &["Invalid", "zqfnbad"], words: &["fnbadbody."],
        screen: &["zqfnbad", "fnbadbody"], warning: None);

    let p = file(
        "c1\u{9b}2Jname\u{202e}gpj.txt".as_bytes(),
        b"C1 and bidi in the file name zqfnc1\n\nfnc1body.\n",
    );
    article!("name_c1_bidi", "a file name holding an 8-bit CSI and a right-to-left override",
        p, Some("zqfnc1"), "c1namegpj.txt",
        headline: &["C1", "zqfnc1"], words: &["fnc1body."],
        screen: &["zqfnc1", "fnc1body"], warning: None);

    let folder = b"\x1b[31msec\x1b]2;PWNED\x07tion\xe2\x80\xae\tfolder".as_slice();
    let mut rel = folder.to_vec();
    rel.extend(b"/plain.txt");
    let p = file(
        &rel,
        b"Plain text in a hostile folder zqfolder\n\nfolderbody.\n",
    );
    article!("folder_escape", "a plain article in a folder whose name holds CSI, OSC, a bidi \
              override and a tab (its section comes from that name)", p, Some("zqfolder"),
        "section folder",
        headline: &["Plain", "hostile", "folder", "zqfolder"], words: &["folderbody."],
        screen: &["zqfolder", "folderbody"], warning: None);

    // --- Things that are not articles -----------------------------------------------------------
    fs::create_dir_all(root.join("dir.txt")).unwrap();
    cases.push(Case {
        name: "dir_txt",
        what: "a directory whose name ends in .txt",
        path: root.join("dir.txt"),
        token: None,
        shown: "dir.txt",
        expect: Expect::Folder,
    });
    let p = file(
        b"dir.txt/inside.txt",
        b"Inside a folder named like a file zqdirtxt\n\ndirtxtbody.\n",
    );
    article!("dir_txt_inside", "an article inside the directory named .txt", p,
        Some("zqdirtxt"), "inside.txt",
        headline: &["Inside", "zqdirtxt"], words: &["dirtxtbody."],
        screen: &["zqdirtxt", "dirtxtbody"], warning: None);

    let mkfifo = |p: &Path| {
        let st = Command::new("mkfifo").arg(p).status().expect("mkfifo");
        assert!(st.success(), "mkfifo {p:?}");
    };
    let p = root.join("fifo.txt");
    mkfifo(&p);
    cases.push(Case {
        name: "fifo",
        what: "a FIFO named .txt (nobody ever writes to it)",
        path: p,
        token: None,
        shown: "fifo.txt",
        expect: Expect::Problem(&["is a FIFO"]),
    });
    let p = root.join(OsStr::from_bytes(b"fifo\x1b]0;PWNED\x07\nname.txt"));
    mkfifo(&p);
    cases.push(Case {
        name: "fifo_escape_name",
        what: "a FIFO whose name holds an OSC and a newline (so the problem line prints it)",
        path: p,
        token: None,
        shown: "fifo name.txt",
        expect: Expect::Problem(&["is a FIFO"]),
    });
    for (name, target, what, msgs) in [
        (
            "zero.txt",
            "/dev/zero",
            "a symlink to /dev/zero (endless)",
            &["is a device"][..],
        ),
        (
            "urandom.txt",
            "/dev/urandom",
            "a symlink to /dev/urandom (endless)",
            &["is a device"][..],
        ),
        (
            "tty.txt",
            "/dev/tty",
            "a symlink to /dev/tty (would read the keyboard)",
            &["is a device"][..],
        ),
        (
            "null.txt",
            "/dev/null",
            "a symlink to /dev/null",
            &["is a device"][..],
        ),
        (
            "loop.txt",
            "loop.txt",
            "a symlink to itself",
            &["symbolic link loop"][..],
        ),
        (
            "loopa.txt",
            "loopb.txt",
            "two symlinks pointing at each other",
            &["symbolic link loop"][..],
        ),
        (
            "loopb.txt",
            "loopa.txt",
            "two symlinks pointing at each other",
            &["symbolic link loop"][..],
        ),
        (
            "dangling.txt",
            "nowhere/at/all.txt",
            "a dangling symlink",
            &["broken symbolic link"][..],
        ),
    ] {
        let p = root.join(name);
        symlink(target, &p).unwrap();
        cases.push(Case {
            name: Box::leak(name.replace(".txt", "").into_boxed_str()),
            what,
            path: p,
            token: None,
            shown: name,
            expect: Expect::Problem(msgs),
        });
    }
    fs::create_dir_all(root.join("cycle")).unwrap();
    symlink("..", root.join("cycle/up")).unwrap();
    cases.push(Case {
        name: "dir_loop",
        what: "a directory symlink to its parent (a walk loop)",
        path: root.join("cycle/up"),
        token: None,
        shown: "up",
        expect: Expect::Folder,
    });
    let p = root.join("socket.txt");
    drop(std::os::unix::net::UnixListener::bind(&p).unwrap());
    cases.push(Case {
        name: "socket",
        what: "a Unix socket named .txt",
        path: p,
        token: None,
        shown: "socket.txt",
        expect: Expect::Problem(&["is a socket"]),
    });

    let p = file(
        b"unreadable.txt",
        b"Unreadable file zqunread\n\nunreadbody.\n",
    );
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    let locked_dir = root.join("locked");
    let q = file(
        b"locked/hidden.txt",
        b"Inside a locked folder zqlocked\n\nlockedbody.\n",
    );
    fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o000)).unwrap();
    locked.push(locked_dir.clone());
    if root_user {
        eprintln!(
            "note: running as root, so chmod 000 does not stop reads: unreadable.txt and \
             locked/ are read as articles and the 'permission denied' assertions are skipped"
        );
        article!("unreadable", "a file with mode 000 (read anyway: the tests run as root)",
            p, Some("zqunread"), "unreadable.txt",
            headline: &["Unreadable", "zqunread"], words: &["unreadbody."],
            screen: &["zqunread"], warning: None);
        article!("locked", "a file in a folder with mode 000 (read anyway: root)",
            q, Some("zqlocked"), "hidden.txt",
            headline: &["locked", "zqlocked"], words: &["lockedbody."],
            screen: &["zqlocked"], warning: None);
    } else {
        cases.push(Case {
            name: "unreadable",
            what: "a file with mode 000",
            path: p,
            token: None,
            shown: "unreadable.txt",
            expect: Expect::Problem(&["permission denied"]),
        });
        cases.push(Case {
            name: "locked",
            what: "a folder with mode 000",
            path: locked_dir,
            token: None,
            shown: "locked",
            expect: Expect::Problem(&["permission denied"]),
        });
    }

    Library {
        root: root.to_owned(),
        cases,
        locked,
    }
}

/// A private environment with the hostile library in it.
fn hostile_env() -> (Env, Library) {
    let env = Env::empty();
    let lib = build(&env.root.path().join("library"));
    (env, lib)
}

/// Parsed `kiosque list --json` of `lib`: one object per article.
fn list_json(env: &Env, lib: &Library) -> Vec<serde_json::Value> {
    let run = ok(
        run_bounded(
            kq(
                env,
                [
                    os("list"),
                    os("--json"),
                    os("-l"),
                    lib.root.as_os_str().into(),
                ],
            ),
            GENEROUS,
        ),
        "list --json",
    );
    run.out()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn os(s: &str) -> OsString {
    OsString::from(s)
}

/// The id of the article whose headline holds `token`.
fn id_with(listed: &[serde_json::Value], token: &str) -> String {
    let hits: Vec<&serde_json::Value> = listed
        .iter()
        .filter(|v| v["headline"].as_str().is_some_and(|h| h.contains(token)))
        .collect();
    assert_eq!(hits.len(), 1, "{token} should name one article: {hits:?}");
    hits[0]["id"].as_str().unwrap().to_owned()
}

// ------------------------------------------------------------------------------------------
// B1. parse, list, show: clean and complete
// ------------------------------------------------------------------------------------------

/// `kiosque parse` on every hostile entry at once: the JSON lines and their strings are clean,
/// every article keeps its words, every problem is named on stderr (cleanly) and the run fails.
#[test]
fn parse_output_is_clean_and_keeps_the_words() {
    let _g = serial();
    let (env, lib) = hostile_env();
    let mut args = vec![os("parse")];
    args.extend(
        lib.cases
            .iter()
            .filter(|c| !matches!(c.expect, Expect::Folder))
            .map(|c| c.path.clone().into_os_string()),
    );
    eprintln!("hostile inputs tried: {}", lib.cases.len());
    for c in &lib.cases {
        eprintln!("  {:<18} {}", c.name, c.what);
    }
    let run = run_bounded(kq(&env, &args), GENEROUS).unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "parse with unreadable files fails\n{}",
        run.err()
    );
    assert_clean(&run.stdout, PLAIN, "parse stdout");
    assert_clean(&run.stderr, PLAIN, "parse stderr");
    let objects: Vec<serde_json::Value> = run
        .out()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(
        objects.len(),
        lib.articles().count(),
        "one object per article"
    );
    for obj in &objects {
        let mut strings = Vec::new();
        json_strings(obj, &mut strings);
        for s in &strings {
            assert_clean(s.as_bytes(), PLAIN, &format!("a string of {}", obj["path"]));
        }
    }
    let mut failures = Vec::new();
    for case in lib.articles() {
        let obj = objects
            .iter()
            .find(|o| match case.token {
                Some(token) => o["headline"].as_str().is_some_and(|h| h.contains(token)),
                None => o["path"].as_str().is_some_and(|p| p.ends_with(case.shown)),
            })
            .unwrap_or_else(|| panic!("{}: no object for it", case.name));
        let mut strings = Vec::new();
        json_strings(obj, &mut strings);
        let all = strings.join("\n");
        let gone = missing(&all, &case.words());
        if !gone.is_empty() {
            failures.push(format!("{}: words lost: {gone:?}", case.name));
        }
        if let Expect::Article {
            warning: Some(w), ..
        } = case.expect
        {
            let warned = obj["warnings"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x.as_str().unwrap_or("").contains(w)));
            if !warned {
                failures.push(format!(
                    "{}: no warning {w:?}: {}",
                    case.name, obj["warnings"]
                ));
            }
        }
    }
    let err = run.err();
    for case in lib.cases.iter() {
        if let Expect::Problem(msgs) = case.expect
            && !err.lines().any(|l| says(l, case.shown, msgs))
        {
            failures.push(format!(
                "{}: no stderr line naming {:?} with one of {msgs:?}",
                case.name, case.shown
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nstderr:\n{err}",
        failures.join("\n")
    );
}

/// `kiosque list` (text): clean but for its tabs, exactly five fields per line, one line per
/// article (a newline in a name or a headline cannot add a line), headline words all there.
#[test]
fn list_text_is_clean_one_line_per_article() {
    let _g = serial();
    let (env, lib) = hostile_env();
    let run = ok(
        run_bounded(
            kq(&env, [os("list"), os("-l"), lib.root.clone().into()]),
            GENEROUS,
        ),
        "list",
    );
    assert_clean(
        &run.stdout,
        Allow {
            tab: true,
            sgr: false,
        },
        "list stdout",
    );
    assert_clean(&run.stderr, PLAIN, "list stderr");
    let out = run.out();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        lib.articles().count(),
        "one line per article:\n{out}"
    );
    for line in &lines {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 5, "five tab-separated fields: {line:?}");
        assert!(
            f[0].len() == 16 && f[0].bytes().all(|b| b.is_ascii_hexdigit()),
            "{line:?}"
        );
    }
    let mut failures = Vec::new();
    for case in lib.articles() {
        let Some(token) = case.token else { continue };
        let hits: Vec<&&str> = lines.iter().filter(|l| l.contains(token)).collect();
        if hits.len() != 1 {
            failures.push(format!("{}: {} lines hold {token}", case.name, hits.len()));
            continue;
        }
        let gone = missing(hits[0], case.headline());
        if !gone.is_empty() {
            failures.push(format!(
                "{}: headline words lost: {gone:?} in {:?}",
                case.name, hits[0]
            ));
        }
    }
    // The section taken from the hostile folder name, cleaned.
    let folder_line = lines.iter().find(|l| l.contains("zqfolder")).unwrap();
    assert_eq!(
        folder_line.split('\t').nth(3),
        Some("section folder"),
        "{folder_line:?}"
    );
    assert!(failures.is_empty(), "{}\n{out}", failures.join("\n"));
}

/// `kiosque export`: every article of the hostile library is in the Markdown and the HTML,
/// both clean as terminal output (`-o -` may be a terminal), the HTML well-formed XML; the EPUB's
/// every document well-formed; all in bounded time.
#[test]
fn export_is_clean_and_well_formed() {
    let _g = serial();
    let (env, lib) = hostile_env();
    let articles = lib.articles().count();
    assert!(articles > 20, "{articles}");
    for format in ["md", "html"] {
        let args = [os("export"), os("-l"), lib.root.clone().into()];
        let mut cmd = kq(&env, args);
        cmd.args(["--format", format, "-o", "-"]);
        let run = ok(run_bounded(cmd, GENEROUS), format);
        let allow = Allow {
            tab: true,
            sgr: false,
        };
        assert_clean(&run.stdout, allow, &format!("export {format}"));
        assert_clean(&run.stderr, PLAIN, &format!("export {format} stderr"));
        let out = run.out();
        let shown = if format == "md" {
            out.matches("\n### <a id=\"a-").count()
        } else {
            let tree = xml::parse(out.trim_start_matches("<!DOCTYPE html>\n"))
                .unwrap_or_else(|e| panic!("the HTML is not well-formed: {e}"));
            tree.iter().filter(|e| e.name == "article").count()
        };
        assert_eq!(shown, articles, "{format}: every article");
    }
    let book = env.root.path().join("hostile.epub");
    let mut cmd = kq(&env, [os("export"), os("-l"), lib.root.clone().into()]);
    cmd.args([OsStr::new("--format"), OsStr::new("epub"), OsStr::new("-o")])
        .arg(&book);
    ok(run_bounded(cmd, GENEROUS), "epub");
    let mut zip = zip::ZipArchive::new(fs::File::open(&book).unwrap()).unwrap();
    let mut documents = 0;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".xml") {
            xml::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            documents += 1;
        }
        assert!(find(text.as_bytes(), b"PWNED").is_none(), "{name}");
    }
    assert!(documents >= 4);
}

/// `kiosque list --json`: every line parses, every string is clean, paths are shown cleaned.
#[test]
fn list_json_is_clean() {
    let _g = serial();
    let (env, lib) = hostile_env();
    let run = ok(
        run_bounded(
            kq(
                &env,
                [os("list"), os("--json"), os("-l"), lib.root.clone().into()],
            ),
            GENEROUS,
        ),
        "list --json",
    );
    assert_clean(&run.stdout, PLAIN, "list --json stdout");
    assert_clean(&run.stderr, PLAIN, "list --json stderr");
    let listed: Vec<serde_json::Value> = run
        .out()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(listed.len(), lib.articles().count());
    let mut paths = Vec::new();
    for v in &listed {
        let mut strings = Vec::new();
        json_strings(v, &mut strings);
        for s in &strings {
            assert_clean(s.as_bytes(), PLAIN, &format!("a string of {v}"));
        }
        paths.push(v["path"].as_str().unwrap().to_owned());
    }
    let mut failures = Vec::new();
    for case in lib.articles() {
        if !paths.iter().any(|p| p.contains(case.shown)) {
            failures.push(format!("{}: no path shows {:?}", case.name, case.shown));
        }
        if let Some(token) = case.token {
            let id = id_with(&listed, token);
            let v = listed.iter().find(|v| v["id"] == id.as_str()).unwrap();
            let gone = missing(v["headline"].as_str().unwrap(), case.headline());
            if !gone.is_empty() {
                failures.push(format!("{}: headline words lost: {gone:?}", case.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\npaths: {paths:#?}",
        failures.join("\n")
    );
}

/// `kiosque list --warnings`: every problem and every mended file is named, cleanly.
#[test]
fn list_warnings_names_every_problem_cleanly() {
    let _g = serial();
    let (env, lib) = hostile_env();
    let run = ok(
        run_bounded(
            kq(
                &env,
                [
                    os("list"),
                    os("--warnings"),
                    os("-l"),
                    lib.root.clone().into(),
                ],
            ),
            GENEROUS,
        ),
        "list --warnings",
    );
    assert_clean(&run.stdout, PLAIN, "list --warnings stdout");
    assert_clean(&run.stderr, PLAIN, "list --warnings stderr");
    let out = run.out();
    let mut failures = Vec::new();
    for case in &lib.cases {
        let wanted: Vec<&str> = match &case.expect {
            Expect::Problem(msgs) => msgs.to_vec(),
            Expect::Article {
                warning: Some(w), ..
            } => vec![w],
            _ => continue,
        };
        if !out.lines().any(|l| says(l, case.shown, &wanted)) {
            failures.push(format!(
                "{}: no line naming {:?} with one of {wanted:?}",
                case.name, case.shown
            ));
        }
    }
    // A warning must say what was wrong: none may claim zero problems of the kind it is about.
    for line in out.lines() {
        if line.contains(": 0 invalid") {
            failures.push(format!("a warning that says nothing was wrong: {line:?}"));
        }
    }
    assert!(failures.is_empty(), "{}\n{out}", failures.join("\n"));
}

/// `show` and `mark` take a FILE (README, SPEC §5): a file whose name is not UTF-8 (common in old
/// Latin-1 archives) can be named like any other, and the error for a missing one is clean.
#[test]
fn show_and_mark_take_a_file_whose_name_is_not_utf8() {
    let _g = serial();
    let env = Env::empty();
    let dir = env.root.path().join("latin1");
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join(OsStr::from_bytes(b"caf\xe9 cr\xe8me.txt"));
    fs::write(
        &file,
        "Un nom de fichier en Latin-1 zqlatin\n\nlatinbody.\n",
    )
    .unwrap();
    let show = run_bounded(
        kq(
            &env,
            [os("show"), file.clone().into(), os("--color"), os("never")],
        ),
        GENEROUS,
    )
    .unwrap();
    let mark = run_bounded(
        kq(&env, [os("mark"), os("--star"), file.clone().into()]),
        GENEROUS,
    )
    .unwrap();
    let missing_file = dir.join(OsStr::from_bytes(b"absent\xff\x1b]0;PWNED\x07.txt"));
    let absent = run_bounded(kq(&env, [os("show"), missing_file.into()]), GENEROUS).unwrap();
    assert_clean(
        &absent.stderr,
        PLAIN,
        "the error for a missing non-UTF-8 name",
    );
    assert!(
        show.status.success() && show.out().contains("latinbody."),
        "kiosque show <non-UTF-8 name>: {:?}\n{}",
        show.status,
        show.err()
    );
    assert!(
        mark.status.success() && mark.out().ends_with("\tstarred\n"),
        "kiosque mark --star <non-UTF-8 name>: {:?}\n{}",
        mark.status,
        mark.err()
    );
    assert_eq!(absent.status.code(), Some(1), "{}", absent.err());
}

/// The checkers themselves: each kind of dirt they look for is caught, kiosque's own SGR is
/// let through only where allowed, and the emulator spy hears a window title.
#[test]
fn the_checkers_catch_what_they_look_for() {
    for bad in [
        &b"a\x1b]0;t\x07b"[..],
        b"a\x1b[2Jb",
        b"a\xc2\x9bb",
        b"a\xe2\x80\xaeb",
        b"a\xe2\x81\xa6b",
        b"a\x07b",
        b"a\x00b",
        b"a\x7fb",
        b"a\tb",
        b"a\rb",
        b"a\xffb",
        b"PWNED",
    ] {
        assert!(!dirt(bad, PLAIN).is_empty(), "{}", escaped(bad));
    }
    let sgr = b"\x1b[1;31mECONOMIE\x1b[0m\n";
    assert!(!dirt(sgr, PLAIN).is_empty());
    assert!(
        dirt(
            sgr,
            Allow {
                tab: false,
                sgr: true
            }
        )
        .is_empty()
    );
    assert!(
        !dirt(
            b"\x1b[2J",
            Allow {
                tab: false,
                sgr: true
            }
        )
        .is_empty()
    );
    assert!(
        dirt(
            b"a\tb\n",
            Allow {
                tab: true,
                sgr: false
            }
        )
        .is_empty()
    );
    assert_eq!(strip_sgr(sgr), b"ECONOMIE\n");
    for bad in [
        &b"\x1b]2;x\x07"[..],
        b"\x1bPq\x1b\\",
        b"\x1b_G\x1b\\",
        b"\xc2\x9d",
        b"\x07",
    ] {
        assert!(!stream_dirt(bad).is_empty(), "{}", escaped(bad));
    }
    assert!(stream_dirt(b"\x1b[?1049h\x1b[1;1H\x1b[38;5;6mtext\x1b[0m\r\n").is_empty());
    let n = |v: u16| std::num::NonZeroU16::new(v).unwrap();
    let mut spy = vt100::Parser::new_with_callbacks(n(5), n(20), 0, Spy::default());
    spy.process(b"\x1b]0;title\x07\x1b]52;c;aGk=\x07");
    assert_eq!(
        spy.callbacks().events.len(),
        3,
        "{:?}",
        spy.callbacks().events
    );
    assert!(missing("a  b\n c", &["a b c"]).is_empty());
    assert_eq!(missing("ab", &["b", "c"]), vec!["c"]);
    assert!(says("x/fifo.txt: is a FIFO", "fifo.txt", &["FIFO"]));
    assert!(!says(
        "x/socket.txt: no such device",
        "socket.txt",
        &["socket"]
    ));
}

/// `kiosque show` of every article, without colour and with: no ESC but kiosque's own SGR, the
/// same text once the SGR is taken out, every word there.
#[test]
fn show_is_clean_with_and_without_colour() {
    let _g = serial();
    let (env, lib) = hostile_env();
    let mut failures = Vec::new();
    for case in lib.articles() {
        // By id (names with invalid UTF-8 cannot be passed as a target), in a library of the
        // file alone (the whole library would be read again for each show).
        let alone = ok(
            run_bounded(
                kq(
                    &env,
                    [os("list"), os("--json"), os("-l"), case.path.clone().into()],
                ),
                GENEROUS,
            ),
            "list --json of one file",
        );
        let id = serde_json::from_str::<serde_json::Value>(alone.out().lines().next().unwrap())
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        if case.name == "longline" {
            // Its output is checked by `every_file_is_listed_and_shown_in_bounded_time`, under
            // the bound of its size: showing it is the one slow thing in this library.
            continue;
        }
        let mut outs = Vec::new();
        for color in ["never", "always"] {
            let args = [
                os("show"),
                os(&id),
                os("--width"),
                os("80"),
                os("--color"),
                os(color),
                os("-l"),
                case.path.clone().into(),
            ];
            let run = match run_bounded(kq(&env, args), GENEROUS) {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("{} --color {color}: {e}", case.name));
                    continue;
                }
            };
            if !run.status.success() {
                failures.push(format!(
                    "{} --color {color}: {:?} {}",
                    case.name,
                    run.status,
                    run.err()
                ));
                continue;
            }
            let allow = Allow {
                tab: false,
                sgr: color == "always",
            };
            for d in dirt(&run.stdout, allow) {
                failures.push(format!("{} --color {color}: {d}", case.name));
            }
            for d in dirt(&run.stderr, PLAIN) {
                failures.push(format!("{} --color {color} stderr: {d}", case.name));
            }
            outs.push(run.stdout);
        }
        if outs.len() == 2 {
            if strip_sgr(&outs[1]) != outs[0] {
                failures.push(format!(
                    "{}: the coloured text differs from the plain text",
                    case.name
                ));
            }
            let text = String::from_utf8_lossy(&outs[0]);
            let gone = missing(&text, &case.words());
            if !gone.is_empty() {
                failures.push(format!("{}: words lost: {gone:?}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ------------------------------------------------------------------------------------------
// B3. Bounded cost
// ------------------------------------------------------------------------------------------

/// Each article file alone is listed, and shown, within [`bound_for`] its size; the times are
/// printed (they go into RELIABILITY.md).
#[test]
fn every_file_is_listed_and_shown_in_bounded_time() {
    let _g = serial();
    let (env, lib) = hostile_env();
    let mut failures = Vec::new();
    let mut table = Vec::new();
    // The long line last: it is the slow one, and the others are measured first.
    let mut cases: Vec<&Case> = lib.articles().collect();
    cases.sort_by_key(|c| c.name == "longline");
    for case in cases {
        let size = case.size();
        let bound = bound_for(size);
        let list = run_bounded(
            kq(
                &env,
                [os("list"), os("--json"), os("-l"), case.path.clone().into()],
            ),
            bound,
        );
        let list = match list {
            Ok(r) if r.status.success() => r,
            Ok(r) => {
                failures.push(format!(
                    "{}: list failed {:?}: {}",
                    case.name,
                    r.status,
                    r.err()
                ));
                continue;
            }
            Err(e) => {
                failures.push(format!("{} ({size} bytes): list {e}", case.name));
                continue;
            }
        };
        let id = serde_json::from_str::<serde_json::Value>(list.out().lines().next().unwrap())
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let show = run_bounded(
            kq(
                &env,
                [
                    os("show"),
                    os(&id),
                    os("--width"),
                    os("80"),
                    os("--color"),
                    os("never"),
                    os("-l"),
                    case.path.clone().into(),
                ],
            ),
            bound,
        );
        let show_ms = match show {
            Ok(r) if r.status.success() => {
                for d in dirt(&r.stdout, PLAIN) {
                    failures.push(format!("{}: show output: {d}", case.name));
                }
                let gone = missing(&r.out(), &case.words());
                if !gone.is_empty() {
                    failures.push(format!("{}: words lost: {gone:?}", case.name));
                }
                r.elapsed.as_millis().to_string()
            }
            Ok(r) => {
                failures.push(format!(
                    "{}: show failed {:?}: {}",
                    case.name,
                    r.status,
                    r.err()
                ));
                "failed".into()
            }
            Err(e) => {
                failures.push(format!("{} ({size} bytes): `kiosque show` {e}", case.name));
                "TIMEOUT".into()
            }
        };
        table.push(format!(
            "{:<16} {:>10} bytes  list {:>6} ms  show {:>7} ms  bound {:>6} ms",
            case.name,
            size,
            list.elapsed.as_millis(),
            show_ms,
            bound.as_millis()
        ));
    }
    eprintln!("bounded cost (debug build):\n{}", table.join("\n"));
    assert!(
        failures.is_empty(),
        "{}\n{}",
        failures.join("\n"),
        table.join("\n")
    );
}

/// FIFOs, sockets, links to devices and link loops never block: a listing of the hostile
/// library (with them) ends in bounded time and reports each; naming one of them directly to
/// `show` or `parse` is a clear error, at once.
#[test]
fn special_files_never_hang() {
    let _g = serial();
    let (env, lib) = hostile_env();

    // The specials alone: a few milliseconds of work.
    let specials = env.root.path().join("specials");
    fs::create_dir_all(&specials).unwrap();
    for case in &lib.cases {
        if matches!(case.expect, Expect::Problem(_)) {
            let name = case.path.file_name().unwrap();
            // Same kind of entry, in a folder of its own.
            let meta = fs::symlink_metadata(&case.path).unwrap();
            if meta.file_type().is_symlink() {
                let target = fs::read_link(&case.path).unwrap();
                symlink(target, specials.join(name)).unwrap();
            }
        }
    }
    let st = Command::new("mkfifo")
        .arg(specials.join("fifo.txt"))
        .status()
        .unwrap();
    assert!(st.success());
    let started = Instant::now();
    let run = run_bounded(
        kq(
            &env,
            [
                os("list"),
                os("--warnings"),
                os("-l"),
                specials.clone().into(),
            ],
        ),
        Duration::from_secs(3),
    )
    .unwrap_or_else(|e| panic!("list --warnings of FIFO, devices and loops: {e}"));
    assert!(run.status.success(), "{}", run.err());
    let out = run.out();
    for needle in [
        "fifo.txt: is a FIFO",
        "zero.txt: is a device",
        "loop.txt: symbolic link loop",
    ] {
        assert!(out.contains(needle), "{needle:?} missing:\n{out}");
    }
    eprintln!(
        "list --warnings of the special files: {} ms",
        started.elapsed().as_millis()
    );

    // The whole hostile library.
    let limit = bound_for(lib.total_size());
    let run = run_bounded(
        kq(&env, [os("list"), os("-l"), lib.root.clone().into()]),
        limit,
    )
    .unwrap_or_else(|e| panic!("list of the whole hostile library: {e}"));
    assert!(run.status.success(), "{}", run.err());
    eprintln!(
        "list of the whole hostile library ({} bytes): {} ms (bound {} ms)",
        lib.total_size(),
        run.elapsed.as_millis(),
        limit.as_millis()
    );
    assert!(
        run.err().contains("had problems"),
        "the listing says files had problems: {}",
        run.err()
    );

    // Named directly: a clear error at once, the same reason `list --warnings` gives.
    let mut failures = Vec::new();
    for name in [
        "fifo", "zero", "urandom", "null", "tty", "loop", "loopa", "dangling", "socket",
    ] {
        let case = lib.case(name);
        let Expect::Problem(reasons) = case.expect else {
            unreachable!()
        };
        // A dangling link named directly may also be called missing: it leads nowhere.
        let reasons: &[&str] = if name == "dangling" {
            &["broken symbolic link", "no such file"]
        } else {
            reasons
        };
        for sub in ["show", "parse", "mark"] {
            let mut args = vec![os(sub)];
            if sub == "mark" {
                args.push(os("--read"));
            }
            args.push(case.path.clone().into());
            let run = match run_bounded(kq(&env, &args), Duration::from_secs(3)) {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("kiosque {sub} {name}: {e}"));
                    continue;
                }
            };
            for d in dirt(&run.stdout, PLAIN)
                .into_iter()
                .chain(dirt(&run.stderr, PLAIN))
            {
                failures.push(format!("kiosque {sub} {name}: {d}"));
            }
            let err = run.err();
            let lines: Vec<&str> = err.lines().collect();
            if run.status.code() != Some(1)
                || lines.len() != 1
                || !lines[0].starts_with("kiosque: ")
                || !says(lines[0], case.shown, reasons)
            {
                failures.push(format!(
                    "kiosque {sub} {name}: {:?}, wanted exit 1 and one line naming {:?} with \
                     one of {reasons:?}; stderr: {err}",
                    run.status.code(),
                    case.shown
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Over 16 MB: read up to 16 MB, with a warning; `show` prints its beginning and not its end.
#[test]
fn oversized_file_is_truncated_with_a_warning() {
    let _g = serial();
    let (env, lib) = hostile_env();
    let big = lib.case("big");
    let run = ok(
        run_bounded(
            kq(
                &env,
                [
                    os("list"),
                    os("--warnings"),
                    os("-l"),
                    big.path.clone().into(),
                ],
            ),
            bound_for(big.size()),
        ),
        "list --warnings of the big file",
    );
    let out = run.out();
    assert!(
        out.contains("big.txt: the file is 17 MB; only its first 16 MB are shown"),
        "{out}"
    );
    let run = ok(
        run_bounded(
            kq(
                &env,
                [
                    os("show"),
                    big.path.clone().into(),
                    os("--width"),
                    os("80"),
                    os("--color"),
                    os("never"),
                ],
            ),
            bound_for(big.size()),
        ),
        "show of the big file",
    );
    let head = String::from_utf8_lossy(&run.stdout[..4096.min(run.stdout.len())]).into_owned();
    for w in [
        "ECONOMIE",
        "Tres gros fichier zqbig",
        "⚠",
        "only its first 16 MB",
        "bigstart",
    ] {
        assert!(
            head.contains(w),
            "{w:?} missing from the beginning:\n{head}"
        );
    }
    assert!(
        find(&run.stdout, b"bigend").is_none(),
        "the part past 16 MB is shown"
    );
    assert_clean(&run.stdout, PLAIN, "show of the big file");
}

// ------------------------------------------------------------------------------------------
// B2. The reader in a pty
// ------------------------------------------------------------------------------------------

/// What the terminal was asked to do besides drawing, as vt100 reports it.
#[derive(Default)]
struct Spy {
    events: Vec<String>,
}

impl vt100::Callbacks for Spy {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.events.push("bell".into());
    }
    fn resize(&mut self, _: &mut vt100::Screen, request: (u16, u16)) {
        self.events.push(format!("resize request {request:?}"));
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.events.push(format!("icon name {}", escaped(name)));
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.events.push(format!("window title {}", escaped(title)));
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.events
            .push(format!("clipboard write {}", escaped(data)));
    }
    fn paste_from_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8]) {
        self.events.push("clipboard read".into());
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        let p: Vec<String> = params.iter().map(|p| escaped(p)).collect();
        self.events.push(format!("OSC {}", p.join(";")));
    }
}

/// Problems of a raw pty stream: string sequences (OSC, DCS, SOS, PM, APC), C1 controls as
/// UTF-8, bidi controls, payloads.
fn stream_dirt(raw: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for (seq, name) in [
        (&b"\x1b]"[..], "OSC"),
        (b"\x1bP", "DCS"),
        (b"\x1bX", "SOS"),
        (b"\x1b^", "PM"),
        (b"\x1b_", "APC"),
        (b"PWNED", "a payload"),
    ] {
        if let Some(at) = find(raw, seq) {
            found.push(format!("{name} at {at}: {}", context(raw, at)));
        }
    }
    for (i, w) in raw.windows(2).enumerate() {
        if w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1]) {
            found.push(format!("C1 as UTF-8 at {i}: {}", context(raw, i)));
            break;
        }
    }
    for (i, w) in raw.windows(3).enumerate() {
        let bidi = w[0] == 0xe2
            && ((w[1] == 0x80 && (0xaa..=0xae).contains(&w[2]))
                || (w[1] == 0x81 && (0xa6..=0xa9).contains(&w[2])));
        if bidi {
            found.push(format!("bidi control at {i}: {}", context(raw, i)));
            break;
        }
    }
    // Every ESC starts a CSI (what the terminal library writes) or a two-byte escape.
    for (i, w) in raw.windows(2).enumerate() {
        if w[0] == 0x1b && !matches!(w[1], b'[' | b'7' | b'8' | b'=' | b'>' | b'(') {
            found.push(format!("unexpected escape at {i}: {}", context(raw, i)));
            break;
        }
    }
    // Raw controls: the terminal library only writes ESC sequences, CR, LF and BS.
    for (i, &b) in raw.iter().enumerate() {
        if (b < 0x20 && !matches!(b, 0x1b | b'\r' | b'\n' | 0x08)) || b == 0x7f {
            found.push(format!("control 0x{b:02x} at {i}: {}", context(raw, i)));
            break;
        }
    }
    found
}

fn wait_loaded_slowly(t: &Term, total: usize) {
    let count = format!(" unread / {total}");
    let title = format!("All · {total} ");
    t.wait_until_within(
        Duration::from_secs(120),
        &format!("a loaded library of {total}"),
        |t| {
            let c = t.contents();
            (c.contains(&count) || c.contains(&title)) && !c.contains("loading")
        },
    );
}

/// The reader on the whole hostile library: open the articles one by one, resize, open the
/// warnings, quit. The raw stream holds no string sequence, no C1, no bidi control, no payload;
/// the emulated terminal got no title, clipboard or bell; each article's words were on screen.
#[test]
fn reader_in_a_pty_never_leaks() {
    let _g = serial();
    let (env, lib) = hostile_env();
    let listed = list_json(&env, &lib);
    let total = listed.len();
    let root = lib.root.to_string_lossy().into_owned();
    let cfg = env.config.to_string_lossy().into_owned();
    let (mut t, rec) = Term::spawn_recording(
        env.root.path(),
        &env.vars(),
        &[&root, "--config-dir", &cfg],
        120,
        40,
    );
    wait_loaded_slowly(&t, total);
    // The section named after the hostile folder, cleaned.
    t.wait_for("section folder");

    let mut failures = Vec::new();
    let skip = ["longline", "tinylines", "big"];
    for case in lib.articles() {
        let (Some(token), Expect::Article { screen, .. }) = (case.token, &case.expect) else {
            continue;
        };
        if skip.contains(&case.name) {
            continue;
        }
        let id = id_with(&listed, token);
        t.open_by_filter(token, &id);
        for w in *screen {
            let w = *w;
            let seen = poll(Duration::from_secs(5), || t.contents().contains(w));
            if !seen {
                failures.push(format!("{}: {w:?} not on screen\n{}", case.name, t.dump()));
            }
        }
        t.close_reader(&id);
    }

    // Resizes, with an article open.
    let case = lib.case("osc");
    let id = id_with(&listed, case.token.unwrap());
    t.open_by_filter("zqosc", &id);
    let mut redraws = Vec::new();
    for (cols, rows) in [(80, 24), (40, 12), (10, 3), (200, 60), (120, 40)] {
        let asked = Instant::now();
        t.resize(cols, rows);
        // Drawn at the new size: the status line on the new last row and the reader (its id
        // on its bottom border), or the "too small" notice.
        t.wait_until(&format!("redrawn at {cols}×{rows}"), |t| {
            let r = t.rows();
            if cols < 20 {
                r[0].starts_with("terminal")
            } else if cols < 80 {
                r[usize::from(rows) - 1].contains("All")
            } else {
                r[usize::from(rows) - 1].contains("All")
                    && r[usize::from(rows) - 2].contains(&id)
                    && t.contents().contains("oscbody")
            }
        });
        redraws.push(format!("{cols}×{rows}: {} ms", asked.elapsed().as_millis()));
    }
    eprintln!("resize → redrawn: {}", redraws.join(", "));
    t.close_reader(&id);

    // The warnings view.
    t.send("w");
    t.wait_for("w or Esc closes");
    for shown in [
        "fifo.txt",
        "fifo name.txt",
        "zero.txt",
        "loop.txt",
        "socket.txt",
    ] {
        if !poll(Duration::from_secs(10), || t.contents().contains(shown)) {
            failures.push(format!("warnings view: {shown} not shown\n{}", t.dump()));
        }
    }
    t.send("w");
    t.wait_gone("w or Esc closes");

    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}\n{}", t.dump());
    t.assert_restored();

    let raw = rec.bytes();
    for d in stream_dirt(&raw) {
        failures.push(format!("raw output: {d}"));
    }
    let n = |v: u16| std::num::NonZeroU16::new(v).unwrap();
    let mut replay = vt100::Parser::new_with_callbacks(n(40), n(120), 0, Spy::default());
    replay.process(&raw);
    for e in &replay.callbacks().events {
        failures.push(format!("the terminal was asked: {e}"));
    }
    eprintln!("reader: {} bytes of terminal output checked", raw.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Polls `cond` until it holds or `limit` passes; says which.
fn poll(limit: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + limit;
    loop {
        if cond() {
            return true;
        }
        if Instant::now() >= until {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The 5 MB line opens in the reader, and its end can be reached, within the bound of its size:
/// the reader never freezes on one long word.
#[test]
fn reader_opens_the_long_line_without_freezing() {
    let _g = serial();
    let (env, lib) = hostile_env();
    let case = lib.case("longline");
    let only = env.root.path().join("long");
    fs::create_dir_all(&only).unwrap();
    fs::copy(&case.path, only.join("longline.txt")).unwrap();
    let listed = {
        let run = ok(
            run_bounded(
                kq(
                    &env,
                    [os("list"), os("--json"), os("-l"), only.clone().into()],
                ),
                GENEROUS,
            ),
            "list",
        );
        run.out()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .collect::<Vec<_>>()
    };
    let id = id_with(&listed, "zqlong");
    let dir = only.to_string_lossy().into_owned();
    let cfg = env.config.to_string_lossy().into_owned();
    let (mut t, _rec) = Term::spawn_recording(
        env.root.path(),
        &env.vars(),
        &[&dir, "--config-dir", &cfg],
        120,
        40,
    );
    wait_loaded_slowly(&t, 1);
    let bound = bound_for(case.size());
    t.send(ENTER);
    t.wait_until_within(bound, "the long line opened in the reader", |t| {
        t.contents().contains(&id) && t.contents().contains("xxxxxxxxxx")
    });
    t.send("G");
    t.wait_until_within(bound, "the end of the long line (End)", |t| {
        t.contents().contains("longtail")
    });
    t.send("Q");
    assert!(t.wait_exit().success());
    t.assert_restored();
}

// ------------------------------------------------------------------------------------------
// B4. Messages and config files: argument errors, config.toml, bidi controls on every path
// ------------------------------------------------------------------------------------------

/// What a file name can hold: an OSC (a window title), a CSI (clear the screen), an 8-bit CSI,
/// a right-to-left override and a left-to-right isolate.
const NAME_PAYLOAD: &str = "\x1b]0;PWNED\x07\x1b[2J\u{9b}2J\u{202e}\u{2066}";

/// The bundled seed article.
fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_2e7dbad873d5f945.txt")
}

/// A folder holding a file named like a flag with [`NAME_PAYLOAD`] in it, and that name, as
/// `kiosque parse *` run there would pass it.
fn flag_named_file(env: &Env) -> (PathBuf, String) {
    let dir = env.root.path().join("args");
    fs::create_dir_all(&dir).unwrap();
    let name = format!("--{NAME_PAYLOAD}.txt");
    fs::write(dir.join(&name), "A file named like a flag\n\nbody.\n").unwrap();
    (dir, name)
}

/// Clap quotes the arguments in its errors: a file named like a flag (`kiosque parse *`), an
/// invalid `--color` or `--width`, values that are not UTF-8. Each is a usage error (exit 2),
/// never a panic, and its message is clean; so is the help. `CLICOLOR_FORCE` makes clap write
/// as it does for a terminal, where it passed the escape sequences through (piped, it passed
/// the 8-bit CSI and the bidi controls).
#[test]
fn argument_errors_and_help_are_clean() {
    let _g = serial();
    let env = Env::empty();
    let (dir, flag_like) = flag_named_file(&env);
    let not_utf8 = OsStr::from_bytes(b"1\xff\x1b[2J").to_owned();
    let payload = |prefix: &str| os(&format!("{prefix}{NAME_PAYLOAD}"));
    let cases: Vec<(Vec<OsString>, &str)> = vec![
        (
            vec![os("parse"), seed().into(), os(&flag_like)],
            "unexpected argument",
        ),
        (
            vec![os("show"), seed().into(), os("--color"), payload("x")],
            "invalid value",
        ),
        (
            vec![os("show"), seed().into(), os("--width"), payload("1")],
            "invalid value",
        ),
        (
            vec![os("show"), seed().into(), os("--width"), not_utf8.clone()],
            "invalid UTF-8",
        ),
        (vec![os("list"), os("--section"), not_utf8], "invalid UTF-8"),
    ];
    let mut failures = Vec::new();
    for (args, says) in cases {
        let mut cmd = kq(&env, &args);
        cmd.env("CLICOLOR_FORCE", "1").current_dir(&dir);
        let run = run_bounded(cmd, GENEROUS).unwrap();
        let what = format!("kiosque {args:?}");
        if run.status.code() != Some(2) || !run.err().contains(says) || !run.stdout.is_empty() {
            failures.push(format!("{what}: {:?}\n{}", run.status, run.err()));
        }
        let dirt = dirt(&run.stderr, PLAIN);
        if !dirt.is_empty() {
            failures.push(format!(
                "{what}: stderr not clean:\n  {}",
                dirt.join("\n  ")
            ));
        }
    }
    for args in [&["--help"][..], &["show", "--help"], &["--version"]] {
        let mut cmd = kq(&env, args);
        cmd.env("CLICOLOR_FORCE", "1");
        let run = run_bounded(cmd, GENEROUS).unwrap();
        if !run.status.success() || !run.out().contains("kiosque") {
            failures.push(format!("kiosque {args:?}: {:?}\n{}", run.status, run.err()));
        }
        let dirt = dirt(&run.stdout, PLAIN);
        if !dirt.is_empty() {
            failures.push(format!(
                "kiosque {args:?}: not plain:\n  {}",
                dirt.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same argument error in a real terminal: nothing but plain text reaches it (clap used to
/// echo the OSC and the CSI raw, between its own colours).
#[test]
fn argument_errors_in_a_terminal_are_plain_text() {
    let _g = serial();
    let env = Env::empty();
    let (dir, flag_like) = flag_named_file(&env);
    let cfg = env.config.to_string_lossy().into_owned();
    let (mut t, rec) = Term::spawn_recording(
        &dir,
        &env.vars(),
        &["parse", &flag_like, "--config-dir", &cfg],
        100,
        20,
    );
    let status = t.wait_exit();
    assert_eq!(status.exit_code(), 2, "{}", t.dump());
    let raw = rec.bytes();
    assert!(find(&raw, b"unexpected argument").is_some(), "{}", t.dump());
    // The terminal's own line discipline turns LF into CR LF.
    let text: Vec<u8> = raw.into_iter().filter(|&b| b != b'\r').collect();
    assert_clean(&text, PLAIN, "an argument error in a terminal");
}

/// U+202A–U+202E and U+2066–U+2069 in file names, folder names, article text, the config dir
/// and an argument: none reaches stdout or stderr of any command, piped (SPEC §8).
#[test]
fn bidi_controls_never_reach_a_pipe() {
    let _g = serial();
    let mut env = Env::empty();
    env.config = env.root.path().join("cf\u{202e}g\u{2066}");
    fs::create_dir_all(&env.config).unwrap();
    let lib = env.root.path().join("lib");
    let folder = lib.join("fo\u{202e}ld\u{2066}er");
    fs::create_dir_all(&folder).unwrap();
    let labelled = folder.join("la\u{202e}bel\u{2066}.txt");
    fs::write(
        &labelled,
        "SPORTLe match \u{202e}gagné\u{2066} zqbidi\n\n\
         SPORTUn chapô \u{202e}ici\u{2069}\n\
         Jean \u{202e}Dupont pour Le \u{2066}Monde\n\n\
         Le corps « \u{202e}cité\u{2069} » ici.\n",
    )
    .unwrap();
    let plain = folder.join("pl\u{202e}ain\u{2067}.txt");
    fs::write(
        &plain,
        "Un titre \u{202e}simple\u{2068}\n\nCorps \u{202d}du\u{202a} texte.\n",
    )
    .unwrap();
    let absent = folder.join("ab\u{202e}sent\u{2066}.txt");
    let l = || -> [OsString; 2] { [os("-l"), lib.clone().into()] };
    let listed = ok(
        run_bounded(
            kq(&env, [os("list"), os("--json")].into_iter().chain(l())),
            GENEROUS,
        ),
        "list --json",
    );
    let id = id_with(
        &listed
            .out()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect::<Vec<_>>(),
        "zqbidi",
    );
    let runs: Vec<(Vec<OsString>, &str)> = vec![
        (vec![os("list")], "zqbidi"),
        (vec![os("list"), os("--json")], "zqbidi"),
        (vec![os("list"), os("--warnings")], "label.txt"),
        (
            vec![
                os("parse"),
                labelled.clone().into(),
                plain.clone().into(),
                absent.clone().into(),
            ],
            "absent.txt",
        ),
        (vec![os("show"), labelled.clone().into()], "zqbidi"),
        (vec![os("show"), plain.clone().into()], "simple"),
        (vec![os("show"), os(&id)], "zqbidi"),
        (vec![os("show"), absent.clone().into()], "absent.txt"),
        (
            vec![os("mark"), os("--star"), labelled.clone().into()],
            "starred",
        ),
        (
            vec![os("parse"), os("--x\u{202e}y\u{2066}.txt")],
            "unexpected argument",
        ),
    ];
    let mut failures = Vec::new();
    let mut check = |what: String, run: &Run, says: &str| {
        let all = format!("{}{}", run.out(), run.err());
        if !all.contains(says) {
            failures.push(format!("{what}: {says:?} not said\n{all}"));
        }
        let bidi = |c: &char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if let Some(c) = all.chars().find(bidi) {
            failures.push(format!("{what}: U+{:04X} in the output\n{all:?}", c as u32));
        }
    };
    for (mut args, says) in runs {
        if args[0] != "parse" {
            args.extend(l());
        }
        let run = run_bounded(kq(&env, &args), GENEROUS).unwrap();
        check(format!("kiosque {args:?}"), &run, says);
    }
    // The config dir's name, in an error about config.toml (a folder here).
    fs::create_dir(env.config.join("config.toml")).unwrap();
    let run = run_bounded(kq(&env, ["list"]), GENEROUS).unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", run.err());
    check(
        "kiosque list, config.toml a folder".into(),
        &run,
        "cfg/config.toml: is a directory",
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `config.toml` that quotes escape sequences back in its error (an unknown key holding an OSC,
/// written with TOML escapes or raw, a bidi override): one clean line naming the file; a
/// warning for the unknown key (exit 0), an error for what cannot be read (exit 2).
#[test]
fn config_errors_are_clean() {
    let _g = serial();
    let env = Env::empty();
    let file = env.config.join("config.toml");
    for (content, says, code) in [
        (
            &b"library = []\n\"\\u001b]0;PWNED\\u0007\\u001b[2J\xe2\x80\xae\" = 1\n"[..],
            "line 2: warning: unknown setting",
            0,
        ),
        (b"\"\x1b]0;PWNED\x07\x1b[2J\" = 1\n", "line 1: ", 2),
        (
            b"library = [\"\xe2\x80\xae\x1b]0;PWNED\x07\", 3]\n",
            "line 1: ",
            2,
        ),
    ] {
        fs::write(&file, content).unwrap();
        let run = run_bounded(kq(&env, ["list"]), GENEROUS).unwrap();
        let what = format!("config.toml {:?}", escaped(content));
        assert_eq!(run.status.code(), Some(code), "{what}: {}", run.err());
        assert_eq!(run.err().lines().count(), 1, "{what}: {}", run.err());
        assert!(
            run.err().contains("config.toml: ") && run.err().contains(says),
            "{what}: {}",
            run.err()
        );
        assert_clean(&run.stderr, PLAIN, &what);
    }
}

/// A FIFO or a link to `/dev/zero` in place of `config.toml`: every command that reads it, and
/// the reader, stop at once with one line saying what it is (they used to wait for a writer
/// forever, or read without end); the reader before touching the terminal.
#[test]
fn config_special_files_never_hang() {
    let _g = serial();
    let env = Env::empty();
    let file = env.config.join("config.toml");
    let fifo = Command::new("mkfifo").arg(&file).status().unwrap();
    assert!(fifo.success());
    let limit = Duration::from_secs(5);
    for args in [&["list"][..], &["mark", "--read", "0123456789abcdef"]] {
        let run = run_bounded(kq(&env, args), limit)
            .unwrap_or_else(|e| panic!("kiosque {args:?} with a FIFO config.toml: {e}"));
        assert_eq!(run.status.code(), Some(1), "{}", run.err());
        assert_eq!(run.err().lines().count(), 1, "{}", run.err());
        assert!(
            run.err()
                .ends_with("cfg/config.toml: is a FIFO, not a regular file\n"),
            "{}",
            run.err()
        );
    }

    // The reader: no alternate screen, no raw mode, nothing but the message.
    let cfg = env.config.to_string_lossy().into_owned();
    let (mut t, rec) = Term::spawn_recording(
        env.root.path(),
        &env.vars(),
        &["--config-dir", &cfg],
        80,
        24,
    );
    let status = t.wait_exit();
    assert_eq!(status.exit_code(), 1, "{}", t.dump());
    let raw = rec.bytes();
    assert!(
        find(&raw, b"is a FIFO, not a regular file").is_some(),
        "{}",
        t.dump()
    );
    assert!(
        find(&raw, b"\x1b").is_none(),
        "the terminal was touched: {}",
        escaped(&raw)
    );

    fs::remove_file(&file).unwrap();
    symlink("/dev/zero", &file).unwrap();
    let run = run_bounded(kq(&env, ["list"]), limit)
        .unwrap_or_else(|e| panic!("kiosque list with config.toml -> /dev/zero: {e}"));
    assert_eq!(run.status.code(), Some(1), "{}", run.err());
    assert!(
        run.err()
            .ends_with("cfg/config.toml: is a device, not a regular file\n"),
        "{}",
        run.err()
    );
}
