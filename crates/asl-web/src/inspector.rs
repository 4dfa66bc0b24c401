//! The inspector: every stage of one state entry's data flow, in AWS's names and order, each as
//! pretty JSON with what changed since the stage before highlighted; then the variables it
//! assigned, the Choice rule it took, what Retry and Catch did with its errors, and the context
//! object it saw. It reads the core's trace (`asl::StateTrace`); it decides nothing.

use asl::decimal::shortest;
use asl::exec::ChoiceTaken;
use asl::{StateTrace, Value};
use std::fmt::Write as _;

/// Lines a stage shows before it says how many more there are.
const MAX_LINES: usize = 400;

/// One line of pretty JSON, and whether it differs from the stage before.
struct Line {
    text: String,
    changed: bool,
}

#[derive(Clone, PartialEq)]
enum Part {
    Key(std::sync::Arc<str>),
    Index(usize),
}

fn lookup<'v>(value: &'v Value, path: &[Part]) -> Option<&'v Value> {
    let mut at = value;
    for part in path {
        at = match (part, at) {
            (Part::Key(key), Value::Object(members)) => members.get(key)?,
            (Part::Index(index), Value::Array(items)) => items.get(*index)?,
            _ => return None,
        };
    }
    Some(at)
}

/// Pretty JSON as lines, each marked when the value at its path differs from `previous` (for
/// a container's opening line: when the container is new).
fn lines(value: &Value, previous: Option<&Value>) -> Vec<Line> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(value, previous, &mut path, 0, None, true, &mut out);
    out
}

#[allow(clippy::too_many_arguments)]
fn walk(
    value: &Value,
    previous: Option<&Value>,
    path: &mut Vec<Part>,
    depth: usize,
    key: Option<&str>,
    last: bool,
    out: &mut Vec<Line>,
) {
    if out.len() > MAX_LINES {
        return;
    }
    let indent = "  ".repeat(depth);
    let label = key.map_or(String::new(), |key| format!("{}: ", Value::from(key).to_json()));
    let comma = if last { "" } else { "," };
    let before = previous.and_then(|previous| lookup(previous, path));
    let changed = previous.is_some() && before != Some(value);
    match value {
        Value::Object(members) if !members.is_empty() => {
            out.push(Line {
                text: format!("{indent}{label}{{"),
                changed: previous.is_some() && before.is_none(),
            });
            let count = members.len();
            for (index, (name, member)) in members.iter().enumerate() {
                path.push(Part::Key(name.clone()));
                walk(member, previous, path, depth + 1, Some(name), index + 1 == count, out);
                path.pop();
            }
            out.push(Line {
                text: format!("{indent}}}{comma}"),
                changed: false,
            });
        }
        Value::Array(items) if !items.is_empty() => {
            out.push(Line {
                text: format!("{indent}{label}["),
                changed: previous.is_some() && before.is_none(),
            });
            let count = items.len();
            for (index, item) in items.iter().enumerate() {
                path.push(Part::Index(index));
                walk(item, previous, path, depth + 1, None, index + 1 == count, out);
                path.pop();
            }
            out.push(Line {
                text: format!("{indent}]{comma}"),
                changed: false,
            });
        }
        scalar => out.push(Line {
            text: format!("{indent}{label}{}{comma}", scalar.to_json()),
            changed,
        }),
    }
}

/// Text as HTML: the only way any value reaches the inspector's markup.
pub fn escape(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => res.push_str("&amp;"),
            '<' => res.push_str("&lt;"),
            '>' => res.push_str("&gt;"),
            '"' => res.push_str("&quot;"),
            '\'' => res.push_str("&#39;"),
            _ => res.push(c),
        }
    }
    res
}

/// A stage as a collapsible block of JSON (HTML, every value escaped).
fn stage(out: &mut String, name: &str, title: &str, value: &Value, previous: Option<&Value>, open: bool) {
    let lines = lines(value, previous);
    let changed = lines.iter().filter(|line| line.changed).count();
    let note = match (previous, changed) {
        (None, _) => String::new(),
        (Some(_), 0) => "unchanged".to_owned(),
        (Some(_), count) => format!("{count} line(s) changed"),
    };
    let _ = write!(
        out,
        "<details class=\"stage\"{} data-testid=\"stage-{name}\" data-stage=\"{name}\"><summary><span class=\"stage-name\">{}</span> <span class=\"quiet stage-note\">{note}</span></summary><pre class=\"json\">",
        if open { " open" } else { "" },
        escape(title)
    );
    for line in lines.iter().take(MAX_LINES) {
        let class = if line.changed { "line changed" } else { "line" };
        let _ = write!(out, "<span class=\"{class}\">{}\n</span>", escape(&line.text));
    }
    if lines.len() > MAX_LINES {
        out.push_str("<span class=\"quiet\">… (export the history for all of it)</span>");
    }
    out.push_str("</pre></details>");
}

