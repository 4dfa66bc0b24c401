//! `cargo +nightly fuzz run paths`: see `harness/paths.rs` for what it decodes and checks.
#![no_main]

#[path = "../harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::paths(data));
