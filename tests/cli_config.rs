//! The configuration and the command line around it (SPEC §5, §10), run as a user runs them:
//! `config check` / `config default`, errors and warnings of `config.toml` for every command,
//! completions and the man page, `--config-dir` on either side of the command, `list PATH`,
//! `list --section` of a section that does not exist, `mark --read --star`.

use std::path::PathBuf;
use std::process::{Command, Output};

const FIXTURES: &str = "tests/fixtures/library";

/// Private dirs for one test; the config dir is `<root>/config`.
struct Dirs(tempfile::TempDir);

impl Dirs {
    fn new() -> Dirs {
        let d = Dirs(tempfile::tempdir().unwrap());
        std::fs::create_dir_all(d.config()).unwrap();
        d
    }

    fn config(&self) -> PathBuf {
        self.0.path().join("config")
    }

    fn write_config(&self, text: &str) {
        std::fs::write(self.config().join("config.toml"), text).unwrap();
    }

    /// kiosque with `args`, its dirs private, the config dir given by the environment.
    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn command(&self, args: &[&str]) -> Command {
        let d = self.0.path();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiosque"));
        cmd.args(args)
            .env("KIOSQUE_CONFIG_DIR", self.config())
            .env("KIOSQUE_CACHE_DIR", d.join("cache"))
            .env("XDG_CONFIG_HOME", d.join("xdg-config"))
            .env("XDG_DATA_HOME", d.join("xdg-data"))
            .env("XDG_CACHE_HOME", d.join("xdg-cache"))
            .env("HOME", d)
            .env_remove("NO_COLOR");
        cmd
    }
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn lib() -> String {
    std::fs::canonicalize(FIXTURES)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn config_default_is_accepted_by_config_check() {
    let d = Dirs::new();
    let o = d.run(&["config", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("config.toml: no problem"), "{}", out(&o));
    let o = d.run(&["config", "default"]);
    assert!(o.status.success());
    let text = out(&o);
    for part in [
        "library = []",
        "mouse = true",
        "[theme]",
        "[keys]",
        "next = [\"j\", \"Down\"]",
        "[layout]",
        "measure = 78",
        "# [[views]]",
    ] {
        assert!(text.contains(part), "{part}\n{text}");
    }
    d.write_config(&text);
    let o = d.run(&["config", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert_eq!(out(&o).lines().count(), 1, "{}", out(&o));
    // One key setting per action of the key table.
    let actions = kiosque::keymap::BINDINGS.len() + kiosque::keymap::PROMPT_BINDINGS.len();
    let summary = format!("no problem (0 saved views, {actions} key settings)");
    assert!(out(&o).contains(&summary), "{}", out(&o));
    // And every command reads it without a word.
    let o = d.run(&["list", &lib()]);
    assert!(o.status.success());
    assert!(!err(&o).contains("config.toml"), "{}", err(&o));
}

#[test]
fn config_check_says_every_problem_with_its_line() {
    let d = Dirs::new();
    d.write_config(
        "colour = \"red\"\nmouse = \"maybe\"\n[keys]\nquit = \"j\"\n[theme]\nquote = \"#12345\"\n",
    );
    let o = d.run(&["config", "check"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let said = out(&o);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines.len(), 5, "{said}");
    assert!(
        lines[0].ends_with("config.toml: line 1: warning: unknown setting `colour`; ignored"),
        "{said}"
    );
    assert!(
        lines[1].contains("line 2: mouse must be true or false"),
        "{said}"
    );
    assert!(
        lines[2].contains("line 4: [keys]: j is bound to both `next` and `quit`"),
        "{said}"
    );
    assert!(
        lines[3].contains("line 6: theme.quote: “#12345” is not a colour"),
        "{said}"
    );
    assert!(
        lines[4].ends_with("config.toml: 3 errors, 1 warning"),
        "{said}"
    );
    // Warnings only: exit 0.
    d.write_config("colour = \"red\"\n");
    let o = d.run(&["config", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("0 errors, 1 warning"), "{}", out(&o));
}

#[test]
fn an_error_in_config_toml_stops_every_command_with_exit_2() {
    let d = Dirs::new();
    d.write_config("[keys]\nzoom = \"x\"\nreload = \"x\"\n");
    for args in [
        vec!["list", FIXTURES],
        vec!["show", "0123456789abcdef"],
        vec!["mark", "--read", "0123456789abcdef"],
    ] {
        let o = d.run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        assert!(out(&o).is_empty());
        let e = err(&o);
        assert!(
            e.contains("config.toml: line 3: [keys]: x is bound to both `zoom` and `reload`"),
            "{args:?}: {e}"
        );
    }
    // A warning is said on stderr, and the command goes on.
    d.write_config("libary = \"/nowhere\"\n");
    let o = d.run(&["list", FIXTURES]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("line 1: warning: unknown setting `libary` (did you mean `library`?)"),
        "{}",
        err(&o)
    );
}

#[test]
fn completions_for_every_shell_and_the_man_page() {
    let d = Dirs::new();
    for (shell, mark) in [
        ("bash", "complete -F _kiosque"),
        ("zsh", "#compdef kiosque"),
        ("fish", "complete -c kiosque"),
        ("elvish", "edit:completion:arg-completer[kiosque]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = d.run(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", err(&o));
        let text = out(&o);
        assert!(text.contains(mark), "{shell}: {text}");
        // The subcommands and their options are in it.
        assert!(
            text.contains("list") && text.contains("config-dir"),
            "{shell}"
        );
        // `export` too, and where the shell completes values, the formats it writes.
        assert!(text.contains("export"), "{shell}");
        if matches!(shell, "bash" | "zsh" | "fish") {
            assert!(text.contains("epub") && text.contains("html"), "{shell}");
        }
    }
    let o = d.run(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    let o = d.run(&["man"]);
    assert!(o.status.success());
    let page = out(&o);
    assert!(page.starts_with(".TH kiosque 1"), "{page}");
    for part in ["completions", "config", "export", "\\-\\-config\\-dir"] {
        assert!(page.contains(part), "{part}");
    }
}

#[test]
fn config_dir_before_or_after_the_command() {
    let d = Dirs::new();
    let elsewhere = d.0.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(
        elsewhere.join("config.toml"),
        format!("library = {:?}\n", lib()),
    )
    .unwrap();
    let e = elsewhere.to_string_lossy().into_owned();
    let l = lib();
    for args in [
        vec!["--config-dir", &e, "list", "-l", &l],
        vec!["list", "--config-dir", &e, "-l", &l],
        vec!["list", "-l", &l, "--config-dir", &e],
        // Without -l: the library of that config dir's config.toml.
        vec!["--config-dir", &e, "list"],
        vec!["list", "--config-dir", &e],
    ] {
        let o = d.run(&args);
        assert!(o.status.success(), "{args:?}: {}", err(&o));
        assert_eq!(out(&o).lines().count(), 40, "{args:?}");
    }
    let o = d.run(&["--config-dir", &e, "config", "check"]);
    assert!(
        out(&o).contains(&format!("{e}/config.toml: no problem")),
        "{}",
        out(&o)
    );
}

#[test]
fn list_path_is_list_dash_l_path() {
    let d = Dirs::new();
    let a = d.run(&["list", FIXTURES]);
    let b = d.run(&["list", "-l", FIXTURES]);
    assert!(a.status.success(), "{}", err(&a));
    assert_eq!(out(&a), out(&b));
    assert_eq!(out(&a).lines().count(), 40);
    let o = d.run(&["list", "/nonexistent/kiosque"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no such file"), "{}", err(&o));
}

#[test]
fn list_section_that_does_not_exist() {
    let d = Dirs::new();
    let o = d.run(&["list", FIXTURES, "--section", "sprot"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).is_empty());
    assert!(
        err(&o).contains("no section “sprot” in the library; did you mean “SPORT”?"),
        "{}",
        err(&o)
    );
    let o = d.run(&["list", FIXTURES, "--section", "NOPE"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("no section “NOPE” in the library; its sections are "),
        "{}",
        err(&o)
    );
    // Case and accents ignored, as before.
    let o = d.run(&["list", FIXTURES, "--section", "économie"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o).lines().count(), 4);
}

#[test]
fn mark_read_and_star_in_one_run() {
    let d = Dirs::new();
    let listed = out(&d.run(&["list", FIXTURES]));
    let id = listed
        .lines()
        .next()
        .unwrap()
        .split('\t')
        .next()
        .unwrap()
        .to_owned();
    let o = d.run(&["mark", "--read", "--star", &id, "-l", FIXTURES]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o), format!("{id}\tread\n{id}\tstarred\n"));
    let listed = out(&d.run(&["list", FIXTURES]));
    let line = listed.lines().find(|l| l.starts_with(&id)).unwrap();
    assert!(line.contains("\tread\tstarred\t"), "{line}");
    let o = d.run(&["mark", "--unread", "--unstar", &id, "-l", FIXTURES]);
    assert!(o.status.success());
    let listed = out(&d.run(&["list", FIXTURES]));
    let line = listed.lines().find(|l| l.starts_with(&id)).unwrap();
    assert!(line.contains("\tunread\t-\t"), "{line}");
    // A pair that contradicts itself is a usage error.
    for pair in [["--read", "--unread"], ["--star", "--unstar"]] {
        let o = d.run(&["mark", pair[0], pair[1], &id, "-l", FIXTURES]);
        assert_eq!(o.status.code(), Some(2), "{pair:?}");
    }
    let o = d.run(&["mark", &id, "-l", FIXTURES]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn config_check_of_a_missing_file_and_of_one_that_cannot_be_read() {
    let d = Dirs::new();
    let o = d.run(&["config", "check"]);
    assert!(o.status.success());
    std::fs::create_dir(d.config().join("config.toml")).unwrap();
    let o = d.run(&["config", "check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("config.toml: is a directory"),
        "{}",
        err(&o)
    );
}
