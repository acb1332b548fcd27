//! The command line (SPEC §5) run as a user runs it: output shape, exit codes, error lines.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const SEED: &str = "seeds/000_2e7dbad873d5f945.txt";
const FIXTURES: &str = "tests/fixtures/library";

/// Runs kiosque with its own config, data and cache dirs, so the user's are never touched.
fn kiosque(dirs: &tempfile::TempDir, args: &[&str]) -> Output {
    command(dirs, args).output().unwrap()
}

/// The command [`kiosque`] runs, to be run otherwise (another stdout, spawned).
fn command(dirs: &tempfile::TempDir, args: &[&str]) -> Command {
    let d = dirs.path();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiosque"));
    cmd.args(args)
        .env("KIOSQUE_CONFIG_DIR", d.join("config"))
        .env("KIOSQUE_CACHE_DIR", d.join("cache"))
        .env("XDG_CONFIG_HOME", d.join("xdg-config"))
        .env("XDG_DATA_HOME", d.join("xdg-data"))
        .env("XDG_CACHE_HOME", d.join("xdg-cache"))
        .env("HOME", d)
        .env_remove("NO_COLOR");
    cmd
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn dirs() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn parse_prints_one_json_object_per_file() {
    let d = dirs();
    let o = kiosque(&d, &["parse", SEED]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1);
    let v: Value = serde_json::from_str(lines[0]).unwrap();
    for key in [
        "path",
        "id",
        "section",
        "headline",
        "alt_headline",
        "standfirst",
        "bylines",
        "blocks",
        "quotes",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["section"], "CYBERCRIMINALITE");
    assert_eq!(
        v["headline"],
        "La Russie et les États-Unis vont lutter ensemble contre la cybercriminalité"
    );
    assert_eq!(
        v["bylines"],
        serde_json::json!(["Etienne Froment pour 20 Minutes"])
    );
    let id = v["id"].as_str().unwrap();
    assert_eq!(id.len(), 16);
    assert!(
        id.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    let kinds: Vec<&str> = v["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "paragraph",
            "paragraph",
            "intertitle",
            "paragraph",
            "paragraph"
        ]
    );
    assert_eq!(v["quotes"].as_array().unwrap().len(), 3);
    assert_eq!(v["warnings"], serde_json::json!([]));
}

#[test]
fn parse_many_files_and_a_missing_one() {
    let d = dirs();
    let o = kiosque(
        &d,
        &[
            "parse",
            SEED,
            "no/such/file.txt",
            "tests/fixtures/library/fr/sante_oms.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o).lines().count(),
        2,
        "the readable files are still printed"
    );
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("kiosque: no/such/file.txt: "), "{err}");
}

#[test]
fn parse_needs_a_file() {
    let d = dirs();
    let o = kiosque(&d, &["parse"]);
    assert_eq!(o.status.code(), Some(2), "usage error");
}

#[test]
fn same_id_whatever_the_line_endings_name_or_place() {
    let d = dirs();
    let original = std::fs::read_to_string(SEED).unwrap();
    let moved = d.path().join("elsewhere/renamed.txt");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    let crlf: String = original.lines().map(|l| format!("{l}   \r\n")).collect();
    std::fs::write(&moved, crlf).unwrap();
    let id = |p: &str| -> String {
        let o = kiosque(&d, &["parse", p]);
        let v: Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
        v["id"].as_str().unwrap().to_owned()
    };
    assert_eq!(id(SEED), id(moved.to_str().unwrap()));
}

#[test]
fn list_default_library_is_the_bundled_seed() {
    let d = dirs();
    let o = kiosque(&d, &["list"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let fields: Vec<&str> = out.trim_end().split('\t').collect();
    assert_eq!(fields.len(), 5, "{out}");
    assert_eq!(fields[0].len(), 16);
    assert_eq!(fields[1], "unread");
    assert_eq!(fields[2], "-");
    assert_eq!(fields[3], "CYBERCRIMINALITE");
    assert!(fields[4].starts_with("La Russie"));
}

#[test]
fn list_json_filters_and_state() {
    let d = dirs();
    let o = kiosque(&d, &["list", "-l", FIXTURES, "--json"]);
    assert!(o.status.success());
    let rows: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 40);
    for key in [
        "id", "path", "section", "headline", "bylines", "read", "starred",
    ] {
        assert!(rows[0].get(key).is_some(), "missing {key}");
    }
    assert!(
        stderr(&o).contains("2 files had problems"),
        "{}",
        stderr(&o)
    );
    let id = rows[3]["id"].as_str().unwrap().to_owned();
    let star = rows[4]["id"].as_str().unwrap().to_owned();
    let m = kiosque(&d, &["mark", "--read", &id, "-l", FIXTURES]);
    assert!(m.status.success(), "{}", stderr(&m));
    let m = kiosque(&d, &["mark", "--star", &star, "-l", FIXTURES]);
    assert!(m.status.success(), "{}", stderr(&m));
    let unread = kiosque(&d, &["list", "-l", FIXTURES, "--unread"]);
    assert_eq!(stdout(&unread).lines().count(), 39);
    assert!(!stdout(&unread).contains(&id));
    let starred = kiosque(&d, &["list", "-l", FIXTURES, "--starred"]);
    let line = stdout(&starred);
    assert_eq!(line.lines().count(), 1);
    assert!(
        line.starts_with(&format!("{star}\tunread\tstarred\t")),
        "{line}"
    );
    let section = kiosque(&d, &["list", "-l", FIXTURES, "--section", "faits divers"]);
    assert_eq!(stdout(&section).lines().count(), 4);
    let query = kiosque(&d, &["list", "-l", FIXTURES, "--query", "MARSEILLE"]);
    assert_eq!(stdout(&query).lines().count(), 2, "{}", stdout(&query));
    let warnings = kiosque(&d, &["list", "-l", FIXTURES, "--warnings"]);
    assert_eq!(stdout(&warnings).lines().count(), 2);
    assert!(stdout(&warnings).contains("not valid UTF-8"));
}

#[test]
fn list_missing_library_is_an_error() {
    let d = dirs();
    let o = kiosque(&d, &["list", "-l", "does/not/exist"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "kiosque: does/not/exist: no such file or directory\n"
    );
}

#[test]
fn show_lays_out_as_the_reader() {
    let d = dirs();
    let o = kiosque(&d, &["show", SEED, "--width", "60", "--color", "never"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.lines().all(|l| kiosque::width::width(l) <= 60));
    assert!(out.starts_with("CYBERCRIMINALITE\n\nLa Russie et les États-Unis"));
    assert!(!out.contains('\x1b'));
    // The same article by id, from the default library.
    let id = stdout(&kiosque(&d, &["list"]))[..16].to_owned();
    let by_id = kiosque(&d, &["show", &id, "--width", "60", "--color", "never"]);
    // The file has a date (its modification time) under the byline; the bundled copy has
    // none. The date aside, the same lines.
    let by_id = stdout(&by_id);
    let undated: Vec<&str> = by_id.lines().collect();
    let dated: Vec<&str> = out.lines().collect();
    let extra: Vec<&&str> = dated.iter().filter(|l| !undated.contains(l)).collect();
    assert_eq!(extra.len(), 1, "{extra:?}");
    assert!(
        extra[0].contains(", ") && extra[0].contains(':'),
        "{extra:?}"
    );
    assert_eq!(dated.len(), undated.len() + 1);
}

#[test]
fn show_colour() {
    let d = dirs();
    let o = kiosque(&d, &["show", SEED, "--width", "60", "--color", "always"]);
    let out = stdout(&o);
    assert!(
        out.contains("\x1b[36m« Nous"),
        "quotations in the quote colour"
    );
    assert!(out.contains("\x1b[0m"));
    // Auto is off when stdout is not a terminal, and NO_COLOR is honoured.
    let auto = kiosque(&d, &["show", SEED, "--color", "auto"]);
    assert!(!stdout(&auto).contains('\x1b'));
    let wide = kiosque(&d, &["show", SEED, "--width", "200", "--color", "never"]);
    let body = stdout(&wide);
    let indent = body
        .lines()
        .find(|l| l.contains("Il s’agit"))
        .unwrap()
        .len()
        - body
            .lines()
            .find(|l| l.contains("Il s’agit"))
            .unwrap()
            .trim_start()
            .len();
    assert_eq!(
        indent,
        (200 - kiosque::layout::MEASURE) / 2,
        "centred measure"
    );
}

#[test]
fn show_unknown_id_or_file() {
    let d = dirs();
    let o = kiosque(&d, &["show", "0123456789abcdef"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("kiosque: no article with id 0123456789abcdef"));
    assert_eq!(stderr(&o).lines().count(), 1);
    let o = kiosque(&d, &["show", "missing.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("missing.txt: no such file"),
        "{}",
        stderr(&o)
    );
    let o = kiosque(&d, &["show", SEED, "--width", "0"]);
    assert_eq!(o.status.code(), Some(2));
    let o = kiosque(&d, &["show", SEED, "--color", "sometimes"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn mark_by_file_and_errors() {
    let d = dirs();
    let file = Path::new(FIXTURES).join("fr/sante_oms.txt");
    let o = kiosque(
        &d,
        &["mark", "--star", file.to_str().unwrap(), "-l", FIXTURES],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // One file, this device's, as the README documents it: a header, then one line per change.
    let files: Vec<_> = std::fs::read_dir(d.path().join("config/state"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let device = std::fs::read_to_string(d.path().join("xdg-data/kiosque/device-id")).unwrap();
    let device = device.trim();
    assert_eq!(
        files[0].file_name().unwrap().to_str().unwrap(),
        format!("marks-{device}.jsonl")
    );
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let id = stdout(&o)[..16].to_owned();
    assert_eq!(lines[0]["kiosque"], "marks");
    assert_eq!(lines[0]["version"], 2);
    assert_eq!(lines[0]["device"], device);
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[1]["id"], id.as_str());
    assert_eq!(lines[1]["starred"], true);
    assert!(lines[1]["t"].as_i64().unwrap() > 1_700_000_000_000);
    let o = kiosque(&d, &["mark", "--read", "ffffffffffffffff", "-l", FIXTURES]);
    assert_eq!(o.status.code(), Some(1));
    let o = kiosque(&d, &["mark", "--read", "--unread", SEED]);
    assert_eq!(o.status.code(), Some(2), "read and unread at once");
    let o = kiosque(&d, &["mark", SEED]);
    assert_eq!(o.status.code(), Some(2), "a change is required");
}

#[test]
fn reader_refuses_without_a_terminal() {
    let d = dirs();
    let o = kiosque(&d, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("needs a terminal"));
}

#[test]
fn help_and_version() {
    let d = dirs();
    let o = kiosque(&d, &["--help"]);
    assert!(o.status.success());
    for word in ["parse", "list", "show", "mark", "--config-dir"] {
        assert!(stdout(&o).contains(word), "{word}");
    }
    let o = kiosque(&d, &["--version"]);
    assert!(stdout(&o).starts_with("kiosque "));
}

#[test]
fn config_file_library_is_the_default() {
    let d = dirs();
    let cfg = d.path().join("config");
    std::fs::create_dir_all(&cfg).unwrap();
    let lib = std::fs::canonicalize(FIXTURES).unwrap();
    std::fs::write(
        cfg.join("config.toml"),
        format!("library = [{:?}]\n", lib.to_str().unwrap()),
    )
    .unwrap();
    let o = kiosque(&d, &["list"]);
    assert_eq!(stdout(&o).lines().count(), 40);
    // A configured library that is gone (an unplugged disk) is warned about, not fatal...
    std::fs::write(
        cfg.join("config.toml"),
        format!(
            "library = [{:?}, \"/nonexistent/kiosque-library\"]\n",
            lib.to_str().unwrap()
        ),
    )
    .unwrap();
    let o = kiosque(&d, &["list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 40);
    assert!(stderr(&o).contains("/nonexistent/kiosque-library: no such file"));
    // ...but a path given with -l that does not exist is an error.
    let o = kiosque(&d, &["list", "-l", "/nonexistent/kiosque-library"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no such file"), "{}", stderr(&o));
    // A value that means nothing is an error of config.toml: exit 2, as for a usage error.
    std::fs::write(cfg.join("config.toml"), "library = 7\n").unwrap();
    let o = kiosque(&d, &["list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("config.toml"), "{}", stderr(&o));
}

#[test]
fn data_dir_articles_are_the_default_when_present() {
    let d = dirs();
    let articles = d.path().join("xdg-data/kiosque/articles");
    std::fs::create_dir_all(&articles).unwrap();
    std::fs::copy(
        Path::new(FIXTURES).join("fr/sante_oms.txt"),
        articles.join("a.txt"),
    )
    .unwrap();
    let o = kiosque(&d, &["list"]);
    assert_eq!(stdout(&o).lines().count(), 1);
    assert!(stdout(&o).contains("SANTE"));
}

/// Every command that prints, with what it prints: a library, its JSON, its warnings, an
/// article, parsed files, marks, the help and the version.
const PRINTING: &[&[&str]] = &[
    &["list"],
    &["list", "--json"],
    &["list", "--warnings", "-l", FIXTURES],
    &["show", SEED],
    &["parse", SEED, "tests/fixtures/library/fr/sante_oms.txt"],
    &["mark", "--read", SEED],
    &["--help"],
    &["list", "--help"],
    &["--version"],
];

/// A full disk (`> /dev/full`) is an error, said in one line, exit 1: neither a silent success
/// (list, show, the help) nor a panic (mark's `println!`, exit 101).
#[test]
fn output_to_a_full_disk_is_an_error() {
    let d = dirs();
    for args in PRINTING {
        let full = File::options().write(true).open("/dev/full").unwrap();
        let o = command(&d, args)
            .stdout(Stdio::from(full))
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "kiosque {args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "kiosque {args:?}: {err}");
        assert!(
            err.starts_with("kiosque: cannot write the output: ") && err.contains("space"),
            "kiosque {args:?}: {err}"
        );
    }
}

/// A reader that goes away (`| head`) ends the output quietly, exit 0, as it always did for
/// `list`: no "Broken pipe" error (parse used to give one), no panic (mark's `println!`).
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let d = dirs();
    for args in PRINTING {
        let mut child = command(&d, args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before kiosque has loaded anything, so its first write meets a closed pipe.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "kiosque {args:?}: {err}");
        assert!(
            !err.contains("write") && !err.contains("panicked") && !err.contains("pipe"),
            "kiosque {args:?}: {err}"
        );
    }
}

/// `show` in a terminal that reports 0 columns (a pty not sized yet) lays out at `COLUMNS`,
/// else 80: never one character per line.
#[test]
fn show_in_a_terminal_of_zero_columns_uses_columns_then_80() {
    const SCRIPT: &str = r#"
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
"#;
    let d = dirs();
    for (columns, want) in [(None, 80), (Some("50"), 50)] {
        let cmd = command(&d, &["show", SEED, "--color", "never"]);
        let bin = cmd.get_program().to_owned();
        let args: Vec<_> = cmd.get_args().map(ToOwned::to_owned).collect();
        let mut py = Command::new("python3");
        py.arg("-c").arg(SCRIPT).arg(bin).args(args);
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => py.env(k, v),
                None => py.env_remove(k),
            };
        }
        py.env_remove("COLUMNS");
        if let Some(c) = columns {
            py.env("COLUMNS", c);
        }
        let o = py.output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let text = String::from_utf8_lossy(&o.stdout).replace('\r', "");
        let widest = text
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap();
        assert!(
            widest <= want && widest > want - 15,
            "{columns:?}: widest {widest}\n{text}"
        );
    }
}

/// A file deeper than PATH_MAX cannot be opened by its path: it is said (the count on stderr,
/// the folder in `list --warnings`), never dropped in silence, and the rest is listed.
#[test]
fn a_tree_past_path_max_is_reported() {
    let d = dirs();
    let lib = d.path().join("deep");
    std::fs::create_dir_all(lib.join("ok")).unwrap();
    std::fs::copy("seeds/000_2e7dbad873d5f945.txt", lib.join("ok/a.txt")).unwrap();
    // Made one level at a time from inside (a relative `cd` works past PATH_MAX; a whole path
    // does not), 22 levels of 200 bytes.
    let seed = std::fs::canonicalize("seeds/000_2e7dbad873d5f945.txt").unwrap();
    let name = "d".repeat(200);
    let made = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "cd \"$1\" && for i in $(seq 22); do mkdir {name} && cd {name} || exit 1; done && cp \"$2\" b.txt"
        ))
        .arg("bash")
        .arg(&lib)
        .arg(&seed)
        .status()
        .unwrap();
    assert!(made.success());
    let lib = lib.to_str().unwrap();
    let o = kiosque(&d, &["list", "-l", lib]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    assert!(stderr(&o).contains("1 file had problems"), "{}", stderr(&o));
    let w = kiosque(&d, &["list", "--warnings", "-l", lib]);
    assert!(stdout(&w).contains(&name), "{}", stdout(&w));
}
