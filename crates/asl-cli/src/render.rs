//! Text renderings for people: source snippets under diagnostics, and the trace of a run.

use std::fmt::Write as _;

use asl::{EventKind, Execution, Status};

/// Events inside Parallel branches and Map iterations shown before the trace summarises.
const MAX_NESTED_LINES: usize = 60;

/// The path an execution took, one line per state, then its result.
/// A Distributed Map's Map Runs: how their child executions ended, and what ResultWriter wrote
/// (`asl run --results-dir` writes it out).
pub fn map_runs(execution: &Execution) -> String {
    let mut res = String::new();
    for (index, run) in execution.map_runs().iter().enumerate() {
        let children: Vec<&asl::exec::ChildExecution> = execution
            .child_executions()
            .iter()
            .filter(|child| child.map_run == index)
            .collect();
        let count = |status: asl::Status| children.iter().filter(|child| child.status == status).count();
        // Child executions still running when the Map Run failed end ABORTED.
        let aborted = match count(asl::Status::Aborted) {
            0 => String::new(),
            aborted => format!(", {aborted} aborted"),
        };
        let _ = writeln!(
            res,
            "Map Run {}: {} child executions ({} succeeded, {} failed{aborted})",
            run.arn,
            children.len(),
            count(asl::Status::Succeeded),
            count(asl::Status::Failed)
        );
    }
    for object in execution.written_objects() {
        let _ = writeln!(
            res,
            "ResultWriter wrote s3://{}/{} ({} bytes)",
            object.bucket,
            object.key,
            object.body.len()
        );
    }
    res
}

pub fn trace(execution: &Execution, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let mut res = String::new();
    let start = execution.history().first().map_or(0, |event| event.timestamp);
    let _ = writeln!(
        res,
        "Execution {} started at {}",
        execution.name(),
        asl::time::format_timestamp(start)
    );
    let mut last_time = start;
    let events = execution.history();
    // Inside Parallel and Map, show the first lines only: a Map over 100,000 items should not
    // print 100,000 items. The top level is always shown in full.
    let hidden_summary = |count: usize| {
        format!(
            "    {}\n",
            paint(
                "2",
                &format!("… {count} more nested events (--history FILE has them all)")
            )
        )
    };
    let mut nested_lines = 0usize;
    let mut nested_hidden = 0usize;
    // The lines of the events, before rounds of a loop are summarised (`summarise_rounds`).
    let top = std::mem::take(&mut res);
    for (position, event) in events.iter().enumerate() {
        if event.depth > 0 || matches!(event.kind, EventKind::MapIterationStarted { .. }) {
            nested_lines += 1;
            if nested_lines > MAX_NESTED_LINES {
                nested_hidden += 1;
                continue;
            }
        } else if nested_hidden > 0 && matches!(event.kind, EventKind::StateEntered { .. }) {
            res.push_str(&hidden_summary(nested_hidden));
            nested_hidden = 0;
        }
        let indent = "  ".repeat(event.depth as usize + 1);
        if event.timestamp > last_time {
            let _ = writeln!(
                res,
                "{indent}{}",
                paint(
                    "2",
                    &format!("… {} later", asl::time::format_duration(event.timestamp - last_time))
                )
            );
            last_time = event.timestamp;
        }
        match &event.kind {
            EventKind::StateEntered { name, .. } => {
                let _ = writeln!(res, "{indent}→ {} ({})", paint("1", name), name.state_type());
            }
            EventKind::TaskFailed { error, cause, .. } | EventKind::TaskTimedOut { error, cause, .. } => {
                if error.is_empty() {
                    // A failure without an error name (SendTaskFailure without one).
                    let _ = writeln!(res, "{indent}  {} (no error name)", paint("31", "✗"));
                } else {
                    let _ = writeln!(res, "{indent}  {} {error}: {cause}", paint("31", "✗"));
                }
                let after = events[position + 1..].iter().find(|later| later.depth == event.depth);
                match after.map(|later| &later.kind) {
                    Some(EventKind::TaskScheduled { .. }) => {
                        let _ = writeln!(res, "{indent}  {} retried (Retry)", paint("33", "↻"));
                    }
                    Some(EventKind::StateExited { .. }) => {
                        let _ = writeln!(res, "{indent}  {} caught (Catch)", paint("33", "↪"));
                    }
                    _ => {}
                }
            }
            EventKind::EvaluationFailed(failure) => {
                let (error, location) = (&failure.error, &failure.location);
                let _ = writeln!(res, "{indent}  {} {error} in {location}", paint("31", "✗"));
            }
            EventKind::MapIterationStarted { index, .. } => {
                let _ = writeln!(res, "{indent}  item {index}");
            }
            _ => {}
        }
    }
    if nested_hidden > 0 {
        res.push_str(&hidden_summary(nested_hidden));
    }
    let lines = std::mem::replace(&mut res, top);
    res.push_str(&summarise_rounds(&lines, &paint));
    let Some(outcome) = execution.outcome() else {
        let _ = writeln!(res, "{}", paint("33", "RUNNING (stopped before the end)"));
        return res;
    };
    let elapsed = asl::time::format_duration(execution.now() - start);
    let summary = format!(
        "{} after {} state transitions, {elapsed} of virtual time",
        outcome.status.as_str(),
        execution.transitions()
    );
    match outcome.status {
        Status::Succeeded => {
            let _ = writeln!(res, "{}", paint("32", &summary));
            let output = outcome
                .output
                .as_ref()
                .map(asl::Value::to_json_pretty)
                .unwrap_or_default();
            let _ = writeln!(res, "Output:\n{output}");
        }
        _ => {
            let _ = writeln!(res, "{}", paint("31", &summary));
            if let Some(error) = outcome.error.as_ref().filter(|error| !error.unnamed()) {
                let _ = writeln!(res, "Error: {}\nCause: {}", error.error, error.cause);
                // The core's message says "run with limits off": here that is a flag.
                if error.cause.contains("maximum number of history events") {
                    let _ = writeln!(res, "{}", paint("2", "(asl run --no-limits lifts AWS's limits)"));
                }
            } else if outcome.error.is_some() {
                let _ = writeln!(res, "Error: (none: the task failed without an error name)");
            }
        }
    }
    res
}

