//! The step debugger's pane: its controls (with keyboard shortcuts), the status line and the
//! virtual clock, the timeline scrubber, answers by hand for tasks no mock answers, a picker
//! for a Parallel's branches or a Map's iterations, the inspector, and the events so far.
//! The session itself is `debugger::Session`; the graph's marks come from it too.

use std::collections::BTreeSet;

use std::fmt::Write as _;

use asl::decimal::fixed;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::debugger::{Mode, Pause, Session};
use crate::engine;
use crate::inspector::escape;

/// Events shown per page of the events table.
const PAGE: usize = 50;

/// Everything the pane and the page share about the debugger.
#[derive(Clone, Copy)]
pub struct Debugger {
    pub session: StoredValue<Option<Session>, LocalStorage>,
    /// Bumped whenever the session moved or changed: views that read it re-render.
    pub version: RwSignal<u64>,
    pub running: RwSignal<bool>,
    pub pause_requested: StoredValue<bool>,
    /// The trace entry the inspector shows (`None`: the latest).
    pub selected_entry: RwSignal<Option<usize>>,
    /// The branch or iteration the graph and inspector follow inside its container.
    pub focus_run: RwSignal<Option<asl::RunId>>,
    pub breakpoints: RwSignal<BTreeSet<String>>,
    pub pause_on_task_failure: RwSignal<bool>,
    pub pause_on_caught: RwSignal<bool>,
    /// Why the debugger could not start (invalid definition, input or mocks).
    pub problem: RwSignal<Option<String>>,
    pub help_open: RwSignal<bool>,
    /// The page of the events table, `None`: the page of the current event.
    pub page: RwSignal<Option<usize>>,
    /// When the move being drawn started (`performance.now()`), for `data-move-ms`.
    move_started: StoredValue<f64>,
}

impl Debugger {
    pub fn new() -> Debugger {
        Debugger {
            session: StoredValue::new_local(None),
            version: RwSignal::new(0),
            running: RwSignal::new(false),
            pause_requested: StoredValue::new(false),
            selected_entry: RwSignal::new(None),
            focus_run: RwSignal::new(None),
            breakpoints: RwSignal::new(BTreeSet::new()),
            pause_on_task_failure: RwSignal::new(false),
            pause_on_caught: RwSignal::new(false),
            problem: RwSignal::new(None),
            help_open: RwSignal::new(false),
            page: RwSignal::new(None),
            move_started: StoredValue::new(0.0),
        }
    }

    pub fn is_open(&self) -> bool {
        self.session.with_value(Option::is_some)
    }

    fn changed(&self) {
        // The interpreter's share of the move (restoring, replaying, stepping) before drawing.
        let core_ms = now() - self.move_started.get_value();
        self.page.set(None);
        self.version.update(|version| *version += 1);
        note_move_time(self.move_started.get_value(), core_ms);
    }

    /// Marks the start of a move, to time it until the page has drawn it.
    fn begin_move(&self) {
        self.move_started.set_value(now());
    }

    /// Shows a session the engine started (paused at the start), or why it could not start.
    pub fn start(&self, session: Result<Session, String>) {
        match session {
            Ok(mut session) => {
                session.breakpoints = self.breakpoints.get_untracked();
                session.pause_on_task_failure = self.pause_on_task_failure.get_untracked();
                session.pause_on_caught = self.pause_on_caught.get_untracked();
                self.session.set_value(Some(session));
                self.problem.set(None);
                self.selected_entry.set(None);
                self.focus_run.set(None);
            }
            Err(message) => {
                self.session.set_value(None);
                self.problem.set(Some(message));
            }
        }
        self.changed();
    }

    pub fn close(&self) {
        self.pause_requested.set_value(true);
        self.session.set_value(None);
        self.problem.set(None);
        self.changed();
    }

