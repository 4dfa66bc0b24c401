//! Conformance cases: a definition, an input, mocks and the expected result, in one JSON
//! object (the format of `shared/conformance/README.md`). Running one is pure: the caller
//! reads the file, this checks the case and says what differs.
//!
//! Beyond that format, for cases copied from recordings of AWS
//! (`tests/cases/aws-recorded/README.md`): `expected.cause` is the whole cause (a JSON value
//! when the recording shows the cause parsed as JSON), top-level `expected_events` lists the
//! history's event types in order, and a placeholder token such as `<uuid:1>` inside an expected
//! string of `output` or `cause` matches any text, as the recording's placeholders stand for
//! values it hid.
//!
//! For a Distributed Map's ResultWriter, top-level `expected_objects` lists the objects written
//! to the mocked S3, in order: each `{"bucket", "key", "body"}`, the body as the JSON value of
//! the text written (a list of values for JSON Lines), placeholders matching in the key and in
//! the body's strings (a Map Run's id is a UUID), and a string that is one placeholder also
//! matching a number (an object's `Size`).

use crate::jsonata::{Engine, SyntaxChecker};
use crate::mock::{Answerer, MockedRun, Mocks};
use crate::{Execution, ExecutionOptions, Limits, TaskRequest, Value};

/// Most steps a case may take before it counts as looping forever.
pub const MAX_STEPS: u64 = 1_000_000;

/// Runs one case; `Err` says how the result differs from the expectation. JSONata
/// expressions fail: see [`run_with`].
pub fn run(case: &Value) -> Result<(), String> {
    run_with(case, &mut crate::jsonata::NoEngine)
}

/// Runs one case with a synchronous JSONata engine.
pub fn run_with(case: &Value, engine: &mut dyn Engine) -> Result<(), String> {
    if let Some(file) = mocks_file(case) {
        return Err(format!(
            "the case's mocks are the file \"{file}\": run it with a host that runs mocks written as code (`asl test`)"
        ));
    }
    run_with_mocks(case, engine, None)
}

/// The mocks file a case names (`"mocks": "order-mocks.js"`, relative to the case file), for
/// hosts that run mocks written as code.
pub fn mocks_file(case: &Value) -> Option<&str> {
    case.get("mocks").and_then(Value::as_str)
}

/// Runs one case with a synchronous JSONata engine, its tasks answered by `mocks` when given
/// (a host's mocks written as code, for a case that names a mocks file), else by the case's
/// JSON mocks.
pub fn run_with_mocks(case: &Value, engine: &mut dyn Engine, mocks: Option<&dyn Answerer>) -> Result<(), String> {
    let mut run = match prepare(case, Some(&*engine))? {
        Prepared::Done => return Ok(()),
        Prepared::Run(run) => run,
    };
    let CaseRun {
        execution,
        mocks: json_mocks,
        missing,
        ..
    } = &mut *run;
    let mocks: &dyn Answerer = match mocks {
        Some(mocks) => mocks,
        None => json_mocks,
    };
    let end =
        crate::mock::run_to_end(execution, mocks, MAX_STEPS, engine).map_err(|error| format!("host error: {error}"))?;
    if let MockedRun::MissingMock(stopped) = &end {
        *missing = Some(stopped.to_string());
    }
    run.verdict(end == MockedRun::Finished)
}

/// A case whose definition loaded: its execution, ready for a host to drive.
pub struct CaseRun {
    pub execution: Execution,
    mocks: Mocks,
    missing: Option<String>,
    expected: Value,
    expected_states: Option<Vec<String>>,
    expected_events: Option<Vec<String>>,
    expected_objects: Option<Value>,
}

/// What loading a case gave: nothing more to run (an INVALID case that passed), or a run.
pub enum Prepared {
    Done,
    Run(Box<CaseRun>),
}

/// The mocks' answer to a task request, by the one missing-mock policy (`mock`): a missing mock
/// stops the run, and the case fails with the policy's message.
fn answer(
    mocks: &mut Mocks,
    missing: &mut Option<String>,
    request: &TaskRequest,
) -> Result<crate::mock::TaskAnswer, String> {
    mocks.answer_request(request).map_err(|stopped| {
        let message = stopped.to_string();
        missing.get_or_insert(message.clone());
        message
    })
}

/// Whether a case's definition uses JSONata, so its host must bring an engine.
pub fn needs_jsonata(case: &Value) -> bool {
    case.get("definition").is_some_and(crate::machine::value_needs_jsonata)
}

