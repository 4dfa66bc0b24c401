//! What the host sees: the types of its calls and answers (requests, steps, outcomes, options,
//! limits) and the two kinds of error, workflow errors and host errors.

use std::fmt;
use std::sync::Arc;

pub use crate::history::RunId;
use crate::jsonata::{EvaluationId, EvaluationRequest};
use crate::machine::StateRef;
use crate::time::format_timestamp;
use crate::value::Value;

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
    /// A missed heartbeat: AWS names it States.Timeout (its recordings), and its documentation
    /// lets `States.HeartbeatTimeout` in an ErrorEquals match it too.
    heartbeat: bool,
    /// A task's result over the payload limit: AWS records it as the task's failure
    /// (TaskFailed, States.DataLimitExceeded), and its catchers match it, `States.ALL`
    /// included (recorded: test_states_errors), unlike the terminal States.DataLimitExceeded
    /// of a state's own input or output.
    task_result: bool,
}

impl WorkflowError {
    pub fn new(error: impl Into<Arc<str>>, cause: impl Into<Arc<str>>) -> WorkflowError {
        WorkflowError {
            error: error.into(),
            cause: cause.into(),
            heartbeat: false,
            task_result: false,
        }
    }

    /// A task answered with a result larger than the payload limit; `resource` is how AWS
    /// names the task in the cause (recorded): the service (`lambda`) for an integration
    /// (`arn:aws:states:::lambda:invoke`), the ARN for a Lambda function.
    pub(crate) fn task_result_too_large(resource: &str) -> WorkflowError {
        WorkflowError {
            task_result: true,
            ..WorkflowError::new(
                errors::DATA_LIMIT_EXCEEDED,
                format!(
                    "The state/task '{resource}' returned a result with a size exceeding the maximum number of bytes service limit."
                ),
            )
        }
    }

    /// A task that sent no heartbeat for its HeartbeatSeconds: States.Timeout without a cause,
    /// which `States.HeartbeatTimeout` also matches.
    pub fn heartbeat_timeout() -> WorkflowError {
        WorkflowError {
            heartbeat: true,
            ..WorkflowError::new(errors::TIMEOUT, "")
        }
    }

    pub(crate) fn runtime(cause: impl Into<Arc<str>>) -> WorkflowError {
        WorkflowError::new(errors::RUNTIME, cause)
    }

    /// `States.Runtime` and `States.DataLimitExceeded` end the execution: no retrier or catcher
    /// sees them, not even `States.ALL` (AWS "Error handling" page), except a task's result
    /// over the limit, which is the task's failure (`task_result_too_large`).
    pub fn is_terminal(&self) -> bool {
        (&*self.error == errors::RUNTIME || &*self.error == errors::DATA_LIMIT_EXCEEDED) && !self.task_result
    }

    /// A failure without an error name (an empty `error`), as SendTaskFailure without `error`
    /// gives: AWS records neither error nor cause, and a catcher sees both as null.
    pub fn unnamed(&self) -> bool {
        self.error.is_empty()
    }

    /// The `{Error, Cause}` object a catcher passes on.
    pub fn to_value(&self) -> Value {
        if self.unnamed() {
            return Value::object_from([("Error", Value::Null), ("Cause", Value::Null)]);
        }
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
                || (&**name == errors::HEARTBEAT_TIMEOUT && self.heartbeat)
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

/// What a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RunKind {
    /// The top level of the execution.
    Top,
    /// Branch `index` of a Parallel state.
    Branch,
    /// Iteration `index` of a Map state.
    Iteration,
}

/// One level of a run's place in the execution: which Parallel or Map state started it, and
/// which branch or iteration it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RunStep {
    pub run: RunId,
    pub kind: RunKind,
    /// The Parallel or Map state that started the run.
    pub state: StateRef,
    /// The branch or item index, from 0.
    pub index: usize,
}

/// A Task state waiting for its host to do the work.
#[derive(Clone, Debug)]
pub struct TaskRequest {
    pub id: TaskId,
    /// The run (top level, branch or iteration) whose state asks; `Execution::run_path` says
    /// where it sits.
    pub run: RunId,
    /// The Task state, and its name.
    pub state: StateRef,
    pub state_name: Arc<str>,
    pub resource: Arc<str>,
    /// How many requests this same state made before this one in the whole execution (retries
    /// and every branch and iteration included), from 0.
    pub invocation: u32,
    /// The context object (`$$`) as the state sees it.
    pub context: Value,
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
    /// A distributed Map's ItemReader asks for its object (`resource` is
    /// `arn:aws:states:::s3:getObject` or `…:listObjectsV2`, `input` the evaluated Parameters,
    /// `state_name` the Map's): answer with the object's text (or a JSON value), or for
    /// `listObjectsV2` with the listing. No Task events are recorded for it.
    pub item_reader: bool,
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
    /// Record every stage of every state's data flow (`Execution::trace`); off by default, so
    /// long runs pay nothing for it.
    pub trace: bool,
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
            trace: false,
            state_machine_name: "StateMachine".to_owned(),
            region: "us-east-1".to_owned(),
            account: "123456789012".to_owned(),
        }
    }
}

/// What one call to `step` did.
///
/// The requests are boxed: a `Step` is then two words, where it was the size of a
/// `TaskRequest` (about 170 bytes), copied with `memcpy` three or four times at every
/// transition on its way out, most of which only progressed (about 6 % of a Pass/Choice
/// loop's time).
#[derive(Clone, Debug)]
pub enum Step {
    /// Work was done (a state was entered, finished, or retried).
    Progressed,
    /// A Task state needs its host: answer with `complete_task(request.id, …)`, now or later.
    TaskRequested(Box<TaskRequest>),
    /// A JSONata state needs expressions evaluated: answer with `complete_evaluation`.
    EvaluationRequested(Box<EvaluationRequest>),
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
    /// Stopped before it ended: a Distributed Map's child execution still running when its
    /// Map Run failed (AWS's `MapRunExecutionCounts.aborted`).
    Aborted,
}

impl Status {
    /// The status as AWS spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Running => "RUNNING",
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
            Status::Aborted => "ABORTED",
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
