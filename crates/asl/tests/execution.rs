//! The host-driven execution API: several task requests out at once, answers in any order,
//! the virtual clock, timeouts, limits, and misuse reported as `HostError`.

use asl::{Execution, ExecutionOptions, HostError, Limits, Status, Step, TaskRequest, Value, WorkflowError};

fn machine(text: &str) -> asl::ValidMachine {
    asl::load(text).unwrap_or_else(|diagnostics| panic!("{diagnostics:#?}"))
}

fn start(text: &str, input: &str) -> Execution {
    Execution::start(
        &machine(text),
        Value::from_json(input).unwrap(),
        ExecutionOptions::default(),
    )
}

/// Steps until the execution blocks or finishes, collecting task requests.
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

const FAN_OUT: &str = r#"{"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
    {"StartAt": "Left", "States": {"Left": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
    {"StartAt": "Right", "States": {"Right": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}]}}}"#;

#[test]
fn parallel_tasks_are_all_requested_and_answers_may_come_in_any_order() {
    let mut execution = start(FAN_OUT, r#"{"n": 1}"#);
    let (requests, blocked) = drain(&mut execution);
    let names: Vec<&str> = requests.iter().map(|request| &*request.state_name).collect();
    assert_eq!(names, ["Left", "Right"]);
    assert!(matches!(blocked, Step::Blocked { .. }));
    assert_eq!(execution.pending_tasks().count(), 2);

    execution
        .complete_task(requests[1].id, Ok(Value::from("right")))
        .unwrap();
    execution
        .complete_task(requests[0].id, Ok(Value::from("left")))
        .unwrap();
    let (_, end) = drain(&mut execution);
    assert!(matches!(end, Step::Finished));
    let outcome = execution.outcome().unwrap();
    assert_eq!(
        outcome.output.as_ref().unwrap().to_json(),
        r#"["left","right"]"#,
        "results keep branch order"
    );
    assert_eq!(execution.step().unwrap_err(), HostError::Finished);
}

#[test]
fn a_failed_branch_aborts_the_other_and_its_late_answer_is_ignored() {
    let mut execution = start(FAN_OUT, "{}");
    let (requests, _) = drain(&mut execution);
    execution
        .complete_task(requests[0].id, Err(WorkflowError::new("Boom", "left broke")))
        .unwrap();
    let (_, end) = drain(&mut execution);
    assert!(matches!(end, Step::Finished));
    assert_eq!(execution.status(), Status::Failed);
    assert_eq!(execution.pending_tasks().count(), 0);
    assert_eq!(execution.complete_task(requests[1].id, Ok(Value::Null)), Ok(()));
    let types: Vec<String> = execution.history().iter().map(|event| event.kind.type_name()).collect();
    assert!(types.contains(&"ParallelStateFailed".to_owned()), "{types:?}");
    assert_eq!(types.last().unwrap(), "ExecutionFailed");
}

#[test]
fn task_timeout_fires_when_the_clock_passes_it() {
    let mut execution = start(
        r#"{"StartAt": "Slow", "States": {
            "Slow": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 30,
                     "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "GaveUp"}], "End": true},
            "GaveUp": {"Type": "Pass", "End": true}}}"#,
        "{}",
    );
    let (requests, blocked) = drain(&mut execution);
    assert_eq!(requests.len(), 1);
    let Step::Blocked {
        next_wakeup: Some(deadline),
    } = blocked
    else {
        panic!("{blocked:?}")
    };
    assert_eq!(deadline, 30_000);
    execution.advance_clock(29_999).unwrap();
    assert!(
        matches!(execution.step().unwrap(), Step::Blocked { .. }),
        "not yet timed out"
    );
    execution.advance_clock(30_000).unwrap();
    let (_, end) = drain(&mut execution);
    assert!(matches!(end, Step::Finished));
    assert_eq!(
        execution.top_level_states().map(|name| &**name).collect::<Vec<_>>(),
        ["Slow", "GaveUp"]
    );
    assert_eq!(
        execution
            .outcome()
            .unwrap()
            .output
            .as_ref()
            .unwrap()
            .get("Error")
            .unwrap()
            .as_str(),
        Some("States.Timeout")
    );
    assert_eq!(
        execution.complete_task(requests[0].id, Ok(Value::Null)),
        Ok(()),
        "a late answer is ignored"
    );
}

