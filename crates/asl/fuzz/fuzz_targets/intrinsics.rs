//! `cargo +nightly fuzz run intrinsics`: see `harness::intrinsics` for what it decodes and checks.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::intrinsics(data));
