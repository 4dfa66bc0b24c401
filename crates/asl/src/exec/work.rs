//! The work of Task, Parallel and Map states: task requests, branches and iterations, and how
//! a finished child run reports to its parent (with Map's tolerated failures).

use std::sync::Arc;

use super::Execution;
use super::api::{RunId, RunKind, Step, TaskRequest, WorkflowError, errors};
use super::jsonata_flow::Flow;
use super::runs::{Action, Children, Run, RunStatus, StartTask};
use crate::history::{EventId, EventKind, ResourceName, ScheduledDetails};
use crate::machine::{MachineId, PercentField, StateId, StateKind, StateRef, StateType, ValidMachine};
use crate::path::Env;
use crate::template::abbreviate;
use crate::value::Value;

/// AWS's default task timeout when a Task has no TimeoutSeconds (99999999 seconds).
pub(super) const DEFAULT_TASK_TIMEOUT_SECONDS: u64 = 99_999_999;
/// Iterations an inline Map runs at once when MaxConcurrency is 0 (AWS runs up to 40).
pub(super) const INLINE_MAP_CONCURRENCY: usize = 40;
/// Child executions a distributed Map runs at once when MaxConcurrency is 0.
pub(super) const DISTRIBUTED_MAP_CONCURRENCY: usize = 1000;

impl Execution {
    /// Starts a Task scheduled one step before: TaskStarted (and TaskSubmitted for a callback),
    /// then the request to the host.
    pub(super) fn start_task(&mut self, run_id: RunId, start: StartTask) -> Step {
        let StartTask {
            request,
            resource,
            heartbeat,
        } = start;
        let previous = self.runs[run_id.0].last_event;
        let mut started = self.push_event(
            previous,
            EventKind::TaskStarted {
                resource: resource.clone(),
            },
        );
        if request.resource.ends_with(".waitForTaskToken") {
            // AWS records the request reaching the service before the wait for the token.
            let resource = resource.clone();
            started = self.push_event(started, EventKind::TaskSubmitted { resource });
        }
        self.runs[run_id.0].last_event = started;
        let heartbeat_deadline = heartbeat.map(|seconds| self.now.saturating_add(seconds as i64 * 1000));
        self.register_task(request, resource, heartbeat_deadline)
    }

