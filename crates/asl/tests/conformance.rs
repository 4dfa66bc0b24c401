//! Runs every conformance case: the shared ones in `../shared/conformance/cases` and the
//! project's own in `crates/asl/tests/cases`, through the core API (the CLI test runs them again
//! through the binary), with JSONata evaluated by jsonata 2.0.6 in QuickJS (`asl-jsonata`). Prints one line per failure and `N passed, M failed, K skipped`, where
//! skipped cases are those listed in `known-failures.txt` with the issue they wait for.

// Tests are hosts: they read case files and snapshots, which the core itself may not.
#![allow(clippy::disallowed_methods)]

use std::path::{Path, PathBuf};

use asl::Value;

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../../../shared/conformance/cases");
    let own = manifest.join("tests/cases");
    let known_text = std::fs::read_to_string(manifest.join("tests/known-failures.txt")).unwrap_or_default();
    let known: Vec<&str> = known_text
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .collect();

    let mut files = Vec::new();
    if shared.is_dir() {
        collect(&shared, &mut files);
    } else {
        println!("warning: shared conformance cases not found at {}", shared.display());
    }
    let shared_count = files.len();
    collect(&own, &mut files);
    files.sort();
    let filter = std::env::args().nth(1).filter(|arg| !arg.starts_with('-'));
    // CONFORMANCE_VERBOSE=1 also prints why each known failure fails.
    let verbose = std::env::var_os("CONFORMANCE_VERBOSE").is_some();

    // jsonata 2.0.6 in QuickJS, as the CLI runs it (the browser's run is web/e2e/conformance).
    let mut engine = asl_jsonata::Engine::new().expect("the JSONata engine starts");
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for file in &files {
        let id = case_id(file);
        if filter.as_ref().is_some_and(|filter| !id.contains(filter.as_str())) {
            continue;
        }
        let result = run_case(file, &mut engine);
        let is_known = known.contains(&id.as_str());
        match (result, is_known) {
            (Ok(()), false) => passed += 1,
            (Ok(()), true) => {
                failed += 1;
                println!("FAIL {id}: passes now; remove it from tests/known-failures.txt");
            }
            (Err(message), true) => {
                skipped += 1;
                if verbose {
                    println!("known {id}: {message}");
                }
            }
            (Err(message), false) => {
                failed += 1;
                println!("FAIL {id}: {message}");
            }
        }
    }
    println!(
        "conformance: {} cases ({shared_count} shared, {} own)",
        files.len(),
        files.len() - shared_count
    );
    println!("{passed} passed, {failed} failed, {skipped} skipped");
    if failed > 0 || files.is_empty() {
        std::process::exit(1);
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            files.push(path);
        }
    }
}

/// `area/name`, as listed in known-failures.txt.
fn case_id(file: &Path) -> String {
    let name = file
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let area = file
        .parent()
        .and_then(Path::file_name)
        .map(|area| area.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{area}/{name}")
}

fn run_case(file: &Path, engine: &mut asl_jsonata::Engine) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|error| format!("cannot read: {error}"))?;
    let case = Value::from_json(&text).map_err(|error| format!("case is not JSON: {error}"))?;
    asl::case::run_with(&case, engine)
}
