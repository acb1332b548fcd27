//! Where things live: the config dir (state and `config.toml`), the data dir (the default
//! library), the cache dir (the library index); and what `config.toml` says.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

use crate::keymap::{KeySetting, Keymap};
use crate::query::Query;
use crate::theme::{Theme, ThemeSetting};
use crate::{disk, sanitize};

pub use crate::diagnostic::{Problem, distance};

mod default;
mod lenient;
mod read;

pub use default::default_text;

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

/// What `config.toml` says (SPEC §10), as written; [`Settings`] is what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Library paths, used when none is given on the command line.
    pub library: Vec<PathBuf>,
    /// The folder of the saved state (default `<config dir>/state`), e.g. one that a sync tool
    /// keeps in step between machines; relative to the config dir.
    pub state_dir: Option<PathBuf>,
    /// The mouse in the reader (SPEC §7: `mouse = false` turns it off); for the run loop.
    pub mouse: bool,
    /// Live folders (`watch = false` turns them off): files added, changed or removed while the
    /// reader runs are shown without `r`.
    pub watch: bool,
    /// `[keys]`: actions given other keys.
    pub keys: Vec<KeySetting>,
    /// `theme` / `[theme]`: a built-in theme and roles recoloured.
    pub theme: ThemeSetting,
    /// `[layout]`.
    pub layout: LayoutConfig,
    /// `[[views]]`: saved queries, in the order written.
    pub views: Vec<ViewSetting>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            library: Vec::new(),
            state_dir: None,
            mouse: true,
            watch: true,
            keys: Vec::new(),
            theme: ThemeSetting::default(),
            layout: LayoutConfig::default(),
            views: Vec::new(),
        }
    }
}

/// `[layout]`: how the screen is divided and the text set. Read with serde, each field on its
/// own (see [`read`]): a field added here with a serde default is read, checked and printed by
/// `config default` with nothing else to change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct LayoutConfig {
    /// The widest line of article text, in columns (centred in a wider pane).
    pub measure: u16,
    /// The sections pane's width on a wide terminal, in columns; 0: a fifth of the screen,
    /// 18 to 30 columns.
    pub sections_width: u16,
    /// The reader pane's width beside the lists, in columns; 0: three fifths of what the
    /// sections leave, up to the measure and its margins.
    pub reader_width: u16,
    /// A byline column in the article list (when it is 50 columns wide or more).
    pub byline_column: bool,
    /// A date column in the article list (when it is 24 columns wide or more).
    pub date_column: bool,
    /// Hyphenate French articles by the French patterns (off: text is never cut).
    pub hyphenate: bool,
    /// Justify running text (off: ragged right, as it always was).
    pub justify: bool,
}

impl Default for LayoutConfig {
    fn default() -> LayoutConfig {
        LayoutConfig {
            measure: crate::layout::MEASURE as u16,
            sections_width: 0,
            reader_width: 0,
            byline_column: true,
            date_column: true,
            hyphenate: false,
            justify: false,
        }
    }
}

impl LayoutConfig {
    /// The options of running text these settings ask for.
    pub fn options(&self) -> crate::layout::Options {
        crate::layout::Options {
            measure: usize::from(self.measure),
            hyphenate: self.hyphenate,
            justify: self.justify,
        }
    }
}

/// The narrowest and widest measure accepted (a wider or narrower one is brought within).
pub const MEASURE_RANGE: (u16, u16) = (20, 400);

/// One `[[views]]` entry as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ViewSetting {
    /// Its name in the sections pane.
    pub name: String,
    /// The query (SPEC §9).
    pub query: String,
    /// The line of its query in `config.toml` (0: not read from a file).
    #[serde(skip)]
    pub line: usize,
}

/// A saved view, its query parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// Its name.
    pub name: String,
    /// The query as written.
    pub text: String,
    /// The query.
    pub query: Query,
}

/// `config.toml` read and checked: what it means, and every problem met.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The settings as written (defaults where the file says nothing or is wrong).
    pub config: Config,
    /// The key table in force.
    pub keymap: Keymap,
    /// The theme.
    pub theme: Theme,
    /// The saved views whose query parses.
    pub views: Vec<View>,
    /// Every problem, in the order of the file.
    pub problems: Vec<Problem>,
    /// The file, as it may be printed.
    pub file: String,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings::from_config(Config::default(), Vec::new(), "config.toml".into())
    }
}

impl Settings {
    /// The settings `text` describes (`file`: how to name it in messages).
    pub fn parse(text: &str, file: String) -> Settings {
        let (config, problems) = read::read(text);
        Settings::from_config(config, problems, file)
    }

    fn from_config(config: Config, mut problems: Vec<Problem>, file: String) -> Settings {
        let (keymap, p) = Keymap::configured(&config.keys);
        problems.extend(p);
        let (theme, p) = Theme::configured(&config.theme);
        problems.extend(p);
        let mut views = Vec::new();
        for v in &config.views {
            match crate::query::parse(&v.query) {
                Ok(query) => views.push(View {
                    name: v.name.clone(),
                    text: v.query.clone(),
                    query,
                }),
                Err(e) => problems.push(Problem::error(
                    Some(v.line),
                    format!("[[views]] “{}”: the query does not parse: {e}", v.name),
                )),
            }
        }
        problems.sort_by_key(|p| p.line.unwrap_or(0));
        Settings {
            config,
            keymap,
            theme,
            views,
            problems,
            file,
        }
    }

    /// The errors, each as one line naming the file.
    pub fn errors(&self) -> Vec<String> {
        self.lines(true)
    }

    /// The warnings, each as one line naming the file.
    pub fn warnings(&self) -> Vec<String> {
        self.lines(false)
    }

    fn lines(&self, errors: bool) -> Vec<String> {
        self.problems
            .iter()
            .filter(|p| p.error == errors)
            .map(|p| format!("{}: {p}", self.file))
            .collect()
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

/// Reads and checks `<dir>/config.toml`; a missing file is the default config. An error is
/// one line naming the file and saying why it cannot be read; what is wrong inside it is in
/// [`Settings::problems`], each with its line, cleaned (a file name, a key or a value quoted
/// from the file could hold escape sequences, SPEC §8).
///
/// The read is bounded ([`disk::read_bounded`]): a FIFO in its place is refused instead of
/// waiting for a writer forever, a device or a huge file instead of reading without end. A
/// symbolic link is followed, since a config kept in a dotfiles repository is often one.
pub fn load(dir: &Path) -> Result<Settings, String> {
    let path = dir.join("config.toml");
    let shown = sanitize::one_line(&path.to_string_lossy());
    let bytes = match disk::read_bounded(&path, MAX_CONFIG_BYTES, disk::Links::Follow) {
        Ok(bytes) => bytes,
        // No file, or no folder to hold one (a config dir that is a file: the state, kept
        // there too, says what is wrong when it is opened).
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(Settings {
                file: shown,
                ..Settings::default()
            });
        }
        Err(e) => {
            return Err(format!("{shown}: {}", sanitize::one_line(&e.to_string())));
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown}: not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(Settings::parse(&text, shown))
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
mod tests;
