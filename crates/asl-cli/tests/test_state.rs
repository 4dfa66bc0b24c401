//! `asl test-state` against what AWS's TestState API answered: every case in `test_state/`
//! (a request and AWS's response, from recordings and AWS's documentation; see its README),
//! run through the binary and compared as the README says. Cases known to differ are listed in
//! `test_state/known-failures.txt` with the reason; the runner fails when one starts passing.
//! It prints `N passed, M failed, K known failures` (harness = false).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/test_state")
}

/// A placeholder of LocalStack's recorder matches any text of its kind (README, Placeholders).
fn matches_text(expected: &str, actual: &str) -> bool {
    if expected == "date" {
        return asl::time::parse_timestamp(actual).is_some();
    }
    // Split the expected text into literals and placeholders, and match greedily from the left
    // with backtracking (placeholders are few and short).
    fn go(parts: &[Part], text: &str) -> bool {
        match parts.split_first() {
            None => text.is_empty(),
            Some((Part::Literal(literal), rest)) => {
                text.strip_prefix(literal.as_str()).is_some_and(|after| go(rest, after))
            }
            Some((Part::Any { colon_free, digits }, rest)) => {
                let limit = text
                    .char_indices()
                    .find(|(_, c)| (*colon_free && *c == ':') || (*digits && !c.is_ascii_digit()))
                    .map_or(text.len(), |(index, _)| index);
                (1..=limit)
                    .rev()
                    .filter(|end| text.is_char_boundary(*end))
                    .filter(|end| !*digits || *end == 12)
                    .any(|end| go(rest, &text[end..]))
            }
        }
    }
    enum Part {
        Literal(String),
        Any { colon_free: bool, digits: bool },
    }
    let mut parts = Vec::new();
    let mut rest = expected;
    while !rest.is_empty() {
        let next_placeholder = [
            "<partition>",
            "<region>",
            "<resource:",
            "<uuid:",
            "<table_name>",
            "111111111111",
        ]
        .iter()
        .filter_map(|token| rest.find(token).map(|at| (at, *token)))
        .min();
        match next_placeholder {
            None => {
                parts.push(Part::Literal(rest.to_owned()));
                break;
            }
            Some((at, token)) => {
                if at > 0 {
                    parts.push(Part::Literal(rest[..at].to_owned()));
                }
                let end = if token.ends_with(':') {
                    rest[at..].find('>').map_or(rest.len(), |close| at + close + 1)
                } else {
                    at + token.len()
                };
                parts.push(Part::Any {
                    colon_free: matches!(token, "<partition>" | "<region>"),
                    digits: token == "111111111111",
                });
                rest = &rest[end..];
            }
        }
    }
    go(&parts, actual)
}

fn matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::String(expected), Value::String(actual)) => matches_text(expected, actual),
        (Value::Number(expected), Value::Number(actual)) => expected.as_f64() == actual.as_f64(),
        (Value::Array(expected), Value::Array(actual)) => {
            expected.len() == actual.len() && expected.iter().zip(actual).all(|(e, a)| matches(e, a))
        }
        (Value::Object(expected), Value::Object(actual)) => {
            expected.len() == actual.len()
                && expected
                    .iter()
                    .all(|(key, value)| actual.get(key).is_some_and(|other| matches(value, other)))
        }
        _ => expected == actual,
    }
}

/// A member that AWS returns as a JSON string compares as the JSON inside it.
fn parsed(value: &Value) -> Value {
    match value {
        Value::String(text) => serde_json::from_str(text).unwrap_or_else(|_| value.clone()),
        other => other.clone(),
    }
}

