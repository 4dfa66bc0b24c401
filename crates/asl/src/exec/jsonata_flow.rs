//! How JSONata states run, with expressions evaluated by the host.
//!
//! A state that needs expressions builds an `EvaluationRequest` and suspends (`Flow::Suspend`):
//! its run waits in `RunStatus::Evaluating` with the action to perform again. When the host
//! answers, the answers go on the run's *tape* and the action runs again from its start,
//! replaying answers from the tape in the order it asks for them, until it has them all.
//!
//! This is correct because every action that evaluates expressions does so before any side
//! effect (events, timers, transitions); an action with side effects first (entering a state,
//! starting a catcher after cancelling branches) resumes with a narrower action instead
//! (`Prepare`, `Catch`, `TaskSucceeded`). Answers for a whole field come in one request, so a
//! state usually suspends once or twice; a Choice asks for its conditions one at a time, so a
//! condition after the first true one is never evaluated, as in AWS.

use std::sync::Arc;

use rand_core::Rng;

use super::Execution;
use super::api::{RunId, Step, WorkflowError, errors};
use super::env::StateEnv;
use super::runs::{Action, JsonataNumbers};
use super::trace::{ChoiceTaken, ErrorDetails};
use crate::history::{EvaluationFailure, EventKind};
use crate::jsonata::Jx;
use crate::jsonata::{EvaluationId, EvaluationRequest};
use crate::machine::{Condition, JsonataFields, Seconds, State, StateId, StateKind, WaitSpec};
use crate::path::Env;
use crate::template::abbreviate;
use crate::time::parse_timestamp;
use crate::value::{Map, Value};

/// Why an action stopped early: a workflow error, or expressions to evaluate first.
#[derive(Debug)]
pub(super) enum Flow {
    Error(WorkflowError),
    /// The request, and the action to perform once it is answered (`None`: the same action).
    Suspend(Box<EvaluationRequest>, Option<Action>),
}

impl From<WorkflowError> for Flow {
    fn from(error: WorkflowError) -> Flow {
        Flow::Error(error)
    }
}

impl Flow {
    /// Resume with `action` rather than the interrupted one (which had side effects first).
    pub(super) fn resume_with(self, action: Action) -> Flow {
        match self {
            Flow::Suspend(request, None) => Flow::Suspend(request, Some(action)),
            other => other,
        }
    }
}

/// What `$states` holds for one field.
struct StatesParts {
    input: Value,
    result: Option<Value>,
    error_output: Option<Value>,
    map_item: Option<(usize, Value)>,
}

impl StatesParts {
    fn input(input: Value) -> StatesParts {
        StatesParts {
            input,
            result: None,
            error_output: None,
            map_item: None,
        }
    }
}

impl Execution {
    fn fields_of(state: &State) -> &JsonataFields {
        static EMPTY: std::sync::OnceLock<JsonataFields> = std::sync::OnceLock::new();
        state
            .jsonata
            .as_deref()
            .unwrap_or_else(|| EMPTY.get_or_init(JsonataFields::default))
    }

    /// Records AWS's EvaluationFailed event: which field of which state failed, and why. Only
    /// on the way to failing the action, so no replay ever sees it.
    fn evaluation_failed(&mut self, run_id: RunId, state: &State, error: &WorkflowError, location: Arc<str>) {
        let previous = self.runs[run_id.0].last_event;
        let event = self.push_event(
            previous,
            EventKind::EvaluationFailed(Box::new(EvaluationFailure {
                state: state.name.clone(),
                error: error.error.clone(),
                cause: error.cause.clone(),
                location,
            })),
        );
        self.runs[run_id.0].last_event = event;
    }

    /// A failed JSONata field that is not an expression's own error (a wrong type of value).
    fn query_failure(&mut self, run_id: RunId, state: &State, location: &str, cause: &str) -> Flow {
        let error = self.query_error(run_id, state, cause);
        self.evaluation_failed(run_id, state, &error, Arc::from(location));
        Flow::Error(error)
    }

    fn query_error(&self, run_id: RunId, state: &State, cause: &str) -> WorkflowError {
        let entered = self.runs[run_id.0]
            .current
            .as_ref()
            .map_or(0, |current| current.entered_event.0);
        WorkflowError::new(
            errors::QUERY_EVALUATION_ERROR,
            format!(
                "An error occurred while executing the state '{}' (entered at the event id #{entered}). {cause}",
                state.name
            ),
        )
    }

