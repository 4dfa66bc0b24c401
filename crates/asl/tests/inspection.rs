//! What a debugger reads from an execution: which run and state every event and task request
//! belongs to, the live picture of runs, variables and timers, and the next step before it
//! happens.

use asl::{
    EventKind, Execution, ExecutionOptions, NextAction, RunId, RunKind, Step, TaskRequest, Value, Waiting,
    WorkflowError,
};

fn start(text: &str, input: &str) -> Execution {
    let machine = asl::load(text).unwrap_or_else(|diagnostics| panic!("{diagnostics:#?}"));
    Execution::start(&machine, Value::from_json(input).unwrap(), ExecutionOptions::default())
}

fn drain(execution: &mut Execution) -> (Vec<TaskRequest>, Step) {
    let mut requests = Vec::new();
    loop {
        match execution.step().unwrap() {
            Step::Progressed => {}
            Step::TaskRequested(request) => requests.push(*request),
            other => return (requests, other),
        }
    }
}

const MAP_OF_TASKS: &str = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
    "ItemProcessor": {"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}}}}"#;

#[test]
fn task_requests_say_which_run_state_and_invocation_they_are() {
    let mut execution = start(MAP_OF_TASKS, "[10, 20, 30]");
    let (requests, _) = drain(&mut execution);
    assert_eq!(requests.len(), 3);
    for (index, request) in requests.iter().enumerate() {
        assert_eq!(
            request.invocation, index as u32,
            "one counter per state, over every iteration"
        );
        let path = execution.run_path(request.run);
        assert_eq!(path.len(), 1);
        assert_eq!(path[0].kind, RunKind::Iteration);
        assert_eq!(path[0].index, index);
        let definition = asl::load(MAP_OF_TASKS).unwrap();
        let map_state = definition.definition().state(path[0].state).unwrap();
        assert_eq!(&*map_state.name, "Each");
        let task_state = definition.definition().state(request.state).unwrap();
        assert_eq!(&*task_state.name, "Charge");
        // The context object as the state sees it.
        assert_eq!(
            request.context.get("State").and_then(|state| state.get("Name")),
            Some(&Value::from("Charge"))
        );
        assert!(
            request
                .context
                .get("Execution")
                .and_then(|execution| execution.get("Id"))
                .is_some()
        );
    }
}

#[test]
fn every_event_belongs_to_its_run_and_state() {
    let text = r#"{"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "Next": "Done", "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]},
        "Done": {"Type": "Succeed"}}}"#;
    let mut execution = start(text, "{}");
    assert!(execution.run_to_end(100, |_| Ok(Value::Null)).unwrap());
    let definition = asl::load(text).unwrap();
    let mut seen = Vec::new();
    for event in execution.history() {
        let state = event
            .state()
            .and_then(|at| definition.definition().state(at))
            .map(|state| state.name.to_string());
        let branch = execution.run_path(event.run()).last().map(|step| step.index);
        seen.push((event.kind.type_name(), state, branch));
    }
    let expected: Vec<(&str, Option<String>, Option<usize>)> = vec![
        ("ExecutionStarted", None, None),
        ("ParallelStateEntered", Some("Fan".into()), None),
        ("ParallelStateStarted", Some("Fan".into()), None),
        ("PassStateEntered", Some("A".into()), Some(0)),
        ("PassStateExited", Some("A".into()), Some(0)),
        ("PassStateEntered", Some("B".into()), Some(1)),
        ("PassStateExited", Some("B".into()), Some(1)),
        ("ParallelStateSucceeded", Some("Fan".into()), None),
        ("ParallelStateExited", Some("Fan".into()), None),
        ("SucceedStateEntered", Some("Done".into()), None),
        ("SucceedStateExited", Some("Done".into()), None),
        ("ExecutionSucceeded", None, None),
    ];
    let seen: Vec<(&str, Option<String>, Option<usize>)> = seen
        .iter()
        .map(|(kind, state, branch)| (kind.as_str(), state.clone(), *branch))
        .collect();
    assert_eq!(seen, expected);
}

