//! A state's data flow, JSONPath side: entering a state (InputPath, Parameters, and the work of
//! Pass, Choice, Wait, Succeed and Fail), then ResultSelector, ResultPath, OutputPath, Assign and
//! the transition out.

use std::sync::Arc;

use rand_core::Rng;

use super::Execution;
use super::api::{RunId, Step, WorkflowError, errors};
use super::jsonata_flow::Flow;
use super::runs::{Action, Current};
use super::trace::{ChoiceTaken, ErrorDetails};
use crate::history::{self, EventId, EventKind};
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
                *raw_input = input.clone();
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
                    raw_input: input.clone(),
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
    fn choice_exit(
        &mut self,
        run_id: RunId,
        state: &State,
        rule_assign: Option<&crate::template::Template>,
        effective: Value,
    ) -> Result<(Value, Option<Value>), Flow> {
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
        Ok((
            selected.unwrap_or(effective),
            merge_assigned(state_assigned, rule_assigned),
        ))
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
            Some(next) => self.make_ready(
                run_id,
                Action::Enter {
                    state: next,
                    input: output,
                },
            ),
            None => self.finish_run(run_id, Ok(output)),
        }
    }
}

impl Execution {
    /// Notes the input of the state a run is leaving (its current state, about to be replaced
    /// or dropped), for `compact_left_inputs`.
    pub(super) fn note_left_input(&mut self, run_id: RunId) {
        let run = &self.runs[run_id.0];
        let Some(current) = run.current.as_deref() else {
            return;
        };
        let log_len = match run
            .log()
            .checked_sub(1)
            .and_then(|index| self.child_executions.get(index))
        {
            Some(child) => child.history.len(),
            None => self.history.len(),
        };
        let input = &current.raw_input;
        if log_len >= history::LEAN_FROM_EVENTS && matches!(input, Value::Array(_) | Value::Object(_)) {
            // No clone of the input (an atomic count, and another when it is dropped): its
            // StateEntered holds it until it is compacted.
            self.left_inputs
                .push((run_id, run.log(), run.last_event, current.entered_event));
        }
    }

    /// Keeps a long history lean as runs move on: the input of a state a run has left, when
    /// only the history still holds it, stays there as its JSON text
    /// (`history::compact_payload`) and the value goes. Without this a Map of 100,000 items
    /// kept every intermediate object of every item as a tree. Done once the step is over,
    /// when nothing the step was working with still holds the value, and only past
    /// `history::LEAN_FROM_EVENTS` events: writing the text costs a run about a fifth of its
    /// time per state, which a history AWS would keep whole is not worth. The first time, only
    /// once `history::LEAN_BATCH` inputs wait: a run that ends before writes no text.
    pub(super) fn compact_left_inputs(&mut self) {
        if self.left_inputs.is_empty() || (!self.compacting && self.left_inputs.len() < history::LEAN_BATCH) {
            return;
        }
        let first = !self.compacting;
        self.compacting = true;
        // Taken and put back, so that the vector keeps its allocation from step to step.
        let mut left_inputs = std::mem::take(&mut self.left_inputs);
        let mut texts = std::mem::take(&mut self.lean_texts);
        for (run_id, log, last, entered) in left_inputs.drain(..) {
            // The input as its StateEntered holds it; gone already when that holds its text.
            let input = entered
                .0
                .checked_sub(1)
                .and_then(|position| self.events_of_log(log).get(position as usize))
                .and_then(|event| match &event.kind {
                    EventKind::StateEntered { input, .. } => input.value().cloned(),
                    _ => None,
                });
            let Some(input) = input else {
                self.item_texts.remove(&run_id);
                continue;
            };
            // An iteration's item, where its Map's input is text: its place in that text.
            let item = match self.item_texts.remove(&run_id) {
                Some((texts, index, address)) if history::container_id(&input) == Some(address) => Some((texts, index)),
                _ => None,
            };
            let events = self.events_of_log(log);
            let holders = history::holders(events, last, entered, &input);
            // `input` here is the one reference beside the events'.
            history::compact_payload(events, holders.as_slice(), &input, 1, &mut texts, item);
        }
        if first {
            // The batch's room is not needed again: a step leaves a few inputs at most.
            left_inputs.shrink_to(64);
        }
        self.left_inputs = left_inputs;
        self.lean_texts = texts;
    }

