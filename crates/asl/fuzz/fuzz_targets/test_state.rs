//! `cargo +nightly fuzz run test_state`: see `harness/test_state.rs` for what it decodes and checks.
#![no_main]

#[path = "../harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::test_state(data));