    /// Moves forward (Step or Continue) without blocking the page.
    pub fn advance(self, mode: Mode) {
        if self.running.get_untracked() {
            return;
        }
        let Some(engine) = engine::get() else { return };
        let Some(mut session) = self.session.try_update_value(Option::take).flatten() else {
            return;
        };
        self.begin_move();
        session.breakpoints = self.breakpoints.get_untracked();
        session.pause_on_task_failure = self.pause_on_task_failure.get_untracked();
        session.pause_on_caught = self.pause_on_caught.get_untracked();
        self.running.set(true);
        self.pause_requested.set_value(false);
        spawn_local(async move {
            let pause_requested = self.pause_requested;
            let pause = engine
                .advance(&mut session, mode, &move || pause_requested.get_value())
                .await;
            session.pause = pause;
            // A Close during the run leaves nothing to put back.
            if !pause_requested.get_value() || matches!(session.pause, Pause::Paused) {
                self.session.set_value(Some(session));
            }
            self.selected_entry.set(None);
            self.running.set(false);
            self.changed();
        });
    }

    pub fn pause(&self) {
        self.pause_requested.set_value(true);
    }

    pub fn back(&self) {
        let Some(engine) = engine::get() else { return };
        if self.running.get_untracked() {
            return;
        }
        self.begin_move();
        self.session.update_value(|session| {
            if let Some(session) = session
                && let Err(message) = engine.back(session)
            {
                session.pause = Pause::Error(message);
            }
        });
        self.selected_entry.set(None);
        self.changed();
    }

    pub fn go_to_event(&self, events: usize) {
        let Some(engine) = engine::get() else { return };
        if self.running.get_untracked() {
            return;
        }
        self.begin_move();
        self.session.update_value(|session| {
            if let Some(session) = session
                && let Err(message) = engine.go_to_event(session, events)
            {
                session.pause = Pause::Error(message);
            }
        });
        self.selected_entry.set(None);
        self.changed();
    }

    /// Answers a waiting task by hand, then goes on to the next stop.
    pub fn answer(self, id: asl::TaskId, result: Result<asl::Value, asl::WorkflowError>) {
        let Some(engine) = engine::get() else { return };
        let mut failed = None;
        self.session.update_value(|session| {
            if let Some(session) = session
                && let Err(message) = engine.answer(session, id, result)
            {
                failed = Some(message);
            }
        });
        match failed {
            Some(message) => {
                self.session.update_value(|session| {
                    if let Some(session) = session {
                        session.pause = Pause::Error(message);
                    }
                });
                self.changed();
            }
            None => self.advance(Mode::Step),
        }
    }

    pub fn heartbeat(&self, id: asl::TaskId) {
        let Some(engine) = engine::get() else { return };
        self.session.update_value(|session| {
            if let Some(session) = session {
                match engine.heartbeat(session, id) {
                    Ok(()) => session.pause = Pause::Waiting("The heartbeat was recorded; the task".to_owned()),
                    Err(message) => session.pause = Pause::Error(message),
                }
            }
        });
        self.changed();
    }

    pub fn toggle_breakpoint(&self, pointer: &str) {
        self.breakpoints.update(|breakpoints| {
            if !breakpoints.remove(pointer) {
                breakpoints.insert(pointer.to_owned());
            }
        });
        let breakpoints = self.breakpoints.get_untracked();
        self.session.update_value(|session| {
            if let Some(session) = session {
                session.breakpoints = breakpoints;
            }
        });
        self.version.update(|version| *version += 1);
    }

    /// Shows in the inspector the latest entry of the state with this pointer (inside the
    /// focused branch or iteration, if any).
    pub fn select_state(&self, pointer: &str) {
        let focus = self.focus_run.get_untracked();
        let found = self.session.with_value(|session| {
            let session = session.as_ref()?;
            let execution = session.execution();
            let definition = session.machine.definition();
            let at = definition.state_by_pointer(pointer)?;
            execution
                .trace()
                .iter()
                .enumerate()
                .rev()
                .find(|(_, entry)| {
                    entry.state == at
                        && focus.is_none_or(|focus| {
                            entry.run == focus || execution.run_path(entry.run).iter().any(|step| step.run == focus)
                        })
                })
                .map(|(index, _)| index)
        });
        if let Some(index) = found {
            self.selected_entry.set(Some(index));
        }
    }
}

