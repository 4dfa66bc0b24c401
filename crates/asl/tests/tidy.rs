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
