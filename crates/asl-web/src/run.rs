//! Running an execution in the page: the host loop over the core, chunked so the page stays
//! responsive, and the view model of its result.

use asl::mock::Mocks;
use asl::{EventKind, Execution, ExecutionOptions, Limits, Status, Step, TaskRequest, Value};
use wasm_bindgen::JsCast;

use crate::mocks_code;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// How long the run loop keeps the main thread before it yields to the browser, in
/// milliseconds: short enough for input and rendering to stay smooth (no task near 50 ms), long
/// enough that yielding costs little of the run.
const SLICE_MS: f64 = 12.0;

/// Steps between two looks at the clock: a step takes well under a microsecond.
const CLOCK_EVERY: u64 = 256;

#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    pub id: u64,
    pub previous: u64,
    pub kind: String,
    pub name: String,
    pub elapsed: String,
    pub detail: String,
    pub depth: u32,
    /// What a mock written as code printed for this task (on its TaskStarted event), and what
    /// the host says about the call (a Worker stopped at the time limit).
    pub logs: Vec<String>,
}

/// What the result pane shows.
#[derive(Clone, Debug, PartialEq)]
pub enum RunView {
    Idle,
    Running {
        steps: u64,
    },
    /// The run could not start or was stopped (invalid input, missing mock, step budget).
    Problem(String),
    Done(Box<Finished>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    pub status: &'static str,
    pub output: Option<String>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub path: Vec<String>,
    /// The events, for the table and the JSON export.
    pub events: Events,
    pub transitions: u64,
    pub virtual_time: String,
    /// Set when the run stopped before the end (step budget).
    pub stopped: Option<String>,
    /// How the run colours the graph.
    pub coloring: asl_graph::RunColoring,
    /// The definition text that ran (the colouring only fits that text).
    pub definition: String,
    /// Each Map Run of a distributed Map, summed up in a line.
    pub map_runs: Vec<String>,
    /// What ResultWriter wrote: the object's `s3://` URI and its text.
    pub written: Vec<(String, String)>,
    /// What the run reveals about the definition (`asl::mock::lint::after_run`).
    pub warnings: Vec<asl::Diagnostic>,
}

/// Events per page of a run's events table.
pub const HISTORY_PAGE: usize = 100;

/// A run's events, for its table and its export. A run's own events are kept as the core's
/// (they share their payloads with the run) and turned into rows a page at a time: a long run
/// has tens of thousands, and each row costs a JSON text of its payload; the GetExecutionHistory
/// JSON is written only when it is exported. An imported history comes as rows and its text.
#[derive(Clone)]
pub enum Events {
    Run(std::sync::Arc<RunEvents>),
    Rows {
        rows: std::sync::Arc<Vec<HistoryRow>>,
        json: std::sync::Arc<str>,
    },
}

/// The events of a run in the page, with what mocks written as code printed, by event id.
pub struct RunEvents {
    history: Vec<asl::HistoryEvent>,
    start: i64,
    logs: std::collections::HashMap<u64, Vec<String>>,
}

impl Events {
    pub fn len(&self) -> usize {
        match self {
            Events::Run(run) => run.history.len(),
            Events::Rows { rows, .. } => rows.len(),
        }
    }

    /// The rows of page `page` (`HISTORY_PAGE` a page).
    pub fn page(&self, page: usize) -> Vec<HistoryRow> {
        match self {
            Events::Run(run) => run
                .history
                .iter()
                .skip(page * HISTORY_PAGE)
                .take(HISTORY_PAGE)
                .map(|event| HistoryRow {
                    id: event.id.0.into(),
                    previous: event.previous_event_id.0.into(),
                    kind: event.kind.type_name(),
                    name: event.kind.state_name().unwrap_or("").to_owned(),
                    elapsed: asl::time::format_duration(event.timestamp - run.start),
                    detail: detail(&event.kind),
                    depth: event.depth,
                    logs: run.logs.get(&event.id.0.into()).cloned().unwrap_or_default(),
                })
                .collect(),
            Events::Rows { rows, .. } => rows
                .iter()
                .skip(page * HISTORY_PAGE)
                .take(HISTORY_PAGE)
                .cloned()
                .collect(),
        }
    }

