//! AWS's TestState API, offline: one state, tested on its own with a mocked result or error,
//! answered as TestState answers — the status (SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR),
//! the output, the next state and, at DEBUG and TRACE, each stage of the state's data flow
//! (`inspectionData`).
//!
//! The semantics follow AWS's documentation and its recorded answers (the cases in
//! `crates/asl-cli/tests/test_state/`, whose README cites them): the state runs in an execution
//! that starts at it (`exec::isolated`) with the request's input, variables, context object and
//! retry count; a Task's answer, or a Parallel's or Map's result, is the mock; the run stops
//! once the state has left, failed, or scheduled a retry.
//!
//! Offline differences, by necessity: a Task without a mock cannot call its service (AWS would,
//! with `roleArn`), and `fieldValidationMode` checks the shape of mocks for the Lambda
//! integration only (AWS checks every service against its API model).

pub mod export;
mod inspection;
mod request;

use std::sync::Arc;

use crate::exec::{ChildrenStub, Execution, ExecutionOptions, Isolation, RunId, Step, WorkflowError};
use crate::history::ResourceName;
use crate::jsonata::Engine;
use crate::machine::{Definition, State, StateKind, StateRef};
use crate::time::format_timestamp;
use crate::value::Value;

use request::{FieldValidation, Level, Mock, Request};

/// A request AWS would reject, with AWS's error code (`ValidationException`,
/// `InvalidDefinition`, …) and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub code: &'static str,
    pub message: String,
}

impl Rejection {
    fn validation(message: impl Into<String>) -> Rejection {
        Rejection {
            code: "ValidationException",
            message: message.into(),
        }
    }

    fn definition(message: impl Into<String>) -> Rejection {
        Rejection {
            code: "InvalidDefinition",
            message: message.into(),
        }
    }
}

/// What the host gives besides the request: the clock and the seed that name the generated
/// execution.
#[derive(Clone, Copy, Debug, Default)]
pub struct Environment {
    /// When the test runs (the context object's StartTime and EnteredTime), in milliseconds.
    pub now: i64,
    pub seed: u64,
}

/// The name a single-state definition's state gets, as in AWS's answers.
const SINGLE_STATE_NAME: &str = "StateName";
/// Most steps a test may take (a Wait or JSONata evaluations take a few).
const MAX_STEPS: u64 = 10_000;

/// Answers a TestState request (the JSON `aws stepfunctions test-state --cli-input-json` takes)
/// with the TestState response, or AWS's rejection. JSONata is evaluated by `engine`.
pub fn test_state(request: &Value, environment: Environment, engine: &mut dyn Engine) -> Result<Value, Rejection> {
    let request = Request::read(request)?;
    let (text, tested_name) = definition_text(&request)?;
    // A variable the request gives is assigned, as far as the tested state can tell.
    let mut checked = crate::check_with(&text, Some(&*engine));
    checked.diagnostics.retain(|diagnostic| {
        diagnostic.code != "unassigned-variable"
            || !request.variables.iter().any(|(name, _)| {
                diagnostic
                    .message
                    .starts_with(&format!("variable ${name} is never assigned"))
            })
    });
    let machine = checked
        .into_valid()
        .map_err(|diagnostics| invalid_definition(&text, &diagnostics))?;
    let definition = machine.definition();
    let (at, state) = definition
        .states()
        .find(|(_, state)| *state.name == *tested_name)
        .ok_or_else(|| Rejection::validation("State not found in definition"))?;
    check_mock(&request, definition, state)?;
    let context = match &request.context {
        Some(context) => {
            check_context(context, state)?;
            context.clone()
        }
        None => generated_context(&request, state, environment),
    };

    let children = match (&state.kind, &request.mock) {
        (StateKind::Parallel { .. } | StateKind::Map(_), Some(Mock::Result { value, .. })) => Some(ChildrenStub {
            result: Ok(value.clone()),
            map_failures: request.map_iteration_failure_count.unwrap_or(0),
        }),
        (StateKind::Parallel { .. } | StateKind::Map(_), Some(Mock::Error(error))) => Some(ChildrenStub {
            result: Err(error.clone()),
            map_failures: request.map_iteration_failure_count.unwrap_or(0),
        }),
        _ => None,
    };
    let options = ExecutionOptions {
        trace: true,
        start_time: environment.now,
        seed: environment.seed,
        ..ExecutionOptions::default()
    };
    let isolation = Isolation {
        context: Some(context),
        retry_count: request.retrier_retry_count,
        children,
    };
    let mut execution = Execution::start_isolated(
        &machine,
        at,
        request.input.clone(),
        options,
        request.variables.clone(),
        isolation,
    );
    drive(&mut execution, &request, engine);
    Ok(response(&execution, &request, definition, at, state))
}

