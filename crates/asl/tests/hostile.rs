//! Hostile sizes through the core API (issue 16): each is answered with a result or a clear error
//! (`States.DataLimitExceeded`, `States.Runtime` or a diagnostic), never a panic or a stack
//! overflow, with AWS's limits on and again with `Limits::none()`.
//!
//! Inputs are generated here, never committed. Where the full size takes minutes in a debug build
//! the test uses a smaller one that still crosses the limit (a Map over 100,000 items rather than
//! 1,000,000; the full sizes are measured through the release CLI). Time and memory are not
//! asserted: they are measured separately.

use asl::mock::{MockedRun, Mocks};
use asl::{Execution, ExecutionOptions, Limits, Status, Value};

/// More steps than any test below needs to finish: a run that stops on it has looped.
const BUDGET: u64 = 2_000_000;

struct Ended {
    end: MockedRun,
    execution: Execution,
}

impl Ended {
    fn status(&self) -> Status {
        self.execution.status()
    }

    fn error(&self) -> (String, String) {
        let error = self
            .execution
            .outcome()
            .and_then(|outcome| outcome.error.clone())
            .unwrap_or_else(|| panic!("no error: {:?}", self.execution.outcome()));
        (error.error.to_string(), error.cause.to_string())
    }

    fn output(&self) -> Value {
        let outcome = self.execution.outcome().expect("the execution ended");
        assert_eq!(outcome.status, Status::Succeeded, "{:?}", outcome.error);
        outcome.output.clone().expect("a succeeded execution has an output")
    }
}

fn load(text: &str) -> asl::ValidMachine {
    asl::load(text).unwrap_or_else(|diagnostics| panic!("{diagnostics:#?}"))
}

fn run(machine: &asl::ValidMachine, input: Value, mocks: &str, limits: Limits, budget: u64) -> Ended {
    let mut execution = Execution::start(
        machine,
        input,
        ExecutionOptions {
            limits,
            start_time: 1_704_067_200_000, // 2024-01-01T00:00:00Z
            ..ExecutionOptions::default()
        },
    );
    let mocks = Mocks::from_value(&Value::from_json(mocks).unwrap()).unwrap();
    let end = asl::mock::run_to_end(&mut execution, &mocks, budget, &mut NoJsonata).unwrap();
    Ended { end, execution }
}

struct NoJsonata;

impl asl::jsonata::Evaluator for NoJsonata {
    fn evaluate(&mut self, _request: &asl::EvaluationRequest) -> Vec<asl::jsonata::Answer> {
        unreachable!("no definition here uses JSONata")
    }
}

