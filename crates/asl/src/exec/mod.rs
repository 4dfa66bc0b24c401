//! Machine → execution, sans-IO.
//!
//! An `Execution` is driven by its host: `step()` does one unit of work (usually one state
//! transition) and says what happened; the host answers task requests with `complete_task` and
//! moves the virtual clock with `advance_clock`. Nothing here sleeps, reads a clock or does I/O.
//!
//! Parallel branches and Map iterations are *runs*: each run walks one machine with its own
//! current state. Ready runs wait in a FIFO queue, so for a given definition, input, seed and
//! sequence of answers the execution (and its history) is always the same.
//!
//! Workflow errors (`States.Runtime`, a task's error, …) are `WorkflowError` values that Retry and
//! Catch see; only misuse of this API is a Rust error (`HostError`).
//!
//! JSONata expressions are evaluated by the host too (`Step::EvaluationRequested`), because the
//! reference engine is asynchronous JavaScript; see `jsonata_flow` for how a state suspends and
//! replays.
//!
//! The code, by concern:
//! - `api`: the types the host sees (requests, steps, outcomes, options, limits, errors);
//! - `driver`: the host's inputs (task and evaluation answers, heartbeats, the clock);
//! - `runs`: runs, their status and variables, timers, and the end of the execution;
//! - `env`: the context object and variables a state's paths see;
//! - `flow`: a state's data flow from entry to exit (JSONPath);
//! - `inspect`: the live picture (runs, variables, timers, the next step) for hosts;
//! - `jsonata_flow`: the same for JSONata states, with expressions evaluated by the host;
//! - `choice`: Choice rules;
//! - `work`: Task requests, Parallel branches and Map iterations;
//! - `distributed`: a Distributed Map's Map Run, ItemReader, batches, child executions and
//!   ResultWriter; `item_reader`: the items in what the reader read;
//! - `retry_catch`: Retry and Catch;
//! - `limits`: AWS's size and depth limits;
//! - `isolated`: one state run on its own, for TestState;
//! - `trace`: every stage of every state's data flow, when asked for;
//! - `snapshot`: copies of an execution without its logs, for `crate::timeline`.

mod api;
mod choice;
mod distributed;
mod driver;
mod env;
mod flow;
mod inspect;
mod isolated;
mod item_reader;
mod jsonata_flow;
mod lean;
mod limits;
mod result_writer;
mod retry_catch;
mod runs;
mod snapshot;
mod trace;
mod work;

pub use crate::jsonata::{EvaluationId, EvaluationRequest};
pub use api::{
    ExecutionOptions, HostError, Limits, Outcome, RunId, RunKind, RunStep, Status, Step, TaskId, TaskRequest,
    WorkflowError, errors,
};
pub use distributed::{ChildExecution, MapRun, S3Object};
pub use inspect::{NextAction, NextStep, RunInfo, Waiting};
pub(crate) use isolated::{ChildrenStub, Isolation};
pub use item_reader::{ITEM_READER_FAILED, Manifest, at_pointer, read_csv, read_inventory, read_items, read_manifest};
pub use limits::MAX_VALUE_DEPTH;
pub(crate) use snapshot::Snapshot;
pub use trace::{ChoiceTaken, ErrorDetails, StateTrace};

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::sync::Arc;

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

use crate::history::{EventId, EventKind, HistoryEvent, StateName};
use crate::machine::{MachineId, StateId, StateRef, ValidMachine};
use crate::value::Value;
use jsonata_flow::Flow;
use runs::{Action, PendingTask, Run, RunStatus, Scope};

