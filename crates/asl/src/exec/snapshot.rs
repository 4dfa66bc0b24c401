//! Snapshots for time travel (`crate::timeline`): an execution copied without its logs (the
//! history, the child executions' histories, the top-level path and the trace), which only grow. Restoring takes the logs'
//! prefixes from a later execution of the same calls: the same calls give the same logs.
//!
//! A trace entry changes while its state is current, so the entries of the states current at
//! the snapshot are kept in the snapshot itself, as they were then.

use super::Execution;
use super::trace::StateTrace;

/// An execution as it was after some host call, without its logs.
#[derive(Clone)]
pub(crate) struct Snapshot {
    execution: Execution,
    history_len: usize,
    top_level_len: usize,
    traces_len: usize,
    open_traces: Vec<(usize, StateTrace)>,
    /// The length of each Distributed Map child execution's history, a log too.
    child_history_lens: Vec<usize>,
}

impl Execution {
    /// What copying this execution's non-log state costs, roughly.
    pub(crate) fn weight(&self) -> usize {
        let selecting: usize = self
            .map_runs
            .iter()
            .filter_map(|map_run| map_run.selecting.as_ref())
            .map(|selecting| selecting.items.len() + selecting.selected.len())
            .sum();
        self.runs.len() + self.tasks.len() + self.timers.len() + self.ready.len() + self.left_inputs.len() + selecting
    }

    /// The execution as it is now, without its logs.
    pub(crate) fn snapshot(&mut self) -> Snapshot {
        let history = std::mem::take(&mut self.history);
        let top_level_states = std::mem::take(&mut self.top_level_states);
        let traces = std::mem::take(&mut self.traces);
        let child_histories: Vec<_> = self
            .child_executions
            .iter_mut()
            .map(|child| std::mem::take(&mut child.history))
            .collect();
        let execution = self.clone();
        let open_traces = self
            .runs
            .iter()
            .filter_map(|run| run.current.as_ref()?.trace)
            .filter_map(|index| Some((index, traces.get(index)?.clone())))
            .collect();
        let res = Snapshot {
            execution,
            history_len: history.len(),
            top_level_len: top_level_states.len(),
            traces_len: traces.len(),
            open_traces,
            child_history_lens: child_histories.iter().map(Vec::len).collect(),
        };
        for (child, history) in self.child_executions.iter_mut().zip(child_histories) {
            child.history = history;
        }
        self.history = history;
        self.top_level_states = top_level_states;
        self.traces = traces;
        res
    }

    /// The execution a snapshot was taken of, with its logs copied from `later`, an execution
    /// of the same host calls that got at least as far.
    pub(crate) fn restore(snapshot: &Snapshot, later: &Execution) -> Execution {
        let mut res = snapshot.execution.clone();
        res.history = later.history[..snapshot.history_len.min(later.history.len())].to_vec();
        res.top_level_states =
            later.top_level_states[..snapshot.top_level_len.min(later.top_level_states.len())].to_vec();
        res.traces = later.traces[..snapshot.traces_len.min(later.traces.len())].to_vec();
        for ((child, later_child), len) in res
            .child_executions
            .iter_mut()
            .zip(&later.child_executions)
            .zip(&snapshot.child_history_lens)
        {
            child.history = later_child.history[..(*len).min(later_child.history.len())].to_vec();
        }
        for (index, entry) in &snapshot.open_traces {
            if let Some(slot) = res.traces.get_mut(*index) {
                *slot = entry.clone();
            }
        }
        res
    }
}