/// Loads a case's definition (checking JSONata syntax with `syntax` when given) and starts its
/// execution; an INVALID case is judged here.
pub fn prepare(case: &Value, syntax: Option<&dyn SyntaxChecker>) -> Result<Prepared, String> {
    let definition = case.get("definition").ok_or("case has no definition")?;
    let expected = case.get("expected").ok_or("case has no expected")?;
    let expected_status = expected
        .get("status")
        .and_then(Value::as_str)
        .ok_or("expected has no status")?;
    let definition_text = definition.to_json_pretty();

    let machine = match crate::load_with(&definition_text, syntax) {
        Ok(machine) => machine,
        Err(diagnostics) => {
            if expected_status != "INVALID" {
                let first: Vec<String> = diagnostics
                    .iter()
                    .take(3)
                    .map(|diagnostic| format!("{} {}", diagnostic.pointer, diagnostic.message))
                    .collect();
                return Err(format!(
                    "expected {expected_status} but the definition is invalid: {}",
                    first.join("; ")
                ));
            }
            let needle = expected
                .get("diagnostic_contains")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_ascii_lowercase();
            // What users see: the message and the JSON Pointer the CLI prints with it (the
            // CLI contract test matches its output).
            let found = diagnostics.iter().any(|diagnostic| {
                diagnostic.message.to_ascii_lowercase().contains(&needle)
                    || diagnostic.pointer.to_ascii_lowercase().contains(&needle)
            });
            return if found {
                Ok(Prepared::Done)
            } else {
                Err(format!("no diagnostic mentions \"{needle}\": {diagnostics:?}"))
            };
        }
    };
    if expected_status == "INVALID" {
        return Err("expected INVALID but the definition validated".to_owned());
    }

    // A mocks file is the host's to run (`run_with_mocks`).
    let mocks = match case.get("mocks") {
        Some(Value::String(_)) | None => Mocks::default(),
        Some(mocks) => Mocks::from_value(mocks)?,
    };
    let mut options = ExecutionOptions {
        limits: Limits::default(),
        ..ExecutionOptions::default()
    };
    if let Some(context) = case.get("context") {
        if let Some(name) = context.get("ExecutionName").and_then(Value::as_str) {
            options.name = Some(name.to_owned());
        }
        if let Some(start) = context.get("StartTime").and_then(Value::as_str) {
            options.start_time = crate::time::parse_timestamp(start).ok_or("bad StartTime in context")?;
        }
    }
    let input = case.get("input").cloned().unwrap_or_else(Value::empty_object);
    Ok(Prepared::Run(Box::new(CaseRun {
        execution: Execution::start(&machine, input, options),
        mocks,
        missing: None,
        expected: expected.clone(),
        expected_states: expected_states(case).map(|states| states.iter().map(|name| name.to_string()).collect()),
        expected_events: strings(case.get("expected_events")),
        expected_objects: case.get("expected_objects").cloned(),
    })))
}

impl CaseRun {
    /// The execution, and the mocks' answer to its task requests, for hosts that drive it.
    pub fn parts(
        &mut self,
    ) -> (
        &mut Execution,
        impl FnMut(&TaskRequest) -> Result<crate::mock::TaskAnswer, String> + '_,
    ) {
        let CaseRun {
            execution,
            mocks,
            missing,
            ..
        } = self;
        (execution, move |request: &TaskRequest| answer(mocks, missing, request))
    }

    /// Whether the execution ended as the case expects.
    pub fn verdict(&self, finished: bool) -> Result<(), String> {
        let execution = &self.execution;
        let expected = &self.expected;
        if let Some(missing) = &self.missing {
            return Err(missing.clone());
        }
        if !finished {
            return Err("the execution did not finish".to_owned());
        }
        let expected_status = expected.get("status").and_then(Value::as_str).unwrap_or("");
        let outcome = execution.outcome().ok_or("no outcome")?;
        let status = outcome.status.as_str();
        if status != expected_status {
            return Err(format!(
                "expected {expected_status}, got {status} ({:?})",
                outcome.error
            ));
        }
        if let Some(output) = expected.get("output") {
            let actual = outcome.output.clone().unwrap_or_default();
            if !matches(output, &actual) {
                return Err(format!("output {actual} != expected {output}"));
            }
        }
        if let Some(error) = expected.get("error").and_then(Value::as_str) {
            let actual = outcome
                .error
                .as_ref()
                .map(|error| error.error.to_string())
                .unwrap_or_default();
            if actual != error {
                return Err(format!(
                    "error {actual:?} != expected {error:?} (cause: {:?})",
                    outcome.error.as_ref().map(|error| &error.cause)
                ));
            }
        }
        if let Some(cause) = expected.get("cause_contains").and_then(Value::as_str) {
            let actual = outcome
                .error
                .as_ref()
                .map(|error| error.cause.to_string())
                .unwrap_or_default();
            if !actual.contains(cause) {
                return Err(format!("cause {actual:?} does not contain {cause:?}"));
            }
        }
        if let Some(cause) = expected.get("cause") {
            let actual = outcome
                .error
                .as_ref()
                .map(|error| error.cause.to_string())
                .unwrap_or_default();
            // A recording shows a cause that is JSON text as the parsed value.
            let same = match cause {
                Value::String(_) => matches(cause, &Value::string(actual.as_str())),
                _ => Value::from_json(&actual).is_ok_and(|actual| matches(cause, &actual)),
            };
            if !same {
                return Err(format!("cause {actual:?} != expected {cause}"));
            }
        }
        if let Some(states) = &self.expected_states {
            let actual: Vec<&str> = execution.top_level_states().map(|name| &**name).collect();
            if actual != *states {
                return Err(format!("states {actual:?} != expected {states:?}"));
            }
        }
        if let Some(events) = &self.expected_events {
            let actual: Vec<String> = execution.history().iter().map(|event| event.kind.type_name()).collect();
            if actual != *events {
                return Err(format!("events {actual:?} != expected {events:?}"));
            }
        }
        if let Some(objects) = &self.expected_objects {
            let actual = Value::array(execution.written_objects().iter().map(written_object).collect());
            if !matches_with(objects, &actual, true) {
                return Err(format!("written objects {actual} != expected {objects}"));
            }
        }
        Ok(())
    }
}

