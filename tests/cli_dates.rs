//! The command line of issue 10: dates in `kiosque list --json` and `kiosque show`, and a
//! mistyped command or a missing path refused at once.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use serde_json::Value;

/// Tuesday 12 March 2024, 14:05:09 UTC.
const T: u64 = 1_710_252_309;

fn kiosque(dir: &Path, args: &[&str], tz: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiosque"))
        .args(args)
        .env("KIOSQUE_CONFIG_DIR", dir.join("config"))
        .env("KIOSQUE_CACHE_DIR", dir.join("cache"))
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .env("XDG_CACHE_HOME", dir.join("xdg-cache"))
        .env("HOME", dir)
        .env("TZ", tz)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// A library of two articles modified at `T` and a day before.
fn library(dir: &Path) -> std::path::PathBuf {
    let lib = dir.join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    for (name, age) in [("a.txt", 0), ("b.txt", 86_400)] {
        let path = lib.join(name);
        std::fs::write(
            &path,
            format!(
                "MONDELa une du jour, {name}\n\nMONDELe chapô du jour.\n\
                 Jean Dupont pour 20 Minutes\n\nLe corps de l’article.\n"
            ),
        )
        .unwrap();
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(T - age);
        support::set_mtime(&path, at);
    }
    lib
}

#[test]
fn list_json_has_the_date_in_rfc_3339_with_the_local_offset() {
    let d = tempfile::tempdir().unwrap();
    let lib = library(d.path());
    let lib = lib.to_str().unwrap();
    for (tz, want) in [
        (
            "UTC",
            ["2024-03-12T14:05:09+00:00", "2024-03-11T14:05:09+00:00"],
        ),
        (
            "Europe/Paris",
            ["2024-03-12T15:05:09+01:00", "2024-03-11T15:05:09+01:00"],
        ),
    ] {
        let o = kiosque(d.path(), &["list", "-l", lib, "--json"], tz);
        assert!(o.status.success(), "{o:?}");
        let rows: Vec<Value> = String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str().unwrap()).collect();
        // Newest first.
        assert_eq!(dates, want, "{tz}");
    }
    // The bundled seed has no file, hence no date.
    let o = kiosque(d.path(), &["list", "--json"], "UTC");
    let row: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(row["date"].is_null(), "{row}");
}

#[test]
fn show_puts_the_date_under_the_byline() {
    let d = tempfile::tempdir().unwrap();
    let lib = library(d.path());
    let file = lib.join("a.txt");
    let o = kiosque(
        d.path(),
        &[
            "show",
            file.to_str().unwrap(),
            "--width",
            "60",
            "--color",
            "never",
        ],
        "UTC",
    );
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().map(str::trim).collect();
    let by = lines.iter().position(|l| l.contains("Dupont")).unwrap();
    assert_eq!(lines[by + 1], "Tuesday 12 March 2024, 14:05", "{out}");
}

#[test]
fn a_mistyped_command_or_a_missing_path_fails_at_once() {
    let d = tempfile::tempdir().unwrap();
    let o = kiosque(d.path(), &["lsit"], "UTC");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(o.stderr).unwrap(),
        "kiosque: lsit: no such file or directory, nor a command (kiosque list?)\n"
    );
    let o = kiosque(d.path(), &["no/such/folder"], "UTC");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(o.stderr).unwrap(),
        "kiosque: no/such/folder: no such file or directory\n"
    );
    // A path that exists still gets as far as asking for a terminal.
    let lib = library(d.path());
    let o = kiosque(d.path(), &[lib.to_str().unwrap()], "UTC");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("needs a terminal"), "{err}");
}
