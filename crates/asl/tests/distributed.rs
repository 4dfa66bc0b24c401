//! The Distributed Map through the host API: the ItemReader's request, child executions with
//! histories of their own, what ResultWriter wrote, and the missing-mock policy for S3 objects.

use asl::mock::{MockedRun, Mocks, run_to_end};
use asl::{Execution, ExecutionOptions, Status, Step, Value};

const EXPORT: &str = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true, "Label": "Export",
    "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                   "Parameters": {"Bucket.$": "$.bucket", "Key": "in.json"}},
    "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "runs"}},
    "ToleratedFailureCount": 1,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "Check", "States": {
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": false, "Next": "Bad"}], "Default": "Good"},
            "Bad": {"Type": "Fail", "Error": "ItemError", "Cause": "not ok"},
            "Good": {"Type": "Pass", "Result": "done", "End": true}}}}}}"#;

fn start(text: &str, input: &str) -> Execution {
    let machine = asl::load(text).unwrap_or_else(|diagnostics| panic!("{diagnostics:#?}"));
    Execution::start(&machine, Value::from_json(input).unwrap(), ExecutionOptions::default())
}

fn types(events: &[asl::HistoryEvent]) -> Vec<String> {
    events.iter().map(|event| event.kind.type_name()).collect()
}

