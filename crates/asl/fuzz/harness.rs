//! The fuzz targets' bodies, shared by the libFuzzer binaries (`fuzz_targets/*.rs`, nightly) and
//! by the stable replay of the seed corpora (`crates/asl/tests/fuzz_corpus.rs`), which includes
//! this file with `#[path]`.
//!
//! Each target takes raw bytes and decodes them itself with [`Bytes`], a small stand-in for the
//! `arbitrary` crate: that keeps the replay free of dependencies the main workspace does not
//! already have. Every target asserts the invariants the core promises for any input (no panic,
//! diagnostics inside the text, pointers that resolve, deterministic executions); a failed
//! assertion is a crash to the fuzzer and a failing test to the replay.
//!
//! Input shapes (the first byte picks a mode where a target has several):
//! - `parse_validate`: the bytes are the definition's text (lossy UTF-8).
//! - `execute`: an even first byte builds a definition, input and mocks from a small grammar of
//!   states and fields (so executions actually happen); an odd one reads three texts separated by
//!   NUL bytes: definition, input, mocks.
//! - `paths`: an even first byte builds a path and a document from a grammar; an odd one reads a
//!   path text and a JSON document separated by a NUL byte.
//! - `intrinsics`: likewise, an intrinsic call and an input document.
//! - `mocks`: a JSON text, read both as `MockedResponses` and as a `MockConfigFile`.

#![allow(dead_code)]

use asl::mock::{MockedRun, Mocks};
use asl::path::{Env, Path};
use asl::{Execution, ExecutionOptions, Limits, Value};

/// Transitions one execution may take before the harness stops it: loops are fine, forever is not.
pub const STEP_BUDGET: u64 = 10_000;

/// A target's body: decodes the fuzzer's bytes and asserts the core's promises about them.
pub type Target = fn(&[u8]);

/// Every target by name, for the replay (`fuzz_targets/*.rs` call theirs directly).
pub const TARGETS: &[(&str, Target)] = &[
    ("parse_validate", parse_validate),
    ("execute", execute),
    ("paths", paths),
    ("intrinsics", intrinsics),
    ("mocks", mocks),
];

/// Reads decisions from the fuzzer's bytes; past the end every read is zero, so any input decodes.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Bytes<'a> {
        Bytes { data }
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((first, rest)) => {
                self.data = rest;
                *first
            }
            None => 0,
        }
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 256 {
            self.byte() as usize % n
        } else {
            (usize::from(self.byte()) << 8 | usize::from(self.byte())) % n
        }
    }

    pub fn flip(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn i64(&mut self) -> i64 {
        let mut bytes = [0u8; 8];
        for byte in &mut bytes {
            *byte = self.byte();
        }
        i64::from_le_bytes(bytes)
    }

    /// An integer that is often at an edge (0, ±1, the ends of i32, i64 and f64's exact range).
    pub fn edgy_integer(&mut self) -> i64 {
        match self.below(4) {
            0 => self.pick(&[
                0,
                1,
                -1,
                2,
                i64::MAX,
                i64::MIN,
                i64::MAX - 1,
                i64::MIN + 1,
                i32::MAX as i64,
                i32::MIN as i64,
                1 << 53,
                -(1 << 53),
                (1 << 53) + 1,
                1000,
                1001,
                -1000,
            ]),
            1 => self.i64(),
            _ => i64::from(self.byte() as i8),
        }
    }

    /// The rest of the input as text.
    pub fn rest(&mut self) -> String {
        let text = String::from_utf8_lossy(self.data).into_owned();
        self.data = &[];
        text
    }

    /// The text up to the next NUL byte (or the end), consuming the NUL.
    pub fn until_nul(&mut self) -> String {
        let end = self.data.iter().position(|byte| *byte == 0).unwrap_or(self.data.len());
        let text = String::from_utf8_lossy(&self.data[..end]).into_owned();
        self.data = self.data.get(end + 1..).unwrap_or(&[]);
        text
    }
}

