//! Runs (the top level, Parallel branches and Map iterations), what each is doing, its
//! variables, the timers, and the end of the execution.

use std::sync::Arc;

use super::Execution;
use super::api::{Outcome, RunId, RunKind, Status, Step, TaskId, TaskRequest, WorkflowError};
use crate::history::{EventId, EventKind, ResourceName};
use crate::jsonata::EvaluationId;
use crate::machine::{MachineId, StateId, StateRef};
use crate::value::Value;

/// Variables visible to a run: its own, then those of the enclosing scopes.
#[derive(Clone, Debug, Default)]
pub(super) struct Scope {
    pub(super) variables: crate::value::Map,
    pub(super) parent: Option<Arc<Scope>>,
}

impl Scope {
    pub(super) fn get(&self, name: &str) -> Option<Value> {
        let mut scope = Some(self);
        while let Some(current) = scope {
            if let Some(value) = current.variables.get(name) {
                return Some(value.clone());
            }
            scope = current.parent.as_deref();
        }
        None
    }
}

#[derive(Clone, Debug)]
pub(super) enum Action {
    Enter {
        state: StateId,
        input: Value,
    },
    /// (Re)start the current state's work: a task request, branches or iterations.
    Execute,
    /// A JSONata state, just entered: evaluate what it needs from its input, then go on.
    Prepare,
    /// A JSONata Map iteration's first step: apply ItemSelector to its item, then enter.
    SelectItem {
        index: u32,
        item: Value,
    },
    /// A JSONata catcher matched: evaluate its Output and Assign, then leave by it.
    Catch {
        error: Box<WorkflowError>,
        catcher: usize,
    },
    /// A Task scheduled one step before: record it started and ask the host. AWS records every
    /// task its Map iterations or Parallel branches schedule at once before any of them starts
    /// (its recording test_timeouts' map timeout: four TaskScheduled, then four TaskStarted).
    StartTask(Box<StartTask>),
    TaskSucceeded(Value),
    /// A batched JSONata distributed Map: apply its ItemSelector to the next items (one host
    /// evaluation each), then batch them (`MapRun::selecting`).
    SelectBatchItems,
    /// A distributed Map's ItemReader was answered by the host.
    ItemsRead(Box<Result<Value, WorkflowError>>),
    /// Boxed, as the other errors here: an error is 40 bytes, and every run keeps an action.
    Fail(Box<WorkflowError>),
    WaitElapsed,
    ChildrenDone,
}

/// What starting a scheduled Task needs (`Action::StartTask`).
#[derive(Clone, Debug)]
pub(super) struct StartTask {
    pub(super) request: super::api::TaskRequest,
    pub(super) resource: Arc<crate::history::ResourceName>,
    pub(super) heartbeat: Option<u64>,
}

impl Action {
    pub(super) fn fail(error: WorkflowError) -> Action {
        Action::Fail(Box::new(error))
    }
}

#[derive(Clone, Debug)]
pub(super) enum RunStatus {
    Ready(Action),
    Task(TaskId),
    /// Waiting for the host to evaluate expressions; then the action runs again, replaying the
    /// answers it has.
    Evaluating(EvaluationId, Box<Action>),
    /// Waiting for its timer, keyed in `Execution::timers` by (virtual time, sequence).
    Timer((i64, u64)),
    Children,
    Done,
    Cancelled,
}

#[derive(Clone, Debug)]
pub(super) struct Run {
    pub(super) machine: MachineId,
    /// 0 for the top level, +1 for each enclosing Parallel branch or Map iteration (as deep
    /// as a definition nests, far below 65,535).
    pub(super) depth: u16,
    /// Every Map iteration keeps its `Run` to the end, so what it keeps is packed: the parent
    /// run and this run's index among its children (`parent()`), `u32::MAX` for none; the
    /// Parallel or Map state that started this run (`spawned_by()`), machine `u32::MAX` for
    /// none (the top level).
    pub(super) parent_at: (u32, u32),
    pub(super) kind: RunKind,
    pub(super) spawned_at: (u32, u32),
    /// Its variables' scope. A branch or iteration shares its parent's until it first
    /// assigns (`own_scope`): most never do, and a Map of many items then allocates none.
    pub(super) scope: Arc<Scope>,
    pub(super) scope_is_own: bool,
    pub(super) last_event: EventId,
    pub(super) status: RunStatus,
    /// Boxed, so that a finished run (every Map iteration that has ended) keeps only a word
    /// for it.
    pub(super) current: Option<Box<Current>>,
    /// Answers to JSONata expressions for the action being performed (see `jsonata_flow`);
    /// boxed, and none while there are none: most runs never have any.
    pub(super) tape: Option<Box<Tape>>,
    /// Where its events go: 0 for the execution's history, `n` for child execution `n - 1` of a
    /// Distributed Map (see `distributed`).
    pub(super) log: u32,
}

