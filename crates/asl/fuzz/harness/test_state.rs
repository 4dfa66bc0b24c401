//! `test_state`: a TestState request (the JSON `asl test-state --cli-input-json` reads) answered
//! by `asl::test_state::test_state`, which runs the tested state under its own step budget.
//!
//! An even first byte builds the request from the grammar: a single state or a whole machine
//! (with a `stateName` from it, or not), an input, an inspection level, a mock shaped for the
//! state or not, variables, a context object, `stateConfiguration`, `revealSecrets`, and now and
//! then a member of the wrong type or one AWS does not know. An odd one reads the rest as the
//! request's text (a request that is not JSON becomes its `definition`), so recorded requests
//! are seeds as they are.
//!
//! Checked for any request: no panic; the same request, clock and seed give the same answer; a
//! rejection has a code and a message; an answer is an object with only TestState's response
//! members (`status`, `error`, `cause`, `nextState`, `output`, `inspectionData`), each where
//! the status allows it, its JSON documents as JSON strings, and it survives printing as JSON.

use asl::Value;
use asl::jsonata::{Evaluator, SyntaxChecker, SyntaxError};
use asl::test_state::{Environment, Rejection, test_state as answer};
use serde_json::json;

use super::bytes::Bytes;
use super::execute::FakeEngine;
use super::grammar::{ERRORS, Grammar};
use super::parse_validate::FakeSyntax;

/// The JSONata engine of a request: the fake evaluator, with a parser that accepts everything
/// or the fake one that rejects some expressions (so InvalidDefinition comes from JSONata too).
struct Engine {
    strict_syntax: bool,
}

impl SyntaxChecker for Engine {
    fn check(&self, expression: &str) -> Result<(), SyntaxError> {
        match self.strict_syntax {
            true => FakeSyntax.check(expression),
            false => Ok(()),
        }
    }
}

impl Evaluator for Engine {
    fn evaluate(&mut self, request: &asl::EvaluationRequest) -> Vec<asl::jsonata::Answer> {
        FakeEngine.evaluate(request)
    }
}

/// The members of TestState's response (AWS's API model, `TestStateOutput`).
const RESPONSE_MEMBERS: &[&str] = &["status", "error", "cause", "nextState", "output", "inspectionData"];

/// `inspectionData`'s members that are JSON documents written as strings.
const DOCUMENT_STAGES: &[&str] = &[
    "input",
    "afterInputPath",
    "afterParameters",
    "afterArguments",
    "result",
    "afterResultSelector",
    "afterResultPath",
    "afterItemsPath",
    "afterItemSelector",
    "afterItemBatcher",
    "afterItemsPointer",
    "variables",
];

/// Decodes a request and answers it twice, checking what any answer promises.
pub fn test_state(data: &[u8]) {
    let (request, environment, strict_syntax) = decode_test_state(data);
    let first = answer(&request, environment, &mut Engine { strict_syntax });
    let second = answer(&request, environment, &mut Engine { strict_syntax });
    assert_eq!(first, second, "the same request, clock and seed give the same answer");
    match first {
        Ok(response) => check_response(&request, &response),
        Err(Rejection { code, message }) => {
            assert!(!code.is_empty(), "a rejection has a code: {message:?}");
            assert!(!message.is_empty(), "a rejection ({code}) has a message");
        }
    }
}

/// What a `test_state` input stands for: the request, the host's clock and seed, and whether the
/// JSONata parser rejects some expressions (also handy to turn a crash into a test).
pub fn decode_test_state(data: &[u8]) -> (Value, Environment, bool) {
    let mut bytes = Bytes::new(data);
    let mode = bytes.byte();
    let environment = Environment {
        now: bytes.pick(&[1_700_000_000_000, 0, -1, 253_402_300_799_999, 1_709_164_800_123]),
        seed: bytes.byte().into(),
    };
    let strict_syntax = mode & 2 == 2;
    if mode.is_multiple_of(2) {
        let mut grammar = Grammar {
            bytes,
            depth: 0,
            task_names: Vec::new(),
        };
        let request = grammar.test_state_request();
        let request = Value::from_json(&request.to_string()).expect("serde_json writes JSON");
        return (request, environment, strict_syntax);
    }
    let text = bytes.rest();
    let request = Value::from_json(&text).unwrap_or_else(|_| Value::object_from([("definition", Value::from(text))]));
    (request, environment, strict_syntax)
}

