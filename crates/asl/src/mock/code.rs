//! Mocks written as code: a JavaScript or Python module of functions, looked up for each Task by
//! the state's name, then the Lambda function's name, then the resource ARN.
//!
//! The core shapes both ends of a call, so that every host's engine behaves alike: [`CodeCall`]
//! is what the engine's glue (`web/src/mocks-host.js`, the Python runner of `crates/asl-mocks`)
//! is asked, as JSON (`to_host_json`), and [`CodeCall::result`] turns the glue's answer
//! (`answer_from_host_json`), or the host's own verdict (timed out, crashed), into the task's
//! result or error as AWS would report it. The engines run the code; nothing here does.
//!
//! The request, as the glue reads it: `{"names": [...], "input": event, "context": {...},
//! "execution": {"id": …, "input"?: …}, "seed": [u32; 4], "now": millis}`.
//! `context` holds `stateName`, `resource`, `invocation`, `retryCount`, `mapIndex` and
//! `parallelBranch` (the innermost Map iteration or Parallel branch, else null), `taskToken`,
//! the Lambda context's `functionName`, `functionVersion`, `invokedFunctionArn`,
//! `awsRequestId` and `remainingMillis`, and the context object `$$` as `contextObject` — with
//! `Execution.Input` left `null`: the execution's input, often the whole list a Map iterates
//! over, crosses once per execution (`execution.input`, on the first request the glue sees
//! for that execution id), and the glue puts a copy back when a function reads it. Sending it
//! with every call made a 10,000-item Map quadratic.
//! `seed` seeds the call's random numbers, from the execution's seed and the (state,
//! invocation); `now` is the virtual clock, which stands still during the call.
//!
//! The answer, as the glue writes it: `{"missing": true}`, or `{"found": name}` with one of
//! `"value": v`, `"threw": {"name", "message", "document"}` (an error, with the language
//! runtime's error document), `"failed": {"Error", "Cause"}` (a thrown `{Error, Cause}`
//! object), `"notJson": why`; and `"logs": [lines]` in every case.

use std::sync::Arc;

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

use super::lambda::{self, InvokeDetails, LambdaFunction, Target};
use super::{MissingMock, MockAnswer};
use crate::exec::{Execution, RunKind, TaskRequest, WorkflowError, errors};
use crate::value::Value;

/// One task request, as a mock written as code is asked it.
#[derive(Clone, Debug)]
pub struct CodeCall {
    pub state_name: Arc<str>,
    pub invocation: u32,
    pub resource: Arc<str>,
    /// What the resource invokes: it decides how the answer becomes the task's result.
    pub target: Target,
    /// A `.waitForTaskToken` task: what the mock returns or throws is the callback's success or
    /// failure.
    pub callback: bool,
    /// The invocation's request id (Lambda's `awsRequestId`), derived from the seed.
    pub request_id: String,
    /// The names looked up, in order, without repeats.
    pub names: Vec<String>,
    /// What the function receives.
    pub event: Value,
    /// The `context` argument's data (`contextObject.Execution.Input` left null).
    pub context: Value,
    /// `$$.Execution.Id`: which execution the input belongs to.
    pub execution_id: Arc<str>,
    /// `$$.Execution.Input`, sent to the glue once per execution.
    pub execution_input: Value,
    pub seed: [u32; 4],
    pub now: i64,
}

/// What a mock's call came to.
#[derive(Clone, Debug, PartialEq)]
pub enum CodeAnswer {
    /// No function of the module has any of the names.
    Missing,
    /// The function returned this value.
    Returned(Value),
    /// The function threw an error: its name and message, and the error document the
    /// language's Lambda runtime writes for it.
    Threw {
        name: String,
        message: String,
        document: Value,
    },
    /// The function threw an `{Error, Cause}` object, taken as is.
    Failed(WorkflowError),
    /// The function returned something JSON cannot hold (undefined, a function, a cycle…).
    NotJson(String),
    /// The host stopped the function after its time limit.
    TimedOut { limit_millis: u64 },
    /// The engine failed under the function (out of memory, the process exited).
    Crashed(String),
}

/// The glue's answer: what the call came to, which name answered, and what it logged.
#[derive(Clone, Debug, PartialEq)]
pub struct HostAnswer {
    pub answer: CodeAnswer,
    pub found: Option<String>,
    pub logs: Vec<String>,
}

