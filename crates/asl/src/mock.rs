//! Mocked task responses in the shape of AWS Step Functions Local's `MockedResponses`.
//!
//! `{"ProcessPayment": {"0": {"Return": {...}}, "1-3": {"Throw": {"Error": "E", "Cause": "c"}}}}`
//! maps a Task state's name to responses by 0-based invocation number (or inclusive range),
//! counted per state name over the whole execution, retries and Map iterations included.
//! Mocks answer by state name; the host decides when to consult them.
//!
//! **The missing-mock policy**, one for every host (the CLI's `run` and `test`, conformance
//! cases, the playground's Run): a Task that no mock answers *stops the run* there, with a
//! message that names the state and the invocation and says what to add. It is a gap in the
//! test setup, not a workflow error, so it never becomes an error that a `States.ALL` Retry or
//! Catch could swallow; the history up to the task stays readable. Only the playground's step
//! debugger differs: there, the run pauses on the task for an answer by hand.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::exec::{Execution, HostError, Step, TaskRequest, WorkflowError};
use crate::jsonata::Evaluator;
use crate::value::Value;

#[derive(Clone, Debug)]
pub enum MockResponse {
    Return(Value),
    Throw(WorkflowError),
}

#[derive(Clone, Debug, Default)]
pub struct Mocks {
    states: BTreeMap<Arc<str>, Vec<(u64, u64, MockResponse)>>,
}

/// Why a task could not be answered from the mocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingMock {
    pub state_name: String,
    pub invocation: u64,
    pub has_any: bool,
}

impl fmt::Display for MissingMock {
    /// The message every host shows when a run stops on a missing mock.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.has_any {
            write!(
                formatter,
                "the run stopped at Task state \"{}\": no mocked response for its invocation {}; add \"{}\": {{\"{}\": {{\"Return\": …}}}} to the mocks",
                self.state_name, self.invocation, self.state_name, self.invocation
            )
        } else {
            write!(
                formatter,
                "the run stopped at Task state \"{}\": it has no mocked response; add \"{}\": {{\"0\": {{\"Return\": …}}}} to the mocks",
                self.state_name, self.state_name
            )
        }
    }
}

/// How a run driven by mocks ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MockedRun {
    /// The execution ended (see its outcome).
    Finished,
    /// The step budget ran out first: the workflow may loop forever.
    OutOfSteps,
    /// A Task had no mock: the run stopped there, by the missing-mock policy.
    MissingMock(MissingMock),
    /// Nothing could move and nothing was due: no task to answer, no clock to move.
    Stuck,
}

/// Runs an execution to its end, answering every task from `mocks` and every JSONata
/// evaluation from `evaluator`, and jumping the virtual clock to each wake-up; stops on a
/// missing mock (the policy above) or after `max_steps` steps.
pub fn run_to_end(
    execution: &mut Execution,
    mocks: &Mocks,
    max_steps: u64,
    evaluator: &mut dyn Evaluator,
) -> Result<MockedRun, HostError> {
    for _ in 0..max_steps {
        match execution.step()? {
            Step::Progressed => {}
            Step::TaskRequested(request) => match mocks.answer_request(&request) {
                Ok(result) => execution.complete_task(request.id, result)?,
                Err(missing) => return Ok(MockedRun::MissingMock(missing)),
            },
            Step::EvaluationRequested(request) => {
                let answers = evaluator.evaluate(&request);
                execution.complete_evaluation(request.id, answers)?;
            }
            Step::Blocked { next_wakeup } => match next_wakeup {
                Some(time) => execution.advance_clock(time)?,
                None => return Ok(MockedRun::Stuck),
            },
            Step::Finished => return Ok(MockedRun::Finished),
        }
    }
    Ok(if execution.outcome().is_some() {
        MockedRun::Finished
    } else {
        MockedRun::OutOfSteps
    })
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
    pub fn answer_request(&self, request: &TaskRequest) -> Result<Result<Value, WorkflowError>, MissingMock> {
        self.response(&request.state_name, u64::from(request.invocation))
    }

    /// The response for invocation `invocation` of `state_name`.
    pub fn response(&self, state_name: &str, invocation: u64) -> Result<Result<Value, WorkflowError>, MissingMock> {
        let responses = self.states.get(state_name);
        let found = responses.and_then(|responses| {
            responses
                .iter()
                .find(|(first, last, _)| (*first..=*last).contains(&invocation))
        });
        match found {
            Some((_, _, MockResponse::Return(value))) => Ok(Ok(value.clone())),
            Some((_, _, MockResponse::Throw(error))) => Ok(Err(error.clone())),
            None => Err(MissingMock {
                state_name: state_name.to_owned(),
                invocation,
                has_any: responses.is_some(),
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
        let response = match (response.get("Return"), response.get("Throw")) {
            (Some(value), None) => MockResponse::Return(value.clone()),
            (None, Some(throw)) => {
                let error = throw
                    .get("Error")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("the Throw of \"{owner}\" invocation {key} needs an \"Error\" string"))?;
                let cause = match throw.get("Cause") {
                    None => "",
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
                    "mock \"{key}\" of \"{owner}\" must have exactly one of \"Return\" or \"Throw\""
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
        assert_eq!(mocks.response("P", 0).unwrap().unwrap_err().error.as_ref(), "E");
        assert!(mocks.response("P", 1).unwrap().is_ok());
        assert!(mocks.response("P", 2).unwrap().is_ok());
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
    fn reads_step_functions_local_config() {
        let config = Value::from_json(
            r#"{"StateMachines":{"Order":{"TestCases":{"Fail":{"ProcessPayment":"Declined"}}}},
                "MockedResponses":{"Declined":{"0":{"Throw":{"Error":"PaymentFailedError","Cause":"card declined"}}}}}"#,
        )
        .unwrap();
        let mocks = Mocks::from_mock_config(&config, None, "Fail").unwrap();
        assert_eq!(
            mocks.response("ProcessPayment", 0).unwrap().unwrap_err().error.as_ref(),
            "PaymentFailedError"
        );
        assert!(Mocks::from_mock_config(&config, Some("Nope"), "Fail").is_err());
    }
}
