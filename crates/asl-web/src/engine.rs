//! The page's one door to the interpreter: running a workflow, the debugger's moves and pane, a
//! finished run's pane, imported histories, JSONata's added functions, the gallery's lessons,
//! reading imported files and writing MockConfigFiles, and the browser tests' conformance cases
//! all go through [`Engine`].
//!
//! Why a door: a first visit only edits, validates and draws; it never runs. In the release
//! build (`scripts/build-web.sh` compiles with `--cfg asl_split` and splits the linked wasm
//! with `wasm-split-cli`), everything that only [`Engine`]'s methods reach — the interpreter,
//! the mocks, the debugger's timeline, the run's results — is moved into a second wasm module,
//! fetched the first time [`load`] is awaited (the first Run or Debug). Without the flag
//! (`trunk serve`, host builds) [`load`] returns at once and nothing is split.
//!
//! The rule that keeps the split worth it: the rest of the page never calls the interpreter's
//! moving parts directly (`Execution::start`, `step`, `run::drive`, `Session::advance`, …),
//! only through the engine it got from [`load`] or [`get`].

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;

use asl::{TaskId, Value, WorkflowError};

use leptos::prelude::*;

use crate::debugger::{Mode, Pause, Session, Setup};
use crate::debugger_view::{Debugger, DebuggerPane};
use crate::run::{Finished, RunView, Settings};

/// A future the engine hands back, borrowing what the call borrowed.
pub type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// What the page asks of the interpreter.
pub trait Engine {
    /// Runs a workflow to its end (or the step budget, or until `progress` returns false).
    fn execute(&self, run: RunRequest, progress: Box<dyn Fn(u64) -> bool>) -> Boxed<'static, RunView>;
    /// Starts a debugging session paused at the start: loads JSONata and code mocks if needed.
    fn start(&self, setup: Setup) -> Boxed<'static, Result<Session, String>>;
    /// Steps or continues a session until its next pause.
    fn advance<'a>(&self, session: &'a mut Session, mode: Mode, stop: &'a dyn Fn() -> bool) -> Boxed<'a, Pause>;
    fn back(&self, session: &mut Session) -> Result<(), String>;
    fn go_to_event(&self, session: &mut Session, events: usize) -> Result<(), String>;
    fn answer(&self, session: &mut Session, id: TaskId, result: Result<Value, WorkflowError>) -> Result<(), String>;
    fn heartbeat(&self, session: &mut Session, id: TaskId) -> Result<(), String>;
    /// Runs one conformance case (its JSON text): empty when it passes, else how it differs.
    fn conformance_case(&self, case: String) -> Boxed<'static, String>;
    /// An execution history from elsewhere, read as a finished run of `definition`.
    fn import_history(&self, text: &str, definition: String) -> Result<Finished, String>;
    /// The result pane of a finished run.
    fn finished_view(&self, finished: Box<Finished>) -> AnyView;
    /// The debugger's pane.
    fn debugger_pane(&self, debugger: Debugger, restart: Callback<()>) -> AnyView;
    /// The graph's marks at a session's current point (`Session::decorations`).
    fn decorations(&self, session: &Session, focus: Option<asl::RunId>) -> crate::graph::Decorations;
    /// The gallery's lessons (`examples/gallery.json`'s text).
    fn parse_gallery(&self, text: &str) -> Result<Vec<asl::lesson::Lesson>, String>;
    /// The gallery's list of lessons and the selected one.
    fn gallery_lessons(
        &self,
        lessons: std::sync::Arc<Vec<asl::lesson::Lesson>>,
        panel: crate::gallery::Panel,
    ) -> AnyView;
    /// What an imported file is: a definition, an input, mocks (a MockConfigFile converted).
    fn classify_import(&self, text: &str) -> crate::share::Imported;
    /// JSON mocks as a Step Functions Local / LocalStack MockConfigFile.
    fn mock_config(&self, mocks: &str) -> Result<String, String>;
    /// One of the functions Step Functions adds to JSONata, for `jsonataFunction`.
    fn jsonata_function(&self, name: &str, args: &str, seed: &str, counter: u64) -> String;
    /// An example's texts (the menu's titles are in the first load, the texts here).
    fn example(&self, id: &str) -> crate::examples::Texts;
    /// Whether the editors' three texts are one of the examples, untouched.
    fn is_example(&self, definition: &str, input: &str, mocks: &str) -> bool;
}

/// A run as the Run button starts it: the editors' texts and the settings.
pub struct RunRequest {
    pub definition: String,
    pub input: String,
    pub mocks: String,
    pub budget: u64,
    pub settings: Settings,
}

struct Interpreter;

static INTERPRETER: Interpreter = Interpreter;

