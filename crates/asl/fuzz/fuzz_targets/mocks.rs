//! `cargo +nightly fuzz run mocks`: see `harness/mocks.rs` for what it decodes and checks.
#![no_main]

#[path = "../harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::mocks(data));
