//! Mocks written as code, for native hosts: a JavaScript module run by an embedded QuickJS
//! ([`JsMocks`]) or a Python module of Lambda handlers run by the machine's `python3`
//! ([`PythonMocks`]), each behind the core's [`asl::mock::Answerer`] through [`CodeMocks`].
//!
//! The core shapes every call and reads every answer (`asl::mock::code`): which function is
//! looked up by which names, what it receives, how its result or error becomes the task's. The
//! JavaScript glue (`web/src/mocks-host.js`) is the same file the playground's Worker runs, and
//! the Python runner (`src/runner.py`, embedded) speaks the same JSON; this crate only runs them,
//! one call at a time, within a time limit and a memory limit. A call that runs past its time
//! limit is stopped, its engine is started afresh (module-level state with it, as the
//! playground's Worker is), and the task fails as the resource would on a timeout.

mod js;
mod python;

use std::cell::RefCell;
use std::time::Duration;

use asl::mock::code::{CodeAnswer, CodeCall, HostAnswer};
use asl::mock::{Answerer, MockAnswer};
use asl::{Execution, TaskRequest};

pub use js::JsMocks;
pub use python::PythonMocks;

/// The bounds of every call to a mock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// How long one call (or loading the module) may run.
    pub time: Duration,
    /// QuickJS's heap, or the Python process's address space.
    pub memory_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            time: Duration::from_secs(5),
            memory_bytes: 512 << 20,
        }
    }
}

impl Limits {
    fn time_millis(&self) -> u64 {
        u64::try_from(self.time.as_millis()).unwrap_or(u64::MAX)
    }
}

/// An engine that runs a mocks module: one call at a time.
pub trait Engine {
    /// Runs one call. `note` says what the host should tell its user beyond the answer (the
    /// engine was restarted after a timeout).
    fn call(&mut self, call: &CodeCall) -> Called;
    /// The names of the module's functions.
    fn names(&self) -> &[String];
}

/// What one call came to.
#[derive(Clone, Debug)]
pub struct Called {
    pub answer: HostAnswer,
    pub note: Option<String>,
}

impl Called {
    fn host(answer: CodeAnswer, note: Option<String>) -> Called {
        Called {
            answer: HostAnswer {
                answer,
                found: None,
                logs: Vec::new(),
            },
            note,
        }
    }
}

/// What a host is told after each call: for `--verbose` logs and notes.
#[derive(Clone, Debug)]
pub struct CallReport<'a> {
    pub state_name: &'a str,
    pub invocation: u32,
    /// The name the function was found under.
    pub found: Option<&'a str>,
    /// What the function printed (console.log, print), line by line.
    pub logs: &'a [String],
    pub note: Option<&'a str>,
}

/// A mocks module behind the core's `Answerer`: each task request becomes a `CodeCall`, the
/// engine runs it, `report` hears what happened, and the core turns the answer into the task's
/// result.
///
/// The core asks through a shared reference (JSON mocks answer from the request alone); the
/// engine, which does change as it runs, sits in a `RefCell`: one call at a time, never
/// re-entered.
pub struct CodeMocks {
    engine: RefCell<Box<dyn Engine>>,
    report: RefCell<Report>,
}

/// What hears each call's report.
pub type Report = Box<dyn FnMut(&CallReport<'_>)>;

impl CodeMocks {
    pub fn new(engine: Box<dyn Engine>, report: Report) -> CodeMocks {
        CodeMocks {
            engine: RefCell::new(engine),
            report: RefCell::new(report),
        }
    }

    /// The names of the module's functions.
    pub fn names(&self) -> Vec<String> {
        self.engine.borrow().names().to_vec()
    }
}

impl Answerer for CodeMocks {
    fn answer(&self, execution: &Execution, request: &TaskRequest) -> MockAnswer {
        let call = CodeCall::new(execution, request);
        let called = self.engine.borrow_mut().call(&call);
        (self.report.borrow_mut())(&CallReport {
            state_name: &call.state_name,
            invocation: call.invocation,
            found: called.answer.found.as_deref(),
            logs: &called.answer.logs,
            note: called.note.as_deref(),
        });
        call.result(&called.answer.answer)
    }
}