/// The definition to load, and the name of the state to test: a single state becomes the only
/// state of a machine, named `StateName` as AWS names it, with a Succeed state standing for
/// each state it may go to.
fn definition_text(request: &Request) -> Result<(String, String), Rejection> {
    let value = Value::from_json(&request.definition).map_err(|error| {
        Rejection::definition(format!(
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: the definition is not valid JSON: {error}'"
        ))
    })?;
    if value.get("Type").is_none() {
        let name = request.state_name.clone().ok_or_else(|| {
            Rejection::validation("'stateName' is required when the definition is a whole state machine")
        })?;
        return Ok((request.definition.clone(), name));
    }
    let mut targets: Vec<String> = Vec::new();
    let mut push = |target: Option<&Value>| {
        if let Some(name) = target.and_then(Value::as_str)
            && name != SINGLE_STATE_NAME
            && !targets.iter().any(|known| known == name)
        {
            targets.push(name.to_owned());
        }
    };
    push(value.get("Next"));
    push(value.get("Default"));
    for list in ["Choices", "Catch"] {
        for item in value
            .get(list)
            .and_then(Value::as_array)
            .map(|items| items.iter())
            .into_iter()
            .flatten()
        {
            push(item.get("Next"));
        }
    }
    let mut states = crate::value::Map::new();
    states.insert(Arc::from(SINGLE_STATE_NAME), value.clone());
    for target in &targets {
        states.insert(
            Arc::from(target.as_str()),
            Value::object_from([("Type", Value::from("Succeed"))]),
        );
    }
    let machine = Value::object_from([
        ("StartAt", Value::from(SINGLE_STATE_NAME)),
        ("States", Value::object(states)),
    ]);
    Ok((machine.to_json_pretty(), SINGLE_STATE_NAME.to_owned()))
}

/// The first error of a definition, worded as AWS words a schema error.
fn invalid_definition(text: &str, diagnostics: &[crate::Diagnostic]) -> Rejection {
    let Some(first) = diagnostics.iter().find(|diagnostic| diagnostic.is_error()) else {
        return Rejection::definition("Invalid State Machine Definition");
    };
    let empty = Value::from_json(text)
        .ok()
        .and_then(|document| pointer(&document, &first.pointer).cloned())
        .is_some_and(|value| match &value {
            Value::Array(items) => items.is_empty(),
            Value::Object(members) => members.is_empty(),
            _ => false,
        });
    let message = if first.code == "unknown-type" {
        "The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]"
            .to_owned()
    } else if empty {
        "Value cannot be empty".to_owned()
    } else {
        first.message.clone()
    };
    Rejection::definition(format!(
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: {message} at {}'",
        first.pointer
    ))
}