    /// The history as GetExecutionHistory's JSON.
    pub fn json(&self) -> String {
        match self {
            Events::Run(run) => asl::history_json(&run.history).to_json(),
            Events::Rows { json, .. } => json.to_string(),
        }
    }
}

impl PartialEq for Events {
    fn eq(&self, other: &Events) -> bool {
        match (self, other) {
            (Events::Run(a), Events::Run(b)) => std::sync::Arc::ptr_eq(a, b),
            (Events::Rows { rows: a, json: x }, Events::Rows { rows: b, json: y }) => a == b && x == y,
            _ => false,
        }
    }
}

impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Events({} events)", self.len())
    }
}

fn escape(text: &str) -> String {
    crate::inspector::escape(text)
}

/// One page of a run's events, as HTML (every value escaped).
pub fn history_html(events: &Events, page: usize) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for row in events.page(page) {
        let class = if row.kind.contains("Failed") || row.kind.contains("TimedOut") {
            "failed"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<tr class=\"{class}\"><td>{}</td><td>{}</td><td style=\"padding-left: {}.4em\">{}</td><td>{}</td><td class=\"detail\">{}</td></tr>",
            row.id,
            escape(&row.kind),
            row.depth,
            escape(&row.name),
            escape(&row.elapsed),
            escape(&row.detail)
        );
        if !row.logs.is_empty() {
            let _ = write!(
                out,
                "<tr class=\"logs\" data-testid=\"task-logs\" data-event=\"{}\"><td colspan=\"5\"><pre>{}</pre></td></tr>",
                row.id,
                escape(&row.logs.join("\n"))
            );
        }
    }
    out
}

/// The path through the top-level states as list items (HTML, every name escaped), with the
/// rounds of a loop summarised: a block of up to eight states that repeats at least twice is
/// one item with "×N".
pub fn path_html(path: &[String]) -> String {
    asl::rounds::repeated_blocks(path, 8, 2)
        .into_iter()
        .map(|(block, repeats)| {
            let names = block.iter().map(|name| escape(name)).collect::<Vec<_>>().join(" → ");
            if repeats > 1 {
                format!("<li>{names} <span class=\"times\">×{repeats}</span></li>")
            } else {
                format!("<li>{names}</li>")
            }
        })
        .collect()
}

/// Resolves after the browser has had a turn: a message posted to ourselves, which runs as a
/// new task after pending input and rendering, without the 4 ms that browsers add to nested
/// zero-delay timeouts (a run that yields a hundred times would lose 0.4 s to them). Falls
/// back to a timeout where MessageChannel is missing.
pub async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| match web_sys::MessageChannel::new() {
        Ok(channel) => {
            channel.port1().set_onmessage(Some(resolve.unchecked_ref()));
            let _ = channel.port2().post_message(&JsValue::UNDEFINED);
        }
        Err(_) => {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 0);
            }
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The page's monotonic clock in milliseconds (0 where there is none: then every look says the
/// slice has not ended, and the loop yields by `CLOCK_EVERY`-step counts instead).
fn monotonic_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// Runs `definition` with `input` and `mocks` (all texts), at most `budget` steps, reporting
/// progress through `progress` between chunks.
/// How runs (and the debugger) start: the virtual start time, the seed, and whether AWS's
/// limits apply.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// `None`: now.
    pub start_time: Option<i64>,
    pub seed: u64,
    pub limits: bool,
}

impl Settings {
    pub fn start_time(&self) -> i64 {
        self.start_time.unwrap_or_else(now_millis)
    }
}

