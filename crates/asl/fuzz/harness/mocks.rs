//! `mocks`: a JSON text, read both as `MockedResponses` and as a `MockConfigFile`, then asked
//! for a few tasks' answers.

use asl::Value;
use asl::mock::Mocks;

/// Reads a JSON text as `MockedResponses` and as a `MockConfigFile`, then answers a few tasks.
pub fn mocks(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(value) = Value::from_json(&text) else {
        return;
    };
    let mut names: Vec<String> = Vec::new();
    if let Ok(mocks) = Mocks::from_value(&value) {
        if let Some(states) = value.as_object() {
            names.extend(states.keys().map(|name| name.to_string()));
        }
        answer_some(&mocks, &names);
    }
    // Test case and state machine names come from the document itself, so that some are found.
    let mut machines: Vec<Option<String>> = vec![None, Some("nope".to_owned())];
    let mut cases = vec!["nope".to_owned()];
    if let Some(found) = value.get("StateMachines").and_then(Value::as_object) {
        for (name, machine) in found.iter() {
            machines.push(Some(name.to_string()));
            if let Some(found_cases) = machine.get("TestCases").and_then(Value::as_object) {
                cases.extend(found_cases.keys().map(|case| case.to_string()));
                for case in found_cases.values().filter_map(Value::as_object) {
                    names.extend(case.keys().map(|name| name.to_string()));
                }
            }
        }
    }
    for machine in machines.iter().take(4) {
        for case in cases.iter().take(4) {
            match Mocks::from_mock_config(&value, machine.as_deref(), case) {
                Ok(mocks) => answer_some(&mocks, &names),
                Err(message) => assert!(!message.is_empty()),
            }
        }
    }
}

fn answer_some(mocks: &Mocks, names: &[String]) {
    for name in names.iter().take(8).chain(std::iter::once(&"missing".to_owned())) {
        for invocation in 0..4 {
            if let Err(missing) = mocks.response(name, invocation) {
                assert_eq!(&missing.state_name, name);
                assert!(missing.to_string().contains("the run stopped"));
                break;
            }
        }
    }
}
