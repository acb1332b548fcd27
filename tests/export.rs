//! `kiosque export` run as a user runs it, on a copy of the fixture library: standard output,
//! where the digest may be written and what is refused before anything is read, the atomic
//! replacement and the permissions, and the exit codes of SPEC §5. The formats themselves:
//! `export_epub.rs`, `export_formats.rs`.

#[path = "support/export.rs"]
mod kx;
mod support;
#[path = "support/xml.rs"]
mod xml;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use kx::{env, export, export_file, lib, out_path, text};

#[test]
fn output_to_stdout_for_md_and_html_never_for_epub() {
    let env = env();
    let o = export(&env, &["--format", "html", "-o", "-"]);
    assert!(o.status.success());
    assert!(text(&o.stdout).ends_with("</html>\n"));
    let o = export(&env, &["--format", "epub", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(text(&o.stderr).contains("EPUB"), "{}", text(&o.stderr));
}

#[test]
fn a_bad_query_exits_2_with_its_column_and_writes_nothing() {
    let env = env();
    let path = out_path(&env, "bad.md");
    let o = export(
        &env,
        &[
            "--format",
            "md",
            "--query",
            "sport (title:bce",
            "-o",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o.stderr),
        "kiosque: query: column 7: this ( is never closed\n"
    );
    assert!(!path.exists());
}

#[test]
fn no_match_exits_1_and_leaves_the_file_as_it_was() {
    let env = env();
    let path = out_path(&env, "digest.html");
    std::fs::write(&path, "before").unwrap();
    let o = export(
        &env,
        &[
            "--format",
            "html",
            "--query",
            "zzzyyyxxx",
            "-o",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("no article matches"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "before");
}

#[test]
fn a_file_is_replaced_whole_and_no_temporary_is_left() {
    let env = env();
    let path = out_path(&env, "digest.md");
    std::fs::write(&path, "old").unwrap();
    export_file(&env, "md", "sante", "digest.md");
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.starts_with("# kiosque digest: sante\n"));
    let left: Vec<_> = std::fs::read_dir(env.root.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn an_unwritable_place_is_said_before_anything_is_read() {
    let env = env();
    let cases: [(&str, &str); 5] = [
        (
            "/proc/kiosque-digest.md",
            "cannot write /proc/kiosque-digest.md: ",
        ),
        (
            "/nonexistent/dir/x.md",
            "/nonexistent/dir: no such directory",
        ),
        (
            "/dev/null",
            "/dev/null: is a device, not a regular file (standard output: -o -)",
        ),
        ("/tmp", "/tmp: is a directory, not a regular file"),
        ("out/", "out/: not a file name"),
    ];
    for (place, said) in cases {
        let o = export(&env, &["--format", "md", "-o", place]);
        assert_eq!(o.status.code(), Some(1), "{place}");
        let err = text(&o.stderr);
        assert!(
            err.starts_with(&format!("kiosque: {said}")),
            "{place}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(o.stdout.is_empty());
        // Said before the library is looked at: a library that is not there is not what
        // comes first.
        let o = env
            .command(&[
                "export",
                "-l",
                "/nonexistent-library",
                "--format",
                "md",
                "-o",
                place,
            ])
            .output()
            .unwrap();
        assert!(
            text(&o.stderr).starts_with(&format!("kiosque: {said}")),
            "{place}"
        );
    }
    // A FIFO is refused, not opened (which would wait for a reader).
    let fifo = out_path(&env, "fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let o = export(&env, &["--format", "md", "-o", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("is a FIFO"), "{}", text(&o.stderr));
}

#[test]
fn a_link_is_followed_and_kept_a_new_file_gets_the_usual_permissions() {
    let env = env();
    let real = out_path(&env, "real.html");
    let link = out_path(&env, "link.html");
    std::os::unix::fs::symlink("real.html", &link).unwrap();
    // The link points at nothing yet: the digest is made where it points.
    let o = export(&env, &["--format", "html", "-o", link.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(text(&std::fs::read(&real).unwrap()).ends_with("</html>\n"));
    // 0666 less the umask, as any tool makes a new file; a mode the user chose is kept.
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let umask = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .map(|m| u32::from_str_radix(m.trim(), 8).unwrap())
        .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&real), 0o666 & !umask);
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    export_file(&env, "html", "sport", "link.html");
    assert_eq!(mode(&real), 0o640);
    assert!(text(&std::fs::read(&real).unwrap()).contains("kiosque digest: sport"));
}

#[test]
fn a_digest_written_into_the_library_is_warned_about() {
    let env = env();
    let inside = env.lib().join("fr").join("digest.md");
    let o = export(&env, &["--format", "md", "-o", inside.to_str().unwrap()]);
    assert!(o.status.success());
    let err = text(&o.stderr);
    assert!(err.contains("is inside the library"), "{err}");
    // An EPUB is never read as an article: nothing to say.
    let inside = env.lib().join("fr").join("digest.epub");
    let o = export(&env, &["--format", "epub", "-o", inside.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(!text(&o.stderr).contains("inside the library"));
}

#[test]
fn paths_given_without_l_are_the_library_as_for_list() {
    let env = env();
    let lib = lib(&env);
    let o = env
        .command(&[
            "export",
            &lib,
            "--format",
            "md",
            "--query",
            "section:sciences",
            "-o",
            "-",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("- [SCIENCES](#s-1) (1)"));
}