/// The fewest identical rounds of a loop that `summarise_rounds` shows as one.
const MIN_ROUNDS: usize = 3;
/// The most top-level states a summarised round may have.
const MAX_ROUND_STATES: usize = 8;

/// `lines` (a trace's events) with the rounds of a loop shown once: where the lines of a block
/// of up to eight top-level states (each with what is shown under it) repeat identically three
/// times or more, the block is shown once, followed by how many times it ran. A loop of 10,000
/// rounds is then three lines, not 20,000; a round that differs (a retry, a failure, time
/// passing differently) breaks the run and is shown.
fn summarise_rounds(lines: &str, paint: &dyn Fn(&str, &str) -> String) -> String {
    // One entry per top-level state: its line and the lines under it.
    let mut entries: Vec<&str> = Vec::new();
    let mut start = 0;
    for (offset, _) in lines.match_indices("\n  → ") {
        entries.push(&lines[start..=offset]);
        start = offset + 1;
    }
    entries.push(&lines[start..]);
    let mut res = String::with_capacity(lines.len().min(1 << 20));
    for (block, rounds) in asl::rounds::repeated_blocks(&entries, MAX_ROUND_STATES, MIN_ROUNDS) {
        for entry in block {
            res.push_str(entry);
        }
        if rounds > 1 {
            let states = if block.len() == 1 {
                "the state above".to_owned()
            } else {
                format!("the {} states above", block.len())
            };
            let _ = writeln!(
                res,
                "    {}",
                paint(
                    "2",
                    &format!(
                        "↻ {states}, {} times in a row (--history FILE has every event)",
                        crate::timings::group(rounds as f64)
                    )
                )
            );
        }
    }
    res
}

/// The stages of a state entry's data flow, in AWS's order and with AWS's names (TestState's
/// `InspectionData`), each with its value when the state reached it.
fn stages(entry: &asl::StateTrace) -> Vec<(&'static str, serde_json::Value)> {
    let json = |value: &Option<asl::Value>| value.as_ref().map(serde_json::Value::from);
    let mut res = vec![("input", serde_json::Value::from(&entry.input))];
    let optional = [
        ("afterInputPath", json(&entry.after_input_path)),
        ("afterParameters", json(&entry.after_parameters)),
        ("afterArguments", json(&entry.after_arguments)),
        ("afterItemsPath", json(&entry.after_items_path)),
        (
            "afterItemSelector",
            (!entry.after_item_selector.is_empty()).then(|| {
                serde_json::Value::Array(
                    entry
                        .after_item_selector
                        .iter()
                        .map(|item| item.as_ref().map_or(serde_json::Value::Null, serde_json::Value::from))
                        .collect(),
                )
            }),
        ),
        ("maxConcurrency", entry.max_concurrency.map(serde_json::Value::from)),
        (
            "toleratedFailureCount",
            entry.tolerated_failure_count.map(serde_json::Value::from),
        ),
        (
            "toleratedFailurePercentage",
            entry.tolerated_failure_percentage.map(serde_json::Value::from),
        ),
        ("result", json(&entry.result)),
        ("afterResultSelector", json(&entry.after_result_selector)),
        ("afterResultPath", json(&entry.after_result_path)),
        ("output", json(&entry.output)),
        ("variables", json(&entry.assigned)),
    ];
    res.extend(optional.into_iter().filter_map(|(name, value)| Some((name, value?))));
    res
}