#[test]
fn execution_timeout_ends_with_timed_out() {
    let mut execution = start(
        r#"{"StartAt": "Long", "TimeoutSeconds": 60, "States": {"Long": {"Type": "Wait", "Seconds": 3600, "End": true}}}"#,
        "{}",
    );
    let (_, blocked) = drain(&mut execution);
    let Step::Blocked {
        next_wakeup: Some(wake),
    } = blocked
    else {
        panic!("{blocked:?}")
    };
    assert_eq!(wake, 60_000, "the execution deadline comes before the Wait ends");
    execution.advance_clock(3_600_000).unwrap();
    assert_eq!(execution.status(), Status::TimedOut);
    assert_eq!(execution.now(), 60_000);
    assert_eq!(
        execution.history().last().unwrap().kind.type_name(),
        "ExecutionTimedOut"
    );
}

#[test]
fn the_clock_never_goes_back_and_unknown_tasks_are_host_errors() {
    let mut execution = start(
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}}"#,
        "{}",
    );
    drain(&mut execution);
    execution.advance_clock(5_000).unwrap();
    assert_eq!(
        execution.advance_clock(4_000),
        Err(HostError::ClockBackwards {
            now: 5_000,
            requested: 4_000
        })
    );
    assert_eq!(
        execution.complete_task(asl::TaskId(99), Ok(Value::Null)),
        Err(HostError::UnknownTask(asl::TaskId(99)))
    );
    let (_, end) = drain(&mut execution);
    assert!(matches!(end, Step::Finished));
    assert_eq!(execution.status(), Status::Succeeded);
}

#[test]
fn oversized_task_results_fail_the_task_with_data_limit_exceeded_unless_limits_are_off() {
    let text = r#"{"StartAt": "Big", "States": {"Big": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true}, "Caught": {"Type": "Pass", "End": true}}}"#;
    let big = Value::from("x".repeat(300 * 1024));
    for limits in [Limits::default(), Limits::none()] {
        let limited = limits != Limits::none();
        let options = ExecutionOptions {
            limits,
            ..ExecutionOptions::default()
        };
        let mut execution = Execution::start(&machine(text), Value::empty_object(), options);
        execution.run_to_end(100, |_| Ok(big.clone())).unwrap();
        assert_eq!(execution.status(), Status::Succeeded);
        let output = execution.outcome().unwrap().output.clone().unwrap();
        if limited {
            // The task's failure, as AWS records it (TaskFailed), which States.ALL catches.
            assert_eq!(
                output.get("Error").and_then(Value::as_str),
                Some("States.DataLimitExceeded")
            );
            let cause = output.get("Cause").and_then(Value::as_str).unwrap();
            assert!(
                cause.starts_with("The state/task 'lambda' returned a result"),
                "{cause}"
            );
            let failed = execution
                .history()
                .iter()
                .filter(|event| event.kind.type_name() == "TaskFailed");
            assert_eq!(failed.count(), 1);
        } else {
            assert_eq!(output, big);
        }
    }
}

#[test]
fn the_same_seed_and_answers_give_the_same_history() {
    let text = r#"{"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "MaxAttempts": 3, "JitterStrategy": "FULL"}],
        "ResultSelector": {"id.$": "States.UUID()"}, "End": true}}}"#;
    let run = |seed: u64| {
        let options = ExecutionOptions {
            seed,
            ..ExecutionOptions::default()
        };
        let mut execution = Execution::start(&machine(text), Value::empty_object(), options);
        let mut attempt = 0;
        execution
            .run_to_end(100, |_| {
                attempt += 1;
                if attempt < 3 {
                    Err(WorkflowError::new("Flaky", "again"))
                } else {
                    Ok(Value::empty_object())
                }
            })
            .unwrap();
        (
            serde_json::to_string(&asl::history_json(execution.history())).unwrap(),
            execution.now(),
        )
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8), "jitter and UUIDs follow the seed");
    let (_, elapsed) = run(7);
    assert!(
        elapsed < 30_000,
        "FULL jitter waits at most the full backoff (10 s + 20 s), waited {elapsed} ms"
    );
}

