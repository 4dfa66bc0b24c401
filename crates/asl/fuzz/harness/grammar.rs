//! [`Grammar`]: builds ASL JSON, documents and JSON mocks from the fuzzer's bytes, shared by the
//! targets that need structured inputs (`execute`, `paths`, `intrinsics`, `test_state`).

use super::bytes::Bytes;

/// Builds ASL JSON from the fuzzer's bytes: a few states of every type, with the fields that
/// matter to execution, wired to each other so that loops, retries and catches happen.
pub(super) struct Grammar<'a> {
    pub(super) bytes: Bytes<'a>,
    pub(super) depth: usize,
    pub(super) task_names: Vec<String>,
}

pub(super) const PATHS: &[&str] = &[
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

pub(super) const REFERENCE_PATHS: &[&str] = &["$", "$.a", "$.a.b", "$.r", "$.items[0]", "$.n", "$.missing.deep"];

pub(super) const INTRINSICS: &[&str] = &[
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

pub(super) const JSONATA: &[&str] = &[
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

pub(super) const ERRORS: &[&str] = &[
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

pub(super) const TIMESTAMPS: &[&str] = &[
    "2024-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "1970-01-01T00:00:00Z",
    "2016-03-14T01:59:00.123+02:00",
    "2024-02-30T00:00:00Z",
];

impl Grammar<'_> {
    pub(super) fn machine(&mut self, top: bool) -> serde_json::Value {
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

    pub(super) fn next(&mut self, state: &mut serde_json::Value, n_states: usize) {
        match self.bytes.below(4) {
            0 => state["End"] = true.into(),
            _ => state["Next"] = format!("S{}_{}", self.depth, self.bytes.below(n_states)).into(),
        }
    }

    pub(super) fn state(&mut self, name: &str, state_idx: usize, n_states: usize, jsonata: bool) -> serde_json::Value {
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

    pub(super) fn data_fields(&mut self, state: &mut serde_json::Value, jsonata: bool, has_result: bool) {
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

    pub(super) fn template(&mut self) -> serde_json::Value {
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

    pub(super) fn retry_catch(&mut self, state: &mut serde_json::Value, n_states: usize) {
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

    pub(super) fn choice_rule(&mut self, jsonata: bool, n_states: usize) -> serde_json::Value {
        let next = format!("S{}_{}", self.depth, self.bytes.below(n_states));
        if jsonata {
            return serde_json::json!({"Condition": self.bytes.pick(JSONATA), "Next": next});
        }
        let mut rule = self.comparison(0);
        rule["Next"] = next.into();
        rule
    }

    pub(super) fn comparison(&mut self, depth: usize) -> serde_json::Value {
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

    pub(super) fn seconds(&mut self) -> serde_json::Value {
        self.bytes.pick(&[0i64, 1, 5, 99_999_999, 31_536_000]).into()
    }

    /// A small JSON document with the fields the paths above look for.
    pub(super) fn document(&mut self, depth: usize) -> serde_json::Value {
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

    pub(super) fn mocks(&mut self) -> serde_json::Value {
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
