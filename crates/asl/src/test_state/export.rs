//! The other way round: a state of a run as a TestState request, so that what was tried in a
//! debugger can be checked against AWS in one command
//! (`aws stepfunctions test-state --cli-input-json file://request.json`) or offline with
//! `asl test-state`.

use std::sync::Arc;

use crate::exec::StateTrace;
use crate::machine::{Definition, StateKind};
use crate::value::{Map, Value};

/// A role for the request: AWS wants one that may call the state's resource; replace the
/// account and name with your own before sending it to AWS.
pub const PLACEHOLDER_ROLE: &str = "arn:aws:iam::123456789012:role/StepFunctionsTestState";

/// The TestState request that tests `trace`'s state on its own: the state's definition (with
/// the definition's top-level QueryLanguage when it has none of its own), the input it entered
/// with, the `variables` in scope, and, for a Task, Parallel or Map, a mock of what it got (its
/// result, or the last error it met).
pub fn request_for(
    text: &str,
    definition: &Definition,
    trace: &StateTrace,
    variables: &[(Arc<str>, Value)],
) -> Result<Value, String> {
    let state = definition
        .state(trace.state)
        .ok_or("the state is not in this definition")?;
    let state_text = text
        .get(state.body_span.start..state.body_span.end)
        .ok_or("the state is not in this text")?;
    let mut state_value = Value::from_json(state_text).map_err(|error| format!("the state is not JSON: {error}"))?;
    if state_value.get("QueryLanguage").is_none()
        && state.jsonata.is_some()
        && let Some(members) = state_value.as_object()
    {
        let mut with_language = Map::new();
        with_language.insert("QueryLanguage".into(), Value::string("JSONata"));
        for (key, value) in members.iter() {
            with_language.insert(key.clone(), value.clone());
        }
        state_value = Value::object(with_language);
    }
    let mut res = Map::new();
    res.insert("definition".into(), Value::string(state_value.to_json()));
    res.insert("roleArn".into(), Value::string(PLACEHOLDER_ROLE));
    res.insert("input".into(), Value::string(trace.input.to_json()));
    res.insert("inspectionLevel".into(), Value::string("DEBUG"));
    if !variables.is_empty() {
        let mut scope = Map::new();
        for (name, value) in variables {
            scope.insert(name.clone(), value.clone());
        }
        res.insert("variables".into(), Value::string(Value::object(scope).to_json()));
    }
    let answered = matches!(
        state.kind,
        StateKind::Task(_) | StateKind::Parallel { .. } | StateKind::Map(_)
    );
    if answered {
        let mut mock = Map::new();
        if let Some(error) = trace.errors.last().filter(|_| trace.result.is_none()) {
            let mut output = Map::new();
            output.insert("error".into(), Value::String(error.error.error.clone()));
            output.insert("cause".into(), Value::String(error.error.cause.clone()));
            mock.insert("errorOutput".into(), Value::object(output));
        } else if let Some(result) = &trace.result {
            mock.insert("result".into(), Value::string(result.to_json()));
        }
        if !mock.is_empty() {
            res.insert("mock".into(), Value::object(mock));
        }
    }
    Ok(Value::object(res))
}