    /// A long run's inline Map over many items: its input, the document its items came from,
    /// is held whole until the Map ends, by the Map's own state and by the history (its
    /// StateEntered, and ExecutionStarted with the execution's input when it is that), so no
    /// item went when its iteration was done. Once the step that started the iterations is
    /// over, if those are all that hold it, they hold its compact JSON text instead, and the
    /// Map takes each item out of its items as it starts it: an item then goes (as text into
    /// the history, `compact_left_inputs`) when its iteration leaves it. The Map's input is
    /// parsed back from the text before the Map acts again (`restore_map_input`); `$$.Execution
    /// .Input` parses the execution's input again, once, only if a path reads it.
    pub(super) fn compact_map_inputs(&mut self) {
        if self.lean_maps.is_empty() {
            return;
        }
        let mut lean_maps = std::mem::take(&mut self.lean_maps);
        for run_id in lean_maps.drain(..) {
            self.compact_map_input(run_id);
        }
        self.lean_maps = lean_maps;
    }

    fn compact_map_input(&mut self, run_id: RunId) {
        let Some(run) = self.runs.get(run_id.0) else {
            return;
        };
        let Some(current) = run.current.as_deref() else {
            return;
        };
        let waiting = matches!(run.status, super::runs::RunStatus::Children);
        let input = current.raw_input.clone();
        let strong = match &input {
            Value::Object(object) => Arc::strong_count(object),
            Value::Array(array) => Arc::strong_count(array),
            _ => return,
        };
        // The text is parsed back with serde_json, which stops at 128 levels.
        if run.log() != 0 || !waiting || !same_container(&current.effective, &input) || input.nests_deeper_than(100) {
            return;
        }
        let entered = current.entered_event;
        let mut positions = history::holders(&self.history, entered, entered, &input)
            .as_slice()
            .to_vec();
        if history::holds_value(&self.history, 0, &input) {
            positions.push(0);
        }
        let in_execution = same_container(&self.input, &input);
        // The events, the execution's input, the Map's raw and effective input, and `input`.
        if positions.len() + usize::from(in_execution) + 3 != strong {
            return;
        }
        let items = self.runs[run_id.0]
            .current
            .as_deref()
            .and_then(|current| current.children.as_ref())
            .map(|children| Value::Array(children.items.clone()))
            .unwrap_or_default();
        let mut scratch = String::with_capacity(input.json_len());
        let places = input.write_json_marking(&mut scratch, &items);
        drop(items);
        let text: Arc<str> = Arc::from(scratch);
        let item_texts = places.map(|places| {
            Arc::new(history::ItemTexts {
                text: text.clone(),
                places: places.into_boxed_slice(),
            })
        });
        history::replace_with_text(&mut self.history, &positions, &input, &text);
        if in_execution {
            self.input = Value::Null;
            self.input_text = Some(text.clone());
        }
        if let Some(current) = self.runs[run_id.0].current.as_deref_mut() {
            current.raw_input = Value::Null;
            current.effective = Value::Null;
            current.input_text = Some(text);
            if let Some(children) = current.children.as_mut() {
                children.take_items = true;
                children.item_texts = item_texts;
            }
        }
    }

    /// A Map's input again as a value, from its text (`compact_map_input`), before its run acts.
    pub(super) fn restore_map_input(&mut self, run_id: RunId) {
        if let Some(current) = self.runs.get_mut(run_id.0).and_then(|run| run.current.as_deref_mut())
            && let Some(text) = current.input_text.take()
        {
            // The text was written from a value no deeper than 100 levels, so it parses.
            let input = Value::from_json(&text).unwrap_or_default();
            current.raw_input = input.clone();
            current.effective = input;
        }
    }

    /// Whether the run's current state's result replaces its input (ResultPath `$`).
    pub(super) fn result_replaces_input(&self, run_id: RunId) -> bool {
        let Some(run) = self.runs.get(run_id.0) else {
            return false;
        };
        run.current.as_deref().is_some_and(|current| {
            let state = self.machine.state(run.machine, current.state);
            state.jsonata.is_none() && matches!(state.result_path, ResultPath::Replace)
        })
    }

