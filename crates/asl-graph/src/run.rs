//! Colouring a drawing by an execution: which states ran, how often, how they ended, and which
//! transitions were taken. Read from the AWS-shaped history, nothing else.

use std::collections::{BTreeMap, BTreeSet};

use asl::{EventKind, HistoryEvent, RunId};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateStatus {
    Succeeded,
    Failed,
    /// The state failed and a Catch moved on.
    Caught,
    /// Entered and not yet left (the execution is still going, or stopped there).
    Running,
}

impl StateStatus {
    pub fn class(self) -> &'static str {
        match self {
            StateStatus::Succeeded => "status-succeeded",
            StateStatus::Failed => "status-failed",
            StateStatus::Caught => "status-caught",
            StateStatus::Running => "status-running",
        }
    }
}

/// Per state name: its last status and how many times it was entered; and the transitions taken.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunColoring {
    pub states: BTreeMap<String, (StateStatus, u32)>,
    /// (from, to) state names; "" as `from` is the start of a machine.
    pub taken: BTreeSet<(String, String)>,
    pub finished: bool,
    /// The state entered last: where the execution is, or where it ended.
    pub last: Option<String>,
    /// The transition taken last, (from, to) as in `taken`.
    pub last_transition: Option<(String, String)>,
}

impl RunColoring {
    pub fn from_history(events: &[HistoryEvent]) -> RunColoring {
        let mut res = RunColoring::default();
        // Per run (the top level, each branch, each iteration — their events interleave): the
        // state being run, whether it saw an error, the state last left.
        let mut current: BTreeMap<RunId, String> = BTreeMap::new();
        let mut errored: BTreeMap<RunId, bool> = BTreeMap::new();
        let mut last_exited: BTreeMap<RunId, String> = BTreeMap::new();
        let mut failed_execution = false;
        for event in events {
            let run = event.run;
            match &event.kind {
                EventKind::StateEntered { name, .. } => {
                    let from = last_exited.remove(&run).unwrap_or_default();
                    res.last_transition = Some((from.clone(), name.to_string()));
                    res.taken.insert((from, name.to_string()));
                    let entry = res.states.entry(name.to_string()).or_insert((StateStatus::Running, 0));
                    entry.0 = StateStatus::Running;
                    entry.1 += 1;
                    current.insert(run, name.to_string());
                    res.last = Some(name.to_string());
                    errored.insert(run, false);
                }
                EventKind::TaskFailed { .. } | EventKind::TaskTimedOut { .. } => {
                    errored.insert(run, true);
                }
                EventKind::ParallelStateFailed | EventKind::MapStateFailed => {
                    errored.insert(run, true);
                }
                EventKind::StateExited { name, .. } => {
                    let status = if errored.get(&run).copied().unwrap_or(false) {
                        StateStatus::Caught
                    } else {
                        StateStatus::Succeeded
                    };
                    if let Some(entry) = res.states.get_mut(&**name) {
                        entry.0 = status;
                    }
                    last_exited.insert(run, name.to_string());
                    current.remove(&run);
                }
                EventKind::ExecutionSucceeded { .. } => res.finished = true,
                EventKind::ExecutionFailed { .. } | EventKind::ExecutionTimedOut { .. } => {
                    res.finished = true;
                    failed_execution = true;
                }
                _ => {}
            }
        }
        if res.finished {
            for (status, _) in res.states.values_mut() {
                if *status == StateStatus::Running {
                    *status = if failed_execution {
                        StateStatus::Failed
                    } else {
                        StateStatus::Succeeded
                    };
                }
            }
        }
        res
    }
}
