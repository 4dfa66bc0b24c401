//! Time travel: a host records every call it makes to an execution and can go back to the
//! execution exactly as it was after any of them, and forward again, without asking its mocks
//! or its JSONata engine again: recorded answers are replayed.
//!
//! How: the calls are kept in order, and every so often a snapshot of the execution (without
//! its logs, which only grow: see `exec::snapshot`). Going to a position restores the nearest
//! snapshot at or before it and replays the calls in between; an execution is a pure function
//! of its calls, so the result is the execution as it was. Snapshots are spaced by how much
//! they cost to take (the number of runs, tasks and timers), so a 100,000-iteration Map does
//! not keep 100,000 copies of its runs, and a replay is never more than a few hundred calls.
//!
//! A call made while the timeline is back in time either repeats the recorded one (and moves
//! forward along it) or starts a new future: the recorded calls after that point are dropped.

use crate::exec::{Execution, HostError, Snapshot, Step, TaskId, WorkflowError};
use crate::jsonata::{Answer, EvaluationId};
use crate::value::Value;

/// Fewest calls between two snapshots.
const MIN_SNAPSHOT_SPACING: usize = 128;

/// One call of a host to an execution, as recorded.
#[derive(Clone, Debug, PartialEq)]
pub enum HostCall {
    Step,
    CompleteTask {
        id: TaskId,
        result: Result<Value, WorkflowError>,
    },
    CompleteEvaluation {
        id: EvaluationId,
        answers: Vec<Answer>,
    },
    RecordHeartbeat {
        id: TaskId,
    },
    AdvanceClock {
        time: i64,
    },
}

/// An execution with every call made to it, that can be taken back to any point and forward
/// again.
pub struct Timeline {
    /// The execution after all recorded calls.
    head: Execution,
    calls: Vec<HostCall>,
    /// The history's length at each position: `history_lens[p]` after the first `p` calls.
    history_lens: Vec<usize>,
    /// Snapshots by position, in order; the first is the start.
    snapshots: Vec<(usize, Snapshot)>,
    /// The execution at an earlier position, while travelling.
    view: Option<(usize, Execution)>,
    since_snapshot: usize,
}

impl Timeline {
    /// Starts recording an execution (usually one just started).
    pub fn new(mut execution: Execution) -> Timeline {
        let snapshot = execution.snapshot();
        Timeline {
            history_lens: vec![execution.history().len()],
            head: execution,
            calls: Vec::new(),
            snapshots: vec![(0, snapshot)],
            view: None,
            since_snapshot: 0,
        }
    }

    /// The execution at the current position.
    pub fn execution(&self) -> &Execution {
        match &self.view {
            Some((_, execution)) => execution,
            None => &self.head,
        }
    }

    /// The execution after every recorded call.
    pub fn latest(&self) -> &Execution {
        &self.head
    }

    /// How many calls the current position comes after.
    pub fn position(&self) -> usize {
        self.view.as_ref().map_or(self.calls.len(), |(position, _)| *position)
    }

    /// How many calls are recorded.
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    /// Whether the current position is the latest: calls made here are new.
    pub fn at_latest(&self) -> bool {
        self.view.is_none()
    }

    pub fn calls(&self) -> &[HostCall] {
        &self.calls
    }

    /// How many history events there are at a position.
    pub fn events_at(&self, position: usize) -> usize {
        self.history_lens
            .get(position)
            .copied()
            .unwrap_or_else(|| self.head.history().len())
    }

    /// The first position at which the history has at least `events` events (the position
    /// just after the call that wrote event number `events`); the latest position if it never
    /// does.
    pub fn position_of_event(&self, events: usize) -> usize {
        self.history_lens
            .partition_point(|&len| len < events)
            .min(self.calls.len())
    }

    // The host's calls: recorded, then applied.

    pub fn step(&mut self) -> Result<Step, HostError> {
        self.call(HostCall::Step).map(|step| step.unwrap_or(Step::Progressed))
    }

    pub fn complete_task(&mut self, id: TaskId, result: Result<Value, WorkflowError>) -> Result<(), HostError> {
        self.call(HostCall::CompleteTask { id, result }).map(drop)
    }

