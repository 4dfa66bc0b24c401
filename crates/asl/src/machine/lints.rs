//! Lints: warnings about definitions that are valid but probably not what their author meant.
//!
//! Each lint is a traps people fall into with Step Functions (a Choice without Default, a loop
//! with no way out, a Retry that never gives up), explained in plain words in [`LINTS`] with a
//! link to the concept in the AWS documentation. Lints run only on definitions without errors,
//! where every target is resolved, so they never repeat what validation already says.
//! What a run or a mock's code reveals (an error whose *message* is a name a Catch expects, a
//! payload near the 256 KiB quota) is checked by `mock::lint`, which sees histories and mocks.

use crate::diagnostic::{Diagnostic, Span, Suggestion, pointer_push};
use crate::syntax::Node;

use super::model::{
    Definition, Machine, MachineId, PercentField, ResultPath, Retrier, Seconds, Selection, State, StateId, StateKind,
    WaitSpec, targets,
};

/// What a lint means, for hosts that explain a warning beside its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LintDoc {
    /// The diagnostic code the lint reports.
    pub code: &'static str,
    pub title: &'static str,
    /// Why it matters, in plain words.
    pub explanation: &'static str,
    /// The concept in the AWS documentation.
    pub url: &'static str,
}

const ERRORS_URL: &str = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html";

/// Every lint, by code. Once shipped, a code keeps its meaning.
pub const LINTS: &[LintDoc] = &[
    LintDoc {
        code: "error-name-in-message",
        title: "An error's message names the error a Catch or Retry expects",
        explanation: "Retry and Catch match the error's name, which for a Lambda function is the exception's class: Python's raise Exception(\"PaymentFailedError\") fails with error \"Exception\", JavaScript's throw new Error(\"PaymentFailedError\") with \"Error\". The name is only in the message (the Cause), so the Catch never fires. Raise an exception of a class named like the error instead.",
        url: ERRORS_URL,
    },
    LintDoc {
        code: "retry-many-attempts",
        title: "A Retry on every error tries many times",
        explanation: "A retrier on States.ALL or States.TaskFailed also retries errors that will never go away (a bug, bad input), so each failure costs all its attempts and all their waits before the execution fails or a Catch takes over. Keep MaxAttempts small (the default is 3), and retry transient errors by name.",
        url: ERRORS_URL,
    },
    LintDoc {
        code: "retry-long-backoff",
        title: "A Retry's back-off grows to hours",
        explanation: "Each retry waits IntervalSeconds × BackoffRate^(attempt − 1). Without MaxDelaySeconds the waits grow exponentially, and a workflow can sit for hours or days retrying an error that will never go away. Cap each wait with MaxDelaySeconds, or lower MaxAttempts or BackoffRate.",
        url: ERRORS_URL,
    },
    LintDoc {
        code: "choice-without-default",
        title: "A Choice without Default",
        explanation: "When no rule of a Choice matches and it has no Default, the execution fails with States.NoChoiceMatched. Add a Default that names the state for everything else, even if it is a Fail state that says what was unexpected.",
        url: "https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html",
    },
    LintDoc {
        code: "loop-without-exit",
        title: "A loop with no way out",
        explanation: "From these states no path leads to an End, Succeed or Fail state: once entered, the execution loops until it fails or hits the one-year limit. Give the loop's Choice a rule or a Default that leaves it.",
        url: "https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html",
    },
    LintDoc {
        code: "result-path-discards-input",
        title: "ResultPath replaces the input that a later state reads",
        explanation: "A Task's ResultPath is \"$\" unless set: its result replaces its whole input. The next state then reads a field of the input that the result does not carry. Keep the input and put the result beside it with a ResultPath such as \"$.result\".",
        url: "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html",
    },
    LintDoc {
        code: "wait-over-a-year",
        title: "A Wait longer than a standard workflow may run",
        explanation: "A standard workflow runs at most one year; a Wait longer than that ends the execution with a timeout before it finishes waiting.",
        url: "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html",
    },
    LintDoc {
        code: "uncaught-branch-failure",
        title: "A Map or Parallel without Catch",
        explanation: "When one branch or iteration fails and nothing inside catches it, the whole Map or Parallel fails, the other branches are stopped, and without a Catch here the whole execution fails. Add a Catch (a States.ALL fallback at least), or catch inside the branch, or tolerate failures on a Map.",
        url: ERRORS_URL,
    },
    LintDoc {
        code: "payload-near-limit",
        title: "A payload close to the 256 KiB quota",
        explanation: "A state's input or output may be at most 256 KiB (UTF-8); beyond that the execution fails with States.DataLimitExceeded, which no Catch can handle (only a task's oversized result is a task failure that Catch sees). Keep large data in S3 and pass its key.",
        url: "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html",
    },
];

