//! A state's data flow, JSONPath side: entering a state (InputPath, Parameters, and the work of
//! Pass, Choice, Wait, Succeed and Fail), then ResultSelector, ResultPath, OutputPath, Assign and
//! the transition out.

use std::sync::Arc;

use rand_core::Rng;

use super::Execution;
use super::api::{RunId, Step, WorkflowError, errors};
use super::jsonata_flow::Flow;
use super::runs::{Action, Current, RunStatus};
use super::trace::{ChoiceTaken, ErrorDetails};
use crate::history::{EventId, EventKind};
use crate::machine::{FailField, ResultPath, Selection, State, StateId, StateKind, StateRef, WaitSpec};
use crate::template::abbreviate;
use crate::time::parse_timestamp;
use crate::value::Value;

impl Execution {
    pub(super) fn enter(&mut self, run_id: RunId, state_id: StateId, input: Value) -> Result<Step, Flow> {
        // The machine is borrowed from a second handle kept for it, not cloned: a clone and its
        // drop are two atomic operations at every transition.
        let machine = self.spare_machine.take().unwrap_or_else(|| self.machine.clone());
        let res = self.enter_state(&machine, run_id, state_id, input);
        self.spare_machine = Some(machine);
        res
    }

    fn enter_state(
        &mut self,
        machine: &crate::machine::ValidMachine,
        run_id: RunId,
        state_id: StateId,
        mut input: Value,
    ) -> Result<Step, Flow> {
        let run_machine = self.runs[run_id.0].machine;
        let state = machine.state(run_machine, state_id);
        self.transitions += 1;
        if self.runs[run_id.0].parent().is_none() {
            self.top_level_states.push(StateRef {
                machine: run_machine,
                state: state_id,
            });
        }
        // The callback pattern: a `.waitForTaskToken` Task passes a token ($$.Task.Token) to the
        // service it calls, which answers with it later (AWS "Wait for a Callback").
        let task_token = match &state.kind {
            StateKind::Task(spec) if spec.resource.ends_with(".waitForTaskToken") => {
                let mut bytes = [0u8; 16];
                bytes[..8].copy_from_slice(&self.rng.get_mut().next_u64().to_le_bytes());
                bytes[8..].copy_from_slice(&self.rng.get_mut().next_u64().to_le_bytes());
                Some(Arc::from(
                    bytes.iter().map(|byte| format!("{byte:02x}")).collect::<String>(),
                ))
            }
            _ => None,
        };
        let here = StateRef {
            machine: self.runs[run_id.0].machine,
            state: state_id,
        };
        let trace = self.open_trace(run_id, here, &state.name, &input);
        // The state is current before its StateEntered event, which is recorded as the state's.
        let retry_base = self.isolation.as_ref().map_or(0, |isolation| isolation.retry_count);
        let now = self.now;
        self.note_left_input(run_id);
        // A JSONPath Pass or Choice state ends in this step, and nothing reads its raw input
        // after its entry but a Pass's ResultPath that keeps the input (or a catcher, which
        // neither has): the run holds the input only for states that read it again, as a
        // clone and its drop are two atomic operations at every transition.
        let keeps_raw_input = !matches!(state.kind, StateKind::Pass { .. } | StateKind::Choice { .. })
            || state.jsonata.is_some()
            || !matches!(state.result_path, ResultPath::Replace)
            || !state.catch.is_empty();
        // A run keeps one allocation for its current state from state to state, and its
        // fields are set in place (building a new one, copying it in and dropping the old one
        // cost about 80 instructions a transition). Every field is named, so that a new one
        // cannot be forgotten here.
        match &mut self.runs[run_id.0].current {
            Some(current) => {
                let Current {
                    state: current_state,
                    raw_input,
                    effective,
                    input_text,
                    entered_time,
                    entered_event,
                    retry_counts,
                    children,
                    task_token: current_token,
                    numbers,
                    trace: current_trace,
                    distributed,
                } = &mut **current;
                *current_state = state_id;
                *raw_input = if keeps_raw_input { input.clone() } else { Value::Null };
                *effective = Value::Null;
                *input_text = None;
                *entered_time = now;
                *entered_event = EventId(0);
                retry_counts.clear();
                retry_counts.resize(state.retry.len(), retry_base);
                *children = None;
                *current_token = task_token;
                *numbers = None;
                *current_trace = trace;
                *distributed = None;
            }
            slot => {
                *slot = Some(Box::new(Current {
                    state: state_id,
                    raw_input: if keeps_raw_input { input.clone() } else { Value::Null },
                    effective: Value::Null,
                    input_text: None,
                    entered_time: now,
                    entered_event: EventId(0),
                    retry_counts: vec![retry_base; state.retry.len()],
                    children: None,
                    task_token,
                    numbers: None,
                    trace,
                    distributed: None,
                }))
            }
        }
        let previous = self.runs[run_id.0].last_event;
        let entered = self.push_event(
            previous,
            EventKind::StateEntered {
                name: self.event_name(self.runs[run_id.0].machine, state_id, state),
                input: input.clone().into(),
            },
        );
        let run = &mut self.runs[run_id.0];
        run.last_event = entered;
        if let Some(current) = run.current.as_mut() {
            current.entered_event = entered;
        }
        let token = self
            .options
            .trace
            .then(|| self.runs[run_id.0].current.as_ref()?.task_token.clone())
            .flatten();
        if let Some(trace) = self.trace_of(run_id) {
            trace.entered = entered;
            trace.task_token = token;
        }
        self.check_payload(state, &input, "received input with")?;
        if state.jsonata.is_some() {
            return self.prepare(run_id).map_err(|flow| flow.resume_with(Action::Prepare));
        }

        // The whole input is not copied (a reference count changed twice) only to be read by
        // Parameters: each clone and drop of a shared value is an atomic operation, and those
        // were about a third of a Pass/Choice loop's time.
        let selected = match &state.input_path {
            Selection::Whole => None,
            selection => Some(self.select(run_id, state, selection, &input)?),
        };
        let selected_ref = selected.as_ref().unwrap_or(&input);
        if let Some(trace) = self.trace_of(run_id) {
            trace.after_input_path = Some(selected_ref.clone());
        }
        let effective = match &state.parameters {
            Some(parameters) => self.eval_template(run_id, state, parameters, selected_ref, None)?,
            None => match (selected, &state.kind) {
                (Some(selected), _) => selected,
                // A Fail state reads its input again (ErrorPath, CausePath).
                (None, StateKind::Fail { .. }) => input.clone(),
                (None, _) => std::mem::take(&mut input),
            },
        };
        if let Some(trace) = self.trace_of(run_id) {
            trace.after_parameters = Some(effective.clone());
        }
        // Only states whose work goes on after this step read their effective input again.
        if matches!(
            state.kind,
            StateKind::Task(_) | StateKind::Parallel { .. } | StateKind::Map(_) | StateKind::Wait(_)
        ) && let Some(current) = self.runs[run_id.0].current.as_mut()
        {
            current.effective = effective.clone();
        }

        match &state.kind {
            StateKind::Pass { result } => {
                let result = result.clone().unwrap_or(effective);
                self.after_result_of(run_id, state, result)?;
                Ok(Step::Progressed)
            }
            StateKind::Task(_) | StateKind::Parallel { .. } | StateKind::Map(_) => Ok(self.execute(run_id)?),
            StateKind::Choice { choices, default } => {
                for (index, rule) in choices.iter().enumerate() {
                    if self.condition(run_id, state, &rule.condition, &effective)? {
                        if let Some(trace) = self.trace_of(run_id) {
                            trace.choice = Some(ChoiceTaken::Rule(index));
                        }
                        let (output, assigned) = self.choice_exit(run_id, state, rule.assign.as_ref(), effective)?;
                        self.exit(run_id, state, output, assigned, rule.next);
                        return Ok(Step::Progressed);
                    }
                }
                match default {
                    Some(target) => {
                        if let Some(trace) = self.trace_of(run_id) {
                            trace.choice = Some(ChoiceTaken::Default);
                        }
                        let (output, assigned) = self.choice_exit(run_id, state, None, effective)?;
                        self.exit(run_id, state, output, assigned, Some(*target));
                        Ok(Step::Progressed)
                    }
                    None => Err(Flow::Error(WorkflowError::new(
                        errors::NO_CHOICE_MATCHED,
                        format!(
                            "No Choice Rules matched in the Choice state '{}' and it has no Default. Input: {}",
                            state.name,
                            abbreviate(&effective.to_json())
                        ),
                    ))),
                }
            }
            StateKind::Wait(spec) => {
                let wake = match spec {
                    WaitSpec::Timestamp(millis) => *millis,
                    WaitSpec::Seconds(seconds) => {
                        let seconds = self.seconds(run_id, state, seconds, &effective, "SecondsPath")?;
                        self.now.saturating_add((seconds as i64).saturating_mul(1000))
                    }
                    WaitSpec::TimestampPath(path) => {
                        let value = self.eval_path(run_id, state, path, &effective).ok_or_else(|| {
                            self.runtime_error(
                                run_id,
                                state,
                                &format!("Invalid path '{path}' : {}", path.missing_detail(&effective)),
                            )
                        })?;
                        value.as_str().and_then(parse_timestamp).ok_or_else(|| {
                            self.runtime_error(
                                run_id,
                                state,
                                &format!(
                                    "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {path} == {}",
                                    value.as_str().map_or_else(|| value.to_json(), str::to_owned)
                                ),
                            )
                        })?
                    }
                };
                if wake <= self.now {
                    self.finish_wait(run_id)?;
                } else {
                    self.set_timer(run_id, wake, Action::WaitElapsed);
                }
                Ok(Step::Progressed)
            }
            StateKind::Succeed => {
                let output = self.select_owned(run_id, state, &state.output_path, effective)?;
                self.exit(run_id, state, output, None, None);
                Ok(Step::Progressed)
            }
            StateKind::Fail { error, cause } => {
                let error = self.fail_field(run_id, state, error, &input, "ErrorPath")?;
                let cause = self.fail_field(run_id, state, cause, &input, "CausePath")?;
                let error = WorkflowError::new(
                    error.unwrap_or_else(|| Arc::from("")),
                    cause.unwrap_or_else(|| Arc::from("")),
                );
                if let Some(trace) = self.trace_of(run_id) {
                    trace.errors.push(ErrorDetails::new(error.clone()));
                }
                self.finish_run(run_id, Err(error));
                Ok(Step::Progressed)
            }
        }
    }

