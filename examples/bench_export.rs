//! What `kiosque export` costs, against `kiosque list` of the same library in the same run:
//!
//! ```sh
//! cargo build --release --examples
//! target/release/examples/bench_export /work/corpora/c1k [--query Q] [--runs 7]
//! ```
//!
//! Runs the release binary (`target/release/kiosque`, or `KIOSQUE_BIN`) as a user would, with
//! its own config and cache folders: once each to warm the library cache and the page cache,
//! then `list -l DIR [--query Q]` and `export -l DIR [--query Q] --format md|html|epub -o FILE`
//! in turn, `--runs` times. Prints a Markdown table of medians: wall time, CPU time (user +
//! system: what a loaded machine disturbs least) and peak memory (both from `/usr/bin/time`,
//! to 10 ms), output size, and the ratios to `list`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One measured run: seconds (wall, and CPU: user + system), peak resident memory (KiB),
/// bytes written.
struct Run {
    secs: f64,
    cpu: f64,
    rss_kib: u64,
    bytes: u64,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut corpus = None;
    let mut query = None;
    let mut runs = 7;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--query" => query = args.next(),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            _ => corpus = Some(PathBuf::from(a)),
        }
    }
    let corpus = corpus.expect("usage: bench_export DIR [--query Q] [--runs N]");
    let bin = std::env::var_os("KIOSQUE_BIN")
        .map_or_else(|| PathBuf::from("target/release/kiosque"), PathBuf::from);
    let dirs = tempfile::tempdir().expect("a temporary folder");
    let out = dirs.path().join("out");
    std::fs::create_dir_all(&out).expect("a folder for the digests");

    let lib = corpus.to_string_lossy().into_owned();
    let mut base = vec!["-l".to_owned(), lib];
    if let Some(q) = &query {
        base.extend(["--query".to_owned(), q.clone()]);
    }
    let jobs: Vec<(String, Vec<String>, Option<PathBuf>)> = std::iter::once((
        "list".to_owned(),
        [vec!["list".to_owned()], base.clone()].concat(),
        None,
    ))
    .chain(["md", "html", "epub"].iter().map(|f| {
        let file = out.join(format!("digest.{f}"));
        let mut a = vec!["export".to_owned()];
        a.extend(base.clone());
        a.extend([
            "--format".to_owned(),
            (*f).to_owned(),
            "-o".to_owned(),
            file.to_string_lossy().into_owned(),
        ]);
        (format!("export --format {f}"), a, Some(file))
    }))
    .collect();

    // Warm: the library cache is built by the first run, files are in the page cache.
    for (_, a, file) in &jobs {
        measure(&bin, dirs.path(), a, file.as_deref());
    }
    let mut results: Vec<Vec<Run>> = jobs.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs {
        for (i, (_, a, file)) in jobs.iter().enumerate() {
            results[i].push(measure(&bin, dirs.path(), a, file.as_deref()));
        }
    }

    let articles = std::fs::read_to_string(dirs.path().join("count")).unwrap_or_default();
    println!(
        "{} articles{}, {runs} runs, medians",
        articles.trim(),
        query
            .map(|q| format!(" (--query {q:?})"))
            .unwrap_or_default()
    );
    println!();
    println!(
        "| command | wall time | × list | CPU time | × list | output | × list | peak memory |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let medians: Vec<(f64, f64, u64, u64)> = results.iter().map(|r| median(r)).collect();
    let (list_secs, list_cpu, _, list_bytes) = medians[0];
    for ((name, _, _), (secs, cpu, rss, bytes)) in jobs.iter().zip(&medians) {
        println!(
            "| `{name}` | {:.0} ms | {:.2} | {:.0} ms | {:.2} | {} | {:.2} | {} MiB |",
            secs * 1e3,
            secs / list_secs,
            cpu * 1e3,
            cpu / list_cpu.max(0.001),
            size(*bytes),
            *bytes as f64 / list_bytes as f64,
            rss / 1024
        );
    }
}

/// Runs kiosque with `args` under `/usr/bin/time`, its folders in `dir`.
fn measure(bin: &Path, dir: &Path, args: &[String], file: Option<&Path>) -> Run {
    let start = Instant::now();
    let o = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("rss=%M cpu=%U+%S")
        .arg(bin)
        .args(args)
        .env("KIOSQUE_CONFIG_DIR", dir.join("config"))
        .env("KIOSQUE_CACHE_DIR", dir.join("cache"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .output()
        .expect("kiosque runs");
    let secs = start.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "kiosque {args:?}: {err}");
    let line = err
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("rss="))
        .unwrap_or("0 cpu=0+0");
    let (rss, cpu) = line.split_once(" cpu=").unwrap_or((line, "0+0"));
    let rss_kib = rss.trim().parse().unwrap_or(0);
    let cpu = cpu
        .split('+')
        .map(|t| t.trim().parse::<f64>().unwrap_or(0.0))
        .sum();
    let bytes = match file {
        Some(f) => std::fs::metadata(f).map_or(0, |m| m.len()),
        None => {
            let lines = o.stdout.iter().filter(|&&b| b == b'\n').count();
            let _ = std::fs::write(dir.join("count"), lines.to_string());
            o.stdout.len() as u64
        }
    };
    Run {
        secs,
        cpu,
        rss_kib,
        bytes,
    }
}

/// Medians of wall time, CPU time, memory and size.
fn median(runs: &[Run]) -> (f64, f64, u64, u64) {
    let mut t: Vec<f64> = runs.iter().map(|r| r.secs).collect();
    t.sort_by(f64::total_cmp);
    let mut c: Vec<f64> = runs.iter().map(|r| r.cpu).collect();
    c.sort_by(f64::total_cmp);
    let mut m: Vec<u64> = runs.iter().map(|r| r.rss_kib).collect();
    m.sort_unstable();
    let mut b: Vec<u64> = runs.iter().map(|r| r.bytes).collect();
    b.sort_unstable();
    let mid = runs.len() / 2;
    (t[mid], c[mid], m[mid], b[mid])
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    }
}