#[test]
fn map_history_has_aws_event_types() {
    let mut execution = start(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.xs", "End": true,
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#,
        r#"{"xs": [1, 2]}"#,
    );
    execution.run_to_end(100, |_| Ok(Value::Null)).unwrap();
    let types: Vec<String> = execution.history().iter().map(|event| event.kind.type_name()).collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapIterationStarted",
            "MapIterationStarted",
            "PassStateEntered",
            "PassStateExited",
            "MapIterationSucceeded",
            "PassStateEntered",
            "PassStateExited",
            "MapIterationSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded",
        ]
    );
    let depths: Vec<u32> = execution.history().iter().map(|event| event.depth).collect();
    assert_eq!(depths, [0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0]);
}

#[test]
fn a_task_without_heartbeats_fails_with_heartbeat_timeout() {
    let text = r#"{"StartAt": "Long", "States": {"Long": {"Type": "Task",
        "Resource": "arn:aws:states:::ecs:runTask.sync", "TimeoutSeconds": 600, "HeartbeatSeconds": 60, "End": true}}}"#;
    let mut execution = start(text, "{}");
    let (requests, _) = drain(&mut execution);
    assert_eq!(requests[0].heartbeat_seconds, Some(60));
    execution.advance_clock(50_000).unwrap();
    execution.record_heartbeat(requests[0].id).unwrap();
    execution.advance_clock(100_000).unwrap();
    assert!(
        matches!(
            execution.step().unwrap(),
            Step::Blocked {
                next_wakeup: Some(110_000)
            }
        ),
        "the heartbeat moved the deadline"
    );
    execution.advance_clock(110_000).unwrap();
    let (_, end) = drain(&mut execution);
    assert!(matches!(end, Step::Finished));
    let error = execution.outcome().unwrap().error.clone().unwrap();
    // AWS's recordings (test_heartbeats): a missed heartbeat is States.Timeout, without a cause.
    assert_eq!((&*error.error, &*error.cause), ("States.Timeout", ""));
    assert_eq!(
        execution
            .history()
            .iter()
            .filter(|event| event.kind.type_name() == "TaskTimedOut")
            .count(),
        1
    );
}

#[test]
fn wait_for_task_token_passes_a_token_to_the_task() {
    let text = r#"{"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "https://sqs/approvals", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}"#;
    let mut execution = start(text, "{}");
    let (requests, _) = drain(&mut execution);
    let token = requests[0].task_token.clone().expect("a token");
    assert_eq!(token.len(), 32);
    assert_eq!(
        requests[0]
            .input
            .get("MessageBody")
            .unwrap()
            .get("token")
            .unwrap()
            .as_str(),
        Some(&*token)
    );
    execution
        .complete_task(requests[0].id, Ok(Value::from("approved")))
        .unwrap();
    drain(&mut execution);
    assert_eq!(
        execution.outcome().unwrap().output.as_ref().unwrap().as_str(),
        Some("approved")
    );
}

#[test]
fn a_loop_that_nests_its_input_fails_instead_of_growing_without_bound() {
    let text = r#"{"StartAt": "Wrap", "States": {
        "Wrap": {"Type": "Pass", "Parameters": {"inner.$": "$"}, "Next": "Wrap"}}}"#;
    let options = ExecutionOptions {
        limits: Limits::none(),
        ..ExecutionOptions::default()
    };
    let mut execution = Execution::start(&machine(text), Value::empty_object(), options);
    assert!(execution.run_to_end(10_000, |_| Ok(Value::Null)).unwrap());
    let error = execution.outcome().unwrap().error.clone().unwrap();
    assert_eq!(&*error.error, "States.Runtime");
    assert!(error.cause.contains("nested deeper than 512 levels"), "{}", error.cause);
}

const JSONATA_FAN_OUT: &str = r#"{"QueryLanguage": "JSONata", "StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true,
    "Output": "{% $states.result %}", "Branches": [
    {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "Output": "{% $states.input.n + 1 %}", "End": true}}},
    {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "Output": {"a": "{% $states.input.n * 10 %}", "b": "{% 'x' %}"}, "End": true}}}]}}}"#;

