//! Scratch files for the integration tests, under Cargo's target directory: nothing is left in
//! /tmp, and each test's directory is reused by the next run, emptied the first time a run asks
//! for it, so files an earlier run left cannot pass for this run's.

// Each test binary includes this module and uses part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

/// The directory `name` (one per test, e.g. `cli-validate-glob`), emptied on its first use in
/// this process.
pub fn dir(name: &str) -> PathBuf {
    static EMPTIED: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let mut emptied = EMPTIED.lock().unwrap_or_else(PoisonError::into_inner);
    if !emptied.iter().any(|done| done == name) {
        let _ = std::fs::remove_dir_all(&dir);
        emptied.push(name.to_owned());
    }
    dir
}

/// The file `file` (which may have directories) written with `text` in the directory `name`;
/// its path.
pub fn file(name: &str, file: &str, text: impl AsRef<[u8]>) -> String {
    let path = dir(name).join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}