impl Run {
    pub(super) fn parent(&self) -> Option<(RunId, usize)> {
        let (parent, index) = self.parent_at;
        (parent != u32::MAX).then_some((RunId(parent as usize), index as usize))
    }

    pub(super) fn spawned_by(&self) -> Option<StateRef> {
        let (machine, state) = self.spawned_at;
        (machine != u32::MAX).then_some(StateRef {
            machine: MachineId(machine),
            state: StateId(state),
        })
    }

    /// Where its events go (`log`), as an index.
    pub(super) fn log(&self) -> usize {
        self.log as usize
    }

    /// The run's own scope, to assign variables in: made on first use for a branch or an
    /// iteration, whose variables go when it ends (ASL: "variables assigned in a Parallel
    /// branch or Map iteration are not visible outside it").
    pub(super) fn own_scope(&mut self) -> &mut Scope {
        if !self.scope_is_own {
            self.scope = Arc::new(Scope {
                variables: crate::value::Map::new(),
                parent: Some(self.scope.clone()),
            });
            self.scope_is_own = true;
        }
        Arc::make_mut(&mut self.scope)
    }
}

/// Answers to JSONata expressions for the action a run performs, in the order it asks; `cursor`
/// is how many it has consumed in this attempt.
#[derive(Clone, Debug, Default)]
pub(super) struct Tape {
    pub(super) answers: Vec<crate::jsonata::Answer>,
    pub(super) cursor: usize,
}

/// The state a run is in, and what it has computed so far.
#[derive(Clone, Debug)]
pub(super) struct Current {
    pub(super) state: StateId,
    /// The state's input, for the states that read it again (a ResultPath that keeps it, a
    /// catcher, a Task or Map, JSONata); `Null` for a JSONPath Pass or Choice that replaces it.
    pub(super) raw_input: Value,
    pub(super) effective: Value,
    /// A Map's input (raw and effective alike) as text while its iterations run, both inputs
    /// then `Null` (`lean::compact_map_input`); parsed back before the run acts again.
    pub(super) input_text: Option<Arc<str>>,
    pub(super) entered_time: i64,
    pub(super) entered_event: EventId,
    pub(super) retry_counts: Vec<u32>,
    /// Boxed, as `numbers`: few states have them, and every Map iteration's run holds a
    /// `Current` while it runs.
    pub(super) children: Option<Box<Children>>,
    /// `$$.Task.Token`, for a Task whose resource ends in `.waitForTaskToken`.
    pub(super) task_token: Option<Arc<str>>,
    /// Numbers a JSONata state computed from expressions when it was entered.
    pub(super) numbers: Option<Box<JsonataNumbers>>,
    /// Its entry in `Execution::traces`, when tracing.
    pub(super) trace: Option<usize>,
    /// A JSONata distributed Map's ItemReader, ItemBatcher and ResultWriter fields, evaluated
    /// when it was entered.
    pub(super) distributed: Option<Box<super::distributed::DistributedInputs>>,
}

#[derive(Clone, Copy, Debug, Default)]
pub(super) struct JsonataNumbers {
    pub(super) timeout: Option<u64>,
    pub(super) heartbeat: Option<u64>,
    pub(super) max_concurrency: Option<u64>,
    pub(super) tolerated_count: Option<u64>,
    pub(super) tolerated_percentage: Option<f64>,
}

#[derive(Clone, Debug)]
pub(super) struct Children {
    pub(super) runs: Vec<RunId>,
    pub(super) results: Vec<Option<Value>>,
    /// Map only: the items left to start, their count, and the tolerance.
    pub(super) items: Arc<crate::value::Array>,
    /// Whether each item is taken out of `items` as its iteration starts, when nothing else
    /// holds them (`lean::compact_map_input`), so that it goes when its iteration is done.
    pub(super) take_items: bool,
    /// Where each item is in the text of the Map's input, once it is text.
    pub(super) item_texts: Option<Arc<crate::history::ItemTexts>>,
    pub(super) next_item: usize,
    pub(super) running: usize,
    pub(super) finished: usize,
    pub(super) concurrency: usize,
    pub(super) failures: usize,
    pub(super) tolerated_count: Option<u64>,
    pub(super) tolerated_percentage: Option<f64>,
    /// A distributed Map's Map Run (index into `Execution::map_runs`).
    pub(super) map_run: Option<usize>,
}

