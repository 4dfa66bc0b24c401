//! A pure Amazon States Language interpreter.
//!
//! Text goes in through [`check`] / [`load`] (parse and validate, with positioned diagnostics);
//! a [`ValidMachine`] runs as an [`Execution`] that its host drives step by step, answering task
//! requests and moving a virtual clock. No I/O, no wall clock, no randomness of its own: the
//! same definition, input, seed and answers always give the same history.
#![forbid(unsafe_code)]

pub mod case;
pub mod decimal;
pub mod diagnostic;
pub mod docs;
pub mod exec;
pub mod history;
pub mod intrinsics;
pub mod jsonata;
pub mod lesson;
pub mod machine;
pub mod mock;
pub mod path;
pub mod rounds;
pub mod sort;
pub mod syntax;
pub mod template;
pub mod test_state;
pub mod time;
pub mod timeline;
pub mod value;

pub use diagnostic::{Diagnostic, LineCol, LineIndex, Severity, Span};
pub use exec::{
    EvaluationId, EvaluationRequest, Execution, ExecutionOptions, HostError, Limits, NextAction, NextStep, Outcome,
    RunId, RunInfo, RunKind, RunStep, StateTrace, Status, Step, TaskId, TaskRequest, Waiting, WorkflowError,
};
pub use history::{EventKind, HistoryEvent, history_json};
pub use machine::{Checked, StateRef, ValidMachine, check, check_with, load, load_with, needs_jsonata};
pub use timeline::{HostCall, Timeline};
pub use value::Value;
