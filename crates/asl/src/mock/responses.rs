//! Mocked task responses in the shape of AWS Step Functions Local's `MockedResponses`.
//!
//! `{"ProcessPayment": {"0": {"Return": {...}}, "1-3": {"Throw": {"Error": "E", "Cause": "c"}}}}`
//! maps a Task state's name to responses by 0-based invocation number (or inclusive range),
//! counted per state name over the whole execution, retries and Map iterations included.
//! Mocks answer by state name; the host decides when to consult them.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::s3::{S3_URI_PREFIX, S3Objects};
use super::{MissingMock, MockAnswer};
use crate::exec::{TaskRequest, WorkflowError};
use crate::value::Value;

#[derive(Clone, Debug)]
pub enum MockResponse {
    Return(Value),
    Throw(WorkflowError),
    /// `{"NoAnswer": true}`: the task never answers, so it times out (TaskTimedOut) when its
    /// TimeoutSeconds or HeartbeatSeconds runs out, unless the execution's TimeoutSeconds ends
    /// first.
    NoAnswer,
}

#[derive(Clone, Debug, Default)]
pub struct Mocks {
    states: BTreeMap<Arc<str>, Vec<(u64, u64, MockResponse)>>,
    /// Objects a Distributed Map's ItemReader reads (`"s3://bucket/key"` keys, see `s3`).
    s3: S3Objects,
}

impl Mocks {
    /// Reads a `MockedResponses`-shaped object keyed by state name.
    pub fn from_value(value: &Value) -> Result<Mocks, String> {
        let Some(states) = value.as_object() else {
            return Err(format!(
                "mocks must be a JSON object keyed by Task state name, not {}",
                value.type_name()
            ));
        };
        let mut res = Mocks::default();
        for (state_name, responses) in states.iter() {
            if state_name.starts_with(S3_URI_PREFIX) {
                res.s3.insert_uri(state_name, responses.clone())?;
                continue;
            }
            res.states
                .insert(state_name.clone(), parse_responses(state_name, responses)?);
        }
        Ok(res)
    }

    /// Reads a Step Functions Local `MockConfigFile` and picks one test case. The state machine
    /// may be omitted when the file describes only one.
    pub fn from_mock_config(config: &Value, state_machine: Option<&str>, test_case: &str) -> Result<Mocks, String> {
        let machines = config
            .get("StateMachines")
            .and_then(Value::as_object)
            .ok_or("the mock config has no \"StateMachines\" object")?;
        let machine = match state_machine {
            Some(name) => {
                let machine = machines
                    .get(name)
                    .ok_or_else(|| format!("the mock config has no state machine \"{name}\""))?;
                if machine
                    .get("TestCases")
                    .and_then(|cases| cases.get(test_case))
                    .is_none()
                {
                    return Err(format!(
                        "state machine \"{name}\" of the mock config has no test case \"{test_case}\""
                    ));
                }
                machine
            }
            None => {
                let with_case: Vec<(&Arc<str>, &Value)> = machines
                    .iter()
                    .filter(|(_, machine)| {
                        machine
                            .get("TestCases")
                            .and_then(|cases| cases.get(test_case))
                            .is_some()
                    })
                    .collect();
                match with_case.as_slice() {
                    [(_, machine)] => *machine,
                    [] => {
                        return Err(format!(
                            "no state machine in the mock config has a test case \"{test_case}\""
                        ));
                    }
                    several => {
                        let names: Vec<&str> = several.iter().map(|(name, _)| &***name).collect();
                        return Err(format!(
                            "several state machines have a test case \"{test_case}\" ({}); name one",
                            names.join(", ")
                        ));
                    }
                }
            }
        };
        // Both branches above made sure that the test case is there.
        let case = machine
            .get("TestCases")
            .and_then(|cases| cases.get(test_case))
            .unwrap_or(&Value::Null);
        let case = case.as_object().ok_or_else(|| {
            format!(
                "test case \"{test_case}\" must be an object mapping state names to response names, not {}",
                case.type_name()
            )
        })?;
        let responses = config
            .get("MockedResponses")
            .and_then(Value::as_object)
            .ok_or("the mock config has no \"MockedResponses\" object")?;
        let mut res = Mocks::default();
        for (state_name, response_name) in case.iter() {
            let response_name = response_name
                .as_str()
                .ok_or_else(|| format!("test case \"{test_case}\" must map \"{state_name}\" to a response name"))?;
            let response = responses
                .get(response_name)
                .ok_or_else(|| format!("MockedResponses has no \"{response_name}\" (used for \"{state_name}\")"))?;
            res.states
                .insert(state_name.clone(), parse_responses(response_name, response)?);
        }
        Ok(res)
    }