fn error_details(entry: &asl::StateTrace) -> Vec<serde_json::Value> {
    entry
        .errors
        .iter()
        .map(|details| {
            let mut object = serde_json::json!({
                "error": &*details.error.error,
                "cause": &*details.error.cause,
            });
            if let Some(index) = details.retry_index {
                object["retryIndex"] = index.into();
            }
            if let Some(count) = details.retry_count {
                object["retryCount"] = count.into();
            }
            if let Some(seconds) = details.retry_backoff_interval_seconds {
                object["retryBackoffIntervalSeconds"] = seconds.into();
            }
            if let Some(index) = details.catch_index {
                object["catchIndex"] = index.into();
            }
            object
        })
        .collect()
}

/// Where a run sits, for people: `Fan[1] › Each[4]` (branch 1 of Fan, then item 4 of Each).
fn run_label(execution: &Execution, definition: &asl::machine::Definition, run: asl::RunId) -> String {
    execution
        .run_path(run)
        .iter()
        .map(|step| {
            let name = definition.state(step.state).map_or("?", |state| &*state.name);
            format!("{name}[{}]", step.index)
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// `asl run --trace --format json`: one object per state entry, in the order states were
/// entered.
pub fn trace_json(execution: &Execution, definition: &asl::machine::Definition) -> serde_json::Value {
    let entries = execution.trace().iter().map(|entry| {
        let mut object = serde_json::Map::new();
        object.insert("state".into(), (*entry.name).into());
        let run = run_label(execution, definition, entry.run);
        if !run.is_empty() {
            object.insert("run".into(), run.into());
        }
        object.insert("enteredEventId".into(), entry.entered.0.into());
        if let Some(exited) = entry.exited {
            object.insert("exitedEventId".into(), exited.0.into());
        }
        for (name, value) in stages(entry) {
            object.insert(name.into(), value);
        }
        match entry.choice {
            Some(asl::exec::ChoiceTaken::Rule(index)) => {
                object.insert("choiceRule".into(), index.into());
            }
            Some(asl::exec::ChoiceTaken::Default) => {
                object.insert("choiceRule".into(), "Default".into());
            }
            None => {}
        }
        if let Some(next) = entry.next.and_then(|next| definition.state(next)) {
            object.insert("nextState".into(), (*next.name).into());
        }
        let errors = error_details(entry);
        if !errors.is_empty() {
            object.insert("errorDetails".into(), errors.into());
        }
        serde_json::Value::Object(object)
    });
    serde_json::Value::Array(entries.collect())
}

/// `asl run --trace`: each state entry's stages, for people.
pub fn data_flow(execution: &Execution, definition: &asl::machine::Definition, color: bool) -> String {
    let bold = |text: &str| {
        if color {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let dim = |text: &str| {
        if color {
            format!("\x1b[2m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let mut res = String::from("\nData flow, state by state:\n");
    for entry in execution.trace() {
        let type_name = definition.state(entry.state).map_or("", |state| state.type_name());
        let run = run_label(execution, definition, entry.run);
        let place = if run.is_empty() {
            String::new()
        } else {
            format!(" in {run}")
        };
        let _ = writeln!(
            res,
            "\n  {} {}",
            bold(&entry.name),
            dim(&format!("({type_name}{place})"))
        );
        for (name, value) in stages(entry) {
            let _ = writeln!(res, "    {:<27}{}", dim(name), value);
        }
        match entry.choice {
            Some(asl::exec::ChoiceTaken::Rule(index)) => {
                let _ = writeln!(res, "    {:<27}Choices[{index}]", dim("choice rule"));
            }
            Some(asl::exec::ChoiceTaken::Default) => {
                let _ = writeln!(res, "    {:<27}Default", dim("choice rule"));
            }
            None => {}
        }
        for details in error_details(entry) {
            let _ = writeln!(res, "    {:<27}{}", dim("error"), details);
        }
        if let Some(next) = entry.next.and_then(|next| definition.state(next)) {
            let _ = writeln!(res, "    {:<27}{}", dim("next state"), next.name);
        }
    }
    res
}