/// Steps until the execution blocks or finishes, collecting evaluation requests.
fn drain_evaluations(execution: &mut Execution) -> (Vec<asl::EvaluationRequest>, Step) {
    let mut requests = Vec::new();
    loop {
        match execution.step().unwrap() {
            Step::Progressed => {}
            Step::EvaluationRequested(request) => requests.push(*request),
            other => return (requests, other),
        }
    }
}

#[test]
fn jsonata_evaluations_are_host_answers_in_any_order() {
    let mut execution = start(JSONATA_FAN_OUT, r#"{"n": 4}"#);
    let (requests, blocked) = drain_evaluations(&mut execution);
    assert!(matches!(blocked, Step::Blocked { next_wakeup: None }));
    assert_eq!(execution.pending_evaluations(), 2);
    let expressions: Vec<Vec<&str>> = requests
        .iter()
        .map(|request| request.expressions.iter().map(|text| text.trim()).collect())
        .collect();
    assert_eq!(
        expressions,
        [vec!["$states.input.n + 1"], vec!["$states.input.n * 10", "'x'"]]
    );
    assert_eq!(
        requests[0]
            .bindings
            .get("states")
            .and_then(|states| states.get("input"))
            .map(Value::to_json),
        Some(r#"{"n":4}"#.to_owned()),
        "each branch sees the Parallel's input"
    );

    // A wrong number of answers is the host's mistake, not the workflow's.
    assert_eq!(
        execution.complete_evaluation(requests[1].id, vec![Ok(Some(Value::from_i64(40)))]),
        Err(HostError::AnswerCount { expected: 2, got: 1 })
    );
    execution
        .complete_evaluation(
            requests[1].id,
            vec![Ok(Some(Value::from_i64(40))), Ok(Some(Value::from("x")))],
        )
        .unwrap();
    execution
        .complete_evaluation(requests[0].id, vec![Ok(Some(Value::from_i64(5)))])
        .unwrap();
    assert_eq!(
        execution.complete_evaluation(requests[0].id, vec![]),
        Ok(()),
        "a late or repeated answer is ignored"
    );
    let (more, end) = drain_evaluations(&mut execution);
    // The Parallel's Output reads $states.result: one more request, answered with what it got.
    assert_eq!(more.len(), 1);
    let result = more[0]
        .bindings
        .get("states")
        .and_then(|states| states.get("result"))
        .cloned()
        .unwrap();
    assert_eq!(result.to_json(), r#"[5,{"a":40,"b":"x"}]"#, "results keep branch order");
    assert!(matches!(end, Step::Blocked { next_wakeup: None }));
    execution
        .complete_evaluation(more[0].id, vec![Ok(Some(result))])
        .unwrap();
    let (_, end) = drain_evaluations(&mut execution);
    assert!(matches!(end, Step::Finished));
    assert_eq!(execution.status(), Status::Succeeded);
    assert_eq!(
        execution.outcome().unwrap().output.as_ref().unwrap().to_json(),
        r#"[5,{"a":40,"b":"x"}]"#
    );
}

#[test]
fn a_failed_expression_is_a_query_evaluation_error() {
    let mut execution = start(JSONATA_FAN_OUT, r#"{"n": 4}"#);
    let (requests, _) = drain_evaluations(&mut execution);
    execution
        .complete_evaluation(requests[0].id, vec![Err("T2002: not a number".to_owned())])
        .unwrap();
    let (_, end) = drain_evaluations(&mut execution);
    assert!(
        matches!(end, Step::Finished),
        "the other branch is cancelled with the execution"
    );
    let error = execution.outcome().unwrap().error.clone().unwrap();
    assert_eq!(&*error.error, "States.QueryEvaluationError");
    assert!(error.cause.contains("T2002"), "{}", error.cause);
    // As AWS does, the history says which field of which state failed.
    let history = asl::history_json(execution.history()).to_json();
    assert!(
        history.contains(r#""type":"EvaluationFailed""#) && history.contains(r#""location":"Output","state":"Left""#),
        "{history}"
    );
    assert_eq!(
        execution.complete_evaluation(requests[1].id, vec![Ok(None), Ok(None)]),
        Ok(()),
        "answers for a cancelled branch are ignored"
    );
}

// Bugs found in review (issue 11): each test failed before its fix.

/// An execution that ends (here by timing out) with tasks pending drops them: a late answer
/// is ignored, as for an aborted branch, and nothing is appended after the end.
#[test]
fn an_execution_that_times_out_with_tasks_pending_ignores_their_answers() {
    let mut execution = start(
        r#"{"StartAt": "Fan", "TimeoutSeconds": 10, "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Left", "States": {"Left": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
            {"StartAt": "Right", "States": {"Right": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}]}}}"#,
        "{}",
    );
    let (requests, _) = drain(&mut execution);
    assert_eq!(requests.len(), 2);
    execution.advance_clock(10_000).unwrap();
    assert_eq!(execution.status(), Status::TimedOut);
    let events = execution.history().len();
    assert_eq!(
        execution.pending_tasks().count(),
        0,
        "nothing is pending once the execution ended"
    );
    execution.complete_task(requests[0].id, Ok(Value::Null)).unwrap();
    execution
        .complete_task(requests[1].id, Err(WorkflowError::new("E", "")))
        .unwrap();
    assert_eq!(execution.history().len(), events, "no event after the end");
    assert_eq!(
        execution.history().last().unwrap().kind.type_name(),
        "ExecutionTimedOut"
    );
}

/// The same when the execution fails on AWS's history limit while a task is pending.
#[test]
fn an_execution_that_hits_the_history_limit_with_a_task_pending_ignores_its_answer() {
    let machine = machine(
        r#"{"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
            {"StartAt": "Spin", "States": {"Spin": {"Type": "Pass", "Next": "Spin"}}}]}}}"#,
    );
    let options = ExecutionOptions {
        limits: Limits {
            max_history_events: Some(50),
            ..Limits::default()
        },
        ..ExecutionOptions::default()
    };
    let mut execution = Execution::start(&machine, Value::empty_object(), options);
    let (requests, end) = drain(&mut execution);
    assert!(matches!(end, Step::Finished));
    assert_eq!(execution.status(), Status::Failed);
    let events = execution.history().len();
    execution.complete_task(requests[0].id, Ok(Value::Null)).unwrap();
    assert_eq!(execution.history().len(), events);
    assert_eq!(execution.pending_tasks().count(), 0);
}