/// An object ResultWriter wrote, as `expected_objects` lists it: the body as JSON (one value
/// per line for JSON Lines), or as text when it is neither.
fn written_object(object: &crate::exec::S3Object) -> Value {
    let body = Value::from_json(&object.body).unwrap_or_else(|_| {
        let lines: Result<Vec<Value>, _> = object.body.lines().map(Value::from_json).collect();
        lines.map_or_else(|_| Value::string(&*object.body), Value::array)
    });
    Value::object_from([
        ("bucket", Value::String(object.bucket.clone())),
        ("key", Value::String(object.key.clone())),
        ("body", body),
    ])
}

fn expected_states(case: &Value) -> Option<Vec<&str>> {
    let states = case.get("expected_states")?.as_array()?;
    Some(states.iter().filter_map(Value::as_str).collect())
}

fn strings(list: Option<&Value>) -> Option<Vec<String>> {
    let list = list?.as_array()?;
    Some(list.iter().filter_map(Value::as_str).map(str::to_owned).collect())
}

/// JSON equality (numbers by value, objects regardless of key order), where a placeholder token
/// inside an expected string matches any text.
fn matches(expected: &Value, actual: &Value) -> bool {
    matches_with(expected, actual, false)
}

/// [`matches`], where with `any_number` an expected string that is one placeholder token
/// (`"<size>"`) also matches a number: a written object's size, which only its body decides.
fn matches_with(expected: &Value, actual: &Value, any_number: bool) -> bool {
    match (expected, actual) {
        (Value::String(expected), Value::String(actual)) => matches_text(expected, actual),
        (Value::String(expected), Value::Number(_)) if any_number => split_placeholders(expected) == ["", ""],
        (Value::Array(expected), Value::Array(actual)) => {
            expected.len() == actual.len()
                && expected
                    .iter()
                    .zip(actual.iter())
                    .all(|(e, a)| matches_with(e, a, any_number))
        }
        (Value::Object(expected), Value::Object(actual)) => {
            expected.len() == actual.len()
                && expected.iter().all(|(key, value)| {
                    actual
                        .get(key)
                        .is_some_and(|actual| matches_with(value, actual, any_number))
                })
        }
        _ => expected == actual,
    }
}

/// Whether `actual` is `expected` with each placeholder token (`<uuid:1>`, `<ExecArnPart_0idx>`:
/// `<`, then letters, digits, `_`, `-`, `:` or `.`, then `>`) replaced by any text.
fn matches_text(expected: &str, actual: &str) -> bool {
    let literals = split_placeholders(expected);
    let [first, middle @ .., last] = literals.as_slice() else {
        return expected == actual;
    };
    if actual.len() < first.len() + last.len() || !actual.starts_with(first) || !actual.ends_with(last) {
        return false;
    }
    // Leftmost matches are enough when every gap matches any text.
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    for literal in middle {
        match rest.find(literal) {
            Some(at) => rest = &rest[at + literal.len()..],
            None => return false,
        }
    }
    true
}

/// The literal pieces of `text` between placeholder tokens: one piece when it has none.
fn split_placeholders(text: &str) -> Vec<&str> {
    let mut res = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(open) = text[search..].find('<').map(|at| search + at) {
        let name_len = text[open + 1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.')))
            .unwrap_or(text.len() - open - 1);
        let close = open + 1 + name_len;
        if name_len > 0 && text[close..].starts_with('>') {
            res.push(&text[start..open]);
            start = close + 1;
            search = start;
        } else {
            search = open + 1;
        }
    }
    res.push(&text[start..]);
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_match_any_text() {
        assert!(matches_text("arn:<ArnPart_0idx>:<ExecArnPart_0idx>", "arn:sm:exec-1"));
        assert!(matches_text("id <uuid:1>", "id "));
        assert!(matches_text("<json-input:1>", "{\"a\":1}"));
        assert!(!matches_text("a<x>b", "ba"));
        assert!(!matches_text("arn:<ArnPart_0idx>:end", "arn:sm:end:more"));
        assert!(matches_text("a < b and c>", "a < b and c>"));
        assert!(!matches_text("a < b", "a  b"));
        assert!(matches(
            &Value::from_json(r#"{"requestId":"<uuid:1>","n":1}"#).unwrap(),
            &Value::from_json(r#"{"n":1.0,"requestId":"0f1e"}"#).unwrap()
        ));
        let size = Value::from_json(r#"{"Size":"<size>"}"#).unwrap();
        let written = Value::from_json(r#"{"Size":342}"#).unwrap();
        assert!(matches_with(&size, &written, true));
        assert!(!matches(&size, &written));
    }
}