impl Default for Debugger {
    fn default() -> Self {
        Debugger::new()
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

/// Records one part of a move's time on the debugger's section, for the browser tests' report.
pub fn note_timing(name: &str, millis: f64) {
    if let Some(section) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector("[data-testid=debugger]").ok().flatten())
    {
        let _ = section.set_attribute(name, &fixed(millis, 1));
    }
}

/// After the page has drawn a move (the next animation frame, after the reactive updates),
/// writes how long it took on the debugger's section as `data-move-ms`, and counts moves in
/// `data-moves`, for the browser tests to wait on and report.
fn note_move_time(started: f64, core_ms: f64) {
    request_animation_frame(move || {
        let Some(section) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.query_selector("[data-testid=debugger]").ok().flatten())
        else {
            return;
        };
        let moves = section
            .get_attribute("data-moves")
            .and_then(|moves| moves.parse::<u64>().ok())
            .unwrap_or(0);
        let _ = section.set_attribute("data-moves", &(moves + 1).to_string());
        if started > 0.0 {
            let _ = section.set_attribute("data-move-ms", &fixed(now() - started, 1));
            let _ = section.set_attribute("data-core-ms", &fixed(core_ms, 1));
        }
    });
}

/// The keyboard shortcuts, for the help overlay and the handler.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("F8", "Continue to the end or the next breakpoint; Pause while running"),
    ("F10", "Step: run the next state"),
    ("Shift+F10", "Step back to the previous state"),
    ("Shift+F8", "Restart the execution"),
    (
        "Home / End",
        "Jump to the first / last event (when the timeline has focus)",
    ),
    ("?", "Show or hide this help"),
    ("Escape", "Close this help"),
];

/// Installs the debugger's keyboard shortcuts on the window.
pub fn install_shortcuts(debugger: Debugger, restart: Callback<()>) {
    let handle = window_event_listener(ev::keydown, move |event| {
        let key = event.key();
        let in_editor = event
            .target()
            .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok())
            .is_some_and(|element| {
                element
                    .closest(".cm-editor, input, textarea, select")
                    .ok()
                    .flatten()
                    .is_some()
            });
        match (key.as_str(), event.shift_key()) {
            ("F8", false) => {
                event.prevent_default();
                if debugger.running.get_untracked() {
                    debugger.pause();
                } else if debugger.is_open() {
                    debugger.advance(Mode::Continue);
                } else {
                    restart.run(());
                }
            }
            ("F8", true) => {
                event.prevent_default();
                restart.run(());
            }
            ("F10", false) => {
                event.prevent_default();
                if debugger.is_open() {
                    debugger.advance(Mode::Step);
                } else {
                    restart.run(());
                }
            }
            ("F10", true) => {
                event.prevent_default();
                debugger.back();
            }
            ("?", _) if !in_editor => debugger.help_open.update(|open| *open = !*open),
            ("Escape", _) => debugger.help_open.set(false),
            _ => {}
        }
    });
    // The page lives as long as the app; keep the listener.
    std::mem::forget(handle);
}

fn shortcut_rows() -> String {
    SHORTCUTS
        .iter()
        .map(|(keys, what)| format!("<tr><th><kbd>{}</kbd></th><td>{}</td></tr>", escape(keys), escape(what)))
        .collect()
}

#[component]
pub fn HelpOverlay(debugger: Debugger) -> impl IntoView {
    view! {
        <Show when=move || debugger.help_open.get()>
            <div class="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="help-overlay">
                <div class="overlay-box">
                    <h2>"Keyboard shortcuts"</h2>
                    <table>
                        <tbody inner_html=shortcut_rows()></tbody>
                    </table>
                    <p class="quiet">"Click the dot in a state's corner on the graph, or the gutter beside a state in the definition, to set a breakpoint."</p>
                    <button class="secondary" data-testid="help-close" on:click=move |_| debugger.help_open.set(false)>"Close"</button>
                </div>
            </div>
        </Show>
    }
}