/// A running (or finished) execution of a `ValidMachine`.
///
/// Cloning is cheap relative to the work it records: values are shared, not copied; only the
/// spines of the runs, queues and logs are.
#[derive(Clone)]
pub struct Execution {
    machine: ValidMachine,
    /// A second handle on `machine`, which `enter` takes and puts back instead of cloning it.
    spare_machine: Option<ValidMachine>,
    options: ExecutionOptions,
    name: Arc<str>,
    /// The execution's input, for `$$.Execution.Input`; `Null` once a Map has made it text
    /// (`input_text`), parsed again into `input_parsed` only if a path reads it.
    input: Value,
    input_text: Option<Arc<str>>,
    input_parsed: std::sync::OnceLock<Value>,
    now: i64,
    /// Where the host last moved the clock to; `now` catches up as what is due happens.
    clock_target: i64,
    /// In a cell so that templates can draw from it while they read the rest of the execution
    /// (cloning the generator around each evaluation cost more than the evaluation).
    rng: std::cell::RefCell<ChaCha8Rng>,
    runs: Vec<Run>,
    ready: VecDeque<RunId>,
    timers: BTreeMap<(i64, u64), (RunId, Action)>,
    timer_seq: u64,
    tasks: BTreeMap<TaskId, PendingTask>,
    cancelled_tasks: BTreeSet<TaskId>,
    next_task: u64,
    /// Evaluations waiting for the host: the run, and how many answers it expects.
    evaluations: BTreeMap<EvaluationId, (RunId, usize)>,
    next_evaluation: u64,
    history: Vec<HistoryEvent>,
    /// States that runs left in a long history, by their run, log, the run's last event and
    /// the state's StateEntered event (which holds the input): once a step is over, inputs
    /// only the history still holds stay there as text (`lean::compact_left_inputs`). They wait until
    /// `history::LEAN_BATCH` are pending; from then on (`compacting`) the vector is emptied at
    /// the end of each step.
    left_inputs: Vec<(RunId, usize, EventId, EventId)>,
    /// Whether `left_inputs` reached `history::LEAN_BATCH` once.
    compacting: bool,
    /// The iterations of long Maps whose input is text, with where their item is in it and
    /// the item's address (`history::container_id`), until their first state's input is
    /// compacted (`lean::compact_left_inputs`).
    item_texts: BTreeMap<RunId, (Arc<crate::history::ItemTexts>, u32, usize)>,
    /// Where those inputs' text is written (`history::LeanTexts`, kept from step to step).
    lean_texts: crate::history::LeanTexts,
    /// Inline Maps over many items that started their iterations during this step: once the
    /// step is over, their input becomes text where only the history and they hold it
    /// (`lean::compact_map_inputs`). Empty between steps.
    lean_maps: Vec<RunId>,
    /// The name events record for each state, by machine and state (`event_name`).
    event_names: Arc<Vec<Vec<StateName>>>,
    /// Distributed Maps: their Map Runs, their child executions (each with its own history) and
    /// what their ResultWriters wrote (`distributed`).
    map_runs: Vec<distributed::MapRun>,
    child_executions: Vec<distributed::ChildExecution>,
    written_objects: Vec<distributed::S3Object>,
    /// The run whose events are being written now (its depth and current state go on them).
    event_run: RunId,
    /// How many task requests each Task state has made, for `TaskRequest::invocation`.
    invocations: BTreeMap<StateRef, u32>,
    /// The data-flow trace (`ExecutionOptions::trace`), one entry per state entry.
    traces: Vec<trace::StateTrace>,
    /// Set only when one state is tested on its own (`crate::test_state`).
    isolation: Option<Box<isolated::Isolation>>,
    /// The top-level states entered, in order: their names are the machine's
    /// (`top_level_states`); a reference here costs no atomic count.
    top_level_states: Vec<StateRef>,
    transitions: u64,
    outcome: Option<Outcome>,
    finish_reported: bool,
}

impl fmt::Debug for Execution {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Execution")
            .field("name", &self.name)
            .field("now", &self.now)
            .field("events", &self.history.len())
            .field("outcome", &self.outcome)
            .finish_non_exhaustive()
    }
}