    /// Starts (or restarts, after a retry) the work of a Task, Parallel or Map state.
    pub(super) fn execute(&mut self, run_id: RunId) -> Result<Step, WorkflowError> {
        let (state_id, effective) = self.current_state(run_id);
        let numbers = self.runs[run_id.0]
            .current
            .as_ref()
            .and_then(|current| current.numbers.as_deref().copied())
            .unwrap_or_default();
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        match &state.kind {
            StateKind::Task(spec) => {
                // TimeoutSecondsPath and HeartbeatSecondsPath read the state's input, not the
                // Parameters built from it (AWS's recordings, test_heartbeats and test_timeouts).
                let state_input = self.runs[run_id.0]
                    .current
                    .as_ref()
                    .map_or(Value::Null, |current| current.raw_input.clone());
                let timeout = match (numbers.timeout, &spec.timeout) {
                    (Some(seconds), _) => seconds,
                    (None, Some(seconds)) => {
                        self.seconds(run_id, state, seconds, &state_input, "TimeoutSecondsPath")?
                    }
                    (None, None) => DEFAULT_TASK_TIMEOUT_SECONDS,
                };
                let heartbeat = match (numbers.heartbeat, &spec.heartbeat) {
                    (Some(seconds), _) => Some(seconds),
                    (None, Some(seconds)) => {
                        Some(self.seconds(run_id, state, seconds, &state_input, "HeartbeatSecondsPath")?)
                    }
                    (None, None) => None,
                };
                let resource = Arc::new(ResourceName::parse(&spec.resource));
                let retry_count = self.runs[run_id.0]
                    .current
                    .as_ref()
                    .map_or(0, |current| current.retry_counts.iter().sum());
                let here = StateRef {
                    machine: self.runs[run_id.0].machine,
                    state: state_id,
                };
                let (id, invocation) = self.new_task(here);
                let context = {
                    let run = &self.runs[run_id.0];
                    self.env(run, state, None).context()
                };
                let request = TaskRequest {
                    id,
                    run: run_id,
                    state: here,
                    state_name: state.name.clone(),
                    resource: spec.resource.clone(),
                    invocation,
                    context,
                    input: effective.clone(),
                    retry_count,
                    deadline: self.now.saturating_add((timeout as i64).saturating_mul(1000)),
                    heartbeat_seconds: heartbeat,
                    task_token: self.runs[run_id.0]
                        .current
                        .as_ref()
                        .and_then(|current| current.task_token.clone()),
                    item_reader: false,
                };
                let previous = self.runs[run_id.0].last_event;
                let scheduled = self.push_event(
                    previous,
                    EventKind::TaskScheduled {
                        details: Box::new(ScheduledDetails {
                            parameters: effective,
                            resource: resource.clone(),
                            region: Arc::from(self.options.region.as_str()),
                            timeout_seconds: (spec.timeout.is_some() || numbers.timeout.is_some()).then_some(timeout),
                        }),
                    },
                );
                self.runs[run_id.0].last_event = scheduled;
                self.make_ready(
                    run_id,
                    Action::StartTask(Box::new(StartTask {
                        request,
                        resource,
                        heartbeat,
                    })),
                );
                Ok(Step::Progressed)
            }
            StateKind::Parallel { branches } => {
                let previous = self.runs[run_id.0].last_event;
                let started = self.push_event(previous, EventKind::ParallelStateStarted);
                self.runs[run_id.0].last_event = started;
                if let Some(stub) = self.isolation.as_mut().and_then(|isolation| isolation.children.take()) {
                    self.make_ready(
                        run_id,
                        match stub.result {
                            Ok(result) => Action::TaskSucceeded(result),
                            Err(error) => Action::fail(error),
                        },
                    );
                    return Ok(Step::Progressed);
                }
                let mut children = new_children(branches.len(), Arc::default());
                for (index, branch) in branches.iter().enumerate() {
                    let child = self.spawn(run_id, *branch, index, effective.clone(), started);
                    children.runs.push(child);
                }
                children.running = branches.len();
                self.set_children(run_id, children);
                Ok(Step::Progressed)
            }
            StateKind::Map(spec) => {
                let items = match &spec.items_path {
                    _ if spec.item_reader.is_some() => Value::array(Vec::new()),
                    Some(path) => self.eval_path(run_id, state, path, &effective).ok_or_else(|| {
                        self.runtime_error(
                            run_id,
                            state,
                            &format!(
                                "Invalid path '{path}': the ItemsPath could not be found in the input '{}'",
                                abbreviate(&effective.to_json())
                            ),
                        )
                    })?,
                    None => effective.clone(),
                };
                let Value::Array(items) = items else {
                    // AWS's words, with the path as written and a context path's `$$` as `$`
                    // (recorded by TestState: test_state_map_context_object). TestState gives
                    // them alone; an execution puts them after the prefix every recorded
                    // JSONPath runtime error of an execution has (no recording of this one).
                    let written = spec
                        .items_path
                        .as_ref()
                        .map_or_else(|| "$".to_owned(), ToString::to_string);
                    let written = match written.strip_prefix("$$") {
                        Some(rest) => format!("${rest}"),
                        None => written,
                    };
                    let detail = format!("Reference path \"{written}\" must point to array.");
                    return Err(if self.isolation.is_some() {
                        WorkflowError::runtime(detail)
                    } else {
                        self.runtime_error(run_id, state, &detail)
                    });
                };
                let concurrency = match (numbers.max_concurrency, &spec.max_concurrency) {
                    (Some(count), _) => count as usize,
                    (None, Some(seconds)) => {
                        self.seconds(run_id, state, seconds, &effective, "MaxConcurrencyPath")? as usize
                    }
                    (None, None) => 0,
                };
                let configured_concurrency = concurrency as u64;
                let cap = if spec.distributed {
                    DISTRIBUTED_MAP_CONCURRENCY
                } else {
                    INLINE_MAP_CONCURRENCY
                };
                let concurrency = if concurrency == 0 { cap } else { concurrency.min(cap) };
                let mut children = new_children(items.len(), items.clone());
                children.concurrency = concurrency;
                // AWS reads the tolerated failure paths after MapStateStarted (its recordings). With
                // an ItemReader the items are not known yet: AWS records length 0.
                let previous = self.runs[run_id.0].last_event;
                let started = self.push_event(previous, EventKind::MapStateStarted { length: items.len() });
                self.runs[run_id.0].last_event = started;
                children.tolerated_count = match (numbers.tolerated_count, &spec.tolerated_failure_count) {
                    (Some(count), _) => Some(count),
                    (None, Some(seconds)) => {
                        Some(self.seconds(run_id, state, seconds, &effective, "ToleratedFailureCountPath")?)
                    }
                    (None, None) => None,
                };
                children.tolerated_percentage = match &spec.tolerated_failure_percentage {
                    _ if numbers.tolerated_percentage.is_some() => numbers.tolerated_percentage,
                    Some(PercentField::Literal(pct)) => Some(*pct),
                    Some(PercentField::Path(path)) => {
                        let Some(value) = self.eval_path(run_id, state, path, &effective) else {
                            let detail = format!("Invalid path '{path}' : {}", path.missing_detail(&effective));
                            return Err(self.runtime_error(run_id, state, &detail));
                        };
                        // AWS reads numeric text too ("1"), and words its causes so.
                        let pct = match &value {
                            Value::String(text) => text.trim().parse::<f64>().ok().filter(|pct| pct.is_finite()),
                            other => other.as_f64(),
                        };
                        match pct {
                            Some(pct) if (0.0..=100.0).contains(&pct) => Some(pct),
                            Some(_) => {
                                let detail = "ToleratedFailurePercentage must be between 0 and 100.";
                                return Err(self.runtime_error(run_id, state, detail));
                            }
                            None => {
                                let detail =
                                    super::env::not_a_valid("ToleratedFailurePercentagePath", &value, "float", path);
                                return Err(self.runtime_error(run_id, state, &detail));
                            }
                        }
                    }
                    None => None,
                };
                if let Some(trace) = self.trace_of(run_id) {
                    trace.after_items_path = Some(Value::Array(items.clone()));
                    trace.max_concurrency = Some(configured_concurrency);
                    trace.tolerated_failure_count = children.tolerated_count;
                    trace.tolerated_failure_percentage = children.tolerated_percentage;
                    trace.after_item_selector = vec![None; items.len()];
                }
                if let Some(stub) = self.isolation.as_mut().and_then(|isolation| isolation.children.take()) {
                    // TestState: the mocked result stands for the iterations; the failures it
                    // reports meet the thresholds (none set: none exceeded, as AWS answers).
                    let failures = stub.map_failures;
                    let over_count = children.tolerated_count.is_some_and(|count| failures > count);
                    let over_percentage = children
                        .tolerated_percentage
                        .is_some_and(|pct| failures as f64 * 100.0 / (items.len().max(1) as f64) > pct);
                    let action = match stub.result {
                        Err(error) => Action::fail(error),
                        Ok(_) if over_count || over_percentage => Action::fail(WorkflowError::new(
                            errors::EXCEED_TOLERATED_FAILURE_THRESHOLD,
                            "The specified tolerated failure threshold was exceeded",
                        )),
                        Ok(result) => Action::TaskSucceeded(result),
                    };
                    self.make_ready(run_id, action);
                    return Ok(Step::Progressed);
                }
                if spec.distributed {
                    return self.start_map_run(run_id, state, spec, &effective, children);
                }
                self.set_children(run_id, children);
                if items.is_empty() {
                    self.make_ready(run_id, Action::ChildrenDone);
                    return Ok(Step::Progressed);
                }
                // Many items: their document may become text once the step is over.
                let lean = self.history.len().saturating_add(items.len().saturating_mul(2))
                    >= crate::history::LEAN_FROM_EVENTS
                    && spec.item_selector.is_none()
                    && spec.item_batcher.is_none()
                    && state.jsonata.is_none()
                    && !self.options.trace
                    && self.isolation.is_none();
                if lean {
                    self.lean_maps.push(run_id);
                }
                self.start_map_items(run_id)?;
                Ok(Step::Progressed)
            }
            _ => Ok(Step::Progressed),
        }
    }

