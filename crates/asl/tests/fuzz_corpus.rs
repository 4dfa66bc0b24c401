//! Replays the fuzz targets' seed corpora (`crates/asl/fuzz/corpus/<target>/`) through the same
//! harness the libFuzzer binaries run, on stable and in seconds: every input that once crashed a
//! target stays fixed, and the harness's own assertions keep compiling and holding.

// Tests are hosts: they read the corpus files, which the core itself may not.
#![allow(clippy::disallowed_methods)]

#[path = "../fuzz/harness/mod.rs"]
mod harness;

use std::path::Path;

#[test]
fn every_corpus_file_passes_its_target() {
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (target, run) in harness::TARGETS {
        let dir = corpora.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
            .flatten()
            .map(|entry| entry.path())
            .collect();
        files.sort();
        assert!(
            files.len() >= 10,
            "{target}: only {} seed files in {}",
            files.len(),
            dir.display()
        );
        for file in files {
            let data = std::fs::read(&file).unwrap();
            // A panic names the file that caused it.
            let result = std::panic::catch_unwind(|| run(&data));
            assert!(result.is_ok(), "{target}: {} fails its target", file.display());
        }
    }
}
