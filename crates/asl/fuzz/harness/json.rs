//! `json`: the bytes are a text (invalid UTF-8 replaced), read by `Value::from_json` (our reader,
//! serde_json for what it leaves) and by serde_json alone: the same value with facts that match
//! its text, or the same error at the same line and column.

use asl::Value;

pub fn json(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match (Value::from_json(&text), serde_json::from_str::<Value>(&text)) {
        (Ok(ours), Ok(theirs)) => {
            let written = ours.to_json();
            assert_eq!(written, theirs.to_json(), "{text:?}");
            assert_eq!(ours.json_len(), written.len(), "{text:?}");
            // The depth the reader learnt is the one the document has.
            let depth = serde_json::from_str::<serde_json::Value>(&text).map_or(0, |document| depth(&document));
            assert!(
                !ours.nests_deeper_than(depth) && (depth == 0 || ours.nests_deeper_than(depth - 1)),
                "{text:?}"
            );
        }
        (Err(ours), Err(theirs)) => assert_eq!(ours.to_string(), theirs.to_string(), "{text:?}"),
        (ours, theirs) => panic!("{text:?}: {ours:?} against {theirs:?}"),
    }
}

/// Levels of arrays and objects, as `Value::nests_deeper_than` counts them: 0 for a scalar or
/// an empty container.
fn depth(document: &serde_json::Value) -> usize {
    let deepest = |depths: &mut dyn Iterator<Item = usize>| depths.max().map_or(0, |deepest| deepest + 1);
    match document {
        serde_json::Value::Array(items) => deepest(&mut items.iter().map(depth)),
        serde_json::Value::Object(members) => deepest(&mut members.values().map(depth)),
        _ => 0,
    }
}
