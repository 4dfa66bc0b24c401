//! A history read back from its JSON colours the graph as the execution it came from does: the
//! order workflow's Catch, Parallel branches whose events interleave, Map iterations, a failed
//! execution.

use asl_graph::{EventSummary, RunColoring};

/// `asl::history_json`'s `{"events": [...]}` as an importer reads it.
fn summaries(execution: &asl::Execution) -> Vec<EventSummary> {
    let json: serde_json::Value = serde_json::from_str(&asl::history_json(execution.history()).to_json()).unwrap();
    json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| {
            let kind = event["type"].as_str().unwrap().to_owned();
            let name = event
                .as_object()
                .unwrap()
                .iter()
                .find(|(key, _)| key.starts_with("stateEntered") || key.starts_with("stateExited"))
                .and_then(|(_, details)| details["name"].as_str())
                .map(str::to_owned);
            EventSummary {
                id: event["id"].as_u64().unwrap(),
                previous: event["previousEventId"].as_u64().unwrap_or(0),
                kind,
                name,
            }
        })
        .collect()
}

fn same_colouring(
    definition: &str,
    answer: impl FnMut(&asl::TaskRequest) -> Result<asl::Value, asl::WorkflowError>,
) -> RunColoring {
    let machine = asl::load(definition).unwrap();
    let mut execution = asl::Execution::start(&machine, asl::Value::empty_object(), asl::ExecutionOptions::default());
    execution.run_to_end(1000, answer).unwrap();
    let live = RunColoring::from_history(execution.history());
    let imported = RunColoring::from_events(&summaries(&execution));
    assert!(!live.states.is_empty());
    assert_eq!(imported, live, "{definition}");
    imported
}

#[test]
fn the_order_workflows_catch() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/order-workflow.json"
    ))
    .unwrap();
    let caught = same_colouring(&text, |request| match &*request.state_name {
        "ProcessPayment" => Err(asl::WorkflowError::new("PaymentFailedError", "declined")),
        _ => Ok(asl::Value::empty_object()),
    });
    assert_eq!(caught.states["ProcessPayment"].0, asl_graph::StateStatus::Caught);
    same_colouring(&text, |_| Ok(asl::Value::empty_object()));
}

#[test]
fn interleaved_parallel_branches_and_map_iterations() {
    let definition = r#"{"StartAt": "Fan", "States": {
        "Fan": {"Type": "Parallel", "Next": "Each", "ResultSelector": {"items.$": "States.Array(1, 2, 3)"}, "Branches": [
            {"StartAt": "A1", "States": {"A1": {"Type": "Pass", "Next": "A2"}, "A2": {"Type": "Pass", "End": true}}},
            {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Next": "B2"}, "B2": {"Type": "Pass", "End": true}}}]},
        "Each": {"Type": "Map", "ItemsPath": "$.items", "End": true, "ItemProcessor": {"StartAt": "One", "States": {
            "One": {"Type": "Pass", "Next": "Two"}, "Two": {"Type": "Pass", "End": true}}}}}}"#;
    let coloring = same_colouring(definition, |_| Ok(asl::Value::Null));
    assert_eq!(coloring.states["Two"].1, 3, "three iterations");
    assert!(coloring.taken.contains(&("B1".to_owned(), "B2".to_owned())));
}

#[test]
fn a_failed_execution() {
    let failed = same_colouring(
        r#"{"StartAt": "Pay", "States": {"Pay": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}], "End": true}}}"#,
        |_| Err(asl::WorkflowError::new("Boom", "always")),
    );
    assert_eq!(failed.states["Pay"].0, asl_graph::StateStatus::Failed);
}
