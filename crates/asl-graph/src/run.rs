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

/// Per run (the top level, each branch, each iteration — their events interleave): the state
/// being run, whether it saw an error, the state last left.
#[derive(Default)]
struct Walk {
    current: BTreeMap<RunId, String>,
    errored: BTreeMap<RunId, bool>,
    last_exited: BTreeMap<RunId, String>,
    failed_execution: bool,
}

impl Walk {
    /// Colours by `events`; `top` for the execution's own history, else a Distributed Map's
    /// child execution's (whose end finishes only its own states).
    fn walk(&mut self, res: &mut RunColoring, events: &[HistoryEvent], top: bool) {
        for event in events {
            let run = event.run();
            match &event.kind {
                EventKind::StateEntered { name, .. } => {
                    let from = self.last_exited.remove(&run).unwrap_or_default();
                    res.last_transition = Some((from.clone(), name.to_string()));
                    res.taken.insert((from, name.to_string()));
                    let entry = res.states.entry(name.to_string()).or_insert((StateStatus::Running, 0));
                    entry.0 = StateStatus::Running;
                    entry.1 += 1;
                    self.current.insert(run, name.to_string());
                    res.last = Some(name.to_string());
                    self.errored.insert(run, false);
                }
                EventKind::TaskFailed { .. } | EventKind::TaskTimedOut { .. } => {
                    self.errored.insert(run, true);
                }
                EventKind::ParallelStateFailed | EventKind::MapStateFailed => {
                    self.errored.insert(run, true);
                }
                EventKind::StateExited { name, .. } => {
                    let status = if self.errored.get(&run).copied().unwrap_or(false) {
                        StateStatus::Caught
                    } else {
                        StateStatus::Succeeded
                    };
                    if let Some(entry) = res.states.get_mut(&**name) {
                        entry.0 = status;
                    }
                    self.last_exited.insert(run, name.to_string());
                    self.current.remove(&run);
                }
                EventKind::ExecutionSucceeded { .. } if top => res.finished = true,
                EventKind::ExecutionFailed { .. } | EventKind::ExecutionTimedOut { .. } if top => {
                    res.finished = true;
                    self.failed_execution = true;
                }
                EventKind::ExecutionFailed { .. } => {
                    // A child execution failed: the state it was in failed with it.
                    if let Some(name) = self.current.remove(&run)
                        && let Some(entry) = res.states.get_mut(&name)
                    {
                        entry.0 = StateStatus::Failed;
                    }
                }
                _ => {}
            }
        }
    }

    fn finish(&self, res: &mut RunColoring) {
        if res.finished {
            for (status, _) in res.states.values_mut() {
                if *status == StateStatus::Running {
                    *status = if self.failed_execution {
                        StateStatus::Failed
                    } else {
                        StateStatus::Succeeded
                    };
                }
            }
        }
    }
}

impl RunColoring {
    pub fn from_history(events: &[HistoryEvent]) -> RunColoring {
        let mut res = RunColoring::default();
        let mut walk = Walk::default();
        walk.walk(&mut res, events, true);
        walk.finish(&mut res);
        res
    }

    /// The colouring of a whole execution: its history and those of a Distributed Map's child
    /// executions, which AWS keeps apart (`Execution::child_executions`).
    pub fn from_execution(execution: &asl::Execution) -> RunColoring {
        RunColoring::from_histories(
            execution
                .child_executions()
                .iter()
                .map(|child| child.history.as_slice()),
            execution.history(),
        )
    }

    /// The colouring of an execution's history `top` with the histories of its distributed
    /// Maps' child executions (or a selection of their events, as a debugger following one
    /// iteration gives).
    pub fn from_histories<'a>(
        children: impl IntoIterator<Item = &'a [asl::HistoryEvent]>,
        top: &[asl::HistoryEvent],
    ) -> RunColoring {
        let mut res = RunColoring::default();
        let mut walk = Walk::default();
        for child in children {
            walk.walk(&mut res, child, false);
        }
        walk.walk(&mut res, top, true);
        walk.finish(&mut res);
        res
    }
}

