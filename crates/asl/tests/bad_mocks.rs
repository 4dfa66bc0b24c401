//! A catalogue of bad mocks files (Step Functions Local `MockedResponses`) and bad
//! `MockConfigFile`s, each with the message a host shows for it (issue 16). Every message names
//! what is wrong and where, so that a user can fix the file without reading our code.

use asl::Value;
use asl::mock::Mocks;

fn mocks_error(json: &str) -> String {
    let value = Value::from_json(json).unwrap_or_else(|error| panic!("{json}: {error}"));
    match Mocks::from_value(&value) {
        Ok(_) => panic!("{json}: accepted"),
        Err(message) => message,
    }
}

fn config_error(json: &str, state_machine: Option<&str>, test_case: &str) -> String {
    let value = Value::from_json(json).unwrap_or_else(|error| panic!("{json}: {error}"));
    match Mocks::from_mock_config(&value, state_machine, test_case) {
        Ok(_) => panic!("{json}: accepted"),
        Err(message) => message,
    }
}

#[test]
fn bad_mocks_files() {
    let cases: &[(&str, &str)] = &[
        ("[]", "mocks must be a JSON object keyed by Task state name, not array"),
        (
            r#""ProcessPayment""#,
            "mocks must be a JSON object keyed by Task state name, not string",
        ),
        (
            r#"{"T": [{"Return": 1}]}"#,
            r#"the mocks for "T" must be an object keyed by invocation number, like {"0": {"Return": …}}"#,
        ),
        (
            r#"{"T": {"0": {"Return": 1}}, "U": "ok"}"#,
            r#"the mocks for "U" must be an object keyed by invocation number, like {"0": {"Return": …}}"#,
        ),
        (
            r#"{"T": {"first": {"Return": 1}}}"#,
            r#"mock key "first" of "T" must be an invocation number like "0" or a range like "1-3""#,
        ),
        (
            r#"{"T": {"-1": {"Return": 1}}}"#,
            r#"mock key "-1" of "T" must be an invocation number like "0" or a range like "1-3""#,
        ),
        (
            r#"{"T": {"1.5": {"Return": 1}}}"#,
            r#"mock key "1.5" of "T" must be an invocation number like "0" or a range like "1-3""#,
        ),
        (
            r#"{"T": {"18446744073709551616": {"Return": 1}}}"#,
            r#"mock key "18446744073709551616" of "T" must be an invocation number like "0" or a range like "1-3""#,
        ),
        (
            r#"{"T": {"1-2-3": {"Return": 1}}}"#,
            r#"mock key "1-2-3" of "T" must be an invocation number like "0" or a range like "1-3""#,
        ),
        (
            r#"{"T": {"3-1": {"Return": 1}}}"#,
            r#"mock range "3-1" of "T" ends before it starts"#,
        ),
        (
            r#"{"T": {"0": {}}}"#,
            r#"mock "0" of "T" must have exactly one of "Return", "Throw" or "NoAnswer": true"#,
        ),
        (
            r#"{"T": {"0": {"Return": 1, "Throw": {"Error": "E"}}}}"#,
            r#"mock "0" of "T" must have exactly one of "Return", "Throw" or "NoAnswer": true"#,
        ),
        (
            r#"{"T": {"0": {"return": 1}}}"#,
            r#"mock "0" of "T" must have exactly one of "Return", "Throw" or "NoAnswer": true"#,
        ),
        (
            r#"{"T": {"0": "ok"}}"#,
            r#"mock "0" of "T" must have exactly one of "Return", "Throw" or "NoAnswer": true"#,
        ),
        (
            r#"{"T": {"0": {"Throw": {"Cause": "c"}}}}"#,
            r#"the Throw of "T" invocation 0 needs an "Error" string"#,
        ),
        (
            r#"{"T": {"0": {"Throw": {"Error": 500}}}}"#,
            r#"the Throw of "T" invocation 0 needs an "Error" string"#,
        ),
        (
            r#"{"T": {"0": {"Throw": "States.TaskFailed"}}}"#,
            r#"the Throw of "T" invocation 0 needs an "Error" string"#,
        ),
        (
            r#"{"T": {"0": {"Throw": {"Error": "E", "Cause": {"code": 1}}}}}"#,
            r#"the "Cause" of "T" invocation 0's Throw must be a string, not object"#,
        ),
        (
            r#"{"T": {"0-2": {"Return": 1}, "2": {"Return": 2}}}"#,
            r#"mock keys "0-2" and "2" of "T" both answer invocation 2; make the ranges not overlap"#,
        ),
    ];
    let mut failures = Vec::new();
    for (json, expected) in cases {
        let actual = mocks_error(json);
        if actual != *expected {
            failures.push(format!("{json}\n  expected: {expected}\n  actual:   {actual}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const CONFIG: &str = r#"{
    "StateMachines": {
        "Order": {"TestCases": {"Happy": {"Pay": "PayOk"}, "Sad": {"Pay": "PayFails"}, "Odd": "Pay", "Number": {"Pay": 1}, "Missing": {"Pay": "Nope"}, "Broken": {"Pay": "Broken"}}},
        "Refund": {"TestCases": {"Happy": {"Pay": "PayOk"}}}
    },
    "MockedResponses": {
        "PayOk": {"0": {"Return": {"ok": true}}},
        "PayFails": {"0": {"Throw": {"Error": "Declined", "Cause": "card"}}},
        "Broken": {"0": {"Return": 1}, "zero": {"Return": 2}}
    }
}"#;

#[test]
fn bad_mock_config_files() {
    let cases: &[(&str, Option<&str>, &str, &str)] = &[
        ("{}", None, "Happy", r#"the mock config has no "StateMachines" object"#),
        (
            r#"{"StateMachines": [], "MockedResponses": {}}"#,
            None,
            "Happy",
            r#"the mock config has no "StateMachines" object"#,
        ),
        (
            r#"{"StateMachines": {"M": {"TestCases": {"Happy": {"T": "R"}}}}}"#,
            None,
            "Happy",
            r#"the mock config has no "MockedResponses" object"#,
        ),
        (
            CONFIG,
            Some("Shipping"),
            "Happy",
            r#"the mock config has no state machine "Shipping""#,
        ),
        (
            CONFIG,
            Some("Order"),
            "Nope",
            r#"state machine "Order" of the mock config has no test case "Nope""#,
        ),
        (
            CONFIG,
            None,
            "Nope",
            r#"no state machine in the mock config has a test case "Nope""#,
        ),
        (
            CONFIG,
            None,
            "Happy",
            r#"several state machines have a test case "Happy" (Order, Refund); name one"#,
        ),
        (
            CONFIG,
            Some("Order"),
            "Odd",
            r#"test case "Odd" must be an object mapping state names to response names, not string"#,
        ),
        (
            CONFIG,
            Some("Order"),
            "Number",
            r#"test case "Number" must map "Pay" to a response name"#,
        ),
        (
            CONFIG,
            Some("Order"),
            "Missing",
            r#"MockedResponses has no "Nope" (used for "Pay")"#,
        ),
        (
            CONFIG,
            Some("Order"),
            "Broken",
            r#"mock key "zero" of "Broken" must be an invocation number like "0" or a range like "1-3""#,
        ),
        (
            r#"{"StateMachines": {"Order": {"TestCases": []}}, "MockedResponses": {}}"#,
            Some("Order"),
            "Happy",
            r#"state machine "Order" of the mock config has no test case "Happy""#,
        ),
    ];
    let mut failures = Vec::new();
    for (json, state_machine, test_case, expected) in cases {
        let actual = config_error(json, *state_machine, test_case);
        if actual != *expected {
            failures.push(format!(
                "{state_machine:?}/{test_case}\n  expected: {expected}\n  actual:   {actual}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The good test cases of the same file still load.
    let config = Value::from_json(CONFIG).unwrap();
    assert!(Mocks::from_mock_config(&config, Some("Order"), "Sad").is_ok());
    assert!(Mocks::from_mock_config(&config, Some("Refund"), "Happy").is_ok());
}