#[test]
fn the_item_reader_asks_the_host_like_a_task_without_task_events() {
    let mut execution = start(EXPORT, r#"{"bucket": "in"}"#);
    let request = loop {
        match execution.step().unwrap() {
            Step::TaskRequested(request) => break request,
            Step::Progressed => {}
            other => panic!("expected the reader's request, got {other:?}"),
        }
    };
    assert!(request.item_reader);
    assert_eq!(&*request.state_name, "Each");
    assert_eq!(&*request.resource, "arn:aws:states:::s3:getObject");
    assert_eq!(request.input.to_json(), r#"{"Bucket":"in","Key":"in.json"}"#);
    assert_eq!(
        types(execution.history()),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapRunStarted"
        ]
    );
}

#[test]
fn child_executions_keep_their_own_histories_and_result_writer_writes_files() {
    let mut execution = start(EXPORT, r#"{"bucket": "in"}"#);
    let mocks = Mocks::from_value(
        &Value::from_json(r#"{"s3://in/in.json": [{"ok": true}, {"ok": false}, {"ok": true}]}"#).unwrap(),
    )
    .unwrap();
    let end = run_to_end(&mut execution, &mocks, 10_000, &mut asl::jsonata::NoEngine).unwrap();
    assert_eq!(end, MockedRun::Finished);
    assert_eq!(execution.status(), Status::Succeeded);
    // The parent's history has no iteration events.
    assert_eq!(
        types(execution.history()),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapRunStarted",
            "MapRunSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
    let children = execution.child_executions();
    assert_eq!(children.len(), 3);
    assert_eq!(
        types(&children[1].history),
        [
            "ExecutionStarted",
            "ChoiceStateEntered",
            "ChoiceStateExited",
            "FailStateEntered",
            "ExecutionFailed"
        ]
    );
    assert_eq!(children[1].status, Status::Failed);
    assert_eq!(
        children[0].history[0].id.0, 1,
        "each child history counts its own event ids"
    );
    assert_eq!(children[0].input.to_json(), r#"{"ok":true}"#);
    assert!(
        children
            .iter()
            .all(|child| child.arn.contains(":execution:StateMachine/Export:"))
    );

    let run = &execution.map_runs()[0];
    assert!(
        run.arn
            .starts_with("arn:aws:states:us-east-1:123456789012:mapRun:StateMachine/Export:")
    );
    let written: Vec<(&str, &str)> = execution
        .written_objects()
        .iter()
        .map(|object| (&*object.bucket, &*object.key))
        .collect();
    let directory = format!("runs/{}", run.id);
    assert_eq!(
        written,
        [
            ("out", format!("{directory}/FAILED_0.json").as_str()),
            ("out", format!("{directory}/SUCCEEDED_0.json").as_str()),
            ("out", format!("{directory}/manifest.json").as_str()),
        ]
    );
    let succeeded = Value::from_json(&execution.written_objects()[1].body).unwrap();
    let records = succeeded.as_array().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].get("Output").and_then(Value::as_str), Some("\"done\""));
    assert_eq!(records[0].get("Status").and_then(Value::as_str), Some("SUCCEEDED"));
    let failed = Value::from_json(&execution.written_objects()[0].body).unwrap();
    assert_eq!(
        failed.as_array().unwrap()[0].get("Error").and_then(Value::as_str),
        Some("ItemError")
    );
    let manifest = Value::from_json(&execution.written_objects()[2].body).unwrap();
    assert_eq!(manifest.get("DestinationBucket").and_then(Value::as_str), Some("out"));
    let output = execution.outcome().unwrap().output.clone().unwrap();
    assert_eq!(
        output.get("ResultWriterDetails").unwrap().to_json(),
        format!(r#"{{"Bucket":"out","Key":"{directory}/manifest.json"}}"#)
    );
}

#[test]
fn a_missing_s3_object_stops_the_run_and_names_the_object() {
    let mut execution = start(EXPORT, r#"{"bucket": "in"}"#);
    let end = run_to_end(&mut execution, &Mocks::default(), 10_000, &mut asl::jsonata::NoEngine).unwrap();
    let MockedRun::MissingMock(missing) = end else {
        panic!("expected a missing mock, got {end:?}");
    };
    assert_eq!(
        missing.to_string(),
        "the run stopped at Map state \"Each\": its ItemReader reads s3://in/in.json, which the mocks do not have; add \"s3://in/in.json\": … (the object's text, or its JSON) to the mocks"
    );
}

#[test]
fn the_same_seed_gives_the_same_map_run_and_child_names() {
    let run = || {
        let mut execution = start(EXPORT, r#"{"bucket": "in"}"#);
        let mocks = Mocks::from_value(&Value::from_json(r#"{"s3://in/in.json": [{"ok": true}]}"#).unwrap()).unwrap();
        run_to_end(&mut execution, &mocks, 10_000, &mut asl::jsonata::NoEngine).unwrap();
        (
            execution.map_runs()[0].arn.to_string(),
            execution.child_executions()[0].name.to_string(),
        )
    };
    assert_eq!(run(), run());
}

#[test]
fn new_fields_are_validated_with_their_location() {
    let definition = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObjekt", "ReaderConfig": {"InputType": "XML", "CSVHeaderLocation": "GIVEN"}},
        "ItemBatcher": {"BatchInput": {}},
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject"},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#;
    let diagnostics = asl::load(definition).unwrap_err();
    let found: Vec<(String, String)> = diagnostics
        .iter()
        .map(|diagnostic| (diagnostic.pointer.to_string(), diagnostic.message.clone()))
        .collect();
    let has = |pointer: &str, text: &str| {
        found
            .iter()
            .any(|(found_pointer, message)| found_pointer == pointer && message.contains(text))
    };
    assert!(has("/States/Each/ItemReader/Resource", "s3:getObject"), "{found:#?}");
    assert!(has("/States/Each/ItemReader", "\"Parameters\""), "{found:#?}");
    assert!(
        has(
            "/States/Each/ItemReader/ReaderConfig/InputType",
            "\"InputType\" must be"
        ),
        "{found:#?}"
    );
    assert!(
        has("/States/Each/ItemReader/ReaderConfig", "needs \"CSVHeaders\""),
        "{found:#?}"
    );
    assert!(has("/States/Each/ItemBatcher", "MaxItemsPerBatch"), "{found:#?}");
    assert!(has("/States/Each/ResultWriter", "needs \"Parameters\""), "{found:#?}");

    let inline = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "ItemBatcher": {"MaxItemsPerBatch": 2},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#;
    let diagnostics = asl::load(inline).unwrap_err();
    assert!(
        diagnostics
            .iter()
            .any(|diagnostic| diagnostic.pointer == "/States/Each/ItemBatcher"
                && diagnostic.message.contains("DISTRIBUTED")),
        "{diagnostics:#?}"
    );
}

#[test]
fn a_jsonata_item_selector_before_batching_asks_the_host_once_per_item() {
    let definition = r#"{"QueryLanguage": "JSONata", "StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "Items": [10, 20, 30, 40, 50], "ItemSelector": {"n": "{% $states.context.Map.Item.Value %}"},
        "ItemBatcher": {"MaxItemsPerBatch": 2},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#;
    let mut execution = start(definition, "{}");
    // The host's answer for each request: the item's value times two, so the batches show
    // which answer went where.
    let mut indices = Vec::new();
    for _ in 0..1_000 {
        match execution.step().unwrap() {
            Step::EvaluationRequested(request) => {
                let item = request
                    .bindings
                    .get("states")
                    .and_then(|states| states.get("context"))
                    .and_then(|context| context.get("Map"))
                    .and_then(|map| map.get("Item"))
                    .cloned()
                    .expect("the item is bound");
                indices.push(item.get("Index").and_then(Value::as_f64).unwrap());
                let value = item.get("Value").and_then(Value::as_f64).unwrap();
                let answers = vec![Ok(Some(Value::from_i64(value as i64 * 2)))];
                assert_eq!(request.expressions.len(), 1);
                execution.complete_evaluation(request.id, answers).unwrap();
            }
            Step::TaskRequested(request) => panic!("no task here: {request:?}"),
            Step::Finished => break,
            _ => {}
        }
    }
    assert_eq!(indices, [0.0, 1.0, 2.0, 3.0, 4.0], "one evaluation per item, in order");
    assert_eq!(execution.status(), Status::Succeeded);
    assert_eq!(
        execution
            .outcome()
            .and_then(|outcome| outcome.output.as_ref())
            .unwrap()
            .to_json(),
        r#"[{"Items":[{"n":20},{"n":40}]},{"Items":[{"n":60},{"n":80}]},{"Items":[{"n":100}]}]"#
    );
}

#[test]
fn an_item_selector_failing_ends_the_started_map_run_and_aborts_its_children() {
    // The second item has no "a": its ItemSelector fails after the first child has started.
    let definition = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "ItemSelector": {"a.$": "$$.Map.Item.Value.a"}, %BATCHER%
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#;
    for batcher in ["", r#""ItemBatcher": {"MaxItemsPerBatch": 1},"#] {
        let mut execution = start(&definition.replace("%BATCHER%", batcher), r#"[{"a": 1}, {}]"#);
        assert!(execution.run_to_end(100, |_| Ok(Value::Null)).unwrap());
        assert_eq!(execution.status(), Status::Failed, "{batcher}");
        assert_eq!(
            types(execution.history()),
            [
                "ExecutionStarted",
                "MapStateEntered",
                "MapStateStarted",
                "MapRunStarted",
                "MapRunFailed",
                "MapStateFailed",
                "ExecutionFailed"
            ],
            "{batcher}"
        );
        // Unbatched, the first item's child execution had started: it ends aborted, not running.
        for child in execution.child_executions() {
            assert_eq!(child.status, Status::Aborted, "{batcher}");
            assert_eq!(
                types(&child.history).last().map(String::as_str),
                Some("ExecutionAborted")
            );
        }
        assert_eq!(execution.child_executions().len(), usize::from(batcher.is_empty()));
    }
}