/// A branch cancelled while it waits leaves no timer behind to wake the execution for nothing.
#[test]
fn timers_of_cancelled_branches_are_dropped() {
    let mut execution = start(
        r#"{"StartAt": "Fan", "States": {
            "Fan": {"Type": "Parallel", "Next": "Later", "Branches": [
                {"StartAt": "Sleep", "States": {"Sleep": {"Type": "Wait", "Seconds": 100, "End": true}}},
                {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom"}}}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Later"}]},
            "Later": {"Type": "Wait", "Seconds": 500, "End": true}}}"#,
        "{}",
    );
    let (_, blocked) = drain(&mut execution);
    let Step::Blocked { next_wakeup } = blocked else {
        panic!("waits: {blocked:?}");
    };
    assert_eq!(next_wakeup, Some(500_000), "the cancelled branch's 100 s Wait is gone");
    assert_eq!(execution.timers().len(), 1);
}

/// Moving the clock past several deadlines at once: each happens at its own time, in order,
/// with the work it triggers, before the clock moves on.
#[test]
fn advancing_past_several_deadlines_handles_each_at_its_own_time() {
    let mut execution = start(
        r#"{"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 10, "Next": "A2"}, "A2": {"Type": "Pass", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 20, "Next": "B2"}, "B2": {"Type": "Pass", "End": true}}}]}}}"#,
        "{}",
    );
    drain(&mut execution);
    execution.advance_clock(30_000).unwrap();
    let (_, end) = drain(&mut execution);
    assert!(matches!(end, Step::Finished), "{end:?}");
    let entered: Vec<(String, i64)> = execution
        .history()
        .iter()
        .filter(|event| event.kind.type_name() == "PassStateEntered")
        .map(|event| (event.kind.state_name().unwrap_or("").to_owned(), event.timestamp))
        .collect();
    assert_eq!(entered, [("A2".to_owned(), 10_000), ("B2".to_owned(), 20_000)]);
    let end_time = execution.history().last().unwrap().timestamp;
    assert_eq!(end_time, 20_000, "the execution ended when its last branch did");
}

