//! The step debugger's controller: an execution recorded call by call (`asl::Timeline`), moved
//! forward live (answering tasks from the mocks, JSONata from the page's engine, jumping the
//! virtual clock) or through what was recorded, and back to any point.
//!
//! A *stop* is a point where some run is about to enter a state: Step moves to the next stop,
//! so each Step runs one state (its whole data flow is then in the trace); Step back moves to
//! the previous one. Breakpoints stop before the state they are on. A Task that no mock
//! answers pauses the run until the user answers it by hand (the human-approval pattern).
//!
//! Going back and forward never asks the mocks or the JSONata engine again: the recorded
//! answers are replayed, so the same point always shows the same data.

use std::collections::BTreeSet;

use asl::mock::Mocks;
use asl::{
    Execution, ExecutionOptions, HostCall, Limits, NextAction, StateRef, Step, TaskRequest, Timeline, Value,
    WorkflowError,
};

/// Calls made between two yields to the browser while running.
const CHUNK: usize = 1_000;

/// How a debugging session starts.
#[derive(Clone, Debug)]
pub struct Setup {
    pub definition: String,
    pub input: String,
    pub mocks: String,
    pub start_time: i64,
    pub seed: u64,
    pub limits: bool,
}

/// Why the debugger stopped moving.
#[derive(Clone, Debug, PartialEq)]
pub enum Pause {
    /// At the start, before the first state.
    Start,
    /// Step finished: before the next state.
    Stepped,
    /// Before a state with a breakpoint.
    Breakpoint(String),
    /// A task failed ("pause when a task fails").
    TaskFailed(String),
    /// A Catch handled an error ("pause when an error is caught").
    Caught(String),
    /// A Task has no mock: it waits for an answer by hand.
    Waiting(String),
    /// The user pressed Pause.
    Paused,
    /// The execution ended.
    Finished,
    /// Nothing can move: no task to answer, no timer.
    Stuck,
    /// The interpreter refused a call (a bug, or a stale answer).
    Error(String),
}

impl Pause {
    /// In the user's words, for the status line.
    pub fn describe(&self) -> String {
        match self {
            Pause::Start => "Ready at the start: Step runs one state at a time.".to_owned(),
            Pause::Stepped => "Paused before the next state.".to_owned(),
            Pause::Breakpoint(name) => format!("Paused at a breakpoint: before {name} runs."),
            Pause::TaskFailed(name) => format!("Paused: the task {name} failed; Retry and Catch come next."),
            Pause::Caught(name) => format!("Paused: a Catch of {name} handled the error."),
            Pause::Waiting(name) => {
                format!("{name} is waiting for an answer: no mock answers it. Answer it below, as the service would.")
            }
            Pause::Paused => "Paused.".to_owned(),
            Pause::Finished => "The execution has ended.".to_owned(),
            Pause::Stuck => "The execution is waiting for something that will not come.".to_owned(),
            Pause::Error(message) => format!("The debugger stopped: {message}"),
        }
    }
}

/// How far to move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// To the next stop.
    Step,
    /// To the end, or a breakpoint, or a pause.
    Continue,
}

pub struct Session {
    pub timeline: Timeline,
    /// What the session was started with (an edit since offers a restart).
    pub setup: Setup,
    pub definition: String,
    pub machine: asl::ValidMachine,
    mocks: Mocks,
    /// Mocks written as code, when the mocks are (JSON `mocks` are then empty).
    code: Option<crate::mocks_code::CodeMocks>,
    /// What mocks written as code printed, by the id of their task's TaskStarted event.
    pub task_logs: std::collections::HashMap<u64, Vec<String>>,
    /// Positions (calls made) where a run was about to enter a state, ascending.
    stops: Vec<usize>,
    pub breakpoints: BTreeSet<String>,
    pub pause_on_task_failure: bool,
    pub pause_on_caught: bool,
    pub pause: Pause,
}