fn pointer<'v>(document: &'v Value, pointer: &str) -> Option<&'v Value> {
    let mut at = document;
    for part in pointer.split('/').skip(1) {
        let part = part.replace("~1", "/").replace("~0", "~");
        at = match at {
            Value::Object(members) => members.get(part.as_str())?,
            Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

/// AWS's checks of the mock against the state it mocks.
fn check_mock(request: &Request, definition: &Definition, state: &State) -> Result<(), Rejection> {
    if request.map_iteration_failure_count.is_some() && request.mock.is_none() {
        return Err(Rejection::validation(
            "TestState does not support MapIterationFailureCount when a mock is not specified.",
        ));
    }
    let type_name = state.type_name();
    let takes_mock = matches!(
        state.kind,
        StateKind::Task(_) | StateKind::Parallel { .. } | StateKind::Map(_)
    );
    match (&request.mock, &state.kind) {
        (Some(_), _) if !takes_mock => {
            return Err(Rejection::validation(format!(
                "State type '{type_name}' is not supported when a mock is specified"
            )));
        }
        (None, StateKind::Parallel { .. } | StateKind::Map(_)) => {
            return Err(Rejection::definition(
                "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]",
            ));
        }
        (None, StateKind::Task(spec)) => {
            return Err(match request.role_arn {
                None => Rejection::validation("RoleArn must be specified when testing a Task state"),
                Some(_) => Rejection {
                    code: "UnsupportedOffline",
                    message: format!(
                        "asl test-state runs offline and cannot call {}; give the Task a mock (\"mock\": {{\"result\": \"…\"}} or {{\"errorOutput\": {{…}}}})",
                        spec.resource
                    ),
                },
            });
        }
        _ => {}
    }
    if let Some(name) = &request.error_caused_by_state {
        let inside = match &state.kind {
            StateKind::Map(spec) => vec![spec.processor],
            StateKind::Parallel { branches } => branches.clone(),
            _ => Vec::new(),
        };
        if !inside
            .iter()
            .any(|machine| definition.machines[machine.0 as usize].find(name).is_some())
        {
            return Err(Rejection::validation(format!(
                "errorCausedByState \"{name}\" names no state inside the {} state's branches or item processor",
                state.type_name()
            )));
        }
    }
    let Some(Mock::Result { value, .. }) = &request.mock else {
        return Ok(());
    };
    // With ResultWriter exporting to S3, a Map's result is where the results went.
    let exports = matches!(&state.kind, StateKind::Map(spec) if spec
        .result_writer
        .as_ref()
        .is_some_and(|writer| writer.writes_to_s3()));
    match &state.kind {
        StateKind::Map(_) if exports && value.as_object().is_none() => {
            return Err(Rejection::validation("Mocked result must be a JSON object."));
        }
        StateKind::Map(_) if exports => {}
        StateKind::Map(_) => {
            let Some(items) = value.as_array() else {
                return Err(Rejection::validation("Mocked result must be an array."));
            };
            if request
                .map_iteration_failure_count
                .is_some_and(|count| count > items.len() as u64)
            {
                return Err(Rejection::validation(
                    "Map iteration failure count must be less than or equal to the number of Map iterations",
                ));
            }
        }
        StateKind::Parallel { branches } => {
            let Some(items) = value.as_array() else {
                return Err(Rejection::validation("Mocked result must be an array."));
            };
            if items.len() != branches.len() {
                return Err(Rejection::validation(
                    "Mocked result must contain the same number of items as number of Parallel branches.",
                ));
            }
        }
        StateKind::Task(spec) if request.field_validation != FieldValidation::None => {
            check_lambda_shape(&spec.resource, value)?;
        }
        _ => {}
    }
    Ok(())
}

/// `fieldValidationMode` for the Lambda integration: the Invoke response's members have their
/// API types (none is required, so STRICT and PRESENT agree). Other services are not checked.
fn check_lambda_shape(resource: &str, value: &Value) -> Result<(), Rejection> {
    let name = ResourceName::parse(resource);
    if &*name.resource_type != "lambda" || name.legacy_lambda || !name.resource.starts_with("invoke") {
        return Ok(());
    }
    let Some(members) = value.as_object() else {
        return Ok(());
    };
    for (field, expected) in [
        ("StatusCode", "number"),
        ("FunctionError", "string"),
        ("LogResult", "string"),
        ("ExecutedVersion", "string"),
    ] {
        let ok = match members.get(field) {
            None => true,
            Some(Value::Number(_)) => expected == "number",
            Some(Value::String(_)) => expected == "string",
            Some(_) => false,
        };
        if !ok {
            return Err(Rejection::validation(format!(
                "Mock result schema validation error: Field '{field}' must be a {expected}"
            )));
        }
    }
    Ok(())
}

/// A context object sent with the request may hold only what AWS accepts.
fn check_context(context: &Value, state: &State) -> Result<(), Rejection> {
    let invalid = |message: String| Rejection::validation(format!("Invalid Context object provided: {message}"));
    let Some(members) = context.as_object() else {
        return Err(invalid("the context object must be a JSON object".to_owned()));
    };
    let allowed: &[(&str, &[&str])] = &[
        (
            "Execution",
            &["Id", "Input", "Name", "RoleArn", "StartTime", "RedriveCount"],
        ),
        ("State", &["EnteredTime", "Name", "RetryCount"]),
        ("StateMachine", &["Id", "Name"]),
        ("Task", &["Token"]),
    ];
    for (name, value) in members.iter() {
        if &**name == "Map" {
            return Err(invalid(
                "'Map' field is not supported when mocking a Context object".to_owned(),
            ));
        }
        let Some((_, fields)) = allowed.iter().find(|(known, _)| *known == &**name) else {
            return Err(invalid(format!("Field '{name}' is not allowed")));
        };
        if let Some(inner) = value.as_object() {
            for field in inner.keys() {
                if !fields.contains(&&**field) {
                    return Err(invalid(format!("Field '{field}' is not allowed")));
                }
            }
        }
    }
    for (object, field) in [
        ("Execution", "Id"),
        ("Execution", "Name"),
        ("Execution", "RoleArn"),
        ("Execution", "StartTime"),
        ("State", "EnteredTime"),
        ("State", "Name"),
        ("StateMachine", "Id"),
        ("StateMachine", "Name"),
        ("Task", "Token"),
    ] {
        if let Some(value) = context.get(object).and_then(|inner| inner.get(field))
            && value.as_str().is_none()
        {
            return Err(invalid(format!("{object}.{field} must be a string")));
        }
    }
    let callback = matches!(&state.kind, StateKind::Task(spec)
        if spec.resource.ends_with(".waitForTaskToken") || spec.resource.contains(".sync"));
    if members.contains_key("Task") && !callback {
        return Err(invalid(
            "Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern"
                .to_owned(),
        ));
    }
    Ok(())
}

/// The context object AWS generates when the request has none: an express execution's.
fn generated_context(request: &Request, state: &State, environment: Environment) -> Value {
    let machine_name = "TestStateMachine";
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&environment.seed.to_le_bytes());
    bytes[8..].copy_from_slice(&environment.now.to_le_bytes());
    let execution_name = crate::intrinsics::uuid_v4(bytes);
    let options = ExecutionOptions::default();
    let now = Value::from(format_timestamp(environment.now));
    let mut state_object = crate::value::Map::new();
    state_object.insert(Arc::from("Name"), Value::from(SINGLE_STATE_NAME));
    state_object.insert(Arc::from("EnteredTime"), now.clone());
    if matches!(state.kind, StateKind::Task(_) | StateKind::Map(_)) {
        state_object.insert(
            Arc::from("RetryCount"),
            Value::from_i64(i64::from(request.retrier_retry_count)),
        );
    }
    Value::object_from([
        (
            "Execution",
            Value::object_from([
                (
                    "Id",
                    Value::from(format!(
                        "arn:aws:states:{}:{}:express:{machine_name}:{execution_name}",
                        options.region, options.account
                    )),
                ),
                ("Input", request.input.clone()),
                ("Name", Value::from(execution_name.as_str())),
                ("RoleArn", request.role_arn.as_deref().map_or(Value::Null, Value::from)),
                ("StartTime", now),
            ]),
        ),
        (
            "StateMachine",
            Value::object_from([
                (
                    "Id",
                    Value::from(format!(
                        "arn:aws:states:{}:{}:stateMachine:{machine_name}",
                        options.region, options.account
                    )),
                ),
                ("Name", Value::from(machine_name)),
            ]),
        ),
        ("State", Value::object(state_object)),
    ])
}

/// Runs the tested state until it leaves, fails, or schedules a retry.
fn drive(execution: &mut Execution, request: &Request, engine: &mut dyn Engine) {
    let done = |execution: &Execution| {
        let Some(entry) = execution.trace().first() else {
            return false;
        };
        entry.exited.is_some()
            || entry
                .errors
                .last()
                .is_some_and(|details| details.retry_backoff_interval_seconds.is_some())
    };
    for _ in 0..MAX_STEPS {
        if done(execution) {
            return;
        }
        let Ok(step) = execution.step() else { return };
        let result = match step {
            Step::Progressed => Ok(()),
            Step::TaskRequested(task) if task.item_reader => {
                // A Map's ItemReader reads what the request gives, through the same reader as
                // an execution's (`exec::read_items`). That is one object: the files an S3
                // inventory's manifest lists, asked for after it, cannot be given.
                let answer = match &request.map_item_reader_data {
                    Some(_) if task.invocation > 0 => Err(WorkflowError::new(
                        crate::exec::ITEM_READER_FAILED,
                        "stateConfiguration.mapItemReaderData holds one object: the inventory files an S3 inventory's manifest lists cannot be given",
                    )),
                    Some(data) => Ok(Value::string(data.as_str())),
                    None => Err(WorkflowError::new(
                        crate::exec::ITEM_READER_FAILED,
                        "The ItemReader has no data: give it in stateConfiguration.mapItemReaderData",
                    )),
                };
                execution.complete_task(task.id, answer)
            }
            Step::TaskRequested(task) => {
                let answer = match &request.mock {
                    Some(Mock::Result { value, .. }) => Ok(value.clone()),
                    Some(Mock::Error(error)) => Err(error.clone()),
                    None => Err(WorkflowError::new("States.Runtime", "no mock")),
                };
                execution.complete_task(task.id, answer)
            }
            Step::EvaluationRequested(evaluation) => {
                let answers = engine.evaluate(&evaluation);
                execution.complete_evaluation(evaluation.id, answers)
            }
            Step::Blocked {
                next_wakeup: Some(time),
            } if !done(execution) => execution.advance_clock(time),
            Step::Blocked { .. } | Step::Finished => return,
        };
        if result.is_err() {
            return;
        }
    }
}

/// The TestState response for how the state ended.
fn response(execution: &Execution, request: &Request, definition: &Definition, at: StateRef, state: &State) -> Value {
    let entry = execution.trace().first();
    let last_error = entry.and_then(|entry| entry.errors.last());
    let exited = entry.is_some_and(|entry| entry.exited.is_some());
    let retriable = last_error.is_some_and(|details| details.retry_backoff_interval_seconds.is_some());
    let mut res = crate::value::Map::new();
    let mut put = |name: &str, value: Value| {
        res.insert(Arc::from(name), value);
    };
    let status = if retriable {
        "RETRIABLE"
    } else if exited && last_error.is_some_and(|details| details.catch_index.is_some()) {
        "CAUGHT_ERROR"
    } else if exited {
        "SUCCEEDED"
    } else {
        "FAILED"
    };
    put("status", Value::from(status));
    let error = match status {
        "RETRIABLE" | "CAUGHT_ERROR" => last_error.map(|details| details.error.clone()),
        "FAILED" => execution
            .outcome()
            .and_then(|outcome| outcome.error.clone())
            .or_else(|| last_error.map(|details| details.error.clone())),
        _ => None,
    };
    if let Some(error) = &error {
        put("error", Value::String(error.error.clone()));
        put("cause", Value::String(error.cause.clone()));
    }
    if matches!(status, "SUCCEEDED" | "CAUGHT_ERROR") {
        if let Some(next) = entry
            .and_then(|entry| entry.next)
            .and_then(|next| definition.state(next))
        {
            put("nextState", Value::String(next.name.clone()));
        }
        if let Some(output) = entry.and_then(|entry| entry.output.as_ref()) {
            let text = match (
                &request.mock,
                &state.kind,
                &entry.and_then(|entry| entry.after_result_path.as_ref()),
            ) {
                // An untouched mock comes back as it was sent.
                (Some(Mock::Result { text, value }), _, _) if value == output => text.clone(),
                _ => output.to_json(),
            };
            put("output", Value::from(text));
        }
    }
    if request.level != Level::Info
        && let Some(entry) = entry
    {
        let variables = execution.variables(RunId::ROOT);
        put(
            "inspectionData",
            inspection::inspection_data(entry, state, request, &variables, status),
        );
    }
    let _ = at;
    Value::object(res)
}