    pub(super) fn set_children(&mut self, run_id: RunId, children: Children) {
        if let Some(current) = self.runs[run_id.0].current.as_mut() {
            current.children = Some(Box::new(children));
        }
        self.runs[run_id.0].status = RunStatus::Children;
    }

    pub(super) fn spawn(
        &mut self,
        parent: RunId,
        machine: MachineId,
        index: usize,
        input: Value,
        previous: EventId,
    ) -> RunId {
        let start = self.machine.machine(machine).start.unwrap_or(StateId(0));
        let action = Action::Enter { state: start, input };
        self.spawn_with(parent, machine, RunKind::Branch, index, action, previous)
    }

    pub(super) fn spawn_with(
        &mut self,
        parent: RunId,
        machine: MachineId,
        kind: RunKind,
        index: usize,
        action: Action,
        previous: EventId,
    ) -> RunId {
        let spawned_at = self.runs[parent.0].current.as_ref().map_or((u32::MAX, 0), |current| {
            (self.runs[parent.0].machine.0, current.state.0)
        });
        let scope = self.runs[parent.0].scope.clone();
        let id = RunId(self.runs.len());
        let depth = self.runs[parent.0].depth.saturating_add(1);
        self.runs.push(Run {
            machine,
            depth,
            // Run ids and indexes fit in 32 bits: 4 billion runs would not fit in memory.
            parent_at: (
                u32::try_from(parent.0).unwrap_or(u32::MAX - 1),
                u32::try_from(index).unwrap_or(u32::MAX),
            ),
            kind,
            spawned_at,
            scope,
            scope_is_own: false,
            last_event: previous,
            status: RunStatus::Ready(action),
            current: None,
            tape: None,
            log: self.runs[parent.0].log,
        });
        self.ready.push_back(id);
        id
    }