fn both_limits() -> [(&'static str, Limits); 2] {
    [("limits on", Limits::default()), ("limits off", Limits::none())]
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

const PASS: &str = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;
const TASK: &str =
    r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}"#;

// ---------------------------------------------------------------------------------------------
// JSON nested 100,000 levels deep

#[test]
fn a_definition_nested_100_000_levels_deep_is_a_diagnostic() {
    for text in [
        nested(100_000),
        format!(
            r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Pass", "Result": {}, "End": true}}}}}}"#,
            nested(100_000)
        ),
        format!(
            r#"{{"StartAt": "P", "States": {{"P": {}}}}}"#,
            "{\"a\":".repeat(100_000)
        ),
    ] {
        let checked = asl::check(&text);
        let codes: Vec<(&str, &str)> = checked
            .diagnostics
            .iter()
            .map(|diagnostic| (diagnostic.code, diagnostic.message.as_str()))
            .collect();
        assert_eq!(codes, [("invalid-json", "nesting is deeper than 200 levels")]);
        assert!(asl::load(&text).is_err());
    }
}

#[test]
fn an_input_or_mock_result_nested_100_000_levels_deep_is_refused_when_read() {
    // Hosts read inputs and mocks with `Value::from_json`, which stops at 128 levels.
    let error = Value::from_json(&nested(100_000)).unwrap_err();
    assert!(error.to_string().starts_with("recursion limit exceeded"), "{error}");
    let mocks = format!(r#"{{"T": {{"0": {{"Return": {}}}}}}}"#, nested(100_000));
    let error = Value::from_json(&mocks).unwrap_err();
    assert!(error.to_string().starts_with("recursion limit exceeded"), "{error}");
}

#[test]
fn a_mock_result_as_deep_as_the_reader_allows_runs() {
    let mocks = format!(r#"{{"T": {{"0": {{"Return": {}}}}}}}"#, nested(120));
    for (what, limits) in both_limits() {
        let ended = run(&load(TASK), Value::empty_object(), &mocks, limits, BUDGET);
        assert_eq!(ended.output().to_json(), nested(120), "{what}");
    }
}

#[test]
fn a_loop_that_nests_its_payload_deeper_each_round_stops_at_512_levels() {
    // Values built during a run cannot nest without bound either: each round wraps the input once.
    let machine = load(
        r#"{"StartAt": "Wrap", "States": {"Wrap": {"Type": "Pass", "Parameters": {"a.$": "$"}, "Next": "Wrap"}}}"#,
    );
    for (what, limits) in both_limits() {
        let ended = run(&machine, Value::empty_object(), "{}", limits, BUDGET);
        assert_eq!(ended.end, MockedRun::Finished, "{what}");
        let (error, cause) = ended.error();
        assert_eq!(error, "States.Runtime", "{what}");
        assert!(cause.contains("nested deeper than 512 levels"), "{what}: {cause}");
    }
}

#[test]
fn a_loop_that_doubles_its_payload_each_round_stops_at_the_payload_limit() {
    // [$, $] shares one value twice, so memory stays small while the JSON text doubles each round.
    let machine = load(
        r#"{"StartAt": "Double", "States": {"Double": {"Type": "Pass", "Parameters": {"a.$": "States.Array($, $)"}, "Next": "Double"}}}"#,
    );
    let ended = run(&machine, Value::empty_object(), "{}", Limits::default(), BUDGET);
    let (error, cause) = ended.error();
    assert_eq!(error, "States.DataLimitExceeded");
    assert!(cause.contains("'Double' returned a result"), "{cause}");
    // Without limits the depth check stops it: a container's depth and size are computed once
    // and kept, so measuring a value that shares a subtree 2^256 times is 256 steps, not 2^256.
    let ended = run(&machine, Value::empty_object(), "{}", Limits::none(), BUDGET);
    let (error, cause) = ended.error();
    assert_eq!(error, "States.Runtime");
    assert!(cause.contains("nested deeper than 512 levels"), "{cause}");
}

// ---------------------------------------------------------------------------------------------
// A 100 MB input

#[test]
fn a_100_mb_input_exceeds_the_payload_limit_or_runs_without_limits() {
    let input = Value::object_from([("s", Value::string("x".repeat(100 * 1024 * 1024)))]);
    let machine = load(PASS);

    let ended = run(&machine, input.clone(), "{}", Limits::default(), BUDGET);
    let (error, cause) = ended.error();
    assert_eq!(error, "States.DataLimitExceeded");
    assert!(cause.contains("execution input"), "{cause}");

    let ended = run(&machine, input.clone(), "{}", Limits::none(), BUDGET);
    assert_eq!(ended.output(), input);
}

// ---------------------------------------------------------------------------------------------
// A Map over many items

const MAP: &str = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "End": true,
    "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#;

fn items(count: usize) -> Value {
    Value::object_from([("items", Value::array(vec![Value::from_i64(0); count]))])
}

#[test]
fn a_map_over_1_000_000_items_exceeds_the_payload_limit_at_the_start() {
    // 1,000,000 items are at least 2 MB of JSON, over AWS's 256 KiB input limit.
    let ended = run(&load(MAP), items(1_000_000), "{}", Limits::default(), BUDGET);
    assert_eq!(ended.error().0, "States.DataLimitExceeded");
    assert_eq!(ended.execution.history().len(), 2, "it fails before entering the Map");
}

#[test]
fn a_map_over_100_000_items_exceeds_the_history_limit_or_runs_without_limits() {
    // 100,000 items fit in 256 KiB, but their iterations need far more than 25,000 events.
    let machine = load(MAP);
    let ended = run(&machine, items(100_000), "{}", Limits::default(), BUDGET);
    let (error, cause) = ended.error();
    assert_eq!(error, "States.Runtime");
    assert!(cause.contains("maximum number of history events (25000)"), "{cause}");

    let ended = run(&machine, items(100_000), "{}", Limits::none(), BUDGET);
    let output = ended.output();
    assert_eq!(output.as_array().map(|items| items.len()), Some(100_000));
}

#[test]
fn nested_maps_of_1_000_by_1_000_items_stop_at_the_history_limit() {
    // A million iterations from a tiny input: only the history limit stops them.
    let machine = load(
        r#"{"StartAt": "Make", "States": {
            "Make": {"Type": "Pass", "Parameters": {"items.$": "States.ArrayRange(1, 1000, 1)"}, "Next": "Outer"},
            "Outer": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                "ItemSelector": {"items.$": "States.ArrayRange(1, 1000, 1)"},
                "ItemProcessor": {"StartAt": "Inner", "States": {
                    "Inner": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}}}}"#,
    );
    let ended = run(&machine, Value::empty_object(), "{}", Limits::default(), BUDGET);
    let (error, cause) = ended.error();
    assert_eq!(error, "States.Runtime");
    assert!(cause.contains("maximum number of history events"), "{cause}");
}

// ---------------------------------------------------------------------------------------------
// Large definitions

fn chain_of_pass_states(count: usize) -> String {
    let mut states = serde_json::Map::new();
    for state_idx in 0..count {
        let state = if state_idx + 1 == count {
            serde_json::json!({"Type": "Succeed"})
        } else {
            serde_json::json!({"Type": "Pass", "Next": format!("S{}", state_idx + 1)})
        };
        states.insert(format!("S{state_idx}"), state);
    }
    serde_json::json!({"StartAt": "S0", "States": states}).to_string()
}

#[test]
fn a_10_000_state_definition_validates_and_runs() {
    let text = chain_of_pass_states(10_000);
    let machine = load(&text);
    for (what, limits) in both_limits() {
        let ended = run(&machine, Value::empty_object(), "{}", limits, BUDGET);
        assert_eq!(ended.output(), Value::empty_object(), "{what}");
        assert_eq!(ended.execution.transitions(), 10_000, "{what}");
    }
}

#[test]
fn a_15_000_state_chain_exceeds_the_history_limit_or_runs_without_limits() {
    let machine = load(&chain_of_pass_states(15_000));
    let ended = run(&machine, Value::empty_object(), "{}", Limits::default(), BUDGET);
    assert_eq!(ended.error().0, "States.Runtime");
    let ended = run(&machine, Value::empty_object(), "{}", Limits::none(), BUDGET);
    assert_eq!(ended.status(), Status::Succeeded);
}

#[test]
fn a_choice_with_10_000_rules_picks_the_last_one() {
    let rules: Vec<serde_json::Value> = (0..10_000)
        .map(|rule_idx| serde_json::json!({"Variable": "$.n", "NumericEquals": rule_idx, "Next": format!("Hit{}", rule_idx % 2)}))
        .collect();
    let text = serde_json::json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": rules, "Default": "Miss"},
        "Hit0": {"Type": "Pass", "Result": "even", "End": true},
        "Hit1": {"Type": "Pass", "Result": "odd", "End": true},
        "Miss": {"Type": "Fail", "Error": "Miss"}}})
    .to_string();
    let machine = load(&text);
    for (what, limits) in both_limits() {
        let ended = run(
            &machine,
            Value::from_json(r#"{"n": 9999}"#).unwrap(),
            "{}",
            limits,
            BUDGET,
        );
        assert_eq!(ended.output(), Value::string("odd"), "{what}");
        let ended = run(
            &machine,
            Value::from_json(r#"{"n": 10000}"#).unwrap(),
            "{}",
            limits,
            BUDGET,
        );
        assert_eq!(ended.error().0, "Miss", "{what}");
    }
}

// ---------------------------------------------------------------------------------------------
// Large strings through intrinsics

#[test]
fn a_1_mb_string_through_states_format() {
    let format = load(
        r#"{"StartAt": "F", "States": {"F": {"Type": "Pass", "Parameters": {"s.$": "States.Format('<{}>', $.s)"}, "OutputPath": "$.s", "End": true}}}"#,
    );
    let input = Value::object_from([("s", Value::string("é".repeat(512 * 1024)))]);
    // 1 MiB of text in the input: over the input limit with limits on, formatted without.
    let ended = run(&format, input.clone(), "{}", Limits::default(), BUDGET);
    assert_eq!(ended.error().0, "States.DataLimitExceeded");
    let ended = run(&format, input, "{}", Limits::none(), BUDGET);
    assert_eq!(ended.output(), Value::string(format!("<{}>", "é".repeat(512 * 1024))));

    // Under the limit going in, 1 MB coming out: the state's output is over the limit.
    let five = load(
        r#"{"StartAt": "F", "States": {"F": {"Type": "Pass", "Parameters": {"s.$": "States.Format('{}{}{}{}{}', $.s, $.s, $.s, $.s, $.s)"}, "End": true}}}"#,
    );
    let input = Value::object_from([("s", Value::string("x".repeat(200_000)))]);
    let ended = run(&five, input.clone(), "{}", Limits::default(), BUDGET);
    let (error, cause) = ended.error();
    assert_eq!(error, "States.DataLimitExceeded");
    assert!(cause.contains("'F'"), "{cause}");
    let ended = run(&five, input, "{}", Limits::none(), BUDGET);
    assert_eq!(
        ended.output().get("s").and_then(Value::as_str).map(str::len),
        Some(1_000_000)
    );
}

#[test]
fn intrinsic_arguments_at_the_edges_of_64_bit_integers() {
    // (call, Ok(output JSON) or Err(words of the States.Runtime cause))
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("States.MathAdd(9223372036854775807, 0)", Ok("9223372036854775807")),
        ("States.MathAdd(9223372036854775807, -9223372036854775808)", Ok("-1")),
        ("States.MathAdd(9223372036854775807, 1)", Err("overflows")),
        ("States.MathAdd(-9223372036854775808, -1)", Err("overflows")),
        ("States.MathAdd(9223372036854775808, 0)", Err("MathAdd")),
        (
            "States.ArrayRange(-9223372036854775808, 9223372036854775807, 1)",
            Err("1000"),
        ),
        (
            "States.ArrayRange(9223372036854775807, -9223372036854775808, -9223372036854775808)",
            Ok("[9223372036854775807,-1]"),
        ),
        (
            "States.ArrayRange(9223372036854775806, 9223372036854775807, 9223372036854775807)",
            Ok("[9223372036854775806]"),
        ),
        (
            "States.ArrayGetItem(States.Array(1, 2), 9223372036854775807)",
            Err("ArrayGetItem"),
        ),
        (
            "States.ArrayGetItem(States.Array(1, 2), -9223372036854775808)",
            Err("ArrayGetItem"),
        ),
        (
            "States.ArrayPartition(States.Array(1, 2, 3), 9223372036854775807)",
            Ok("[[1,2,3]]"),
        ),
        (
            "States.ArrayPartition(States.Array(1, 2, 3), -9223372036854775808)",
            Err("chunk size"),
        ),
        (
            "States.MathRandom(9223372036854775806, 9223372036854775807)",
            Ok("9223372036854775806"),
        ),
        (
            "States.MathRandom(-9223372036854775808, -9223372036854775807, -9223372036854775808)",
            Ok("-9223372036854775808"),
        ),
        ("States.StringToJson('9223372036854775808')", Ok("9223372036854775808")),
        ("States.StringToJson('1e400')", Err("StringToJson")),
    ];
    // A literal beyond f64 is refused at load, where it is written.
    let text = r#"{"StartAt": "I", "States": {"I": {"Type": "Pass", "Parameters": {"r.$": "States.MathAdd(1e400, 0)"}, "End": true}}}"#;
    let messages: Vec<String> = asl::check(text)
        .diagnostics
        .into_iter()
        .map(|diagnostic| diagnostic.message)
        .collect();
    assert_eq!(
        messages,
        ["the number 1e400 is too large for JSON (beyond about 1.8e308)"]
    );
    for (call, expected) in cases {
        let text = serde_json::json!({"StartAt": "I", "States": {"I": {
            "Type": "Pass", "Parameters": {"r.$": call}, "OutputPath": "$.r", "End": true}}})
        .to_string();
        let machine = load(&text);
        for (what, limits) in both_limits() {
            let ended = run(&machine, Value::empty_object(), "{}", limits, BUDGET);
            match expected {
                Ok(output) => assert_eq!(ended.output().to_json(), *output, "{call} ({what})"),
                Err(words) => {
                    let (error, cause) = ended.error();
                    assert_eq!(error, "States.Runtime", "{call} ({what}): {cause}");
                    assert!(cause.contains(words), "{call} ({what}): {cause}");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Time: huge retries and far waits

#[test]
fn retries_with_huge_max_attempts_and_backoff_stop_at_the_history_limit_or_the_step_budget() {
    let machine = load(
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
            "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 99999999, "IntervalSeconds": 99999999, "BackoffRate": 1e300}]}}}"#,
    );
    let mocks = r#"{"T": {"0-18446744073709551615": {"Throw": {"Error": "E", "Cause": "always"}}}}"#;
    let ended = run(&machine, Value::empty_object(), mocks, Limits::default(), BUDGET);
    let (error, cause) = ended.error();
    assert_eq!(error, "States.Runtime");
    assert!(cause.contains("maximum number of history events"), "{cause}");

    // Without limits only the host's step budget ends it; the virtual clock saturates rather
    // than overflowing on the way.
    let ended = run(&machine, Value::empty_object(), mocks, Limits::none(), 200_000);
    assert_eq!(ended.end, MockedRun::OutOfSteps);
    let times: Vec<i64> = ended.execution.history().iter().map(|event| event.timestamp).collect();
    assert!(times.windows(2).all(|pair| pair[0] <= pair[1]), "time never goes back");
}

#[test]
fn a_wait_until_the_last_second_of_year_9999_ends_there() {
    let machine = load(
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "9999-12-31T23:59:59Z", "End": true}}}"#,
    );
    for (what, limits) in both_limits() {
        let ended = run(&machine, Value::empty_object(), "{}", limits, BUDGET);
        assert_eq!(ended.status(), Status::Succeeded, "{what}");
        assert_eq!(ended.execution.now(), 253_402_300_799_000, "{what}");
    }
    // A year past 9999 is no RFC 3339 timestamp: a diagnostic, not a run.
    let checked = asl::check(
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "10000-01-01T00:00:00Z", "End": true}}}"#,
    );
    assert_eq!(checked.diagnostics[0].code, "invalid-timestamp");
}