    /// Evaluates a JSONata field for the run being performed (`run_id`, whose tape holds the
    /// answers), in the environment of `env_run` (itself, or the Map for an ItemSelector).
    fn jx(
        &mut self,
        run_id: RunId,
        env_run: RunId,
        state: &State,
        jx: &Jx,
        parts: &StatesParts,
    ) -> Result<Value, Flow> {
        if let Some(value) = jx.as_literal() {
            return Ok(value.clone());
        }
        let needed = jx.sources().len();
        let (answers, start) = match self.runs[run_id.0].tape.as_deref() {
            Some(tape) => (&tape.answers[..], tape.cursor),
            None => (&[][..], 0),
        };
        let available = answers.len().saturating_sub(start);
        if available >= needed {
            let built = jx.build(&answers[start..start + needed]);
            if let Some(tape) = self.runs[run_id.0].tape.as_mut() {
                tape.cursor += needed;
            }
            return built.map_err(|(location, cause)| {
                let error = self.query_error(env_run, state, &cause);
                self.evaluation_failed(run_id, state, &error, location);
                Flow::Error(error)
            });
        }
        let bindings = self.bindings(env_run, state, jx, parts);
        let id = EvaluationId(self.next_evaluation);
        self.next_evaluation += 1;
        let request = EvaluationRequest {
            id,
            state_name: state.name.clone(),
            expressions: jx.sources()[available..].to_vec(),
            bindings,
            seed: self.rng.get_mut().next_u64(),
            now: self.now,
        };
        Err(Flow::Suspend(Box::new(request), None))
    }

    fn jx_option(
        &mut self,
        run_id: RunId,
        state: &State,
        jx: Option<&Jx>,
        parts: &StatesParts,
    ) -> Result<Option<Value>, Flow> {
        match jx {
            Some(jx) => self.jx(run_id, run_id, state, jx, parts).map(Some),
            None => Ok(None),
        }
    }

    fn bindings(&self, env_run: RunId, state: &State, jx: &Jx, parts: &StatesParts) -> Value {
        let run = &self.runs[env_run.0];
        let env = self.env(run, state, parts.map_item.clone());
        let mut states = Map::new();
        states.insert(Arc::from("input"), parts.input.clone());
        if let Some(result) = &parts.result {
            states.insert(Arc::from("result"), result.clone());
        }
        if let Some(error_output) = &parts.error_output {
            states.insert(Arc::from("errorOutput"), error_output.clone());
        }
        states.insert(Arc::from("context"), env.context());
        let mut bindings = Map::new();
        bindings.insert(Arc::from("states"), Value::object(states));
        for name in jx.names() {
            if &**name != "states"
                && let Some(value) = StateEnv::variable(&env, name)
            {
                bindings.insert(name.clone(), value);
            }
        }
        Value::object(bindings)
    }

    /// A number field computed by an expression (TimeoutSeconds, MaxConcurrency, …).
    fn jx_count(
        &mut self,
        run_id: RunId,
        state: &State,
        jx: Option<&Jx>,
        parts: &StatesParts,
        field: &str,
        min: u64,
    ) -> Result<Option<u64>, Flow> {
        let Some(value) = self.jx_option(run_id, state, jx, parts)? else {
            return Ok(None);
        };
        let number = value
            .as_f64()
            .filter(|number| number.fract() == 0.0 && *number >= min as f64 && *number <= 1e15)
            .map(|number| number as u64);
        match number {
            Some(number) => Ok(Some(number)),
            None => Err(self.query_failure(
                run_id,
                state,
                field,
                &format!(
                    "The JSONata expression for the field '{field}' gave {}; expected an integer of at least {min}",
                    abbreviate(&value.to_json())
                ),
            )),
        }
    }