impl Execution {
    /// Starts an execution. The first `step()` enters the StartAt state.
    pub fn start(machine: &ValidMachine, input: Value, options: ExecutionOptions) -> Execution {
        let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
        let name: Arc<str> = match &options.name {
            Some(name) => Arc::from(name.as_str()),
            None => {
                let mut bytes = [0u8; 16];
                bytes[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
                bytes[8..].copy_from_slice(&rng.next_u64().to_le_bytes());
                Arc::from(crate::intrinsics::uuid_v4(bytes))
            }
        };
        let now = options.start_time;
        let mut execution = Execution {
            machine: machine.clone(),
            spare_machine: None,
            options,
            name,
            input: input.clone(),
            input_text: None,
            input_parsed: std::sync::OnceLock::new(),
            now,
            clock_target: now,
            rng: std::cell::RefCell::new(rng),
            runs: Vec::new(),
            ready: VecDeque::new(),
            timers: BTreeMap::new(),
            timer_seq: 0,
            tasks: BTreeMap::new(),
            cancelled_tasks: BTreeSet::new(),
            next_task: 0,
            evaluations: BTreeMap::new(),
            next_evaluation: 0,
            history: Vec::new(),
            lean_maps: Vec::new(),
            item_texts: BTreeMap::new(),
            left_inputs: Vec::new(),
            lean_texts: crate::history::LeanTexts::default(),
            compacting: false,
            event_names: Arc::new(
                machine
                    .definition()
                    .machines
                    .iter()
                    .map(|inner| {
                        inner
                            .states
                            .iter()
                            .map(|state| StateName::new(state.name.clone(), state.state_type()))
                            .collect()
                    })
                    .collect(),
            ),
            map_runs: Vec::new(),
            child_executions: Vec::new(),
            written_objects: Vec::new(),
            event_run: RunId::ROOT,
            invocations: BTreeMap::new(),
            traces: Vec::new(),
            isolation: None,
            top_level_states: Vec::new(),
            transitions: 0,
            outcome: None,
            finish_reported: false,
        };
        let started = execution.push_event(
            EventId(0),
            EventKind::ExecutionStarted {
                input: input.clone().into(),
                role_arn: Box::new(Arc::from(execution.role_arn())),
            },
        );
        let root = RunId(0);
        let start = machine.machine(MachineId::ROOT).start.unwrap_or(StateId(0));
        execution.runs.push(Run {
            machine: MachineId::ROOT,
            depth: 0,
            parent_at: (u32::MAX, 0),
            kind: RunKind::Top,
            spawned_at: (u32::MAX, 0),
            scope: Arc::new(Scope::default()),
            scope_is_own: true,
            last_event: started,
            status: RunStatus::Ready(Action::Enter {
                state: start,
                input: input.clone(),
            }),
            current: None,
            tape: None,
            log: 0,
        });
        execution.ready.push_back(root);
        if let Some(limit) = execution.options.limits.max_payload_bytes
            && input.json_len() > limit
        {
            let error = WorkflowError::new(
                errors::DATA_LIMIT_EXCEEDED,
                format!(
                    "The execution input has a size exceeding the maximum number of bytes service limit ({limit} bytes)."
                ),
            );
            execution.runs[0].status = RunStatus::Ready(Action::fail(error));
        }
        execution
    }

    fn role_arn(&self) -> String {
        format!("arn:aws:iam::{}:role/StepFunctionsLocalRole", self.options.account)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The options the execution started with (seed, start time, region, account…).
    pub fn options(&self) -> &ExecutionOptions {
        &self.options
    }

    /// Current virtual time, milliseconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        self.now
    }

    pub fn history(&self) -> &[HistoryEvent] {
        &self.history
    }

    /// The outcome, once the execution has ended.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    pub fn status(&self) -> Status {
        self.outcome.as_ref().map_or(Status::Running, |outcome| outcome.status)
    }