    /// A matched Choice rule's (or the Default's) output and assignments, from the state's
    /// effective input. OutputPath is applied first, as its error comes first; `$`, which
    /// cannot fail, then takes the input itself once the assignments have read it.
    #[inline]
    fn choice_exit(
        &mut self,
        run_id: RunId,
        state: &State,
        rule_assign: Option<&crate::template::Template>,
        effective: Value,
    ) -> Result<(Value, Option<Value>), Flow> {
        if rule_assign.is_none() && state.assign.is_none() && matches!(state.output_path, Selection::Whole) {
            return Ok((effective, None));
        }
        let selected = match &state.output_path {
            Selection::Whole => None,
            selection => Some(self.select(run_id, state, selection, &effective)?),
        };
        let rule_assigned = match rule_assign {
            Some(assign) => Some(self.eval_template(run_id, state, assign, &effective, None)?),
            None => None,
        };
        let state_assigned = match &state.assign {
            Some(assign) => Some(self.eval_template(run_id, state, assign, &effective, None)?),
            None => None,
        };
        let assigned = match (state_assigned, rule_assigned) {
            // Most rules assign nothing: no call for it (about 40 instructions a Choice).
            (None, None) => None,
            (state_assigned, rule_assigned) => merge_assigned(state_assigned, rule_assigned),
        };
        Ok((selected.unwrap_or(effective), assigned))
    }