pub async fn execute(
    definition: String,
    input: String,
    mocks: String,
    budget: u64,
    settings: Settings,
    progress: impl Fn(u64) -> bool,
) -> RunView {
    if asl::needs_jsonata(&definition)
        && let Err(message) = crate::jsonata::load().await
    {
        return RunView::Problem(format!(
            "This definition uses JSONata, but the JSONata engine did not load ({message}). Reload the page and try again."
        ));
    }
    let machine = match asl::load_with(&definition, Some(&crate::jsonata::BrowserSyntax)) {
        Ok(machine) => machine,
        Err(diagnostics) => {
            let errors = diagnostics.iter().filter(|diagnostic| diagnostic.is_error()).count();
            return RunView::Problem(format!(
                "The definition has {errors} error(s). Fix them first: they are listed under Problems."
            ));
        }
    };
    let input = match Value::from_json(if input.trim().is_empty() { "{}" } else { &input }) {
        Ok(value) => value,
        Err(error) => return RunView::Problem(format!("The input is not valid JSON: {error}.")),
    };
    let kind = mocks_code::Kind::detect(&mocks);
    let mut code = None;
    let mocks = if kind.is_code() {
        match mocks_code::CodeMocks::start(kind, &mocks).await {
            Ok(loaded) => code = Some(CodeRun::new(loaded)),
            Err(message) => {
                return RunView::Problem(format!("The {} mocks could not be loaded: {message}", kind.label()));
            }
        }
        Mocks::default()
    } else {
        let mocks_value = match Value::from_json(if mocks.trim().is_empty() { "{}" } else { &mocks }) {
            Ok(value) => value,
            Err(error) => return RunView::Problem(format!("The mocks are not valid JSON: {error}.")),
        };
        match Mocks::from_value(&mocks_value) {
            Ok(mocks) => mocks,
            Err(message) => return RunView::Problem(format!("The mocks are not in the expected shape: {message}.")),
        }
    };
    let options = ExecutionOptions {
        start_time: settings.start_time(),
        seed: settings.seed,
        limits: if settings.limits {
            Limits::default()
        } else {
            Limits::none()
        },
        ..ExecutionOptions::default()
    };
    let mut execution = Execution::start(&machine, input, options);
    // The core's one missing-mock policy: the run stops there, with the core's message.
    let mut answer = |request: &TaskRequest| {
        mocks
            .answer_request(request)
            .map_err(|missing| sentence(&missing.to_string()))
    };
    // `progress` says whether to go on: false when the user pressed Stop.
    let stopped_by_user = std::cell::Cell::new(false);
    let progress = |steps| {
        let go_on = progress(steps);
        stopped_by_user.set(!go_on);
        go_on
    };
    // `asl-drive`: the run loop alone (stepping, answering, yielding), the figure to set against
    // the CLI's `--timings` execute phase (e2e/wasm-native.test.mjs).
    crate::performance_mark("asl-drive-start");
    let driven = drive(&mut execution, budget, &mut answer, code.as_mut(), &progress).await;
    crate::performance_measure("asl-drive", "asl-drive-start");
    let logs = code.map(|code| code.logs).unwrap_or_default();
    match driven {
        Err(message) => RunView::Problem(message),
        Ok(steps) if stopped_by_user.get() && execution.outcome().is_none() => {
            let note = format!("Stopped by you after {steps} steps: below is the execution so far.");
            RunView::Done(Box::new(finished(&execution, Some(note), definition, logs)))
        }
        Ok(steps) if steps >= budget && execution.outcome().is_none() => {
            let note = format!(
                "Stopped after {budget} steps (the step budget). The workflow may loop forever: check the Choice that should end the loop, or raise the budget."
            );
            RunView::Done(Box::new(finished(&execution, Some(note), definition, logs)))
        }
        Ok(_) => RunView::Done(Box::new(finished(&execution, None, definition, logs))),
    }
}

/// Runs one conformance case (its JSON text) with the page's JSONata: empty when it passes,
/// else how the result differs (`engine::Engine::conformance_case`).
pub async fn conformance_case(case: String) -> String {
    let case = match asl::Value::from_json(&case) {
        Ok(case) => case,
        Err(error) => return format!("the case is not JSON: {error}"),
    };
    if asl::case::needs_jsonata(&case)
        && let Err(message) = crate::jsonata::load().await
    {
        return message;
    }
    let mut run = match asl::case::prepare(&case, Some(&crate::jsonata::BrowserSyntax)) {
        Ok(asl::case::Prepared::Done) => return String::new(),
        Ok(asl::case::Prepared::Run(run)) => run,
        Err(message) => return message,
    };
    {
        let (execution, mut answer) = run.parts();
        if let Err(message) = drive(execution, asl::case::MAX_STEPS, &mut answer, None, &|_| true).await {
            return message;
        }
    }
    let finished = run.execution.outcome().is_some();
    run.verdict(finished).err().unwrap_or_default()
}