/// Where a run sits, in words: "branch 2 of Fan › item 4 of Each".
pub fn run_label(execution: &asl::Execution, definition: &asl::machine::Definition, run: asl::RunId) -> String {
    execution
        .run_path(run)
        .iter()
        .map(|step| {
            let name = definition.state(step.state).map_or("?", |state| &*state.name);
            match step.kind {
                asl::RunKind::Branch => format!("branch {} of {name}", step.index + 1),
                _ => format!("item {} of {name}", step.index),
            }
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// The inspector for one state entry of the trace, as HTML (every value escaped).
pub fn inspector_html(execution: &asl::Execution, definition: &asl::machine::Definition, entry: &StateTrace) -> String {
    let state = definition.state(entry.state);
    let type_name = state.map_or("", |state| state.type_name());
    let jsonata = state.is_some_and(|state| state.jsonata.is_some());
    let place = run_label(execution, definition, entry.run);
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<h3>{} <small>{type_name}{}</small></h3>",
        escape(&entry.name),
        if place.is_empty() {
            String::new()
        } else {
            format!(" · {}", escape(&place))
        }
    );
    let next = entry
        .next
        .and_then(|next| definition.state(next))
        .map(|next| format!(" Next: {}", escape(&next.name)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<p class=\"quiet\">Entered at event #{}{}.{next}</p>",
        entry.entered.0,
        entry.exited.map_or_else(
            || ", still running".to_owned(),
            |exited| format!(", left at event #{}", exited.0)
        )
    );
    // Stages in AWS's order (TestState's InspectionData), with the names users see in the docs;
    // each compared with the stage before it. A result comes from the task or the children, so
    // it starts a new chain.
    type Stages<'v> = Vec<(&'static str, &'static str, Option<&'v Value>)>;
    let (first, second): (Stages, Stages) = if jsonata {
        (
            vec![
                ("input", "Input", Some(&entry.input)),
                ("afterArguments", "After Arguments", entry.after_arguments.as_ref()),
                ("afterItemsPath", "Items", entry.after_items_path.as_ref()),
            ],
            vec![
                ("result", "Result", entry.result.as_ref()),
                ("output", "Output", entry.output.as_ref()),
            ],
        )
    } else {
        (
            vec![
                ("input", "Input", Some(&entry.input)),
                ("afterInputPath", "After InputPath", entry.after_input_path.as_ref()),
                ("afterParameters", "After Parameters", entry.after_parameters.as_ref()),
                ("afterItemsPath", "After ItemsPath", entry.after_items_path.as_ref()),
            ],
            vec![
                ("result", "Result", entry.result.as_ref()),
                (
                    "afterResultSelector",
                    "After ResultSelector",
                    entry.after_result_selector.as_ref(),
                ),
                ("afterResultPath", "After ResultPath", entry.after_result_path.as_ref()),
                ("output", "Output (after OutputPath)", entry.output.as_ref()),
            ],
        )
    };
    for chain in [first, second] {
        let mut previous: Option<&Value> = None;
        for (name, title, value) in chain {
            if let Some(value) = value {
                stage(&mut out, name, title, value, previous, true);
                previous = Some(value);
            }
        }
    }
    if entry.after_item_selector.iter().any(Option::is_some) {
        let items = Value::array(
            entry
                .after_item_selector
                .iter()
                .map(|item| item.clone().unwrap_or(Value::Null))
                .collect(),
        );
        stage(
            &mut out,
            "afterItemSelector",
            "Items after ItemSelector",
            &items,
            None,
            true,
        );
    }
    let mut numbers = Vec::new();
    if let Some(count) = entry.max_concurrency {
        numbers.push(format!("MaxConcurrency {count}"));
    }
    if let Some(count) = entry.tolerated_failure_count {
        numbers.push(format!("ToleratedFailureCount {count}"));
    }
    if let Some(percentage) = entry.tolerated_failure_percentage {
        numbers.push(format!("ToleratedFailurePercentage {}", shortest(percentage)));
    }
    if !numbers.is_empty() {
        let _ = write!(out, "<p class=\"numbers\">{}</p>", escape(&numbers.join(" · ")));
    }
    if let Some(choice) = entry.choice {
        let text = match choice {
            ChoiceTaken::Rule(index) => format!("Choice rule #{} matched (Choices[{index}]).", index + 1),
            ChoiceTaken::Default => "No Choice rule matched: Default.".to_owned(),
        };
        let _ = write!(out, "<p class=\"choice\" data-testid=\"choice-taken\">{text}</p>");
    }
    if let Some(assigned) = &entry.assigned {
        stage(&mut out, "variables", "Variables assigned", assigned, None, true);
    }
    for details in &entry.errors {
        let handled = match (
            details.retry_backoff_interval_seconds,
            details.catch_index,
            details.retry_index,
        ) {
            (Some(seconds), _, Some(index)) => format!(
                "Retry #{} matched: retry {} after a back-off of {} s.",
                index + 1,
                details.retry_count.unwrap_or(0) + 1,
                shortest(seconds)
            ),
            (None, Some(index), retry) => format!(
                "{}Catch #{} matched: the error output {{\"Error\", \"Cause\"}} goes on through its ResultPath.",
                retry.map_or(String::new(), |index| format!(
                    "Retry #{} had no attempts left. ",
                    index + 1
                )),
                index + 1
            ),
            (None, None, Some(index)) => format!(
                "Retry #{} had no attempts left and no Catch matched: the error fails the run.",
                index + 1
            ),
            _ => "No Retry or Catch matched: the error fails the run.".to_owned(),
        };
        let _ = write!(
            out,
            "<div class=\"error-details\" data-testid=\"error-details\"><dl class=\"error\"><dt>Error</dt><dd>{}</dd><dt>Cause</dt><dd>{}</dd></dl><p class=\"handled\">{}</p></div>",
            escape(&details.error.error),
            escape(&details.error.cause),
            escape(&handled)
        );
    }
    stage(
        &mut out,
        "context",
        "Context object ($$)",
        &execution.context_of(entry),
        None,
        false,
    );
    out
}