#[test]
fn the_next_step_is_known_before_it_is_taken() {
    let text = r#"{"StartAt": "First", "States": {
        "First": {"Type": "Pass", "Next": "Charge"},
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                   "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 5}]}}}"#;
    let definition = asl::load(text).unwrap();
    let name = |action: &NextAction| match action {
        NextAction::Enter(at, _) | NextAction::Continue(at) => {
            definition.definition().state(*at).unwrap().name.to_string()
        }
        NextAction::Fail(..) => "fail".to_owned(),
    };
    let mut execution = start(text, "{}");
    let next = execution.next_step().unwrap();
    assert_eq!(next.run, RunId::ROOT);
    assert!(matches!(&next.action, NextAction::Enter(_, input) if input.to_json() == "{}"));
    assert_eq!(name(&next.action), "First");
    execution.step().unwrap();
    assert_eq!(name(&execution.next_step().unwrap().action), "Charge");
    // Entering the Task schedules it (TaskScheduled); the next step starts it and asks.
    assert!(matches!(execution.step().unwrap(), Step::Progressed));
    assert!(matches!(
        execution.history().last().unwrap().kind,
        EventKind::TaskScheduled { .. }
    ));
    assert_eq!(name(&execution.next_step().unwrap().action), "Charge");
    let Step::TaskRequested(request) = execution.step().unwrap() else {
        panic!("the Task asks");
    };
    assert!(matches!(
        execution.history().last().unwrap().kind,
        EventKind::TaskStarted { .. }
    ));
    assert_eq!(execution.next_step(), None, "nothing moves until the host answers");
    assert_eq!(
        execution.run_info(RunId::ROOT).unwrap().waiting,
        Waiting::Task(request.id)
    );
    execution
        .complete_task(request.id, Err(WorkflowError::new("Boom", "")))
        .unwrap();
    assert!(matches!(
        execution.next_step().unwrap().action,
        NextAction::Fail(Some(_), _)
    ));
    execution.step().unwrap();
    // The retrier waits five seconds on the virtual clock.
    assert_eq!(
        execution.run_info(RunId::ROOT).unwrap().waiting,
        Waiting::Timer { until: 5_000 }
    );
    assert_eq!(execution.timers(), [(5_000, RunId::ROOT)]);
}

#[test]
fn a_run_sees_its_own_variables_over_the_outer_ones() {
    let text = r#"{"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"who": "outer", "n": 1}, "Next": "Each"},
        "Each": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Inner", "States": {
            "Inner": {"Type": "Pass", "Assign": {"who": "inner"}, "Next": "Wait"},
            "Wait": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}}}}"#;
    let mut execution = start(text, "[1]");
    let (requests, _) = drain(&mut execution);
    let inner = requests[0].run;
    let variables: Vec<(String, String)> = execution
        .variables(inner)
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.to_json()))
        .collect();
    assert_eq!(
        variables,
        [
            ("who".to_owned(), "\"inner\"".to_owned()),
            ("n".to_owned(), "1".to_owned())
        ]
    );
    let runs: Vec<(RunKind, Waiting)> = execution.runs().map(|run| (run.kind, run.waiting)).collect();
    assert_eq!(
        runs,
        [
            (RunKind::Top, Waiting::Children),
            (RunKind::Iteration, Waiting::Task(requests[0].id))
        ]
    );
}

fn traced(text: &str, input: &str) -> Execution {
    let machine = asl::load(text).unwrap_or_else(|diagnostics| panic!("{diagnostics:#?}"));
    let options = ExecutionOptions {
        trace: true,
        ..ExecutionOptions::default()
    };
    Execution::start(&machine, Value::from_json(input).unwrap(), options)
}

fn json(value: &Option<Value>) -> String {
    value.as_ref().map_or("-".to_owned(), Value::to_json)
}