    /// A JSONata distributed Map's ItemReader Arguments and MaxItems, ItemBatcher fields and
    /// ResultWriter Arguments, from the state's input.
    fn distributed_inputs(
        &mut self,
        run_id: RunId,
        state: &State,
        spec: &crate::machine::MapSpec,
        parts: &StatesParts,
    ) -> Result<super::distributed::DistributedInputs, Flow> {
        let reader = spec.item_reader.as_deref();
        let batcher = spec.item_batcher.as_deref();
        let max_items = match reader.and_then(|reader| reader.max_items_jx.as_ref()) {
            Some(jx) => {
                let value = self.jx(run_id, run_id, state, jx, parts)?;
                match value
                    .as_f64()
                    .filter(|number| number.fract() == 0.0 && number.abs() <= 1e15)
                {
                    Some(number) => Some(number as i64),
                    None => {
                        return Err(self.query_failure(
                            run_id,
                            state,
                            "MaxItems",
                            &format!(
                                "The JSONata expression for the field 'MaxItems' gave {}; expected an integer",
                                abbreviate(&value.to_json())
                            ),
                        ));
                    }
                }
            }
            None => None,
        };
        Ok(super::distributed::DistributedInputs {
            reader_arguments: self.jx_option(
                run_id,
                state,
                reader.and_then(|reader| reader.arguments.as_ref()),
                parts,
            )?,
            max_items,
            max_items_per_batch: self.jx_count(
                run_id,
                state,
                batcher.and_then(|batcher| batcher.max_items_per_batch_jx.as_ref()),
                parts,
                "MaxItemsPerBatch",
                1,
            )?,
            max_input_bytes_per_batch: self.jx_count(
                run_id,
                state,
                batcher.and_then(|batcher| batcher.max_input_bytes_per_batch_jx.as_ref()),
                parts,
                "MaxInputBytesPerBatch",
                1,
            )?,
            batch_input: self.jx_option(
                run_id,
                state,
                batcher.and_then(|batcher| batcher.batch_input_jx.as_ref()),
                parts,
            )?,
            writer_arguments: self.jx_option(
                run_id,
                state,
                spec.result_writer.as_ref().and_then(|writer| writer.arguments.as_ref()),
                parts,
            )?,
        })
    }