/// The explanation of a lint, by its diagnostic code.
pub fn lint_doc(code: &str) -> Option<&'static LintDoc> {
    LINTS.iter().find(|doc| doc.code == code)
}

/// A standard workflow's longest run, in seconds (365 days).
const ONE_YEAR_SECONDS: u64 = 365 * 24 * 60 * 60;
/// More attempts than this on a catch-all retrier is worth a warning.
const MANY_ATTEMPTS: u32 = 10;
/// Total back-off (seconds) of one retrier beyond which it is worth a warning.
const LONG_BACKOFF_SECONDS: f64 = 60.0 * 60.0;

/// The lints of a definition that has no errors (`root` is its tree).
pub(super) fn lint(definition: &Definition, root: &Node) -> Vec<Diagnostic> {
    let mut res = Vec::new();
    for (machine_index, machine) in definition.machines.iter().enumerate() {
        for state in &machine.states {
            let node = root.at_pointer(&state.pointer);
            lint_retriers(state, node, &mut res);
            lint_state(state, node, &mut res);
            if machine_index == MachineId::ROOT.0 as usize {
                lint_uncaught_children(definition, state, &mut res);
            }
        }
        lint_loops(machine, &mut res);
        lint_result_paths(machine, root, &mut res);
    }
    res
}

fn field_span(node: Option<&Node>, field: &str, state: &State) -> Span {
    node.and_then(|node| node.member(field))
        .map(|member| member.key_span)
        .unwrap_or(state.span)
}

fn lint_retriers(state: &State, node: Option<&Node>, res: &mut Vec<Diagnostic>) {
    let retry_nodes = node.and_then(|node| node.get("Retry")).and_then(Node::as_items);
    for (index, retrier) in state.retry.iter().enumerate() {
        let catch_all = retrier
            .error_equals
            .iter()
            .find(|name| &***name == "States.ALL" || &***name == "States.TaskFailed");
        let Some(catch_all) = catch_all else {
            continue;
        };
        let pointer = pointer_push(&pointer_push(&state.pointer, "Retry"), &index.to_string());
        let retrier_node = retry_nodes.and_then(|items| items.get(index));
        // Where a field of this retrier is (its key), or the retrier itself when it is not set.
        let locate = |field: &str| match retrier_node.and_then(|node| node.member(field)) {
            Some(member) => (pointer_push(&pointer, field), member.key_span),
            None => (
                pointer.clone(),
                retrier_node
                    .map(|node| Span::new(node.span.start, node.span.start + 1))
                    .unwrap_or(state.span),
            ),
        };
        if retrier.max_attempts > MANY_ATTEMPTS {
            let (at, span) = locate("MaxAttempts");
            res.push(Diagnostic::warning(
                "retry-many-attempts",
                format!(
                    "this retrier on {catch_all} tries {} times, also for errors that will never go away; keep MaxAttempts small (3 is the default) and retry transient errors by name",
                    retrier.max_attempts
                ),
                &at,
                span,
            ));
        }
        let total = total_backoff_seconds(retrier);
        if retrier.max_delay_seconds.is_none() && total > LONG_BACKOFF_SECONDS {
            let suggestion = retrier_node.and_then(|node| insert_member(node, "\"MaxDelaySeconds\": 60"));
            let (at, span) = locate("BackoffRate");
            res.push(
                Diagnostic::warning(
                    "retry-long-backoff",
                    format!(
                        "this retrier on {catch_all} waits {} in all before it gives up; cap each wait with \"MaxDelaySeconds\"",
                        describe_seconds(total)
                    ),
                    &at,
                    span,
                )
                .with_suggestion(suggestion),
            );
        }
    }
}

/// The sum of a retrier's waits over all its attempts, without jitter (an upper bound with it).
fn total_backoff_seconds(retrier: &Retrier) -> f64 {
    let mut total = 0.0;
    let mut interval = retrier.interval_seconds;
    for _ in 0..retrier.max_attempts.min(10_000) {
        let wait = match retrier.max_delay_seconds {
            Some(max) => interval.min(max),
            None => interval,
        };
        total += wait;
        if !total.is_finite() || total > 1e12 {
            return f64::INFINITY;
        }
        interval *= retrier.backoff_rate;
    }
    total
}