/// A task result nested deeper than any state may hold fails the task, without the value
/// entering the history.
#[test]
fn a_task_result_nested_too_deep_fails_the_task() {
    let mut execution = start(
        r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]}, "Caught": {"Type": "Succeed"}}}"#,
        "{}",
    );
    let (requests, _) = drain(&mut execution);
    let mut deep = Value::Null;
    for _ in 0..600 {
        deep = Value::array(vec![deep]);
    }
    execution.complete_task(requests[0].id, Ok(deep)).unwrap();
    drain(&mut execution);
    let outcome = execution.outcome().unwrap();
    assert_eq!(outcome.status, Status::Failed);
    let error = outcome.error.as_ref().unwrap();
    assert_eq!(
        &*error.error, "States.Runtime",
        "not catchable, like any States.Runtime"
    );
    assert!(error.cause.contains("nested deeper than 512"), "{}", error.cause);
    assert!(
        execution
            .history()
            .iter()
            .all(|event| event.kind.type_name() != "TaskSucceeded")
    );
}

struct NoJsonata;

impl asl::jsonata::Evaluator for NoJsonata {
    fn evaluate(&mut self, _request: &asl::EvaluationRequest) -> Vec<asl::jsonata::Answer> {
        unreachable!("no definition here uses JSONata")
    }
}