    /// The work of a JSONata state after it is entered: everything computed from its input.
    pub(super) fn prepare(&mut self, run_id: RunId) -> Result<Step, Flow> {
        let Some(current) = self.runs[run_id.0].current.as_ref() else {
            return Ok(Step::Progressed);
        };
        let state_id = current.state;
        let input = current.raw_input.clone();
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        let fields = Self::fields_of(state);
        let parts = StatesParts::input(input.clone());
        match &state.kind {
            StateKind::Pass { .. } | StateKind::Succeed => {
                self.output_and_assign(run_id, state, &parts, input)?;
                Ok(Step::Progressed)
            }
            StateKind::Fail { error, cause } => {
                let error_value = self.jx_option(run_id, state, fields.error.as_ref(), &parts)?;
                let cause_value = self.jx_option(run_id, state, fields.cause.as_ref(), &parts)?;
                let text = |value: Option<Value>, literal: &crate::machine::FailField, name: &str| match value {
                    Some(Value::String(text)) => Ok(text),
                    Some(other) => Err(format!(
                        "The JSONata expression for the field '{name}' gave {}; expected a string",
                        other.type_name()
                    )),
                    None => Ok(match literal {
                        crate::machine::FailField::Literal(text) => text.clone(),
                        _ => Arc::from(""),
                    }),
                };
                let error = match text(error_value, error, "Error") {
                    Ok(error) => error,
                    Err(cause) => return Err(self.query_failure(run_id, state, "Error", &cause)),
                };
                let cause = match text(cause_value, cause, "Cause") {
                    Ok(cause) => cause,
                    Err(cause) => return Err(self.query_failure(run_id, state, "Cause", &cause)),
                };
                let error = WorkflowError::new(error, cause);
                if let Some(trace) = self.trace_of(run_id) {
                    trace.errors.push(ErrorDetails::new(error.clone()));
                }
                self.finish_run(run_id, Err(error));
                Ok(Step::Progressed)
            }
            StateKind::Wait(spec) => {
                let seconds = self.jx_count(run_id, state, fields.wait_seconds.as_ref(), &parts, "Seconds", 0)?;
                let timestamp = self.jx_option(run_id, state, fields.wait_timestamp.as_ref(), &parts)?;
                let wake = match (seconds, timestamp, spec) {
                    (Some(seconds), ..) => self.now.saturating_add((seconds as i64).saturating_mul(1000)),
                    (None, Some(value), _) => match value.as_str().and_then(parse_timestamp) {
                        Some(millis) => millis,
                        None => {
                            return Err(self.query_failure(
                                run_id,
                                state,
                                "Timestamp",
                                &format!(
                                    "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {}",
                                    value.as_str().map_or_else(|| abbreviate(&value.to_json()), str::to_owned)
                                ),
                            ));
                        }
                    },
                    (None, None, WaitSpec::Timestamp(millis)) => *millis,
                    (None, None, WaitSpec::Seconds(Seconds::Literal(seconds))) => {
                        self.now.saturating_add((*seconds as i64).saturating_mul(1000))
                    }
                    (None, None, _) => self.now,
                };
                if wake <= self.now {
                    self.finish_wait(run_id)
                        .map_err(|flow| flow.resume_with(Action::WaitElapsed))?;
                } else {
                    self.set_timer(run_id, wake, Action::WaitElapsed);
                }
                Ok(Step::Progressed)
            }
            StateKind::Choice { choices, default } => {
                let mut chosen = None;
                for (index, rule) in choices.iter().enumerate() {
                    let Condition::Jsonata(condition) = &rule.condition else {
                        continue;
                    };
                    match self.jx(run_id, run_id, state, condition, &parts)? {
                        Value::Bool(true) => {
                            chosen = Some(index);
                            break;
                        }
                        Value::Bool(false) => {}
                        other => {
                            return Err(self.query_failure(
                                run_id,
                                state,
                                &format!("Choices/{index}/Condition"),
                                &format!(
                                    "The Condition of Choice rule #{} gave {}; a Condition must give true or false",
                                    index + 1,
                                    abbreviate(&other.to_json())
                                ),
                            ));
                        }
                    }
                }
                if let Some(trace) = self.trace_of(run_id) {
                    trace.choice = Some(chosen.map_or(ChoiceTaken::Default, ChoiceTaken::Rule));
                }
                let (outcome, next) = match chosen {
                    Some(index) => (fields.rules.get(index), choices[index].next),
                    None => match default {
                        Some(target) => (None, Some(*target)),
                        None => {
                            return Err(Flow::Error(WorkflowError::new(
                                errors::NO_CHOICE_MATCHED,
                                format!(
                                    "No Choice Rules matched in the Choice state '{}' and it has no Default. Input: {}",
                                    state.name,
                                    abbreviate(&input.to_json())
                                ),
                            )));
                        }
                    },
                };
                let output_jx = outcome
                    .and_then(|outcome| outcome.output.as_ref())
                    .or(fields.output.as_ref());
                let output = self.jx_option(run_id, state, output_jx, &parts)?.unwrap_or(input);
                // The state's Assign applies whichever way the state goes; a matched rule's Assign
                // wins where both set a variable (see `flow::merge_assigned`).
                let state_assigned = self.jx_option(run_id, state, fields.assign.as_ref(), &parts)?;
                let rule_assigned = self.jx_option(
                    run_id,
                    state,
                    outcome.and_then(|outcome| outcome.assign.as_ref()),
                    &parts,
                )?;
                let assigned = super::flow::merge_assigned(state_assigned, rule_assigned);
                self.check_payload(state, &output, "returned a result with")?;
                self.exit(run_id, state, output, assigned, next);
                Ok(Step::Progressed)
            }
            StateKind::Task(_) | StateKind::Parallel { .. } | StateKind::Map(_) => {
                let effective = match (&state.kind, &fields.items) {
                    (StateKind::Map(_), Some(items)) => self.jx(run_id, run_id, state, items, &parts)?,
                    _ => self
                        .jx_option(run_id, state, fields.arguments.as_ref(), &parts)?
                        .unwrap_or(input),
                };
                // A Map reads its items from the input or Items, unless an ItemReader brings them.
                if let StateKind::Map(spec) = &state.kind
                    && spec.item_reader.is_none()
                    && !matches!(effective, Value::Array(_))
                {
                    // AWS's words: the Items expression's, or the Map input's when it has none.
                    let cause = match &fields.items {
                        Some(items) => format!(
                            "The JSONata expression '{}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '{}' for value: {}",
                            items.summary(),
                            effective.type_name(),
                            abbreviate(&effective.to_json())
                        ),
                        None => format!(
                            "Map state input must be an array but was: {}",
                            abbreviate(&effective.to_json())
                        ),
                    };
                    return Err(self.query_failure(run_id, state, "Items", &cause));
                }
                let numbers = JsonataNumbers {
                    timeout: self.jx_count(run_id, state, fields.timeout.as_ref(), &parts, "TimeoutSeconds", 1)?,
                    heartbeat: self.jx_count(
                        run_id,
                        state,
                        fields.heartbeat.as_ref(),
                        &parts,
                        "HeartbeatSeconds",
                        1,
                    )?,
                    max_concurrency: self.jx_count(
                        run_id,
                        state,
                        fields.max_concurrency.as_ref(),
                        &parts,
                        "MaxConcurrency",
                        0,
                    )?,
                    tolerated_count: self.jx_count(
                        run_id,
                        state,
                        fields.tolerated_failure_count.as_ref(),
                        &parts,
                        "ToleratedFailureCount",
                        0,
                    )?,
                    tolerated_percentage: match self.jx_option(
                        run_id,
                        state,
                        fields.tolerated_failure_percentage.as_ref(),
                        &parts,
                    )? {
                        None => None,
                        Some(value) => match value.as_f64() {
                            Some(pct) if (0.0..=100.0).contains(&pct) => Some(pct),
                            _ => {
                                return Err(self.query_failure(
                                    run_id,
                                    state,
                                    "ToleratedFailurePercentage",
                                    &format!(
                                        "The JSONata expression for the field 'ToleratedFailurePercentage' gave {}; expected a number from 0 to 100",
                                        abbreviate(&value.to_json())
                                    ),
                                ));
                            }
                        },
                    },
                };
                if let Some(trace) = self.trace_of(run_id) {
                    match state.kind {
                        StateKind::Map(_) => trace.after_items_path = Some(effective.clone()),
                        _ => trace.after_arguments = Some(effective.clone()),
                    }
                }
                if matches!(state.kind, StateKind::Task(_)) {
                    self.check_payload(state, &effective, "produced arguments with")?;
                }
                let distributed = match &state.kind {
                    StateKind::Map(spec) if spec.distributed => {
                        Some(Box::new(self.distributed_inputs(run_id, state, spec, &parts)?))
                    }
                    _ => None,
                };
                if let Some(current) = self.runs[run_id.0].current.as_mut() {
                    current.effective = effective;
                    current.numbers = Some(Box::new(numbers));
                    current.distributed = distributed;
                }
                self.execute(run_id).map_err(Flow::from)
            }
        }
    }