impl CodeCall {
    /// The call for a task request of `execution`.
    pub fn new(execution: &Execution, request: &TaskRequest) -> CodeCall {
        let options = execution.options();
        let target = Target::of(&request.resource, &request.input, &options.region, &options.account);
        let mut names = vec![request.state_name.to_string()];
        if let Some(function) = target.function() {
            names.push(function.name.clone());
        }
        names.push(request.resource.to_string());
        let mut seen = Vec::new();
        names.retain(|name| {
            let fresh = !seen.contains(name);
            seen.push(name.clone());
            fresh
        });

        let mut rng = ChaCha8Rng::seed_from_u64(
            options.seed
                ^ fnv1a(request.state_name.as_bytes())
                ^ u64::from(request.invocation).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let seed = [rng.next_u32(), rng.next_u32(), rng.next_u32(), rng.next_u32()];
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&rng.next_u64().to_le_bytes());
        let request_id = crate::intrinsics::uuid_v4(bytes);

        let innermost = execution.run_path(request.run).last().copied();
        let index_of = |kind: RunKind| match innermost {
            Some(step) if step.kind == kind => Value::from_i64(step.index as i64),
            _ => Value::Null,
        };
        let now = execution.now();
        let function = target.function();
        let (context_object, execution_id, execution_input) = split_execution_input(&request.context);
        let text = |value: Option<&str>| value.map_or(Value::Null, Value::from);
        let context = Value::object_from([
            ("stateName", Value::String(request.state_name.clone())),
            ("resource", Value::String(request.resource.clone())),
            ("invocation", Value::from_i64(i64::from(request.invocation))),
            ("retryCount", Value::from_i64(i64::from(request.retry_count))),
            ("mapIndex", index_of(RunKind::Iteration)),
            ("parallelBranch", index_of(RunKind::Branch)),
            (
                "taskToken",
                request.task_token.clone().map_or(Value::Null, Value::String),
            ),
            ("functionName", text(function.map(|function| function.name.as_str()))),
            ("functionVersion", text(function.map(LambdaFunction::executed_version))),
            (
                "invokedFunctionArn",
                text(function.map(|function| function.arn.as_str())),
            ),
            ("awsRequestId", Value::from(request_id.as_str())),
            (
                "remainingMillis",
                Value::from_i64(request.deadline.saturating_sub(now).max(0)),
            ),
            ("contextObject", context_object),
        ]);
        CodeCall {
            state_name: request.state_name.clone(),
            invocation: request.invocation,
            resource: request.resource.clone(),
            event: target.event(&request.input),
            target,
            callback: request.task_token.is_some(),
            request_id,
            names,
            context,
            execution_id,
            execution_input,
            seed,
            now,
        }
    }

    /// The request as the glue reads it (see the module's documentation); `with_execution_input`
    /// when the glue has not had this execution's input yet (its first call, or its first
    /// since the host restarted it).
    pub fn to_host_json(&self, with_execution_input: bool) -> String {
        let id = Value::String(self.execution_id.clone());
        let execution = if with_execution_input {
            Value::object_from([("id", id), ("input", self.execution_input.clone())])
        } else {
            Value::object_from([("id", id)])
        };
        Value::object_from([
            (
                "names",
                Value::array(self.names.iter().map(|name| Value::from(name.as_str())).collect()),
            ),
            ("input", self.event.clone()),
            ("context", self.context.clone()),
            ("execution", execution),
            (
                "seed",
                Value::array(self.seed.iter().map(|word| Value::from_i64(i64::from(*word))).collect()),
            ),
            ("now", Value::from_i64(self.now)),
        ])
        .to_json()
    }

