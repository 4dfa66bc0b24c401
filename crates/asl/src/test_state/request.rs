//! Reading a TestState request: the JSON that `aws stepfunctions test-state --cli-input-json`
//! takes, with AWS's member names, and the checks AWS makes before it runs anything.

use std::sync::Arc;

use crate::exec::WorkflowError;
use crate::value::Value;

use super::Rejection;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Level {
    Info,
    Debug,
    Trace,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FieldValidation {
    Strict,
    Present,
    None,
}

/// The mock of the tested state: its result (a JSON document, kept as sent), or its error.
#[derive(Clone, Debug)]
pub(super) enum Mock {
    Result { text: String, value: Value },
    Error(WorkflowError),
}

#[derive(Clone, Debug)]
pub(super) struct Request {
    pub(super) definition: String,
    pub(super) state_name: Option<String>,
    pub(super) input: Value,
    pub(super) level: Level,
    pub(super) mock: Option<Mock>,
    pub(super) field_validation: FieldValidation,
    pub(super) variables: Vec<(Arc<str>, Value)>,
    pub(super) context: Option<Value>,
    pub(super) role_arn: Option<String>,
    pub(super) retrier_retry_count: u32,
    pub(super) map_iteration_failure_count: Option<u64>,
    /// The state inside a Map's processor or a Parallel's branches whose failure the mocked
    /// error stands for.
    pub(super) error_caused_by_state: Option<String>,
    /// `stateConfiguration.mapItemReaderData`: the object a Map's ItemReader reads.
    pub(super) map_item_reader_data: Option<String>,
}

/// The longest `mock.result` TestState takes (API reference, MockInput).
const MAX_MOCK_RESULT_LENGTH: usize = 262_144;

fn invalid(message: impl Into<String>) -> Rejection {
    Rejection::validation(message)
}

fn string_member<'v>(request: &'v Value, name: &str) -> Result<Option<&'v str>, Rejection> {
    match request.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(invalid(format!("'{name}' must be a string, not {}", other.type_name()))),
    }
}

/// A JSON document sent as a string (`input`, `variables`, `context`, `mock.result`).
fn json_member(request: &Value, name: &str) -> Result<Option<Value>, Rejection> {
    let Some(text) = string_member(request, name)? else {
        return Ok(None);
    };
    Value::from_json(text)
        .map(Some)
        .map_err(|error| invalid(format!("'{name}' is not valid JSON: {error}")))
}

