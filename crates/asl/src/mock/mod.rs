//! Mocks: what answers a run's Task states when no AWS service does.
//!
//! Two kinds, behind one [`Answerer`]: JSON mocks in the shape of Step Functions Local's
//! `MockedResponses` (`responses`), and mocks written as code, a JavaScript or Python module of
//! functions that play the Lambda functions and services (`code` shapes the request a host's
//! engine answers and turns the answer into the task's result; `lambda` holds the Lambda
//! shapes AWS returns). The engines themselves are the hosts' (`crates/asl-mocks`, the
//! playground's Worker): the core only shapes data.
//!
//! **The missing-mock policy**, one for every host (the CLI's `run` and `test`, conformance
//! cases, the playground's Run): a Task that no mock answers *stops the run* there, with a
//! message that names the state and the invocation and says what to add. It is a gap in the
//! test setup, not a workflow error, so it never becomes an error that a `States.ALL` Retry or
//! Catch could swallow; the history up to the task stays readable. Only the playground's step
//! debugger differs: there, the run pauses on the task for an answer by hand.

pub mod code;
pub mod config;
pub mod lambda;
pub mod lint;
mod responses;
pub mod s3;

use std::fmt;

pub use responses::{MockResponse, Mocks};

use crate::exec::{Execution, HostError, Step, TaskRequest, WorkflowError};
use crate::jsonata::Evaluator;
use crate::value::Value;

/// What answers a task: `Some` its result or error, `None` nothing ever (the task times out:
/// its TimeoutSeconds, its HeartbeatSeconds or the execution's own).
pub type TaskAnswer = Option<Result<Value, WorkflowError>>;

/// A mock's answer to one task request, or `Err` no mock for it (the missing-mock policy).
pub type MockAnswer = Result<TaskAnswer, MissingMock>;

/// What answers a run's task requests, one at a time, in the order the execution asks. JSON
/// mocks answer from the request alone; a host's engine for mocks written as code keeps its
/// running module behind a shared reference.
pub trait Answerer {
    fn answer(&self, execution: &Execution, request: &TaskRequest) -> MockAnswer;
}

impl Answerer for Mocks {
    fn answer(&self, _execution: &Execution, request: &TaskRequest) -> MockAnswer {
        self.answer_request(request)
    }
}

/// Why a task could not be answered from the mocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingMock {
    pub state_name: String,
    pub invocation: u64,
    /// Whether the JSON mocks have responses for other invocations of the state.
    pub has_any: bool,
    /// For mocks written as code: the names looked up among the module's functions, in order
    /// (state name, Lambda function name, resource); empty for JSON mocks.
    pub looked_up: Vec<String>,
    /// For a Distributed Map's ItemReader: the object (`s3://bucket/key`) it reads, which the
    /// mocks lack.
    pub s3_object: Option<String>,
}

impl fmt::Display for MissingMock {
    /// The message every host shows when a run stops on a missing mock.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(uri) = &self.s3_object {
            write!(
                formatter,
                "the run stopped at Map state \"{}\": its ItemReader reads {uri}, which the mocks do not have; add \"{uri}\": … (the object's text, or its JSON) to the mocks",
                self.state_name
            )
        } else if !self.looked_up.is_empty() {
            let names: Vec<String> = self.looked_up.iter().map(|name| format!("\"{name}\"")).collect();
            write!(
                formatter,
                "the run stopped at Task state \"{}\" (invocation {}): no function of the mocks answers it (looked up {}); export a function under one of these names",
                self.state_name,
                self.invocation,
                names.join(", then ")
            )
        } else if self.has_any {
            write!(
                formatter,
                "the run stopped at Task state \"{}\": no mocked response for its invocation {}; add \"{}\": {{\"{}\": {{\"Return\": …}}}} to the mocks",
                self.state_name, self.invocation, self.state_name, self.invocation
            )
        } else {
            write!(
                formatter,
                "the run stopped at Task state \"{}\": it has no mocked response; add \"{}\": {{\"0\": {{\"Return\": …}}}} to the mocks",
                self.state_name, self.state_name
            )
        }
    }
}

/// How a run driven by mocks ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MockedRun {
    /// The execution ended (see its outcome).
    Finished,
    /// The step budget ran out first: the workflow may loop forever.
    OutOfSteps,
    /// A Task had no mock: the run stopped there, by the missing-mock policy.
    MissingMock(MissingMock),
    /// Nothing could move and nothing was due: no task to answer, no clock to move.
    Stuck,
}

/// Runs an execution to its end, answering every task from `mocks` and every JSONata
/// evaluation from `evaluator`, and jumping the virtual clock to each wake-up; stops on a
/// missing mock (the policy above) or after `max_steps` steps.
///
/// Each task is answered before the next step, so the history is the same whatever the mocks
/// are made of; a host whose mocks answer asynchronously keeps that order by awaiting each
/// answer before it steps again.
pub fn run_to_end(
    execution: &mut Execution,
    mocks: &dyn Answerer,
    max_steps: u64,
    evaluator: &mut dyn Evaluator,
) -> Result<MockedRun, HostError> {
    run_to_end_observed(execution, mocks, max_steps, evaluator, &mut |_| {})
}

/// How many steps pass between two calls of [`run_to_end_observed`]'s observer: often enough
/// for a progress line a few times a second, rarely enough to cost nothing.
pub const OBSERVE_EVERY: u64 = 4096;

/// [`run_to_end`], calling `observer` every [`OBSERVE_EVERY`] steps with the execution so far
/// (a host's progress line; the core has no clock of its own to decide when).
pub fn run_to_end_observed(
    execution: &mut Execution,
    mocks: &dyn Answerer,
    max_steps: u64,
    evaluator: &mut dyn Evaluator,
    observer: &mut dyn FnMut(&Execution),
) -> Result<MockedRun, HostError> {
    for step in 0..max_steps {
        if step % OBSERVE_EVERY == OBSERVE_EVERY - 1 {
            observer(execution);
        }
        match execution.step()? {
            Step::Progressed => {}
            Step::TaskRequested(request) => match mocks.answer(execution, &request) {
                Ok(Some(result)) => execution.complete_task(request.id, result)?,
                Ok(None) => {} // the task waits for its timeout, which the clock brings
                Err(missing) => return Ok(MockedRun::MissingMock(missing)),
            },
            Step::EvaluationRequested(request) => {
                let answers = evaluator.evaluate(&request);
                execution.complete_evaluation(request.id, answers)?;
            }
            Step::Blocked { next_wakeup } => match next_wakeup {
                Some(time) => execution.advance_clock(time)?,
                None => return Ok(MockedRun::Stuck),
            },
            Step::Finished => return Ok(MockedRun::Finished),
        }
    }
    Ok(if execution.outcome().is_some() {
        MockedRun::Finished
    } else {
        MockedRun::OutOfSteps
    })
}