    /// The task's result or error for what the call came to, as AWS reports it for the
    /// resource: a Lambda function's errors are function errors, and the optimised
    /// integration wraps what the function returned; a `.waitForTaskToken` task's mock answers
    /// as the callback (`SendTaskSuccess` / `SendTaskFailure` with the error's name and
    /// message).
    pub fn result(&self, answer: &CodeAnswer) -> MockAnswer {
        let lambda = self.target.is_lambda() && !self.callback;
        Ok(Some(match answer {
            CodeAnswer::Missing => {
                return Err(MissingMock {
                    state_name: self.state_name.to_string(),
                    invocation: u64::from(self.invocation),
                    has_any: false,
                    looked_up: self.names.clone(),
                    s3_object: None,
                });
            }
            CodeAnswer::Returned(value) => match &self.target {
                Target::Invoke(function) if !self.callback => Ok(lambda::invoke_response(
                    value.clone(),
                    &InvokeDetails {
                        executed_version: function.as_ref().map_or("$LATEST", LambdaFunction::executed_version),
                        request_id: &self.request_id,
                        now: self.now,
                    },
                )),
                _ => Ok(value.clone()),
            },
            CodeAnswer::Threw { document, .. } if lambda => Err(lambda::function_error(document)),
            CodeAnswer::Threw { name, message, .. } => Err(WorkflowError::new(name.as_str(), message.as_str())),
            CodeAnswer::Failed(error) => Err(error.clone()),
            CodeAnswer::NotJson(why) => Err(WorkflowError::new(
                if lambda {
                    lambda::MARSHAL_ERROR
                } else {
                    errors::TASK_FAILED
                },
                format!("the mock of Task state \"{}\" {why}", self.state_name),
            )),
            CodeAnswer::TimedOut { limit_millis } if lambda => {
                Err(lambda::function_timeout(&self.request_id, *limit_millis))
            }
            CodeAnswer::TimedOut { limit_millis } => Err(WorkflowError::new(
                errors::TIMEOUT,
                format!(
                    "the mock of Task state \"{}\" ran past its time limit of {} seconds and was stopped",
                    self.state_name,
                    crate::decimal::fixed(*limit_millis as f64 / 1000.0, 2)
                ),
            )),
            CodeAnswer::Crashed(reason) if lambda => Err(lambda::runtime_exit(&self.request_id, reason)),
            CodeAnswer::Crashed(reason) => Err(WorkflowError::new(
                errors::TASK_FAILED,
                format!(
                    "the mocks' runtime failed under Task state \"{}\": {reason}",
                    self.state_name
                ),
            )),
        }))
    }
}

