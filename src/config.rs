//! Where things live: the config dir (state and `config.toml`), the data dir (the default
//! library), the cache dir (the library index); and what `config.toml` says.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

use crate::{disk, sanitize};

/// Environment variable naming the config dir (SPEC §5).
pub const CONFIG_DIR_ENV: &str = "KIOSQUE_CONFIG_DIR";
/// Environment variable naming the cache dir (tests and benchmarks set it).
pub const CACHE_DIR_ENV: &str = "KIOSQUE_CACHE_DIR";

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "kiosque")
}

/// The config dir: the `--config-dir` flag (clap already folds in `KIOSQUE_CONFIG_DIR`), else
/// the platform's (`$XDG_CONFIG_HOME/kiosque` on Linux).
pub fn config_dir(flag: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(dir) = flag {
        return Ok(dir.to_owned());
    }
    project()
        .map(|p| p.config_dir().to_owned())
        .ok_or_else(|| "cannot find a home directory for the config; pass --config-dir".to_owned())
}

/// The cache dir for the library index, if there is one.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CACHE_DIR_ENV) {
        return Some(PathBuf::from(dir));
    }
    project().map(|p| p.cache_dir().to_owned())
}

/// The data dir (`$XDG_DATA_HOME/kiosque` on Linux): the device id and the default library.
pub fn data_dir() -> Option<PathBuf> {
    project().map(|p| p.data_dir().to_owned())
}

/// `<data dir>/articles`, the default library when it exists.
pub fn data_articles_dir() -> Option<PathBuf> {
    project().map(|p| p.data_dir().join("articles"))
}

/// The parts of `config.toml` kiosque reads.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Library paths, used when none is given on the command line.
    #[serde(default)]
    pub library: Vec<PathBuf>,
    /// The folder of the saved state (default `<config dir>/state`), e.g. one that a sync tool
    /// keeps in step between machines; relative to the config dir.
    #[serde(default)]
    pub state_dir: Option<PathBuf>,
    /// `[layout]`: how running text is set.
    #[serde(default)]
    pub layout: LayoutConfig,
}

/// `[layout]` in `config.toml`: both off unless set, so that text is set ragged right and never
/// cut, as it always was.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutConfig {
    /// Hyphenate French articles by the French patterns (`hyphenate = true`).
    #[serde(default)]
    pub hyphenate: bool,
    /// Justify running text (`justify = true`).
    #[serde(default)]
    pub justify: bool,
}

impl LayoutConfig {
    /// The layout options these settings ask for.
    pub fn options(self) -> crate::layout::Options {
        crate::layout::Options {
            hyphenate: self.hyphenate,
            justify: self.justify,
        }
    }
}

impl Config {
    /// The state folder this config names (`~` expanded), else `<config dir>/state`.
    pub fn state_dir(&self, config_dir: &Path) -> PathBuf {
        crate::state::state_dir(
            config_dir,
            self.state_dir.as_deref().map(expand_home).as_deref(),
        )
    }
}

/// The largest `config.toml` read: far beyond any real one, small enough that a link to
/// `/dev/zero` or a huge file in its place is refused before it costs memory.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Reads `<dir>/config.toml`; a missing file is the default config, a broken one an error: one
/// line naming the file and saying what is wrong, cleaned (a file name, a key or a value
/// quoted from the file could hold escape sequences, SPEC §8).
///
/// The read is bounded ([`disk::read_bounded`]): a FIFO in its place is refused instead of
/// waiting for a writer forever, a device or a huge file instead of reading without end. A
/// symbolic link is followed, since a config kept in a dotfiles repository is often one.
pub fn load(dir: &Path) -> Result<Config, String> {
    let path = dir.join("config.toml");
    let shown = || sanitize::one_line(&path.to_string_lossy());
    let bytes = match disk::read_bounded(&path, MAX_CONFIG_BYTES, disk::Links::Follow) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => {
            return Err(format!(
                "{}: {}",
                shown(),
                sanitize::one_line(&e.to_string())
            ));
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not valid UTF-8 (first bad byte at offset {})",
            shown(),
            e.utf8_error().valid_up_to()
        )
    })?;
    toml::from_str(&text).map_err(|e| {
        // toml's message quotes the offending text (an unknown key, a bad value): cleaned.
        let line = e
            .span()
            .map(|span| {
                let before = text.get(..span.start).unwrap_or("");
                format!("line {}: ", before.matches('\n').count() + 1)
            })
            .unwrap_or_default();
        format!("{}: {line}{}", shown(), sanitize::one_line(e.message()))
    })
}