fn check_response(request: &Value, response: &Value) {
    let members = response
        .as_object()
        .unwrap_or_else(|| panic!("a TestState response is an object: {}", response.to_json()));
    for name in members.keys() {
        assert!(
            RESPONSE_MEMBERS.contains(&&**name),
            "TestState's response has no member {name:?}: {}",
            response.to_json()
        );
    }
    let text = |name: &str| {
        members.get(name).map(|value| {
            value
                .as_str()
                .unwrap_or_else(|| panic!("{name} is a string: {}", response.to_json()))
        })
    };
    let status = text("status").expect("a response has a status");
    let (error, cause) = (text("error"), text("cause"));
    assert_eq!(
        error.is_some(),
        cause.is_some(),
        "error and cause come together: {}",
        response.to_json()
    );
    match status {
        "SUCCEEDED" => assert!(error.is_none(), "a success has no error: {}", response.to_json()),
        "FAILED" | "RETRIABLE" | "CAUGHT_ERROR" => {
            assert!(error.is_some(), "{status} names its error: {}", response.to_json())
        }
        other => panic!("unknown status {other:?}"),
    }
    if !matches!(status, "SUCCEEDED" | "CAUGHT_ERROR") {
        assert!(
            text("output").is_none() && text("nextState").is_none(),
            "{status} has no output and no next state: {}",
            response.to_json()
        );
    }
    if let Some(output) = text("output") {
        assert!(Value::from_json(output).is_ok(), "output is JSON text: {output:?}");
    }
    // `text` has checked that nextState, when there is one, is a string.
    let _ = text("nextState");
    // INFO (the default) answers without inspectionData; DEBUG and TRACE with it, when the state
    // was entered.
    let level = request.get("inspectionLevel").and_then(Value::as_str);
    match members.get("inspectionData") {
        Some(data) => {
            assert!(
                matches!(level, Some("DEBUG" | "TRACE")),
                "inspectionData only at DEBUG and TRACE, not at {level:?}"
            );
            check_inspection_data(data);
        }
        None => assert!(
            !matches!(level, Some("DEBUG" | "TRACE")) || status == "FAILED",
            "{level:?} answers with inspectionData once the state ran: {}",
            response.to_json()
        ),
    }
    // What the CLI prints reads back as the same answer.
    let printed = response.to_json();
    assert_eq!(
        Value::from_json(&printed).ok().as_ref(),
        Some(response),
        "the response survives printing: {printed}"
    );
}

fn check_inspection_data(data: &Value) {
    let members = data
        .as_object()
        .unwrap_or_else(|| panic!("inspectionData is an object: {}", data.to_json()));
    for (name, value) in members.iter() {
        match &**name {
            stage if DOCUMENT_STAGES.contains(&stage) => {
                let document = value
                    .as_str()
                    .unwrap_or_else(|| panic!("inspectionData.{stage} is a string: {}", data.to_json()));
                assert!(
                    Value::from_json(document).is_ok(),
                    "inspectionData.{stage} is JSON text: {document:?}"
                );
            }
            "maxConcurrency" | "toleratedFailureCount" | "toleratedFailurePercentage" => {
                assert!(
                    value.as_f64().is_some(),
                    "inspectionData.{name} is a number: {}",
                    data.to_json()
                )
            }
            "errorDetails" => {
                let details = value
                    .as_object()
                    .unwrap_or_else(|| panic!("errorDetails is an object: {}", data.to_json()));
                for (field, number) in details.iter() {
                    assert!(
                        matches!(&**field, "catchIndex" | "retryIndex" | "retryBackoffIntervalSeconds"),
                        "errorDetails has no member {field:?}"
                    );
                    assert!(
                        number.as_f64().is_some_and(|number| number >= 0.0),
                        "errorDetails.{field} is a number, not negative: {}",
                        data.to_json()
                    );
                }
            }
            other => panic!("inspectionData has no member {other:?}: {}", data.to_json()),
        }
    }
}

