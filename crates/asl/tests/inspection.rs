//! What a debugger reads from an execution: which run and state every event and task request
//! belongs to, the live picture of runs, variables and timers, and the next step before it
//! happens.

use asl::{Execution, ExecutionOptions, NextAction, RunId, RunKind, Step, TaskRequest, Value, Waiting, WorkflowError};

fn start(text: &str, input: &str) -> Execution {
    let machine = asl::load(text).unwrap_or_else(|diagnostics| panic!("{diagnostics:#?}"));
    Execution::start(&machine, Value::from_json(input).unwrap(), ExecutionOptions::default())
}

fn drain(execution: &mut Execution) -> (Vec<TaskRequest>, Step) {
    let mut requests = Vec::new();
    loop {
        match execution.step().unwrap() {
            Step::Progressed => {}
            Step::TaskRequested(request) => requests.push(request),
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
            .state
            .and_then(|at| definition.definition().state(at))
            .map(|state| state.name.to_string());
        let branch = execution.run_path(event.run).last().map(|step| step.index);
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
        NextAction::Enter(at) | NextAction::Continue(at) => {
            definition.definition().state(*at).unwrap().name.to_string()
        }
        NextAction::Fail(..) => "fail".to_owned(),
    };
    let mut execution = start(text, "{}");
    let next = execution.next_step().unwrap();
    assert_eq!(next.run, RunId::ROOT);
    assert!(matches!(next.action, NextAction::Enter(_)));
    assert_eq!(name(&next.action), "First");
    execution.step().unwrap();
    assert_eq!(name(&execution.next_step().unwrap().action), "Charge");
    let Step::TaskRequested(request) = execution.step().unwrap() else {
        panic!("the Task asks");
    };
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