impl PendingTask {
    /// When the task fails if the host does nothing: its timeout or its heartbeat, whichever first.
    pub(super) fn due(&self) -> i64 {
        self.heartbeat_deadline
            .map_or(self.request.deadline, |heartbeat| heartbeat.min(self.request.deadline))
    }
}

#[derive(Clone, Debug)]
pub(super) struct PendingTask {
    pub(super) run: RunId,
    pub(super) request: TaskRequest,
    pub(super) resource: Arc<ResourceName>,
    /// When the task fails with States.HeartbeatTimeout unless the host records a heartbeat.
    pub(super) heartbeat_deadline: Option<i64>,
}

impl Execution {
    /// A new task's id, and how many requests its state (`here`) made before
    /// (`TaskRequest::invocation`).
    pub(super) fn new_task(&mut self, here: StateRef) -> (TaskId, u32) {
        let id = TaskId(self.next_task);
        self.next_task += 1;
        let invocations = self.invocations.entry(here).or_insert(0);
        let invocation = *invocations;
        *invocations += 1;
        (id, invocation)
    }

    /// Sends `request` (a Task's, or a Distributed Map's ItemReader's) to the host: its run
    /// waits for the answer.
    pub(super) fn register_task(
        &mut self,
        request: TaskRequest,
        resource: Arc<ResourceName>,
        heartbeat_deadline: Option<i64>,
    ) -> Step {
        self.runs[request.run.0].status = RunStatus::Task(request.id);
        self.tasks.insert(
            request.id,
            PendingTask {
                run: request.run,
                request: request.clone(),
                resource,
                heartbeat_deadline,
            },
        );
        Step::TaskRequested(Box::new(request))
    }

    pub(super) fn make_ready(&mut self, run_id: RunId, action: Action) {
        self.runs[run_id.0].status = RunStatus::Ready(action);
        self.ready.push_back(run_id);
    }

    pub(super) fn set_timer(&mut self, run_id: RunId, time: i64, action: Action) {
        self.timer_seq += 1;
        let key = (time, self.timer_seq);
        self.timers.insert(key, (run_id, action));
        self.runs[run_id.0].status = RunStatus::Timer(key);
    }

    pub(super) fn current_state(&self, run_id: RunId) -> (StateId, Value) {
        let current = self.runs[run_id.0].current.as_ref();
        current.map_or((StateId(0), Value::Null), |current| {
            (current.state, current.effective.clone())
        })
    }

    /// The last event of the history the run being performed writes to.
    pub(super) fn last_event_overall(&self) -> EventId {
        let log = self.runs.get(self.event_run.0).map_or(0, |run| run.log());
        match log.checked_sub(1).and_then(|index| self.child_executions.get(index)) {
            Some(child) => EventId(child.history.len() as u32),
            None => EventId(self.history.len() as u32),
        }
    }

    /// Drops everything still pending when the execution ends: its runs' children, tasks (a late
    /// answer is then ignored, as for an aborted branch), evaluations, timers and ready runs.
    pub(super) fn abandon_pending(&mut self) {
        let cancelled_children: Vec<Box<Children>> = self
            .runs
            .iter_mut()
            .filter_map(|run| run.current.as_mut().and_then(|current| current.children.take()))
            .collect();
        for children in &cancelled_children {
            self.cancel_children(children);
        }
        let tasks = std::mem::take(&mut self.tasks);
        self.cancelled_tasks.extend(tasks.into_keys());
        self.evaluations.clear();
        self.ready.clear();
        self.timers.clear();
    }

    pub(super) fn finish_execution(&mut self, result: Result<Value, WorkflowError>, previous: EventId) {
        self.event_run = RunId::ROOT;
        self.abandon_pending();
        match result {
            Ok(output) => {
                self.push_event(previous, EventKind::ExecutionSucceeded { output: output.clone() });
                self.outcome = Some(Outcome {
                    status: Status::Succeeded,
                    output: Some(output),
                    error: None,
                });
            }
            Err(error) => {
                self.push_event(
                    previous,
                    EventKind::ExecutionFailed {
                        error: error.error.clone(),
                        cause: Box::new(error.cause.clone()),
                    },
                );
                self.outcome = Some(Outcome {
                    status: Status::Failed,
                    output: None,
                    error: Some(error),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_stay_small() {
        // A 100,000-item Map keeps 100,000 runs to its end: each byte here is 0.1 MB there.
        assert!(
            std::mem::size_of::<super::Run>() <= 88,
            "{}",
            std::mem::size_of::<super::Run>()
        );
    }
}
