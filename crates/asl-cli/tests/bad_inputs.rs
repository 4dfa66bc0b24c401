//! A catalogue of bad files and arguments given to the `asl` binary (issue 16), each with the
//! exact message and exit code a user gets. Definitions with problems are catalogued as
//! snapshots in `crates/asl/test_data/validate/err/`; mocks files in `crates/asl/tests/bad_mocks.rs`.

mod scratch;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Runs `asl` in a scratch directory holding the given files, with `stdin`; returns the exit
/// code and stderr.
fn asl(test: &str, files: Files, args: &[&str], stdin: &str) -> (Option<i32>, String) {
    let dir: PathBuf = scratch::dir(&format!("bad-inputs-{test}"));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the asl binary runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Files to write into the scratch directory: (name, contents).
type Files<'a> = &'a [(&'a str, &'a [u8])];

const PASS: &[u8] = br#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;
const TASK: &[u8] = br#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}"#;

#[test]
fn bad_files_and_arguments() {
    // (name, files, args, stdin, expected stderr)
    let cases: &[(&str, Files, &[&str], &str, &str)] = &[
        (
            "missing-definition",
            &[],
            &["validate", "missing.json"],
            "",
            "error: cannot read missing.json: No such file or directory (os error 2)\n",
        ),
        (
            "definition-not-utf8",
            &[("latin1.json", b"{\"Comment\": \"caf\xe9\"}")],
            &["validate", "latin1.json"],
            "",
            "error: latin1.json is not UTF-8 text\n",
        ),
        (
            "input-trailing-text",
            &[("pass.json", PASS), ("input.json", b"{\"a\": 1} x\n")],
            &["run", "pass.json", "--input", "input.json"],
            "",
            "error: input.json:1:10: the input is not valid JSON: trailing characters\n",
        ),
        (
            "input-trailing-comma",
            &[("pass.json", PASS), ("input.json", b"{\"a\": [1, 2,]}")],
            &["run", "pass.json", "--input", "input.json"],
            "",
            "error: input.json:1:13: the input is not valid JSON: trailing comma\n",
        ),
        (
            "input-empty-stdin",
            &[("pass.json", PASS)],
            &["run", "pass.json", "--input", "-"],
            "",
            "error: <stdin>: the input is empty; give a JSON value, such as {}\n",
        ),
        (
            "input-missing-file",
            &[("pass.json", PASS)],
            &["run", "pass.json", "--input", "nope.json"],
            "",
            "error: cannot read nope.json: No such file or directory (os error 2)\n",
        ),
        (
            "input-single-quotes",
            &[("pass.json", PASS)],
            &["run", "pass.json", "--input", "-"],
            "{'a': 1}",
            "error: <stdin>:1:2: the input is not valid JSON: key must be a string\n",
        ),
        (
            "start-time-words",
            &[("pass.json", PASS)],
            &["run", "pass.json", "--start-time", "yesterday"],
            "",
            "error: --start-time \"yesterday\" is not an RFC 3339 timestamp like 2024-01-01T00:00:00Z\n",
        ),
        (
            "start-time-without-zone",
            &[("pass.json", PASS)],
            &["run", "pass.json", "--start-time", "2024-01-01T00:00:00"],
            "",
            "error: --start-time \"2024-01-01T00:00:00\" is not an RFC 3339 timestamp like 2024-01-01T00:00:00Z\n",
        ),
        (
            "start-time-year-10000",
            &[("pass.json", PASS)],
            &["run", "pass.json", "--start-time", "10000-01-01T00:00:00Z"],
            "",
            "error: --start-time \"10000-01-01T00:00:00Z\" is not an RFC 3339 timestamp like 2024-01-01T00:00:00Z\n",
        ),
        (
            "mocks-not-json",
            &[("task.json", TASK), ("mocks.json", b"{\"T\": {\"0\": {\"Return\": }}}")],
            &["run", "task.json", "--mocks", "mocks.json"],
            "",
            "error: mocks.json:1:24: the mocks file is not valid JSON: expected value\n",
        ),
        (
            "mocks-wrong-shape",
            &[("task.json", TASK), ("mocks.json", b"{\"T\": {\"0\": {\"Throw\": {\"Cause\": \"c\"}}}}")],
            &["run", "task.json", "--mocks", "mocks.json"],
            "",
            "error: mocks.json: the Throw of \"T\" invocation 0 needs an \"Error\" string\n",
        ),
        (
            "mocks-for-another-state",
            &[("task.json", TASK), ("mocks.json", b"{\"Other\": {\"0\": {\"Return\": 1}}}")],
            &["run", "task.json", "--mocks", "mocks.json"],
            "",
            "error: the run stopped at Task state \"T\": it has no mocked response; add \"T\": {\"0\": {\"Return\": …}} to the mocks\n",
        ),
        (
            "mocks-run-out",
            &[("loop.json", br#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "T"}}}"#), ("mocks.json", b"{\"T\": {\"0-1\": {\"Return\": 1}}}")],
            &["run", "loop.json", "--mocks", "mocks.json"],
            "",
            "error: the run stopped at Task state \"T\": no mocked response for its invocation 2; add \"T\": {\"2\": {\"Return\": …}} to the mocks\n",
        ),
        (
            "mock-config-without-test-case",
            &[("task.json", TASK), ("config.json", b"{}")],
            &["run", "task.json", "--mock-config", "config.json"],
            "",
            "error: the following required arguments were not provided:\n  --test-case <TEST_CASE>\n\nUsage: asl run --mock-config <MOCK_CONFIG> --test-case <TEST_CASE> <DEFINITION>\n\nFor more information, try '--help'.\n",
        ),
        (
            "mock-config-unknown-test-case",
            &[("task.json", TASK), ("config.json", br#"{"StateMachines": {"M": {"TestCases": {"Happy": {"T": "R"}}}}, "MockedResponses": {"R": {"0": {"Return": 1}}}}"#)],
            &["run", "task.json", "--mock-config", "config.json", "--test-case", "Sad"],
            "",
            "error: config.json: no state machine in the mock config has a test case \"Sad\"\n",
        ),
        (
            "mock-config-and-mocks",
            &[("task.json", TASK)],
            &["run", "task.json", "--mocks", "m.json", "--mock-config", "c.json", "--test-case", "x"],
            "",
            "error: the argument '--mocks <MOCKS>' cannot be used with '--mock-config <MOCK_CONFIG>'\n\nUsage: asl run --mocks <MOCKS> --test-case <TEST_CASE> <DEFINITION>\n\nFor more information, try '--help'.\n",
        ),
        (
            "negative-seed",
            &[("pass.json", PASS)],
            &["run", "pass.json", "--seed", "-1"],
            "",
            "error: unexpected argument '-1' found\n\n  tip: to pass '-1' as a value, use '-- -1'\n\nUsage: asl run [OPTIONS] <DEFINITION>\n\nFor more information, try '--help'.\n",
        ),
        (
            "no-steps",
            &[("pass.json", PASS)],
            &["run", "pass.json", "--max-steps", "0"],
            "",
            "error: the execution did not finish within 0 steps; it may loop forever (raise --max-steps, or check the Choice that should end the loop)\n",
        ),
        (
            "test-missing-directory",
            &[],
            &["test", "no-such-cases"],
            "",
            "error: no-such-cases does not exist\n",
        ),
    ];
    let mut failures = Vec::new();
    for (name, files, args, stdin, expected) in cases {
        let (code, stderr) = asl(name, files, args, stdin);
        if code != Some(2) || stderr != *expected {
            failures.push(format!(
                "{name}: exit {code:?}\n  expected: {expected:?}\n  actual:   {stderr:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
