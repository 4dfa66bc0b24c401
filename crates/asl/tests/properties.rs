//! Properties that must hold for any input: no panic on any text, diagnostics that point at real
//! places, determinism of executions, and JSONPath agreeing with serde_json_path where the two
//! dialects overlap.

use asl::mock::Mocks;
use asl::path::{NoEnv, Path};
use asl::{Execution, ExecutionOptions, Value};
use proptest::prelude::*;

const ORDER: &str = include_str!("../../../examples/order-workflow.json");
const KITCHEN_SINK: &str = include_str!("../test_data/validate/ok/0002-every-state-type.json");
const JSONATA: &str = include_str!("../test_data/validate/ok/0003-jsonata-every-state-type.json");

/// A stand-in JSONata engine for hostile runs: answers from the request alone (its input, a
/// value, nothing, or an error), so every JSONata path of the core is exercised without JS.
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
            .map(|expression| match (expression.len() as u64 ^ request.seed) % 5 {
                0 => Ok(Some(input.clone())),
                1 => Ok(Some(Value::Bool(true))),
                2 => Ok(Some(Value::from_i64(2))),
                3 => Ok(None),
                _ => Err("T2002: not a number".to_owned()),
            })
            .collect()
    }
}

/// A stand-in JSONata parser that reports errors at awkward positions (past the end, inside
/// multi-byte characters), so diagnostics inside strings are checked for any position.
struct FakeSyntax;

impl asl::jsonata::SyntaxChecker for FakeSyntax {
    fn check(&self, expression: &str) -> Result<(), asl::jsonata::SyntaxError> {
        if expression.len().is_multiple_of(3) {
            return Ok(());
        }
        Err(asl::jsonata::SyntaxError {
            position: expression.encode_utf16().count() * (expression.len() % 3) + 1,
            code: "S0000".to_owned(),
            message: "fake".to_owned(),
        })
    }
}

fn check_diagnostics_are_well_formed(text: &str) {
    let checked = asl::check_with(text, Some(&FakeSyntax));
    for diagnostic in &checked.diagnostics {
        assert!(diagnostic.span.start <= diagnostic.span.end, "{diagnostic:?}");
        assert!(diagnostic.span.end <= text.len(), "{diagnostic:?}");
        assert!(
            text.is_char_boundary(diagnostic.span.start) && text.is_char_boundary(diagnostic.span.end),
            "{diagnostic:?}"
        );
        assert!(
            diagnostic.pointer.is_empty() || diagnostic.pointer.starts_with('/'),
            "{diagnostic:?}"
        );
    }
    // When the text is JSON, every pointer names a place in it (or one missing member of it).
    // With duplicate keys a pointer is ambiguous (serde_json keeps the last value, a diagnostic
    // may point into the first), so the check needs a document without them.
    let has_duplicates = checked
        .diagnostics
        .iter()
        .any(|diagnostic| diagnostic.code == "duplicate-key");
    if !has_duplicates && let Ok(document) = serde_json::from_str::<serde_json::Value>(text) {
        for diagnostic in &checked.diagnostics {
            let pointer = &diagnostic.pointer;
            let parent = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
            assert!(
                document.pointer(pointer).is_some() || document.pointer(parent).is_some(),
                "pointer {pointer} of {diagnostic:?} does not resolve"
            );
        }
    }
}

/// Replaces a few bytes of `text` with characters that matter to JSON and ASL.
fn mutate(text: &str, edits: &[(usize, u8)]) -> String {
    const ALPHABET: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        "\"",
        ",",
        ":",
        "$",
        ".",
        "*",
        "0",
        "-1",
        "null",
        "true",
        "é",
        "\\",
        " ",
        "States.ALL",
        "\"Next\"",
    ];
    let mut res = text.to_owned();
    for (position, choice) in edits {
        let mut at = position % (res.len() + 1);
        while !res.is_char_boundary(at) {
            at -= 1;
        }
        let insert = ALPHABET[*choice as usize % ALPHABET.len()];
        let end = (at + 1).min(res.len());
        let end = if res.is_char_boundary(end) { end } else { at };
        res.replace_range(at..end, insert);
    }
    res
}

