//! The fuzz targets' bodies, shared by the libFuzzer binaries (`fuzz_targets/*.rs`, nightly) and
//! by the stable replay of the seed corpora (`crates/asl/tests/fuzz_corpus.rs`), which includes
//! this module with `#[path]`.
//!
//! Each target takes raw bytes and decodes them itself with [`bytes::Bytes`], a small stand-in for the
//! `arbitrary` crate: that keeps the replay free of dependencies the main workspace does not
//! already have. Every target asserts the invariants the core promises for any input (no panic,
//! diagnostics inside the text, pointers that resolve, deterministic executions); a failed
//! assertion is a crash to the fuzzer and a failing test to the replay.
//!
//! One file per target, each opening with the shape of its input (the first byte picks a mode
//! where a target has several):
//! - `parse_validate`: the bytes are the definition's text.
//! - `execute`: a definition, input and mocks, built from the grammar or read as texts.
//! - `paths`: a JSONPath or reference path and a document.
//! - `intrinsics`: an intrinsic call and an input document.
//! - `mocks`: a JSON text, read as `MockedResponses` and as a `MockConfigFile`.
//! - `test_state`: a TestState request, built from the grammar or read as text.
//! - `json`: a text read as a JSON document by our reader and by serde_json alone.
//!
//! Shared by the targets: `bytes` (decisions from the fuzzer's bytes) and `grammar` (states,
//! definitions, documents and mocks built from those decisions).

#![allow(dead_code)]

pub mod bytes;
pub mod execute;
pub mod grammar;
pub mod intrinsics;
pub mod json;
pub mod mocks;
pub mod parse_validate;
pub mod paths;
pub mod test_state;

pub use execute::execute;
pub use intrinsics::intrinsics;
pub use json::json;
pub use mocks::mocks;
pub use parse_validate::parse_validate;
pub use paths::paths;
pub use test_state::test_state;

/// Transitions one execution may take before the harness stops it: loops are fine, forever is not.
pub const STEP_BUDGET: u64 = 10_000;

/// A target's body: decodes the fuzzer's bytes and asserts the core's promises about them.
pub type Target = fn(&[u8]);

/// Every target by name, for the replay (`fuzz_targets/*.rs` call theirs directly).
pub const TARGETS: &[(&str, Target)] = &[
    ("parse_validate", parse_validate),
    ("execute", execute),
    ("paths", paths),
    ("intrinsics", intrinsics),
    ("mocks", mocks),
    ("test_state", test_state),
    ("json", json),
];