#[test]
fn a_mock_that_never_answers_lets_the_task_time_out_on_the_clock() {
    // A callback with a heartbeat inside a Retry: each attempt times out after its
    // HeartbeatSeconds (AWS records TaskTimedOut, States.Timeout), the second attempt too.
    let text = r#"{"StartAt": "Wait", "States": {"Wait": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "TimeoutSeconds": 600,
        "HeartbeatSeconds": 5, "Parameters": {"Token.$": "$$.Task.Token"},
        "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 2, "MaxAttempts": 1}], "End": true}}}"#;
    let mut execution = start(text, "{}");
    let mocks =
        asl::mock::Mocks::from_value(&Value::from_json(r#"{"Wait": {"0-1": {"NoAnswer": true}}}"#).unwrap()).unwrap();
    let end = asl::mock::run_to_end(&mut execution, &mocks, 1000, &mut NoJsonata).unwrap();
    assert_eq!(end, asl::mock::MockedRun::Finished);
    let outcome = execution.outcome().unwrap();
    assert_eq!(outcome.status, Status::Failed);
    let error = outcome.error.clone().unwrap();
    assert_eq!((&*error.error, &*error.cause), ("States.Timeout", ""));
    let start_time = execution.history()[0].timestamp;
    let timed_out: Vec<i64> = execution
        .history()
        .iter()
        .filter(|event| event.kind.type_name() == "TaskTimedOut")
        .map(|event| event.timestamp - start_time)
        .collect();
    // 5 s of silence, 2 s before the retry, 5 s more.
    assert_eq!(timed_out, [5_000, 12_000]);
    let kinds: Vec<String> = execution.history().iter().map(|event| event.kind.type_name()).collect();
    assert_eq!(
        kinds[..6],
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskTimedOut"
        ]
    );
}

#[test]
fn a_missed_heartbeat_is_states_timeout_that_heartbeat_timeout_also_catches() {
    // AWS names a missed heartbeat States.Timeout (its recordings); its documentation lets a
    // catcher list States.HeartbeatTimeout for it. A task without HeartbeatSeconds that outlasts
    // TimeoutSeconds is not a heartbeat timeout.
    let definition = |heartbeat: &str| {
        format!(
            r#"{{"StartAt": "Wait", "States": {{"Wait": {{"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "TimeoutSeconds": 60,
            {heartbeat} "Parameters": {{"Token.$": "$$.Task.Token"}},
            "Catch": [{{"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "Caught"}}], "End": true}},
            "Caught": {{"Type": "Pass", "End": true}}}}}}"#
        )
    };
    let mocks =
        asl::mock::Mocks::from_value(&Value::from_json(r#"{"Wait": {"0": {"NoAnswer": true}}}"#).unwrap()).unwrap();
    let mut execution = start(&definition(r#""HeartbeatSeconds": 5,"#), "{}");
    asl::mock::run_to_end(&mut execution, &mocks, 1000, &mut NoJsonata).unwrap();
    let outcome = execution.outcome().unwrap();
    assert_eq!(outcome.status, Status::Succeeded);
    assert_eq!(
        outcome.output.as_ref().unwrap().to_json(),
        r#"{"Error":"States.Timeout","Cause":""}"#
    );

    let mut execution = start(&definition(""), "{}");
    asl::mock::run_to_end(&mut execution, &mocks, 1000, &mut NoJsonata).unwrap();
    let outcome = execution.outcome().unwrap();
    assert_eq!(outcome.status, Status::Failed);
    assert_eq!(&*outcome.error.clone().unwrap().error, "States.Timeout");
}

/// Runs a case's definition, input and mocks to the end.
fn run_case(text: &str) -> (Value, Execution) {
    let case = Value::from_json(text).unwrap();
    let definition = case.get("definition").unwrap().to_json();
    let mocks = asl::mock::Mocks::from_value(case.get("mocks").unwrap()).unwrap();
    let input = case.get("input").cloned().unwrap();
    let mut execution = Execution::start(&machine(&definition), input, ExecutionOptions::default());
    asl::mock::run_to_end(&mut execution, &mocks, 10_000, &mut asl::jsonata::NoEngine).unwrap();
    (case, execution)
}

#[test]
fn a_failed_iteration_aborts_the_running_ones_as_aws_records() {
    // The recorded sequence, TaskStarted after all four TaskScheduled included (the conformance
    // runner compares it too); here also each aborted iteration's details.
    let (case, execution) = run_case(include_str!(
        "cases/aws-recorded/map/inline-map-failure-aborts-running-iterations.json"
    ));
    let recorded: Vec<String> = case
        .get("expected_events")
        .and_then(Value::as_array)
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let ours: Vec<String> = execution.history().iter().map(|event| event.kind.type_name()).collect();
    assert_eq!(ours, recorded);
    // Each aborted iteration names its index, after the failed one (AWS's details).
    let aborted: Vec<serde_json::Value> = execution
        .history()
        .iter()
        .filter(|event| event.kind.type_name() == "MapIterationAborted")
        .map(|event| serde_json::to_value(event).unwrap()["mapIterationAbortedEventDetails"].clone())
        .collect();
    let recorded: Vec<serde_json::Value> = (1..4)
        .map(|index| serde_json::json!({"index": index, "name": "MapWait"}))
        .collect();
    assert_eq!(aborted, recorded);
}

#[test]
fn a_failed_child_execution_aborts_the_running_ones() {
    let definition = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}}}}"#;
    let mut execution = start(definition, "[1, 2, 3]");
    let (requests, _) = drain(&mut execution);
    assert_eq!(requests.len(), 3);
    execution
        .complete_task(requests[1].id, Err(WorkflowError::new("Boom", "item 2 broke")))
        .unwrap();
    let (_, end) = drain(&mut execution);
    assert!(matches!(end, Step::Finished));
    assert_eq!(execution.status(), Status::Failed);
    // The API reference (MapRunExecutionCounts.aborted): child executions still running when
    // the Map Run fails are stopped by Step Functions, and end ABORTED.
    let children: Vec<(Status, String)> = execution
        .child_executions()
        .iter()
        .map(|child| {
            let last = child
                .history
                .last()
                .map(|event| event.kind.type_name())
                .unwrap_or_default();
            (child.status, last)
        })
        .collect();
    assert_eq!(
        children,
        [
            (Status::Aborted, "ExecutionAborted".to_owned()),
            (Status::Failed, "ExecutionFailed".to_owned()),
            (Status::Aborted, "ExecutionAborted".to_owned()),
        ]
    );
    assert_eq!(execution.pending_tasks().count(), 0);
}
