//! Time travel: going back any number of host calls and forward again gives exactly the
//! execution a straight run gives (history, outcome, trace, live picture), for the definitions
//! of every conformance case and for long runs that cross many snapshots, with random answers.

// This test is a host: it reads the case files.
#![allow(clippy::disallowed_methods)]

use std::path::Path;

use asl::{Execution, ExecutionOptions, HostCall, Limits, Step, Timeline, Value, WorkflowError};
use proptest::prelude::*;

/// A stand-in JSONata engine: answers from the request alone, so replays must reuse its
/// recorded answers to agree.
struct FakeEngine;

impl asl::jsonata::Evaluator for FakeEngine {
    fn evaluate(&mut self, request: &asl::EvaluationRequest) -> Vec<asl::jsonata::Answer> {
        let input = request
            .bindings
            .get("states")
            .and_then(|states| states.get("input"))
            .cloned()
            .unwrap_or_default();
        request
            .expressions
            .iter()
            .map(|expression| match (expression.len() as u64 ^ request.seed) % 4 {
                0 => Ok(Some(input.clone())),
                1 => Ok(Some(Value::Bool(true))),
                2 => Ok(Some(Value::from_i64(1))),
                _ => Err("T2002: not a number".to_owned()),
            })
            .collect()
    }
}

/// Every case definition that loads, with its input (read once).
fn definitions() -> &'static [(String, Value)] {
    static DEFINITIONS: std::sync::OnceLock<Vec<(String, Value)>> = std::sync::OnceLock::new();
    DEFINITIONS.get_or_init(read_definitions)
}

fn read_definitions() -> Vec<(String, Value)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        manifest.join("../../../shared/conformance/cases"),
        manifest.join("tests/cases"),
    ] {
        collect(&dir, &mut files);
    }
    files.sort();
    let mut res = Vec::new();
    for file in files {
        let Ok(case) = Value::from_json(&std::fs::read_to_string(&file).unwrap()) else {
            continue;
        };
        let Some(definition) = case.get("definition") else {
            continue;
        };
        let text = definition.to_json();
        if asl::load(&text).is_ok() {
            res.push((text, case.get("input").cloned().unwrap_or_else(Value::empty_object)));
        }
    }
    // Long runs, so that travelling crosses snapshots: a counting loop and a wide Map of tasks
    // with retries on the virtual clock.
    res.push((
        r#"{"StartAt": "Init", "States": {
            "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.n", "Next": "Add"},
            "Add": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "More?"},
            "More?": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 400, "Next": "Add"}],
                      "Default": "Done"},
            "Done": {"Type": "Succeed"}}}"#
            .to_owned(),
        Value::empty_object(),
    ));
    res.push((
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 7, "End": true,
            "ItemProcessor": {"StartAt": "Work", "States": {
                "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                         "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 3, "MaxAttempts": 2}],
                         "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Fallback"}]},
                "Fallback": {"Type": "Wait", "Seconds": 1, "End": true}}}}}}"#
            .to_owned(),
        Value::array((0..150).map(Value::from_i64).collect()),
    ));
    res
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            files.push(path);
        }
    }
}

fn start(text: &str, input: &Value) -> Execution {
    let machine = asl::load(text).unwrap();
    let options = ExecutionOptions {
        trace: true,
        limits: Limits::default(),
        ..ExecutionOptions::default()
    };
    Execution::start(&machine, input.clone(), options)
}

/// Drives a timeline to its end, answering tasks from `answers` (a value, or one of a few
/// errors) and JSONata from the fake engine.
fn drive(timeline: &mut Timeline, answers: &[u8]) {
    let mut answered = 0usize;
    for _ in 0..20_000 {
        match timeline.step().unwrap() {
            Step::Progressed => {}
            Step::TaskRequested(request) => {
                let seed = answers[answered % answers.len()];
                answered += 1;
                let result = match seed % 4 {
                    0 => Err(WorkflowError::new("States.TaskFailed", "failed")),
                    1 => Err(WorkflowError::new("Custom", "custom")),
                    _ => Ok(Value::from_i64(i64::from(seed))),
                };
                timeline.complete_task(request.id, result).unwrap();
            }
            Step::EvaluationRequested(request) => {
                let answers = asl::jsonata::Evaluator::evaluate(&mut FakeEngine, &request);
                timeline.complete_evaluation(request.id, answers).unwrap();
            }
            Step::Blocked {
                next_wakeup: Some(time),
            } => timeline.advance_clock(time).unwrap(),
            Step::Blocked { next_wakeup: None } | Step::Finished => return,
        }
    }
}

/// Everything observable of an execution, as text.
fn observe(execution: &Execution) -> String {
    format!(
        "{}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{}",
        serde_json::to_string(&asl::history_json(execution.history())).unwrap(),
        // A Distributed Map's child executions keep histories of their own; ResultWriter writes.
        (
            execution
                .child_executions()
                .iter()
                .map(|child| serde_json::to_string(&asl::history_json(&child.history)).unwrap())
                .collect::<Vec<_>>(),
            execution.written_objects(),
        ),
        execution.outcome(),
        execution.trace(),
        execution.next_step(),
        execution
            .runs()
            .map(|run| (run.id, run.state, run.waiting))
            .collect::<Vec<_>>(),
        execution.now(),
    )
}

