//! Snapshot tests of validation: each definition in `test_data/validate/{ok,err}` sits next to
//! a `.snap` that draws every diagnostic under its source line, with the fix it suggests.
//! Files in `ok/` must produce no errors, files in `err/` at least one, files in `lint/` warnings
//! and no errors. A missing snapshot is
//! written on the first run; `UPDATE_EXPECT=1 cargo test -p asl --test validate` rewrites them
//! (read the diff).

// Tests are hosts: they read case files and snapshots, which the core itself may not.
#![allow(clippy::disallowed_methods)]

use std::path::{Path, PathBuf};

use asl::LineIndex;
use asl::diagnostic::render_snippet;

/// Validation as the CLI does it: JSONata syntax checked by jsonata itself.
fn check(text: &str) -> asl::Checked {
    thread_local! {
        static ENGINE: asl_jsonata::Engine = asl_jsonata::Engine::new().expect("the JSONata engine starts");
    }
    ENGINE.with(|engine| asl::check_with(text, Some(engine)))
}

fn render(text: &str) -> String {
    let checked = check(text);
    let index = LineIndex::new(text);
    let mut res = String::new();
    for diagnostic in &checked.diagnostics {
        let position = index.line_col(text, diagnostic.span.start);
        res.push_str(&format!(
            "{}:{}: {}[{}]: {}\n",
            position.line, position.column, diagnostic.severity, diagnostic.code, diagnostic.message
        ));
        res.push_str(&render_snippet(text, &index, diagnostic));
        if let Some(suggestion) = &diagnostic.suggestion {
            let replaced = &text[suggestion.span.start..suggestion.span.end];
            let gutter = position.line.to_string().len();
            res.push_str(&format!(
                "{:gutter$} = fix: {replaced} → {}\n",
                "", suggestion.replacement
            ));
        }
    }
    if res.is_empty() {
        res.push_str("no diagnostics\n");
    }
    res
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut res: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    res.sort();
    res
}

fn check_dir(kind: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data/validate")
        .join(kind);
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let definitions = files(&dir);
    assert!(!definitions.is_empty(), "no definitions in {}", dir.display());
    for file in definitions {
        let text = std::fs::read_to_string(&file).unwrap();
        let checked = check(&text);
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        match kind {
            "ok" if checked.has_errors() => failures.push(format!("{name}: expected no errors")),
            "err" if !checked.has_errors() => failures.push(format!("{name}: expected at least one error")),
            "lint" if checked.has_errors() || checked.diagnostics.is_empty() => {
                failures.push(format!("{name}: expected warnings and no errors"))
            }
            _ => {}
        }
        let actual = render(&text);
        let snap = file.with_extension("snap");
        match std::fs::read_to_string(&snap) {
            Ok(expected) if expected == actual => {}
            Ok(_) if update => std::fs::write(&snap, &actual).unwrap(),
            Ok(expected) => failures.push(format!(
                "{name}: snapshot differs\n--- expected\n{expected}--- actual\n{actual}"
            )),
            Err(_) => std::fs::write(&snap, &actual).unwrap(),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ok_definitions_have_no_errors() {
    check_dir("ok");
}

#[test]
fn err_definitions_match_their_snapshots() {
    check_dir("err");
}

#[test]
fn lint_definitions_warn_and_match_their_snapshots() {
    check_dir("lint");
}

#[test]
fn every_lint_is_explained() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/validate/lint");
    for file in files(&dir) {
        let text = std::fs::read_to_string(&file).unwrap();
        for diagnostic in check(&text).diagnostics {
            let doc = asl::machine::lint_doc(diagnostic.code)
                .unwrap_or_else(|| panic!("{}: lint {} has no LintDoc", file.display(), diagnostic.code));
            assert!(doc.url.starts_with("https://docs.aws.amazon.com/"), "{doc:?}");
        }
    }
}
