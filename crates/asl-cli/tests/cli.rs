//! Golden tests of the `asl` binary: stdout, stderr and exit code, as users and tools see them.

mod scratch;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn asl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .output()
        .expect("the asl binary runs")
}

fn asl_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the asl binary runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(name: &str) -> String {
    root().join("examples").join(name).to_string_lossy().into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A file (`name` may have directories) in a fresh temporary directory for this test.
fn temp_file(test: &str, name: &str, text: &str) -> String {
    scratch::file(&format!("cli-{test}"), name, text)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("not JSON ({error}): {text}"))
}

#[test]
fn payment_failure_takes_the_catch_path() {
    let output = asl(&[
        "run",
        &example("order-workflow.json"),
        "--input",
        &example("order-input.json"),
        "--mocks",
        &example("order-mocks-payment-failed.json"),
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let result = json(&stdout(&output));
    assert_eq!(result["status"], "SUCCEEDED");
    assert_eq!(
        result["states"],
        serde_json::json!(["ProcessPayment", "NotifyPaymentFailure"])
    );
    assert_eq!(result["output"], serde_json::json!({"notified": "failure"}));
}

#[test]
fn the_jsonata_order_workflow_runs_with_jsonata_and_validates_its_syntax() {
    let output = asl(&[
        "run",
        &example("order-workflow-jsonata.json"),
        "--input",
        &example("order-input.json"),
        "--mocks",
        &example("order-mocks-jsonata.json"),
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let result = json(&stdout(&output));
    assert_eq!(
        result["output"],
        serde_json::json!({"orderId": "o-1", "paymentId": "p-42", "notified": "success"})
    );

    // A JSONata syntax error is reported by `asl validate` at its line and column.
    let broken = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-jsonata-syntax.json");
    let text = std::fs::read_to_string(example("order-workflow-jsonata.json"))
        .unwrap()
        .replace("{% $states.input.amount %}", "{% $states.input.amount * %}");
    std::fs::write(&broken, &text).unwrap();
    let output = asl(&["validate", broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let line = text.lines().position(|line| line.contains("amount *")).unwrap() + 1;
    let report = stdout(&output);
    assert!(report.contains(&format!(":{line}:")), "{report}");
    assert!(report.contains("JSONata syntax error"), "{report}");
}

#[test]
fn text_format_shows_the_path_and_the_catch() {
    let output = asl(&[
        "run",
        &example("order-workflow.json"),
        "--mocks",
        &example("order-mocks-payment-failed.json"),
        "--start-time",
        "2024-01-01T00:00:00Z",
        "--execution-name",
        "demo",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with("Execution demo started at 2024-01-01T00:00:00.000Z\n"),
        "{text}"
    );
    assert!(text.contains("→ ProcessPayment (Task)\n    ✗ PaymentFailedError: insufficient funds\n    ↪ caught (Catch)\n  → NotifyPaymentFailure (Task)"), "{text}");
    assert!(text.contains("SUCCEEDED after 2 state transitions"), "{text}");
}

#[test]
fn uncaught_task_error_exits_1_with_error_and_cause() {
    let mocks = temp_file(
        "uncaught",
        "mocks.json",
        r#"{"ProcessPayment": {"0": {"Return": {"paid": true}}}, "UpdateInventory": {"0": {"Throw": {"Error": "OutOfStock", "Cause": "sku 7"}}}}"#,
    );
    let output = asl(&[
        "run",
        &example("order-workflow.json"),
        "--mocks",
        &mocks,
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let result = json(&stdout(&output));
    assert_eq!(result["status"], "FAILED");
    assert_eq!(result["error"], "OutOfStock");
    assert_eq!(result["cause"], "sku 7");
    assert_eq!(result["output"], serde_json::Value::Null);
}

#[test]
fn invalid_definition_exits_2_with_positioned_diagnostics() {
    let definition = temp_file(
        "invalid",
        "definition.json",
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"Bee\"},\n    \"B\": {\"Type\": \"Succeed\"}\n  }\n}\n",
    );
    let output = asl(&["run", &definition, "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    let diagnostics = stderr(&output);
    assert!(
        diagnostics.contains(&format!(
            "{definition}:4:35: error[unknown-state]: \"Next\" names unknown state \"Bee\"; did you mean \"B\"? (at /States/A/Next)\n"
        )),
        "{diagnostics}"
    );

    let output = asl(&["validate", &definition]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains(":4:35: error[unknown-state]"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn validation_messages_name_the_state_by_its_json_pointer() {
    // One problem at the top level, one in a Parallel branch: each line names its state (and
    // field) by JSON Pointer, alongside line and column, in `validate` and in `run` alike.
    let definition = temp_file(
        "pointers",
        "definition.json",
        concat!(
            "{\"StartAt\": \"Boom\", \"States\": {\n",
            "  \"Boom\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"},\n",
            "  \"Fork\": {\"Type\": \"Parallel\", \"End\": true, \"Branches\": [\n",
            "    {\"StartAt\": \"Inner\", \"States\": {\"Inner\": {\"Type\": \"Wait\", \"End\": true}}}]}\n",
            "}}\n"
        ),
    );
    let output = asl(&["validate", &definition]);
    assert_eq!(output.status.code(), Some(2));
    let lines: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    let top = lines
        .iter()
        .find(|line| line.contains("[unknown-state]"))
        .unwrap_or_else(|| panic!("no unknown-state line in {lines:?}"));
    assert!(
        top.starts_with(&format!("{definition}:2:36: error[unknown-state]: ")),
        "{top}"
    );
    assert!(top.ends_with(" (at /States/Boom/Next)"), "{top}");
    let nested = lines
        .iter()
        .find(|line| line.contains("/States/Fork/Branches/0/States/Inner"))
        .unwrap_or_else(|| panic!("no line names the branch's state in {lines:?}"));
    assert!(nested.starts_with(&format!("{definition}:4:")), "{nested}");

    let output = asl(&["run", &definition]);
    assert_eq!(output.status.code(), Some(2));
    let diagnostics = stderr(&output);
    assert!(diagnostics.contains(top.as_str()), "{diagnostics}");
    assert!(diagnostics.contains(nested.as_str()), "{diagnostics}");
}

#[test]
fn validate_accepts_the_example_and_reports_json() {
    let output = asl(&["validate", &example("order-workflow.json")]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).ends_with("order-workflow.json: valid (4 states)\n"),
        "{}",
        stdout(&output)
    );

    let broken = temp_file(
        "validate-json",
        "broken.json",
        "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true},}}",
    );
    let output = asl(&["validate", &broken, "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    let result = json(&stdout(&output));
    assert_eq!(result[0]["file"], broken);
    assert_eq!(result[0]["code"], "invalid-json");
    assert_eq!(result[0]["line"], 1);
    assert_eq!(result[0]["column"], 63);

    // A valid definition has no diagnostics: an empty array.
    let output = asl(&["validate", &example("order-workflow.json"), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json(&stdout(&output)), serde_json::json!([]));
}

/// The order workflow with two typos that the core knows how to fix, and a note in a
/// language whose characters take two bytes.
fn misspelled_workflow() -> String {
    std::fs::read_to_string(example("order-workflow.json"))
        .unwrap()
        .replacen(r#""Next": "UpdateInventory""#, r#""Next": "UpdateInventry""#, 1)
        .replacen(r#""Resource""#, r#""Comment": "é", "Resourse""#, 1)
}

#[test]
fn validate_json_lists_every_diagnostic_of_every_file_with_its_fix() {
    let text = misspelled_workflow();
    let broken = temp_file("validate-json-array", "broken.asl.json", &text);
    let output = asl(&["validate", &example("order-workflow.json"), &broken, "--format", "json"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let diagnostics = json(&stdout(&output));
    let diagnostics = diagnostics.as_array().unwrap();
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["missing-field", "unknown-field", "unknown-state"],
        "{diagnostics:?}"
    );
    let typo = &diagnostics[1];
    let line = text.lines().position(|line| line.contains(r#""Resourse""#)).unwrap() + 1;
    let column = text.lines().nth(line - 1).unwrap().find(r#""Resourse""#).unwrap() + 1;
    assert_eq!(
        typo,
        &serde_json::json!({
            "file": broken,
            "line": line,
            // Columns count characters: the é before it is one column, not two bytes.
            "column": column - 1,
            "endLine": line,
            "endColumn": column - 1 + 10,
            "pointer": "/States/ProcessPayment/Resourse",
            "code": "unknown-field",
            "severity": "error",
            "message": typo["message"],
            "suggestion": {
                "start": {"line": line, "column": column - 1, "offset": text.find(r#""Resourse""#).unwrap()},
                "end": {"line": line, "column": column - 1 + 10, "offset": text.find(r#""Resourse""#).unwrap() + 10},
                "text": "\"Resource\"",
            },
        })
    );
    assert!(diagnostics[0].get("suggestion").is_none());

    // Applying every suggestion, by byte offsets, fixes the file.
    let mut fixed = text.clone();
    let mut edits: Vec<(usize, usize, &str)> = diagnostics
        .iter()
        .filter_map(|diagnostic| {
            let suggestion = diagnostic.get("suggestion")?;
            Some((
                suggestion["start"]["offset"].as_u64()? as usize,
                suggestion["end"]["offset"].as_u64()? as usize,
                suggestion["text"].as_str()?,
            ))
        })
        .collect();
    edits.sort_by_key(|(start, ..)| std::cmp::Reverse(*start));
    for (start, end, replacement) in edits {
        fixed.replace_range(start..end, replacement);
    }
    let fixed_file = temp_file("validate-json-array", "fixed.asl.json", &fixed);
    assert_eq!(asl(&["validate", &fixed_file]).status.code(), Some(0));
}

#[test]
fn validate_accepts_several_files_and_globs_and_fails_when_any_has_an_error() {
    let valid = std::fs::read_to_string(example("order-workflow.json")).unwrap();
    let first = temp_file("validate-glob", "machines/a.asl.json", &valid);
    let dir = Path::new(&first).parent().unwrap().parent().unwrap().to_path_buf();
    std::fs::create_dir_all(dir.join("machines/nested")).unwrap();
    std::fs::write(dir.join("machines/nested/b.asl.json"), &valid).unwrap();
    std::fs::write(dir.join("machines/notes.txt"), "not a definition").unwrap();
    // A quoted pattern, as a CI file passes it: expanded by asl, `**` at any depth.
    let pattern = format!("{}/machines/**/*.asl.json", dir.display());
    let output = asl(&["validate", &pattern]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(report.contains("a.asl.json: valid (4 states)"), "{report}");
    assert!(report.contains("b.asl.json: valid (4 states)"), "{report}");
    assert_eq!(report.lines().count(), 2, "{report}");

    // One invalid file among valid ones fails the whole run, and every file is reported.
    std::fs::write(dir.join("machines/nested/c.asl.json"), misspelled_workflow()).unwrap();
    let output = asl(&["validate", &pattern, &example("order-workflow.json")]);
    assert_eq!(output.status.code(), Some(2));
    let report = stdout(&output);
    assert!(report.contains("c.asl.json:"), "{report}");
    assert!(report.contains("error[unknown-state]"), "{report}");
    assert!(report.contains("order-workflow.json: valid"), "{report}");

    // A pattern that matches nothing is a mistake, not a success.
    let output = asl(&["validate", &format!("{}/nothing/*.asl.json", dir.display())]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("matches no file"), "{}", stderr(&output));
}

#[test]
fn validate_sarif_follows_the_sarif_2_1_0_schema() {
    let text = misspelled_workflow();
    let broken = temp_file("validate-sarif", "broken order.asl.json", &text);
    let output = asl(&[
        "validate",
        &broken,
        &example("order-workflow.json"),
        "--format",
        "sarif",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let sarif = json(&stdout(&output));

    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif/sarif-schema-2.1.0.json");
    let schema = json(&std::fs::read_to_string(schema_path).unwrap());
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{sarif:#}");
    // The schema does catch what is not SARIF.
    let mut not_sarif = sarif.clone();
    not_sarif["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&not_sarif));

    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "asl");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["missing-field", "unknown-field", "unknown-state"]);
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let state = &results[2];
    assert_eq!(state["ruleId"], "unknown-state");
    assert_eq!(state["ruleIndex"], 2);
    assert_eq!(state["level"], "error");
    let location = &state["locations"][0];
    assert!(
        location["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/broken%20order.asl.json")
    );
    let line = text.lines().position(|line| line.contains("UpdateInventry")).unwrap() + 1;
    assert_eq!(location["physicalLocation"]["region"]["startLine"], line);
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "/States/ProcessPayment/Next"
    );
    let replacement = &state["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "\"UpdateInventory\"");
    assert_eq!(replacement["deletedRegion"]["startLine"], line);
}

#[test]
fn test_junit_writes_one_test_case_per_case_file() {
    let seed = root().join("../shared/conformance/cases/seed");
    let passing = std::fs::read_to_string(seed.join("order-success-path.json")).unwrap();
    let dir = Path::new(&temp_file("test-junit", "cases/order-success-path.json", &passing))
        .parent()
        .unwrap()
        .to_path_buf();
    let failing = passing.replace(r#""status": "SUCCEEDED""#, r#""status": "FAILED""#);
    assert_ne!(failing, passing);
    std::fs::write(dir.join("expects-failure <&>.json"), failing).unwrap();
    std::fs::write(dir.join("not-json.json"), "{").unwrap();
    let report = dir.parent().unwrap().join("junit.xml");
    let output = asl(&["test", &dir.to_string_lossy(), "--junit", &report.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(stdout(&output).ends_with("1 passed, 2 failed\n"), "{}", stdout(&output));

    let xml = std::fs::read_to_string(&report).unwrap();
    let document = roxmltree::Document::parse(&xml).unwrap_or_else(|error| panic!("{error}: {xml}"));
    let suites = document.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    let suite = suites.children().find(|node| node.has_tag_name("testsuite")).unwrap();
    assert_eq!(suite.attribute("tests"), Some("3"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    assert_eq!(suite.attribute("errors"), Some("1"));
    let cases: Vec<roxmltree::Node> = suite.children().filter(|node| node.has_tag_name("testcase")).collect();
    let names: Vec<String> = cases
        .iter()
        .map(|case| {
            Path::new(case.attribute("name").unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        ["expects-failure <&>.json", "not-json.json", "order-success-path.json"]
    );
    assert_eq!(cases[0].attribute("classname"), Some(dir.to_string_lossy().as_ref()));
    let failure = cases[0].children().find(|node| node.has_tag_name("failure")).unwrap();
    assert!(failure.text().unwrap().contains("FAILED"), "{xml}");
    assert!(cases[1].children().any(|node| node.has_tag_name("error")));
    assert!(cases[2].children().all(|node| !node.is_element()), "{xml}");
}

#[test]
fn missing_mock_names_the_state() {
    let output = asl(&["run", &example("order-workflow.json")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "error: the run stopped at Task state \"ProcessPayment\": it has no mocked response; add \"ProcessPayment\": {\"0\": {\"Return\": …}} to the mocks"
        ),
        "{}",
        stderr(&output)
    );
}

/// The missing-mock policy (crates/asl/src/mock.rs): the run stops at the task, even when a
/// States.ALL Catch would have caught a workflow error, and the history up to it is kept.
#[test]
fn missing_mock_stops_the_run_even_under_a_catch_all() {
    let definition = temp_file(
        "catch-all",
        "definition.json",
        r#"{"StartAt": "Charge", "States": {
            "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
                       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}], "End": true},
            "Recover": {"Type": "Pass", "End": true}}}"#,
    );
    let mocks = temp_file("catch-all", "mocks.json", r#"{"Other": {"0": {"Return": 1}}}"#);
    let history = temp_file("catch-all", "history.json", "");
    let output = asl(&["run", &definition, "--mocks", &mocks, "--history", &history]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("the run stopped at Task state \"Charge\": it has no mocked response"),
        "{}",
        stderr(&output)
    );
    let events = json(&std::fs::read_to_string(&history).unwrap());
    let types: Vec<&str> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted"
        ],
        "the run stops at the task: nothing is caught, nothing recovers"
    );
}

#[test]
fn input_from_stdin_and_history_file() {
    let history = temp_file("history", "history.json", "");
    let output = asl_with_stdin(
        &[
            "run",
            &example("order-workflow.json"),
            "--input",
            "-",
            "--mocks",
            &example("order-mocks-success.json"),
            "--history",
            &history,
            "--start-time",
            "2024-01-01T00:00:00Z",
            "--format",
            "json",
        ],
        r#"{"orderId": "o-9"}"#,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let events = json(&std::fs::read_to_string(&history).unwrap());
    let events = events["events"].as_array().unwrap();
    assert_eq!(events[0]["type"], "ExecutionStarted");
    assert_eq!(
        events[0]["executionStartedEventDetails"]["input"],
        r#"{"orderId":"o-9"}"#
    );
    assert_eq!(events[1]["type"], "TaskStateEntered");
    assert_eq!(events[2]["type"], "LambdaFunctionScheduled");
    assert_eq!(events.last().unwrap()["type"], "ExecutionSucceeded");
    assert!(
        events
            .iter()
            .all(|event| event["timestamp"] == "2024-01-01T00:00:00.000Z")
    );
}

#[test]
fn bad_input_json_is_reported_with_its_position() {
    let input = temp_file("bad-input", "input.json", "{\n  \"a\": 1,,\n}");
    let output = asl(&["run", &example("order-workflow.json"), "--input", &input]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("input.json:2:10: the input is not valid JSON"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn step_functions_local_mock_config() {
    let config = temp_file(
        "mock-config",
        "MockConfigFile.json",
        r#"{"StateMachines": {"Order": {"TestCases": {"PaymentDeclined": {"ProcessPayment": "Declined", "NotifyPaymentFailure": "Notified"}}}},
            "MockedResponses": {"Declined": {"0": {"Throw": {"Error": "PaymentFailedError", "Cause": "card declined"}}},
                                "Notified": {"0": {"Return": {"sent": true}}}}}"#,
    );
    let output = asl(&[
        "run",
        &example("order-workflow.json"),
        "--mock-config",
        &config,
        "--test-case",
        "PaymentDeclined",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(json(&stdout(&output))["output"], serde_json::json!({"sent": true}));
}

#[test]
fn a_loop_that_never_ends_is_stopped() {
    let definition = temp_file(
        "loop",
        "loop.json",
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}"#,
    );
    let output = asl(&["run", &definition, "--no-limits", "--max-steps", "1000"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did not finish within 1000 steps"),
        "{}",
        stderr(&output)
    );

    let output = asl(&["run", &definition, "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let result = json(&stdout(&output));
    assert_eq!(result["error"], "States.Runtime");
    assert!(
        result["cause"]
            .as_str()
            .unwrap()
            .contains("maximum number of history events (25000)")
    );
}

#[test]
fn test_command_runs_case_files() {
    let cases = root().join("../shared/conformance/cases/seed");
    let output = asl(&["test", &cases.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).ends_with("3 passed, 0 failed\n"), "{}", stdout(&output));
}

/// Every conformance case through the CLI contract of `shared/conformance/README.md`.
#[test]
fn conformance_cases_through_the_cli_contract() {
    let known_text = std::fs::read_to_string(root().join("crates/asl/tests/known-failures.txt")).unwrap();
    let known: Vec<&str> = known_text
        .lines()
        .map(|line| line.split('#').next().unwrap().trim())
        .filter(|line| !line.is_empty())
        .collect();
    let mut files = Vec::new();
    for dir in [
        root().join("../shared/conformance/cases"),
        root().join("crates/asl/tests/cases"),
    ] {
        collect(&dir, &mut files);
    }
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    let mut ran = 0;
    for file in files {
        let area = file
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let id = format!("{area}/{}", file.file_stem().unwrap().to_string_lossy());
        if known.contains(&id.as_str()) {
            continue;
        }
        ran += 1;
        if let Err(message) = run_through_cli(&id, &file) {
            failures.push(format!("{id}: {message}"));
        }
    }
    assert!(ran > 90, "only {ran} cases ran");
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            files.push(path);
        }
    }
}

fn run_through_cli(id: &str, file: &Path) -> Result<(), String> {
    let case = json(&std::fs::read_to_string(file).unwrap());
    let slug = id.replace('/', "-");
    let definition = temp_file(
        &slug,
        "definition.json",
        &serde_json::to_string_pretty(&case["definition"]).unwrap(),
    );
    let input = temp_file(&slug, "input.json", &case["input"].to_string());
    let mut args = vec![
        "run".to_owned(),
        definition,
        "--input".to_owned(),
        input,
        "--format".to_owned(),
        "json".to_owned(),
    ];
    if !case["mocks"].is_null() {
        args.push("--mocks".to_owned());
        args.push(temp_file(&slug, "mocks.json", &case["mocks"].to_string()));
    }
    if let Some(start) = case["context"]["StartTime"].as_str() {
        args.extend(["--start-time".to_owned(), start.to_owned()]);
    }
    if let Some(name) = case["context"]["ExecutionName"].as_str() {
        args.extend(["--execution-name".to_owned(), name.to_owned()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = asl(&args);
    let expected = &case["expected"];
    let status = expected["status"].as_str().unwrap();
    if status == "INVALID" {
        let needle = expected["diagnostic_contains"].as_str().unwrap_or("").to_lowercase();
        return match output.status.code() {
            Some(2) if stderr(&output).to_lowercase().contains(&needle) => Ok(()),
            code => Err(format!(
                "expected exit 2 mentioning {needle:?}, got {code:?}: {}",
                stderr(&output)
            )),
        };
    }
    let expected_code = if status == "SUCCEEDED" { 0 } else { 1 };
    if output.status.code() != Some(expected_code) {
        return Err(format!(
            "exit {:?}, expected {expected_code}: {}{}",
            output.status.code(),
            stdout(&output),
            stderr(&output)
        ));
    }
    let result = json(&stdout(&output));
    if result["status"] != status {
        return Err(format!("status {} != {status}", result["status"]));
    }
    if !expected["output"].is_null() && !json_equal(&result["output"], &expected["output"]) {
        return Err(format!("output {} != {}", result["output"], expected["output"]));
    }
    if !expected["error"].is_null() && result["error"] != expected["error"] {
        return Err(format!("error {} != {}", result["error"], expected["error"]));
    }
    if let Some(cause) = expected["cause_contains"].as_str()
        && !result["cause"].as_str().unwrap_or("").contains(cause)
    {
        return Err(format!("cause {} lacks {cause:?}", result["cause"]));
    }
    if !case["expected_states"].is_null() && result["states"] != case["expected_states"] {
        return Err(format!("states {} != {}", result["states"], case["expected_states"]));
    }
    Ok(())
}

/// JSON equality with numbers compared by value (1 equals 1.0).
fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::{Array, Number, Object};
    match (a, b) {
        (Number(x), Number(y)) => x.as_f64() == y.as_f64(),
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y)),
        (Object(x), Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, value)| y.get(key).is_some_and(|other| json_equal(value, other)))
        }
        _ => a == b,
    }
}

#[test]
fn graph_draws_svg_dot_and_mermaid_identically_every_time() {
    let svg = asl(&["graph", &example("order-workflow.json")]);
    assert_eq!(svg.status.code(), Some(0), "{}", stderr(&svg));
    let text = stdout(&svg);
    assert!(text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{text}");
    assert!(text.contains("aria-label=\"ProcessPayment Task\""), "{text}");
    assert_eq!(
        stdout(&asl(&["graph", &example("order-workflow.json")])),
        text,
        "byte-identical"
    );

    let dot = stdout(&asl(&["graph", &example("order-workflow.json"), "--format", "dot"]));
    assert!(dot.starts_with("digraph StateMachine {"), "{dot}");
    let mermaid = stdout(&asl(&["graph", &example("order-workflow.json"), "--format", "mermaid"]));
    assert!(mermaid.starts_with("flowchart TD\n"), "{mermaid}");

    let output = temp_file("graph", "graph.svg", "");
    let colored = asl(&[
        "graph",
        &example("order-workflow.json"),
        "--run",
        "--mocks",
        &example("order-mocks-payment-failed.json"),
        "-o",
        &output,
    ]);
    assert_eq!(colored.status.code(), Some(0), "{}", stderr(&colored));
    let svg = std::fs::read_to_string(&output).unwrap();
    assert!(
        svg.contains("class=\"node task status-caught\" data-id=\"/States/ProcessPayment\""),
        "{svg}"
    );
    assert!(svg.contains("class=\"node task not-reached\" data-id=\"/States/UpdateInventory\""));

    let invalid = temp_file(
        "graph-invalid",
        "definition.json",
        r#"{"StartAt": "Nope", "States": {}}"#,
    );
    assert_eq!(asl(&["graph", &invalid]).status.code(), Some(2));
}

#[test]
fn text_trace_summarises_large_maps() {
    let definition = temp_file(
        "big-map",
        "map.json",
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.xs", "ResultPath": null, "OutputPath": null, "End": true,
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#,
    );
    let input = temp_file(
        "big-map",
        "input.json",
        &format!("{{\"xs\": {:?}}}", (0..500).collect::<Vec<_>>()),
    );
    let output = asl(&["run", &definition, "--input", &input]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("… 1440 more nested events (--history FILE has them all)"),
        "{text}"
    );
    assert!(text.lines().count() < 120, "{} lines", text.lines().count());
    assert!(text.contains("SUCCEEDED after 501 state transitions"));
}

/// `asl run --trace` prints every stage of every state's data flow, with AWS's names.
#[test]
fn trace_prints_every_stage_of_every_state() {
    let output = asl(&[
        "run",
        &example("order-workflow.json"),
        "--input",
        &example("order-input.json"),
        "--mocks",
        &example("order-mocks-success.json"),
        "--trace",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let result = json(&stdout(&output));
    let trace = result["trace"].as_array().expect("a trace array");
    let states: Vec<&str> = trace.iter().map(|entry| entry["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["ProcessPayment", "UpdateInventory", "NotifyPaymentSuccess"]);
    for entry in trace {
        let stages: Vec<&str> = entry
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|key| !["state", "enteredEventId", "exitedEventId", "nextState"].contains(key))
            .collect();
        assert_eq!(
            stages,
            [
                "input",
                "afterInputPath",
                "afterParameters",
                "result",
                "afterResultSelector",
                "afterResultPath",
                "output"
            ]
        );
    }
    assert_eq!(trace[0]["nextState"], "UpdateInventory");
    assert_eq!(trace[2]["output"], result["output"]);
    // Without --trace, no trace.
    let plain = asl(&[
        "run",
        &example("order-workflow.json"),
        "--mocks",
        &example("order-mocks-success.json"),
        "--format",
        "json",
    ]);
    assert!(json(&stdout(&plain)).get("trace").is_none());
}

const DISTRIBUTED_EXPORT: &str = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true, "Label": "Export",
    "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                   "Parameters": {"Bucket": "in", "Key": "rows.csv"}},
    "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "runs"}},
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#;

#[test]
fn run_shows_and_writes_what_result_writer_wrote() {
    let definition = temp_file("result-writer", "definition.json", DISTRIBUTED_EXPORT);
    let mocks = temp_file("result-writer", "mocks.json", r#"{"s3://in/rows.csv": "id\n1\n2\n"}"#);
    let results = scratch::dir("cli-result-writer").join("results");
    let results_arg = results.to_string_lossy().into_owned();

    let output = asl(&[
        "run",
        &definition,
        "--mocks",
        &mocks,
        "--format",
        "json",
        "--results-dir",
        &results_arg,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let result = json(&stdout(&output));
    let key = result["output"]["ResultWriterDetails"]["Key"]
        .as_str()
        .unwrap()
        .to_owned();
    let written = result["writtenObjects"].as_array().unwrap();
    let keys: Vec<&str> = written.iter().map(|object| object["key"].as_str().unwrap()).collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(keys[0].ends_with("/SUCCEEDED_0.json") && keys[1] == key, "{keys:?}");
    let succeeded = json(written[0]["body"].as_str().unwrap());
    assert_eq!(succeeded[1]["Input"], "{\"id\":\"2\"}");

    // The same files on disk, and one history per child execution.
    let manifest = std::fs::read_to_string(results.join("out").join(&key)).unwrap();
    assert_eq!(json(&manifest)["DestinationBucket"], "out");
    let children: Vec<_> = std::fs::read_dir(results.join("child-executions")).unwrap().collect();
    assert_eq!(children.len(), 2);
    let history = json(&std::fs::read_to_string(children[0].as_ref().unwrap().path()).unwrap());
    assert_eq!(history["events"][0]["type"], "ExecutionStarted");

    let text = asl(&["run", &definition, "--mocks", &mocks]);
    let text = stdout(&text);
    assert!(text.contains("2 child executions (2 succeeded, 0 failed)"), "{text}");
    assert!(text.contains(&format!("ResultWriter wrote s3://out/{key} (")), "{text}");
}

#[test]
fn a_missing_s3_object_names_the_object_to_mock() {
    let definition = temp_file("missing-s3", "definition.json", DISTRIBUTED_EXPORT);
    let mocks = temp_file("missing-s3", "mocks.json", "{}");
    let output = asl(&["run", &definition, "--mocks", &mocks]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("its ItemReader reads s3://in/rows.csv, which the mocks do not have"),
        "{}",
        stderr(&output)
    );
}

/// A loop of `rounds` rounds of Increment and Check, then Done.
fn counting_loop(rounds: u32) -> String {
    format!(
        r#"{{"StartAt": "Increment", "States": {{
            "Increment": {{"Type": "Pass", "Parameters": {{"i.$": "States.MathAdd($.i, 1)"}}, "Next": "Check"}},
            "Check": {{"Type": "Choice", "Choices": [{{"Variable": "$.i", "NumericLessThan": {rounds}, "Next": "Increment"}}], "Default": "Done"}},
            "Done": {{"Type": "Succeed"}}}}}}"#
    )
}

#[test]
fn the_trace_shows_a_loops_identical_rounds_once() {
    let input = temp_file("loop-rounds", "input.json", r#"{"i": 0}"#);
    let trace = |rounds: u32| {
        let definition = temp_file("loop-rounds", &format!("loop-{rounds}.json"), &counting_loop(rounds));
        let output = asl(&[
            "run",
            &definition,
            "--input",
            &input,
            "--start-time",
            "2024-01-01T00:00:00Z",
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        // The lines between the start line and the outcome.
        let lines: Vec<String> = text
            .lines()
            .skip(1)
            .take_while(|line| !line.starts_with("SUCCEEDED"))
            .map(str::to_owned)
            .collect();
        lines
    };
    // 5,000 rounds are three lines, then the state after the loop.
    assert_eq!(
        trace(5_000),
        [
            "  → Increment (Pass)",
            "  → Check (Choice)",
            "    ↻ the 2 states above, 5,000 times in a row (--history FILE has every event)",
            "  → Done (Succeed)",
        ]
    );
    // Past AWS's 25,000 events the run fails; the CLI names the flag that lifts the limit.
    let definition = temp_file("loop-rounds", "loop-7000.json", &counting_loop(7_000));
    let output = asl(&["run", &definition, "--input", &input]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("maximum number of history events (25000)")
            && text.ends_with("local experiments.\n(asl run --no-limits lifts AWS's limits)\n"),
        "{text}"
    );
    // Two rounds are shown as they are.
    assert_eq!(
        trace(2),
        [
            "  → Increment (Pass)",
            "  → Check (Choice)",
            "  → Increment (Pass)",
            "  → Check (Choice)",
            "  → Done (Succeed)",
        ]
    );
}