#[test]
fn the_trace_records_every_stage_of_a_task() {
    let text = r#"{"StartAt": "Charge", "States": {"Charge": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "InputPath": "$.order", "Parameters": {"id.$": "$.id"},
        "ResultSelector": {"paid.$": "$.Payload.ok"}, "ResultPath": "$.payment",
        "OutputPath": "$.payment", "Assign": {"charged.$": "$.paid"}, "End": true}}}"#;
    let mut execution = traced(text, r#"{"order": {"id": 7, "note": "x"}}"#);
    let finished = execution
        .run_to_end(100, |_| Ok(Value::from_json(r#"{"Payload": {"ok": true}}"#).unwrap()))
        .unwrap();
    assert!(finished);
    let [entry] = execution.trace() else {
        panic!("one state entry: {:?}", execution.trace());
    };
    assert_eq!(entry.input.to_json(), r#"{"order":{"id":7,"note":"x"}}"#);
    assert_eq!(json(&entry.after_input_path), r#"{"id":7,"note":"x"}"#);
    assert_eq!(json(&entry.after_parameters), r#"{"id":7}"#);
    assert_eq!(json(&entry.result), r#"{"Payload":{"ok":true}}"#);
    assert_eq!(json(&entry.after_result_selector), r#"{"paid":true}"#);
    assert_eq!(
        json(&entry.after_result_path),
        r#"{"order":{"id":7,"note":"x"},"payment":{"paid":true}}"#
    );
    assert_eq!(json(&entry.output), r#"{"paid":true}"#);
    assert_eq!(json(&entry.assigned), r#"{"charged":true}"#);
    assert_eq!(entry.after_arguments, None, "a JSONPath state has no Arguments");
    assert_eq!(entry.exited.map(|id| id.0), Some(6));
}

#[test]
fn the_trace_records_the_choice_taken_and_what_retry_and_catch_did() {
    let text = r#"{"StartAt": "Route", "States": {
        "Route": {"Type": "Choice", "Choices": [
            {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"}], "Default": "Charge"},
        "Big": {"Type": "Succeed"},
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
            "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recover"}]},
        "Recover": {"Type": "Pass", "End": true}}}"#;
    let mut execution = traced(text, r#"{"n": 1}"#);
    let mut calls = 0;
    let finished = execution
        .run_to_end(100, |_| {
            calls += 1;
            Err(WorkflowError::new(if calls < 3 { "Flaky" } else { "Broken" }, "no"))
        })
        .unwrap();
    assert!(finished);
    let names: Vec<&str> = execution.trace().iter().map(|entry| &*entry.name).collect();
    assert_eq!(names, ["Route", "Charge", "Recover"]);
    let route = &execution.trace()[0];
    assert_eq!(route.choice, Some(asl::exec::ChoiceTaken::Default));
    let charge = &execution.trace()[1];
    type Handled = (String, Option<usize>, Option<u32>, Option<f64>, Option<usize>);
    let details: Vec<Handled> = charge
        .errors
        .iter()
        .map(|details| {
            (
                details.error.error.to_string(),
                details.retry_index,
                details.retry_count,
                details.retry_backoff_interval_seconds,
                details.catch_index,
            )
        })
        .collect();
    assert_eq!(
        details,
        [
            ("Flaky".to_owned(), Some(0), Some(0), Some(2.0), None),
            ("Flaky".to_owned(), Some(0), Some(1), Some(6.0), None),
            ("Broken".to_owned(), None, None, None, Some(0)),
        ]
    );
    assert_eq!(
        json(&charge.after_result_path),
        r#"{"n":1,"error":{"Error":"Broken","Cause":"no"}}"#
    );
    assert_eq!(json(&charge.output), json(&charge.after_result_path));
}

#[test]
fn the_trace_records_a_maps_items_and_numbers() {
    let text = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "ItemsPath": "$.items", "ItemSelector": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
        "ToleratedFailureCount": 1,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}}}}}"#;
    let mut execution = traced(text, r#"{"items": ["a", "b"]}"#);
    assert!(execution.run_to_end(100, |_| Ok(Value::Null)).unwrap());
    let map = &execution.trace()[0];
    assert_eq!(json(&map.after_items_path), r#"["a","b"]"#);
    let selected: Vec<String> = map.after_item_selector.iter().map(json).collect();
    assert_eq!(selected, [r#"{"v":"a","i":0}"#, r#"{"v":"b","i":1}"#]);
    assert_eq!(map.max_concurrency, Some(0), "0 when absent, as AWS reports");
    assert_eq!(map.tolerated_failure_count, Some(1));
    assert_eq!(json(&map.result), r#"[{"v":"a","i":0},{"v":"b","i":1}]"#);
    // Each iteration's Echo is its own entry, in its own run.
    let runs: Vec<Option<usize>> = execution.trace()[1..]
        .iter()
        .map(|entry| execution.run_path(entry.run).last().map(|step| step.index))
        .collect();
    assert_eq!(runs, [Some(0), Some(1)]);
}

#[test]
fn the_trace_of_a_batched_map_shows_each_item_selected_not_the_batches() {
    let text = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "ItemsPath": "$.items", "ItemSelector": {"v.$": "$$.Map.Item.Value"}, "ItemBatcher": {"MaxItemsPerBatch": 2},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}}}}}"#;
    let mut execution = traced(text, r#"{"items": ["a", "b", "c"]}"#);
    assert!(execution.run_to_end(100, |_| Ok(Value::Null)).unwrap());
    let selected: Vec<String> = execution.trace()[0].after_item_selector.iter().map(json).collect();
    assert_eq!(selected, [r#"{"v":"a"}"#, r#"{"v":"b"}"#, r#"{"v":"c"}"#]);
}

/// A JSONata state runs its action again while it waits for answers: the trace is written by
/// setting stages, so it records each stage and each error once.
#[test]
fn the_trace_of_a_jsonata_state_is_recorded_once() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "Charge", "States": {"Charge": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"id": "{% $states.input.id %}"},
        "Output": "{% $states.result.ok %}", "Assign": {"seen": "{% $states.input.id %}"},
        "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput.Error %}", "Next": "Done"}],
        "End": true},
        "Done": {"Type": "Pass", "End": true}}}"#;
    for fail in [false, true] {
        let mut execution = traced(text, r#"{"id": 3}"#);
        let mut engine = asl_jsonata::Engine::new().unwrap();
        let finished = execution
            .run_to_end_with(
                100,
                |_| match fail {
                    false => Ok(Value::from_json(r#"{"ok": "yes"}"#).unwrap()),
                    true => Err(WorkflowError::new("Declined", "card")),
                },
                &mut engine,
            )
            .unwrap();
        assert!(finished);
        let charge = &execution.trace()[0];
        assert_eq!(json(&charge.after_arguments), r#"{"id":3}"#);
        if fail {
            assert_eq!(charge.errors.len(), 1, "{:?}", charge.errors);
            assert_eq!(charge.errors[0].catch_index, Some(0));
            assert_eq!(json(&charge.output), r#""Declined""#);
        } else {
            assert!(charge.errors.is_empty());
            assert_eq!(json(&charge.result), r#"{"ok":"yes"}"#);
            assert_eq!(json(&charge.output), r#""yes""#);
            assert_eq!(json(&charge.assigned), r#"{"seen":3}"#);
        }
        assert_eq!(execution.trace().len(), if fail { 2 } else { 1 });
    }
}

#[test]
fn without_the_option_nothing_is_traced() {
    let mut execution = start(MAP_OF_TASKS, "[1, 2]");
    assert!(execution.run_to_end(100, |_| Ok(Value::Null)).unwrap());
    assert!(execution.trace().is_empty());
}