    /// The answer to a task request: its state's response for the request's invocation number
    /// (`TaskRequest::invocation`, counted per state over the whole execution). It depends on the
    /// request alone, so a host that goes back in time and forward again gets the same answers.
    pub fn answer_request(&self, request: &TaskRequest) -> MockAnswer {
        if request.item_reader {
            // A Map's ItemReader: the mocked object, else a response mocked for the Map by name.
            return match self.s3.answer(request) {
                Ok(body) => Ok(Some(Ok(body))),
                Err(uri) => self
                    .response(&request.state_name, u64::from(request.invocation))
                    .map_err(|missing| MissingMock {
                        s3_object: Some(uri),
                        ..missing
                    }),
            };
        }
        self.response(&request.state_name, u64::from(request.invocation))
    }

    /// The mocked S3 objects.
    pub fn s3(&self) -> &S3Objects {
        &self.s3
    }

    /// The response for invocation `invocation` of `state_name`.
    pub fn response(&self, state_name: &str, invocation: u64) -> MockAnswer {
        let responses = self.states.get(state_name);
        let found = responses.and_then(|responses| {
            responses
                .iter()
                .find(|(first, last, _)| (*first..=*last).contains(&invocation))
        });
        match found {
            Some((_, _, MockResponse::Return(value))) => Ok(Some(Ok(value.clone()))),
            Some((_, _, MockResponse::Throw(error))) => Ok(Some(Err(error.clone()))),
            Some((_, _, MockResponse::NoAnswer)) => Ok(None),
            None => Err(MissingMock {
                state_name: state_name.to_owned(),
                invocation,
                has_any: responses.is_some(),
                looked_up: Vec::new(),
                s3_object: None,
            }),
        }
    }
}

