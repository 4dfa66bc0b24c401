//! `cargo +nightly fuzz run paths`: see `harness::paths` for what it decodes and checks.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::paths(data));