fn compare(expected: &Value, actual: &Value) -> Result<(), String> {
    let (Some(expected), Some(actual)) = (expected.as_object(), actual.as_object()) else {
        return Err(format!("not an object: {actual}"));
    };
    let mut expected_keys: Vec<&String> = expected.keys().collect();
    let mut actual_keys: Vec<&String> = actual.keys().collect();
    expected_keys.sort();
    actual_keys.sort();
    if expected_keys != actual_keys {
        return Err(format!("members {actual_keys:?} != expected {expected_keys:?}"));
    }
    for (name, value) in expected {
        let other = &actual[name];
        let same = match name.as_str() {
            "output" => matches(&parsed(value), &parsed(other)),
            "inspectionData" => {
                let (Some(value), Some(other)) = (value.as_object(), other.as_object()) else {
                    return Err("inspectionData is not an object".to_owned());
                };
                let mut keys: Vec<&String> = value.keys().collect();
                let mut other_keys: Vec<&String> = other.keys().collect();
                keys.sort();
                other_keys.sort();
                if keys != other_keys {
                    return Err(format!("inspectionData members {other_keys:?} != expected {keys:?}"));
                }
                value
                    .iter()
                    .all(|(key, stage)| matches(&parsed(stage), &parsed(&other[key])))
            }
            _ => matches(value, other),
        };
        if !same {
            return Err(format!("{name}: {other} != expected {value}"));
        }
    }
    Ok(())
}

fn run_case(path: &Path) -> Result<(), String> {
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let request = std::env::temp_dir().join(format!(
        "asl-test-state-{}-{}",
        std::process::id(),
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&request, case["request"].to_string()).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(["test-state", "--cli-input-json", &request.to_string_lossy()])
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&request);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if let Some(error) = case.get("expected_error") {
        if output.status.code() != Some(2) {
            return Err(format!("expected exit 2, got {:?}: {stdout}", output.status.code()));
        }
        let code = error["code"].as_str().unwrap_or("");
        let message = error["message"]
            .as_str()
            .or(error["message_contains"].as_str())
            .unwrap_or("");
        if !stderr.contains(&format!("({code})")) || !stderr.contains(message) {
            return Err(format!("stderr {stderr:?} lacks ({code}) and {message:?}"));
        }
        return Ok(());
    }
    if output.status.code() != Some(0) {
        return Err(format!("exit {:?}: {stderr}", output.status.code()));
    }
    let actual: Value =
        serde_json::from_str(&stdout).map_err(|error| format!("stdout is not JSON: {error}: {stdout}"))?;
    compare(&case["expected"], &actual)
}

fn main() {
    placeholders_match_their_kind_only();
    test_state_answers_as_aws_answered();
}

fn test_state_answers_as_aws_answered() {
    let known: Vec<String> = std::fs::read_to_string(cases_dir().join("known-failures.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| line.split_whitespace().next().unwrap_or("").to_owned())
        .collect();
    let mut files: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 15, "only {} cases", files.len());
    let (mut passed, mut failed, mut skipped) = (0, Vec::new(), 0);
    for file in &files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let result = run_case(file);
        match (result, known.contains(&name)) {
            (Ok(()), false) => passed += 1,
            (Ok(()), true) => failed.push(format!("{name}: passes now; remove it from known-failures.txt")),
            (Err(_), true) => skipped += 1,
            (Err(problem), false) => failed.push(format!("{name}: {problem}")),
        }
    }
    for failure in &failed {
        println!("FAIL {failure}");
    }
    println!(
        "test-state cases: {passed} passed, {} failed, {skipped} known failures",
        failed.len()
    );
    if !failed.is_empty() {
        std::process::exit(1);
    }
}

fn placeholders_match_their_kind_only() {
    assert!(matches_text(
        "arn:<partition>:states:<region>:111111111111:express:<resource:3>:<resource:1>",
        "arn:aws:states:us-east-1:123456789012:express:TestStateMachine:0000-1"
    ));
    assert!(!matches_text(
        "arn:<partition>:states:<region>:111111111111:x",
        "arn:aws:states:us:east:1:123456789012:x"
    ));
    assert!(!matches_text("111111111111", "12345"));
    assert!(matches_text("date", "2026-01-01T00:00:00.000Z"));
    assert!(!matches_text("date", "yesterday"));
    assert!(!matches_text("plain", "other"));
}
