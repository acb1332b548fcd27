//! What every command (the reader included) starts from: the config dir and `config.toml` as
//! read and checked, and what follows from them (the state folder, the library's sources, how
//! text is set).

use std::path::PathBuf;

use crate::config::{self, DefaultLibrary, Settings};
use crate::library::Sources;

/// What every command needs to find its files, and what `config.toml` says.
#[derive(Debug, Clone)]
pub struct Context {
    /// The config dir.
    pub config_dir: PathBuf,
    /// `config.toml`, read and checked.
    pub settings: Settings,
}

impl Context {
    /// The state folder (`state_dir` of config.toml, else `<config dir>/state`).
    pub fn state_dir(&self) -> Result<PathBuf, String> {
        // A config dir that is a file has no config.toml (the defaults are used) and no room
        // for the state: said here, naming it, rather than as a folder that cannot be made.
        if self.settings.config.state_dir.is_none()
            && std::fs::metadata(&self.config_dir).is_ok_and(|m| !m.is_dir())
        {
            return Err(format!(
                "{}: not a folder (the config dir, where the state lives)",
                crate::output::shown(&self.config_dir)
            ));
        }
        Ok(self.settings.config.state_dir(&self.config_dir))
    }

    /// How the reader and `show` set text (`[layout]` of config.toml).
    pub fn layout_options(&self) -> crate::layout::Options {
        self.settings.config.layout.options()
    }

    /// Opens the saved state: writable for the reader and `mark` (which may create the folder
    /// and the device id), read-only for commands that only look.
    pub fn open_state(&self, writable: bool) -> Result<crate::state::Opened, String> {
        crate::state::open(
            &self.config_dir,
            &self.state_dir()?,
            config::data_dir().as_deref(),
            writable,
        )
    }

    /// The sources of the library: the paths given, else the configured default (SPEC §2).
    pub fn sources(&self, given: &[PathBuf]) -> Result<Sources, String> {
        Ok(match config::library(given, &self.settings.config) {
            DefaultLibrary::Paths(p) => Sources::Paths(p),
            DefaultLibrary::Bundled => Sources::Bundled,
        })
    }
}
