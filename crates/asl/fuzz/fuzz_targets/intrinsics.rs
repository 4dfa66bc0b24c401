//! `cargo +nightly fuzz run intrinsics`: see `harness/intrinsics.rs` for what it decodes and checks.
#![no_main]

#[path = "../harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::intrinsics(data));