/// Texts that are not what a member wants: not JSON, the wrong JSON, or not a string at all.
/// Past the end of the bytes every decision reads zero, so zero always picks the ordinary shape.
fn garbage(bytes: &mut Bytes) -> serde_json::Value {
    match bytes.below(8) {
        0 => json!(""),
        1 => json!("{"),
        2 => json!("[1, 2"),
        3 => json!("null"),
        4 => json!(42),
        5 => json!({"a": 1}),
        6 => json!("\"é\u{1F600}\""),
        _ => json!(["x"]),
    }
}

impl Grammar<'_> {
    /// A TestState request: mostly well formed, so that states run, with garbage now and then.
    pub(super) fn test_state_request(&mut self) -> serde_json::Value {
        let mut request = serde_json::Map::new();
        let jsonata = self.bytes.below(3) == 0;
        // The definition: one state (named `StateName` by TestState), or a whole machine.
        let mut state_names: Vec<String> = Vec::new();
        let definition = match self.bytes.below(8) {
            0..=3 => {
                self.depth = 1;
                let n_states = 1 + self.bytes.below(3);
                let mut state = self.state("S1_0", 0, n_states, jsonata);
                if jsonata && self.bytes.below(4) != 0 {
                    state["QueryLanguage"] = "JSONata".into();
                }
                self.depth = 0;
                state_names.push("StateName".to_owned());
                state.to_string().into()
            }
            4..=6 => {
                let machine = self.machine(true);
                collect_state_names(&machine, &mut state_names);
                machine.to_string().into()
            }
            _ => {
                let text = garbage(&mut self.bytes);
                if self.bytes.flip() {
                    text
                } else {
                    text.to_string().into()
                }
            }
        };
        request.insert("definition".to_owned(), definition);
        if self.bytes.below(8) != 7 {
            let name = match state_names.is_empty() || self.bytes.below(8) == 7 {
                true => self.bytes.pick(&["Nope", "StateName", ""]).to_owned(),
                false => state_names[self.bytes.below(state_names.len())].clone(),
            };
            request.insert("stateName".to_owned(), name.into());
        }
        if self.bytes.below(4) != 0 {
            let input = match self.bytes.below(8) {
                7 => garbage(&mut self.bytes),
                _ => self.document(3).to_string().into(),
            };
            request.insert("input".to_owned(), input);
        }
        if self.bytes.flip() {
            let level = match self.bytes.below(8) {
                7 => garbage(&mut self.bytes),
                _ => self.bytes.pick(&["INFO", "DEBUG", "TRACE"]).into(),
            };
            request.insert("inspectionLevel".to_owned(), level);
        }
        if self.bytes.below(4) != 0 {
            request.insert("mock".to_owned(), self.test_state_mock());
        }
        if self.bytes.below(4) == 3 {
            let variables = match self.bytes.below(4) {
                3 => garbage(&mut self.bytes),
                _ => json!({"v": self.document(2), "w": self.document(1)}).to_string().into(),
            };
            request.insert("variables".to_owned(), variables);
        }
        if self.bytes.below(4) == 3 {
            request.insert("context".to_owned(), self.context());
        }
        if self.bytes.below(4) == 3 {
            let configuration = self.configuration(&state_names);
            request.insert("stateConfiguration".to_owned(), configuration);
        }
        if self.bytes.below(4) == 3 {
            request.insert("roleArn".to_owned(), "arn:aws:iam::123456789012:role/test".into());
        }
        if self.bytes.below(8) == 7 {
            request.insert("revealSecrets".to_owned(), self.bytes.flip().into());
        }
        if self.bytes.below(16) == 15 {
            request.insert("executionArn".to_owned(), "unknown".into());
        }
        request.into()
    }

    fn test_state_mock(&mut self) -> serde_json::Value {
        let mut mock = match self.bytes.below(8) {
            // A result for a Parallel or a Map: an array of what the branches or iterations gave.
            0 | 1 => {
                let items: Vec<serde_json::Value> = (0..self.bytes.below(4)).map(|_| self.document(1)).collect();
                json!({"result": serde_json::Value::from(items).to_string()})
            }
            2 | 3 => json!({"result": self.document(3).to_string()}),
            // A Lambda Invoke response, with members of the right or the wrong type.
            4 => json!({"result": json!({
                "StatusCode": if self.bytes.flip() { json!(200) } else { json!("200") },
                "Payload": self.document(2),
                "ExecutedVersion": "$LATEST",
            }).to_string()}),
            5 | 6 => json!({"errorOutput": {"error": self.bytes.pick(ERRORS), "cause": "mocked"}}),
            _ => match self.bytes.below(5) {
                0 => json!({}),
                1 => json!({"result": "[]", "errorOutput": {"error": "E1"}}),
                2 => json!({"result": self.document(1)}),
                3 => json!({"errorOutput": garbage(&mut self.bytes)}),
                _ => garbage(&mut self.bytes),
            },
        };
        if self.bytes.below(4) == 3
            && let Some(members) = mock.as_object_mut()
        {
            let mode = match self.bytes.below(5) {
                4 => garbage(&mut self.bytes),
                _ => self.bytes.pick(&["STRICT", "PRESENT", "NONE", "nope"]).into(),
            };
            members.insert("fieldValidationMode".to_owned(), mode);
        }
        mock
    }

    /// A context object as a JSON string: AWS's members, sometimes one it refuses.
    fn context(&mut self) -> serde_json::Value {
        let mut context = json!({
            "Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:m:e", "Input": self.document(2), "Name": "e"},
            "State": {"Name": "StateName", "RetryCount": self.bytes.below(3)},
        });
        match self.bytes.below(8) {
            1 => context["StateMachine"] = json!({"Id": "arn", "Name": "m"}),
            2 => context["Map"] = json!({"Item": {"Index": 0}}),
            3 => context["Task"] = json!({"Token": "t"}),
            4 => context["Execution"]["Name"] = json!(7),
            5 => context["Execution"]["Extra"] = json!(true),
            6 => return garbage(&mut self.bytes),
            _ => {}
        }
        context.to_string().into()
    }

    fn configuration(&mut self, state_names: &[String]) -> serde_json::Value {
        let mut configuration = serde_json::Map::new();
        let count = |bytes: &mut Bytes| -> serde_json::Value {
            match bytes.below(6) {
                2 => json!(-1),
                3 => json!(1.5),
                4 => json!("2"),
                5 => json!(bytes.edgy_integer()),
                _ => json!(bytes.below(6)),
            }
        };
        if self.bytes.flip() {
            configuration.insert("retrierRetryCount".to_owned(), count(&mut self.bytes));
        }
        if self.bytes.flip() {
            configuration.insert("mapIterationFailureCount".to_owned(), count(&mut self.bytes));
        }
        if self.bytes.flip() {
            let name = match state_names.is_empty() || self.bytes.flip() {
                true => self.bytes.pick(&["S2_0", "S2_1", "Nope"]).to_owned(),
                false => state_names[self.bytes.below(state_names.len())].clone(),
            };
            configuration.insert("errorCausedByState".to_owned(), name.into());
        }
        if self.bytes.flip() {
            let data = match self.bytes.below(4) {
                3 => garbage(&mut self.bytes),
                1 => "a,b\n1,2\n3,4".into(),
                2 => "{\"a\":1}\n{\"a\":2}".into(),
                _ => serde_json::Value::from(vec![self.document(1), self.document(1)])
                    .to_string()
                    .into(),
            };
            configuration.insert("mapItemReaderData".to_owned(), data);
        }
        configuration.into()
    }
}

/// Every state name of a machine built by the grammar, nested ones included.
fn collect_state_names(machine: &serde_json::Value, names: &mut Vec<String>) {
    let Some(states) = machine.get("States").and_then(serde_json::Value::as_object) else {
        return;
    };
    for (name, state) in states {
        names.push(name.clone());
        for key in ["ItemProcessor", "Iterator"] {
            if let Some(processor) = state.get(key) {
                collect_state_names(processor, names);
            }
        }
        for branch in state
            .get("Branches")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
        {
            collect_state_names(branch, names);
        }
    }
}
