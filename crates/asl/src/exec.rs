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

mod jsonata_flow;

use jsonata_flow::Flow;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::sync::Arc;

use indexmap::IndexMap;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

use crate::history::{EventId, EventKind, HistoryEvent, ResourceName};
use crate::intrinsics::EvalCtx;
use crate::machine::{
    Catcher, CompareKind, CompareOp, Condition, FailField, GlobPart, MachineId, Operand, PercentField, ResultPath,
    Seconds, Selection, State, StateId, StateKind, Test, TypeTest, ValidMachine, WaitSpec,
};
use crate::path::{Env, Path};
use crate::template::{Template, abbreviate};
use crate::time::{format_timestamp, parse_timestamp};
use crate::value::{Map, Value};

/// AWS's default task timeout when a Task has no TimeoutSeconds (99999999 seconds).
const DEFAULT_TASK_TIMEOUT_SECONDS: u64 = 99_999_999;
/// Most bytes of JSON all of an execution's variables may hold (AWS: 10 MiB).
const MAX_VARIABLES_BYTES: usize = 10 * 1024 * 1024;
/// Deepest nesting of arrays and objects a state may receive or produce.
pub const MAX_VALUE_DEPTH: usize = 512;
/// Iterations an inline Map runs at once when MaxConcurrency is 0 (AWS runs up to 40).
const INLINE_MAP_CONCURRENCY: usize = 40;
/// Child executions a distributed Map runs at once when MaxConcurrency is 0.
const DISTRIBUTED_MAP_CONCURRENCY: usize = 1000;

/// The error names AWS reserves.
pub mod errors {
    pub const ALL: &str = "States.ALL";
    pub const RUNTIME: &str = "States.Runtime";
    pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
    pub const TASK_FAILED: &str = "States.TaskFailed";
    pub const TIMEOUT: &str = "States.Timeout";
    pub const HEARTBEAT_TIMEOUT: &str = "States.HeartbeatTimeout";
    pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
    pub const BRANCH_FAILED: &str = "States.BranchFailed";
    pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
    pub const EXCEED_TOLERATED_FAILURE_THRESHOLD: &str = "States.ExceedToleratedFailureThreshold";
    pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";
}

/// A workflow error: what Retry and Catch match and what fails an execution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkflowError {
    pub error: Arc<str>,
    pub cause: Arc<str>,
}

impl WorkflowError {
    pub fn new(error: impl Into<Arc<str>>, cause: impl Into<Arc<str>>) -> WorkflowError {
        WorkflowError {
            error: error.into(),
            cause: cause.into(),
        }
    }

    pub(crate) fn runtime(cause: impl Into<Arc<str>>) -> WorkflowError {
        WorkflowError::new(errors::RUNTIME, cause)
    }

    /// `States.Runtime` and `States.DataLimitExceeded` end the execution: no retrier or catcher
    /// sees them, not even `States.ALL` (AWS "Error handling" page).
    pub fn is_terminal(&self) -> bool {
        &*self.error == errors::RUNTIME || &*self.error == errors::DATA_LIMIT_EXCEEDED
    }

    /// The `{Error, Cause}` object a catcher passes on.
    pub fn to_value(&self) -> Value {
        Value::object_from([
            ("Error", Value::String(self.error.clone())),
            ("Cause", Value::String(self.cause.clone())),
        ])
    }

    /// Whether an `ErrorEquals` list matches this error.
    pub fn matches(&self, error_equals: &[Arc<str>]) -> bool {
        if self.is_terminal() {
            return false;
        }
        error_equals.iter().any(|name| {
            **name == *self.error
                || &**name == errors::ALL
                || (&**name == errors::TASK_FAILED && &*self.error != errors::TIMEOUT)
        })
    }
}

impl fmt::Display for WorkflowError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.error, self.cause)
    }
}

/// Misuse of the execution API by its host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostError {
    /// `complete_task` named a task that was never requested or is already answered.
    UnknownTask(TaskId),
    /// `advance_clock` was asked to go back in time.
    ClockBackwards {
        now: i64,
        requested: i64,
    },
    UnknownEvaluation(EvaluationId),
    /// An evaluation was answered with a different number of answers than it has expressions.
    AnswerCount {
        expected: usize,
        got: usize,
    },
    /// `step` was called after the execution finished.
    Finished,
}

impl fmt::Display for HostError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::UnknownTask(id) => write!(formatter, "task {} is not waiting for an answer", id.0),
            HostError::ClockBackwards { now, requested } => write!(
                formatter,
                "the clock cannot go back from {} to {}",
                format_timestamp(*now),
                format_timestamp(*requested)
            ),
            HostError::UnknownEvaluation(id) => write!(formatter, "evaluation {} is not waiting for an answer", id.0),
            HostError::AnswerCount { expected, got } => write!(
                formatter,
                "the evaluation has {expected} expression(s) but was answered with {got} answer(s)"
            ),
            HostError::Finished => formatter.write_str("the execution has already finished"),
        }
    }
}

impl std::error::Error for HostError {}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId(pub u64);

/// A Task state waiting for its host to do the work.
#[derive(Clone, Debug)]
pub struct TaskRequest {
    pub id: TaskId,
    pub state_name: Arc<str>,
    pub resource: Arc<str>,
    /// The effective input: after InputPath and Parameters.
    pub input: Value,
    /// How many times this state was retried before this attempt.
    pub retry_count: u32,
    /// Virtual time at which the task times out (TimeoutSeconds).
    pub deadline: i64,
    /// HeartbeatSeconds: the host must call `record_heartbeat` at least this often.
    pub heartbeat_seconds: Option<u64>,
    /// For `.waitForTaskToken` resources: the token the state passed on (`$$.Task.Token`).
    pub task_token: Option<Arc<str>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EvaluationId(pub u64);

/// JSONata expressions a state needs evaluated: answer with `complete_evaluation(id, answers)`,
/// one answer per expression, in order.
#[derive(Clone, Debug)]
pub struct EvaluationRequest {
    pub id: EvaluationId,
    pub state_name: Arc<str>,
    /// The text between `{%` and `%}` of each expression.
    pub expressions: Vec<Arc<str>>,
    /// What the expressions may read, by name without `$`: `states` (`input`, `context`, and
    /// `result` or `errorOutput` where they exist) and the variables in scope that the
    /// expressions mention.
    pub bindings: Value,
    /// Seeds `$random()` and `$uuid()` (see `jsonata::call_function`).
    pub seed: u64,
    /// The virtual clock, for `$now()` and `$millis()` (milliseconds since the Unix epoch).
    pub now: i64,
}

impl EvaluationRequest {
    /// The request as the JSONata host glue (`web/src/jsonata-host.js`) reads it. The seed is a
    /// string: JavaScript numbers cannot hold every u64.
    pub fn to_host_json(&self) -> String {
        let expressions = Value::array(
            self.expressions
                .iter()
                .map(|text| Value::String(text.clone()))
                .collect(),
        );
        Value::object_from([
            ("expressions", expressions),
            ("bindings", self.bindings.clone()),
            ("seed", Value::from(self.seed.to_string())),
            ("now", Value::from_i64(self.now)),
        ])
        .to_json()
    }
}

/// Limits AWS applies; `Limits::none()` for local experiments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest state input, output or task result, in bytes of JSON (AWS: 256 KiB).
    pub max_payload_bytes: Option<usize>,
    /// Most events in one execution's history (AWS standard workflows: 25,000).
    pub max_history_events: Option<usize>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_payload_bytes: Some(256 * 1024),
            max_history_events: Some(25_000),
        }
    }
}

