//! Converting between the playground's mocks (`MockedResponses` keyed by state name) and a
//! Step Functions Local / LocalStack `MockConfigFile`, both ways, as JSON, so that mocks tried
//! here run there and theirs run here. `Mocks::from_mock_config` reads a config for a run;
//! these keep the text a user edits.

use crate::value::{Map, Value};

use super::Mocks;

/// A `MockConfigFile` with one state machine and one test case that answers each state as
/// `mocks` does. Each state's responses are named `<State>MockedResponse`.
pub fn to_mock_config(mocks: &Value, state_machine: &str, test_case: &str) -> Result<Value, String> {
    Mocks::from_value(mocks)?;
    let states = mocks.as_object().ok_or("mocks must be a JSON object")?;
    let mut case = Map::new();
    let mut responses = Map::new();
    for (state_name, state_responses) in states.iter() {
        let response_name = format!("{state_name}MockedResponse");
        case.insert(state_name.clone(), Value::string(response_name.as_str()));
        responses.insert(response_name.into(), state_responses.clone());
    }
    let mut cases = Map::new();
    cases.insert(test_case.into(), Value::object(case));
    let mut machine = Map::new();
    machine.insert("TestCases".into(), Value::object(cases));
    let mut machines = Map::new();
    machines.insert(state_machine.into(), Value::object(machine));
    let mut res = Map::new();
    res.insert("StateMachines".into(), Value::object(machines));
    res.insert("MockedResponses".into(), Value::object(responses));
    Ok(Value::object(res))
}

/// The mocks of one test case of a `MockConfigFile`: the named one, or the first test case of
/// the first state machine that has one.
pub fn from_mock_config(config: &Value, test_case: Option<&str>) -> Result<Value, String> {
    let machines = config
        .get("StateMachines")
        .and_then(Value::as_object)
        .ok_or("the mock config has no \"StateMachines\" object")?;
    let found = machines.iter().find_map(|(machine_name, machine)| {
        let cases = machine.get("TestCases")?.as_object()?;
        let (case_name, case) = match test_case {
            Some(name) => cases.get_key_value(name)?,
            None => cases.first()?,
        };
        Some((machine_name.clone(), case_name.clone(), case.clone()))
    });
    let Some((machine_name, case_name, case)) = found else {
        return Err(match test_case {
            Some(name) => format!("no state machine in the mock config has a test case \"{name}\""),
            None => "the mock config has no test case".to_owned(),
        });
    };
    // Validates every reference on the way (missing responses, bad shapes).
    Mocks::from_mock_config(config, Some(&machine_name), &case_name)?;
    let responses = config.get("MockedResponses").and_then(Value::as_object);
    let mut res = Map::new();
    for (state_name, response_name) in case.as_object().into_iter().flat_map(|case| case.iter()) {
        let response = response_name
            .as_str()
            .and_then(|name| responses.and_then(|responses| responses.get(name)))
            .cloned()
            .unwrap_or(Value::Null);
        res.insert(state_name.clone(), response);
    }
    Ok(Value::object(res))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mocks_round_trip_through_a_mock_config_file() {
        let mocks = Value::from_json(
            r#"{"ProcessPayment": {"0": {"Throw": {"Error": "PaymentFailedError", "Cause": "declined"}}}, "Notify": {"0-2": {"Return": {"ok": true}}}}"#,
        )
        .unwrap();
        let config = to_mock_config(&mocks, "OrderWorkflow", "Declined").unwrap();
        assert_eq!(
            config.to_json(),
            r#"{"StateMachines":{"OrderWorkflow":{"TestCases":{"Declined":{"ProcessPayment":"ProcessPaymentMockedResponse","Notify":"NotifyMockedResponse"}}}},"MockedResponses":{"ProcessPaymentMockedResponse":{"0":{"Throw":{"Error":"PaymentFailedError","Cause":"declined"}}},"NotifyMockedResponse":{"0-2":{"Return":{"ok":true}}}}}"#
        );
        assert!(Mocks::from_mock_config(&config, None, "Declined").is_ok());
        assert_eq!(from_mock_config(&config, None).unwrap(), mocks);
        assert_eq!(from_mock_config(&config, Some("Declined")).unwrap(), mocks);
        assert!(
            from_mock_config(&config, Some("Other"))
                .unwrap_err()
                .contains("\"Other\"")
        );
        assert!(to_mock_config(&Value::from_i64(1), "M", "C").is_err());
    }
}
