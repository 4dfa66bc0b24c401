//! Running one state on its own, for `crate::test_state` (AWS's TestState API): the execution
//! starts at that state, in whatever machine it sits, with the variables, context object and
//! retry count the request gives; a Parallel or Map state takes its result from a mock
//! instead of running its branches or iterations.

use std::sync::Arc;

use super::Execution;
use super::api::{ExecutionOptions, WorkflowError};
use super::runs::{Action, RunStatus};
use crate::machine::{StateRef, ValidMachine};
use crate::value::Value;

/// How a state tested on its own differs from one in an execution.
#[derive(Clone, Debug, Default)]
pub(crate) struct Isolation {
    /// The context object (`$$`, `$states.context`) the state sees, whole.
    pub(crate) context: Option<Value>,
    /// How many times each retrier has already retried (`retrierRetryCount`).
    pub(crate) retry_count: u32,
    /// A Parallel's or Map's result (or error), instead of running its children.
    pub(crate) children: Option<ChildrenStub>,
}

/// A mocked result of a Parallel or Map state.
#[derive(Clone, Debug)]
pub(crate) struct ChildrenStub {
    pub(crate) result: Result<Value, WorkflowError>,
    /// Map: how many iterations failed (`mapIterationFailureCount`), against its thresholds.
    pub(crate) map_failures: u64,
}

impl Execution {
    /// Starts an execution at one state, with these variables in scope.
    pub(crate) fn start_isolated(
        machine: &ValidMachine,
        at: StateRef,
        input: Value,
        options: ExecutionOptions,
        variables: Vec<(Arc<str>, Value)>,
        isolation: Isolation,
    ) -> Execution {
        let mut execution = Execution::start(machine, input.clone(), options);
        let root = &mut execution.runs[0];
        root.machine = at.machine;
        if !matches!(root.status, RunStatus::Ready(Action::Fail(_))) {
            root.status = RunStatus::Ready(Action::Enter { state: at.state, input });
        }
        let scope = root.own_scope();
        for (name, value) in variables {
            scope.variables.insert(name, value);
        }
        execution.isolation = Some(Box::new(isolation));
        execution
    }
}