    /// Starts Map iterations until MaxConcurrency are running or none are left.
    pub(super) fn start_map_items(&mut self, run_id: RunId) -> Result<(), WorkflowError> {
        // Called as each iteration ends: the machine's spare handle (`enter`) instead of a
        // clone, and the Map's input cloned only for an ItemSelector to read.
        let machine = self.spare_machine.take().unwrap_or_else(|| self.machine.clone());
        let res = self.start_map_items_of(&machine, run_id);
        self.spare_machine = Some(machine);
        res
    }

    fn start_map_items_of(&mut self, machine: &ValidMachine, run_id: RunId) -> Result<(), WorkflowError> {
        let state_id = self.current_state_id(run_id);
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        let StateKind::Map(spec) = &state.kind else {
            return Ok(());
        };
        let effective = match spec.item_selector {
            Some(_) => self.current_state(run_id).1,
            None => Value::Null,
        };
        loop {
            let Some(children) = self.runs[run_id.0]
                .current
                .as_mut()
                .and_then(|current| current.children.as_mut())
            else {
                return Ok(());
            };
            if children.running >= children.concurrency || children.next_item >= children.items.len() {
                return Ok(());
            }
            let index = children.next_item;
            // Taken out when nothing else holds the items (their document is text by now):
            // the iteration is then all that holds its item.
            let item = match Arc::get_mut(&mut children.items).filter(|_| children.take_items) {
                Some(items) => items.get_mut(index).map(std::mem::take).unwrap_or_default(),
                None => children.items[index].clone(),
            };
            // Where the item is in its document's text, for its iteration's first StateEntered.
            let item_text = children.item_texts.clone().zip(crate::history::container_id(&item));
            // A batched Map applied ItemSelector to each item before batching (`distributed`).
            let batched = spec.item_batcher.is_some();
            let map_run = self.is_map_run(run_id);
            let action = if !batched
                && state
                    .jsonata
                    .as_ref()
                    .is_some_and(|fields| fields.item_selector.is_some())
            {
                // Map indexes fit in 32 bits: 4 billion items would not fit in memory.
                Action::SelectItem {
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                    item,
                }
            } else {
                let input = match &spec.item_selector {
                    Some(selector) if !batched => {
                        match self.eval_template(run_id, state, selector, &effective, Some((index, item))) {
                            Ok(input) => input,
                            // A started Map Run ends with the failure, its running children
                            // aborted, as when its batches cannot be made (`distributed`).
                            Err(error) if map_run => return Err(self.map_run_cannot_go_on(run_id, error)),
                            Err(error) => return Err(error),
                        }
                    }
                    _ => item,
                };
                // A batched Map's items were recorded as they were selected (`distributed`).
                if !batched
                    && let Some(trace) = self.trace_of(run_id)
                    && let Some(slot) = trace.after_item_selector.get_mut(index)
                {
                    *slot = Some(input.clone());
                }
                let start = self.machine.machine(spec.processor).start.unwrap_or(StateId(0));
                Action::Enter { state: start, input }
            };
            let known_input = match &action {
                Action::Enter { input, .. } if map_run => Some(input.clone()),
                _ => None,
            };
            let started = if map_run {
                EventId(0)
            } else {
                let previous = self.runs[run_id.0].last_event;
                let name = self.event_name(self.runs[run_id.0].machine, state_id, state);
                self.push_event(previous, EventKind::MapIterationStarted { name, index })
            };
            let child = self.spawn_with(run_id, spec.processor, RunKind::Iteration, index, action, started);
            if let Some((texts, address)) = item_text {
                let index = u32::try_from(index).unwrap_or(u32::MAX);
                self.item_texts.insert(child, (texts, index, address));
            }
            if map_run {
                self.start_child_execution(run_id, child, index, known_input);
            }
            if let Some(children) = self.runs[run_id.0]
                .current
                .as_mut()
                .and_then(|current| current.children.as_mut())
            {
                children.runs.push(child);
                children.next_item += 1;
                children.running += 1;
            }
        }
    }