    /// The execution's input, for `$$.Execution.Input`.
    pub(super) fn execution_input(&self) -> Value {
        match &self.input_text {
            None => self.input.clone(),
            Some(text) => self
                .input_parsed
                .get_or_init(|| Value::from_json(text).unwrap_or_default())
                .clone(),
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

/// Whether two values are the same array or object (not equal: the same allocation).
fn same_container(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Object(left), Value::Object(right)) => Arc::ptr_eq(left, right),
        (Value::Array(left), Value::Array(right)) => Arc::ptr_eq(left, right),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::exec::{Execution, ExecutionOptions, Limits, Step};
    use crate::history::{EventKind, HistoryEvent};
    use crate::value::Value;

    fn is_text(event: &HistoryEvent) -> bool {
        match &event.kind {
            EventKind::StateEntered { input: payload, .. } | EventKind::StateExited { output: payload, .. } => {
                payload.is_text()
            }
            _ => false,
        }
    }

    #[test]
    fn a_long_history_keeps_the_inputs_runs_left_as_text() {
        // 25,000 rounds of Pass and Choice: 100,004 events; past the 25,000th, each transition
        // leaves an input, and once `LEAN_BATCH` (16,384) wait, all of them become text.
        let machine = crate::load(
            r#"{"StartAt": "Add", "States": {
                "Add": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
                "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 25000, "Next": "Add"}], "Default": "Done"},
                "Done": {"Type": "Succeed"}}}"#,
        )
        .unwrap();
        let options = ExecutionOptions {
            limits: Limits::none(),
            ..ExecutionOptions::default()
        };
        let mut execution = Execution::start(&machine, Value::from_json(r#"{"i": 0}"#).unwrap(), options);
        // Pass and Choice only: stepping is all it takes.
        while !matches!(execution.step().unwrap(), Step::Finished) {}
        let history = execution.history();
        assert_eq!(history.len(), 100_004);
        // (The first value compacted may sit in a few events just before the 25,000th.)
        assert!(!history[..24_968].iter().any(is_text));
        // Each round's value sits in four events (Add's exit, Check's entry and exit, the next
        // Add's entry), all text once the run has left the second Add.
        let texts = history[25_000..].iter().filter(|event| is_text(event)).count();
        assert!(texts > 70_000, "{texts}");
        let EventKind::StateEntered { input, .. } = &history[26_001].kind else {
            panic!("{:?}", history[26_001].kind)
        };
        assert!(input.is_text());
        assert_eq!(input.to_json(), r#"{"i":6500}"#);
        assert_eq!(input.to_value().to_json(), input.to_json());
    }

    /// Runs `definition` on `input`, which only the execution holds (a value the caller kept
    /// would keep the Map's input whole, as it should).
    fn run_to_end(definition: &str, input: Value) -> Execution {
        let machine = crate::load(definition).unwrap();
        let options = ExecutionOptions {
            limits: Limits::none(),
            ..ExecutionOptions::default()
        };
        let mut execution = Execution::start(&machine, input, options);
        while !matches!(execution.step().unwrap(), Step::Finished) {}
        execution
    }

    /// `{"tag": "t", "items": [{"n": 0}, ...]}`
    fn items_input(count: i64) -> Value {
        let items = (0..count)
            .map(|n| Value::object_from([("n", Value::from_i64(n))]))
            .collect();
        Value::object_from([("tag", Value::string("t")), ("items", Value::array(items))])
    }

    fn output(execution: &Execution) -> Value {
        match &execution.history().last().unwrap().kind {
            EventKind::ExecutionSucceeded { output } => output.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_long_map_keeps_its_input_as_text_and_gives_it_back_when_it_ends() {
        // 13,000 items record 2 events each at least: past the 25,000 from which the Map's
        // input becomes text. ResultPath puts the results into the input, which the Map reads
        // again at its end; the iterations read the execution's input through the context.
        let execution = run_to_end(
            r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.results",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P", "States": {
                    "P": {"Type": "Pass", "Parameters": {"n.$": "$.n", "tag.$": "$$.Execution.Input.tag"}, "End": true}}},
                "End": true}}}"#,
            items_input(13_000),
        );
        let input = items_input(13_000);
        let history = execution.history();
        let EventKind::ExecutionStarted { input: started, .. } = &history[0].kind else {
            panic!("{:?}", history[0].kind)
        };
        assert!(started.is_text());
        assert_eq!(started.to_json(), input.to_json());
        assert!(is_text(&history[1]), "{:?}", history[1].kind);
        let results: Vec<Value> = (0..13_000)
            .map(|n| Value::object_from([("n", Value::from_i64(n)), ("tag", Value::string("t"))]))
            .collect();
        let mut expected = (**input.as_object().unwrap()).clone().into_map();
        expected.insert("results".into(), Value::array(results));
        assert_eq!(output(&execution), Value::object(expected));
    }

    #[test]
    fn a_long_map_lets_each_item_go_with_its_iteration() {
        // With its input as text, the Map holds no item once it has started it: an item is then
        // held only by its iteration's first StateEntered, which keeps it as text once the
        // iteration has left that state (before, the items' array held every item to the end).
        // 30,000 items of 6 events: past the 25,000th event, 2 inputs left per item, enough
        // for `LEAN_BATCH` (16,384) to wait and be compacted.
        let execution = run_to_end(
            r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P", "States": {
                    "P": {"Type": "Pass", "Parameters": {"m.$": "$.n"}, "Next": "Q"},
                    "Q": {"Type": "Pass", "End": true}}}, "End": true}}}"#,
            items_input(30_000),
        );
        let history = execution.history();
        let items_as_text = history[25_000..]
            .iter()
            .filter(|event| {
                matches!(&event.kind, EventKind::StateEntered { name, input } if &**name == "P" && input.is_text())
            })
            .count();
        assert!(items_as_text > 20_000, "{items_as_text}");
        // Each is its place in the text of the Map's input: the item's own text.
        let places = history[25_000..]
            .iter()
            .filter(|event| matches!(&event.kind, EventKind::StateEntered { input, .. } if input.is_item_place()))
            .count();
        assert_eq!(places, items_as_text);
        for event in &history[25_000..] {
            if let EventKind::StateEntered { name, input } = &event.kind
                && &**name == "P"
            {
                let item = input.to_value();
                assert!(item.as_object().is_some_and(|item| item.get("n").is_some()), "{item:?}");
                assert_eq!(input.to_json(), item.to_json());
            }
        }
        let expected: Vec<Value> = (0..30_000)
            .map(|n| Value::object_from([("m", Value::from_i64(n))]))
            .collect();
        assert_eq!(output(&execution), Value::array(expected));
    }

    #[test]
    fn a_long_map_that_fails_is_caught_with_its_input() {
        // The last item fails its iteration; the catcher puts the error into the Map's input,
        // which Catch reads back from its text.
        let execution = run_to_end(
            r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "C", "States": {
                    "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 12999, "Next": "F"}], "Default": "P"},
                    "F": {"Type": "Fail", "Error": "Last", "Cause": "the last item"},
                    "P": {"Type": "Pass", "End": true}}},
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Done"}], "Next": "Done"},
                "Done": {"Type": "Succeed"}}}"#,
            items_input(13_000),
        );
        let EventKind::ExecutionStarted { input: started, .. } = &execution.history()[0].kind else {
            panic!()
        };
        assert!(started.is_text());
        let mut expected = (**items_input(13_000).as_object().unwrap()).clone().into_map();
        expected.insert(
            "error".into(),
            Value::object_from([
                ("Error", Value::string("Last")),
                ("Cause", Value::string("the last item")),
            ]),
        );
        assert_eq!(output(&execution), Value::object(expected));
    }

    #[test]
    fn nested_long_maps_give_the_same_output() {
        // 13,000 groups of 2 items: both Maps are long enough for their input to become text.
        // Each inner Map puts its results into its input (ResultPath) and reads it back; the
        // outer Map's result replaces its input.
        let group = |g: i64| {
            let items = (0..2)
                .map(|n| Value::object_from([("n", Value::from_i64(g * 10 + n))]))
                .collect();
            Value::object_from([("g", Value::from_i64(g)), ("items", Value::array(items))])
        };
        let execution = run_to_end(
            r#"{"StartAt": "Outer", "States": {"Outer": {"Type": "Map", "ItemsPath": "$.groups",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Inner", "States": {
                    "Inner": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.r",
                        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P", "States": {
                            "P": {"Type": "Pass", "Parameters": {"m.$": "$.n"}, "End": true}}},
                        "End": true}}}, "End": true}}}"#,
            Value::object_from([("groups", Value::array((0..13_000).map(group).collect()))]),
        );
        let expected: Vec<Value> = (0..13_000)
            .map(|g| {
                let mut group = (**group(g).as_object().unwrap()).clone().into_map();
                let results = (0..2)
                    .map(|n| Value::object_from([("m", Value::from_i64(g * 10 + n))]))
                    .collect();
                group.insert("r".into(), Value::array(results));
                Value::object(group)
            })
            .collect();
        assert_eq!(output(&execution), Value::array(expected));
        // The inner Maps past 25,000 events had their input as text, each read back for its
        // ResultPath.
        let inner_as_text = execution.history()[25_000..]
            .iter()
            .filter(|event| matches!(&event.kind, EventKind::StateEntered { name, input } if &**name == "Inner" && input.is_text()))
            .count();
        assert!(inner_as_text > 1_000, "{inner_as_text}");
        let EventKind::ExecutionStarted { input: started, .. } = &execution.history()[0].kind else {
            panic!()
        };
        assert!(started.is_text());
    }
}
