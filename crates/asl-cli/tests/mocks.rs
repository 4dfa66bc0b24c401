//! Mocks written as code, through the binary: `asl run --mocks mocks.js | mocks.py`, `asl test`
//! with a case that names a mocks file, and `asl graph --run`.

mod scratch;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn asl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .output()
        .expect("the asl binary runs")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(name: &str) -> String {
    root().join("examples").join(name).to_string_lossy().into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A file in a fresh temporary directory for this test.
fn temp_file(test: &str, name: &str, text: &str) -> String {
    scratch::file(&format!("mocks-{test}"), name, text)
}

/// Runs `asl run` with JSON output; returns the result object, the exit code and stderr.
fn run(definition: &str, input: Option<&str>, mocks: &str, extra: &[&str]) -> (serde_json::Value, i32, String) {
    let mut args = vec!["run", definition, "--mocks", mocks, "--format", "json"];
    if let Some(input) = input {
        args.extend(["--input", input]);
    }
    args.extend(["--start-time", "2024-01-01T00:00:00Z"]);
    args.extend(extra);
    let output = asl(&args);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let result = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    (result, output.status.code().unwrap_or(-1), stderr(&output))
}

const ORDER_WORKFLOW: &str = "order-workflow.json";

#[test]
fn a_named_javascript_error_takes_the_order_workflows_failure_path() {
    let (result, code, stderr) = run(
        &example(ORDER_WORKFLOW),
        Some(&example("order-input-declined.json")),
        &example("order-mocks.js"),
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        result["states"],
        serde_json::json!(["ProcessPayment", "NotifyPaymentFailure"])
    );
    assert_eq!(
        result["output"],
        serde_json::json!({"notified": "failure", "error": "PaymentFailedError", "reason": "card declined for order o-2"})
    );
    let (result, code, stderr) = run(
        &example(ORDER_WORKFLOW),
        Some(&example("order-input.json")),
        &example("order-mocks.js"),
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        result["states"],
        serde_json::json!(["ProcessPayment", "UpdateInventory", "NotifyPaymentSuccess"])
    );
}

#[test]
fn an_error_merely_called_like_the_catch_does_not_fire_it() {
    for (test, body) in [
        ("plain", "throw new Error('PaymentFailedError')"),
        (
            "subclass",
            "class PaymentFailedError extends Error {}\n    throw new PaymentFailedError('declined')",
        ),
    ] {
        let mocks = temp_file(
            test,
            "mocks.js",
            &format!("export default {{\n  ProcessPayment: () => {{\n    {body};\n  }},\n}};\n"),
        );
        let (result, code, stderr) = run(&example(ORDER_WORKFLOW), None, &mocks, &[]);
        assert_eq!(code, 1, "{test}: {stderr}");
        assert_eq!(result["status"], "FAILED");
        assert_eq!(result["error"], "Error", "{test}");
        assert_eq!(result["states"], serde_json::json!(["ProcessPayment"]));
        let cause: serde_json::Value = serde_json::from_str(result["cause"].as_str().unwrap()).unwrap();
        assert_eq!(cause["errorType"], "Error");
        assert!(cause["trace"].is_array(), "{cause}");
    }
}

/// A Task with one retry on `Sandbox.Timedout` and a catch-all, whose mock never returns.
const ENDLESS: &str = r#"{"StartAt": "Slow", "States": {
  "Slow": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Slow",
    "Retry": [{"ErrorEquals": ["Sandbox.Timedout"], "MaxAttempts": 1, "IntervalSeconds": 1}],
    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recovered"}], "End": true},
  "Recovered": {"Type": "Pass", "End": true}}}"#;

#[test]
fn an_endless_javascript_loop_is_stopped_and_the_run_goes_on_to_retry_and_catch() {
    let definition = temp_file("endless-js", "definition.json", ENDLESS);
    let mocks = temp_file(
        "endless-js",
        "mocks.js",
        "export default { Slow: () => { while (true) {} } };\n",
    );
    let started = Instant::now();
    let (result, code, stderr) = run(&definition, None, &mocks, &["--mock-timeout", "0.2"]);
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(result["states"], serde_json::json!(["Slow", "Recovered"]));
    let output = &result["output"];
    assert_eq!(output["Error"], "Sandbox.Timedout");
    let cause = output["Cause"].as_str().unwrap();
    assert!(cause.contains("Task timed out after 0.20 seconds"), "{cause}");
    assert!(cause.contains("was stopped"), "{cause}");
    // Each stop is said on stderr: the first attempt and its retry.
    assert_eq!(stderr.matches("note: ").count(), 2, "{stderr}");
}