fn parse_responses(owner: &str, responses: &Value) -> Result<Vec<(u64, u64, MockResponse)>, String> {
    let Some(entries) = responses.as_object() else {
        return Err(format!(
            "the mocks for \"{owner}\" must be an object keyed by invocation number, like {{\"0\": {{\"Return\": …}}}}"
        ));
    };
    let mut res: Vec<(u64, u64, MockResponse, Arc<str>)> = Vec::new();
    for (key, response) in entries.iter() {
        let (first, last) = match key.split_once('-') {
            Some((first, last)) => (first.trim().parse::<u64>(), last.trim().parse::<u64>()),
            None => (key.trim().parse::<u64>(), key.trim().parse::<u64>()),
        };
        let (Ok(first), Ok(last)) = (first, last) else {
            return Err(format!(
                "mock key \"{key}\" of \"{owner}\" must be an invocation number like \"0\" or a range like \"1-3\""
            ));
        };
        if last < first {
            return Err(format!("mock range \"{key}\" of \"{owner}\" ends before it starts"));
        }
        let response = match (response.get("Return"), response.get("Throw"), response.get("NoAnswer")) {
            (Some(value), None, None) => MockResponse::Return(value.clone()),
            (None, None, Some(Value::Bool(true))) => MockResponse::NoAnswer,
            (None, Some(throw), None) => {
                // `"Error": null`: a failure without an error name, as SendTaskFailure without
                // `error` gives (AWS records Error and Cause as null); see `WorkflowError::unnamed`.
                let error = match throw.get("Error") {
                    Some(Value::Null) => "",
                    error => error.and_then(Value::as_str).ok_or_else(|| {
                        format!("the Throw of \"{owner}\" invocation {key} needs an \"Error\" string")
                    })?,
                };
                let cause = match throw.get("Cause") {
                    None | Some(Value::Null) => "",
                    Some(cause) => cause.as_str().ok_or_else(|| {
                        format!(
                            "the \"Cause\" of \"{owner}\" invocation {key}'s Throw must be a string, not {}",
                            cause.type_name()
                        )
                    })?,
                };
                MockResponse::Throw(WorkflowError::new(error, cause))
            }
            _ => {
                return Err(format!(
                    "mock \"{key}\" of \"{owner}\" must have exactly one of \"Return\", \"Throw\" or \"NoAnswer\": true"
                ));
            }
        };
        // Two keys for one invocation would make the answer depend on the order of the keys.
        if let Some((other_first, _, _, other)) = res
            .iter()
            .find(|(other_first, other_last, _, _)| first <= *other_last && *other_first <= last)
        {
            return Err(format!(
                "mock keys \"{other}\" and \"{key}\" of \"{owner}\" both answer invocation {}; make the ranges not overlap",
                first.max(*other_first)
            ));
        }
        res.push((first, last, response, key.clone()));
    }
    Ok(res
        .into_iter()
        .map(|(first, last, response, _)| (first, last, response))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_by_invocation_number_and_range() {
        let value = Value::from_json(r#"{"P":{"0":{"Throw":{"Error":"E","Cause":"c"}},"1-2":{"Return":{"ok":true}}}}"#)
            .unwrap();
        let mocks = Mocks::from_value(&value).unwrap();
        assert_eq!(
            mocks.response("P", 0).unwrap().unwrap().unwrap_err().error.as_ref(),
            "E"
        );
        assert!(mocks.response("P", 1).unwrap().unwrap().is_ok());
        assert!(mocks.response("P", 2).unwrap().unwrap().is_ok());
        let missing = mocks.response("P", 3).unwrap_err();
        assert_eq!(missing.invocation, 3);
        assert!(
            mocks
                .response("Q", 0)
                .unwrap_err()
                .to_string()
                .contains("Task state \"Q\": it has no mocked response")
        );
    }

    #[test]
    fn no_answer_and_an_unnamed_failure() {
        let value = Value::from_json(
            r#"{"P":{"0":{"NoAnswer":true},"1":{"Throw":{"Error":null}},"2":{"Throw":{"Error":null,"Cause":null}}}}"#,
        )
        .unwrap();
        let mocks = Mocks::from_value(&value).unwrap();
        assert_eq!(mocks.response("P", 0).unwrap(), None);
        for invocation in [1, 2] {
            let error = mocks.response("P", invocation).unwrap().unwrap().unwrap_err();
            assert!(error.unnamed());
            assert_eq!(error.to_value().to_json(), r#"{"Error":null,"Cause":null}"#);
        }
        for bad in [
            r#"{"P":{"0":{"NoAnswer":false}}}"#,
            r#"{"P":{"0":{"NoAnswer":true,"Return":1}}}"#,
        ] {
            let error = Mocks::from_value(&Value::from_json(bad).unwrap()).unwrap_err();
            assert!(error.contains("exactly one of"), "{error}");
        }
    }

    #[test]
    fn reads_step_functions_local_config() {
        let config = Value::from_json(
            r#"{"StateMachines":{"Order":{"TestCases":{"Fail":{"ProcessPayment":"Declined"}}}},
                "MockedResponses":{"Declined":{"0":{"Throw":{"Error":"PaymentFailedError","Cause":"card declined"}}}}}"#,
        )
        .unwrap();
        let mocks = Mocks::from_mock_config(&config, None, "Fail").unwrap();
        assert_eq!(
            mocks
                .response("ProcessPayment", 0)
                .unwrap()
                .unwrap()
                .unwrap_err()
                .error
                .as_ref(),
            "PaymentFailedError"
        );
        assert!(Mocks::from_mock_config(&config, Some("Nope"), "Fail").is_err());
    }
}