/// A message from the core as a sentence: a capital first letter and a full stop.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let first = chars
        .next()
        .map(|first| first.to_uppercase().to_string())
        .unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

/// How a host answers a task request: the result or error, `None` for a task that never answers
/// (it times out as the clock moves), or `Err` to stop the run.
pub type AnswerTask<'a> = dyn FnMut(&TaskRequest) -> Result<asl::mock::TaskAnswer, String> + 'a;

/// A run answered by mocks written as code, and what each call printed, by the id of its task's
/// TaskStarted event.
pub struct CodeRun {
    pub mocks: mocks_code::CodeMocks,
    pub logs: std::collections::HashMap<u64, Vec<String>>,
}

impl CodeRun {
    pub fn new(mocks: mocks_code::CodeMocks) -> CodeRun {
        let mut logs = std::collections::HashMap::new();
        // What loading the module printed goes with the execution's first event.
        if !mocks.load_logs.is_empty() {
            logs.insert(1, mocks.load_logs.clone());
        }
        CodeRun { mocks, logs }
    }
}

/// Drives an execution as the page's host: answers tasks with `answer` (an `Err` stops the run
/// with that message), or with `code` when the mocks are code (each answer awaited before the
/// execution moves on, as in the CLI), JSONata with the page's jsonata, and jumps the virtual
/// clock; yields to the browser every `SLICE_MS` of work, reporting the steps so far to `progress`,
/// which says whether to go on. Ends when the execution finishes or can go no further, after
/// `budget` steps, or when `progress` says stop; returns the steps taken.
pub async fn drive(
    execution: &mut Execution,
    budget: u64,
    answer: &mut AnswerTask<'_>,
    mut code: Option<&mut CodeRun>,
    progress: &dyn Fn(u64) -> bool,
) -> Result<u64, String> {
    let stopped = |error: asl::HostError| format!("The interpreter stopped: {error}.");
    let mut steps = 0u64;
    let has_clock = web_sys::window().and_then(|window| window.performance()).is_some();
    loop {
        let slice_end = monotonic_ms() + SLICE_MS;
        let mut in_slice = 0u64;
        while steps < budget {
            if in_slice > 0 && in_slice.is_multiple_of(CLOCK_EVERY) && (!has_clock || monotonic_ms() >= slice_end) {
                break;
            }
            in_slice += 1;
            steps += 1;
            match execution.step().map_err(stopped)? {
                Step::Progressed => {}
                Step::TaskRequested(request) => {
                    let result = match code.as_deref_mut() {
                        Some(code) => {
                            let (result, log) = code.mocks.answer(execution, &request).await;
                            let lines: Vec<String> = log.logs.into_iter().chain(log.note).collect();
                            if let (false, Some(started)) = (lines.is_empty(), execution.history().last()) {
                                code.logs.insert(started.id.0.into(), lines);
                            }
                            result.map_err(|missing| sentence(&missing.to_string()))?
                        }
                        None => answer(&request)?,
                    };
                    // None: a mock that never answers; the task times out as the clock moves.
                    if let Some(result) = result {
                        execution.complete_task(request.id, result).map_err(stopped)?;
                    }
                }
                Step::EvaluationRequested(request) => {
                    let answers = crate::jsonata::evaluate(&request).await;
                    execution.complete_evaluation(request.id, answers).map_err(stopped)?;
                }
                Step::Blocked {
                    next_wakeup: Some(time),
                } => execution.advance_clock(time).map_err(stopped)?,
                Step::Blocked { next_wakeup: None } | Step::Finished => return Ok(steps),
            }
        }
        if steps >= budget {
            return Ok(steps);
        }
        if !progress(steps) {
            return Ok(steps);
        }
        next_tick().await;
        // Stop pressed while the page had the turn.
        if !progress(steps) {
            return Ok(steps);
        }
    }
}