#[test]
fn values_json_cannot_hold_fail_the_task_clearly() {
    for (test, body, expected) in [
        ("undefined", "undefined", "returned undefined, which is not JSON"),
        ("function", "() => 1", "returned a function"),
        (
            "cycle",
            "(() => { const a = {}; a.a = a; return a; })()",
            "cannot be turned into JSON",
        ),
        ("bigint", "({ big: 10n })", "cannot be turned into JSON"),
    ] {
        let mocks = temp_file(
            test,
            "mocks.js",
            &format!("export default {{ ProcessPayment: () => {body} }};\n"),
        );
        let (result, code, stderr) = run(&example(ORDER_WORKFLOW), None, &mocks, &[]);
        assert_eq!(code, 1, "{test}: {stderr}");
        assert_eq!(result["error"], "Runtime.MarshalError", "{test}");
        let cause = result["cause"].as_str().unwrap();
        assert!(cause.contains(expected), "{test}: {cause}");
    }
}

#[test]
fn functions_are_found_by_state_name_then_function_name_then_resource() {
    let definition = temp_file(
        "lookup",
        "definition.json",
        r#"{"StartAt": "ByState", "States": {
          "ByState": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Shared", "ResultPath": "$.a", "Next": "ByFunction"},
          "ByFunction": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:Charge:7", "Payload": {}},
            "ResultSelector": {"who.$": "$.Payload"}, "ResultPath": "$.b", "Next": "ByArn"},
          "ByArn": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "ResultPath": "$.c", "Next": "ByLambdaArn"},
          "ByLambdaArn": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Shared", "ResultPath": "$.d", "End": true}}}"#,
    );
    let mocks = temp_file(
        "lookup",
        "mocks.js",
        r#"export default {
  ByState: () => "state name",
  Charge: () => "function name",
  Shared: () => "function name from the ARN",
  "arn:aws:states:::sqs:sendMessage": () => "resource",
};
"#,
    );
    let (result, code, stderr) = run(&definition, None, &mocks, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        result["output"],
        serde_json::json!({"a": "state name", "b": {"who": "function name"}, "c": "resource", "d": "function name from the ARN"})
    );
}

#[test]
fn a_missing_function_stops_the_run_and_says_what_was_looked_up() {
    let mocks = temp_file(
        "missing",
        "mocks.js",
        "export default { ProcessPayment: () => ({}) };\n",
    );
    let (_, code, stderr) = run(&example(ORDER_WORKFLOW), None, &mocks, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("the run stopped at Task state \"UpdateInventory\" (invocation 0): no function of the mocks answers it (looked up \"UpdateInventory\", then \"arn:aws:lambda:us-east-1:123456789012:function:UpdateInventory\")"),
        "{stderr}"
    );
}

#[test]
fn lambda_invoke_wraps_the_payload_so_result_selector_works() {
    let definition = temp_file(
        "invoke",
        "definition.json",
        r#"{"StartAt": "Charge", "States": {"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "ChargeCard", "Payload": {"amount.$": "$.amount"}},
          "ResultSelector": {"x.$": "$.Payload.x", "status.$": "$.StatusCode", "version.$": "$.ExecutedVersion",
                             "requestId.$": "$.SdkResponseMetadata.RequestId"},
          "End": true}}}"#,
    );
    let mocks = temp_file(
        "invoke",
        "mocks.js",
        "export default { ChargeCard: (event, context) => ({ x: event.amount * 2, id: context.awsRequestId }) };\n",
    );
    let input = temp_file("invoke", "input.json", r#"{"amount": 21}"#);
    let (result, code, stderr) = run(&definition, Some(&input), &mocks, &[]);
    assert_eq!(code, 0, "{stderr}");
    let output = &result["output"];
    assert_eq!(output["x"], 42);
    assert_eq!(output["status"], 200);
    assert_eq!(output["version"], "$LATEST");
    assert_eq!(output["requestId"].as_str().unwrap().len(), 36);
}