    pub(super) fn fail_field(
        &mut self,
        run_id: RunId,
        state: &State,
        field: &FailField,
        input: &Value,
        name: &str,
    ) -> Result<Option<Arc<str>>, WorkflowError> {
        match field {
            FailField::None => Ok(None),
            FailField::Literal(text) => Ok(Some(text.clone())),
            FailField::Call(call) => match self.eval_template(run_id, state, call, input, None)? {
                Value::String(text) => Ok(Some(text)),
                other => Err(self.runtime_error(
                    run_id,
                    state,
                    &format!("The {name} gave {}, not a string", other.type_name()),
                )),
            },
            FailField::Path(path) => match self.eval_path(run_id, state, path, input) {
                Some(Value::String(text)) => Ok(Some(text)),
                Some(other) => Err(self.runtime_error(
                    run_id,
                    state,
                    &format!("The {name} '{path}' gave {}, not a string", other.type_name()),
                )),
                None => Err(self.runtime_error(run_id, state, &crate::template::missing_path_cause(path, name, input))),
            },
        }
    }

    pub(super) fn finish_wait(&mut self, run_id: RunId) -> Result<(), Flow> {
        let (state_id, effective) = self.current_state(run_id);
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        if state.jsonata.is_some() {
            return self.jsonata_finish_wait(run_id, state);
        }
        let output = self.select(run_id, state, &state.output_path, &effective)?;
        let assigned = match &state.assign {
            Some(assign) => Some(self.eval_template(run_id, state, assign, &effective, None)?),
            None => None,
        };
        self.exit(run_id, state, output, assigned, state.next);
        Ok(())
    }

    /// ResultSelector, Assign, ResultPath and OutputPath, then the transition.
    pub(super) fn after_result(&mut self, run_id: RunId, result: Value) -> Result<(), Flow> {
        let state_id = self.runs[run_id.0]
            .current
            .as_ref()
            .map_or(StateId(0), |current| current.state);
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        self.after_result_of(run_id, state, result)
    }

