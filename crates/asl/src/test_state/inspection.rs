//! `inspectionData` at DEBUG and TRACE: the stages AWS reports for each kind of state and
//! query language (the table in `crates/asl-cli/tests/test_state/README.md`, from AWS's
//! recorded answers), each a JSON string, with the variables and what Retry and Catch did;
//! `afterItemsPointer` from the API reference alone (no recording has it).

use std::sync::Arc;

use crate::exec::StateTrace;
use crate::machine::{InputType, ReaderResource, State, StateKind};
use crate::value::Value;

use super::request::Request;

/// The stages AWS reports for a state, in its names.
fn stages(state: &State) -> &'static [&'static str] {
    let jsonata = state.jsonata.is_some();
    match (&state.kind, jsonata) {
        (StateKind::Task(_), true) => &["input", "afterArguments", "result"],
        (_, true) => &["input"],
        (StateKind::Pass { result: Some(_) }, false) => &["input", "result", "afterResultSelector", "afterResultPath"],
        (StateKind::Pass { .. }, false) => &[
            "input",
            "afterInputPath",
            "afterParameters",
            "afterResultSelector",
            "afterResultPath",
        ],
        (StateKind::Task(_), false) => &[
            "input",
            "afterInputPath",
            "afterParameters",
            "result",
            "afterResultSelector",
            "afterResultPath",
        ],
        (StateKind::Map(_), false) => &[
            "input",
            "afterInputPath",
            "afterItemsPath",
            "afterResultSelector",
            "afterResultPath",
        ],
        (StateKind::Parallel { .. }, false) => &["input", "afterResultSelector", "afterResultPath"],
        (StateKind::Choice { .. } | StateKind::Succeed | StateKind::Fail { .. } | StateKind::Wait(_), false) => {
            &["input", "afterInputPath"]
        }
    }
}

fn stage<'t>(entry: &'t StateTrace, name: &str) -> Option<&'t Value> {
    match name {
        "input" => Some(&entry.input),
        "afterInputPath" => entry.after_input_path.as_ref(),
        "afterParameters" => entry.after_parameters.as_ref(),
        "afterArguments" => entry.after_arguments.as_ref(),
        "result" => entry.result.as_ref(),
        "afterResultSelector" => entry.after_result_selector.as_ref(),
        "afterResultPath" => entry.after_result_path.as_ref(),
        "afterItemsPath" => entry.after_items_path.as_ref(),
        _ => None,
    }
}

pub(super) fn inspection_data(
    entry: &StateTrace,
    state: &State,
    request: &Request,
    variables: &[(Arc<str>, Value)],
    status: &str,
) -> Value {
    let mut res = crate::value::Map::new();
    for name in stages(state) {
        if let Some(value) = stage(entry, name) {
            res.insert(Arc::from(*name), Value::from(value.to_json()));
        }
    }
    if let Some(items) = after_items_pointer(state, request) {
        res.insert(Arc::from("afterItemsPointer"), Value::from(items.to_json()));
    }
    if matches!(state.kind, StateKind::Map(_)) {
        if let Some(count) = entry.max_concurrency {
            res.insert(Arc::from("maxConcurrency"), Value::from_i64(count as i64));
        }
        if let Some(count) = entry.tolerated_failure_count {
            res.insert(Arc::from("toleratedFailureCount"), Value::from_i64(count as i64));
        }
        if let Some(percentage) = entry.tolerated_failure_percentage {
            res.insert(Arc::from("toleratedFailurePercentage"), number(percentage));
        }
    }
    if !variables.is_empty() {
        let object = Value::object(variables.iter().cloned().collect());
        res.insert(Arc::from("variables"), Value::from(object.to_json()));
    }
    if let Some(details) = entry.errors.last() {
        let mut error_details = crate::value::Map::new();
        if let Some(index) = details.catch_index.filter(|_| status == "CAUGHT_ERROR") {
            error_details.insert(Arc::from("catchIndex"), Value::from_i64(index as i64));
        }
        if let Some(index) = details.retry_index {
            error_details.insert(Arc::from("retryIndex"), Value::from_i64(index as i64));
        }
        if let Some(seconds) = details.retry_backoff_interval_seconds {
            error_details.insert(Arc::from("retryBackoffIntervalSeconds"), number(seconds));
        }
        if !error_details.is_empty() {
            res.insert(Arc::from("errorDetails"), Value::object(error_details));
        }
    }
    Value::object(res)
}

/// `afterItemsPointer`: "the effective input after the ItemsPointer filter is applied in a Map
/// state" (the API reference's InspectionData), for a Map whose ItemReader reads JSON, from the
/// request's `mapItemReaderData`, through the reader an execution uses. Unlike the other
/// stages, only when the definition has an `ItemsPointer`: AWS reports none for a JSON reader
/// without one (recorded, `map-jsonata-item-reader-data`). Absent when the data cannot be read.
fn after_items_pointer(state: &State, request: &Request) -> Option<Value> {
    let StateKind::Map(spec) = &state.kind else {
        return None;
    };
    let reader = spec.item_reader.as_deref()?;
    if reader.resource != ReaderResource::GetObject
        || reader.input_type != InputType::Json
        || reader.items_pointer.is_none()
    {
        return None;
    }
    let data = request.map_item_reader_data.as_deref()?;
    crate::exec::read_items(reader, &Value::string(data))
        .ok()
        .map(Value::array)
}

/// A number as JSON would write it: whole numbers without a fraction.
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Value::from_i64(value as i64)
    } else {
        Value::from_f64(value)
    }
}
