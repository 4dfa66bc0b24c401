//! Errors inside an execution: Retry (with back-off and jitter), then Catch, then failure of the
//! run (AWS "Error handling").

use rand_core::Rng;

use super::Execution;
use super::api::WorkflowError;
use super::api::{RunId, RunKind};
use super::jsonata_flow::Flow;
use super::runs::{Action, RunStatus};
use super::trace::ErrorDetails;
use crate::history::EventKind;
use crate::machine::{Catcher, State, StateKind, StateType};
use crate::value::Value;

impl Execution {
    /// Retry, then Catch, then failure of the run (AWS "Error handling").
    pub(super) fn handle_error(&mut self, run_id: RunId, error: WorkflowError) -> Result<(), Flow> {
        // Retry and Catch read the input.
        self.restore_map_input(run_id);
        let Some((state_id, raw_input)) = self.runs[run_id.0]
            .current
            .as_ref()
            .map(|current| (current.state, current.raw_input.clone()))
        else {
            self.finish_run(run_id, Err(error));
            return Ok(());
        };
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        if let Some(children) = self.runs[run_id.0]
            .current
            .as_mut()
            .and_then(|current| current.children.take())
        {
            self.cancel_children(&children);
        }
        // AWS records no MapStateFailed for an attempt a retrier repeats, only after the last
        // (its recordings, test_base_scenarios test_map_state_retry*); a Parallel's is kept on each.
        let retried = matches!(state.kind, StateKind::Map(_))
            && state
                .retry
                .iter()
                .position(|retrier| error.matches(&retrier.error_equals))
                .is_some_and(|index| {
                    let attempts = self.runs[run_id.0]
                        .current
                        .as_ref()
                        .map_or(0, |current| current.retry_counts[index]);
                    attempts < state.retry[index].max_attempts
                });
        if matches!(state.kind, StateKind::Parallel { .. } | StateKind::Map(_))
            && self.runs[run_id.0].current.is_some()
            && !retried
        {
            let kind = if matches!(state.kind, StateKind::Map(_)) {
                EventKind::MapStateFailed
            } else {
                EventKind::ParallelStateFailed
            };
            if !error.is_terminal() || !matches!(self.runs[run_id.0].status, RunStatus::Done) {
                let previous = self.last_event_overall();
                let event = self.push_event(previous, kind);
                self.runs[run_id.0].last_event = event;
            }
        }
        // The retrier that matched, when it has no attempts left (Catch comes next).
        let mut exhausted = None;
        if let Some(index) = state
            .retry
            .iter()
            .position(|retrier| error.matches(&retrier.error_equals))
        {
            exhausted = Some(index);
            let retrier = &state.retry[index];
            let attempts = self.runs[run_id.0]
                .current
                .as_ref()
                .map_or(0, |current| current.retry_counts[index]);
            if attempts < retrier.max_attempts {
                let mut delay = retrier.interval_seconds * retrier.backoff_rate.powi(attempts.min(1000) as i32);
                if let Some(max_delay) = retrier.max_delay_seconds {
                    delay = delay.min(max_delay);
                }
                if retrier.jitter_full {
                    let unit = (self.rng.get_mut().next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                    delay *= unit;
                }
                let delay_ms = (delay.min(1.0e12) * 1000.0).round() as i64;
                if let Some(trace) = self.trace_of(run_id) {
                    trace.errors.push(ErrorDetails {
                        retry_index: Some(index),
                        retry_count: Some(attempts),
                        retry_backoff_interval_seconds: Some(delay_ms as f64 / 1000.0),
                        ..ErrorDetails::new(error.clone())
                    });
                }
                if let Some(current) = self.runs[run_id.0].current.as_mut() {
                    current.retry_counts[index] += 1;
                }
                self.set_timer(run_id, self.now.saturating_add(delay_ms), Action::Execute);
                return Ok(());
            }
        }
        if let Some(index) = state
            .catch
            .iter()
            .position(|catcher| error.matches(&catcher.error_equals))
        {
            if let Some(trace) = self.trace_of(run_id) {
                trace.errors.push(ErrorDetails {
                    catch_index: Some(index),
                    retry_index: exhausted,
                    ..ErrorDetails::new(error.clone())
                });
            }
            if state.jsonata.is_some() {
                return self.jsonata_catch(run_id, error, index);
            }
            if let Err(catch_error) = self.catch(run_id, state, &state.catch[index], &raw_input, &error) {
                self.finish_run(run_id, Err(catch_error));
            }
            return Ok(());
        }
        if let Some(trace) = self.trace_of(run_id) {
            trace.errors.push(ErrorDetails {
                retry_index: exhausted,
                ..ErrorDetails::new(error.clone())
            });
        }
        // A Task whose failure ends a Parallel branch is recorded as aborted, after its failure
        // and before the Parallel's (AWS's recordings, test_callback and test_error_output).
        // The branch's next event still follows the failure, as AWS's previous ids show.
        if matches!(state.kind, StateKind::Task(_)) && self.runs[run_id.0].kind == RunKind::Branch {
            let previous = self.runs[run_id.0].last_event;
            self.push_event(
                previous,
                EventKind::StateAborted {
                    state_type: StateType::Task,
                },
            );
        }
        self.finish_run(run_id, Err(error));
        Ok(())
    }

    pub(super) fn catch(
        &mut self,
        run_id: RunId,
        state: &State,
        catcher: &Catcher,
        raw_input: &Value,
        error: &WorkflowError,
    ) -> Result<(), WorkflowError> {
        let error_output = error.to_value();
        let output = self.apply_result_path(run_id, state, &catcher.result_path, raw_input, error_output.clone())?;
        if let Some(trace) = self.trace_of(run_id) {
            trace.after_result_path = Some(output.clone());
        }
        let assigned = match &catcher.assign {
            Some(assign) => Some(self.eval_template(run_id, state, assign, &error_output, None)?),
            None => None,
        };
        self.exit(run_id, state, output, assigned, catcher.next);
        Ok(())
    }
}