fn run(text: &str, seed: u64) -> Option<String> {
    let machine = asl::load(text).ok()?;
    let mocks = Mocks::default();
    let mut execution = Execution::start(
        &machine,
        Value::from_json(r#"{"order":{"id":"o-1","items":["a","b"]},"orderId":"x"}"#).ok()?,
        ExecutionOptions {
            seed,
            ..ExecutionOptions::default()
        },
    );
    let mut invocation = 0u64;
    let _ = execution.run_to_end_with(
        10_000,
        |request| {
            invocation += 1;
            let _ = mocks.answer_request(request);
            if invocation.is_multiple_of(3) {
                Err(asl::WorkflowError::new("Lambda.TooManyRequestsException", "busy"))
            } else {
                Ok(request.input.clone())
            }
        },
        &mut FakeEngine,
    );
    Some(serde_json::to_string(&asl::history_json(execution.history())).unwrap())
}

proptest! {
    // Cheap cases (about a microsecond each): many of them.
    #![proptest_config(ProptestConfig { cases: 20_000, .. ProptestConfig::default() })]

    /// `asl::decimal` writes what `{:.N}` and `{}` would, but for how a tie and a negative
    /// zero round (at most one unit in the last place apart; the same number).
    #[test]
    fn decimals_are_written_as_display_writes_them(value in -1.0e9..1.0e9f64, places in 0u32..=4) {
        let ours = asl::decimal::fixed(value, places);
        let display = format!("{value:.*}", places as usize);
        // Both have `places` decimals: read as integers of the last place.
        let units = |text: &str| text.replace('.', "").parse::<i64>().unwrap();
        prop_assert!((units(&ours) - units(&display)).abs() <= 1, "{value} to {places}: {ours} against {display}");
        // The shortest text reads back as the value, as short as Display's (which picks the
        // other last digit when two are as close).
        let (shortest, display) = (asl::decimal::shortest(value), format!("{value}"));
        prop_assert_eq!(shortest.parse::<f64>().unwrap(), value);
        prop_assert_eq!(shortest.len(), display.len(), "{} against {}", shortest, display);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn any_text_is_checked_without_panicking(text in "\\PC{0,200}") {
        check_diagnostics_are_well_formed(&text);
    }

    #[test]
    fn any_jsonata_expression_is_checked_and_run_without_panicking(body in "\\PC{0,60}", seed in any::<u64>()) {
        let field = serde_json::to_string(&format!("{{%{body}%}}")).unwrap();
        let text = format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "A", "States": {{"A": {{"Type": "Pass", "Output": {{"x": {field}}}, "Assign": {{"v": {field}}}, "Next": "B"}}, "B": {{"Type": "Choice", "Choices": [{{"Condition": {field}, "Next": "C"}}], "Default": "C"}}, "C": {{"Type": "Wait", "Seconds": {field}, "End": true}}}}}}"#
        );
        check_diagnostics_are_well_formed(&text);
        let first = run(&text, seed);
        prop_assert_eq!(first, run(&text, seed));
    }

    #[test]
    fn edited_definitions_are_checked_and_run_without_panicking(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
        pick in 0..3usize,
        seed in any::<u64>(),
    ) {
        let text = mutate([ORDER, KITCHEN_SINK, JSONATA][pick], &edits);
        check_diagnostics_are_well_formed(&text);
        let first = run(&text, seed);
        let second = run(&text, seed);
        prop_assert_eq!(first, second, "the same definition, input, answers and seed must give the same history");
    }

    #[test]
    fn values_are_read_as_serde_json_reads_them(
        text in "[\\[\\]{}\",: \n0-9.eE+\\-abtrufnslu\\\\é€]{0,40}",
        document in arbitrary_document(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..3),
    ) {
        // Text made of JSON's own characters, and documents with a few bytes changed.
        let edited = mutate(&document.to_json(), &edits);
        for text in [text.as_str(), edited.as_str(), &document.to_json()] {
            read_as_serde_json_reads(text)?;
        }
    }

    #[test]
    fn json_path_agrees_with_serde_json_path(
        path in proptest::sample::select(vec![
            "$", "$.a", "$.a.b", "$.a.b[0]", "$.a.b[1].c", "$.a.b[*]", "$.a.b[*].c", "$..c", "$.a['b']",
            "$.a.b[-1]", "$.a.b[0:2]", "$.a.b[0,1]", "$.x", "$.a.*", "$..*", "$.a.b[?(@.c > 1)]", "$.a.b[?(@.c == 'x')]",
        ]),
        document in arbitrary_document(),
    ) {
        let ours = Path::parse(path).unwrap();
        let theirs = serde_json_path::JsonPath::parse(path).unwrap();
        let serde_document: serde_json::Value = serde_json::from_str(&document.to_json()).unwrap();
        let expected: Vec<Value> = theirs.query(&serde_document).all().into_iter().map(Value::from).collect();
        let actual = ours.evaluate(&document, &NoEnv);
        if ours.is_definite() {
            // A definite path gives the one node, or nothing (AWS then raises States.Runtime).
            prop_assert_eq!(actual, expected.into_iter().next());
        } else {
            let mut actual = actual.and_then(|value| value.as_array().map(|items| items.to_vec())).unwrap_or_default();
            let mut expected = expected;
            // Descendant queries may list nodes in a different (both valid) order.
            actual.sort_by_key(Value::to_json);
            expected.sort_by_key(Value::to_json);
            prop_assert_eq!(actual, expected);
        }
    }
}

/// `Value::from_json` (our reader, serde_json for what it leaves) against serde_json alone:
/// the same value, facts that match its text, or the same error at the same place.
fn read_as_serde_json_reads(text: &str) -> Result<(), TestCaseError> {
    match (Value::from_json(text), serde_json::from_str::<Value>(text)) {
        (Ok(ours), Ok(theirs)) => {
            prop_assert_eq!(ours.to_json(), theirs.to_json(), "{:?}", text);
            prop_assert_eq!(ours.json_len(), ours.to_json().len(), "{:?}", text);
        }
        (Err(ours), Err(theirs)) => prop_assert_eq!(ours.to_string(), theirs.to_string(), "{:?}", text),
        (ours, theirs) => prop_assert!(false, "{:?}: {:?} against {:?}", text, ours, theirs),
    }
    Ok(())
}

fn arbitrary_document() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-5i64..5).prop_map(Value::from_i64),
        proptest::sample::select(vec!["x", "y", ""]).prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::array),
            proptest::collection::vec((proptest::sample::select(vec!["a", "b", "c"]), inner), 0..4).prop_map(|pairs| {
                Value::object(
                    pairs
                        .into_iter()
                        .map(|(key, value)| (std::sync::Arc::from(key), value))
                        .collect(),
                )
            }),
        ]
    })
}

#[test]
fn deep_and_hostile_inputs_are_diagnosed() {
    for text in [
        "[".repeat(1_000_000),
        format!(
            "{{\"StartAt\":\"A\",\"States\":{{\"A\":{{\"Type\":\"Pass\",\"Result\":{}1{},\"End\":true}}}}}}",
            "[".repeat(150),
            "]".repeat(150)
        ),
        "\u{feff}{}".to_owned(),
        "{\"StartAt\": \"\u{0}\"}".to_owned(),
        "1e999999".to_owned(),
        String::new(),
    ] {
        check_diagnostics_are_well_formed(&text);
    }
}