    pub fn complete_evaluation(&mut self, id: EvaluationId, answers: Vec<Answer>) -> Result<(), HostError> {
        self.call(HostCall::CompleteEvaluation { id, answers }).map(drop)
    }

    pub fn record_heartbeat(&mut self, id: TaskId) -> Result<(), HostError> {
        self.call(HostCall::RecordHeartbeat { id }).map(drop)
    }

    pub fn advance_clock(&mut self, time: i64) -> Result<(), HostError> {
        self.call(HostCall::AdvanceClock { time }).map(drop)
    }

    /// Makes a call at the current position: along the recorded future when it repeats it,
    /// otherwise as a new future (dropping the recorded one).
    fn call(&mut self, call: HostCall) -> Result<Option<Step>, HostError> {
        if let Some((position, execution)) = &mut self.view {
            if self.calls.get(*position) == Some(&call) {
                let res = apply(execution, &call)?;
                *position += 1;
                if *position == self.calls.len() {
                    self.view = None; // the head is this very execution
                }
                return Ok(res);
            }
            let position = *position;
            let Some((_, execution)) = self.view.take() else {
                return Ok(None);
            };
            self.calls.truncate(position);
            self.history_lens.truncate(position + 1);
            self.snapshots.retain(|(at, _)| *at <= position);
            self.since_snapshot = position - self.snapshots.last().map_or(0, |(at, _)| *at);
            self.head = execution;
        }
        let res = apply(&mut self.head, &call)?;
        self.calls.push(call);
        self.history_lens.push(self.head.history().len());
        self.since_snapshot += 1;
        if self.since_snapshot >= MIN_SNAPSHOT_SPACING.max(self.head.weight()) {
            let snapshot = self.head.snapshot();
            self.snapshots.push((self.calls.len(), snapshot));
            self.since_snapshot = 0;
        }
        Ok(res)
    }

    // Travel.

    /// Goes to the execution as it was after the first `position` calls (clamped to the
    /// recorded ones), replaying recorded calls; nothing is asked of the host.
    pub fn go_to(&mut self, position: usize) -> Result<(), HostError> {
        let target = position.min(self.calls.len());
        let current = self.position();
        if target == current {
            return Ok(());
        }
        if target == self.calls.len() {
            self.view = None;
            return Ok(());
        }
        let snapshot_index = self
            .snapshots
            .partition_point(|(at, _)| *at <= target)
            .saturating_sub(1);
        let (snapshot_at, snapshot) = &self.snapshots[snapshot_index];
        let (from, mut execution) = match self.view.take() {
            Some((at, execution)) if at <= target && at >= *snapshot_at => (at, execution),
            _ => (*snapshot_at, Execution::restore(snapshot, &self.head)),
        };
        for call in &self.calls[from..target] {
            apply(&mut execution, call)?;
        }
        self.view = Some((target, execution));
        Ok(())
    }

    /// Goes back `calls` calls (to the start at most).
    pub fn back(&mut self, calls: usize) -> Result<(), HostError> {
        self.go_to(self.position().saturating_sub(calls))
    }

    /// Replays the next recorded call, and returns it; `None` at the latest position (the
    /// host must make the next call itself).
    pub fn forward(&mut self) -> Result<Option<HostCall>, HostError> {
        let Some((position, execution)) = &mut self.view else {
            return Ok(None);
        };
        let call = self.calls[*position].clone();
        apply(execution, &call)?;
        *position += 1;
        if *position == self.calls.len() {
            self.view = None;
        }
        Ok(Some(call))
    }
}

fn apply(execution: &mut Execution, call: &HostCall) -> Result<Option<Step>, HostError> {
    match call {
        HostCall::Step => execution.step().map(Some),
        HostCall::CompleteTask { id, result } => execution.complete_task(*id, result.clone()).map(|()| None),
        HostCall::CompleteEvaluation { id, answers } => {
            execution.complete_evaluation(*id, answers.clone()).map(|()| None)
        }
        HostCall::RecordHeartbeat { id } => execution.record_heartbeat(*id).map(|()| None),
        HostCall::AdvanceClock { time } => execution.advance_clock(*time).map(|()| None),
    }
}