// ---------------------------------------------------------------------------------------------
// parse_validate

/// A stand-in JSONata parser that reports errors at awkward positions (past the end, inside
/// multi-byte characters), so diagnostics inside strings are checked for any position.
pub struct FakeSyntax;

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

/// Checks a definition's text with and without a JSONata parser, and every diagnostic's place.
pub fn parse_validate(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_text(&text);
}

pub fn check_text(text: &str) {
    let plain = asl::check(text);
    assert_diagnostics_are_well_formed(text, &plain.diagnostics);
    let with_syntax = asl::check_with(text, Some(&FakeSyntax));
    assert_diagnostics_are_well_formed(text, &with_syntax.diagnostics);
    // A JSONata parser only adds problems: what loads with it also loads without it.
    if !with_syntax.has_errors() {
        assert!(
            !plain.has_errors(),
            "valid with a JSONata parser but not without: {:?}",
            plain.diagnostics
        );
    }
    // `load` agrees with `check`.
    assert_eq!(asl::load(text).is_ok(), !plain.has_errors());
}

fn assert_diagnostics_are_well_formed(text: &str, diagnostics: &[asl::Diagnostic]) {
    for diagnostic in diagnostics {
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
        assert!(!diagnostic.message.is_empty(), "{diagnostic:?}");
    }
    // When the text is JSON, every pointer names a place in it (or one missing member of it).
    // With duplicate keys a pointer is ambiguous (serde_json keeps the last value, a diagnostic
    // may point into the first), so the check needs a document without them.
    let has_duplicates = diagnostics.iter().any(|diagnostic| diagnostic.code == "duplicate-key");
    if !has_duplicates && let Ok(document) = serde_json::from_str::<serde_json::Value>(text) {
        for diagnostic in diagnostics {
            let pointer = &diagnostic.pointer;
            let parent = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
            assert!(
                document.pointer(pointer).is_some() || document.pointer(parent).is_some(),
                "pointer {pointer} of {diagnostic:?} does not resolve"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// execute

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

/// Builds ASL JSON from the fuzzer's bytes: a few states of every type, with the fields that
/// matter to execution, wired to each other so that loops, retries and catches happen.
struct Grammar<'a> {
    bytes: Bytes<'a>,
    depth: usize,
    task_names: Vec<String>,
}

const PATHS: &[&str] = &[
    "$",
    "$.a",
    "$.a.b",
    "$.items",
    "$.items[0]",
    "$.items[*]",
    "$..a",
    "$.missing",
    "$$.Execution.Input",
    "$$.State.Name",
    "$$.Map.Item.Value",
    "$v",
    "$v.a",
    "$.items[-1]",
    "$.items[1:]",
    "$.items[?(@ > 1)]",
    "$['a']",
    "$.n",
    "$.s",
    "$.t",
    "$.items.length()",
];

const REFERENCE_PATHS: &[&str] = &["$", "$.a", "$.a.b", "$.r", "$.items[0]", "$.n", "$.missing.deep"];

const INTRINSICS: &[&str] = &[
    "States.Format('x{}y{}', $.a, $.n)",
    "States.StringToJson($.s)",
    "States.JsonToString($)",
    "States.Array($, $.n, 'x')",
    "States.ArrayPartition($.items, 2)",
    "States.ArrayContains($.items, 1)",
    "States.ArrayRange(1, $.n, 2)",
    "States.ArrayRange(-9223372036854775808, 9223372036854775807, 4611686018427387904)",
    "States.ArrayGetItem($.items, $.n)",
    "States.ArrayLength($.items)",
    "States.ArrayUnique($.items)",
    "States.Base64Encode($.s)",
    "States.Base64Decode($.s)",
    "States.Hash($.s, 'SHA-256')",
    "States.JsonMerge($, $.a, false)",
    "States.MathRandom(1, 9223372036854775807)",
    "States.MathAdd($.n, 9223372036854775807)",
    "States.StringSplit($.s, ',')",
    "States.UUID()",
    "States.Array($, $)",
];

const JSONATA: &[&str] = &[
    "{% $states.input %}",
    "{% $states.input.n %}",
    "{% $v %}",
    "{% $states.result %}",
    "{% $states.errorOutput %}",
    "{% $states.context.Execution.Input %}",
    "{% 1 + %}",
    "{% true %}",
    "{% $count($states.input.items) %}",
];

const ERRORS: &[&str] = &[
    "States.ALL",
    "States.TaskFailed",
    "States.Timeout",
    "States.Runtime",
    "States.DataLimitExceeded",
    "States.HeartbeatTimeout",
    "States.QueryEvaluationError",
    "E1",
    "E2",
];

const TIMESTAMPS: &[&str] = &[
    "2024-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "1970-01-01T00:00:00Z",
    "2016-03-14T01:59:00.123+02:00",
    "2024-02-30T00:00:00Z",
];

impl Grammar<'_> {
    fn machine(&mut self, top: bool) -> serde_json::Value {
        self.depth += 1;
        let jsonata = self.bytes.below(4) == 0;
        let n_states = 1 + self.bytes.below(if self.depth > 2 { 2 } else { 6 });
        let mut states = serde_json::Map::new();
        for state_idx in 0..n_states {
            let name = format!("S{}_{state_idx}", self.depth);
            let state = self.state(&name, state_idx, n_states, jsonata);
            states.insert(name, state);
        }
        let mut res = serde_json::json!({"StartAt": format!("S{}_0", self.depth), "States": states});
        if jsonata {
            res["QueryLanguage"] = "JSONata".into();
        }
        if top && self.bytes.below(4) == 0 {
            res["TimeoutSeconds"] = self.seconds();
        }
        self.depth -= 1;
        res
    }

    fn next(&mut self, state: &mut serde_json::Value, n_states: usize) {
        match self.bytes.below(4) {
            0 => state["End"] = true.into(),
            _ => state["Next"] = format!("S{}_{}", self.depth, self.bytes.below(n_states)).into(),
        }
    }

    fn state(&mut self, name: &str, state_idx: usize, n_states: usize, jsonata: bool) -> serde_json::Value {
        let kind = if self.depth > 3 {
            self.bytes.below(6)
        } else {
            self.bytes.below(8)
        };
        let mut state = serde_json::json!({});
        match kind {
            0 => {
                state["Type"] = "Pass".into();
                if self.bytes.flip() {
                    state["Result"] = self.document(2);
                }
                self.data_fields(&mut state, jsonata, false);
                self.next(&mut state, n_states);
            }
            1 => {
                state["Type"] = "Task".into();
                state["Resource"] = self
                    .bytes
                    .pick(&[
                        "arn:aws:states:::lambda:invoke",
                        "arn:aws:lambda:us-east-1:123456789012:function:f",
                        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    ])
                    .into();
                self.task_names.push(name.to_owned());
                self.data_fields(&mut state, jsonata, true);
                if self.bytes.flip() {
                    state["TimeoutSeconds"] = self.seconds();
                }
                if self.bytes.below(4) == 0 {
                    state["HeartbeatSeconds"] = self.seconds();
                }
                self.retry_catch(&mut state, n_states);
                self.next(&mut state, n_states);
            }
            2 => {
                state["Type"] = "Choice".into();
                let n_rules = 1 + self.bytes.below(3);
                let rules: Vec<serde_json::Value> = (0..n_rules).map(|_| self.choice_rule(jsonata, n_states)).collect();
                state["Choices"] = rules.into();
                if self.bytes.flip() {
                    state["Default"] = format!("S{}_{}", self.depth, self.bytes.below(n_states)).into();
                }
                if self.bytes.below(4) == 0 {
                    self.data_fields(&mut state, jsonata, false);
                }
            }
            3 => {
                state["Type"] = "Wait".into();
                match (self.bytes.below(4), jsonata) {
                    (0, _) => state["Seconds"] = self.seconds(),
                    (1, false) => state["Timestamp"] = self.bytes.pick(TIMESTAMPS).into(),
                    (2, false) => state["SecondsPath"] = self.bytes.pick(PATHS).into(),
                    (3, false) => state["TimestampPath"] = self.bytes.pick(PATHS).into(),
                    (_, true) => state["Seconds"] = self.bytes.pick(JSONATA).into(),
                    _ => unreachable!(),
                }
                self.next(&mut state, n_states);
            }
            4 => {
                state["Type"] = if self.bytes.flip() { "Succeed" } else { "Fail" }.into();
                if state["Type"] == "Fail" {
                    match (self.bytes.below(3), jsonata) {
                        (0, _) => {}
                        (1, _) => {
                            state["Error"] = self.bytes.pick(ERRORS).into();
                            state["Cause"] = "because".into();
                        }
                        (_, false) => state["ErrorPath"] = self.bytes.pick(PATHS).into(),
                        (_, true) => state["Error"] = self.bytes.pick(JSONATA).into(),
                    }
                }
            }
            5 => {
                // A Pass that assigns a variable, so that `$v` paths find something.
                state["Type"] = "Pass".into();
                state["Assign"] = if jsonata {
                    serde_json::json!({"v": self.bytes.pick(JSONATA)})
                } else {
                    serde_json::json!({"v.$": self.bytes.pick(PATHS)})
                };
                self.next(&mut state, n_states);
            }
            6 => {
                state["Type"] = "Parallel".into();
                let n_branches = 1 + self.bytes.below(2);
                let branches: Vec<serde_json::Value> = (0..n_branches).map(|_| self.machine(false)).collect();
                state["Branches"] = branches.into();
                self.data_fields(&mut state, jsonata, true);
                self.retry_catch(&mut state, n_states);
                self.next(&mut state, n_states);
            }
            _ => {
                state["Type"] = "Map".into();
                let processor = self.machine(false);
                if self.bytes.flip() {
                    state["ItemProcessor"] = processor;
                } else {
                    state["Iterator"] = processor;
                }
                if jsonata {
                    if self.bytes.flip() {
                        state["Items"] = self.bytes.pick(JSONATA).into();
                    }
                } else if self.bytes.flip() {
                    state["ItemsPath"] = self.bytes.pick(PATHS).into();
                }
                if self.bytes.flip() {
                    state["MaxConcurrency"] = self.bytes.below(4).into();
                }
                if self.bytes.below(4) == 0 {
                    state["ToleratedFailurePercentage"] = (self.bytes.below(5) * 25).into();
                }
                if self.bytes.below(4) == 0 {
                    state["ItemSelector"] = if jsonata {
                        serde_json::json!({"i": "{% $states.context.Map.Item.Index %}"})
                    } else {
                        serde_json::json!({"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"})
                    };
                }
                self.data_fields(&mut state, jsonata, true);
                self.retry_catch(&mut state, n_states);
                self.next(&mut state, n_states);
            }
        }
        if state_idx == 0 && self.bytes.below(8) == 0 {
            state["Comment"] = "é\u{1F600}".into();
        }
        state
    }

    fn data_fields(&mut self, state: &mut serde_json::Value, jsonata: bool, has_result: bool) {
        if jsonata {
            for field in ["Output", "Arguments", "Assign"] {
                if self.bytes.below(3) == 0 {
                    state[field] = match field {
                        "Assign" => serde_json::json!({"v": self.bytes.pick(JSONATA)}),
                        _ if self.bytes.flip() => self.bytes.pick(JSONATA).into(),
                        _ => serde_json::json!({"x": self.bytes.pick(JSONATA), "k": 1}),
                    };
                }
            }
            return;
        }
        for field in ["InputPath", "OutputPath"] {
            if self.bytes.below(3) == 0 {
                state[field] = if self.bytes.below(5) == 0 {
                    serde_json::Value::Null
                } else {
                    self.bytes.pick(PATHS).into()
                };
            }
        }
        if self.bytes.below(3) == 0 {
            state["ResultPath"] = if self.bytes.below(5) == 0 {
                serde_json::Value::Null
            } else {
                self.bytes.pick(REFERENCE_PATHS).into()
            };
        }
        if self.bytes.below(3) == 0 {
            state["Parameters"] = self.template();
        }
        if has_result && self.bytes.below(3) == 0 {
            state["ResultSelector"] = self.template();
        }
        if self.bytes.below(4) == 0 {
            state["Assign"] = serde_json::json!({"v.$": self.bytes.pick(PATHS), "w": self.bytes.below(3)});
        }
    }

    fn template(&mut self) -> serde_json::Value {
        let mut res = serde_json::Map::new();
        for key_idx in 0..1 + self.bytes.below(3) {
            if self.bytes.flip() {
                res.insert(format!("p{key_idx}.$"), self.bytes.pick(PATHS).into());
            } else {
                res.insert(format!("f{key_idx}.$"), self.bytes.pick(INTRINSICS).into());
            }
        }
        if self.bytes.below(4) == 0 {
            res.insert("lit".to_owned(), self.document(2));
        }
        res.into()
    }

    fn retry_catch(&mut self, state: &mut serde_json::Value, n_states: usize) {
        if self.bytes.flip() {
            let mut retrier = serde_json::json!({"ErrorEquals": [self.bytes.pick(ERRORS)]});
            if self.bytes.flip() {
                retrier["MaxAttempts"] = self
                    .bytes
                    .pick(&[0i64, 1, 2, 3, 99_999_999, i64::from(i32::MAX)])
                    .into();
            }
            if self.bytes.flip() {
                retrier["IntervalSeconds"] = self.bytes.pick(&[1i64, 2, 99_999_999]).into();
            }
            if self.bytes.flip() {
                retrier["BackoffRate"] = self.bytes.pick(&[1.0f64, 1.5, 2.0, 1e300]).into();
            }
            if self.bytes.flip() {
                retrier["MaxDelaySeconds"] = self.bytes.pick(&[1i64, 10, 31_622_400]).into();
            }
            if self.bytes.flip() {
                retrier["JitterStrategy"] = self.bytes.pick(&["FULL", "NONE"]).into();
            }
            state["Retry"] = serde_json::json!([retrier]);
        }
        if self.bytes.flip() {
            let mut catcher = serde_json::json!({
                "ErrorEquals": [self.bytes.pick(ERRORS)],
                "Next": format!("S{}_{}", self.depth, self.bytes.below(n_states)),
            });
            if self.bytes.flip() {
                catcher["ResultPath"] = self.bytes.pick(REFERENCE_PATHS).into();
            }
            state["Catch"] = serde_json::json!([catcher]);
        }
    }

    fn choice_rule(&mut self, jsonata: bool, n_states: usize) -> serde_json::Value {
        let next = format!("S{}_{}", self.depth, self.bytes.below(n_states));
        if jsonata {
            return serde_json::json!({"Condition": self.bytes.pick(JSONATA), "Next": next});
        }
        let mut rule = self.comparison(0);
        rule["Next"] = next.into();
        rule
    }

    fn comparison(&mut self, depth: usize) -> serde_json::Value {
        if depth < 2 && self.bytes.below(4) == 0 {
            let operator = self.bytes.pick(&["And", "Or", "Not"]);
            return if operator == "Not" {
                serde_json::json!({"Not": self.comparison(depth + 1)})
            } else {
                serde_json::json!({operator: [self.comparison(depth + 1), self.comparison(depth + 1)]})
            };
        }
        let variable = self.bytes.pick(REFERENCE_PATHS);
        let (operator, value): (&str, serde_json::Value) = match self.bytes.below(10) {
            0 => ("NumericEquals", self.bytes.edgy_integer().into()),
            1 => ("NumericGreaterThan", 1.5.into()),
            2 => ("NumericLessThanEqualsPath", self.bytes.pick(PATHS).into()),
            3 => ("StringEquals", "x".into()),
            4 => ("StringMatches", self.bytes.pick(&["*", "a*b", "\\*", "\\"]).into()),
            5 => ("BooleanEquals", true.into()),
            6 => ("TimestampLessThan", self.bytes.pick(TIMESTAMPS).into()),
            7 => ("IsPresent", self.bytes.flip().into()),
            8 => ("IsNumeric", true.into()),
            _ => ("StringEqualsPath", self.bytes.pick(PATHS).into()),
        };
        serde_json::json!({"Variable": variable, operator: value})
    }

    fn seconds(&mut self) -> serde_json::Value {
        self.bytes.pick(&[0i64, 1, 5, 99_999_999, 31_536_000]).into()
    }

    /// A small JSON document with the fields the paths above look for.
    fn document(&mut self, depth: usize) -> serde_json::Value {
        match self.bytes.below(if depth == 0 { 5 } else { 8 }) {
            0 => serde_json::Value::Null,
            1 => self.bytes.flip().into(),
            2 => self.bytes.edgy_integer().into(),
            3 => self
                .bytes
                .pick(&[
                    "",
                    "x",
                    "a,b,,c",
                    "{\"a\":1}",
                    "aGVsbG8=",
                    "2024-01-01T00:00:00Z",
                    "é\u{1F600}",
                ])
                .into(),
            4 => 0.5.into(),
            5 | 6 => {
                let mut res = serde_json::Map::new();
                for _ in 0..self.bytes.below(4) {
                    let key = self.bytes.pick(&["a", "b", "n", "s", "t", "items", "r"]);
                    let value = self.document(depth - 1);
                    res.insert(key.to_owned(), value);
                }
                res.into()
            }
            _ => {
                let items: Vec<serde_json::Value> =
                    (0..self.bytes.below(5)).map(|_| self.document(depth - 1)).collect();
                items.into()
            }
        }
    }

    fn mocks(&mut self) -> serde_json::Value {
        let mut res = serde_json::Map::new();
        for name in self.task_names.clone() {
            if self.bytes.below(8) == 0 {
                continue;
            }
            let mut responses = serde_json::Map::new();
            let mut first = 0;
            for _ in 0..1 + self.bytes.below(3) {
                let last = first + self.bytes.below(3);
                let key = if last == first {
                    first.to_string()
                } else {
                    format!("{first}-{last}")
                };
                let response = if self.bytes.below(3) == 0 {
                    serde_json::json!({"Throw": {"Error": self.bytes.pick(ERRORS), "Cause": "mocked"}})
                } else {
                    serde_json::json!({"Return": self.document(2)})
                };
                responses.insert(key, response);
                first = last + 1;
            }
            res.insert(name, responses.into());
        }
        res.into()
    }
}

// ---------------------------------------------------------------------------------------------
// paths

/// An environment with a context object and one variable, so `$$` and `$v` paths find something.
pub struct FuzzEnv {
    pub context: Value,
    pub variable: Value,
}

impl Env for FuzzEnv {
    fn context(&self) -> Value {
        self.context.clone()
    }
    fn variable(&self, name: &str) -> Option<Value> {
        (name == "v").then(|| self.variable.clone())
    }
}

const SEGMENTS: &[&str] = &[
    ".a",
    ".b",
    "['a']",
    "['x y']",
    "[0]",
    "[-1]",
    "[1]",
    "[*]",
    ".*",
    "..a",
    "..*",
    "[0,1]",
    "['a','b']",
    "[0:2]",
    "[::-1]",
    "[1:]",
    "[:-1]",
    "[0:9223372036854775807:2]",
    "[-9223372036854775808]",
    "[?(@.a)]",
    "[?(@ > 1)]",
    "[?(@.a == 'x')]",
    "[?(@.a != 1 && @.b < 2.5)]",
    "[?(!(@.a) || $.b)]",
    "[?(@.a >= $.b)]",
    ".length()",
    ".é",
    "[9223372036854775807]",
    "[ 0 ]",
    "[?(@)]",
    ".",
    "[",
    "]",
    "..",
    "[?(",
    "'",
    "\\",
];

/// Parses a path both as a path and as a reference path, evaluates it, and writes through it.
pub fn paths(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let (text, document) = if bytes.byte().is_multiple_of(2) {
        let mut text = bytes.pick(&["$", "$$", "$v", "$.", "@", ""]).to_owned();
        for _ in 0..bytes.below(6) {
            text.push_str(bytes.pick(SEGMENTS));
        }
        let mut grammar = Grammar {
            bytes,
            depth: 0,
            task_names: Vec::new(),
        };
        let document = grammar.document(4).to_string();
        (text, document)
    } else {
        (bytes.until_nul(), bytes.rest())
    };
    check_path(&text, &document);
}

pub fn check_path(text: &str, document: &str) {
    let document = Value::from_json(document).unwrap_or_else(|_| Value::object_from([("a", Value::from_i64(1))]));
    let env = FuzzEnv {
        context: Value::object_from([("Execution", document.clone())]),
        variable: document.clone(),
    };
    let path = Path::parse(text);
    let reference = Path::parse_reference(text);
    for error in [path.as_ref().err(), reference.as_ref().err()].into_iter().flatten() {
        assert!(error.offset <= text.len(), "{error:?} past the end of {text:?}");
        assert!(!error.message.is_empty());
    }
    if let Ok(reference) = &reference {
        assert!(reference.is_definite(), "a reference path is definite: {text:?}");
        assert!(path.is_ok(), "a reference path is a path: {text:?}");
    }
    if let Ok(path) = &path {
        assert_eq!(path.text(), text);
        let result = path.evaluate(&document, &env);
        if !path.is_definite() {
            assert!(
                result.as_ref().is_none_or(|value| value.as_array().is_some()),
                "an indefinite path gives an array: {text:?}"
            );
        }
        // Parsing the path's own text again gives the same path.
        assert_eq!(Path::parse(path.text()).as_ref(), Ok(path));
    }
    if let Ok(reference) = &reference
        && *reference.root() == asl::path::Root::Input
        && let Ok(written) = reference.write(&document, Value::string("written"))
    {
        // What was written reads back through the same path.
        assert_eq!(
            reference.evaluate(&written, &env),
            Some(Value::string("written")),
            "{text:?} on {}",
            document.to_json()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// intrinsics

const FUNCTIONS: &[&str] = &[
    "States.Format",
    "States.StringToJson",
    "States.JsonToString",
    "States.Array",
    "States.ArrayPartition",
    "States.ArrayContains",
    "States.ArrayRange",
    "States.ArrayGetItem",
    "States.ArrayLength",
    "States.ArrayUnique",
    "States.Base64Encode",
    "States.Base64Decode",
    "States.Hash",
    "States.JsonMerge",
    "States.MathRandom",
    "States.MathAdd",
    "States.StringSplit",
    "States.UUID",
    "States.Nope",
];

/// Parses and evaluates an intrinsic function call against a document.
pub fn intrinsics(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let (text, document) = if bytes.byte().is_multiple_of(2) {
        let mut grammar = Grammar {
            bytes,
            depth: 0,
            task_names: Vec::new(),
        };
        let text = grammar.call(0);
        let document = grammar.document(3).to_string();
        (text, document)
    } else {
        (bytes.until_nul(), bytes.rest())
    };
    check_intrinsic(&text, &document);
}

impl Grammar<'_> {
    fn call(&mut self, depth: usize) -> String {
        let name = self.bytes.pick(FUNCTIONS);
        let n_args = self.bytes.below(5);
        let args: Vec<String> = (0..n_args).map(|_| self.argument(depth)).collect();
        format!("{name}({})", args.join(", "))
    }

    fn argument(&mut self, depth: usize) -> String {
        match self.bytes.below(if depth < 3 { 9 } else { 8 }) {
            0 => self.bytes.edgy_integer().to_string(),
            1 => self
                .bytes
                .pick(&[
                    "1.5",
                    "-0.0",
                    "1e308",
                    "1e400",
                    "9007199254740993",
                    "-9223372036854775809",
                    "0.1",
                ])
                .to_owned(),
            2 => self
                .bytes
                .pick(&[
                    "'x{}y'",
                    "'{}{}'",
                    "'\\{}'",
                    "'\\''",
                    "'a,b,,c'",
                    "','",
                    "''",
                    "'SHA-256'",
                    "'MD5'",
                    "'{\"a\":[1]}'",
                    "'aGVsbG8='",
                    "'é\u{1F600}'",
                    "'\\\\'",
                    "'{'",
                ])
                .to_owned(),
            3 | 4 => self.bytes.pick(PATHS).to_owned(),
            5 => self.bytes.pick(&["true", "false", "null"]).to_owned(),
            6 => self.bytes.pick(&["", "(", ")", ",", "'", "[1]", "{}"]).to_owned(),
            7 => self.bytes.pick(&["$", "$.n", "$.s", "$.items"]).to_owned(),
            _ => self.call(depth + 1),
        }
    }
}

pub fn check_intrinsic(text: &str, document: &str) {
    use rand_chacha::rand_core::SeedableRng;

    let document = Value::from_json(document).unwrap_or_else(|_| Value::object_from([("n", Value::from_i64(3))]));
    let env = FuzzEnv {
        context: Value::object_from([("Execution", document.clone())]),
        variable: document.clone(),
    };
    match asl::intrinsics::Call::parse(text) {
        Ok(call) => {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
            let first = call.evaluate(
                &document,
                &mut asl::intrinsics::EvalCtx {
                    env: &env,
                    rng: &mut rng,
                },
            );
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
            let second = call.evaluate(
                &document,
                &mut asl::intrinsics::EvalCtx {
                    env: &env,
                    rng: &mut rng,
                },
            );
            assert_eq!(
                first, second,
                "the same call, document and seed give the same result: {text:?}"
            );
            if let Err(cause) = first {
                assert!(!cause.is_empty());
            }
        }
        Err(error) => {
            assert!(error.offset <= text.len(), "{error:?} past the end of {text:?}");
            assert!(!error.message.is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// mocks

/// Reads a JSON text as `MockedResponses` and as a `MockConfigFile`, then answers a few tasks.
pub fn mocks(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(value) = Value::from_json(&text) else {
        return;
    };
    let mut names: Vec<String> = Vec::new();
    if let Ok(mocks) = Mocks::from_value(&value) {
        if let Some(states) = value.as_object() {
            names.extend(states.keys().map(|name| name.to_string()));
        }
        answer_some(&mocks, &names);
    }
    // Test case and state machine names come from the document itself, so that some are found.
    let mut machines: Vec<Option<String>> = vec![None, Some("nope".to_owned())];
    let mut cases = vec!["nope".to_owned()];
    if let Some(found) = value.get("StateMachines").and_then(Value::as_object) {
        for (name, machine) in found.iter() {
            machines.push(Some(name.to_string()));
            if let Some(found_cases) = machine.get("TestCases").and_then(Value::as_object) {
                cases.extend(found_cases.keys().map(|case| case.to_string()));
                for case in found_cases.values().filter_map(Value::as_object) {
                    names.extend(case.keys().map(|name| name.to_string()));
                }
            }
        }
    }
    for machine in machines.iter().take(4) {
        for case in cases.iter().take(4) {
            match Mocks::from_mock_config(&value, machine.as_deref(), case) {
                Ok(mocks) => answer_some(&mocks, &names),
                Err(message) => assert!(!message.is_empty()),
            }
        }
    }
}

fn answer_some(mocks: &Mocks, names: &[String]) {
    for name in names.iter().take(8).chain(std::iter::once(&"missing".to_owned())) {
        for invocation in 0..4 {
            if let Err(missing) = mocks.response(name, invocation) {
                assert_eq!(&missing.state_name, name);
                assert!(missing.to_string().contains("the run stopped"));
                break;
            }
        }
    }
}
