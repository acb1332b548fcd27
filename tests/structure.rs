//! The structure `src/lib.rs` and the README's architecture table describe: the crate's
//! top-level modules depend on one another without a cycle, so each can be read knowing only
//! the modules below it. A dependency is a `crate::module` path in a module's code (its own
//! file and its folder), comments and tests left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeMap<String, String>>;

/// Every `.rs` file of module `name`: `src/name.rs` and the files under `src/name/`, test
/// files left out.
fn files_of(src: &Path, name: &str) -> Vec<PathBuf> {
    let mut files = vec![src.join(format!("{name}.rs"))];
    let mut dirs = vec![src.join(name)];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            let file = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                if file != "tests" {
                    dirs.push(p);
                }
            } else if file.ends_with(".rs") && !file.ends_with("tests.rs") {
                files.push(p);
            }
        }
    }
    files
}

/// The modules named by `crate::…` paths in `code` (a line's comment and an inline test module
/// left out).
fn uses(code: &str) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    let mut lines = code.lines().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        let text = line.trim_start();
        if text == "#[cfg(test)]"
            && lines.peek().is_some_and(|(_, next)| {
                let next = next.trim_start();
                next.starts_with("mod ") && next.ends_with('{')
            })
        {
            break;
        }
        let text = text.split("//").next().unwrap_or("");
        for (at, _) in text.match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .map(str::trim)
                    .collect(),
                None => vec![rest],
            };
            for name in names {
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.entry(name).or_insert(i + 1);
                }
            }
        }
    }
    found
}

/// Each top-level module, and the modules it uses with where it first does.
fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|f| f.strip_suffix(".rs").map(str::to_owned))
        .filter(|m| m != "lib" && m != "main")
        .collect();
    let mut graph = Graph::new();
    for m in &modules {
        let edges = graph.entry(m.clone()).or_default();
        for file in files_of(&src, m) {
            let code = std::fs::read_to_string(&file).unwrap();
            for (used, line) in uses(&code) {
                if used != *m && modules.contains(&used) {
                    let rel = file.strip_prefix(&src).unwrap().display().to_string();
                    edges
                        .entry(used)
                        .or_insert_with(|| format!("src/{rel}:{line}"));
                }
            }
        }
    }
    graph
}

/// A cycle of `graph`, if it has one: the modules in order, the first repeated at the end.
fn cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        graph: &Graph,
        m: &str,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(m) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let from = path.iter().position(|p| p == m).unwrap_or(0);
                let mut cycle = path[from..].to_vec();
                cycle.push(m.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(m.to_owned(), Mark::Open);
        path.push(m.to_owned());
        for next in graph.get(m).into_iter().flat_map(BTreeMap::keys) {
            if let Some(c) = visit(graph, next, marks, path) {
                return Some(c);
            }
        }
        path.pop();
        marks.insert(m.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph
        .keys()
        .find_map(|m| visit(graph, m, &mut marks, &mut Vec::new()))
}

#[test]
fn the_modules_depend_on_one_another_without_a_cycle() {
    let graph = graph();
    assert!(graph.len() > 30, "the modules were found: {graph:?}");
    assert!(
        graph["app"].contains_key("geometry") && graph["cli"].contains_key("commands"),
        "the dependencies were found: {graph:?}"
    );
    if let Some(c) = cycle(&graph) {
        let edges: Vec<String> = c
            .windows(2)
            .map(|w| format!("{} -> {} ({})", w[0], w[1], graph[&w[0]][&w[1]]))
            .collect();
        panic!("a dependency cycle:\n{}", edges.join("\n"));
    }
}

#[test]
fn a_cycle_is_found_and_code_only_counts() {
    let code = "use crate::b::X; // crate::c\n/// [`crate::d`]\nuse crate::{e, f::G};\n\
                #[cfg(test)]\nmod tests {\n    use crate::h;\n}\n";
    let found: Vec<String> = uses(code).into_keys().collect();
    assert_eq!(found, ["b", "e", "f"]);
    let mut graph = Graph::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        graph
            .entry(a.to_owned())
            .or_default()
            .insert(b.to_owned(), String::new());
    }
    assert_eq!(cycle(&graph).unwrap(), ["a", "b", "c", "a"]);
    graph.get_mut("c").unwrap().remove("a");
    assert!(cycle(&graph).is_none());
}