#[component]
pub fn DebuggerPane(debugger: Debugger, restart: Callback<()>) -> impl IntoView {
    let controls = move || {
        debugger.version.track();
        let running = debugger.running.get();
        let (finished, at_start, waiting) = debugger.session.with_value(|session| match session {
            Some(session) => (
                session.execution().outcome().is_some() && session.timeline.at_latest(),
                session.timeline.position() == 0,
                !session.waiting().is_empty(),
            ),
            None => (true, true, false),
        });
        view! {
            <div class="debug-controls" role="toolbar" aria-label="Debugger controls">
                <Show
                    when=move || running
                    fallback=move || view! {
                        <button class="primary" data-testid="debug-continue" title="Continue (F8)" aria-label="Continue to the end or the next breakpoint (F8)"
                            disabled=finished || waiting on:click=move |_| debugger.advance(Mode::Continue)>"▶ Continue"</button>
                    }
                >
                    <button class="primary" data-testid="debug-pause" title="Pause (F8)" aria-label="Pause (F8)" on:click=move |_| debugger.pause()>"⏸ Pause"</button>
                </Show>
                <button class="secondary" data-testid="debug-step" title="Step (F10)" aria-label="Step: run the next state (F10)"
                    disabled=running || finished || waiting on:click=move |_| debugger.advance(Mode::Step)>"Step ⤼"</button>
                <button class="secondary" data-testid="debug-back" title="Step back (Shift+F10)" aria-label="Step back to the previous state (Shift+F10)"
                    disabled=running || at_start on:click=move |_| debugger.back()>"⤺ Back"</button>
                <button class="secondary" data-testid="debug-restart" title="Restart (Shift+F8)" aria-label="Restart the execution (Shift+F8)"
                    disabled=running on:click=move |_| restart.run(())>"⟲ Restart"</button>
                <button class="secondary" data-testid="debug-help" aria-label="Keyboard shortcuts (?)" on:click=move |_| debugger.help_open.set(true)>"?"</button>
                <button class="secondary" data-testid="debug-close" aria-label="Close the debugger" on:click=move |_| debugger.close()>"✕"</button>
                <label class="check" title="Stop right after a task reports an error">
                    <input type="checkbox" data-testid="pause-on-failure"
                        prop:checked=move || debugger.pause_on_task_failure.get()
                        on:change=move |event| debugger.pause_on_task_failure.set(event_target_checked(&event)) />
                    "pause when a task fails"
                </label>
                <label class="check" title="Stop right after a Catch handles an error">
                    <input type="checkbox" data-testid="pause-on-caught"
                        prop:checked=move || debugger.pause_on_caught.get()
                        on:change=move |event| debugger.pause_on_caught.set(event_target_checked(&event)) />
                    "pause when an error is caught"
                </label>
            </div>
        }
    };

    let status = move || {
        debugger.version.track();
        debugger.running.track();
        debugger.session.with_value(|session| {
            let Some(session) = session else { return view! { <span></span> }.into_any() };
            let execution = session.execution();
            let status = execution.status().as_str();
            let text = if debugger.running.get_untracked() {
                "Running…".to_owned()
            } else {
                session.pause.describe()
            };
            let next = session.next_state().map(|(at, _)| {
                session
                    .machine
                    .definition()
                    .state(at)
                    .map_or_else(String::new, |state| state.name.to_string())
            });
            let start = execution.history().first().map_or(0, |event| event.timestamp);
            let clock = asl::time::format_timestamp(execution.now());
            let elapsed = asl::time::format_duration(execution.now() - start);
            view! {
                <div class="debug-status">
                    <span class=format!("status {}", status.to_ascii_lowercase()) data-testid="debug-execution-status">{status}</span>
                    <span data-testid="debug-status" role="status">{text}</span>
                    {next.map(|name| view! { <span class="next" data-testid="debug-next">{format!("Next: {name}")}</span> })}
                </div>
                <div class="clock" data-testid="debug-clock" title="The virtual clock: Waits and retries move it, instantly">
                    {format!("Virtual time {clock} (+{elapsed})")}
                </div>
            }
            .into_any()
        })
    };

    let scrubber = move || {
        debugger.version.track();
        let (events, total) = debugger.session.with_value(|session| {
            session.as_ref().map_or((0, 0), |session| {
                (
                    session.execution().history().len(),
                    session.timeline.latest().history().len(),
                )
            })
        });
        let running = debugger.running.get();
        view! {
            <div class="scrubber">
                <button class="secondary small" data-testid="scrub-first" aria-label="Jump to the first event" disabled=running
                    on:click=move |_| debugger.go_to_event(1)>"⇤ First"</button>
                <input type="range" min="1" max=total.max(1).to_string() prop:value=events.to_string() data-testid="scrubber"
                    aria-label=format!("Timeline: event {events} of {total}") disabled=running
                    on:input=move |event| {
                        if let Ok(value) = event_target_value(&event).parse::<usize>() {
                            debugger.go_to_event(value);
                        }
                    } />
                <button class="secondary small" data-testid="scrub-last" aria-label="Jump to the last event" disabled=running
                    on:click=move |_| debugger.go_to_event(total)>"Last ⇥"</button>
                <span class="quiet" data-testid="scrubber-label">{format!("event {events} of {total}")}</span>
            </div>
        }
    };

    let waiting = move || {
        debugger.version.track();
        let tasks = debugger
            .session
            .with_value(|session| session.as_ref().map(Session::waiting).unwrap_or_default());
        tasks
            .into_iter()
            .map(|task| {
                let id = task.id;
                let result = RwSignal::new("{}".to_owned());
                let error = RwSignal::new("States.TaskFailed".to_owned());
                let cause = RwSignal::new(String::new());
                let problem = RwSignal::new(None::<String>);
                let token = task.task_token.as_ref().map(|token| format!("Task token: {token}"));
                view! {
                    <div class="manual-answer" data-testid="manual-answer" role="group" aria-label=format!("Answer {} by hand", task.state_name)>
                        <h4>{format!("{} waits for an answer", task.state_name)}</h4>
                        <p class="quiet">
                            {format!("Resource {}. Input: {}", task.resource, task.input.to_json())}
                            " "
                            {token}
                        </p>
                        <label>"Result (JSON) "
                            <textarea rows="2" data-testid="manual-result" aria-label="Result as JSON"
                                prop:value=move || result.get() on:input=move |event| result.set(event_target_value(&event))></textarea>
                        </label>
                        <button class="primary small" data-testid="manual-succeed" on:click=move |_| {
                            match asl::Value::from_json(&result.get_untracked()) {
                                Ok(value) => debugger.answer(id, Ok(value)),
                                Err(message) => problem.set(Some(format!("The result is not valid JSON: {message}"))),
                            }
                        }>"Send success"</button>
                        <label>"Error " <input data-testid="manual-error" aria-label="Error name" prop:value=move || error.get()
                            on:input=move |event| error.set(event_target_value(&event)) /></label>
                        <label>"Cause " <input data-testid="manual-cause" aria-label="Cause" prop:value=move || cause.get()
                            on:input=move |event| cause.set(event_target_value(&event)) /></label>
                        <button class="secondary small" data-testid="manual-fail" on:click=move |_| {
                            debugger.answer(id, Err(asl::WorkflowError::new(error.get_untracked(), cause.get_untracked())))
                        }>"Send failure"</button>
                        <button class="secondary small" data-testid="manual-heartbeat" title="SendTaskHeartbeat: the HeartbeatSeconds start again"
                            on:click=move |_| debugger.heartbeat(id)>"Send heartbeat"</button>
                        {move || problem.get().map(|message| view! { <p class="problem-message" role="alert">{message}</p> })}
                    </div>
                }
            })
            .collect_view()
    };

    let picker = move || {
        debugger.version.track();
        let focus = debugger.focus_run.get();
        debugger.session.with_value(|session| {
            let session = session.as_ref()?;
            let execution = session.execution();
            let definition = session.machine.definition();
            // The container of the entry shown, or of the focused run.
            let container = match focus.and_then(|focus| execution.run_info(focus)) {
                Some(info) => info.spawned_by?,
                None => {
                    let entry = selected(session, debugger.selected_entry.get(), None)?;
                    let state = definition.state(entry.state)?;
                    if !matches!(state.kind, asl::machine::StateKind::Map(_) | asl::machine::StateKind::Parallel { .. }) {
                        return None;
                    }
                    entry.state
                }
            };
            let name = definition.state(container)?.name.to_string();
            let children = session.children_of(container);
            if children.is_empty() {
                return None;
            }
            let count = |status: &str| children.iter().filter(|(_, _, _, known)| *known == status).count();
            // A distributed Map's iterations are child executions, as AWS's console says.
            let distributed = execution.child_executions().iter().any(|child| child.run == children[0].0);
            let summary = format!(
                "{} {}: {} succeeded, {} failed, {} running{}",
                children.len(),
                match children[0].1 {
                    asl::RunKind::Branch => "branches",
                    _ if distributed => "child executions",
                    _ => "iterations",
                },
                count("succeeded"),
                count("failed"),
                count("running"),
                match count("aborted") {
                    0 => String::new(),
                    aborted => format!(", {aborted} aborted"),
                }
            );
            let options = children
                .iter()
                .map(|(run, kind, index, status)| {
                    let label = match kind {
                        asl::RunKind::Branch => format!("Branch {} ({status})", index + 1),
                        _ if distributed => format!("Child execution {index} ({status})"),
                        _ => format!("Item {index} ({status})"),
                    };
                    view! { <option value=run.0.to_string() selected=focus == Some(*run)>{label}</option> }
                })
                .collect_view();
            Some(view! {
                <div class="picker" data-testid="run-picker">
                    <label>
                        {format!("Follow in {name}: ")}
                        <select data-testid="run-picker-select" aria-label=format!("Which branch or iteration of {name} to follow")
                            on:change=move |event| {
                                let value = event_target_value(&event);
                                debugger.focus_run.set(value.parse::<usize>().ok().map(asl::RunId));
                                debugger.selected_entry.set(None);
                                debugger.version.update(|version| *version += 1);
                            }>
                            <option value="" selected=focus.is_none()>"All"</option>
                            {options}
                        </select>
                    </label>
                    <span class="quiet" data-testid="run-summary">{summary}</span>
                </div>
            })
        })
    };

    let inspector = move || {
        debugger.version.track();
        let index = debugger.selected_entry.get();
        let focus = debugger.focus_run.get();
        debugger.session.with_value(|session| {
            let session = session.as_ref()?;
            let entry = selected(session, index, focus)?;
            Some(crate::inspector::inspector_html(
                session.execution(),
                session.machine.definition(),
                entry,
            ))
        })
    };

    // The events of the current page, as HTML (every value escaped): one click handler on the
    // table finds the row's event.
    let events_html = move || {
        debugger.version.track();
        let page = debugger.page.get();
        let started = now();
        let res = debugger.session.with_value(|session| {
            let Some(session) = session.as_ref() else {
                return (String::new(), 0, 1, 0);
            };
            let execution = session.execution();
            let definition = session.machine.definition();
            let history = execution.history();
            let total = history.len();
            let pages = total.div_ceil(PAGE).max(1);
            let page = page.unwrap_or(pages - 1).min(pages - 1);
            let start = history.first().map_or(0, |event| event.timestamp);
            let mut out = String::new();
            for (offset, event) in history[page * PAGE..((page + 1) * PAGE).min(total)].iter().enumerate() {
                let index = page * PAGE + offset;
                let kind = event.kind.type_name();
                let failed = kind.contains("Failed") || kind.contains("TimedOut");
                let class = format!("{}{}", if failed { "failed" } else { "" }, if index + 1 == total { " current" } else { "" });
                let _ = write!(
                    out,
                    "<tr class=\"{class}\" tabindex=\"0\" data-testid=\"debug-event\" data-event=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"quiet\">{}</td><td>{}</td></tr>",
                    index + 1,
                    event.id.0,
                    escape(&kind),
                    escape(event.kind.state_name().unwrap_or("")),
                    escape(&crate::inspector::run_label(execution, definition, event.run())),
                    escape(&asl::time::format_duration(event.timestamp - start)),
                );
                // What a mock written as code printed for this task.
                if let Some(lines) = session.task_logs.get(&u64::from(event.id.0)) {
                    let _ = write!(
                        out,
                        "<tr class=\"logs\" data-testid=\"task-logs\"><td colspan=\"5\"><pre>{}</pre></td></tr>",
                        escape(&lines.join("\n"))
                    );
                }
            }
            (out, page, pages, total)
        });
        note_timing("data-events-ms", now() - started);
        res
    };
    let pick_event = move |event: web_sys::Event| {
        let row = event
            .target()
            .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok())
            .and_then(|element| element.closest("[data-event]").ok().flatten())
            .and_then(|row| row.get_attribute("data-event"))
            .and_then(|number| number.parse::<usize>().ok());
        if let Some(number) = row {
            select_event(debugger, number);
        }
    };
    let events = move || {
        let (rows, page, pages, total) = events_html();
        view! {
            <div class="events">
                <h3>
                    {format!("Events so far ({total})")}
                    <span class="pager">
                        <button class="secondary small" data-testid="events-prev" aria-label="Earlier events" disabled=page == 0
                            on:click=move |_| debugger.page.set(Some(page.saturating_sub(1)))>"Earlier"</button>
                        <span class="quiet">{format!("page {} of {pages}", page + 1)}</span>
                        <button class="secondary small" data-testid="events-next" aria-label="Later events" disabled={page + 1 >= pages}
                            on:click=move |_| debugger.page.set(Some(page + 1))>"Later"</button>
                    </span>
                </h3>
                <table class="history" data-testid="debug-history">
                    <thead><tr><th>"ID"</th><th>"Type"</th><th>"State"</th><th>"Where"</th><th>"Elapsed"</th></tr></thead>
                    <tbody inner_html=rows on:click=move |event| pick_event(event.into())
                        on:keydown=move |event| if event.key() == "Enter" { pick_event(event.into()) }></tbody>
                </table>
            </div>
        }
    };

    view! {
        <section class="debugger" aria-label="Step debugger" data-testid="debugger">
            {controls}
            {move || debugger.problem.get().map(|message| view! { <p class="problem-message" data-testid="debug-problem" role="alert">{message}</p> })}
            {status}
            {scrubber}
            {waiting}
            {picker}
            <div class="inspector" data-testid="inspector" inner_html=move || inspector().unwrap_or_default()></div>
            <p class="test-state-export">
                <button class="secondary small" data-testid="export-test-state"
                    title="This state, its input, variables and mock as the JSON that aws stepfunctions test-state --cli-input-json (or asl test-state) takes"
                    on:click=move |_| export_test_state(debugger)>
                    "Export as a TestState request"
                </button>
            </p>
            {events}
        </section>
    }
}