/// One event of a history read back from its JSON (GetExecutionHistory's `events`, or the
/// `--history` file of `asl run`), for [`RunColoring::from_events`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventSummary {
    pub id: u64,
    /// `previousEventId`: 0 for none.
    pub previous: u64,
    /// `type`, e.g. `TaskStateEntered`.
    pub kind: String,
    /// The state's name, on `*StateEntered` and `*StateExited` events.
    pub name: Option<String>,
}

impl EventSummary {
    fn entered(&self) -> bool {
        self.kind.ends_with("StateEntered")
    }

    fn exited(&self) -> bool {
        self.kind.ends_with("StateExited")
    }

    /// An error inside a state (a task's, a branch's): its state is then caught or failed.
    fn error(&self) -> bool {
        !self.kind.starts_with("Execution")
            && !self.kind.starts_with("MapIteration")
            && (self.kind.ends_with("Failed") || self.kind.ends_with("TimedOut"))
    }
}

impl RunColoring {
    /// The colouring of a history that only its JSON is known of (an imported one). Without the
    /// core's run ids, each event's run is followed through `previousEventId`, as AWS chains
    /// them: a state entered right after another's exit is the transition from it, so
    /// interleaved branches and iterations still colour their own transitions.
    pub fn from_events(events: &[EventSummary]) -> RunColoring {
        let mut res = RunColoring::default();
        // Event ids to positions, sorted for binary search (a vector, not another BTreeMap
        // instance: this runs in the playground, where every generic instance weighs).
        let mut index: Vec<(u64, usize)> = events.iter().enumerate().map(|(at, event)| (event.id, at)).collect();
        index.sort_unstable();
        // For each event, the `StateEntered` event of the state it belongs to, if any.
        let mut scope: Vec<Option<usize>> = Vec::with_capacity(events.len());
        let mut errored = vec![false; events.len()];
        let mut failed_execution = false;
        for (at, event) in events.iter().enumerate() {
            let previous = index
                .binary_search_by_key(&event.previous, |&(id, _)| id)
                .ok()
                .map(|found| index[found].1)
                .filter(|&previous| previous < at);
            if event.entered() {
                let name = event.name.clone().unwrap_or_default();
                let from = previous
                    .filter(|&previous| events[previous].exited())
                    .and_then(|previous| events[previous].name.clone())
                    .unwrap_or_default();
                res.last_transition = Some((from.clone(), name.clone()));
                res.taken.insert((from, name.clone()));
                let entry = res.states.entry(name.clone()).or_insert((StateStatus::Running, 0));
                entry.0 = StateStatus::Running;
                entry.1 += 1;
                res.last = Some(name);
                scope.push(Some(at));
                continue;
            }
            let inherited = previous
                .filter(|&previous| !events[previous].exited())
                .and_then(|previous| scope[previous]);
            scope.push(inherited);
            if event.exited() {
                let status = if inherited.is_some_and(|entered| errored[entered]) {
                    StateStatus::Caught
                } else {
                    StateStatus::Succeeded
                };
                if let Some(entry) = event.name.as_ref().and_then(|name| res.states.get_mut(name)) {
                    entry.0 = status;
                }
            } else if event.error() {
                if let Some(entered) = inherited {
                    errored[entered] = true;
                }
            } else if event.kind == "ExecutionSucceeded" {
                res.finished = true;
            } else if matches!(
                event.kind.as_str(),
                "ExecutionFailed" | "ExecutionTimedOut" | "ExecutionAborted"
            ) {
                res.finished = true;
                failed_execution = true;
            }
        }
        let walk = Walk {
            failed_execution,
            ..Walk::default()
        };
        walk.finish(&mut res);
        res
    }
}
