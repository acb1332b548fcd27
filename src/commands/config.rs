//! `kiosque config check` and `kiosque config default` (SPEC §5).

use std::path::Path;

use clap::Subcommand;

use crate::config;

/// `kiosque config …`.
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum ConfigCommand {
    /// Read config.toml as kiosque does and print every problem with its line; exit 1 if any
    /// is an error, 0 with warnings only.
    Check,
    /// Print a complete, commented config.toml with every setting at its default.
    Default,
}

/// Runs `kiosque config check` or `kiosque config default`.
pub fn run(config_dir: &Path, what: ConfigCommand) -> Result<i32, String> {
    let mut out = super::Out::new();
    match what {
        ConfigCommand::Default => {
            out.text(&config::default_text())?;
            out.finish()?;
            Ok(0)
        }
        ConfigCommand::Check => {
            // A file that cannot be read at all is the command's error (exit 1 too).
            let settings = config::load(config_dir)?;
            let errors = settings.problems.iter().filter(|p| p.is_error()).count();
            let warnings = settings.problems.len() - errors;
            // Problems on stdout: they are what was asked for (and go through a pipe to less).
            for p in &settings.problems {
                out.line(&format!("{}: {p}", settings.file))?;
            }
            let plural =
                |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
            let summary = if settings.problems.is_empty() {
                format!(
                    "{}: no problem ({} saved view{}, {} key setting{})",
                    settings.file,
                    settings.views.len(),
                    if settings.views.len() == 1 { "" } else { "s" },
                    settings.config.keys.len(),
                    if settings.config.keys.len() == 1 {
                        ""
                    } else {
                        "s"
                    },
                )
            } else {
                format!(
                    "{}: {}, {}",
                    settings.file,
                    plural(errors, "error"),
                    plural(warnings, "warning")
                )
            };
            out.line(&summary)?;
            out.finish()?;
            Ok(i32::from(errors > 0))
        }
    }
}