/// The same calls, made one by one on a fresh execution: the straight run to compare with.
fn straight(text: &str, input: &Value, calls: &[HostCall]) -> Execution {
    let mut execution = start(text, input);
    for call in calls {
        match call {
            HostCall::Step => drop(execution.step().unwrap()),
            HostCall::CompleteTask { id, result } => execution.complete_task(*id, result.clone()).unwrap(),
            HostCall::CompleteEvaluation { id, answers } => {
                execution.complete_evaluation(*id, answers.clone()).unwrap()
            }
            HostCall::RecordHeartbeat { id } => execution.record_heartbeat(*id).unwrap(),
            HostCall::AdvanceClock { time } => execution.advance_clock(*time).unwrap(),
        }
    }
    execution
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn going_back_and_forward_again_equals_a_straight_run(
        pick in any::<prop::sample::Index>(),
        answers in prop::collection::vec(any::<u8>(), 1..8),
        travels in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..6),
    ) {
        let definitions = definitions();
        let (text, input) = &definitions[pick.index(definitions.len())];
        let mut timeline = Timeline::new(start(text, input));
        drive(&mut timeline, &answers);
        let calls = timeline.calls().to_vec();
        let len = calls.len();
        prop_assert_eq!(observe(timeline.latest()), observe(&straight(text, input, &calls)));
        for (back_to, forward_to) in travels {
            // Back to any position, then forward to any later one, call by call.
            let back_to = back_to.index(len + 1);
            timeline.go_to(back_to).unwrap();
            prop_assert_eq!(timeline.position(), back_to);
            prop_assert_eq!(timeline.execution().history().len(), timeline.events_at(back_to));
            prop_assert_eq!(observe(timeline.execution()), observe(&straight(text, input, &calls[..back_to])));
            let forward_to = back_to + forward_to.index(len - back_to + 1);
            while timeline.position() < forward_to {
                prop_assert!(timeline.forward().unwrap().is_some());
            }
            prop_assert_eq!(
                observe(timeline.execution()),
                observe(&straight(text, input, &calls[..forward_to]))
            );
        }
        // Recorded calls are unchanged by travelling, and the latest is reached again.
        prop_assert_eq!(timeline.calls(), &calls[..]);
        timeline.go_to(len).unwrap();
        prop_assert!(timeline.at_latest());
    }
}

/// The long runs, checked at many positions: travelling across and between snapshots, where
/// the states current at a snapshot (a Map waiting for its iterations, a Task waiting for its
/// answer) have changed since in the latest execution.
#[test]
fn long_runs_agree_with_a_straight_run_across_snapshots() {
    let definitions = definitions();
    for (text, input) in &definitions[definitions.len() - 2..] {
        let mut timeline = Timeline::new(start(text, input));
        drive(&mut timeline, &[2, 0, 5, 1, 6]);
        let calls = timeline.calls().to_vec();
        assert!(
            calls.len() > 600,
            "long enough to cross snapshots: {} calls",
            calls.len()
        );
        let mut position = calls.len();
        while position > 0 {
            position = position.saturating_sub(97);
            timeline.go_to(position).unwrap();
            assert_eq!(
                observe(timeline.execution()),
                observe(&straight(text, input, &calls[..position])),
                "at position {position} of {}",
                calls.len()
            );
        }
    }
}

/// A call made back in time that differs from the recorded one starts a new future.
#[test]
fn a_different_answer_back_in_time_starts_a_new_future() {
    let text = include_str!("../../../examples/order-workflow.json");
    let input = Value::from_json(r#"{"orderId": "o-1", "amount": 25}"#).unwrap();
    let mut timeline = Timeline::new(start(text, &input));
    drive(&mut timeline, &[2]);
    assert_eq!(timeline.latest().outcome().unwrap().status, asl::Status::Succeeded);
    // Back to ProcessPayment's request, and answer it with its failure this time.
    let request_at = timeline
        .calls()
        .iter()
        .position(|call| matches!(call, HostCall::CompleteTask { .. }))
        .unwrap();
    timeline.go_to(request_at).unwrap();
    let id = timeline.execution().pending_tasks().next().unwrap().id;
    timeline
        .complete_task(id, Err(WorkflowError::new("PaymentFailedError", "declined")))
        .unwrap();
    assert!(timeline.at_latest(), "the recorded future is gone");
    assert_eq!(timeline.len(), request_at + 1);
    drive(&mut timeline, &[2]);
    let states: Vec<&str> = timeline.latest().top_level_states().map(|name| &**name).collect();
    assert_eq!(states, ["ProcessPayment", "NotifyPaymentFailure"]);
    // The same answer as recorded moves along the recorded future instead.
    timeline.go_to(request_at).unwrap();
    timeline
        .complete_task(id, Err(WorkflowError::new("PaymentFailedError", "declined")))
        .unwrap();
    assert!(!timeline.at_latest());
    assert_eq!(timeline.position(), request_at + 1);
}

#[test]
fn events_map_to_positions() {
    let text = include_str!("../../../examples/order-workflow.json");
    let mut timeline = Timeline::new(start(text, &Value::empty_object()));
    drive(&mut timeline, &[2]);
    let events = timeline.latest().history().len();
    for event in 1..=events {
        let position = timeline.position_of_event(event);
        assert!(timeline.events_at(position) >= event);
        assert!(position == 0 || timeline.events_at(position - 1) < event);
        timeline.go_to(position).unwrap();
        assert_eq!(
            timeline.execution().history()[event - 1].id,
            timeline.latest().history()[event - 1].id
        );
    }
}
