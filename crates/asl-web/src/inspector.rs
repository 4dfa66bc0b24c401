//! The inspector: every stage of one state entry's data flow, in AWS's names and order, each as
//! pretty JSON with what changed since the stage before highlighted; then the variables it
//! assigned, the Choice rule it took, what Retry and Catch did with its errors, and the context
//! object it saw. It reads the core's trace (`asl::StateTrace`); it decides nothing.

use asl::exec::ChoiceTaken;
use asl::{StateTrace, Value};
use leptos::prelude::*;

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

/// A stage as a collapsible block of JSON.
fn stage(name: &'static str, title: &'static str, value: &Value, previous: Option<&Value>) -> AnyView {
    let lines = lines(value, previous);
    let changed = lines.iter().filter(|line| line.changed).count();
    let note = match (previous, changed) {
        (None, _) => String::new(),
        (Some(_), 0) => "unchanged".to_owned(),
        (Some(_), count) => format!("{count} line(s) changed"),
    };
    let more = lines.len() > MAX_LINES;
    view! {
        <details class="stage" open data-testid=format!("stage-{name}") data-stage=name>
            <summary>
                <span class="stage-name">{title}</span>
                " "
                <span class="quiet stage-note">{note}</span>
            </summary>
            <pre class="json">
                {lines
                    .into_iter()
                    .take(MAX_LINES)
                    .map(|line| {
                        let class = if line.changed { "line changed" } else { "line" };
                        view! { <span class=class>{line.text}"\n"</span> }
                    })
                    .collect_view()}
                {more.then(|| view! { <span class="quiet">"… (export the history for all of it)"</span> })}
            </pre>
        </details>
    }
    .into_any()
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

/// The inspector for one state entry of the trace.
pub fn inspector(execution: &asl::Execution, definition: &asl::machine::Definition, entry: &StateTrace) -> AnyView {
    let state = definition.state(entry.state);
    let type_name = state.map_or("", |state| state.type_name());
    let jsonata = state.is_some_and(|state| state.jsonata.is_some());
    let place = run_label(execution, definition, entry.run);
    // Stages in AWS's order (TestState's InspectionData), with the names users see in the docs;
    // each compared with the stage before it. A result comes from the task or the children, so
    // it starts a new chain.
    let (first, second): (Vec<(&'static str, &'static str, Option<&Value>)>, _) = if jsonata {
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
    let mut stages: Vec<AnyView> = Vec::new();
    for chain in [first, second] {
        let mut previous: Option<&Value> = None;
        for (name, title, value) in chain {
            if let Some(value) = value {
                stages.push(stage(name, title, value, previous));
                previous = Some(value);
            }
        }
    }
    let selected_items: Vec<AnyView> = if entry.after_item_selector.iter().any(Option::is_some) {
        let items = Value::array(
            entry
                .after_item_selector
                .iter()
                .map(|item| item.clone().unwrap_or(Value::Null))
                .collect(),
        );
        vec![stage("afterItemSelector", "Items after ItemSelector", &items, None)]
    } else {
        Vec::new()
    };
    let assigned = entry
        .assigned
        .as_ref()
        .map(|assigned| stage("variables", "Variables assigned", assigned, None));
    let numbers = (entry.max_concurrency.is_some()
        || entry.tolerated_failure_count.is_some()
        || entry.tolerated_failure_percentage.is_some())
    .then(|| {
        let mut parts = Vec::new();
        if let Some(count) = entry.max_concurrency {
            parts.push(format!("MaxConcurrency {count}"));
        }
        if let Some(count) = entry.tolerated_failure_count {
            parts.push(format!("ToleratedFailureCount {count}"));
        }
        if let Some(percentage) = entry.tolerated_failure_percentage {
            parts.push(format!("ToleratedFailurePercentage {percentage}"));
        }
        view! { <p class="numbers">{parts.join(" · ")}</p> }
    });
    let choice = entry.choice.map(|choice| {
        let text = match choice {
            ChoiceTaken::Rule(index) => format!("Choice rule #{} matched (Choices[{index}]).", index + 1),
            ChoiceTaken::Default => "No Choice rule matched: Default.".to_owned(),
        };
        view! { <p class="choice" data-testid="choice-taken">{text}</p> }
    });
    let errors = entry
        .errors
        .iter()
        .map(|details| {
            let handled = match (
                details.retry_backoff_interval_seconds,
                details.catch_index,
                details.retry_index,
            ) {
                (Some(seconds), _, Some(index)) => format!(
                    "Retry #{} matched: retry {} after a back-off of {seconds} s.",
                    index + 1,
                    details.retry_count.unwrap_or(0) + 1
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
            view! {
                <div class="error-details" data-testid="error-details">
                    <dl class="error">
                        <dt>"Error"</dt><dd>{details.error.error.to_string()}</dd>
                        <dt>"Cause"</dt><dd>{details.error.cause.to_string()}</dd>
                    </dl>
                    <p class="handled">{handled}</p>
                </div>
            }
        })
        .collect_view();
    let next = entry
        .next
        .and_then(|next| definition.state(next))
        .map(|next| format!("Next: {}", next.name));
    let context = stage("context", "Context object ($$)", &execution.context_of(entry), None);
    let title = format!("{} ", entry.name);
    view! {
        <div class="inspector" data-testid="inspector">
            <h3>
                {title}
                <small>{format!("{type_name}{}", if place.is_empty() { String::new() } else { format!(" · {place}") })}</small>
            </h3>
            <p class="quiet">
                {format!(
                    "Entered at event #{}{}.",
                    entry.entered.0,
                    entry.exited.map_or_else(|| ", still running".to_owned(), |exited| format!(", left at event #{}", exited.0))
                )}
                " "
                {next}
            </p>
            {stages}
            {selected_items}
            {numbers}
            {choice}
            {assigned}
            {errors}
            <details class="stage context">
                <summary>"Context object ($$)"</summary>
                {context}
            </details>
        </div>
    }
    .into_any()
}
