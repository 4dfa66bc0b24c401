//! The data-flow trace: when `ExecutionOptions::trace` is on, every state entry records each
//! stage of its data flow, named as AWS's TestState API names them in `InspectionData`
//! (`afterInputPath`, `afterParameters`, `afterArguments`, `result`, `afterResultSelector`,
//! `afterResultPath`, …), with the variables it assigned, the Choice rule it took, and what
//! Retry and Catch did with its errors (`InspectionErrorDetails`).
//!
//! Off by default, so long runs pay nothing but a branch per stage. Recording only ever *sets*
//! a stage, so a JSONata action that runs again while it waits for answers (see
//! `jsonata_flow`) records the same values again, never twice.

use std::sync::Arc;

use super::Execution;
use super::api::{RunId, WorkflowError};
use crate::history::EventId;
use crate::machine::StateRef;
use crate::value::Value;

/// Every stage of one state entry, as far as it got. A stage is `None` when the state never
/// reached it; stages a state type does not have stay `None` too.
#[derive(Clone, Debug)]
pub struct StateTrace {
    pub run: RunId,
    pub state: StateRef,
    pub name: Arc<str>,
    /// Its StateEntered event, and its StateExited event once it left.
    pub entered: EventId,
    pub exited: Option<EventId>,
    /// The state's input, as it entered.
    pub input: Value,
    /// JSONPath: after InputPath.
    pub after_input_path: Option<Value>,
    /// JSONPath: after Parameters (the effective input of a Task, Parallel or Map).
    pub after_parameters: Option<Value>,
    /// JSONata: after Arguments (Task, Parallel).
    pub after_arguments: Option<Value>,
    /// The result: a task's answer, a Pass state's Result (or its input), a Parallel's or a
    /// Map's array of results.
    pub result: Option<Value>,
    /// JSONPath: after ResultSelector.
    pub after_result_selector: Option<Value>,
    /// JSONPath: after ResultPath (or a catcher's ResultPath).
    pub after_result_path: Option<Value>,
    /// The output the state passed on: after OutputPath (JSONPath) or Output (JSONata).
    pub output: Option<Value>,
    /// Map: the items it iterates (after ItemsPath; for JSONata, the evaluated Items).
    pub after_items_path: Option<Value>,
    /// Map: each item after ItemSelector, by item index, as iterations start.
    pub after_item_selector: Vec<Option<Value>>,
    /// Map: the numbers it ran with (0 for MaxConcurrency when absent, as AWS reports).
    pub max_concurrency: Option<u64>,
    pub tolerated_failure_count: Option<u64>,
    pub tolerated_failure_percentage: Option<f64>,
    /// The variables its Assign (or the matched rule's or catcher's) set.
    pub assigned: Option<Value>,
    /// Choice: the rule that matched, or the Default.
    pub choice: Option<ChoiceTaken>,
    /// The state it went to next (none when its run ended there).
    pub next: Option<StateRef>,
    /// The errors it met, in order, and what Retry and Catch did with each.
    pub errors: Vec<ErrorDetails>,
    /// `$$.Task.Token`, for a `.waitForTaskToken` Task.
    pub task_token: Option<Arc<str>>,
}

/// Which way a Choice state went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChoiceTaken {
    /// The rule at this index of `Choices` matched.
    Rule(usize),
    /// No rule matched.
    Default,
}

/// One error of a state and what handled it (AWS's `InspectionErrorDetails`).
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorDetails {
    pub error: WorkflowError,
    /// The retrier that matched, by index in `Retry` (also when it had no attempts left, and
    /// Catch or failure came next).
    pub retry_index: Option<usize>,
    /// How many retries that retrier had made before this one, when it retries.
    pub retry_count: Option<u32>,
    /// The back-off it computed, in seconds (after MaxDelaySeconds and jitter), when it
    /// retries: the error was retried exactly when this is set.
    pub retry_backoff_interval_seconds: Option<f64>,
    /// The catcher that matched, by index in `Catch`.
    pub catch_index: Option<usize>,
}

impl ErrorDetails {
    pub(super) fn new(error: WorkflowError) -> ErrorDetails {
        ErrorDetails {
            error,
            retry_index: None,
            retry_count: None,
            retry_backoff_interval_seconds: None,
            catch_index: None,
        }
    }
}

impl Execution {
    /// The data-flow trace so far, one entry per state entry in the order states were entered
    /// (empty unless `ExecutionOptions::trace`).
    pub fn trace(&self) -> &[StateTrace] {
        &self.traces
    }

    /// The context object (`$$`) a traced state saw when it was entered (after its retries, the
    /// retry count it reached).
    pub fn context_of(&self, entry: &StateTrace) -> Value {
        let entered_time = entry
            .entered
            .0
            .checked_sub(1)
            .and_then(|index| self.history.get(index as usize))
            .map_or(self.options.start_time, |event| event.timestamp);
        let retries = entry
            .errors
            .iter()
            .filter(|details| details.retry_backoff_interval_seconds.is_some())
            .count() as u32;
        self.context_object(&entry.name, entered_time, retries, entry.task_token.as_ref(), None)
    }

    /// The trace entry of the state a run is in, when tracing.
    pub(super) fn trace_of(&mut self, run_id: RunId) -> Option<&mut StateTrace> {
        // A state has an entry only when tracing (`open_trace`): off, this is one test, not a
        // walk to the run's current state (it is asked about ten times a transition).
        if !self.options.trace {
            return None;
        }
        let index = self.runs.get(run_id.0)?.current.as_ref()?.trace?;
        self.traces.get_mut(index)
    }

    /// Starts the trace entry of a state just entered; returns its index.
    pub(super) fn open_trace(
        &mut self,
        run_id: RunId,
        state: StateRef,
        name: &Arc<str>,
        input: &Value,
    ) -> Option<usize> {
        // Tracing off costs this branch only (no clone of the name to drop again).
        if !self.options.trace {
            return None;
        }
        self.traces.push(StateTrace {
            run: run_id,
            state,
            name: name.clone(),
            entered: EventId(0),
            exited: None,
            input: input.clone(),
            after_input_path: None,
            after_parameters: None,
            after_arguments: None,
            result: None,
            after_result_selector: None,
            after_result_path: None,
            output: None,
            after_items_path: None,
            after_item_selector: Vec::new(),
            max_concurrency: None,
            tolerated_failure_count: None,
            tolerated_failure_percentage: None,
            assigned: None,
            choice: None,
            next: None,
            errors: Vec::new(),
            task_token: None,
        });
        Some(self.traces.len() - 1)
    }
}