/// Where articles come from when no path is given (SPEC §2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultLibrary {
    /// Paths from `config.toml` or the data dir.
    Paths(Vec<PathBuf>),
    /// The seeds compiled into the binary.
    Bundled,
}

/// The library to open: the paths given, else `config.toml`'s `library`, else
/// `<data dir>/articles` when it exists, else the bundled seeds.
pub fn library(given: &[PathBuf], config: &Config) -> DefaultLibrary {
    if !given.is_empty() {
        return DefaultLibrary::Paths(given.to_vec());
    }
    if !config.library.is_empty() {
        return DefaultLibrary::Paths(config.library.iter().map(|p| expand_home(p)).collect());
    }
    match data_articles_dir() {
        Some(dir) if dir.is_dir() => DefaultLibrary::Paths(vec![dir]),
        _ => DefaultLibrary::Bundled,
    }
}

/// `~/news` → `$HOME/news`, as people write paths in config files.
fn expand_home(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => p.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_paths_win() {
        let cfg = Config {
            library: vec!["/a".into()],
            ..Config::default()
        };
        assert_eq!(
            library(&["/b".into()], &cfg),
            DefaultLibrary::Paths(vec!["/b".into()])
        );
        assert_eq!(library(&[], &cfg), DefaultLibrary::Paths(vec!["/a".into()]));
    }

    #[test]
    fn config_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()).unwrap(), Config::default());
        std::fs::write(
            dir.path().join("config.toml"),
            "library = [\"/x\", \"/y\"]\n",
        )
        .unwrap();
        assert_eq!(load(dir.path()).unwrap().library.len(), 2);
        std::fs::write(dir.path().join("config.toml"), "library = 3\n").unwrap();
        assert!(load(dir.path()).is_err());
    }

    #[test]
    fn layout_section() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        // Off when absent, whole or in part.
        assert_eq!(load(dir.path()).unwrap().layout, LayoutConfig::default());
        std::fs::write(&file, "library = []\n[layout]\n").unwrap();
        assert_eq!(
            load(dir.path()).unwrap().layout.options(),
            crate::layout::Options::default()
        );
        std::fs::write(&file, "[layout]\nhyphenate = true\n").unwrap();
        let cfg = load(dir.path()).unwrap();
        assert!(cfg.layout.hyphenate && !cfg.layout.justify);
        std::fs::write(&file, "[layout]\nhyphenate = true\njustify = true\n").unwrap();
        assert_eq!(
            load(dir.path()).unwrap().layout.options(),
            crate::layout::Options {
                hyphenate: true,
                justify: true
            }
        );
        // A wrong type or an unknown key is refused, as everywhere else in the file.
        std::fs::write(&file, "[layout]\njustify = \"yes\"\n").unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        std::fs::write(&file, "[layout]\nhyphenation = true\n").unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(e.contains("line 2: unknown field"), "{e}");
        std::fs::write(&file, "hyphenate = true\n").unwrap();
        assert!(load(dir.path()).is_err(), "hyphenate belongs in [layout]");
    }

    #[test]
    fn errors_are_one_clean_line_with_the_line_number() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(
            &file,
            "library = []\n\"\\u001b]0;PWNED\\u0007\u{202e}\" = 1\n",
        )
        .unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(e.contains("config.toml: line 2: unknown field"), "{e}");
        assert!(
            !e.contains(['\x1b', '\x07', '\n', '\u{202e}']) && !e.contains("PWNED"),
            "{e:?}"
        );
        std::fs::write(&file, b"library = [\"\xff\"]\n").unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(
            e.contains("not valid UTF-8 (first bad byte at offset 12)"),
            "{e}"
        );
        let big = vec![b'#'; usize::try_from(MAX_CONFIG_BYTES).unwrap() + 1];
        std::fs::write(&file, big).unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(e.contains("config.toml: is too large"), "{e}");
    }
}