impl Engine for Interpreter {
    fn execute(&self, run: RunRequest, progress: Box<dyn Fn(u64) -> bool>) -> Boxed<'static, RunView> {
        Box::pin(async move {
            // `asl-execute`: the run as the page does it, for e2e/wasm-native.test.mjs.
            crate::performance_mark("asl-execute-start");
            let view =
                crate::run::execute(run.definition, run.input, run.mocks, run.budget, run.settings, progress).await;
            crate::performance_measure("asl-execute", "asl-execute-start");
            view
        })
    }

    fn start(&self, setup: Setup) -> Boxed<'static, Result<Session, String>> {
        Box::pin(crate::debugger::start(setup))
    }

    fn advance<'a>(&self, session: &'a mut Session, mode: Mode, stop: &'a dyn Fn() -> bool) -> Boxed<'a, Pause> {
        Box::pin(session.advance(mode, stop, &|_| {}))
    }

    fn back(&self, session: &mut Session) -> Result<(), String> {
        session.back()
    }

    fn go_to_event(&self, session: &mut Session, events: usize) -> Result<(), String> {
        session.go_to_event(events)
    }

    fn answer(&self, session: &mut Session, id: TaskId, result: Result<Value, WorkflowError>) -> Result<(), String> {
        session.answer(id, result)
    }

    fn heartbeat(&self, session: &mut Session, id: TaskId) -> Result<(), String> {
        session.heartbeat(id)
    }

    fn conformance_case(&self, case: String) -> Boxed<'static, String> {
        Box::pin(crate::run::conformance_case(case))
    }

    fn import_history(&self, text: &str, definition: String) -> Result<Finished, String> {
        crate::history_import::read(text, definition)
    }

    fn finished_view(&self, finished: Box<Finished>) -> AnyView {
        crate::run::finished_view(finished)
    }

    fn debugger_pane(&self, debugger: Debugger, restart: Callback<()>) -> AnyView {
        view! { <DebuggerPane debugger=debugger restart=restart /> }.into_any()
    }

    fn decorations(&self, session: &Session, focus: Option<asl::RunId>) -> crate::graph::Decorations {
        session.decorations(focus)
    }

    fn parse_gallery(&self, text: &str) -> Result<Vec<asl::lesson::Lesson>, String> {
        asl::lesson::parse_gallery(text)
    }

    fn gallery_lessons(
        &self,
        lessons: std::sync::Arc<Vec<asl::lesson::Lesson>>,
        panel: crate::gallery::Panel,
    ) -> AnyView {
        crate::gallery::lessons_view(lessons, panel)
    }

    fn classify_import(&self, text: &str) -> crate::share::Imported {
        crate::share::classify(text)
    }

    fn mock_config(&self, mocks: &str) -> Result<String, String> {
        asl::Value::from_json(mocks)
            .map_err(|error| error.to_string())
            .and_then(|mocks| asl::mock::config::to_mock_config(&mocks, "StateMachine", "Playground"))
            .map(|config| config.to_json_pretty() + "\n")
    }

    fn jsonata_function(&self, name: &str, args: &str, seed: &str, counter: u64) -> String {
        asl::jsonata::call_function_json(name, args, seed, counter)
    }

    fn example(&self, id: &str) -> crate::examples::Texts {
        crate::examples::texts(id)
    }

    fn is_example(&self, definition: &str, input: &str, mocks: &str) -> bool {
        crate::examples::is_example(definition, input, mocks)
    }
}

/// The second module did not load (offline, or the site changed under the page).
pub struct LoadFailed;

#[cfg(asl_split)]
impl From<wasm_split_helpers::SplitLoaderError> for LoadFailed {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> LoadFailed {
        LoadFailed
    }
}

#[cfg(asl_split)]
#[wasm_split_helpers::wasm_split(engine, fallible)]
fn open() -> Result<&'static dyn Engine, LoadFailed> {
    Ok(&INTERPRETER)
}

#[cfg(not(asl_split))]
async fn open() -> Result<&'static dyn Engine, LoadFailed> {
    Ok(&INTERPRETER)
}

thread_local! {
    static LOADED: Cell<Option<&'static dyn Engine>> = const { Cell::new(None) };
}

/// The engine, loading its module the first time.
pub async fn load() -> Result<&'static dyn Engine, String> {
    if let Some(engine) = get() {
        return Ok(engine);
    }
    let engine = open().await.map_err(|LoadFailed| {
        "The interpreter could not be loaded (is the network down, or was the site updated?). Reload the page and try again."
            .to_owned()
    })?;
    LOADED.with(|loaded| loaded.set(Some(engine)));
    Ok(engine)
}

/// The engine if [`load`] has returned it: always, where a session or a run exists.
pub fn get() -> Option<&'static dyn Engine> {
    LOADED.with(Cell::get)
}