/// Starts a session paused at the start, after loading what the definition and mocks need:
/// the JSONata engine, the module of mocks written as code.
pub async fn start(setup: Setup) -> Result<Session, String> {
    if asl::needs_jsonata(&setup.definition)
        && let Err(message) = crate::jsonata::load().await
    {
        return Err(format!(
            "This definition uses JSONata, but the JSONata engine did not load ({message})."
        ));
    }
    let kind = crate::mocks_code::Kind::detect(&setup.mocks);
    let code = if kind.is_code() {
        match crate::mocks_code::CodeMocks::start(kind, &setup.mocks).await {
            Ok(code) => Some(code),
            Err(message) => return Err(format!("The {} mocks could not be loaded: {message}", kind.label())),
        }
    } else {
        None
    };
    Session::start(&setup, code)
}

impl Session {
    /// Starts a session; `code` is the loaded module when the mocks are code.
    pub fn start(setup: &Setup, code: Option<crate::mocks_code::CodeMocks>) -> Result<Session, String> {
        let machine =
            asl::load_with(&setup.definition, Some(&crate::jsonata::BrowserSyntax)).map_err(|diagnostics| {
                let errors = diagnostics.iter().filter(|diagnostic| diagnostic.is_error()).count();
                format!("The definition has {errors} error(s). Fix them first: they are listed under Problems.")
            })?;
        let text_or_empty = |text: &str| {
            if text.trim().is_empty() {
                "{}".to_owned()
            } else {
                text.to_owned()
            }
        };
        let input = Value::from_json(&text_or_empty(&setup.input))
            .map_err(|error| format!("The input is not valid JSON: {error}."))?;
        let mocks = if code.is_some() {
            Mocks::default()
        } else {
            let mocks = Value::from_json(&text_or_empty(&setup.mocks))
                .map_err(|error| format!("The mocks are not valid JSON: {error}."))?;
            Mocks::from_value(&mocks)
                .map_err(|message| format!("The mocks are not in the expected shape: {message}."))?
        };
        let options = ExecutionOptions {
            start_time: setup.start_time,
            seed: setup.seed,
            trace: true,
            limits: if setup.limits {
                Limits::default()
            } else {
                Limits::none()
            },
            ..ExecutionOptions::default()
        };
        let execution = Execution::start(&machine, input, options);
        let mut session = Session {
            timeline: Timeline::new(execution),
            setup: setup.clone(),
            definition: setup.definition.clone(),
            machine,
            mocks,
            code,
            task_logs: Default::default(),
            stops: Vec::new(),
            breakpoints: BTreeSet::new(),
            pause_on_task_failure: false,
            pause_on_caught: false,
            pause: Pause::Start,
        };
        session.note_stop();
        Ok(session)
    }

    pub fn execution(&self) -> &Execution {
        self.timeline.execution()
    }

    /// The state a run is about to enter, if any, with its input.
    pub fn next_state(&self) -> Option<(StateRef, Value)> {
        match self.execution().next_step()?.action {
            NextAction::Enter(at, input) => Some((at, input)),
            _ => None,
        }
    }

    fn state_pointer(&self, at: StateRef) -> Option<&str> {
        self.machine.definition().state(at).map(|state| state.pointer.as_str())
    }

    fn state_name(&self, at: StateRef) -> String {
        self.machine
            .definition()
            .state(at)
            .map_or_else(String::new, |state| state.name.to_string())
    }

    /// Records the current position as a stop when a run is about to enter a state.
    fn note_stop(&mut self) {
        let position = self.timeline.position();
        if self.stops.last().is_some_and(|last| *last >= position) {
            return;
        }
        if self.next_state().is_some() || self.execution().outcome().is_some() {
            self.stops.push(position);
        }
    }

    fn is_stop(&self, position: usize) -> bool {
        self.stops.binary_search(&position).is_ok()
    }

    /// Tasks that wait for an answer by hand: at the latest point, requested and not answered
    /// (no mock has one).
    pub fn waiting(&self) -> Vec<TaskRequest> {
        if !self.timeline.at_latest() {
            return Vec::new();
        }
        self.execution().pending_tasks().cloned().collect()
    }