fn describe_seconds(seconds: f64) -> String {
    if !seconds.is_finite() || seconds > 1e9 {
        return "practically forever".to_owned();
    }
    let hours = seconds / 3600.0;
    if hours < 48.0 {
        format!("about {} hours", crate::decimal::fixed(hours, 0))
    } else {
        format!("about {} days", crate::decimal::fixed(hours / 24.0, 0))
    }
}

/// An edit inserting `member` as the first member of the object `node`.
fn insert_member(node: &Node, member: &str) -> Option<Suggestion> {
    node.as_members()?;
    let at = node.span.start + 1;
    let separator = if node.as_members().is_some_and(|members| !members.is_empty()) {
        ", "
    } else {
        ""
    };
    Some(Suggestion {
        span: Span::new(at, at),
        replacement: format!(" {member}{separator}"),
    })
}

fn lint_state(state: &State, node: Option<&Node>, res: &mut Vec<Diagnostic>) {
    match &state.kind {
        StateKind::Choice { default: None, .. } => res.push(Diagnostic::warning(
            "choice-without-default",
            format!(
                "Choice \"{}\" has no \"Default\": when no rule matches, the execution fails with States.NoChoiceMatched; add a \"Default\" state",
                state.name
            ),
            &state.pointer,
            state.span,
        )),
        StateKind::Wait(WaitSpec::Seconds(Seconds::Literal(seconds))) if *seconds > ONE_YEAR_SECONDS => {
            res.push(Diagnostic::warning(
                "wait-over-a-year",
                format!(
                    "this Wait lasts {} days, longer than the one year a standard workflow may run: the execution times out first",
                    seconds / 86_400
                ),
                &pointer_push(&state.pointer, "Seconds"),
                field_span(node, "Seconds", state),
            ));
        }
        _ => {}
    }
}

/// A top-level Map or Parallel without Catch whose branches hold something that can fail.
fn lint_uncaught_children(definition: &Definition, state: &State, res: &mut Vec<Diagnostic>) {
    if !state.catch.is_empty() {
        return;
    }
    let (children, what) = match &state.kind {
        StateKind::Parallel { branches } => (branches.clone(), "branch"),
        StateKind::Map(spec) => {
            if matches!(spec.tolerated_failure_percentage, Some(PercentField::Literal(percent)) if percent >= 100.0) {
                return;
            }
            (vec![spec.processor], "iteration")
        }
        _ => return,
    };
    let Some(failing) = first_failing_state(definition, &children) else {
        return;
    };
    res.push(Diagnostic::warning(
        "uncaught-branch-failure",
        format!(
            "{} \"{}\" has no \"Catch\": if \"{failing}\" fails in one {what}, the whole execution fails; add a Catch on States.ALL",
            state.type_name(),
            state.name
        ),
        &state.pointer,
        state.span,
    ));
}

/// A Task or Fail state inside these machines (nested ones too) that no catch-all catches.
fn first_failing_state(definition: &Definition, machines: &[MachineId]) -> Option<String> {
    let mut stack: Vec<MachineId> = machines.to_vec();
    while let Some(machine_id) = stack.pop() {
        let machine = definition.machines.get(machine_id.0 as usize)?;
        for state in &machine.states {
            let caught = state
                .catch
                .iter()
                .any(|catcher| catcher.error_equals.iter().any(|name| &**name == "States.ALL"));
            match &state.kind {
                StateKind::Task(_) | StateKind::Fail { .. } if !caught => return Some(state.name.to_string()),
                StateKind::Parallel { branches } if !caught => stack.extend(branches.iter().copied()),
                StateKind::Map(spec) if !caught => stack.push(spec.processor),
                _ => {}
            }
        }
    }
    None
}

