//! `cargo +nightly fuzz run execute`: see `harness::execute` for what it decodes and checks.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::execute(data));
