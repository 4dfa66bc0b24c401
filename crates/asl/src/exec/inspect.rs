//! The live picture, for hosts that show or debug an execution: every run with its place in
//! the execution and what it waits for, the variables a run sees, the timers, and what the
//! next `step()` will do (so a debugger can stop *before* a state).

use std::sync::Arc;

use super::Execution;
use super::api::{RunId, RunKind, RunStep, TaskId, WorkflowError};
use super::runs::{Action, RunStatus};
use crate::jsonata::EvaluationId;
use crate::machine::{MachineId, StateId, StateRef};
use crate::value::Value;

/// What a run is doing.
#[derive(Clone, Debug, PartialEq)]
pub enum Waiting {
    /// In the ready queue: the next steps will move it.
    Ready,
    /// Waiting for the host to answer a task.
    Task(TaskId),
    /// Waiting for the host to evaluate JSONata expressions.
    Evaluation(EvaluationId),
    /// Waiting for the virtual clock: a Wait state or a retry interval, until this time.
    Timer { until: i64 },
    /// Waiting for its Parallel branches or Map iterations.
    Children,
    /// Finished (successfully or not).
    Done,
    /// Stopped because its Parallel or Map state failed, or the execution ended.
    Cancelled,
}

/// One run as a host sees it.
#[derive(Clone, Debug)]
pub struct RunInfo {
    pub id: RunId,
    pub kind: RunKind,
    /// The enclosing run, and the branch or item index in it (none for the top level).
    pub parent: Option<(RunId, usize)>,
    /// The Parallel or Map state that started this run.
    pub spawned_by: Option<StateRef>,
    /// The machine the run walks (top level, a branch, a Map's item processor).
    pub machine: MachineId,
    /// 0 for the top level, +1 per enclosing branch or iteration.
    pub depth: u32,
    /// The state the run is in, if any.
    pub state: Option<StateRef>,
    pub waiting: Waiting,
    /// The runs this run started for its current Parallel or Map state, in index order.
    pub children: Vec<RunId>,
}

/// What the next `step()` will do.
#[derive(Clone, Debug, PartialEq)]
pub struct NextStep {
    pub run: RunId,
    pub action: NextAction,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NextAction {
    /// Enter this state, with this input.
    Enter(StateRef, Value),
    /// Go on with the work of the run's current state (start or retry a task, start branches,
    /// apply a result, finish a Wait, collect children, evaluate JSONata).
    Continue(StateRef),
    /// Fail the run's current state with this error (Retry and Catch come next).
    Fail(Option<StateRef>, WorkflowError),
}

impl Execution {
    /// Where a run sits: from the outermost branch or iteration to the run itself; empty for the
    /// top level (or an unknown id).
    pub fn run_path(&self, id: RunId) -> Vec<RunStep> {
        let mut res = Vec::new();
        let mut at = id;
        while let Some(run) = self.runs.get(at.0) {
            let (Some((parent, index)), Some(state)) = (run.parent(), run.spawned_by()) else {
                break;
            };
            res.push(RunStep {
                run: at,
                kind: run.kind,
                state,
                index,
            });
            at = parent;
        }
        res.reverse();
        res
    }

    /// One run, as a host sees it.
    pub fn run_info(&self, id: RunId) -> Option<RunInfo> {
        let run = self.runs.get(id.0)?;
        let current = run.current.as_ref();
        let waiting = match &run.status {
            RunStatus::Ready(_) => Waiting::Ready,
            RunStatus::Task(task) => Waiting::Task(*task),
            RunStatus::Evaluating(evaluation, _) => Waiting::Evaluation(*evaluation),
            RunStatus::Timer((until, _)) => Waiting::Timer { until: *until },
            RunStatus::Children => Waiting::Children,
            RunStatus::Done => Waiting::Done,
            RunStatus::Cancelled => Waiting::Cancelled,
        };
        Some(RunInfo {
            id,
            kind: run.kind,
            parent: run.parent(),
            spawned_by: run.spawned_by(),
            machine: run.machine,
            depth: run.depth.into(),
            state: current.map(|current| StateRef {
                machine: run.machine,
                state: current.state,
            }),
            waiting,
            children: current
                .and_then(|current| current.children.as_ref())
                .map(|children| children.runs.clone())
                .unwrap_or_default(),
        })
    }

    /// Every run started so far, in the order they started (the top level first).
    pub fn runs(&self) -> impl Iterator<Item = RunInfo> + '_ {
        (0..self.runs.len()).filter_map(|index| self.run_info(RunId(index)))
    }

    /// The variables a run sees, by name: its own and those of the enclosing scopes, the
    /// innermost winning, in the order they were first assigned (outer scopes first).
    pub fn variables(&self, id: RunId) -> Vec<(Arc<str>, Value)> {
        let Some(run) = self.runs.get(id.0) else {
            return Vec::new();
        };
        let mut scopes = Vec::new();
        let mut scope = Some(&*run.scope);
        while let Some(current) = scope {
            scopes.push(current);
            scope = current.parent.as_deref();
        }
        let mut res: Vec<(Arc<str>, Value)> = Vec::new();
        for scope in scopes.into_iter().rev() {
            for (name, value) in scope.variables.iter() {
                match res.iter_mut().find(|(known, _)| known == name) {
                    Some(slot) => slot.1 = value.clone(),
                    None => res.push((name.clone(), value.clone())),
                }
            }
        }
        res
    }

    /// The timers set (Wait states and retry intervals), earliest first: when, and whose.
    pub fn timers(&self) -> Vec<(i64, RunId)> {
        self.timers.iter().map(|((time, _), (run, _))| (*time, *run)).collect()
    }

    /// What the next `step()` will do, without doing it; `None` when no run is ready (the host
    /// must answer something or move the clock) or the execution has ended.
    pub fn next_step(&self) -> Option<NextStep> {
        if self.outcome.is_some() {
            return None;
        }
        let run_id = self
            .ready
            .iter()
            .copied()
            .find(|run| matches!(self.runs[run.0].status, RunStatus::Ready(_)))?;
        let run = &self.runs[run_id.0];
        let RunStatus::Ready(action) = &run.status else {
            return None;
        };
        let current = run.current.as_ref().map(|current| StateRef {
            machine: run.machine,
            state: current.state,
        });
        let action = match action {
            Action::Enter { state, input } => NextAction::Enter(
                StateRef {
                    machine: run.machine,
                    state: *state,
                },
                input.clone(),
            ),
            Action::SelectItem { item, .. } => {
                let start = self.machine.machine(run.machine).start.unwrap_or(StateId(0));
                let at = StateRef {
                    machine: run.machine,
                    state: start,
                };
                // Before its ItemSelector: the item itself.
                NextAction::Enter(at, item.clone())
            }
            Action::Fail(error) => NextAction::Fail(current, (**error).clone()),
            _ => NextAction::Continue(current?),
        };
        Some(NextStep { run: run_id, action })
    }
}