    /// The run's current state, without `current_state`'s clone of its effective input.
    fn current_state_id(&self, run_id: RunId) -> StateId {
        self.runs[run_id.0]
            .current
            .as_ref()
            .map_or(StateId(0), |current| current.state)
    }

    pub(super) fn children_done(&mut self, run_id: RunId) -> Result<(), Flow> {
        let state_id = self.current_state_id(run_id);
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        let children = self.runs[run_id.0]
            .current
            .as_mut()
            .and_then(|current| current.children.take());
        let map_run = children.as_ref().and_then(|children| children.map_run);
        let results: Vec<Value> = children
            .map(|children| children.results)
            .unwrap_or_default()
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let result = match map_run {
            Some(map_run) => self.finish_map_run(run_id, state, map_run, results)?,
            None => Value::array(results),
        };
        let kind = if matches!(state.kind, StateKind::Map(_)) {
            EventKind::MapStateSucceeded
        } else {
            EventKind::ParallelStateSucceeded
        };
        let previous = self.last_event_overall();
        let event = self.push_event(previous, kind);
        self.runs[run_id.0].last_event = event;
        self.after_result(run_id, result.clone())
            .map_err(|flow| flow.resume_with(Action::TaskSucceeded(result)))
    }

    pub(super) fn cancel_children(&mut self, children: &Children) {
        self.cancel_runs(children.runs.clone());
    }

