//! Embeds jsonata 2.0.6 from the npm lock file (`web/package-lock.json`); nothing is vendored.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let package = manifest.join("../../web/node_modules/jsonata");
    let script = package.join("jsonata.min.js");
    let metadata = package.join("package.json");
    println!("cargo:rerun-if-changed={}", script.display());
    println!("cargo:rerun-if-changed={}", metadata.display());
    println!("cargo:rerun-if-changed=../../web/src/jsonata-host.js");
    let version = std::fs::read_to_string(&metadata).unwrap_or_default();
    if !script.is_file() || !version.contains("\"version\": \"2.0.6\"") {
        panic!(
            "\n\njsonata 2.0.6 (the version AWS runs) is not installed at {}.\n\
             Install the web packages from the lock file first: `npm ci --prefix web`\n\
             (scripts/setup.sh does it).\n\n",
            package.display()
        );
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::copy(&script, out.join("jsonata.min.js")).expect("copy jsonata.min.js into OUT_DIR");
}
