//! Keeps the core pure (ARCHITECTURE.md): no dependency that reaches the browser, the OS's
//! randomness or the clock, and no unsafe code. The clippy lists in `crates/asl/clippy.toml`
//! guard the code itself.

// This test is a host: it reads the crate's own files.
#![allow(clippy::disallowed_methods)]

const FORBIDDEN: &[&str] = &[
    "wasm-bindgen",
    "js-sys",
    "web-sys",
    "getrandom",
    "rand",
    "tokio",
    "async-std",
    "chrono",
    "jiff",
    "time",
    "reqwest",
];

#[test]
fn the_core_depends_on_nothing_impure() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let dependencies = manifest
        .split("\n[")
        .find(|section| section.starts_with("dependencies]"))
        .expect("a [dependencies] section");
    for line in dependencies.lines().skip(1) {
        let name = line.split(['=', '.', ' ']).next().unwrap_or("").trim();
        assert!(
            !FORBIDDEN.contains(&name),
            "crates/asl must not depend on {name}: {line}"
        );
    }
}

#[test]
fn the_core_forbids_unsafe_code() {
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap();
    assert!(lib.contains("#![forbid(unsafe_code)]"));
}

/// The top-level modules of `src/`, each with the files that make it up.
fn modules() -> Vec<(String, Vec<std::path::PathBuf>)> {
    let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let mut res = Vec::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "lib" {
            continue;
        }
        let files = if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(&path)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .filter(|file| file.extension().is_some_and(|ext| ext == "rs"))
                .collect();
            files.sort();
            files
        } else {
            vec![path]
        };
        res.push((name, files));
    }
    res.sort();
    res
}

/// Dependencies point one way inside the core too (STYLE.md): a module that needs a type from a
/// module that needs it back is a sign that the type lives in the wrong place.
#[test]
fn the_core_module_graph_has_no_cycle() {
    let modules = modules();
    let names: Vec<&str> = modules.iter().map(|(name, _)| name.as_str()).collect();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); modules.len()];
    for (from, (_, files)) in modules.iter().enumerate() {
        for file in files {
            let text = std::fs::read_to_string(file).unwrap();
            for (to, other) in names.iter().enumerate() {
                let used = text.contains(&format!("crate::{other}::")) || text.contains(&format!("crate::{other};"));
                if to != from && used && !edges[from].contains(&to) {
                    edges[from].push(to);
                }
            }
        }
    }
    // Depth-first search for a back edge; report the cycle it closes.
    fn visit(node: usize, edges: &[Vec<usize>], state: &mut [u8], stack: &mut Vec<usize>) -> Option<Vec<usize>> {
        state[node] = 1;
        stack.push(node);
        for &next in &edges[node] {
            if state[next] == 1 {
                let start = stack.iter().position(|&on| on == next).unwrap();
                let mut cycle = stack[start..].to_vec();
                cycle.push(next);
                return Some(cycle);
            }
            if state[next] == 0
                && let Some(cycle) = visit(next, edges, state, stack)
            {
                return Some(cycle);
            }
        }
        stack.pop();
        state[node] = 2;
        None
    }
    let mut state = vec![0u8; modules.len()];
    for node in 0..modules.len() {
        if state[node] == 0
            && let Some(cycle) = visit(node, &edges, &mut state, &mut Vec::new())
        {
            let path: Vec<&str> = cycle.iter().map(|&index| names[index]).collect();
            panic!(
                "the modules of crates/asl import each other in a circle: {}",
                path.join(" → ")
            );
        }
    }
}

/// Rooms stay small enough to hold in one's head (STYLE.md): past about 900 lines, a file is
/// split by concern into a folder.
#[test]
fn no_core_file_is_over_900_lines() {
    for (_, files) in modules() {
        for file in files {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            assert!(
                lines <= 950,
                "{} has {lines} lines; split it by concern",
                file.display()
            );
        }
    }
}