    /// Stops runs (and the runs they started) where they are: their tasks, evaluations and
    /// timers are dropped, and a late answer to a task is ignored.
    fn cancel_runs(&mut self, runs: Vec<RunId>) {
        let mut stack = runs;
        while let Some(run_id) = stack.pop() {
            let run = &mut self.runs[run_id.0];
            let status = std::mem::replace(&mut run.status, RunStatus::Cancelled);
            if let Some(nested) = run.current.as_mut().and_then(|current| current.children.take()) {
                stack.extend(nested.runs);
            }
            if let RunStatus::Task(task) = status
                && self.tasks.remove(&task).is_some()
            {
                self.cancelled_tasks.insert(task);
            }
            if let RunStatus::Evaluating(evaluation, _) = status {
                self.evaluations.remove(&evaluation);
            }
            if let RunStatus::Timer(key) = status {
                self.timers.remove(&key);
            }
            if matches!(status, RunStatus::Done) {
                self.runs[run_id.0].status = RunStatus::Done;
            }
        }
    }

    /// A run ended: report to its parent, or end the execution.
    pub(super) fn finish_run(&mut self, run_id: RunId, result: Result<Value, WorkflowError>) {
        self.end_child_execution(run_id, &result);
        // A run that fails in a Task is recorded as aborted there when its failure fails the
        // Map around it (AWS's recording, test_timeouts test_service_lambda_map_timeout).
        let failed_in_task = result.is_err() && self.state_in_progress(run_id) == Some(StateType::Task);
        self.runs[run_id.0].status = RunStatus::Done;
        let last_event = self.runs[run_id.0].last_event;
        self.note_left_input(run_id);
        self.runs[run_id.0].current = None;
        let Some((parent, index)) = self.runs[run_id.0].parent() else {
            self.finish_execution(result, last_event);
            return;
        };
        if !matches!(self.runs[parent.0].status, RunStatus::Children) {
            return; // the parent already failed or was cancelled
        }
        let state_id = self.current_state_id(parent);
        let machine = self.machine.clone();
        let state = machine.state(self.runs[parent.0].machine, state_id);
        let is_map = matches!(state.kind, StateKind::Map(_));
        self.event_run = parent;
        let map_run = self.is_map_run(parent);
        let name = self.event_name(self.runs[parent.0].machine, state_id, state);
        let failed = Failed {
            run: run_id,
            in_task: failed_in_task,
            event: last_event,
            name: name.clone(),
        };
        if is_map && !map_run {
            let kind = match &result {
                Ok(_) => EventKind::MapIterationSucceeded { name, index },
                Err(_) => EventKind::MapIterationFailed { name, index },
            };
            let event = self.push_event(last_event, kind);
            self.runs[parent.0].last_event = event;
        }
        let Some(children) = self.runs[parent.0]
            .current
            .as_mut()
            .and_then(|current| current.children.as_mut())
        else {
            return;
        };
        children.running -= 1;
        children.finished += 1;
        match result {
            Ok(output) => children.results[index] = Some(output),
            Err(error) => {
                let tolerant = children.tolerated_count.is_some() || children.tolerated_percentage.is_some();
                if !tolerant && map_run {
                    let total = children.items.len();
                    let error = self.untolerated_child_failure(parent, &state.name, 1, total);
                    self.abort_others(parent, &failed);
                    self.write_results_of_failed_run(parent, state);
                    self.make_ready(parent, Action::fail(error));
                    return;
                }
                if !tolerant {
                    if is_map {
                        self.abort_others(parent, &failed);
                    }
                    self.make_ready(parent, Action::fail(error));
                    return;
                }
                children.failures += 1;
                let total = children.items.len().max(1) as f64;
                let over_count = children
                    .tolerated_count
                    .is_some_and(|count| children.failures as u64 > count);
                let over_percentage = children
                    .tolerated_percentage
                    .is_some_and(|pct| children.failures as f64 * 100.0 / total > pct);
                if over_count || over_percentage {
                    let cause = format!(
                        "The specified tolerated failure threshold was exceeded: {} of {} items failed in Map state '{}'.",
                        children.failures,
                        children.items.len(),
                        state.name
                    );
                    let error = WorkflowError::new(errors::EXCEED_TOLERATED_FAILURE_THRESHOLD, cause);
                    let error = self.map_run_failed(parent, error);
                    self.abort_others(parent, &failed);
                    self.write_results_of_failed_run(parent, state);
                    self.make_ready(parent, Action::fail(error));
                    return;
                }
                children.results[index] = Some(error.to_value());
            }
        }
        let all_done = children.finished == children.results.len();
        if all_done {
            self.make_ready(parent, Action::ChildrenDone);
        } else if is_map && let Err(error) = self.start_map_items(parent) {
            self.make_ready(parent, Action::fail(error));
        }
    }
}