/// States reachable from StartAt from which no End, Succeed or Fail state can be reached.
fn lint_loops(machine: &Machine, res: &mut Vec<Diagnostic>) {
    let n_states = machine.states.len();
    let Some(start) = machine.start else {
        return;
    };
    let mut reachable = vec![false; n_states];
    let mut stack = vec![start];
    while let Some(StateId(index)) = stack.pop() {
        let index = index as usize;
        if index >= n_states || reachable[index] {
            continue;
        }
        reachable[index] = true;
        stack.extend(targets(&machine.states[index]));
    }
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n_states];
    for (index, state) in machine.states.iter().enumerate() {
        for StateId(target) in targets(state) {
            if let Some(list) = predecessors.get_mut(target as usize) {
                list.push(index);
            }
        }
    }
    let mut exits = vec![false; n_states];
    let mut stack: Vec<usize> = machine
        .states
        .iter()
        .enumerate()
        .filter(|(_, state)| is_exit(state))
        .map(|(index, _)| index)
        .collect();
    while let Some(index) = stack.pop() {
        if exits[index] {
            continue;
        }
        exits[index] = true;
        stack.extend(predecessors[index].iter().copied());
    }
    let trapped: Vec<&State> = machine
        .states
        .iter()
        .enumerate()
        .filter(|(index, _)| reachable[*index] && !exits[*index])
        .map(|(_, state)| state)
        .collect();
    let Some(first) = trapped.first() else {
        return;
    };
    let names: Vec<String> = trapped
        .iter()
        .take(6)
        .map(|state| format!("\"{}\"", state.name))
        .collect();
    let more = if trapped.len() > 6 { ", …" } else { "" };
    res.push(Diagnostic::warning(
        "loop-without-exit",
        format!(
            "no End, Succeed or Fail state can be reached from {}{more}: the execution loops until it fails or times out; give the loop a way out",
            names.join(", ")
        ),
        &first.pointer,
        first.span,
    ));
}

fn is_exit(state: &State) -> bool {
    match state.kind {
        StateKind::Succeed | StateKind::Fail { .. } => true,
        StateKind::Choice { .. } => false,
        _ => state.next.is_none(),
    }
}

/// A Task whose result replaces its input although the next state reads a field of that input.
fn lint_result_paths(machine: &Machine, root: &Node, res: &mut Vec<Diagnostic>) {
    for state in &machine.states {
        let StateKind::Task(task) = &state.kind else {
            continue;
        };
        if state.jsonata.is_some()
            || !matches!(state.result_path, ResultPath::Replace)
            || state.result_selector.is_some()
            || !matches!(state.output_path, Selection::Whole)
        {
            continue;
        }
        let Some(next) = state.next.and_then(|StateId(index)| machine.states.get(index as usize)) else {
            continue;
        };
        if next.jsonata.is_some() {
            continue;
        }
        // The result surely lacks the field when the task is an AWS integration (its result is
        // the service's response, e.g. `{"Payload": …, "StatusCode": 200}` for lambda:invoke), or
        // when the task was given only a selection of its input that included the field.
        let integration = task.resource.starts_with("arn:aws:states:::");
        let selected = input_fields(state);
        let Some(field) = input_fields(next)
            .into_iter()
            .find(|field| integration || selected.contains(field))
        else {
            continue;
        };
        let suggestion = root
            .at_pointer(&state.pointer)
            .and_then(|node| insert_member(node, "\"ResultPath\": \"$.result\""));
        res.push(
            Diagnostic::warning(
                "result-path-discards-input",
                format!(
                    "the result of \"{}\" replaces its input (ResultPath is \"$\" unless set), but \"{}\" reads $.{field} from it; keep the input with \"ResultPath\": \"$.result\"",
                    state.name, next.name
                ),
                &state.pointer,
                state.span,
            )
            .with_suggestion(suggestion),
        );
    }
}

/// The top-level fields of its input that a JSONPath state reads (InputPath, Parameters,
/// ItemsPath, Choice variables), in order, without repeats.
fn input_fields(state: &State) -> Vec<String> {
    let mut paths = Vec::new();
    match &state.input_path {
        Selection::Path(path) => {
            // Whatever InputPath selects is what the rest reads: only its own field counts.
            return path.first_input_field().map(str::to_owned).into_iter().collect();
        }
        Selection::Whole | Selection::Nothing => {}
    }
    if let Some(parameters) = &state.parameters {
        paths.extend(parameters.paths());
    }
    match &state.kind {
        StateKind::Map(spec) => paths.extend(spec.items_path.iter()),
        StateKind::Choice { choices, .. } => {
            let mut conditions: Vec<&super::model::Condition> = choices.iter().map(|rule| &rule.condition).collect();
            while let Some(condition) = conditions.pop() {
                match condition {
                    super::model::Condition::And(all) | super::model::Condition::Or(all) => conditions.extend(all),
                    super::model::Condition::Not(inner) => conditions.push(inner),
                    super::model::Condition::Test { variable, .. } => paths.push(variable),
                    super::model::Condition::Jsonata(_) => {}
                }
            }
        }
        _ => {}
    }
    let mut res: Vec<String> = Vec::new();
    for path in paths {
        if let Some(field) = path.first_input_field()
            && !res.iter().any(|known| known == field)
        {
            res.push(field.to_owned());
        }
    }
    res
}