fn finished(
    execution: &Execution,
    stopped: Option<String>,
    definition: String,
    logs: std::collections::HashMap<u64, Vec<String>>,
) -> Finished {
    let outcome = execution.outcome();
    let start = execution.history().first().map_or(0, |event| event.timestamp);
    Finished {
        status: outcome.map_or("RUNNING", |outcome| outcome.status.as_str()),
        output: outcome
            .and_then(|outcome| outcome.output.as_ref())
            .map(Value::to_json_pretty),
        error: outcome
            .and_then(|outcome| outcome.error.as_ref())
            .map(|error| error.error.to_string()),
        cause: outcome
            .and_then(|outcome| outcome.error.as_ref())
            .map(|error| error.cause.to_string()),
        path: execution.top_level_states().map(|name| name.to_string()).collect(),
        events: Events::Run(std::sync::Arc::new(RunEvents {
            history: execution.history().to_vec(),
            start,
            logs,
        })),
        transitions: execution.transitions(),
        virtual_time: asl::time::format_duration(execution.now() - start),
        stopped: stopped
            .or_else(|| (execution.status() == Status::Running).then(|| "The execution is still running.".to_owned())),
        coloring: asl_graph::RunColoring::from_execution(execution),
        warnings: asl::mock::lint::after_run(&definition, &asl::check(&definition).definition, execution.history()),
        definition,
        map_runs: execution
            .map_runs()
            .iter()
            .enumerate()
            .map(|(index, run)| {
                let children = execution
                    .child_executions()
                    .iter()
                    .filter(|child| child.map_run == index);
                let (total, failed) = children.fold((0, 0), |(total, failed), child| {
                    (total + 1, failed + usize::from(child.status == Status::Failed))
                });
                format!("{}: {total} child executions, {failed} failed", run.arn)
            })
            .collect(),
        written: execution
            .written_objects()
            .iter()
            .map(|object| {
                let text = Value::from_json(&object.body)
                    .map_or_else(|_| object.body.to_string(), |value| value.to_json_pretty());
                (format!("s3://{}/{}", object.bucket, object.key), text)
            })
            .collect(),
    }
}

/// The first 120 characters of a payload's JSON text.
pub(crate) fn short(text: String) -> String {
    if text.chars().count() > 120 {
        format!("{}…", text.chars().take(120).collect::<String>())
    } else {
        text
    }
}

fn detail(kind: &EventKind) -> String {
    match kind {
        EventKind::ExecutionStarted { input, .. } => format!("input {}", short(input.to_json())),
        EventKind::ExecutionSucceeded { output } => format!("output {}", short(output.to_json())),
        EventKind::ExecutionFailed { error, cause } | EventKind::ExecutionTimedOut { error, cause } => {
            format!("{error}: {cause}")
        }
        EventKind::StateEntered { input, .. } => format!("input {}", short(input.to_json())),
        EventKind::StateExited { output, .. } => format!("output {}", short(output.to_json())),
        EventKind::TaskScheduled { details } if details.resource.legacy_lambda => {
            format!(
                "{} with {}",
                details.resource.resource,
                short(details.parameters.to_json())
            )
        }
        EventKind::TaskScheduled { details } => {
            format!(
                "{}:{} with {}",
                details.resource.resource_type,
                details.resource.resource,
                short(details.parameters.to_json())
            )
        }
        EventKind::TaskSucceeded { output, .. } => format!("result {}", short(output.to_json())),
        EventKind::TaskFailed { error, cause, .. } | EventKind::TaskTimedOut { error, cause, .. } => {
            format!("{error}: {cause}")
        }
        EventKind::EvaluationFailed(failure) => {
            format!("{} in {}: {}", failure.error, failure.location, failure.cause)
        }
        EventKind::MapStateStarted { length } => format!("{length} items"),
        EventKind::MapIterationStarted { index, .. }
        | EventKind::MapIterationSucceeded { index, .. }
        | EventKind::MapIterationFailed { index, .. }
        | EventKind::MapIterationAborted { index, .. } => format!("item {index}"),
        _ => String::new(),
    }
}