    /// A JSONata Map iteration's first step: its ItemSelector, evaluated with the Map's input
    /// as `$states.input` and the item in `$states.context.Map.Item`.
    pub(super) fn select_item(&mut self, run_id: RunId, index: usize, item: Value) -> Result<Step, Flow> {
        let start = self
            .machine
            .machine(self.runs[run_id.0].machine)
            .start
            .unwrap_or(StateId(0));
        let Some((parent, _)) = self.runs[run_id.0].parent() else {
            return Ok(Step::Progressed);
        };
        let Some(current) = self.runs[parent.0].current.as_ref() else {
            return Ok(Step::Progressed);
        };
        let map_input = current.raw_input.clone();
        let machine = self.machine.clone();
        let map_state = machine.state(self.runs[parent.0].machine, current.state);
        let selected = match &Self::fields_of(map_state).item_selector {
            Some(selector) => {
                let parts = StatesParts {
                    map_item: Some((index, item)),
                    ..StatesParts::input(map_input)
                };
                self.jx(run_id, parent, map_state, selector, &parts)?
            }
            None => item,
        };
        if let Some(trace) = self.trace_of(parent)
            && let Some(slot) = trace.after_item_selector.get_mut(index)
        {
            *slot = Some(selected.clone());
        }
        self.child_execution_started(run_id, selected.clone());
        self.enter(run_id, start, selected)
    }

