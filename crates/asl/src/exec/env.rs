//! What a state's paths and templates see: the context object (`$$`) and the variables in
//! scope, and the helpers that evaluate paths, templates and number fields against them.

use std::sync::Arc;

use super::Execution;
use super::api::RunId;
use super::api::WorkflowError;
use super::runs::Run;
use crate::intrinsics::EvalCtx;
use crate::machine::{Seconds, Selection, State};
use crate::path::{Env, Path};
use crate::template::Template;
use crate::time::format_timestamp;
use crate::value::{Map, Value};

/// The environment a state's paths see: context object and variables.
///
/// Only references, read when a path asks (`$$`, a variable): most paths read the input
/// alone, and building the context's parts for each evaluation (a task token's atomic count,
/// the sum of the retry counts) and dropping them cost more than the path.
pub(super) struct StateEnv<'a> {
    pub(super) execution: &'a Execution,
    pub(super) run: &'a Run,
    pub(super) state_name: &'a str,
    pub(super) map_item: Option<(usize, Value)>,
}

impl Env for StateEnv<'_> {
    fn context(&self) -> Value {
        let current = self.run.current.as_deref();
        self.execution.context_object(
            self.state_name,
            current.map_or(self.execution.now, |current| current.entered_time),
            current.map_or(0, |current| current.retry_counts.iter().sum()),
            current.and_then(|current| current.task_token.as_ref()),
            self.map_item.as_ref(),
        )
    }

    fn variable(&self, name: &str) -> Option<Value> {
        self.run.scope.get(name)
    }
}

impl Execution {
    /// The context object (`$$`) a state sees.
    pub(super) fn context_object(
        &self,
        state_name: &str,
        entered_time: i64,
        retry_count: u32,
        task_token: Option<&Arc<str>>,
        map_item: Option<&(usize, Value)>,
    ) -> Value {
        let execution = self;
        if let Some(context) = execution
            .isolation
            .as_ref()
            .and_then(|isolation| isolation.context.as_ref())
        {
            return context.clone();
        }
        let options = &execution.options;
        let machine_arn = format!(
            "arn:aws:states:{}:{}:stateMachine:{}",
            options.region, options.account, options.state_machine_name
        );
        let execution_arn = format!(
            "arn:aws:states:{}:{}:execution:{}:{}",
            options.region, options.account, options.state_machine_name, execution.name
        );
        let mut context = Map::new();
        context.insert(
            Arc::from("Execution"),
            Value::object_from([
                ("Id", Value::from(execution_arn)),
                ("Input", execution.execution_input()),
                ("Name", Value::String(execution.name.clone())),
                ("RoleArn", Value::from(execution.role_arn())),
                ("StartTime", Value::from(format_timestamp(options.start_time))),
                ("RedriveCount", Value::from_i64(0)),
            ]),
        );
        context.insert(
            Arc::from("State"),
            Value::object_from([
                ("EnteredTime", Value::from(format_timestamp(entered_time))),
                ("Name", Value::from(state_name)),
                ("RetryCount", Value::from_i64(retry_count.into())),
            ]),
        );
        context.insert(
            Arc::from("StateMachine"),
            Value::object_from([
                ("Id", Value::from(machine_arn)),
                ("Name", Value::from(options.state_machine_name.as_str())),
            ]),
        );
        if let Some(token) = task_token {
            context.insert(
                Arc::from("Task"),
                Value::object_from([("Token", Value::String(token.clone()))]),
            );
        }
        if let Some((index, value)) = map_item {
            context.insert(
                Arc::from("Map"),
                Value::object_from([(
                    "Item",
                    Value::object_from([("Index", Value::from_i64(*index as i64)), ("Value", value.clone())]),
                )]),
            );
        }
        Value::object(context)
    }
}