    /// Names of the top-level states entered, in order (retries do not re-enter).
    pub fn top_level_states(&self) -> impl ExactSizeIterator<Item = &Arc<str>> + '_ {
        let definition = self.machine.definition();
        self.top_level_states
            .iter()
            .map(move |at| &definition.machines[at.machine.0 as usize].states[at.state.0 as usize].name)
    }

    /// States entered so far, nested ones included.
    pub fn transitions(&self) -> u64 {
        self.transitions
    }

    /// Task requests still waiting for an answer, oldest first.
    pub fn pending_tasks(&self) -> impl Iterator<Item = &TaskRequest> {
        self.tasks.values().map(|pending| &pending.request)
    }

    /// Evaluation requests still waiting for an answer.
    pub fn pending_evaluations(&self) -> usize {
        self.evaluations.len()
    }

    /// The earliest virtual time at which something is due (a Wait, a retry, a timeout).
    pub fn next_wakeup(&self) -> Option<i64> {
        let timer = self.timers.keys().next().map(|(time, _)| *time);
        let deadline = self.tasks.values().map(PendingTask::due).min();
        let execution_deadline = self
            .execution_deadline()
            .filter(|_| timer.is_some() || deadline.is_some());
        [timer, deadline, execution_deadline].into_iter().flatten().min()
    }

    fn execution_deadline(&self) -> Option<i64> {
        self.machine
            .definition()
            .timeout_seconds
            .map(|seconds| self.options.start_time.saturating_add(seconds as i64 * 1000))
    }

    /// Does one unit of work.
    pub fn step(&mut self) -> Result<Step, HostError> {
        if self.outcome.is_some() {
            if self.finish_reported {
                return Err(HostError::Finished);
            }
            self.finish_reported = true;
            return Ok(Step::Finished);
        }
        if let Some(limit) = self.options.limits.max_history_events
            && self.history.len() > limit
        {
            let error = WorkflowError::runtime(format!(
                "The execution reached the maximum number of history events ({limit}). Continue as a new execution, or run with limits off for local experiments."
            ));
            self.finish_execution(Err(error), EventId(self.history.len() as u32));
            self.finish_reported = true;
            return Ok(Step::Finished);
        }
        if self.ready.is_empty() {
            self.release_due();
            if self.outcome.is_some() {
                self.finish_reported = true;
                return Ok(Step::Finished);
            }
        }
        let Some(run_id) = self.ready.pop_front() else {
            return Ok(Step::Blocked {
                next_wakeup: self.next_wakeup(),
            });
        };
        let status = std::mem::replace(&mut self.runs[run_id.0].status, RunStatus::Done);
        let RunStatus::Ready(action) = status else {
            self.runs[run_id.0].status = status; // cancelled while queued
            return Ok(Step::Progressed);
        };
        let res = self.perform(run_id, action);
        self.compact_left_inputs();
        self.compact_map_inputs();
        if self.outcome.is_some() {
            self.finish_reported = true;
            return Ok(Step::Finished);
        }
        Ok(res)
    }

    /// The name (and type) events record for state `state_id` of machine `machine`, which is
    /// `state`: shared by all the state's events.
    fn event_name(&self, machine: MachineId, state_id: StateId, state: &crate::machine::State) -> StateName {
        self.event_names
            .get(machine.0 as usize)
            .and_then(|states| states.get(state_id.0 as usize))
            .filter(|shared| shared.is(&state.name))
            .cloned()
            .unwrap_or_else(|| StateName::new(state.name.clone(), state.state_type()))
    }

    /// Appends an event of the run being performed (`event_run`), about its current state.
    /// Events of a run inside a Distributed Map's child execution go to that child's history.
    fn push_event(&mut self, previous: EventId, kind: EventKind) -> EventId {
        // The run and its log are looked up once (this is twice a transition); ExecutionStarted
        // comes before the top-level run exists.
        let (log, state, depth) = match self.runs.get(self.event_run.0) {
            Some(run) => (
                run.log(),
                run.current.as_ref().map(|current| StateRef {
                    machine: run.machine,
                    state: current.state,
                }),
                run.depth.into(),
            ),
            None => (0, None, 0),
        };
        let events = match log
            .checked_sub(1)
            .and_then(|index| self.child_executions.get_mut(index))
        {
            Some(child) => &mut child.history,
            None => &mut self.history,
        };
        let id = EventId(events.len() as u32 + 1);
        events.push(HistoryEvent::new(
            id,
            previous,
            self.now,
            depth,
            self.event_run,
            state,
            kind,
        ));
        id
    }

    fn perform(&mut self, run_id: RunId, action: Action) -> Step {
        self.event_run = run_id;
        // A Map whose input is text needs it back unless it ends with its result in place of
        // its input (ResultPath `$`): then parsing it again would only raise the peak.
        let input_is_text = self.runs[run_id.0]
            .current
            .as_ref()
            .is_some_and(|current| current.input_text.is_some());
        if input_is_text && (!matches!(action, Action::ChildrenDone) || !self.result_replaces_input(run_id)) {
            self.restore_map_input(run_id);
        }
        let has_tape = match self.runs[run_id.0].tape.as_mut() {
            Some(tape) => {
                tape.cursor = 0;
                !tape.answers.is_empty()
            }
            None => false,
        };
        let replay = (has_tape || self.machine.definition().uses_jsonata).then(|| action.clone());
        let res = match action {
            Action::Enter { state, input } => self.enter(run_id, state, input),
            Action::Execute => self.execute(run_id).map_err(Flow::from),
            Action::Prepare => self.prepare(run_id),
            Action::SelectItem { index, item } => self.select_item(run_id, index as usize, item),
            Action::Catch { error, catcher } => self.jsonata_catch(run_id, *error, catcher).map(|()| Step::Progressed),
            Action::StartTask(start) => Ok(self.start_task(run_id, *start)),
            Action::TaskSucceeded(result) => self.after_result(run_id, result).map(|()| Step::Progressed),
            Action::WaitElapsed => self.finish_wait(run_id).map(|()| Step::Progressed),
            Action::ChildrenDone => self.children_done(run_id).map(|()| Step::Progressed),
            Action::ItemsRead(answer) => self.items_read(run_id, *answer),
            Action::SelectBatchItems => self.select_batch_items(run_id),
            Action::Fail(error) => Err(Flow::Error(*error)),
        };
        // One match over the result (not a second binding of it): a `Step` is large, and each
        // move of it was a copy, about 50 instructions a transition.
        match res {
            Ok(step) => {
                self.runs[run_id.0].tape = None;
                step
            }
            Err(Flow::Error(error)) => {
                self.runs[run_id.0].tape = None;
                match self.handle_error(run_id, error) {
                    Ok(()) => {
                        self.runs[run_id.0].tape = None;
                        Step::Progressed
                    }
                    Err(Flow::Error(error)) => {
                        // Only a JSONata catcher's own evaluation gets here: it fails the run.
                        self.runs[run_id.0].tape = None;
                        self.finish_run(run_id, Err(error));
                        Step::Progressed
                    }
                    Err(Flow::Suspend(request, resume)) => self.suspend(run_id, *request, resume, replay),
                }
            }
            Err(Flow::Suspend(request, resume)) => self.suspend(run_id, *request, resume, replay),
        }
    }

    /// A run waits for the host to evaluate expressions; then `resume` (or the action that
    /// asked, `replay`) runs again.
    fn suspend(
        &mut self,
        run_id: RunId,
        request: EvaluationRequest,
        resume: Option<Action>,
        replay: Option<Action>,
    ) -> Step {
        let Some(action) = resume.or(replay) else {
            // Cannot happen: a suspension always has an action to resume.
            self.finish_run(run_id, Err(WorkflowError::runtime("lost a JSONata evaluation")));
            return Step::Progressed;
        };
        self.evaluations.insert(request.id, (run_id, request.expressions.len()));
        self.runs[run_id.0].status = RunStatus::Evaluating(request.id, Box::new(action));
        Step::EvaluationRequested(Box::new(request))
    }
}
