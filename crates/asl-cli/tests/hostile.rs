//! Hostile sizes through the `asl` binary (issue 16): each ends with a result or a clear error
//! and the documented exit code, with AWS's limits and with `--no-limits`. Inputs are generated
//! at test time into a temporary directory; the full sizes (a Map over 1,000,000 items, a 100 MB
//! input of small numbers) are measured with the release binary rather than run here.

mod scratch;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn asl(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the asl binary runs");
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// A file in a fresh temporary directory for this test.
fn temp_file(test: &str, name: &str, text: &str) -> String {
    scratch::file(&format!("hostile-{test}"), name, text)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The `--format json` result on stdout.
fn result(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("not JSON ({error}); stderr: {}", stderr(output)))
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

const PASS: &str = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;

#[test]
fn json_nested_100_000_levels_deep_is_refused_with_its_position() {
    let definition = temp_file("deep", "deep.json", &nested(100_000));
    let output = asl(&["validate", &definition], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("deep.json:1:201: error[invalid-json]: nesting is deeper than 200 levels"),
        "{output:?}"
    );

    let pass = temp_file("deep", "pass.json", PASS);
    let mocks = temp_file(
        "deep",
        "mocks.json",
        &format!(r#"{{"P": {{"0": {{"Return": {}}}}}}}"#, nested(100_000)),
    );
    for limits in [None, Some("--no-limits")] {
        let mut args = vec!["run", &pass, "--input", "-"];
        args.extend(limits);
        let output = asl(&args, Some(nested(100_000).as_bytes()));
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(
            stderr(&output),
            "error: <stdin>:1:128: the input nests deeper than 128 levels of arrays and objects, the most asl reads\n"
        );

        let mut args = vec!["run", &pass, "--mocks", &mocks];
        args.extend(limits);
        let output = asl(&args, None);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).ends_with("mocks.json:1:148: the mocks file nests deeper than 128 levels of arrays and objects, the most asl reads\n"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn a_100_mb_input_fails_with_data_limit_exceeded_or_runs_with_no_limits() {
    let pass = temp_file("big", "pass.json", PASS);
    let input = format!(r#"{{"s": "{}"}}"#, "x".repeat(100 * 1024 * 1024));
    let output = asl(
        &["run", &pass, "--input", "-", "--format", "json"],
        Some(input.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(result(&output)["error"], "States.DataLimitExceeded");

    let output = asl(
        &["run", &pass, "--input", "-", "--format", "json", "--no-limits"],
        Some(input.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        result(&output)["output"]["s"].as_str().map(str::len),
        Some(100 * 1024 * 1024)
    );
}

#[test]
fn a_map_over_100_000_items_exceeds_the_history_limit_or_runs_with_no_limits() {
    let map = temp_file(
        "map",
        "map.json",
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "End": true,
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#,
    );
    let input = format!(r#"{{"items": [{}0]}}"#, "0,".repeat(99_999));
    let output = asl(
        &["run", &map, "--input", "-", "--format", "json"],
        Some(input.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(1));
    let failed = result(&output);
    assert_eq!(failed["error"], "States.Runtime");
    assert!(
        failed["cause"]
            .as_str()
            .unwrap()
            .contains("maximum number of history events (25000)")
    );

    let output = asl(
        &["run", &map, "--input", "-", "--format", "json", "--no-limits"],
        Some(input.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(result(&output)["output"].as_array().map(Vec::len), Some(100_000));
}

#[test]
fn a_10_000_state_definition_validates_and_runs() {
    let mut states = serde_json::Map::new();
    for state_idx in 0..10_000 {
        let state = if state_idx == 9_999 {
            serde_json::json!({"Type": "Succeed"})
        } else {
            serde_json::json!({"Type": "Pass", "Next": format!("S{}", state_idx + 1)})
        };
        states.insert(format!("S{state_idx}"), state);
    }
    let text = serde_json::json!({"StartAt": "S0", "States": states}).to_string();
    let definition = temp_file("states", "states.json", &text);
    let output = asl(&["validate", &definition], None);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).ends_with("valid (10000 states)\n"));
    for limits in [None, Some("--no-limits")] {
        let mut args = vec!["run", &definition, "--format", "json"];
        args.extend(limits);
        let output = asl(&args, None);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(result(&output)["states"].as_array().map(Vec::len), Some(10_000));
    }
}

#[test]
fn retries_without_end_stop_at_the_history_limit_or_the_step_limit() {
    let definition = temp_file(
        "retry",
        "retry.json",
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
            "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 99999999, "IntervalSeconds": 99999999, "BackoffRate": 1e300}]}}}"#,
    );
    let mocks = temp_file(
        "retry",
        "mocks.json",
        r#"{"T": {"0-18446744073709551615": {"Throw": {"Error": "E", "Cause": "always"}}}}"#,
    );
    let output = asl(&["run", &definition, "--mocks", &mocks, "--format", "json"], None);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(result(&output)["error"], "States.Runtime");

    let output = asl(
        &[
            "run",
            &definition,
            "--mocks",
            &mocks,
            "--no-limits",
            "--max-steps",
            "100000",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: the execution did not finish within 100000 steps"),
        "{}",
        stderr(&output)
    );
}