    /// A batched JSONata distributed Map: its ItemSelector applied to each item in turn, with
    /// the Map's input as `$states.input` and the item in `$states.context.Map.Item`, one host
    /// evaluation per item (the selected items are kept in the Map Run, so answering one item
    /// never evaluates the earlier ones again); then the items are batched.
    pub(super) fn select_batch_items(&mut self, run_id: RunId) -> Result<Step, Flow> {
        let Some(map_run) = self.map_run_of(run_id) else {
            return Ok(Step::Progressed);
        };
        let Some(mut selecting) = self.map_runs[map_run].selecting.take() else {
            return Ok(Step::Progressed);
        };
        let (state_id, _) = self.current_state(run_id);
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        let input = self.raw_input(run_id);
        if let Some(selector) = &Self::fields_of(state).item_selector {
            while let Some(item) = selecting.items.get(selecting.selected.len()) {
                let parts = StatesParts {
                    map_item: Some((selecting.selected.len(), item.clone())),
                    ..StatesParts::input(input.clone())
                };
                match self.jx(run_id, run_id, state, selector, &parts) {
                    Ok(selected) => {
                        self.note_selected(run_id, selecting.selected.len(), &selected);
                        selecting.selected.push(selected);
                        // The next item's answers start a tape of their own.
                        self.runs[run_id.0].tape = None;
                    }
                    Err(Flow::Suspend(request, _)) => {
                        self.map_runs[map_run].selecting = Some(selecting);
                        return Err(Flow::Suspend(request, Some(Action::SelectBatchItems)));
                    }
                    // The Map Run has started: it fails too, as when its reader fails.
                    Err(Flow::Error(error)) => return Err(Flow::Error(self.map_run_failed(run_id, error))),
                }
            }
        }
        self.batch_selected(run_id, selecting.selected).map_err(Flow::from)
    }

    /// Output (by default `default_output`) and Assign of the state, then the transition.
    fn output_and_assign(
        &mut self,
        run_id: RunId,
        state: &State,
        parts: &StatesParts,
        default_output: Value,
    ) -> Result<(), Flow> {
        let fields = Self::fields_of(state);
        let output = self.jx_option(run_id, state, fields.output.as_ref(), parts)?;
        let assigned = self.jx_option(run_id, state, fields.assign.as_ref(), parts)?;
        let output = output.unwrap_or(default_output);
        self.check_payload(state, &output, "returned a result with")?;
        self.exit(run_id, state, output, assigned, state.next);
        Ok(())
    }

    fn raw_input(&self, run_id: RunId) -> Value {
        self.runs[run_id.0]
            .current
            .as_ref()
            .map_or(Value::Null, |current| current.raw_input.clone())
    }

    /// Output and Assign of a Task, Parallel or Map state, from `$states.result`.
    pub(super) fn jsonata_after_result(&mut self, run_id: RunId, state: &State, result: Value) -> Result<(), Flow> {
        let parts = StatesParts {
            result: Some(result.clone()),
            ..StatesParts::input(self.raw_input(run_id))
        };
        self.output_and_assign(run_id, state, &parts, result)
    }

    /// Output and Assign of a Wait state once it has waited.
    pub(super) fn jsonata_finish_wait(&mut self, run_id: RunId, state: &State) -> Result<(), Flow> {
        let input = self.raw_input(run_id);
        self.output_and_assign(run_id, state, &StatesParts::input(input.clone()), input)
    }

    /// A JSONata catcher: its Output (by default the error output) and Assign, from
    /// `$states.errorOutput`. A failure here fails the run; only a suspension is returned.
    pub(super) fn jsonata_catch(&mut self, run_id: RunId, error: WorkflowError, catcher: usize) -> Result<(), Flow> {
        let Some(current) = self.runs[run_id.0].current.as_ref() else {
            self.finish_run(run_id, Err(error));
            return Ok(());
        };
        let input = current.raw_input.clone();
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, current.state);
        let fields = Self::fields_of(state);
        let outcome = fields.catchers.get(catcher);
        let error_output = error.to_value();
        let parts = StatesParts {
            error_output: Some(error_output.clone()),
            ..StatesParts::input(input)
        };
        let evaluated = (|| {
            let output = self.jx_option(
                run_id,
                state,
                outcome.and_then(|outcome| outcome.output.as_ref()),
                &parts,
            )?;
            let assigned = self.jx_option(
                run_id,
                state,
                outcome.and_then(|outcome| outcome.assign.as_ref()),
                &parts,
            )?;
            Ok::<_, Flow>((output, assigned))
        })();
        match evaluated {
            Ok((output, assigned)) => {
                let next = state.catch.get(catcher).and_then(|catcher| catcher.next);
                self.exit(run_id, state, output.unwrap_or(error_output), assigned, next);
                Ok(())
            }
            Err(Flow::Error(error)) => {
                self.finish_run(run_id, Err(error));
                Ok(())
            }
            Err(suspend) => Err(suspend.resume_with(Action::Catch {
                error: Box::new(error),
                catcher,
            })),
        }
    }
}
