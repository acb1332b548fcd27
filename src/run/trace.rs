//! The opt-in trace of frame times (`KIOSQUE_TRACE=FILE`), for the benchmarks.

use crate::app::App;

/// When set, names a file where every frame and key is logged with its time (benchmarks).
const TRACE_ENV: &str = "KIOSQUE_TRACE";

/// Microseconds since the epoch.
pub fn now_us() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
}

/// The opt-in trace of frame times: one line per frame
/// (`frame <µs> view=<rows in the list> total=<articles> loading=<0|1> indexing=<0|1>
/// searching=<0|1> reader=<lines> views=<0|1>`: searching=1 while a query's answer is on its way,
/// views=1 while saved views are being found) and, after
/// it, one line per key it answers (`key <code> <µs read> <µs drawn>`); and what the live
/// folders do (`live <µs> changed <n>`: a check asked for; `live <µs> update` / `done`: a
/// check that found changes, and a load, ending; `lists` / `lists applied`: the lists file's
/// lists received from the loader, and taken in by the App).
pub struct Trace {
    out: std::io::BufWriter<std::fs::File>,
    pub keys: Vec<(String, u64)>,
}

impl Trace {
    pub fn from_env() -> Option<Trace> {
        let path = std::env::var_os(TRACE_ENV)?;
        let file = std::fs::File::create(path).ok()?;
        let mut t = Trace {
            out: std::io::BufWriter::new(file),
            keys: Vec::new(),
        };
        use std::io::Write;
        let _ = writeln!(t.out, "start {}", now_us());
        Some(t)
    }

    /// A line of its own (`live <µs> <what>`): what the live folders did.
    pub fn note(&mut self, what: &str) {
        use std::io::Write;
        let _ = writeln!(self.out, "live {} {what}", now_us());
    }

    pub fn frame(&mut self, app: &App) {
        use std::io::Write;
        let at = now_us();
        let reader = app.reader.as_ref().map_or(0, |r| r.layout.lines.len());
        let _ = writeln!(
            self.out,
            "frame {at} view={} total={} loading={} indexing={} searching={} reader={reader} views={}",
            app.lists.view.len(),
            app.lists.article_count(),
            u8::from(app.loading.progress.is_some()),
            u8::from(app.loading.indexing.is_some()),
            u8::from(app.finding.searching()),
            u8::from(app.lists.sections.iter().any(|r| r.counting)),
        );
        for (code, read_at) in self.keys.drain(..) {
            let _ = writeln!(self.out, "key {code} {read_at} {at}");
        }
        let _ = self.out.flush();
    }
}