impl Limits {
    pub fn none() -> Limits {
        Limits {
            max_payload_bytes: None,
            max_history_events: None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct ExecutionOptions {
    /// The execution's name; derived from the seed when absent (AWS generates a UUID).
    pub name: Option<String>,
    /// Virtual start time, milliseconds since the Unix epoch.
    pub start_time: i64,
    /// Seeds JitterStrategy FULL, States.MathRandom and States.UUID.
    pub seed: u64,
    pub limits: Limits,
    pub state_machine_name: String,
    pub region: String,
    pub account: String,
}

impl Default for ExecutionOptions {
    fn default() -> ExecutionOptions {
        ExecutionOptions {
            name: None,
            start_time: 0,
            seed: 0,
            limits: Limits::default(),
            state_machine_name: "StateMachine".to_owned(),
            region: "us-east-1".to_owned(),
            account: "123456789012".to_owned(),
        }
    }
}

/// What one call to `step` did.
#[derive(Clone, Debug)]
pub enum Step {
    /// Work was done (a state was entered, finished, or retried).
    Progressed,
    /// A Task state needs its host: answer with `complete_task(request.id, …)`, now or later.
    TaskRequested(TaskRequest),
    /// A JSONata state needs expressions evaluated: answer with `complete_evaluation`.
    EvaluationRequested(EvaluationRequest),
    /// Nothing can move until the host answers a pending task or advances the clock (to
    /// `next_wakeup` at the latest, when a Wait, a retry interval or a timeout is due).
    Blocked { next_wakeup: Option<i64> },
    /// The execution ended with this step; see `outcome()`.
    Finished,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Running,
    Succeeded,
    Failed,
    TimedOut,
}

impl Status {
    /// The status as AWS spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Running => "RUNNING",
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
        }
    }
}

/// How an execution ended.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub status: Status,
    pub output: Option<Value>,
    pub error: Option<WorkflowError>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct RunId(usize);

/// Variables visible to a run: its own, then those of the enclosing scopes.
#[derive(Clone, Debug, Default)]
struct Scope {
    variables: IndexMap<Arc<str>, Value>,
    parent: Option<Arc<Scope>>,
}

impl Scope {
    fn get(&self, name: &str) -> Option<Value> {
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
enum Action {
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
        index: usize,
        item: Value,
    },
    /// A JSONata catcher matched: evaluate its Output and Assign, then leave by it.
    Catch {
        error: WorkflowError,
        catcher: usize,
    },
    TaskSucceeded(Value),
    Fail(WorkflowError),
    WaitElapsed,
    ChildrenDone,
}

#[derive(Clone, Debug)]
enum RunStatus {
    Ready(Action),
    Task(TaskId),
    /// Waiting for the host to evaluate expressions; then the action runs again, replaying the
    /// answers it has.
    Evaluating(EvaluationId, Action),
    Timer,
    Children,
    Done,
    Cancelled,
}

#[derive(Clone, Debug)]
struct Run {
    machine: MachineId,
    /// 0 for the top level, +1 for each enclosing Parallel branch or Map iteration.
    depth: u32,
    parent: Option<(RunId, usize)>,
    scope: Arc<Scope>,
    last_event: EventId,
    status: RunStatus,
    current: Option<Current>,
    /// Answers to JSONata expressions for the action being performed, in the order it asks;
    /// `cursor` is how many it has consumed in this attempt (see `jsonata_flow`).
    tape: Vec<crate::jsonata::Answer>,
    cursor: usize,
}

/// The state a run is in, and what it has computed so far.
#[derive(Clone, Debug)]
struct Current {
    state: StateId,
    raw_input: Value,
    effective: Value,
    entered_time: i64,
    entered_event: EventId,
    retry_counts: Vec<u32>,
    children: Option<Children>,
    /// `$$.Task.Token`, for a Task whose resource ends in `.waitForTaskToken`.
    task_token: Option<Arc<str>>,
    /// Numbers a JSONata state computed from expressions when it was entered.
    numbers: JsonataNumbers,
}

#[derive(Clone, Copy, Debug, Default)]
struct JsonataNumbers {
    timeout: Option<u64>,
    heartbeat: Option<u64>,
    max_concurrency: Option<u64>,
    tolerated_count: Option<u64>,
    tolerated_percentage: Option<f64>,
}

#[derive(Clone, Debug)]
struct Children {
    runs: Vec<RunId>,
    results: Vec<Option<Value>>,
    /// Map only: the items left to start, their count, and the tolerance.
    items: Arc<Vec<Value>>,
    next_item: usize,
    running: usize,
    finished: usize,
    concurrency: usize,
    failures: usize,
    tolerated_count: Option<u64>,
    tolerated_percentage: Option<f64>,
}

impl PendingTask {
    /// When the task fails if the host does nothing: its timeout or its heartbeat, whichever first.
    fn due(&self) -> i64 {
        self.heartbeat_deadline
            .map_or(self.request.deadline, |heartbeat| heartbeat.min(self.request.deadline))
    }
}

#[derive(Clone, Debug)]
struct PendingTask {
    run: RunId,
    request: TaskRequest,
    resource: ResourceName,
    /// When the task fails with States.HeartbeatTimeout unless the host records a heartbeat.
    heartbeat_deadline: Option<i64>,
}

/// A running (or finished) execution of a `ValidMachine`.
pub struct Execution {
    machine: ValidMachine,
    options: ExecutionOptions,
    name: Arc<str>,
    input: Value,
    now: i64,
    rng: ChaCha8Rng,
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
    /// Nesting depth recorded on the events being written now.
    event_depth: u32,
    top_level_states: Vec<Arc<str>>,
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

/// The environment a state's paths see: context object and variables.
struct StateEnv<'a> {
    execution: &'a Execution,
    scope: &'a Scope,
    state_name: &'a str,
    entered_time: i64,
    retry_count: u32,
    map_item: Option<(usize, Value)>,
    task_token: Option<Arc<str>>,
}

impl Env for StateEnv<'_> {
    fn context(&self) -> Value {
        let execution = self.execution;
        let options = &execution.options;
        let machine_arn = format!(
            "arn:aws:states:{}:{}:stateMachine:{}",
            options.region, options.account, options.state_machine_name
        );
        let execution_arn = format!(
            "arn:aws:states:{}:{}:execution:{}:{}",
            options.region, options.account, options.state_machine_name, execution.name
        );
        let mut context = Map::new();
        context.insert(
            Arc::from("Execution"),
            Value::object_from([
                ("Id", Value::from(execution_arn)),
                ("Input", execution.input.clone()),
                ("Name", Value::String(execution.name.clone())),
                ("RoleArn", Value::from(execution.role_arn())),
                ("StartTime", Value::from(format_timestamp(options.start_time))),
                ("RedriveCount", Value::from_i64(0)),
            ]),
        );
        context.insert(
            Arc::from("State"),
            Value::object_from([
                ("EnteredTime", Value::from(format_timestamp(self.entered_time))),
                ("Name", Value::from(self.state_name)),
                ("RetryCount", Value::from_i64(self.retry_count.into())),
            ]),
        );
        context.insert(
            Arc::from("StateMachine"),
            Value::object_from([
                ("Id", Value::from(machine_arn)),
                ("Name", Value::from(options.state_machine_name.as_str())),
            ]),
        );
        if let Some(token) = &self.task_token {
            context.insert(
                Arc::from("Task"),
                Value::object_from([("Token", Value::String(token.clone()))]),
            );
        }
        if let Some((index, value)) = &self.map_item {
            context.insert(
                Arc::from("Map"),
                Value::object_from([(
                    "Item",
                    Value::object_from([("Index", Value::from_i64(*index as i64)), ("Value", value.clone())]),
                )]),
            );
        }
        Value::object(context)
    }