    /// `after_result` for a caller that holds the run's current state, `state` (a Pass state
    /// entered in this step): without a second clone of the machine.
    fn after_result_of(&mut self, run_id: RunId, state: &State, result: Value) -> Result<(), Flow> {
        if let Some(trace) = self.trace_of(run_id) {
            trace.result = Some(result.clone());
        }
        if state.jsonata.is_some() {
            return self.jsonata_after_result(run_id, state, result);
        }
        let result = match &state.result_selector {
            Some(selector) => self.eval_template(run_id, state, selector, &result, None)?,
            None => result,
        };
        if let Some(trace) = self.trace_of(run_id) {
            trace.after_result_selector = Some(result.clone());
        }
        let assigned = match &state.assign {
            Some(assign) => Some(self.eval_template(run_id, state, assign, &result, None)?),
            None => None,
        };
        let combined = match &state.result_path {
            // The state's input is not needed (nor shared for a moment) when the result replaces it.
            ResultPath::Replace => result,
            result_path => {
                let raw_input = self.runs[run_id.0]
                    .current
                    .as_ref()
                    .map_or(Value::Null, |current| current.raw_input.clone());
                self.apply_result_path(run_id, state, result_path, &raw_input, result)?
            }
        };
        if let Some(trace) = self.trace_of(run_id) {
            trace.after_result_path = Some(combined.clone());
        }
        let output = self.select_owned(run_id, state, &state.output_path, combined)?;
        self.check_payload(state, &output, "returned a result with")?;
        self.exit(run_id, state, output, assigned, state.next);
        Ok(())
    }

    pub(super) fn apply_result_path(
        &self,
        run_id: RunId,
        state: &State,
        result_path: &ResultPath,
        raw_input: &Value,
        result: Value,
    ) -> Result<Value, WorkflowError> {
        match result_path {
            ResultPath::Replace => Ok(result),
            ResultPath::Discard => Ok(raw_input.clone()),
            ResultPath::Path(path) => path.write(raw_input, result).map_err(|detail| {
                let _ = run_id;
                WorkflowError::new(
                    errors::RESULT_PATH_MATCH_FAILURE,
                    format!(
                        "An error occurred while executing the state '{}'. {detail} (input: {})",
                        state.name,
                        abbreviate(&raw_input.to_json())
                    ),
                )
            }),
        }
    }

    /// Leaves the current state: records the exit, applies assignments, and moves on (or ends
    /// the run when there is no next state).
    pub(super) fn exit(
        &mut self,
        run_id: RunId,
        state: &State,
        output: Value,
        assigned: Option<Value>,
        next: Option<StateId>,
    ) {
        if let Some(error) = self.variables_too_large(run_id, state, assigned.as_ref()) {
            // Like any failure of the state: Retry and Catch see it next (they never match it).
            self.make_ready(run_id, Action::fail(error));
            return;
        }
        let run_machine = self.runs[run_id.0].machine;
        if let Some(trace) = self.trace_of(run_id) {
            trace.output = Some(output.clone());
            trace.assigned = assigned.clone();
            trace.next = next.map(|state| StateRef {
                machine: run_machine,
                state,
            });
        }
        let previous = self.runs[run_id.0].last_event;
        let state_id = self.runs[run_id.0]
            .current
            .as_ref()
            .map_or(StateId(u32::MAX), |current| current.state);
        let name = self.event_name(run_machine, state_id, state);
        let event = self.push_event(
            previous,
            EventKind::StateExited {
                name,
                output: output.clone().into(),
                assigned: assigned.clone().map(Box::new),
            },
        );
        if let Some(trace) = self.trace_of(run_id) {
            trace.exited = Some(event);
        }
        let run = &mut self.runs[run_id.0];
        run.last_event = event;
        if let Some(Value::Object(variables)) = assigned {
            let scope = run.own_scope();
            for (name, value) in variables.iter() {
                scope.variables.insert(name.clone(), value.clone());
            }
        }
        match next {
            // `make_ready`, written out: the action is built in place, not moved into a call.
            Some(next) => {
                self.runs[run_id.0].status = RunStatus::Ready(Action::Enter {
                    state: next,
                    input: output,
                });
                self.ready.push_back(run_id);
            }
            None => self.finish_run(run_id, Ok(output)),
        }
    }
}

/// A Choice state's assignments when a rule matches: the state's own `Assign` applies whichever
/// rule matches, and the rule's `Assign` wins where both set a variable (AWS "Choice workflow
/// state": "You can also specify an Assign block at the state level, which applies regardless of
/// which choice rule matches"; recorded: a rule's value wins over the state's for the same name).
pub(super) fn merge_assigned(state: Option<Value>, rule: Option<Value>) -> Option<Value> {
    match (state, rule) {
        (Some(Value::Object(state)), Some(Value::Object(rule))) => {
            let mut merged = (*state).clone();
            for (name, value) in rule.iter() {
                merged.insert(name.clone(), value.clone());
            }
            Some(Value::object(merged.into_map()))
        }
        (state, None) => state,
        (_, rule) => rule,
    }
}