    /// Goes back to the previous stop (the start at most).
    pub fn back(&mut self) -> Result<(), String> {
        let position = self.timeline.position();
        let target = match self.stops.binary_search(&position) {
            Ok(index) | Err(index) => index.checked_sub(1).map_or(0, |index| self.stops[index]),
        };
        self.timeline.go_to(target).map_err(|error| error.to_string())?;
        self.pause = if target == 0 { Pause::Start } else { Pause::Stepped };
        Ok(())
    }

    /// Goes to the point where the history had `events` events.
    pub fn go_to_event(&mut self, events: usize) -> Result<(), String> {
        let position = self.timeline.position_of_event(events);
        self.timeline.go_to(position).map_err(|error| error.to_string())?;
        self.pause = if self.execution().outcome().is_some() {
            Pause::Finished
        } else {
            Pause::Paused
        };
        Ok(())
    }

    /// Answers a waiting task by hand: success with a result, or failure with an error.
    pub fn answer(&mut self, id: asl::TaskId, result: Result<Value, WorkflowError>) -> Result<(), String> {
        self.timeline
            .complete_task(id, result)
            .map_err(|error| error.to_string())
    }

    /// Records a heartbeat for a waiting task (SendTaskHeartbeat).
    pub fn heartbeat(&mut self, id: asl::TaskId) -> Result<(), String> {
        self.timeline.record_heartbeat(id).map_err(|error| error.to_string())
    }

    /// Whether the debugger stops before the state a run is about to enter.
    fn breakpoint_ahead(&self) -> Option<String> {
        let (at, _) = self.next_state()?;
        let pointer = self.state_pointer(at)?;
        self.breakpoints.contains(pointer).then(|| self.state_name(at))
    }

    /// A Catch just handled an error of the state whose StateExited is among `events`.
    fn caught_in(&self, from_event: usize) -> Option<String> {
        let execution = self.execution();
        let exited: Vec<u32> = execution.history()[from_event.min(execution.history().len())..]
            .iter()
            .filter(|event| matches!(event.kind, asl::EventKind::StateExited { .. }))
            .map(|event| event.id.0)
            .collect();
        execution.trace().iter().rev().take(64).find_map(|entry| {
            let exited_here = entry.exited.is_some_and(|id| exited.contains(&id.0));
            let caught = entry.errors.last().is_some_and(|details| details.catch_index.is_some());
            (exited_here && caught).then(|| entry.name.to_string())
        })
    }