/// Reads the glue's answer (see the module's documentation).
pub fn answer_from_host_json(text: &str) -> Result<HostAnswer, String> {
    let value =
        Value::from_json(text).map_err(|error| format!("the mocks' glue answered with invalid JSON: {error}"))?;
    let logs = value
        .get("logs")
        .and_then(Value::as_array)
        .map(|lines| {
            lines
                .iter()
                .map(|line| line.as_str().map_or_else(|| line.to_json(), str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let found = value.get("found").and_then(Value::as_str).map(str::to_owned);
    let text_of = |value: &Value, key: &str| value.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    let answer = if value.get("missing").and_then(Value::as_bool) == Some(true) {
        CodeAnswer::Missing
    } else if let Some(result) = value.get("value") {
        CodeAnswer::Returned(result.clone())
    } else if let Some(threw) = value.get("threw") {
        CodeAnswer::Threw {
            name: text_of(threw, "name"),
            message: text_of(threw, "message"),
            document: threw.get("document").cloned().unwrap_or_default(),
        }
    } else if let Some(failed) = value.get("failed") {
        CodeAnswer::Failed(WorkflowError::new(text_of(failed, "Error"), text_of(failed, "Cause")))
    } else if let Some(why) = value.get("notJson") {
        CodeAnswer::NotJson(why.as_str().unwrap_or("returned a value JSON cannot hold").to_owned())
    } else {
        return Err(format!("the mocks' glue gave an answer of unknown shape: {text}"));
    };
    Ok(HostAnswer { answer, found, logs })
}

/// The context object without `Execution.Input` (left null, in its place), the execution's id
/// and its input.
fn split_execution_input(context: &Value) -> (Value, Arc<str>, Value) {
    let (Some(members), Some(execution)) = (context.as_object(), context.get("Execution").and_then(Value::as_object))
    else {
        return (context.clone(), Arc::from(""), Value::Null);
    };
    let id = execution.get("Id").and_then(Value::as_str).unwrap_or("");
    let input = execution.get("Input").cloned().unwrap_or_default();
    let mut execution = (**execution).clone();
    if let Some(slot) = execution.get_mut("Input") {
        *slot = Value::Null;
    }
    let mut members = (**members).clone();
    members.insert(Arc::from("Execution"), Value::object(execution.into_map()));
    (Value::object(members.into_map()), Arc::from(id), input)
}

/// FNV-1a: a stable hash of a state's name for the call's seed.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::{ExecutionOptions, Step};

    /// The first task request of `definition` run on `input`, with the execution.
    fn first_request(definition: &str, input: &str) -> (Execution, TaskRequest) {
        let machine = crate::load(definition).expect("a valid definition");
        let options = ExecutionOptions {
            seed: 7,
            start_time: 1_704_067_200_000,
            ..ExecutionOptions::default()
        };
        let mut execution = Execution::start(&machine, Value::from_json(input).unwrap(), options);
        for _ in 0..100 {
            if let Step::TaskRequested(request) = execution.step().unwrap() {
                return (execution, *request);
            }
        }
        panic!("no task request");
    }

    fn task(resource: &str, parameters: &str) -> String {
        format!(
            r#"{{"StartAt": "ProcessPayment", "States": {{"ProcessPayment": {{"Type": "Task", "Resource": "{resource}", "Parameters": {parameters}, "End": true}}}}}}"#
        )
    }

    #[test]
    fn a_map_iteration_sees_its_index_and_the_names_in_lookup_order() {
        let definition = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
            "ItemProcessor": {"StartAt": "Ship", "States": {"Ship": {"Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:ShipItem", "End": true}}}, "End": true}}}"#;
        let (execution, request) = first_request(definition, r#"{"items": ["a", "b"]}"#);
        let call = CodeCall::new(&execution, &request);
        assert_eq!(
            call.names,
            [
                "Ship",
                "ShipItem",
                "arn:aws:lambda:us-east-1:123456789012:function:ShipItem"
            ]
        );
        assert_eq!(call.event.to_json(), r#""a""#);
        let context = &call.context;
        assert_eq!(context.get("mapIndex"), Some(&Value::from_i64(0)));
        assert_eq!(context.get("parallelBranch"), Some(&Value::Null));
        assert_eq!(context.get("functionName").unwrap().as_str(), Some("ShipItem"));
        let state = context.get("contextObject").unwrap().get("State").unwrap();
        assert_eq!(state.get("Name").unwrap().as_str(), Some("Ship"));
        let json = Value::from_json(&call.to_host_json(true)).unwrap();
        assert_eq!(json.get("now"), Some(&Value::from_i64(1_704_067_200_000)));
        // The execution's input crosses apart from the context object, and only when asked.
        let sent = json.get("execution").unwrap();
        assert_eq!(sent.get("input").unwrap().to_json(), r#"{"items":["a","b"]}"#);
        let context_object = json.get("context").unwrap().get("contextObject").unwrap();
        let members = context_object.get("Execution").unwrap();
        assert_eq!(members.get("Input"), Some(&Value::Null));
        assert_eq!(members.get("Id"), sent.get("id"));
        let json = Value::from_json(&call.to_host_json(false)).unwrap();
        assert_eq!(json.get("execution").unwrap().get("input"), None);
        assert_eq!(json.get("seed").unwrap().as_array().unwrap().len(), 4);
        // The same (seed, state, invocation) gives the same call.
        let again = CodeCall::new(&execution, &request);
        assert_eq!((again.seed, again.request_id), (call.seed, call.request_id));
    }

    #[test]
    fn a_parallel_branch_sees_its_index() {
        let definition = r#"{"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": true}}},
            {"StartAt": "Right", "States": {"Right": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}}]}}}"#;
        let (execution, request) = first_request(definition, "{}");
        let context = CodeCall::new(&execution, &request).context;
        assert_eq!(context.get("parallelBranch"), Some(&Value::from_i64(1)));
        assert_eq!(context.get("mapIndex"), Some(&Value::Null));
        assert_eq!(context.get("functionName"), Some(&Value::Null));
    }

    #[test]
    fn the_optimised_integration_wraps_the_payload_and_reports_function_errors() {
        let definition = task(
            "arn:aws:states:::lambda:invoke",
            r#"{"FunctionName": "Pay:3", "Payload": {"amount.$": "$.amount"}}"#,
        );
        let (execution, request) = first_request(&definition, r#"{"amount": 5}"#);
        let call = CodeCall::new(&execution, &request);
        assert_eq!(call.names, ["ProcessPayment", "Pay", "arn:aws:states:::lambda:invoke"]);
        assert_eq!(call.event.to_json(), r#"{"amount":5}"#);
        let result = call
            .result(&CodeAnswer::Returned(Value::from_json(r#"{"x": 1}"#).unwrap()))
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(result.get("Payload").unwrap().to_json(), r#"{"x":1}"#);
        assert_eq!(result.get("ExecutedVersion").unwrap().as_str(), Some("3"));
        assert_eq!(result.get("StatusCode"), Some(&Value::from_i64(200)));

        let document =
            Value::from_json(r#"{"errorType":"Error","errorMessage":"PaymentFailedError","trace":[]}"#).unwrap();
        let threw = CodeAnswer::Threw {
            name: "Error".into(),
            message: "PaymentFailedError".into(),
            document,
        };
        let error = call.result(&threw).unwrap().unwrap().unwrap_err();
        assert_eq!(&*error.error, "Error");
        assert!(error.cause.starts_with(r#"{"errorType":"Error""#), "{}", error.cause);
        let error = call
            .result(&CodeAnswer::TimedOut { limit_millis: 250 })
            .unwrap()
            .unwrap()
            .unwrap_err();
        assert_eq!(&*error.error, "Sandbox.Timedout");
        assert!(error.cause.contains("0.25 seconds"), "{}", error.cause);
        let error = call
            .result(&CodeAnswer::NotJson("returned undefined".into()))
            .unwrap()
            .unwrap()
            .unwrap_err();
        assert_eq!(&*error.error, "Runtime.MarshalError");
    }

    #[test]
    fn services_and_callbacks_fail_with_the_error_name_and_message() {
        let definition = task(
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            r#"{"Token.$": "$$.Task.Token"}"#,
        );
        let (execution, request) = first_request(&definition, "{}");
        let call = CodeCall::new(&execution, &request);
        assert!(call.callback);
        assert_eq!(
            call.context.get("taskToken").and_then(Value::as_str),
            request.task_token.as_deref()
        );
        let threw = CodeAnswer::Threw {
            name: "PaymentFailedError".into(),
            message: "declined".into(),
            document: Value::Null,
        };
        let error = call.result(&threw).unwrap().unwrap().unwrap_err();
        assert_eq!((&*error.error, &*error.cause), ("PaymentFailedError", "declined"));
        let error = call
            .result(&CodeAnswer::TimedOut { limit_millis: 5000 })
            .unwrap()
            .unwrap()
            .unwrap_err();
        assert_eq!(&*error.error, "States.Timeout");
        assert!(error.cause.contains("was stopped"), "{}", error.cause);
        let value = Value::from_json(r#"{"ok": true}"#).unwrap();
        assert_eq!(
            call.result(&CodeAnswer::Returned(value.clone())).unwrap(),
            Some(Ok(value))
        );
    }

    #[test]
    fn a_missing_function_stops_the_run_naming_what_was_looked_up() {
        let (execution, request) = first_request(&task("arn:aws:states:::dynamodb:putItem", "{}"), "{}");
        let call = CodeCall::new(&execution, &request);
        let missing = call.result(&CodeAnswer::Missing).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "the run stopped at Task state \"ProcessPayment\" (invocation 0): no function of the mocks answers it (looked up \"ProcessPayment\", then \"arn:aws:states:::dynamodb:putItem\"); export a function under one of these names"
        );
    }

    #[test]
    fn reads_the_glue_answers() {
        let answer = answer_from_host_json(r#"{"found": "P", "value": {"a": 1}, "logs": ["hi"]}"#).unwrap();
        assert_eq!(answer.found.as_deref(), Some("P"));
        assert_eq!(answer.logs, ["hi"]);
        assert_eq!(
            answer.answer,
            CodeAnswer::Returned(Value::from_json(r#"{"a": 1}"#).unwrap())
        );
        let answer = answer_from_host_json(r#"{"missing": true, "logs": []}"#).unwrap();
        assert_eq!(answer.answer, CodeAnswer::Missing);
        let answer =
            answer_from_host_json(r#"{"found": "P", "failed": {"Error": "E", "Cause": "c"}, "logs": []}"#).unwrap();
        assert_eq!(answer.answer, CodeAnswer::Failed(WorkflowError::new("E", "c")));
        let answer = answer_from_host_json(r#"{"found": "P", "value": null}"#).unwrap();
        assert_eq!(answer.answer, CodeAnswer::Returned(Value::Null));
        assert!(answer_from_host_json(r#"{"found": "P"}"#).is_err());
        assert!(answer_from_host_json("nope").is_err());
    }
}