impl Execution {
    pub(super) fn env<'a>(&'a self, run: &'a Run, state: &'a State, map_item: Option<(usize, Value)>) -> StateEnv<'a> {
        StateEnv {
            execution: self,
            run,
            state_name: &state.name,
            map_item,
        }
    }

    /// Evaluates a path against `input` in a run's environment.
    pub(super) fn eval_path(&self, run_id: RunId, state: &State, path: &Path, input: &Value) -> Option<Value> {
        let run = &self.runs[run_id.0];
        let env = self.env(run, state, None);
        path.evaluate(input, &env)
    }

    pub(super) fn eval_template(
        &mut self,
        run_id: RunId,
        state: &State,
        template: &Template,
        input: &Value,
        map_item: Option<(usize, Value)>,
    ) -> Result<Value, WorkflowError> {
        let res = {
            let run = &self.runs[run_id.0];
            let env = self.env(run, state, map_item);
            let mut rng = self.rng.borrow_mut();
            let mut ctx = EvalCtx {
                env: &env,
                rng: &mut rng,
            };
            template.evaluate(input, &mut ctx)
        };
        res.map_err(|cause| self.runtime_error(run_id, state, &cause))
    }

    pub(super) fn runtime_error(&self, run_id: RunId, state: &State, detail: &str) -> WorkflowError {
        let entered = self.runs[run_id.0]
            .current
            .as_ref()
            .map_or(0, |current| current.entered_event.0);
        WorkflowError::runtime(format!(
            "An error occurred while executing the state '{}' (entered at the event id #{entered}). {detail}",
            state.name
        ))
    }

    pub(super) fn select(
        &self,
        run_id: RunId,
        state: &State,
        selection: &Selection,
        input: &Value,
    ) -> Result<Value, WorkflowError> {
        match selection {
            Selection::Whole => Ok(input.clone()),
            Selection::Nothing => Ok(Value::empty_object()),
            Selection::Path(path) => self.eval_path(run_id, state, path, input).ok_or_else(|| {
                self.runtime_error(
                    run_id,
                    state,
                    &format!("Invalid path '{path}' : {}", path.missing_detail(input)),
                )
            }),
        }
    }

    /// `select` for an input the caller gives up: `$` passes it on as it is, without a clone
    /// and a drop (two atomic operations).
    pub(super) fn select_owned(
        &self,
        run_id: RunId,
        state: &State,
        selection: &Selection,
        input: Value,
    ) -> Result<Value, WorkflowError> {
        match selection {
            Selection::Whole => Ok(input),
            selection => self.select(run_id, state, selection, &input),
        }
    }

    pub(super) fn seconds(
        &self,
        run_id: RunId,
        state: &State,
        seconds: &Seconds,
        input: &Value,
        field: &str,
    ) -> Result<u64, WorkflowError> {
        match seconds {
            Seconds::Literal(value) => Ok(*value),
            Seconds::Path(path) => {
                let value = self.eval_path(run_id, state, path, input).ok_or_else(|| {
                    let detail = if field == "SecondsPath" {
                        format!("The SecondsPath parameter does not reference an input value: {path}")
                    } else {
                        format!("Invalid path '{path}' : {}", path.missing_detail(input))
                    };
                    self.runtime_error(run_id, state, &detail)
                })?;
                let whole = |number: &crate::value::Number| {
                    number.as_u64().or_else(|| {
                        number
                            .as_f64()
                            .filter(|float| *float >= 0.0 && float.fract() == 0.0)
                            .map(|float| float as u64)
                    })
                };
                let fail = |detail: String| Err(self.runtime_error(run_id, state, &detail));
                let map_count = matches!(field, "MaxConcurrencyPath" | "ToleratedFailureCountPath");
                // AWS's causes, word for word (its recordings: test_base_scenarios, test_wait).
                match &value {
                    Value::Number(number) => match whole(number) {
                        // AWS reads the seconds as a Java long: beyond one, no wait at all.
                        Some(seconds) if field == "SecondsPath" && i64::try_from(seconds).is_err() => fail(format!(
                            "The SecondsPath parameter cannot be parsed as a long value: {path} == {number}"
                        )),
                        Some(seconds) => Ok(seconds),
                        None if field == "SecondsPath" && number.as_f64().is_some_and(|n| n.fract() == 0.0) => fail(
                            format!("The SecondsPath parameter references a negative value: {path} == {number}"),
                        ),
                        None if field == "SecondsPath" => fail(format!(
                            "The SecondsPath parameter cannot be parsed as a long value: {path} == {number}"
                        )),
                        None if field == "ToleratedFailureCountPath" && number.as_f64().is_some_and(|n| n < 0.0) => {
                            fail("ToleratedFailureCount cannot be negative.".to_owned())
                        }
                        None if map_count => fail(not_a_valid(field, &value, "integer", path)),
                        None => fail(format!(
                            "The {field} '{path}' gave {number}; expected a non-negative integer"
                        )),
                    },
                    // A Map's counts may come as numeric text ("1"), which AWS reads.
                    Value::String(text) if map_count => match text.trim().parse::<i64>() {
                        Ok(count) if count >= 0 => Ok(count as u64),
                        Ok(_) if field == "ToleratedFailureCountPath" => {
                            fail("ToleratedFailureCount cannot be negative.".to_owned())
                        }
                        _ => fail(not_a_valid(field, &value, "integer", path)),
                    },
                    other if map_count => fail(not_a_valid(field, other, "integer", path)),
                    other => fail(format!(
                        "The {field} '{path}' gave {}; expected a non-negative integer",
                        other.type_name()
                    )),
                }
            }
        }
    }
}

/// AWS's cause for a Map's count or percentage path that selects something else:
/// `The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.max`
/// (a string's text, other values as JSON).
pub(super) fn not_a_valid(field: &str, value: &Value, kind: &str, path: &crate::path::Path) -> String {
    let shown = match value {
        Value::String(text) => text.to_string(),
        other => other.to_json(),
    };
    format!("The {field} field refers to value \"{shown}\" which is not a valid {kind}: {path}")
}