#[test]
fn a_callback_mock_gets_the_task_token_and_answers_for_the_callback() {
    let definition = temp_file(
        "callback",
        "definition.json",
        r#"{"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
          "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
          "Catch": [{"ErrorEquals": ["Rejected"], "Next": "WasRejected"}], "End": true},
          "WasRejected": {"Type": "Pass", "End": true}}}"#,
    );
    let mocks = temp_file(
        "callback",
        "mocks.js",
        r#"export default {
  Approve: (input, context) => {
    if (input.MessageBody.token !== context.taskToken) throw new Error("not the token");
    if (context.contextObject.Execution.Input.reject) throw Object.assign(new Error("too expensive"), { name: "Rejected" });
    return { approvedWith: context.taskToken.length > 0 };
  },
};
"#,
    );
    let (result, code, stderr) = run(&definition, None, &mocks, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(result["output"], serde_json::json!({"approvedWith": true}));
    let input = temp_file("callback", "input.json", r#"{"reject": true}"#);
    let (result, code, stderr) = run(&definition, Some(&input), &mocks, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(result["states"], serde_json::json!(["Approve", "WasRejected"]));
    assert_eq!(
        result["output"],
        serde_json::json!({"Error": "Rejected", "Cause": "too expensive"})
    );
}

#[test]
fn map_iterations_see_their_index() {
    let definition = temp_file(
        "map",
        "definition.json",
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
          "ItemProcessor": {"StartAt": "Ship", "States": {"Ship": {"Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Ship", "End": true}}}, "End": true}}}"#,
    );
    // Each call also reads (and spoils) its copy of the execution's input in $$.
    let mocks = temp_file(
        "map",
        "mocks.js",
        "export default { Ship: (item, context) => {\n  const items = context.contextObject.Execution.Input.items;\n  \
         items.pop();\n  return `${item}@${context.mapIndex}#${context.invocation}/${items.length + 1}`;\n} };\n",
    );
    let python = temp_file(
        "map",
        "mocks.py",
        "def ship(item, context):\n    items = context.context_object['Execution']['Input']['items']\n    items.pop()\n    \
         return f'{item}@{context.map_index}#{context.invocation}/{len(items) + 1}'\n\nMOCKS = {'Ship': ship}\n",
    );
    let input = temp_file("map", "input.json", r#"{"items": ["a", "b", "c"]}"#);
    for mocks in [mocks, python] {
        let (result, code, stderr) = run(&definition, Some(&input), &mocks, &[]);
        assert_eq!(code, 0, "{mocks}: {stderr}");
        assert_eq!(
            result["output"],
            serde_json::json!(["a@0#0/3", "b@1#1/3", "c@2#2/3"]),
            "{mocks}"
        );
    }
}

