//! A state of a run exported as a TestState request (`asl::test_state::export`), then answered
//! by the offline TestState (what `asl test-state` runs), gives the status, output and next
//! state the run showed for that state: for Tasks that succeed and that are caught, Pass
//! states with parameters, Choice states and states that read variables.

use asl::test_state::{Environment, export::request_for, test_state};
use asl::{Execution, ExecutionOptions, Value};

const DEFINITION: &str = r#"{
  "StartAt": "Remember",
  "States": {
    "Remember": {"Type": "Pass", "Assign": {"orderId.$": "$.id"}, "Parameters": {"amount.$": "$.amount", "id.$": "$.orderId"}, "Next": "Charge"},
    "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
      "ResultSelector": {"charged.$": "$.Payload.charged"}, "ResultPath": "$.payment",
      "Catch": [{"ErrorEquals": ["CardDeclined"], "ResultPath": "$.error", "Next": "Declined"}],
      "Next": "Big?"},
    "Big?": {"Type": "Choice", "Choices": [{"Variable": "$.amount", "NumericGreaterThan": 100, "Next": "Review"}], "Default": "Confirm"},
    "Review": {"Type": "Pass", "End": true},
    "Confirm": {"Type": "Pass", "Parameters": {"orderId.$": "$orderId", "charged.$": "$.payment.charged"}, "End": true},
    "Declined": {"Type": "Pass", "Parameters": {"orderId.$": "$orderId", "why.$": "$.error.Error"}, "End": true}
  }
}"#;

fn run(answer: Result<Value, asl::WorkflowError>) -> Vec<(String, String, Option<String>, Option<String>)> {
    let machine = asl::load(DEFINITION).expect("valid");
    let checked = asl::check(DEFINITION);
    let options = ExecutionOptions {
        trace: true,
        ..ExecutionOptions::default()
    };
    let input = Value::from_json(r#"{"orderId": "o-1", "amount": 42}"#).unwrap();
    let mut execution = Execution::start(&machine, input, options);
    let mut variables_at_entry = Vec::new();
    // Steps one at a time, keeping the variables in scope as each state is entered.
    for _ in 0..100 {
        let step = execution.step().unwrap();
        while variables_at_entry.len() < execution.trace().len() {
            let entry = &execution.trace()[variables_at_entry.len()];
            variables_at_entry.push(execution.variables(entry.run));
        }
        match step {
            asl::Step::TaskRequested(request) => execution.complete_task(request.id, answer.clone()).unwrap(),
            asl::Step::Finished => break,
            _ => {}
        }
    }
    assert_eq!(execution.status(), asl::Status::Succeeded, "{:?}", execution.outcome());
    let mut res = Vec::new();
    let mut engine = asl::jsonata::NoEngine;
    for (entry, variables) in execution.trace().iter().zip(&variables_at_entry) {
        let request = request_for(DEFINITION, &checked.definition, entry, variables).expect("exports");
        let answer = test_state(&request, Environment::default(), &mut engine).expect("TestState answers");
        let shown_next = entry
            .next
            .and_then(|next| checked.definition.state(next))
            .map(|state| state.name.to_string());
        let shown_output = entry.output.as_ref().map(Value::to_json);
        let answered_output = answer
            .get("output")
            .and_then(Value::as_str)
            .map(|text| Value::from_json(text).unwrap().to_json());
        let answered_next = answer.get("nextState").and_then(Value::as_str).map(str::to_owned);
        assert_eq!(
            answered_output,
            shown_output,
            "{}: output; request {}",
            entry.name,
            request.to_json()
        );
        assert_eq!(answered_next, shown_next, "{}: next state", entry.name);
        res.push((
            entry.name.to_string(),
            answer
                .get("status")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            answered_next,
            answered_output,
        ));
    }
    res
}

#[test]
fn exported_states_answer_as_the_run_showed() {
    let succeeded = run(Ok(Value::from_json(
        r#"{"StatusCode": 200, "Payload": {"charged": 42}}"#,
    )
    .unwrap()));
    let names: Vec<(&str, &str)> = succeeded
        .iter()
        .map(|(name, status, ..)| (name.as_str(), status.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Remember", "SUCCEEDED"),
            ("Charge", "SUCCEEDED"),
            ("Big?", "SUCCEEDED"),
            ("Confirm", "SUCCEEDED")
        ]
    );
    let caught = run(Err(asl::WorkflowError::new("CardDeclined", "insufficient funds")));
    let names: Vec<(&str, &str)> = caught
        .iter()
        .map(|(name, status, ..)| (name.as_str(), status.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Remember", "SUCCEEDED"),
            ("Charge", "CAUGHT_ERROR"),
            ("Declined", "SUCCEEDED")
        ]
    );
}

#[test]
fn a_map_reading_json_reports_what_its_items_pointer_selects() {
    // The API reference's InspectionData: afterItemsPointer is "the effective input after the
    // ItemsPointer filter is applied in a Map state", a JSON string; here from the request's
    // mapItemReaderData, "the data read by ItemReader ... as found in its original source".
    let definition = r#"{"Type": "Map", "End": true,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "JSON", "ItemsPointer": "/data/orders"},
            "Parameters": {"Bucket": "shop", "Key": "export.json"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}"#;
    let request = |level: &str| {
        let mut request = asl::value::Map::new();
        request.insert("definition".into(), Value::string(definition));
        request.insert("input".into(), Value::string("{}"));
        request.insert("inspectionLevel".into(), Value::string(level));
        request.insert(
            "stateConfiguration".into(),
            Value::from_json(r#"{"mapItemReaderData": "{\"data\": {\"orders\": [{\"id\": 1}, {\"id\": 2}]}}"}"#)
                .unwrap(),
        );
        request.insert("mock".into(), Value::from_json(r#"{"result": "[1, 2]"}"#).unwrap());
        Value::object(request)
    };
    let answer = test_state(&request("DEBUG"), Environment::default(), &mut asl::jsonata::NoEngine).unwrap();
    let inspection = answer.get("inspectionData").unwrap();
    assert_eq!(
        inspection.get("afterItemsPointer").and_then(Value::as_str),
        Some(r#"[{"id":1},{"id":2}]"#)
    );
    let answer = test_state(&request("INFO"), Environment::default(), &mut asl::jsonata::NoEngine).unwrap();
    assert!(answer.get("inspectionData").is_none());
}

/// The API reference (MockInput) caps `mock.result` at 262,144 characters: a longer one is
/// refused, not run (a result that long would otherwise fail as an oversized task result).
#[test]
fn a_mock_result_over_the_apis_length_is_refused() {
    let request = |length: usize| {
        let result = Value::from(format!("\"{}\"", "a".repeat(length - 2)).as_str());
        Value::object_from([
            (
                "definition",
                Value::from(r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}"#),
            ),
            ("mock", Value::object_from([("result", result)])),
        ])
    };
    let refused = test_state(&request(262_145), Environment::default(), &mut asl::jsonata::NoEngine).unwrap_err();
    assert_eq!(refused.code, "ValidationException");
    assert!(refused.message.contains("'mock.result'"), "{}", refused.message);
    let answered = test_state(&request(262_144), Environment::default(), &mut asl::jsonata::NoEngine);
    assert!(
        answered.is_ok(),
        "{:?}",
        answered.err().map(|rejection| rejection.message)
    );
}
