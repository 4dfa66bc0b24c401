//! Text renderings for people: source snippets under diagnostics, and the trace of a run.

use std::fmt::Write as _;

use asl::{EventKind, Execution, Status};

/// Events inside Parallel branches and Map iterations shown before the trace summarises.
const MAX_NESTED_LINES: usize = 60;

/// The path an execution took, one line per state, then its result.
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
            EventKind::StateEntered { state_type, name, .. } => {
                let _ = writeln!(res, "{indent}→ {} ({state_type})", paint("1", name));
            }
            EventKind::TaskFailed { error, cause, .. } | EventKind::TaskTimedOut { error, cause, .. } => {
                let _ = writeln!(res, "{indent}  {} {error}: {cause}", paint("31", "✗"));
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
            EventKind::EvaluationFailed { error, location, .. } => {
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
            if let Some(error) = &outcome.error {
                let _ = writeln!(res, "Error: {}\nCause: {}", error.error, error.cause);
            }
        }
    }
    res
}
