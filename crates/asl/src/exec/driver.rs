//! Inputs from the host: task answers, heartbeats, evaluation answers and clock moves, and the
//! synchronous drivers (`run_to_end`) built on them.

use super::Execution;
use super::api::{HostError, Outcome, RunId, Status, Step, TaskId, TaskRequest, WorkflowError, errors};
use super::limits::MAX_VALUE_DEPTH;
use super::runs::{Action, PendingTask, RunStatus};
use crate::history::{EventId, EventKind};
use crate::jsonata::EvaluationId;
use crate::value::Value;

impl Execution {
    /// Answers a task request with its result or its error.
    pub fn complete_task(&mut self, id: TaskId, result: Result<Value, WorkflowError>) -> Result<(), HostError> {
        if self.cancelled_tasks.remove(&id) {
            return Ok(()); // its branch or iteration was aborted: the answer no longer matters
        }
        let Some(pending) = self.tasks.remove(&id) else {
            return Err(HostError::UnknownTask(id));
        };
        let run_id = pending.run;
        self.event_run = run_id;
        let previous = self.runs[run_id.0].last_event;
        // No state may hold JSON nested deeper than MAX_VALUE_DEPTH (renderers recurse over it):
        // such a result fails the task before it enters the history.
        let result = match result {
            Ok(output) if output.nests_deeper_than(MAX_VALUE_DEPTH) => Err(WorkflowError::runtime(format!(
                "The state/task '{}' returned a result nested deeper than {MAX_VALUE_DEPTH} levels.",
                pending.request.state_name
            ))),
            // An ItemReader's object may be as large as S3 allows; a task's result may not.
            Ok(output)
                if !pending.request.item_reader
                    && self
                        .options
                        .limits
                        .max_payload_bytes
                        .is_some_and(|limit| output.json_len() > limit) =>
            {
                let arn = &pending.request.resource;
                Err(WorkflowError::task_result_too_large(
                    if arn.starts_with(crate::history::INTEGRATION_PREFIX) {
                        &pending.resource.resource_type
                    } else {
                        arn
                    },
                ))
            }
            other => other,
        };
        if pending.request.item_reader {
            self.make_ready(run_id, Action::ItemsRead(Box::new(result)));
            return Ok(());
        }
        let action = match result {
            Ok(output) => {
                let event = self.push_event(
                    previous,
                    EventKind::TaskSucceeded {
                        resource: pending.resource,
                        output: Box::new(output.clone()),
                    },
                );
                self.runs[run_id.0].last_event = event;
                Action::TaskSucceeded(output)
            }
            Err(error) => {
                let event = self.push_event(
                    previous,
                    EventKind::TaskFailed {
                        resource: pending.resource,
                        error: Box::new(error.error.clone()),
                        cause: Box::new(error.cause.clone()),
                    },
                );
                self.runs[run_id.0].last_event = event;
                Action::fail(error)
            }
        };
        self.make_ready(run_id, action);
        Ok(())
    }

    /// Records a heartbeat from a running task (SendTaskHeartbeat): its HeartbeatSeconds start
    /// again from now.
    pub fn record_heartbeat(&mut self, id: TaskId) -> Result<(), HostError> {
        if self.cancelled_tasks.contains(&id) {
            return Ok(());
        }
        let now = self.now;
        let pending = self.tasks.get_mut(&id).ok_or(HostError::UnknownTask(id))?;
        if let Some(seconds) = pending.request.heartbeat_seconds {
            pending.heartbeat_deadline = Some(now.saturating_add(seconds as i64 * 1000));
        }
        Ok(())
    }

    /// Lets virtual time pass until `time`. Whatever falls due on the way (a Wait or a retry
    /// interval ending, a task's timeout or missed heartbeat, the execution's TimeoutSeconds)
    /// happens at its own time and in order: the clock stops at the first such moment, and the
    /// next steps do the work it brings before time passes on towards `time` (see
    /// `release_due`). With nothing due, the clock is at `time` at once.
    pub fn advance_clock(&mut self, time: i64) -> Result<(), HostError> {
        if time < self.now {
            return Err(HostError::ClockBackwards {
                now: self.now,
                requested: time,
            });
        }
        if self.outcome.is_some() {
            self.now = time;
            return Ok(());
        }
        self.clock_target = self.clock_target.max(time);
        self.release_due();
        Ok(())
    }

    /// Moves the clock towards `clock_target`, to the first moment something is due, and makes
    /// what is due then happen (runs become ready, tasks time out, the execution times out).
    /// Only when no run is ready: work due now happens before time passes.
    pub(super) fn release_due(&mut self) {
        while self.outcome.is_none() && self.ready.is_empty() {
            let timer = self.timers.keys().next().map(|(time, _)| *time);
            let task = self.tasks.values().map(PendingTask::due).min();
            let due = [timer, task, self.execution_deadline()].into_iter().flatten().min();
            match due {
                Some(at) if at <= self.clock_target => {
                    self.now = self.now.max(at);
                    self.fire_due(at);
                }
                _ => {
                    self.now = self.now.max(self.clock_target);
                    return;
                }
            }
        }
    }