#[test]
fn seeded_random_and_the_virtual_clock_give_the_same_history_twice() {
    let mocks = temp_file(
        "seeded",
        "mocks.js",
        r#"export default {
  ProcessPayment: (order) => ({ ...order, paymentId: crypto.randomUUID(), roll: Math.random(), at: new Date().toISOString(), now: Date.now() }),
  UpdateInventory: (order) => ({ ...order, roll2: Math.random() }),
  NotifyPaymentSuccess: (order) => order,
};
"#,
    );
    let history = |name: &str, seed: &str| {
        let path = temp_file("seeded", name, "");
        let output = asl(&[
            "run",
            &example(ORDER_WORKFLOW),
            "--mocks",
            &mocks,
            "--start-time",
            "2024-01-01T00:00:00Z",
            "--seed",
            seed,
            "--history",
            &path,
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        std::fs::read_to_string(path).unwrap()
    };
    let first = history("first.json", "1");
    assert_eq!(first, history("second.json", "1"));
    assert_ne!(first, history("other-seed.json", "2"));
    assert!(first.contains(r#"\"at\":\"2024-01-01T00:00:00.000Z\""#), "{first}");
    assert!(first.contains(r#"\"now\":1704067200000"#), "{first}");
}

#[test]
fn verbose_shows_what_mocks_log_per_invocation() {
    let output = asl(&[
        "run",
        &example(ORDER_WORKFLOW),
        "--input",
        &example("order-input.json"),
        "--mocks",
        &example("order-mocks.js"),
        "--verbose",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "[ProcessPayment #0] charging 25 for order o-1 (attempt 1)\n"
    );
    let quiet = asl(&["run", &example(ORDER_WORKFLOW), "--mocks", &example("order-mocks.js")]);
    assert_eq!(stderr(&quiet), "");
}

#[test]
fn load_problems_are_reported_before_the_run() {
    let mocks = temp_file("load", "mocks.js", "export default { ProcessPayment: 42 };\n");
    let (_, code, stderr) = run(&example(ORDER_WORKFLOW), None, &mocks, &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("mocks.js: \"ProcessPayment\" is a number, not a function"),
        "{stderr}"
    );
    let mocks = temp_file("load", "mocks.ts", "export default {};\n");
    let (_, code, stderr) = run(&example(ORDER_WORKFLOW), None, &mocks, &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("mocks.ts:1:1: the mocks file is not valid JSON: expected value (a mocks file is JSON unless its name ends in .js or .mjs, JavaScript, or .py, Python)"),
        "{stderr}"
    );
}

#[test]
fn a_python_exception_named_like_the_catch_gives_error_exception_and_does_not_fire_it() {
    let mocks = temp_file(
        "python-trap",
        "mocks.py",
        "def process_payment(event, context):\n    raise Exception(\"PaymentFailedError\")\n\nMOCKS = {\"ProcessPayment\": process_payment}\n",
    );
    let (result, code, stderr) = run(&example(ORDER_WORKFLOW), None, &mocks, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(result["error"], "Exception");
    assert_eq!(result["states"], serde_json::json!(["ProcessPayment"]));
    let cause: serde_json::Value = serde_json::from_str(result["cause"].as_str().unwrap()).unwrap();
    assert_eq!(cause["errorMessage"], "PaymentFailedError");
    assert_eq!(cause["errorType"], "Exception");
    assert!(
        cause["stackTrace"][0]
            .as_str()
            .unwrap()
            .starts_with("  File \"mocks.py\", line 2, in process_payment"),
        "{cause}"
    );
}

#[test]
fn a_python_exception_class_named_like_the_catch_takes_the_failure_path() {
    let (result, code, stderr) = run(
        &example(ORDER_WORKFLOW),
        Some(&example("order-input-declined.json")),
        &example("order-mocks.py"),
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        result["states"],
        serde_json::json!(["ProcessPayment", "NotifyPaymentFailure"])
    );
    assert_eq!(
        result["output"],
        serde_json::json!({"notified": "failure", "error": "PaymentFailedError", "reason": "card declined for order o-2"})
    );
    let (result, code, stderr) = run(
        &example(ORDER_WORKFLOW),
        Some(&example("order-input.json")),
        &example("order-mocks.py"),
        &["--verbose"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(result["output"]["notified"], "success");
    assert_eq!(stderr, "[ProcessPayment #0] charging 25 for order o-1 (attempt 1)\n");
}

#[test]
fn an_endless_python_loop_is_stopped_and_the_run_goes_on_to_retry_and_catch() {
    let definition = temp_file("endless-py", "definition.json", ENDLESS);
    let mocks = temp_file(
        "endless-py",
        "mocks.py",
        "def slow(event, context):\n    while True:\n        pass\n\nMOCKS = {\"Slow\": slow}\n",
    );
    let started = Instant::now();
    let (result, code, stderr) = run(&definition, None, &mocks, &["--mock-timeout", "0.3"]);
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(result["states"], serde_json::json!(["Slow", "Recovered"]));
    assert_eq!(result["output"]["Error"], "Sandbox.Timedout");
    assert!(stderr.contains("python3 was stopped and is started afresh"), "{stderr}");
}

#[test]
fn python_mocks_without_python3_say_so() {
    let output = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(["run", &example(ORDER_WORKFLOW), "--mocks", &example("order-mocks.py")])
        .env("PATH", "")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is a Python mocks file, but python3 was not found; install Python 3"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn asl_test_runs_cases_that_name_a_mocks_file() {
    // The case names its mocks file relative to itself.
    let mocks = std::fs::read_to_string(example("order-mocks.js")).unwrap();
    let mocks = temp_file("cases", "order-mocks.js", &mocks);
    let dir = Path::new(&mocks).parent().unwrap().to_owned();
    let definition = std::fs::read_to_string(example(ORDER_WORKFLOW)).unwrap();
    let case = |input: &str, expected: &str| {
        format!(
            r#"{{"definition": {definition}, "input": {input}, "mocks": "order-mocks.js", "expected": {expected}}}"#
        )
    };
    let declined = case(
        r#"{"orderId": "o-2", "amount": 25, "simulate_failure": true}"#,
        r#"{"status": "SUCCEEDED", "output": {"notified": "failure", "error": "PaymentFailedError", "reason": "card declined for order o-2"}}"#,
    );
    let paid = case(
        r#"{"orderId": "o-1", "amount": 25}"#,
        r#"{"status": "SUCCEEDED", "output": {"notified": "success", "orderId": "o-1", "paymentId": "p-o-1"}}"#,
    );
    std::fs::write(dir.join("declined.json"), declined).unwrap();
    std::fs::write(dir.join("paid.json"), paid).unwrap();
    let output = asl(&[
        "test",
        dir.join("declined.json").to_str().unwrap(),
        dir.join("paid.json").to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}{}", stderr(&output));
    assert!(stdout.ends_with("2 passed, 0 failed\n"), "{stdout}");
}

#[test]
fn graph_run_takes_javascript_mocks() {
    let svg = temp_file("graph", "run.svg", "");
    let output = asl(&[
        "graph",
        &example(ORDER_WORKFLOW),
        "--run",
        "--input",
        &example("order-input-declined.json"),
        "--mocks",
        &example("order-mocks.js"),
        "-o",
        &svg,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg"), "{}", &text[..100.min(text.len())]);
    let plain = asl(&["graph", &example(ORDER_WORKFLOW)]);
    assert_ne!(String::from_utf8_lossy(&plain.stdout).trim_end(), text.trim_end());
}

#[test]
fn json_mocks_can_fail_a_callback_without_an_error_name_or_never_answer() {
    let definition = temp_file(
        "callback",
        "definition.json",
        r#"{"StartAt": "Send", "States": {"Send": {"Type": "Task", "HeartbeatSeconds": 30,
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"Token.$": "$$.Task.Token"}}, "End": true}}}"#,
    );
    let unnamed = temp_file(
        "callback",
        "unnamed.json",
        r#"{"Send": {"0": {"Throw": {"Error": null}}}}"#,
    );
    let output = asl(&["run", &definition, "--mocks", &unnamed]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(text.contains("✗ (no error name)"), "{text}");
    assert!(
        text.contains("Error: (none: the task failed without an error name)"),
        "{text}"
    );

    let silent = temp_file("callback", "silent.json", r#"{"Send": {"0": {"NoAnswer": true}}}"#);
    let (result, code, stderr) = run(&definition, None, &silent, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(result["error"], "States.Timeout", "{result}");
    let output = asl(&[
        "run",
        &definition,
        "--mocks",
        &silent,
        "--start-time",
        "2024-01-01T00:00:00Z",
    ]);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        text.contains("… 30 s later"),
        "the heartbeat ran out on the virtual clock: {text}"
    );
}

#[test]
fn a_javascript_function_named_after_a_distributed_map_answers_its_item_reader() {
    let mocks = temp_file(
        "item-reader",
        "mocks.js",
        r#"export default {
  ChargeOrders: (request) => `id,total\n${request.Key === "2024/march.csv" ? "1,2\n3,4\n5,6\n" : ""}`,
  ChargeBatch: (event) => ({ charged: event.Items.map((item) => item.id) }),
};"#,
    );
    let (result, code, stderr) = run(
        &example("distributed-map-orders.json"),
        Some(&example("distributed-map-orders-input.json")),
        &mocks,
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(result["status"], "SUCCEEDED");
    let written = result["writtenObjects"].as_array().unwrap();
    let succeeded: serde_json::Value = serde_json::from_str(written[0]["body"].as_str().unwrap()).unwrap();
    let outputs: Vec<&str> = succeeded
        .as_array()
        .unwrap()
        .iter()
        .map(|record| record["Output"].as_str().unwrap())
        .collect();
    assert_eq!(outputs, [r#"{"charged":["1","3"]}"#, r#"{"charged":["5"]}"#]);
}