/// The iteration whose failure fails a Map: its run, whether it failed in a Task, its last
/// event, and the Map's name as its iteration events give it.
struct Failed {
    run: RunId,
    in_task: bool,
    event: EventId,
    name: crate::history::StateName,
}

impl Execution {
    /// The state a run is in the middle of, when AWS records it as aborted (`TaskStateAborted`,
    /// `WaitStateAborted`, `ParallelStateAborted`, `MapStateAborted`): entered and not yet left.
    fn state_in_progress(&self, run_id: RunId) -> Option<StateType> {
        let run = &self.runs[run_id.0];
        if matches!(
            run.status,
            RunStatus::Ready(Action::Enter { .. } | Action::SelectItem { .. }) | RunStatus::Cancelled
        ) {
            return None;
        }
        let current = run.current.as_ref()?;
        let state_type = self.machine.state(run.machine, current.state).state_type();
        matches!(
            state_type,
            StateType::Task | StateType::Wait | StateType::Parallel | StateType::Map
        )
        .then_some(state_type)
    }

    /// One iteration's failure fails its Map: AWS aborts the iterations still running, each
    /// recorded after the failure as `MapIterationAborted` and the state it was in as aborted
    /// (`TaskStateAborted`), all following the failed iteration's last event; the failed
    /// iteration's Task is recorded as aborted first (AWS's recording, test_timeouts
    /// test_service_lambda_map_timeout). A Distributed Map's running child executions end as
    /// ABORTED with `ExecutionAborted` in their own histories (the API reference's
    /// `MapRunExecutionCounts.aborted`: "stopped ... by Step Functions because the Map Run
    /// failed"). Iterations not started yet stay unstarted.
    /// The children of `parent` (branches or iterations, by index) still running.
    pub(super) fn running_children(&self, parent: RunId) -> Vec<(usize, RunId)> {
        self.runs[parent.0]
            .current
            .as_ref()
            .and_then(|current| current.children.as_ref())
            .map(|children| {
                children
                    .runs
                    .iter()
                    .copied()
                    .enumerate()
                    .filter(|(_, run)| !matches!(self.runs[run.0].status, RunStatus::Done | RunStatus::Cancelled))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn abort_others(&mut self, parent: RunId, failed: &Failed) {
        let map_run = self.is_map_run(parent);
        let saved = self.event_run;
        if failed.in_task && !map_run {
            self.event_run = failed.run;
            self.push_event(
                failed.event,
                EventKind::StateAborted {
                    state_type: StateType::Task,
                },
            );
        }
        let running: Vec<(usize, RunId)> = self
            .running_children(parent)
            .into_iter()
            .filter(|(_, run)| *run != failed.run)
            .collect();
        for &(index, run) in &running {
            if map_run {
                self.abort_child_execution(run);
                continue;
            }
            self.event_run = parent;
            let name = failed.name.clone();
            self.push_event(failed.event, EventKind::MapIterationAborted { name, index });
            if let Some(state_type) = self.state_in_progress(run) {
                self.event_run = run;
                self.push_event(failed.event, EventKind::StateAborted { state_type });
            }
        }
        self.event_run = saved;
        self.cancel_runs(running.into_iter().map(|(_, run)| run).collect());
    }
}

pub(super) fn new_children(count: usize, items: Arc<crate::value::Array>) -> Children {
    Children {
        runs: Vec::with_capacity(count.min(1024)),
        results: vec![None; count],
        items,
        next_item: 0,
        running: 0,
        finished: 0,
        concurrency: usize::MAX,
        failures: 0,
        tolerated_count: None,
        tolerated_percentage: None,
        map_run: None,
        take_items: false,
        item_texts: None,
    }
}