    fn variable(&self, name: &str) -> Option<Value> {
        self.scope.get(name)
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
            options,
            name,
            input: input.clone(),
            now,
            rng,
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
            event_depth: 0,
            top_level_states: Vec::new(),
            transitions: 0,
            outcome: None,
            finish_reported: false,
        };
        let started = execution.push_event(
            EventId(0),
            EventKind::ExecutionStarted {
                input: input.clone(),
                role_arn: Arc::from(execution.role_arn()),
            },
        );
        let root = RunId(0);
        let start = machine.machine(MachineId::ROOT).start.unwrap_or(StateId(0));
        execution.runs.push(Run {
            machine: MachineId::ROOT,
            depth: 0,
            parent: None,
            scope: Arc::new(Scope::default()),
            last_event: started,
            status: RunStatus::Ready(Action::Enter {
                state: start,
                input: input.clone(),
            }),
            current: None,
            tape: Vec::new(),
            cursor: 0,
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
            execution.runs[0].status = RunStatus::Ready(Action::Fail(error));
        }
        execution
    }

    fn role_arn(&self) -> String {
        format!("arn:aws:iam::{}:role/StepFunctionsLocalRole", self.options.account)
    }

    pub fn name(&self) -> &str {
        &self.name
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
    pub fn top_level_states(&self) -> &[Arc<str>] {
        &self.top_level_states
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
            self.finish_execution(Err(error), EventId(self.history.len() as u64));
            self.finish_reported = true;
            return Ok(Step::Finished);
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
        if self.outcome.is_some() {
            self.finish_reported = true;
            return Ok(Step::Finished);
        }
        Ok(res)
    }

    /// Answers a task request with its result or its error.
    pub fn complete_task(&mut self, id: TaskId, result: Result<Value, WorkflowError>) -> Result<(), HostError> {
        if self.cancelled_tasks.remove(&id) {
            return Ok(()); // its branch or iteration was aborted: the answer no longer matters
        }
        let Some(pending) = self.tasks.remove(&id) else {
            return Err(HostError::UnknownTask(id));
        };
        let run_id = pending.run;
        self.event_depth = self.runs[run_id.0].depth;
        let previous = self.runs[run_id.0].last_event;
        let action = match result {
            Ok(output) => {
                let event = self.push_event(
                    previous,
                    EventKind::TaskSucceeded {
                        resource: pending.resource,
                        output: output.clone(),
                    },
                );
                self.runs[run_id.0].last_event = event;
                match self.options.limits.max_payload_bytes {
                    Some(limit) if output.json_len() > limit => Action::Fail(WorkflowError::new(
                        errors::DATA_LIMIT_EXCEEDED,
                        format!(
                            "The state/task '{}' returned a result with a size exceeding the maximum number of bytes service limit.",
                            pending.request.state_name
                        ),
                    )),
                    _ => Action::TaskSucceeded(output),
                }
            }
            Err(error) => {
                let event = self.push_event(
                    previous,
                    EventKind::TaskFailed {
                        resource: pending.resource,
                        error: error.error.clone(),
                        cause: error.cause.clone(),
                    },
                );
                self.runs[run_id.0].last_event = event;
                Action::Fail(error)
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

    /// Moves the virtual clock forward to `time`: due Waits and retries become ready, tasks past
    /// their deadline fail with `States.Timeout`, and the execution times out past its
    /// TimeoutSeconds.
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
        if let Some(deadline) = self.execution_deadline()
            && time >= deadline
        {
            self.now = deadline;
            let seconds = self.machine.definition().timeout_seconds.unwrap_or(0);
            let error = WorkflowError::new(
                errors::TIMEOUT,
                format!("The execution timed out after {seconds} seconds (TimeoutSeconds)."),
            );
            let previous = EventId(self.history.len() as u64);
            self.event_depth = 0;
            self.push_event(
                previous,
                EventKind::ExecutionTimedOut {
                    error: error.error.clone(),
                    cause: error.cause.clone(),
                },
            );
            self.outcome = Some(Outcome {
                status: Status::TimedOut,
                output: None,
                error: Some(error),
            });
            self.ready.clear();
            return Ok(());
        }
        self.now = time;
        let due: Vec<TaskId> = self
            .tasks
            .iter()
            .filter(|(_, pending)| pending.due() <= time)
            .map(|(id, _)| *id)
            .collect();
        for id in due {
            if let Some(pending) = self.tasks.remove(&id) {
                // A late answer from the host is expected and ignored, as for aborted tasks.
                self.cancelled_tasks.insert(id);
                let error = match pending.heartbeat_deadline {
                    Some(heartbeat) if heartbeat < pending.request.deadline => WorkflowError::new(
                        errors::HEARTBEAT_TIMEOUT,
                        format!(
                            "The task '{}' sent no heartbeat for {} seconds (HeartbeatSeconds).",
                            pending.request.state_name,
                            pending.request.heartbeat_seconds.unwrap_or(0)
                        ),
                    ),
                    _ => WorkflowError::new(
                        errors::TIMEOUT,
                        format!("The task '{}' timed out.", pending.request.state_name),
                    ),
                };
                let previous = self.runs[pending.run.0].last_event;
                self.event_depth = self.runs[pending.run.0].depth;
                let event = self.push_event(
                    previous,
                    EventKind::TaskTimedOut {
                        resource: pending.resource,
                        error: error.error.clone(),
                        cause: error.cause.clone(),
                    },
                );
                self.runs[pending.run.0].last_event = event;
                self.make_ready(pending.run, Action::Fail(error));
            }
        }
        while let Some(entry) = self.timers.first_entry() {
            if entry.key().0 > time {
                break;
            }
            let (run_id, action) = entry.remove();
            if matches!(self.runs[run_id.0].status, RunStatus::Timer) {
                self.make_ready(run_id, action);
            }
        }
        Ok(())
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
                run.tape.extend(answers);
                self.make_ready(run_id, action);
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

    fn push_event(&mut self, previous: EventId, kind: EventKind) -> EventId {
        let id = EventId(self.history.len() as u64 + 1);
        self.history.push(HistoryEvent {
            id,
            previous_event_id: previous,
            timestamp: self.now,
            depth: self.event_depth,
            kind,
        });
        id
    }

    fn make_ready(&mut self, run_id: RunId, action: Action) {
        self.runs[run_id.0].status = RunStatus::Ready(action);
        self.ready.push_back(run_id);
    }

    fn env<'a>(&'a self, run: &'a Run, state: &'a State, map_item: Option<(usize, Value)>) -> StateEnv<'a> {
        let current = run.current.as_ref();
        StateEnv {
            execution: self,
            scope: &run.scope,
            state_name: &state.name,
            entered_time: current.map_or(self.now, |current| current.entered_time),
            retry_count: current.map_or(0, |current| current.retry_counts.iter().sum()),
            map_item,
            task_token: current.and_then(|current| current.task_token.clone()),
        }
    }

    /// Evaluates a path against `input` in a run's environment.
    fn eval_path(&self, run_id: RunId, state: &State, path: &Path, input: &Value) -> Option<Value> {
        let run = &self.runs[run_id.0];
        let env = self.env(run, state, None);
        path.evaluate(input, &env)
    }

    fn eval_template(
        &mut self,
        run_id: RunId,
        state: &State,
        template: &Template,
        input: &Value,
        map_item: Option<(usize, Value)>,
    ) -> Result<Value, WorkflowError> {
        let mut rng = self.rng.clone();
        let res = {
            let run = &self.runs[run_id.0];
            let env = self.env(run, state, map_item);
            let mut ctx = EvalCtx {
                env: &env,
                rng: &mut rng,
            };
            template.evaluate(input, &mut ctx)
        };
        self.rng = rng;
        res.map_err(|cause| self.runtime_error(run_id, state, &cause))
    }

    fn runtime_error(&self, run_id: RunId, state: &State, detail: &str) -> WorkflowError {
        let entered = self.runs[run_id.0]
            .current
            .as_ref()
            .map_or(0, |current| current.entered_event.0);
        WorkflowError::runtime(format!(
            "An error occurred while executing the state '{}' (entered at the event id #{entered}). {detail}",
            state.name
        ))
    }

    fn select(
        &self,
        run_id: RunId,
        state: &State,
        selection: &Selection,
        input: &Value,
        field: &str,
    ) -> Result<Value, WorkflowError> {
        match selection {
            Selection::Whole => Ok(input.clone()),
            Selection::Nothing => Ok(Value::empty_object()),
            Selection::Path(path) => self.eval_path(run_id, state, path, input).ok_or_else(|| {
                self.runtime_error(
                    run_id,
                    state,
                    &format!(
                        "Invalid path '{path}' : No results for path: {path} (in {field}) in the input '{}'",
                        abbreviate(&input.to_json())
                    ),
                )
            }),
        }
    }

    fn check_payload(&self, state: &State, value: &Value, what: &str) -> Result<(), WorkflowError> {
        // Whatever the limits, a document may not nest without bound (a loop that wraps its
        // input once per round would): hosts and renderers recurse over it.
        if value.nests_deeper_than(MAX_VALUE_DEPTH) {
            return Err(WorkflowError::runtime(format!(
                "The state/task '{}' {what} JSON nested deeper than {MAX_VALUE_DEPTH} levels.",
                state.name
            )));
        }
        match self.options.limits.max_payload_bytes {
            Some(limit) if value.json_len() > limit => Err(WorkflowError::new(
                errors::DATA_LIMIT_EXCEEDED,
                format!(
                    "The state/task '{}' {what} a size exceeding the maximum number of bytes service limit ({limit} bytes).",
                    state.name
                ),
            )),
            _ => Ok(()),
        }
    }

    fn perform(&mut self, run_id: RunId, action: Action) -> Step {
        self.event_depth = self.runs[run_id.0].depth;
        self.runs[run_id.0].cursor = 0;
        let replay =
            (!self.runs[run_id.0].tape.is_empty() || self.machine.definition().uses_jsonata).then(|| action.clone());
        let res = match action {
            Action::Enter { state, input } => self.enter(run_id, state, input),
            Action::Execute => self.execute(run_id).map_err(Flow::from),
            Action::Prepare => self.prepare(run_id),
            Action::SelectItem { index, item } => self.select_item(run_id, index, item),
            Action::Catch { error, catcher } => self.jsonata_catch(run_id, error, catcher).map(|()| Step::Progressed),
            Action::TaskSucceeded(result) => self.after_result(run_id, result).map(|()| Step::Progressed),
            Action::WaitElapsed => self.finish_wait(run_id).map(|()| Step::Progressed),
            Action::ChildrenDone => self.children_done(run_id).map(|()| Step::Progressed),
            Action::Fail(error) => Err(Flow::Error(error)),
        };
        let res = match res {
            Err(Flow::Error(error)) => {
                self.runs[run_id.0].tape.clear();
                self.handle_error(run_id, error).map(|()| Step::Progressed)
            }
            other => other,
        };
        match res {
            Ok(step) => {
                self.runs[run_id.0].tape.clear();
                step
            }
            Err(Flow::Error(error)) => {
                // Only a JSONata catcher's own evaluation gets here: it fails the run.
                self.runs[run_id.0].tape.clear();
                self.finish_run(run_id, Err(error));
                Step::Progressed
            }
            Err(Flow::Suspend(request, resume)) => {
                let Some(action) = resume.or(replay) else {
                    // Cannot happen: a suspension always has an action to resume.
                    self.finish_run(run_id, Err(WorkflowError::runtime("lost a JSONata evaluation")));
                    return Step::Progressed;
                };
                self.evaluations.insert(request.id, (run_id, request.expressions.len()));
                self.runs[run_id.0].status = RunStatus::Evaluating(request.id, action);
                Step::EvaluationRequested(*request)
            }
        }
    }

    fn enter(&mut self, run_id: RunId, state_id: StateId, input: Value) -> Result<Step, Flow> {
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        self.transitions += 1;
        if self.runs[run_id.0].parent.is_none() {
            self.top_level_states.push(state.name.clone());
        }
        let previous = self.runs[run_id.0].last_event;
        let entered = self.push_event(
            previous,
            EventKind::StateEntered {
                state_type: state.type_name(),
                name: state.name.clone(),
                input: input.clone(),
            },
        );
        // The callback pattern: a `.waitForTaskToken` Task passes a token ($$.Task.Token) to the
        // service it calls, which answers with it later (AWS "Wait for a Callback").
        let task_token = match &state.kind {
            StateKind::Task(spec) if spec.resource.ends_with(".waitForTaskToken") => {
                let mut bytes = [0u8; 16];
                bytes[..8].copy_from_slice(&self.rng.next_u64().to_le_bytes());
                bytes[8..].copy_from_slice(&self.rng.next_u64().to_le_bytes());
                Some(Arc::from(
                    bytes.iter().map(|byte| format!("{byte:02x}")).collect::<String>(),
                ))
            }
            _ => None,
        };
        let run = &mut self.runs[run_id.0];
        run.last_event = entered;
        run.current = Some(Current {
            state: state_id,
            raw_input: input.clone(),
            effective: Value::Null,
            entered_time: self.now,
            entered_event: entered,
            retry_counts: vec![0; state.retry.len()],
            children: None,
            task_token,
            numbers: JsonataNumbers::default(),
        });
        self.check_payload(state, &input, "received input with")?;
        if state.jsonata.is_some() {
            return self.prepare(run_id).map_err(|flow| flow.resume_with(Action::Prepare));
        }

        let effective = self.select(run_id, state, &state.input_path, &input, "InputPath")?;
        let effective = match (&state.parameters, &state.kind) {
            (Some(parameters), _) => self.eval_template(run_id, state, parameters, &effective, None)?,
            _ => effective,
        };
        if let Some(current) = self.runs[run_id.0].current.as_mut() {
            current.effective = effective.clone();
        }

        match &state.kind {
            StateKind::Pass { result } => {
                let result = result.clone().unwrap_or(effective);
                self.after_result(run_id, result)?;
                Ok(Step::Progressed)
            }
            StateKind::Task(_) | StateKind::Parallel { .. } | StateKind::Map(_) => Ok(self.execute(run_id)?),
            StateKind::Choice { choices, default } => {
                for rule in choices {
                    if self.condition(run_id, state, &rule.condition, &effective)? {
                        let output = self.select(run_id, state, &state.output_path, &effective, "OutputPath")?;
                        let assigned = match &rule.assign {
                            Some(assign) => Some(self.eval_template(run_id, state, assign, &effective, None)?),
                            None => None,
                        };
                        self.exit(run_id, state, output, assigned, rule.next);
                        return Ok(Step::Progressed);
                    }
                }
                match default {
                    Some(target) => {
                        let output = self.select(run_id, state, &state.output_path, &effective, "OutputPath")?;
                        self.exit(run_id, state, output, None, Some(*target));
                        Ok(Step::Progressed)
                    }
                    None => Err(Flow::Error(WorkflowError::new(
                        errors::NO_CHOICE_MATCHED,
                        format!(
                            "No Choice Rules matched in the Choice state '{}' and it has no Default. Input: {}",
                            state.name,
                            abbreviate(&effective.to_json())
                        ),
                    ))),
                }
            }
            StateKind::Wait(spec) => {
                let wake = match spec {
                    WaitSpec::Timestamp(millis) => *millis,
                    WaitSpec::Seconds(seconds) => {
                        let seconds = self.seconds(run_id, state, seconds, &effective, "SecondsPath")?;
                        self.now.saturating_add((seconds as i64).saturating_mul(1000))
                    }
                    WaitSpec::TimestampPath(path) => {
                        let value = self.eval_path(run_id, state, path, &effective).ok_or_else(|| {
                            self.runtime_error(
                                run_id,
                                state,
                                &format!("Invalid path '{path}': the TimestampPath could not be found in the input"),
                            )
                        })?;
                        value.as_str().and_then(parse_timestamp).ok_or_else(|| {
                            self.runtime_error(
                                run_id,
                                state,
                                &format!("The TimestampPath '{path}' gave {value}, which is not an RFC 3339 timestamp"),
                            )
                        })?
                    }
                };
                if wake <= self.now {
                    self.finish_wait(run_id)?;
                } else {
                    self.set_timer(run_id, wake, Action::WaitElapsed);
                }
                Ok(Step::Progressed)
            }
            StateKind::Succeed => {
                let output = self.select(run_id, state, &state.output_path, &effective, "OutputPath")?;
                self.exit(run_id, state, output, None, None);
                Ok(Step::Progressed)
            }
            StateKind::Fail { error, cause } => {
                let error = self.fail_field(run_id, state, error, &input, "ErrorPath")?;
                let cause = self.fail_field(run_id, state, cause, &input, "CausePath")?;
                let error = WorkflowError::new(
                    error.unwrap_or_else(|| Arc::from("")),
                    cause.unwrap_or_else(|| Arc::from("")),
                );
                self.finish_run(run_id, Err(error));
                Ok(Step::Progressed)
            }
        }
    }

    fn fail_field(
        &mut self,
        run_id: RunId,
        state: &State,
        field: &FailField,
        input: &Value,
        name: &str,
    ) -> Result<Option<Arc<str>>, WorkflowError> {
        match field {
            FailField::None => Ok(None),
            FailField::Literal(text) => Ok(Some(text.clone())),
            FailField::Call(call) => match self.eval_template(run_id, state, call, input, None)? {
                Value::String(text) => Ok(Some(text)),
                other => Err(self.runtime_error(
                    run_id,
                    state,
                    &format!("The {name} gave {}, not a string", other.type_name()),
                )),
            },
            FailField::Path(path) => match self.eval_path(run_id, state, path, input) {
                Some(Value::String(text)) => Ok(Some(text)),
                Some(other) => Err(self.runtime_error(
                    run_id,
                    state,
                    &format!("The {name} '{path}' gave {}, not a string", other.type_name()),
                )),
                None => Err(self.runtime_error(
                    run_id,
                    state,
                    &format!("Invalid path '{path}': the {name} could not be found in the input"),
                )),
            },
        }
    }

    fn seconds(
        &self,
        run_id: RunId,
        state: &State,
        seconds: &Seconds,
        input: &Value,
        field: &str,
    ) -> Result<u64, WorkflowError> {
        match seconds {
            Seconds::Literal(value) => Ok(*value),
            Seconds::Path(path) => {
                let value = self.eval_path(run_id, state, path, input).ok_or_else(|| {
                    self.runtime_error(
                        run_id,
                        state,
                        &format!("Invalid path '{path}': the {field} could not be found in the input"),
                    )
                })?;
                match &value {
                    Value::Number(number) => number
                        .as_u64()
                        .or_else(|| {
                            number
                                .as_f64()
                                .filter(|float| *float >= 0.0 && float.fract() == 0.0)
                                .map(|float| float as u64)
                        })
                        .ok_or_else(|| {
                            self.runtime_error(
                                run_id,
                                state,
                                &format!("The {field} '{path}' gave {number}; expected a non-negative integer"),
                            )
                        }),
                    other => Err(self.runtime_error(
                        run_id,
                        state,
                        &format!(
                            "The {field} '{path}' gave {}; expected a non-negative integer",
                            other.type_name()
                        ),
                    )),
                }
            }
        }
    }

    fn set_timer(&mut self, run_id: RunId, time: i64, action: Action) {
        self.timer_seq += 1;
        self.timers.insert((time, self.timer_seq), (run_id, action));
        self.runs[run_id.0].status = RunStatus::Timer;
    }

    fn finish_wait(&mut self, run_id: RunId) -> Result<(), Flow> {
        let (state_id, effective) = self.current_state(run_id);
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        if state.jsonata.is_some() {
            return self.jsonata_finish_wait(run_id, state);
        }
        let output = self.select(run_id, state, &state.output_path, &effective, "OutputPath")?;
        let assigned = match &state.assign {
            Some(assign) => Some(self.eval_template(run_id, state, assign, &effective, None)?),
            None => None,
        };
        self.exit(run_id, state, output, assigned, state.next);
        Ok(())
    }

    fn current_state(&self, run_id: RunId) -> (StateId, Value) {
        let current = self.runs[run_id.0].current.as_ref();
        current.map_or((StateId(0), Value::Null), |current| {
            (current.state, current.effective.clone())
        })
    }

    /// Starts (or restarts, after a retry) the work of a Task, Parallel or Map state.
    fn execute(&mut self, run_id: RunId) -> Result<Step, WorkflowError> {
        let (state_id, effective) = self.current_state(run_id);
        let numbers = self.runs[run_id.0]
            .current
            .as_ref()
            .map(|current| current.numbers)
            .unwrap_or_default();
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        match &state.kind {
            StateKind::Task(spec) => {
                let timeout = match (numbers.timeout, &spec.timeout) {
                    (Some(seconds), _) => seconds,
                    (None, Some(seconds)) => self.seconds(run_id, state, seconds, &effective, "TimeoutSecondsPath")?,
                    (None, None) => DEFAULT_TASK_TIMEOUT_SECONDS,
                };
                let heartbeat = match (numbers.heartbeat, &spec.heartbeat) {
                    (Some(seconds), _) => Some(seconds),
                    (None, Some(seconds)) => {
                        Some(self.seconds(run_id, state, seconds, &effective, "HeartbeatSecondsPath")?)
                    }
                    (None, None) => None,
                };
                let resource = ResourceName::parse(&spec.resource);
                let id = TaskId(self.next_task);
                self.next_task += 1;
                let retry_count = self.runs[run_id.0]
                    .current
                    .as_ref()
                    .map_or(0, |current| current.retry_counts.iter().sum());
                let request = TaskRequest {
                    id,
                    state_name: state.name.clone(),
                    resource: spec.resource.clone(),
                    input: effective.clone(),
                    retry_count,
                    deadline: self.now.saturating_add((timeout as i64).saturating_mul(1000)),
                    heartbeat_seconds: heartbeat,
                    task_token: self.runs[run_id.0]
                        .current
                        .as_ref()
                        .and_then(|current| current.task_token.clone()),
                };
                let previous = self.runs[run_id.0].last_event;
                let scheduled = self.push_event(
                    previous,
                    EventKind::TaskScheduled {
                        resource: resource.clone(),
                        region: Arc::from(self.options.region.as_str()),
                        parameters: effective,
                        timeout_seconds: (spec.timeout.is_some() || numbers.timeout.is_some()).then_some(timeout),
                    },
                );
                let started = self.push_event(
                    scheduled,
                    EventKind::TaskStarted {
                        resource: resource.clone(),
                    },
                );
                self.runs[run_id.0].last_event = started;
                self.runs[run_id.0].status = RunStatus::Task(id);
                self.tasks.insert(
                    id,
                    PendingTask {
                        run: run_id,
                        request: request.clone(),
                        resource,
                        heartbeat_deadline: heartbeat.map(|seconds| self.now.saturating_add(seconds as i64 * 1000)),
                    },
                );
                Ok(Step::TaskRequested(request))
            }
            StateKind::Parallel { branches } => {
                let previous = self.runs[run_id.0].last_event;
                let started = self.push_event(previous, EventKind::ParallelStateStarted);
                self.runs[run_id.0].last_event = started;
                let mut children = new_children(branches.len(), Arc::new(Vec::new()));
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
                    return Err(self.runtime_error(
                        run_id,
                        state,
                        &format!(
                            "Items of the Map state must be an array, but ItemsPath selected {}",
                            items.type_name()
                        ),
                    ));
                };
                let concurrency = match (numbers.max_concurrency, &spec.max_concurrency) {
                    (Some(count), _) => count as usize,
                    (None, Some(seconds)) => {
                        self.seconds(run_id, state, seconds, &effective, "MaxConcurrencyPath")? as usize
                    }
                    (None, None) => 0,
                };
                let cap = if spec.distributed {
                    DISTRIBUTED_MAP_CONCURRENCY
                } else {
                    INLINE_MAP_CONCURRENCY
                };
                let concurrency = if concurrency == 0 { cap } else { concurrency.min(cap) };
                let mut children = new_children(items.len(), items.clone());
                children.concurrency = concurrency;
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
                    Some(PercentField::Path(path)) => match self
                        .eval_path(run_id, state, path, &effective)
                        .and_then(|value| value.as_f64())
                    {
                        Some(pct) if (0.0..=100.0).contains(&pct) => Some(pct),
                        _ => {
                            return Err(self.runtime_error(
                                run_id,
                                state,
                                &format!("ToleratedFailurePercentagePath '{path}' must select a number from 0 to 100"),
                            ));
                        }
                    },
                    None => None,
                };
                let previous = self.runs[run_id.0].last_event;
                let started = self.push_event(previous, EventKind::MapStateStarted { length: items.len() });
                self.runs[run_id.0].last_event = started;
                self.set_children(run_id, children);
                if items.is_empty() {
                    self.make_ready(run_id, Action::ChildrenDone);
                    return Ok(Step::Progressed);
                }
                self.start_map_items(run_id)?;
                Ok(Step::Progressed)
            }
            _ => Ok(Step::Progressed),
        }
    }

