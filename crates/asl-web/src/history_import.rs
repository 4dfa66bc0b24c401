//! Import of an execution history, to see a run that happened elsewhere (on AWS, or with `asl
//! run`) in the events table and on the graph: AWS's GetExecutionHistory JSON `{"events": [...]}`
//! (what `aws stepfunctions get-execution-history` prints and `asl run --history FILE` writes), or
//! the summary `asl run --format json` prints (status, output, error, cause and the states).

// The core's JSON value, not serde_json's: it is in the wasm already (serde_json::Value cost 10 kB).
use asl::Value as Json;

use crate::run::{Finished, HistoryRow, short};

/// Reads `text` as a history of an execution of `definition` (the editor's text, which the
/// colouring is then drawn on).
pub fn read(text: &str, definition: String) -> Result<Finished, String> {
    let json = Json::from_json(text).map_err(|error| format!("The file is not JSON: {error}"))?;
    match json.get("events").and_then(Json::as_array) {
        Some(events) => Ok(from_events(events, text, definition)),
        None if json.get("status").is_some() && json.get("states").is_some() => Ok(from_summary(&json, text, definition)),
        None => Err("Not an execution history: expected GetExecutionHistory's {\"events\": [...]} (asl run --history FILE writes it) or the output of asl run --format json.".to_owned()),
    }
}

fn text_of(value: Option<&Json>) -> Option<String> {
    match value? {
        Json::Null => None,
        Json::String(text) => Some(text.to_string()),
        other => Some(other.to_json()),
    }
}

/// A payload as the page shows outputs: pretty JSON when it is JSON (AWS sends it as a string).
fn pretty(payload: Option<&Json>) -> Option<String> {
    match payload? {
        Json::String(text) => Json::from_json(text).ok().map(|value| value.to_json_pretty()),
        Json::Null => None,
        other => Some(other.to_json_pretty()),
    }
}

fn millis(timestamp: Option<&Json>) -> Option<i64> {
    match timestamp? {
        Json::String(text) => asl::time::parse_timestamp(text),
        // The AWS SDKs and CLI may print epoch seconds.
        Json::Number(_) => timestamp?.as_f64().map(|seconds| (seconds * 1000.0).round() as i64),
        _ => None,
    }
}

/// The `…EventDetails` object of an event.
fn details(event: &Json) -> Option<&Json> {
    event
        .as_object()?
        .iter()
        .find(|(key, _)| key.ends_with("EventDetails"))
        .map(|(_, value)| value)
}

fn from_events(events: &[Json], text: &str, definition: String) -> Finished {
    let start = events.first().and_then(|event| millis(event.get("timestamp")));
    let mut rows = Vec::with_capacity(events.len());
    let mut summaries = Vec::with_capacity(events.len());
    let mut path = Vec::new();
    let (mut status, mut output, mut error, mut cause) = ("RUNNING", None, None, None);
    let mut end = start;
    for event in events {
        let kind = event.get("type").and_then(Json::as_str).unwrap_or("").to_owned();
        let details = details(event);
        let field = |name: &str| text_of(details.and_then(|details| details.get(name)));
        let name = (kind.ends_with("StateEntered") || kind.ends_with("StateExited"))
            .then(|| field("name"))
            .flatten();
        let id = event.get("id").and_then(Json::as_f64).map_or(0, |id| id as u64);
        let previous = event
            .get("previousEventId")
            .and_then(Json::as_f64)
            .map_or(0, |id| id as u64);
        let time = millis(event.get("timestamp"));
        end = time.or(end);
        let detail = match (field("error"), field("cause")) {
            (Some(error), cause) => format!("{error}: {}", cause.unwrap_or_default()),
            (None, Some(cause)) => cause,
            (None, None) => match (field("output"), field("input")) {
                (Some(output), _) => format!("output {}", short(output)),
                (None, Some(input)) => format!("input {}", short(input)),
                (None, None) => field("resource").unwrap_or_default(),
            },
        };
        match kind.as_str() {
            "ExecutionSucceeded" => {
                status = "SUCCEEDED";
                output = pretty(details.and_then(|details| details.get("output")));
            }
            "ExecutionFailed" | "ExecutionTimedOut" | "ExecutionAborted" => {
                status = match kind.as_str() {
                    "ExecutionFailed" => "FAILED",
                    "ExecutionTimedOut" => "TIMED_OUT",
                    _ => "ABORTED",
                };
                error = field("error");
                cause = field("cause");
            }
            _ => {}
        }
        if kind.ends_with("StateEntered")
            && let Some(name) = &name
        {
            path.push(name.clone());
        }
        rows.push(HistoryRow {
            id,
            previous,
            kind: kind.clone(),
            name: name.clone().unwrap_or_default(),
            elapsed: match (start, time) {
                (Some(start), Some(time)) => asl::time::format_duration(time - start),
                _ => String::new(),
            },
            detail,
            depth: 0,
            logs: Vec::new(),
        });
        summaries.push(asl_graph::EventSummary {
            id,
            previous,
            kind,
            name,
        });
    }
    Finished {
        status,
        output,
        error,
        cause,
        transitions: path.len() as u64,
        path,
        events: crate::run::Events::Rows {
            rows: std::sync::Arc::new(rows),
            json: text.into(),
        },
        virtual_time: match (start, end) {
            (Some(start), Some(end)) => asl::time::format_duration(end - start),
            _ => "unknown".to_owned(),
        },
        stopped: None,
        coloring: asl_graph::RunColoring::from_events(&summaries),
        definition,
        map_runs: Vec::new(),
        written: Vec::new(),
        warnings: Vec::new(),
    }
}

/// `asl run --format json`: the top-level states in order, and how the execution ended.
fn from_summary(json: &Json, text: &str, definition: String) -> Finished {
    let path: Vec<String> = json
        .get("states")
        .and_then(Json::as_array)
        .map(|states| {
            states
                .iter()
                .filter_map(|state| state.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let status = match json.get("status").and_then(Json::as_str) {
        Some("SUCCEEDED") => "SUCCEEDED",
        Some("FAILED") => "FAILED",
        Some("TIMED_OUT") => "TIMED_OUT",
        Some("ABORTED") => "ABORTED",
        _ => "RUNNING",
    };
    let mut coloring = asl_graph::RunColoring::default();
    let mut from = String::new();
    for name in &path {
        coloring.taken.insert((from.clone(), name.clone()));
        coloring.last_transition = Some((from, name.clone()));
        let entry = coloring
            .states
            .entry(name.clone())
            .or_insert((asl_graph::StateStatus::Succeeded, 0));
        entry.1 += 1;
        from = name.clone();
    }
    coloring.finished = status != "RUNNING";
    coloring.last = path.last().cloned();
    if let Some(last) = &coloring.last
        && let Some(entry) = coloring.states.get_mut(last)
        && status != "SUCCEEDED"
    {
        entry.0 = if status == "RUNNING" {
            asl_graph::StateStatus::Running
        } else {
            asl_graph::StateStatus::Failed
        };
    }
    Finished {
        status,
        output: pretty(json.get("output")).filter(|_| status == "SUCCEEDED"),
        error: text_of(json.get("error")),
        cause: text_of(json.get("cause")),
        transitions: path.len() as u64,
        path,
        events: crate::run::Events::Rows {
            rows: std::sync::Arc::new(Vec::new()),
            json: text.into(),
        },
        virtual_time: "unknown".to_owned(),
        stopped: None,
        coloring,
        definition,
        map_runs: Vec::new(),
        written: Vec::new(),
        warnings: Vec::new(),
    }
}