/// The trace entry to show: the chosen one if it exists at this point, else the latest (of the
/// followed branch or iteration, when one is followed).
/// Downloads the selected state entry as a TestState request (`asl::test_state::export`).
fn export_test_state(debugger: Debugger) {
    let index = debugger.selected_entry.get_untracked();
    let focus = debugger.focus_run.get_untracked();
    let request = debugger.session.with_value(|session| {
        let session = session.as_ref()?;
        let entry = selected(session, index, focus)?;
        let variables = session.execution().variables(entry.run);
        Some(asl::test_state::export::request_for(
            &session.definition,
            session.machine.definition(),
            entry,
            &variables,
        ))
    });
    match request {
        Some(Ok(request)) => {
            let _ = crate::run::download("test-state-request.json", &(request.to_json_pretty() + "\n"));
        }
        Some(Err(message)) => debugger
            .problem
            .set(Some(format!("Cannot export this state: {message}."))),
        None => {}
    }
}

fn selected(session: &Session, index: Option<usize>, focus: Option<asl::RunId>) -> Option<&asl::StateTrace> {
    let execution = session.execution();
    let trace = execution.trace();
    index.and_then(|index| trace.get(index)).or_else(|| match focus {
        None => trace.last(),
        Some(focus) => trace
            .iter()
            .rev()
            .find(|entry| entry.run == focus || execution.run_path(entry.run).iter().any(|step| step.run == focus)),
    })
}

/// Clicking an event shows its state's entry in the inspector.
fn select_event(debugger: Debugger, event_number: usize) {
    let found = debugger.session.with_value(|session| {
        let session = session.as_ref()?;
        let execution = session.execution();
        let event = execution.history().get(event_number - 1)?;
        let at = event.state()?;
        execution
            .trace()
            .iter()
            .enumerate()
            .rev()
            .find(|(_, entry)| entry.state == at && entry.run == event.run() && entry.entered.0 <= event.id.0)
            .map(|(index, _)| index)
    });
    if let Some(index) = found {
        debugger.selected_entry.set(Some(index));
    }
}
