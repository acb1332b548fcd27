//! Where things live: the config dir (state and `config.toml`), the data dir (the default
//! library), the cache dir (the library index); and what `config.toml` says.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

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

/// `config.toml` is refused above this size (it holds a few lines).
const CAP: u64 = 1 << 20;

/// Reads `<dir>/config.toml`; a missing file is the default config, a broken one an error.
/// A link is followed (dotfiles are often links), but a FIFO, a device or a huge file is an
/// error, never a hang (SPEC §6: a FIFO made `kiosque list` wait for ever and a link to
/// `/dev/zero` ate memory; tests/state_attacks.rs).
pub fn load(dir: &Path) -> Result<Config, String> {
    let path = dir.join("config.toml");
    let text = crate::disk::read_bounded(&path, CAP, crate::disk::Links::Follow).and_then(|b| {
        String::from_utf8(b).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    });
    match text {
        Ok(text) => toml::from_str(&text).map_err(|e| {
            format!(
                "{}: {}",
                crate::sanitize::one_line(&path.display().to_string()),
                e.message()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
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
}