    /// Moves forward by `mode`: through recorded calls while back in time, then live.
    /// `stop_requested` is polled between chunks (Pause); `progress` is told the position.
    pub async fn advance(&mut self, mode: Mode, stop_requested: &dyn Fn() -> bool, progress: &dyn Fn(usize)) -> Pause {
        let start = self.timeline.position();
        let mut calls = 0usize;
        loop {
            let position = self.timeline.position();
            let at_stop = self.is_stop(position);
            if position > start && at_stop {
                if mode == Mode::Step {
                    return Pause::Stepped;
                }
                if let Some(name) = self.breakpoint_ahead() {
                    return Pause::Breakpoint(name);
                }
            }
            if calls > 0 && calls.is_multiple_of(CHUNK) {
                progress(position);
                crate::run::next_tick().await;
                if stop_requested() {
                    return Pause::Paused;
                }
            }
            calls += 1;
            if !self.timeline.at_latest() {
                let events_before = self.execution().history().len();
                match self.timeline.forward() {
                    Ok(Some(HostCall::CompleteTask { result: Err(_), .. })) if self.pause_on_task_failure => {
                        return Pause::TaskFailed(self.last_task_name());
                    }
                    Ok(_) => {}
                    Err(error) => return Pause::Error(error.to_string()),
                }
                if self.pause_on_caught
                    && let Some(name) = self.caught_in(events_before)
                {
                    return Pause::Caught(name);
                }
                continue;
            }
            if self.execution().outcome().is_some() {
                return Pause::Finished;
            }
            if let Some(task) = self.waiting().first() {
                return Pause::Waiting(task.state_name.to_string());
            }
            let events_before = self.execution().history().len();
            let step = match self.timeline.step() {
                Ok(step) => step,
                Err(error) => return Pause::Error(error.to_string()),
            };
            let outcome = match step {
                Step::Progressed => Ok(None),
                Step::TaskRequested(request) => match self.answer_live(&request).await {
                    Ok(None) => Ok(None), // a mock that never answers: the task waits for its timeout
                    Ok(Some(result)) => {
                        let failed = result.is_err();
                        let answered = self.timeline.complete_task(request.id, result);
                        match answered {
                            Err(error) => Err(error.to_string()),
                            Ok(()) if failed && self.pause_on_task_failure => {
                                Ok(Some(Pause::TaskFailed(request.state_name.to_string())))
                            }
                            Ok(()) => Ok(None),
                        }
                    }
                    // No mock: the task waits for the user (the run is at a new latest point).
                    Err(_) => Ok(Some(Pause::Waiting(request.state_name.to_string()))),
                },
                Step::EvaluationRequested(request) => {
                    let answers = crate::jsonata::evaluate(&request).await;
                    self.timeline
                        .complete_evaluation(request.id, answers)
                        .map(|()| None)
                        .map_err(|error| error.to_string())
                }
                Step::Blocked {
                    next_wakeup: Some(time),
                } => self
                    .timeline
                    .advance_clock(time)
                    .map(|()| None)
                    .map_err(|error| error.to_string()),
                Step::Blocked { next_wakeup: None } => Ok(Some(if self.waiting().is_empty() {
                    Pause::Stuck
                } else {
                    Pause::Waiting(self.waiting()[0].state_name.to_string())
                })),
                Step::Finished => Ok(Some(Pause::Finished)),
            };
            self.note_stop();
            match outcome {
                Err(message) => return Pause::Error(message),
                Ok(Some(pause)) => return pause,
                Ok(None) => {}
            }
            if self.pause_on_caught
                && let Some(name) = self.caught_in(events_before)
            {
                return Pause::Caught(name);
            }
        }
    }

    /// A task's answer from the mocks: the JSON mocks, or the module's Worker (awaited; what
    /// it printed is kept with the task). Only live calls come here: moving through recorded
    /// calls replays their answers and never asks the mocks again.
    async fn answer_live(&mut self, request: &TaskRequest) -> asl::mock::MockAnswer {
        let Some(code) = &self.code else {
            return self.mocks.answer_request(request);
        };
        let (answer, log) = code.answer(self.timeline.execution(), request).await;
        let lines: Vec<String> = log.logs.into_iter().chain(log.note).collect();
        if let (false, Some(started)) = (lines.is_empty(), self.timeline.execution().history().last()) {
            self.task_logs.insert(started.id.0.into(), lines);
        }
        answer
    }

    fn last_task_name(&self) -> String {
        self.execution()
            .history()
            .iter()
            .rev()
            .find_map(|event| event.kind.state_name().map(str::to_owned))
            .unwrap_or_default()
    }
}

impl Session {
    /// Whether an event's run belongs to the focused branch or iteration of its container, or
    /// lies outside that container: with a focus, sibling branches and iterations are left out.
    fn in_focus(&self, run: asl::RunId, focus: Option<asl::RunId>) -> bool {
        let Some(focus) = focus else { return true };
        let execution = self.execution();
        let Some(container) = execution.run_info(focus).and_then(|info| info.spawned_by) else {
            return true;
        };
        let path = execution.run_path(run);
        !path.iter().any(|step| step.state == container) || path.iter().any(|step| step.run == focus)
    }