    fn set_children(&mut self, run_id: RunId, children: Children) {
        if let Some(current) = self.runs[run_id.0].current.as_mut() {
            current.children = Some(children);
        }
        self.runs[run_id.0].status = RunStatus::Children;
    }

    fn spawn(&mut self, parent: RunId, machine: MachineId, index: usize, input: Value, previous: EventId) -> RunId {
        let start = self.machine.machine(machine).start.unwrap_or(StateId(0));
        self.spawn_with(parent, machine, index, Action::Enter { state: start, input }, previous)
    }

    fn spawn_with(
        &mut self,
        parent: RunId,
        machine: MachineId,
        index: usize,
        action: Action,
        previous: EventId,
    ) -> RunId {
        let scope = Arc::new(Scope {
            variables: IndexMap::new(),
            parent: Some(self.runs[parent.0].scope.clone()),
        });
        let id = RunId(self.runs.len());
        let depth = self.runs[parent.0].depth + 1;
        self.runs.push(Run {
            machine,
            depth,
            parent: Some((parent, index)),
            scope,
            last_event: previous,
            status: RunStatus::Ready(action),
            current: None,
            tape: Vec::new(),
            cursor: 0,
        });
        self.ready.push_back(id);
        id
    }

    /// Starts Map iterations until MaxConcurrency are running or none are left.
    fn start_map_items(&mut self, run_id: RunId) -> Result<(), WorkflowError> {
        let (state_id, effective) = self.current_state(run_id);
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        let StateKind::Map(spec) = &state.kind else {
            return Ok(());
        };
        loop {
            let Some(children) = self.runs[run_id.0]
                .current
                .as_ref()
                .and_then(|current| current.children.as_ref())
            else {
                return Ok(());
            };
            if children.running >= children.concurrency || children.next_item >= children.items.len() {
                return Ok(());
            }
            let index = children.next_item;
            let item = children.items[index].clone();
            let action = if state
                .jsonata
                .as_ref()
                .is_some_and(|fields| fields.item_selector.is_some())
            {
                Action::SelectItem { index, item }
            } else {
                let input = match &spec.item_selector {
                    Some(selector) => self.eval_template(run_id, state, selector, &effective, Some((index, item)))?,
                    None => item,
                };
                let start = self.machine.machine(spec.processor).start.unwrap_or(StateId(0));
                Action::Enter { state: start, input }
            };
            let previous = self.runs[run_id.0].last_event;
            let started = self.push_event(
                previous,
                EventKind::MapIterationStarted {
                    name: state.name.clone(),
                    index,
                },
            );
            let child = self.spawn_with(run_id, spec.processor, index, action, started);
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

    fn children_done(&mut self, run_id: RunId) -> Result<(), Flow> {
        let (state_id, _) = self.current_state(run_id);
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        let children = self.runs[run_id.0]
            .current
            .as_mut()
            .and_then(|current| current.children.take());
        let results = children.map(|children| children.results).unwrap_or_default();
        let result = Value::array(results.into_iter().map(Option::unwrap_or_default).collect());
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

    fn last_event_overall(&self) -> EventId {
        EventId(self.history.len() as u64)
    }

    /// ResultSelector, Assign, ResultPath and OutputPath, then the transition.
    fn after_result(&mut self, run_id: RunId, result: Value) -> Result<(), Flow> {
        let (state_id, _) = self.current_state(run_id);
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        if state.jsonata.is_some() {
            return self.jsonata_after_result(run_id, state, result);
        }
        let result = match &state.result_selector {
            Some(selector) => self.eval_template(run_id, state, selector, &result, None)?,
            None => result,
        };
        let assigned = match &state.assign {
            Some(assign) => Some(self.eval_template(run_id, state, assign, &result, None)?),
            None => None,
        };
        let raw_input = self.runs[run_id.0]
            .current
            .as_ref()
            .map_or(Value::Null, |current| current.raw_input.clone());
        let combined = self.apply_result_path(run_id, state, &state.result_path, &raw_input, result)?;
        let output = self.select(run_id, state, &state.output_path, &combined, "OutputPath")?;
        self.check_payload(state, &output, "produced output with")?;
        self.exit(run_id, state, output, assigned, state.next);
        Ok(())
    }

    fn apply_result_path(
        &self,
        run_id: RunId,
        state: &State,
        result_path: &ResultPath,
        raw_input: &Value,
        result: Value,
    ) -> Result<Value, WorkflowError> {
        match result_path {
            ResultPath::Replace => Ok(result),
            ResultPath::Discard => Ok(raw_input.clone()),
            ResultPath::Path(path) => path.write(raw_input, result).map_err(|detail| {
                let _ = run_id;
                WorkflowError::new(
                    errors::RESULT_PATH_MATCH_FAILURE,
                    format!(
                        "An error occurred while executing the state '{}'. {detail} (input: {})",
                        state.name,
                        abbreviate(&raw_input.to_json())
                    ),
                )
            }),
        }
    }

    /// Leaves the current state: records the exit, applies assignments, and moves on (or ends
    /// the run when there is no next state).
    fn exit(&mut self, run_id: RunId, state: &State, output: Value, assigned: Option<Value>, next: Option<StateId>) {
        if let Some(error) = self.variables_too_large(run_id, state, assigned.as_ref()) {
            // Like any failure of the state: Retry and Catch see it next (they never match it).
            self.make_ready(run_id, Action::Fail(error));
            return;
        }
        let previous = self.runs[run_id.0].last_event;
        let event = self.push_event(
            previous,
            EventKind::StateExited {
                state_type: state.type_name(),
                name: state.name.clone(),
                output: output.clone(),
                assigned: assigned.clone(),
            },
        );
        let run = &mut self.runs[run_id.0];
        run.last_event = event;
        if let Some(Value::Object(variables)) = assigned {
            let scope = Arc::make_mut(&mut run.scope);
            for (name, value) in variables.iter() {
                scope.variables.insert(name.clone(), value.clone());
            }
        }
        match next {
            Some(next) => self.make_ready(
                run_id,
                Action::Enter {
                    state: next,
                    input: output,
                },
            ),
            None => self.finish_run(run_id, Ok(output)),
        }
    }

    /// AWS's variable limits: 256 KiB per variable and per Assign, 10 MiB for all of an
    /// execution's variables in scope (checked with the payload limit; off with `Limits::none()`).
    fn variables_too_large(&self, run_id: RunId, state: &State, assigned: Option<&Value>) -> Option<WorkflowError> {
        let limit = self.options.limits.max_payload_bytes?;
        let Some(Value::Object(variables)) = assigned else {
            return None;
        };
        if variables.is_empty() {
            return None;
        }
        let too_large = |what: String| {
            Some(WorkflowError::new(
                errors::DATA_LIMIT_EXCEEDED,
                format!("The state '{}' assigned {what}.", state.name),
            ))
        };
        for (name, value) in variables.iter() {
            let size = value.json_len();
            if size > limit {
                return too_large(format!(
                    "the variable ${name} a value of {size} bytes, over the limit of {limit} bytes per variable"
                ));
            }
        }
        let assigned_size = assigned.map_or(0, Value::json_len);
        if assigned_size > limit {
            return too_large(format!(
                "{assigned_size} bytes of variables at once, over the limit of {limit} bytes per Assign"
            ));
        }
        let mut total = 0;
        let mut scope = Some(&*self.runs[run_id.0].scope);
        while let Some(current) = scope {
            for (name, value) in current.variables.iter() {
                if !variables.contains_key(name) {
                    total += value.json_len();
                }
            }
            scope = current.parent.as_deref();
        }
        total += assigned_size;
        if total > MAX_VARIABLES_BYTES {
            return too_large(format!(
                "variables that bring the execution's total to {total} bytes, over the limit of {MAX_VARIABLES_BYTES} bytes"
            ));
        }
        None
    }

    fn condition(
        &self,
        run_id: RunId,
        state: &State,
        condition: &Condition,
        input: &Value,
    ) -> Result<bool, WorkflowError> {
        match condition {
            Condition::And(conditions) => {
                for inner in conditions {
                    if !self.condition(run_id, state, inner, input)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Condition::Or(conditions) => {
                for inner in conditions {
                    if self.condition(run_id, state, inner, input)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Condition::Not(inner) => Ok(!self.condition(run_id, state, inner, input)?),
            Condition::Jsonata(_) => Ok(false), // JSONata states decide in `prepare`
            Condition::Test { variable, test } => {
                let value = self.eval_path(run_id, state, variable, input);
                if let Test::Is(type_test, expected) = test {
                    let actual = match (type_test, &value) {
                        (TypeTest::Present, found) => found.is_some(),
                        (_, None) => false,
                        (TypeTest::Null, Some(found)) => found.is_null(),
                        (TypeTest::Numeric, Some(found)) => matches!(found, Value::Number(_)),
                        (TypeTest::String, Some(found)) => matches!(found, Value::String(_)),
                        (TypeTest::Boolean, Some(found)) => matches!(found, Value::Bool(_)),
                        (TypeTest::Timestamp, Some(found)) => found.as_str().and_then(parse_timestamp).is_some(),
                    };
                    return Ok(actual == *expected);
                }
                let Some(value) = value else {
                    return Err(self.runtime_error(
                        run_id,
                        state,
                        &format!(
                            "Invalid path '{variable}': The choice state's condition path references an invalid value."
                        ),
                    ));
                };
                match test {
                    Test::StringMatches(pattern) => Ok(value.as_str().is_some_and(|text| glob_matches(pattern, text))),
                    Test::Compare { kind, op, operand } => {
                        let operand = match operand {
                            Operand::Literal(literal) => literal.clone(),
                            Operand::Timestamp(millis) => return Ok(compare_timestamp(&value, Some(*millis), *op)),
                            Operand::Path(path) => self.eval_path(run_id, state, path, input).ok_or_else(|| {
                                self.runtime_error(run_id, state, &format!("Invalid path '{path}': The choice state's condition path references an invalid value."))
                            })?,
                        };
                        Ok(match kind {
                            CompareKind::String => match (value.as_str(), operand.as_str()) {
                                (Some(left), Some(right)) => ordered(left.cmp(right), *op),
                                _ => false,
                            },
                            CompareKind::Numeric => match (&value, &operand) {
                                (Value::Number(left), Value::Number(right)) => match (left.as_i64(), right.as_i64()) {
                                    (Some(left), Some(right)) => ordered(left.cmp(&right), *op),
                                    _ => left
                                        .as_f64()
                                        .zip(right.as_f64())
                                        .and_then(|(left, right)| left.partial_cmp(&right))
                                        .is_some_and(|ordering| ordered(ordering, *op)),
                                },
                                _ => false,
                            },
                            CompareKind::Boolean => {
                                matches!((&value, &operand), (Value::Bool(left), Value::Bool(right)) if left == right)
                            }
                            CompareKind::Timestamp => {
                                compare_timestamp(&value, operand.as_str().and_then(parse_timestamp), *op)
                            }
                        })
                    }
                    Test::Is(..) => Ok(false),
                }
            }
        }
    }

    /// Retry, then Catch, then failure of the run (AWS "Error handling").
    fn handle_error(&mut self, run_id: RunId, error: WorkflowError) -> Result<(), Flow> {
        let Some((state_id, raw_input)) = self.runs[run_id.0]
            .current
            .as_ref()
            .map(|current| (current.state, current.raw_input.clone()))
        else {
            self.finish_run(run_id, Err(error));
            return Ok(());
        };
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        if let Some(children) = self.runs[run_id.0]
            .current
            .as_mut()
            .and_then(|current| current.children.take())
        {
            self.cancel_children(&children);
        }
        if matches!(state.kind, StateKind::Parallel { .. } | StateKind::Map(_)) && self.runs[run_id.0].current.is_some()
        {
            let kind = if matches!(state.kind, StateKind::Map(_)) {
                EventKind::MapStateFailed
            } else {
                EventKind::ParallelStateFailed
            };
            if !error.is_terminal() || !matches!(self.runs[run_id.0].status, RunStatus::Done) {
                let previous = self.last_event_overall();
                let event = self.push_event(previous, kind);
                self.runs[run_id.0].last_event = event;
            }
        }
        if let Some(index) = state
            .retry
            .iter()
            .position(|retrier| error.matches(&retrier.error_equals))
        {
            let retrier = &state.retry[index];
            let attempts = self.runs[run_id.0]
                .current
                .as_ref()
                .map_or(0, |current| current.retry_counts[index]);
            if attempts < retrier.max_attempts {
                let mut delay = retrier.interval_seconds * retrier.backoff_rate.powi(attempts.min(1000) as i32);
                if let Some(max_delay) = retrier.max_delay_seconds {
                    delay = delay.min(max_delay);
                }
                if retrier.jitter_full {
                    let unit = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                    delay *= unit;
                }
                let delay_ms = (delay.min(1.0e12) * 1000.0).round() as i64;
                if let Some(current) = self.runs[run_id.0].current.as_mut() {
                    current.retry_counts[index] += 1;
                }
                self.set_timer(run_id, self.now.saturating_add(delay_ms), Action::Execute);
                return Ok(());
            }
        }
        if let Some(index) = state
            .catch
            .iter()
            .position(|catcher| error.matches(&catcher.error_equals))
        {
            if state.jsonata.is_some() {
                return self.jsonata_catch(run_id, error, index);
            }
            if let Err(catch_error) = self.catch(run_id, state, &state.catch[index], &raw_input, &error) {
                self.finish_run(run_id, Err(catch_error));
            }
            return Ok(());
        }
        self.finish_run(run_id, Err(error));
        Ok(())
    }

    fn catch(
        &mut self,
        run_id: RunId,
        state: &State,
        catcher: &Catcher,
        raw_input: &Value,
        error: &WorkflowError,
    ) -> Result<(), WorkflowError> {
        let error_output = error.to_value();
        let output = self.apply_result_path(run_id, state, &catcher.result_path, raw_input, error_output.clone())?;
        let assigned = match &catcher.assign {
            Some(assign) => Some(self.eval_template(run_id, state, assign, &error_output, None)?),
            None => None,
        };
        self.exit(run_id, state, output, assigned, catcher.next);
        Ok(())
    }

    fn cancel_children(&mut self, children: &Children) {
        let mut stack: Vec<RunId> = children.runs.clone();
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
            if matches!(status, RunStatus::Done) {
                self.runs[run_id.0].status = RunStatus::Done;
            }
        }
    }

    /// A run ended: report to its parent, or end the execution.
    fn finish_run(&mut self, run_id: RunId, result: Result<Value, WorkflowError>) {
        self.runs[run_id.0].status = RunStatus::Done;
        let last_event = self.runs[run_id.0].last_event;
        self.runs[run_id.0].current = None;
        let Some((parent, index)) = self.runs[run_id.0].parent else {
            self.finish_execution(result, last_event);
            return;
        };
        if !matches!(self.runs[parent.0].status, RunStatus::Children) {
            return; // the parent already failed or was cancelled
        }
        let (state_id, _) = self.current_state(parent);
        let machine = self.machine.clone();
        let state = machine.state(self.runs[parent.0].machine, state_id);
        let is_map = matches!(state.kind, StateKind::Map(_));
        self.event_depth = self.runs[parent.0].depth;
        if is_map {
            let kind = match &result {
                Ok(_) => EventKind::MapIterationSucceeded {
                    name: state.name.clone(),
                    index,
                },
                Err(_) => EventKind::MapIterationFailed {
                    name: state.name.clone(),
                    index,
                },
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
                if !tolerant {
                    self.make_ready(parent, Action::Fail(error));
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
                    self.make_ready(
                        parent,
                        Action::Fail(WorkflowError::new(errors::EXCEED_TOLERATED_FAILURE_THRESHOLD, cause)),
                    );
                    return;
                }
                children.results[index] = Some(error.to_value());
            }
        }
        let all_done = children.finished == children.results.len();
        if all_done {
            self.make_ready(parent, Action::ChildrenDone);
        } else if is_map && let Err(error) = self.start_map_items(parent) {
            self.make_ready(parent, Action::Fail(error));
        }
    }

    fn finish_execution(&mut self, result: Result<Value, WorkflowError>, previous: EventId) {
        self.event_depth = 0;
        let cancelled_children: Vec<Children> = self
            .runs
            .iter_mut()
            .filter_map(|run| run.current.as_mut().and_then(|current| current.children.take()))
            .collect();
        for children in &cancelled_children {
            self.cancel_children(children);
        }
        self.ready.clear();
        self.timers.clear();
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
                        cause: error.cause.clone(),
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

fn new_children(count: usize, items: Arc<Vec<Value>>) -> Children {
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
    }
}

fn ordered(ordering: std::cmp::Ordering, op: CompareOp) -> bool {
    match op {
        CompareOp::Equals => ordering.is_eq(),
        CompareOp::LessThan => ordering.is_lt(),
        CompareOp::GreaterThan => ordering.is_gt(),
        CompareOp::LessThanEquals => ordering.is_le(),
        CompareOp::GreaterThanEquals => ordering.is_ge(),
    }
}

fn compare_timestamp(value: &Value, operand: Option<i64>, op: CompareOp) -> bool {
    match (value.as_str().and_then(parse_timestamp), operand) {
        (Some(left), Some(right)) => ordered(left.cmp(&right), op),
        _ => false,
    }
}

/// StringMatches: `*` matches any run of characters (greedy with backtracking over stars).
fn glob_matches(pattern: &[GlobPart], text: &str) -> bool {
    let mut rest = text;
    let mut parts = pattern.iter().peekable();
    let mut anchored = true;
    while let Some(part) = parts.next() {
        match part {
            GlobPart::Star => anchored = false,
            GlobPart::Literal(literal) => {
                let last = parts.peek().is_none();
                if anchored {
                    let Some(after) = rest.strip_prefix(literal.as_str()) else {
                        return false;
                    };
                    rest = after;
                } else if last {
                    return rest.ends_with(literal.as_str());
                } else {
                    let Some(position) = rest.find(literal.as_str()) else {
                        return false;
                    };
                    rest = &rest[position + literal.len()..];
                }
                anchored = true;
            }
        }
    }
    !anchored || rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(pattern: &str) -> Vec<GlobPart> {
        let mut parts = Vec::new();
        for (index, piece) in pattern.split('*').enumerate() {
            if index > 0 {
                parts.push(GlobPart::Star);
            }
            if !piece.is_empty() {
                parts.push(GlobPart::Literal(piece.to_owned()));
            }
        }
        parts
    }

    #[test]
    fn glob_matching() {
        assert!(glob_matches(&glob("log-*.txt"), "log-2024.txt"));
        assert!(!glob_matches(&glob("log-*.txt"), "log-2024.txt.bak"));
        assert!(glob_matches(&glob("*"), ""));
        assert!(glob_matches(&glob("a*b*c"), "aXbYbc"));
        assert!(!glob_matches(&glob("abc"), "abcd"));
        assert!(glob_matches(&glob("*.txt"), "a.txt.txt"));
    }
}