/// Offers `text` as a file download.
pub fn download(file_name: &str, text: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(if file_name.ends_with(".svg") {
        "image/svg+xml"
    } else {
        "application/json"
    });
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// A finished run: status and explanation, error and cause, output, Map Runs, what
/// ResultWriter wrote, and the events, a page at a time (`engine::Engine::finished_view`).
pub fn finished_view(finished: Box<Finished>) -> leptos::prelude::AnyView {
    let status_class = format!("status {}", finished.status.to_ascii_lowercase());
    let events = finished.events.clone();
    let explanation = match finished.status {
        "SUCCEEDED" => format!(
            "The execution succeeded after {} state transitions and {} of virtual time.",
            finished.transitions, finished.virtual_time
        ),
        "FAILED" => format!(
            "The execution failed after {} state transitions: no Retry or Catch handled the error below.",
            finished.transitions
        ),
        "TIMED_OUT" => "The execution ran longer than its TimeoutSeconds.".to_owned(),
        _ => String::new(),
    };
    view! {
        <div class="summary">
            <span class=status_class data-testid="status">{finished.status}</span>
            <span class="explanation">{explanation}</span>
        </div>
        {finished.stopped.clone().map(|note| view! { <p class="problem-message" data-testid="stopped" role="alert">{note}</p> })}
        {finished.error.clone().map(|error| view! {
            <dl class="error">
                <dt>"Error"</dt><dd data-testid="error">{error}</dd>
                <dt>"Cause"</dt><dd data-testid="cause">{finished.cause.clone().unwrap_or_default()}</dd>
            </dl>
        })}
        {finished.output.clone().map(|output| view! {
            <h3>"Output"</h3>
            <pre class="output" data-testid="output">{output}</pre>
        })}
        {(!finished.map_runs.is_empty()).then(|| view! {
            <h3>"Map Runs"</h3>
            <ul class="map-runs" data-testid="map-runs">
                {finished.map_runs.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}
            </ul>
        })}
        {(!finished.written.is_empty()).then(|| view! {
            <h3>"Written by ResultWriter"</h3>
            <div data-testid="written-objects">
                {finished.written.iter().map(|(uri, text)| view! {
                    <details class="written-object">
                        <summary>{uri.clone()}</summary>
                        <pre class="output">{text.clone()}</pre>
                    </details>
                }).collect_view()}
            </div>
        })}
        <h3>
            "Events "
            <button class="secondary small" data-testid="export-history" title="GetExecutionHistory JSON"
                on:click=move |_| { let _ = download("execution-history.json", &events.json()); }>
                "Export JSON"
            </button>
        </h3>
        <HistoryTable events=finished.events.clone() />
    }
    .into_any()
}

/// The events of a run, a page at a time (a long run has tens of thousands).
#[component]
fn HistoryTable(events: Events) -> impl IntoView {
    let total = events.len();
    let pages = total.div_ceil(HISTORY_PAGE).max(1);
    let page = RwSignal::new(0usize);
    let html = move || history_html(&events, page.get());
    view! {
        <div class="history-wrap">
            <table class="history" data-testid="history">
                <thead><tr><th>"ID"</th><th>"Type"</th><th>"Step"</th><th>"Elapsed"</th><th>"Details"</th></tr></thead>
                <tbody inner_html=html></tbody>
            </table>
            <Show when=move || { pages > 1 }>
                <p class="pager">
                    <button class="secondary small" data-testid="history-prev" aria-label="Earlier events" disabled=move || page.get() == 0
                        on:click=move |_| page.update(|page| *page = page.saturating_sub(1))>"Earlier"</button>
                    <span class="quiet" data-testid="history-page">{move || format!("events {}–{} of {}", page.get() * HISTORY_PAGE + 1, ((page.get() + 1) * HISTORY_PAGE).min(total), total)}</span>
                    <button class="secondary small" data-testid="history-next" aria-label="Later events" disabled={move || page.get() + 1 >= pages}
                        on:click=move |_| page.update(|page| *page = (*page + 1).min(pages - 1))>"Later"</button>
                </p>
            </Show>
        </div>
    }
}