    /// The graph at the current point: the path taken so far (of the focused branch or
    /// iteration inside its container), the states where runs are, the next state, the tasks
    /// waiting for an answer, and the breakpoints.
    pub fn decorations(&self, focus: Option<asl::RunId>) -> crate::graph::Decorations {
        let execution = self.execution();
        let definition = self.machine.definition();
        // A distributed Map's child executions keep their events in histories of their own.
        let coloring = if focus.is_some() {
            let in_focus = |events: &[asl::HistoryEvent]| -> Vec<asl::HistoryEvent> {
                events
                    .iter()
                    .filter(|event| self.in_focus(event.run(), focus))
                    .cloned()
                    .collect()
            };
            let children: Vec<Vec<asl::HistoryEvent>> = execution
                .child_executions()
                .iter()
                .map(|child| in_focus(&child.history))
                .collect();
            asl_graph::RunColoring::from_histories(children.iter().map(Vec::as_slice), &in_focus(execution.history()))
        } else {
            asl_graph::RunColoring::from_execution(execution)
        };
        let mut marks: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
        let mut mark = |at: StateRef, class: &str| {
            if let Some(state) = definition.state(at) {
                let entry = marks.entry(state.pointer.clone()).or_default();
                if !entry.split(' ').any(|known| known == class) {
                    if !entry.is_empty() {
                        entry.push(' ');
                    }
                    entry.push_str(class);
                }
            }
        };
        for run in execution.runs() {
            let Some(at) = run.state else { continue };
            if !self.in_focus(run.id, focus) {
                continue;
            }
            match run.waiting {
                asl::Waiting::Task(_) if self.timeline.at_latest() => {
                    mark(at, "current");
                    mark(at, "waiting");
                }
                asl::Waiting::Task(_)
                | asl::Waiting::Evaluation(_)
                | asl::Waiting::Timer { .. }
                | asl::Waiting::Children => mark(at, "current"),
                _ => {}
            }
        }
        if let Some((at, _)) = self.next_state() {
            mark(at, "current");
            mark(at, "next");
        }
        for pointer in &self.breakpoints {
            if let Some(at) = definition.state_by_pointer(pointer) {
                mark(at, "breakpoint");
            }
        }
        crate::graph::Decorations {
            coloring: Some(coloring),
            marks,
            breakpoint_markers: true,
        }
    }

    /// The branches or iterations of a Parallel or Map state, most recent entry: each run with
    /// how it is doing.
    pub fn children_of(&self, container: StateRef) -> Vec<(asl::RunId, asl::RunKind, usize, &'static str)> {
        let execution = self.execution();
        let runs: Vec<asl::RunInfo> = execution
            .runs()
            .filter(|run| run.spawned_by == Some(container))
            .collect();
        // Only the latest entry of the container (a loop may enter it again).
        let latest_parent = runs.iter().filter_map(|run| run.parent.map(|(parent, _)| parent)).max();
        // One pass over the histories (the execution's, and each child execution's of a
        // distributed Map): whether each child's own run ended on a StateExited.
        let children: BTreeSet<asl::RunId> = runs.iter().map(|run| run.id).collect();
        let mut ended_well: std::collections::BTreeMap<asl::RunId, bool> = std::collections::BTreeMap::new();
        let child_events = execution
            .child_executions()
            .iter()
            .flat_map(|child| child.history.iter());
        for event in execution.history().iter().chain(child_events) {
            if children.contains(&event.run()) {
                let good = matches!(event.kind, asl::EventKind::StateExited { .. });
                ended_well.insert(event.run(), good);
            }
        }
        let mut res = Vec::new();
        for run in &runs {
            let Some((parent, index)) = run.parent else { continue };
            if Some(parent) != latest_parent {
                continue;
            }
            // A distributed Map's iteration is a child execution, with a status of its own.
            let child = execution.child_executions().iter().find(|child| child.run == run.id);
            let status = match (child.map(|child| child.status), &run.waiting) {
                (Some(asl::Status::Succeeded), _) => "succeeded",
                (Some(asl::Status::Failed | asl::Status::TimedOut), _) => "failed",
                (Some(asl::Status::Aborted), _) => "aborted",
                (Some(asl::Status::Running), _) => "running",
                (None, waiting) => match waiting {
                    asl::Waiting::Done if ended_well.get(&run.id).copied().unwrap_or(false) => "succeeded",
                    asl::Waiting::Done => "failed",
                    asl::Waiting::Cancelled => "aborted",
                    _ => "running",
                },
            };
            res.push((run.id, run.kind, index, status));
        }
        asl::sort::sort_by_key(&mut res, |(_, _, index, _)| *index);
        res
    }
}
