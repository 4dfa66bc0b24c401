//! The playground's hover and completion texts (`web/src/asl-docs.json`) are the core's
//! glossary (`asl::docs`), written out so that the page loads them when they are first needed
//! instead of carrying them in its wasm. This test fails when the file is stale; run it with
//! `ASL_WRITE_DOCS=1` to write the file again.
#![allow(clippy::disallowed_methods)] // a test of the repository, not of the core: it reads and writes a file

use std::collections::BTreeMap;

#[test]
fn web_docs_json_is_the_glossary() {
    // Every word the editors complete or the core knows: fields, state types, error names,
    // intrinsic functions (`States.Format`), JSONata functions (`$sum`) and words (`$states`).
    let mut words: Vec<String> = asl::docs::field_names().into_iter().map(str::to_owned).collect();
    words.extend(asl::docs::STATE_TYPES.iter().map(|word| word.to_string()));
    words.extend(asl::docs::ERROR_NAMES.iter().map(|word| word.to_string()));
    words.extend(asl::docs::intrinsic_names().map(str::to_owned));
    words.extend(asl::docs::jsonata_function_names());
    words.extend(asl::docs::JSONATA_WORDS.iter().map(|word| word.to_string()));
    let glossary: BTreeMap<&str, &str> = words
        .iter()
        .filter_map(|word| asl::docs::explain(word).map(|doc| (word.as_str(), doc)))
        .collect();
    for word in ["Catch", "Map", "States.ALL", "States.Format", "$sum", "$states.input"] {
        assert!(glossary.contains_key(word), "the glossary explains {word}");
    }
    let expected = serde_json::to_string_pretty(&glossary).expect("a map of strings serialises") + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/src/asl-docs.json");
    if std::env::var_os("ASL_WRITE_DOCS").is_some() {
        std::fs::write(path, &expected).expect("web/src/asl-docs.json is writable");
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "web/src/asl-docs.json differs from asl::docs: run `ASL_WRITE_DOCS=1 cargo test -p asl --test docs_json`"
    );
}
