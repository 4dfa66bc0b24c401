//! `cargo +nightly fuzz run parse_validate`: see `harness/parse_validate.rs` for what it decodes and checks.
#![no_main]

#[path = "../harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::parse_validate(data));