impl Request {
    pub(super) fn read(request: &Value) -> Result<Request, Rejection> {
        if request.as_object().is_none() {
            return Err(invalid("the request must be a JSON object"));
        }
        const MEMBERS: &[&str] = &[
            "definition",
            "roleArn",
            "input",
            "inspectionLevel",
            "revealSecrets",
            "variables",
            "stateName",
            "mock",
            "context",
            "stateConfiguration",
        ];
        if let Value::Object(members) = request {
            for name in members.keys() {
                if !MEMBERS.contains(&&**name) {
                    return Err(invalid(format!(
                        "unknown member '{name}' in the request; TestState takes {}",
                        MEMBERS.join(", ")
                    )));
                }
            }
        }
        let definition = string_member(request, "definition")?
            .ok_or_else(|| invalid("'definition' is required: the state (or state machine) to test, as a JSON string"))?
            .to_owned();
        let input = match string_member(request, "input")? {
            None => Value::empty_object(),
            Some(text) => Value::from_json(text).map_err(|error| Rejection {
                code: "InvalidExecutionInput",
                message: format!("Invalid State Machine Execution Input: {error}"),
            })?,
        };
        let level = match string_member(request, "inspectionLevel")? {
            None | Some("INFO") => Level::Info,
            Some("DEBUG") => Level::Debug,
            Some("TRACE") => Level::Trace,
            Some(other) => {
                return Err(invalid(format!(
                    "'inspectionLevel' must be INFO, DEBUG or TRACE, not \"{other}\""
                )));
            }
        };
        let mut field_validation = FieldValidation::Strict;
        let mock = match request.get("mock") {
            None | Some(Value::Null) => None,
            Some(mock) if mock.as_object().is_none() => return Err(invalid("'mock' must be an object")),
            Some(mock) => {
                field_validation = match string_member(mock, "fieldValidationMode")? {
                    None | Some("STRICT") => FieldValidation::Strict,
                    Some("PRESENT") => FieldValidation::Present,
                    Some("NONE") => FieldValidation::None,
                    Some(other) => {
                        return Err(invalid(format!(
                            "'fieldValidationMode' must be STRICT, PRESENT or NONE, not \"{other}\""
                        )));
                    }
                };
                match (mock.get("result"), mock.get("errorOutput")) {
                    (Some(_), Some(_)) => {
                        return Err(invalid(
                            "A test mock should have only one of the following fields: [result, errorOutput].",
                        ));
                    }
                    (Some(result), None) => {
                        let text = result
                            .as_str()
                            .ok_or_else(|| invalid("'mock.result' must be a JSON string"))?;
                        // The API reference, MockInput: "Length Constraints: Maximum length of
                        // 262144." (AWS's message is not recorded; this is its usual form.)
                        if text.chars().count() > MAX_MOCK_RESULT_LENGTH {
                            return Err(invalid(format!(
                                "1 validation error detected: Value at 'mock.result' failed to satisfy constraint: Member must have length less than or equal to {MAX_MOCK_RESULT_LENGTH}"
                            )));
                        }
                        let value = Value::from_json(text).map_err(|_| invalid("Mocked result must be valid JSON"))?;
                        Some(Mock::Result {
                            text: text.to_owned(),
                            value,
                        })
                    }
                    (None, Some(error_output)) => {
                        let error = error_output.get("error").and_then(Value::as_str).unwrap_or("");
                        let cause = error_output.get("cause").and_then(Value::as_str).unwrap_or("");
                        Some(Mock::Error(WorkflowError::new(error, cause)))
                    }
                    (None, None) => {
                        return Err(invalid(
                            "A test mock should have one of the following fields: [result, errorOutput].",
                        ));
                    }
                }
            }
        };
        if mock.is_some()
            && request
                .get("revealSecrets")
                .is_some_and(|reveal| reveal == &Value::Bool(true))
        {
            return Err(invalid(
                "TestState does not support RevealSecrets when a mock is specified.",
            ));
        }
        let variables = match json_member(request, "variables")? {
            None => Vec::new(),
            Some(Value::Object(members)) => members
                .iter()
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
            Some(other) => {
                return Err(invalid(format!(
                    "'variables' must be a JSON object of variable names, not {}",
                    other.type_name()
                )));
            }
        };
        let configuration = request.get("stateConfiguration");
        let count = |name: &str| -> Result<Option<u64>, Rejection> {
            match configuration.and_then(|configuration| configuration.get(name)) {
                None | Some(Value::Null) => Ok(None),
                Some(value) => match value.as_f64() {
                    Some(number) if number >= 0.0 && number.fract() == 0.0 => Ok(Some(number as u64)),
                    _ => Err(invalid(format!(
                        "'stateConfiguration.{name}' must be a non-negative integer"
                    ))),
                },
            }
        };
        let text = |name: &str| -> Result<Option<String>, Rejection> {
            match configuration {
                Some(configuration) => Ok(string_member(configuration, name)?.map(str::to_owned)),
                None => Ok(None),
            }
        };
        Ok(Request {
            definition,
            state_name: string_member(request, "stateName")?.map(str::to_owned),
            input,
            level,
            mock,
            field_validation,
            variables,
            context: json_member(request, "context")?,
            role_arn: string_member(request, "roleArn")?.map(str::to_owned),
            retrier_retry_count: count("retrierRetryCount")?.unwrap_or(0).min(u64::from(u32::MAX)) as u32,
            map_iteration_failure_count: count("mapIterationFailureCount")?,
            error_caused_by_state: text("errorCausedByState")?,
            map_item_reader_data: text("mapItemReaderData")?,
        })
    }
}