    /// Everything due at `at`: the execution's timeout first, then tasks, then timers.
    fn fire_due(&mut self, at: i64) {
        if let Some(deadline) = self.execution_deadline()
            && at >= deadline
        {
            let seconds = self.machine.definition().timeout_seconds.unwrap_or(0);
            let error = WorkflowError::new(
                errors::TIMEOUT,
                format!("The execution timed out after {seconds} seconds (TimeoutSeconds)."),
            );
            let previous = EventId(self.history.len() as u32);
            self.event_run = RunId::ROOT;
            self.push_event(
                previous,
                EventKind::ExecutionTimedOut {
                    error: error.error.clone(),
                    cause: Box::new(error.cause.clone()),
                },
            );
            self.outcome = Some(Outcome {
                status: Status::TimedOut,
                output: None,
                error: Some(error),
            });
            self.abandon_pending();
            return;
        }
        let due: Vec<TaskId> = self
            .tasks
            .iter()
            .filter(|(_, pending)| pending.due() <= at)
            .map(|(id, _)| *id)
            .collect();
        for id in due {
            if let Some(pending) = self.tasks.remove(&id) {
                // A late answer from the host is expected and ignored, as for aborted tasks.
                self.cancelled_tasks.insert(id);
                // AWS records States.Timeout without a cause for both a task that outlasts its
                // TimeoutSeconds and one that misses its HeartbeatSeconds (test_heartbeats
                // recordings); its documentation names States.HeartbeatTimeout, which a
                // retrier or catcher may list for the latter.
                let error = match pending.heartbeat_deadline {
                    Some(heartbeat) if heartbeat < pending.request.deadline => WorkflowError::heartbeat_timeout(),
                    _ => WorkflowError::new(errors::TIMEOUT, ""),
                };
                let previous = self.runs[pending.run.0].last_event;
                self.event_run = pending.run;
                let event = self.push_event(
                    previous,
                    EventKind::TaskTimedOut {
                        resource: pending.resource,
                        error: Box::new(error.error.clone()),
                        cause: Box::new(error.cause.clone()),
                    },
                );
                self.runs[pending.run.0].last_event = event;
                self.make_ready(pending.run, Action::fail(error));
            }
        }
        while let Some(entry) = self.timers.first_entry() {
            if entry.key().0 > at {
                break;
            }
            let (run_id, action) = entry.remove();
            if matches!(self.runs[run_id.0].status, RunStatus::Timer(_)) {
                self.make_ready(run_id, action);
            }
        }
    }

    /// Answers an evaluation request: one answer per expression, in order (`Ok(None)` for an
    /// expression that evaluated to nothing).
    pub fn complete_evaluation(
        &mut self,
        id: EvaluationId,
        answers: Vec<crate::jsonata::Answer>,
    ) -> Result<(), HostError> {
        let Some(&(run_id, expected)) = self.evaluations.get(&id) else {
            if id.0 < self.next_evaluation {
                return Ok(()); // its branch or iteration was aborted, or the execution ended
            }
            return Err(HostError::UnknownEvaluation(id));
        };
        if answers.len() != expected {
            return Err(HostError::AnswerCount {
                expected,
                got: answers.len(),
            });
        }
        self.evaluations.remove(&id);
        let run = &mut self.runs[run_id.0];
        let status = std::mem::replace(&mut run.status, RunStatus::Done);
        match status {
            RunStatus::Evaluating(waiting, action) if waiting == id => {
                run.tape.get_or_insert_with(Box::default).answers.extend(answers);
                self.make_ready(run_id, *action);
            }
            other => run.status = other,
        }
        Ok(())
    }

    /// Runs to the end with a synchronous host: `answer` handles every task request at once, and
    /// the clock jumps to each wake-up. Stops early after `max_steps` steps (returns false).
    /// JSONata expressions fail (no engine); see `run_to_end_with`.
    pub fn run_to_end(
        &mut self,
        max_steps: u64,
        answer: impl FnMut(&TaskRequest) -> Result<Value, WorkflowError>,
    ) -> Result<bool, HostError> {
        self.run_to_end_with(max_steps, answer, &mut crate::jsonata::NoEngine)
    }

    /// `run_to_end` with a JSONata engine that answers evaluation requests at once.
    pub fn run_to_end_with(
        &mut self,
        max_steps: u64,
        mut answer: impl FnMut(&TaskRequest) -> Result<Value, WorkflowError>,
        evaluator: &mut dyn crate::jsonata::Evaluator,
    ) -> Result<bool, HostError> {
        for _ in 0..max_steps {
            match self.step()? {
                Step::Progressed => {}
                Step::TaskRequested(request) => {
                    let result = answer(&request);
                    self.complete_task(request.id, result)?;
                }
                Step::EvaluationRequested(request) => {
                    let answers = evaluator.evaluate(&request);
                    self.complete_evaluation(request.id, answers)?;
                }
                Step::Blocked { next_wakeup } => match next_wakeup {
                    Some(time) => self.advance_clock(time)?,
                    None => return Ok(false),
                },
                Step::Finished => return Ok(true),
            }
        }
        Ok(self.outcome.is_some())
    }
}
