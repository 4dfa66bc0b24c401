//! `execute`: an even first byte builds a definition, input and mocks from the grammar (so
//! executions actually happen); an odd one reads three texts separated by NUL bytes. Each valid
//! definition runs under a step budget, with AWS's limits and without, twice to check determinism.

use asl::mock::{MockedRun, Mocks};
use asl::{Execution, ExecutionOptions, Limits, Value};

use super::STEP_BUDGET;
use super::bytes::Bytes;
use super::grammar::Grammar;
use super::parse_validate::{FakeSyntax, check_text};

/// A stand-in JSONata engine: answers from the request alone (its input, a value, nothing, or an
/// error), so every JSONata path of the core is exercised without JS.
pub struct FakeEngine;

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
            .map(|expression| match (expression.len() as u64 ^ request.seed) % 7 {
                0 => Ok(Some(input.clone())),
                1 => Ok(Some(Value::Bool(true))),
                2 => Ok(Some(Value::from_i64(2))),
                3 => Ok(None),
                4 => Ok(Some(Value::array(vec![input.clone(), Value::from_i64(1)]))),
                5 => Ok(Some(Value::string("2024-01-01T00:00:00Z"))),
                _ => Err("T2002: not a number".to_owned()),
            })
            .collect()
    }
}

/// Runs an arbitrary definition with an input and mocks, limits on and off.
pub fn execute(data: &[u8]) {
    let (definition, input, mocks) = decode_execute(data);
    run_definition(&definition, &input, &mocks);
}

/// What an `execute` input stands for: the definition, input and mocks texts (also handy to
/// turn a crash into a case file).
pub fn decode_execute(data: &[u8]) -> (String, String, String) {
    let mut bytes = Bytes::new(data);
    if bytes.byte().is_multiple_of(2) {
        let mut grammar = Grammar {
            bytes,
            depth: 0,
            task_names: Vec::new(),
        };
        let definition = grammar.machine(true);
        let input = grammar.document(3);
        let mocks = grammar.mocks();
        (definition.to_string(), input.to_string(), mocks.to_string())
    } else {
        (bytes.until_nul(), bytes.until_nul(), bytes.rest())
    }
}

/// Checks, then runs a definition (when valid) with the given input and mocks texts: with AWS's
/// limits and without, each twice to check that the history is the same.
pub fn run_definition(definition: &str, input: &str, mocks: &str) {
    check_text(definition);
    let Ok(machine) = asl::load_with(definition, Some(&FakeSyntax)) else {
        return;
    };
    let input = Value::from_json(input).unwrap_or_else(|_| Value::empty_object());
    let mocks = Value::from_json(mocks)
        .ok()
        .and_then(|value| Mocks::from_value(&value).ok())
        .unwrap_or_default();
    for limits in [Limits::default(), Limits::none()] {
        let first = run_once(&machine, &input, &mocks, limits);
        let second = run_once(&machine, &input, &mocks, limits);
        assert_eq!(
            first, second,
            "the same definition, input, mocks and seed must give the same history"
        );
    }
}

fn run_once(machine: &asl::ValidMachine, input: &Value, mocks: &Mocks, limits: Limits) -> (MockedRun, usize, String) {
    let mut execution = Execution::start(
        machine,
        input.clone(),
        ExecutionOptions {
            seed: 7,
            start_time: 1_700_000_000_000,
            limits,
            ..ExecutionOptions::default()
        },
    );
    let end = asl::mock::run_to_end(&mut execution, mocks, STEP_BUDGET, &mut FakeEngine)
        .expect("the mocks driver never misuses the host API");
    if end == MockedRun::Finished {
        assert!(execution.outcome().is_some(), "a finished run has an outcome");
    }
    // The last event says how the run ended; the whole history is not compared (nor serialised)
    // because a payload shared many times over may be large as text even though it is small in
    // memory.
    let mut last = execution
        .history()
        .last()
        .map(|event| event.kind.type_name())
        .unwrap_or_default();
    if let Some(error) = execution.outcome().and_then(|outcome| outcome.error.as_ref()) {
        last.push_str(&format!(" {}: {}", error.error, error.cause));
    }
    (end, execution.history().len(), last)
}
