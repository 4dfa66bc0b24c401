//! Spanned tree → state machine: the model of a definition, and the validation that builds it.
//!
//! Lowering walks every state and reports every problem it finds; it never stops at the first.
//! States live in a `Vec` per machine, indexed by `StateId`; transitions are ids; paths, templates
//! and intrinsic calls are compiled here, once. Parallel branches and Map item processors are
//! machines of their own in the same arena, named by `MachineId`. Only a definition without
//! errors becomes a `ValidMachine`, the one type an execution accepts.

use std::collections::VecDeque;
use std::sync::Arc;

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, Span, closest, pointer_push};
use crate::jsonata::{self, Jx, StatesAccess, SyntaxChecker};
use crate::path::Path;
use crate::syntax::{self, Node, NodeKind};
use crate::template::{Template, inner_span};
use crate::time;
use crate::value::Value;

/// Longest state name AWS accepts.
pub const MAX_STATE_NAME: usize = 80;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MachineId(pub u32);

impl MachineId {
    /// The top-level machine.
    pub const ROOT: MachineId = MachineId(0);
}

/// A definition that passed validation. Cheap to clone (shared).
#[derive(Clone, Debug)]
pub struct ValidMachine {
    definition: Arc<Definition>,
}

impl ValidMachine {
    pub fn definition(&self) -> &Definition {
        &self.definition
    }

    pub fn machine(&self, id: MachineId) -> &Machine {
        &self.definition.machines[id.0 as usize]
    }

    pub fn state(&self, machine: MachineId, state: StateId) -> &State {
        &self.machine(machine).states[state.0 as usize]
    }
}

/// Everything lowering understood of a definition, valid or not.
///
/// Invariant: `machines[0]` is the top level; every `MachineId` in a state indexes `machines`.
#[derive(Clone, Debug, Default)]
pub struct Definition {
    pub machines: Vec<Machine>,
    pub comment: Option<Arc<str>>,
    pub timeout_seconds: Option<u64>,
    /// Whether any state uses JSONata (its host then needs an engine).
    pub uses_jsonata: bool,
}

/// One flat graph of states: the top level, a Parallel branch or a Map item processor.
///
/// Invariant: every `StateId` held by a state of this machine indexes `states` of this same
/// machine (targets never cross into another machine).
#[derive(Clone, Debug, Default)]
pub struct Machine {
    pub states: Vec<State>,
    pub start: Option<StateId>,
    pub pointer: String,
    pub parent: Option<(MachineId, StateId)>,
}

impl Machine {
    pub fn find(&self, name: &str) -> Option<StateId> {
        self.states
            .iter()
            .position(|state| &*state.name == name)
            .map(|index| StateId(index as u32))
    }
}

#[derive(Clone, Debug)]
pub struct State {
    pub name: Arc<str>,
    pub pointer: String,
    /// The state's name where it is defined (the key in "States").
    pub span: Span,
    /// The whole state object (its value in "States").
    pub body_span: Span,
    pub kind: StateKind,
    pub input_path: Selection,
    pub output_path: Selection,
    pub parameters: Option<Template>,
    pub result_selector: Option<Template>,
    pub result_path: ResultPath,
    /// `None` for End states, terminal types, Choice, and unresolved targets.
    pub next: Option<StateId>,
    pub retry: Vec<Retrier>,
    pub catch: Vec<Catcher>,
    pub assign: Option<Template>,
    /// Set when the state's query language is JSONata: its fields, compiled.
    pub jsonata: Option<Box<JsonataFields>>,
}

impl State {
    pub fn type_name(&self) -> &'static str {
        self.kind.type_name()
    }

    pub fn query_language(&self) -> QueryLanguage {
        if self.jsonata.is_some() {
            QueryLanguage::Jsonata
        } else {
            QueryLanguage::JsonPath
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueryLanguage {
    #[default]
    JsonPath,
    Jsonata,
}

/// The fields of a JSONata state. A field given as a plain value is a literal `Jx`; fields
/// without an expression that the JSONPath lowering already understood (a literal
/// TimeoutSeconds, Wait Seconds, Fail Error) stay where it put them and are `None` here.
#[derive(Clone, Debug, Default)]
pub struct JsonataFields {
    pub arguments: Option<Jx>,
    pub output: Option<Jx>,
    pub assign: Option<Jx>,
    pub timeout: Option<Jx>,
    pub heartbeat: Option<Jx>,
    pub wait_seconds: Option<Jx>,
    pub wait_timestamp: Option<Jx>,
    pub error: Option<Jx>,
    pub cause: Option<Jx>,
    pub items: Option<Jx>,
    pub item_selector: Option<Jx>,
    pub max_concurrency: Option<Jx>,
    pub tolerated_failure_count: Option<Jx>,
    pub tolerated_failure_percentage: Option<Jx>,
    /// Choice: Output and Assign of each rule, in the order of `Choices`.
    pub rules: Vec<JsonataOutcome>,
    /// Output and Assign of each catcher, in the order of `Catch`.
    pub catchers: Vec<JsonataOutcome>,
}

/// What a Choice rule or a catcher does besides choosing the next state.
#[derive(Clone, Debug, Default)]
pub struct JsonataOutcome {
    pub output: Option<Jx>,
    pub assign: Option<Jx>,
}

/// InputPath / OutputPath: absent means `$`, `null` means `{}`.
#[derive(Clone, Debug)]
pub enum Selection {
    Whole,
    Nothing,
    Path(Path),
}

/// ResultPath: absent means `$` (the result replaces the input), `null` keeps the input.
#[derive(Clone, Debug)]
pub enum ResultPath {
    Replace,
    Discard,
    Path(Path),
}

#[derive(Clone, Debug)]
pub enum StateKind {
    Pass {
        result: Option<Value>,
    },
    Task(Box<TaskSpec>),
    Choice {
        choices: Vec<ChoiceRule>,
        default: Option<StateId>,
    },
    Wait(WaitSpec),
    Succeed,
    Fail {
        error: FailField,
        cause: FailField,
    },
    Parallel {
        branches: Vec<MachineId>,
    },
    Map(Box<MapSpec>),
}

impl StateKind {
    pub fn type_name(&self) -> &'static str {
        match self {
            StateKind::Pass { .. } => "Pass",
            StateKind::Task(_) => "Task",
            StateKind::Choice { .. } => "Choice",
            StateKind::Wait(_) => "Wait",
            StateKind::Succeed => "Succeed",
            StateKind::Fail { .. } => "Fail",
            StateKind::Parallel { .. } => "Parallel",
            StateKind::Map(_) => "Map",
        }
    }
}

#[derive(Clone, Debug)]
pub struct TaskSpec {
    pub resource: Arc<str>,
    pub timeout: Option<Seconds>,
    pub heartbeat: Option<Seconds>,
}

/// A number of seconds, literal or read from the input by a reference path.
#[derive(Clone, Debug)]
pub enum Seconds {
    Literal(u64),
    Path(Path),
}

#[derive(Clone, Debug)]
pub enum WaitSpec {
    Seconds(Seconds),
    /// Milliseconds since the Unix epoch.
    Timestamp(i64),
    TimestampPath(Path),
}

#[derive(Clone, Debug)]
pub enum FailField {
    None,
    Literal(Arc<str>),
    Path(Path),
    /// An intrinsic function in ErrorPath or CausePath, e.g. `States.Format('order {} failed', $.id)`.
    Call(Template),
}

#[derive(Clone, Debug)]
pub struct MapSpec {
    pub processor: MachineId,
    pub items_path: Option<Path>,
    pub item_selector: Option<Template>,
    pub max_concurrency: Option<Seconds>,
    pub tolerated_failure_count: Option<Seconds>,
    pub tolerated_failure_percentage: Option<PercentField>,
    pub distributed: bool,
}

#[derive(Clone, Debug)]
pub enum PercentField {
    Literal(f64),
    Path(Path),
}

#[derive(Clone, Debug)]
pub struct ChoiceRule {
    pub condition: Condition,
    pub next: Option<StateId>,
    pub assign: Option<Template>,
}

#[derive(Clone, Debug)]
pub enum Condition {
    And(Vec<Condition>),
    Or(Vec<Condition>),
    Not(Box<Condition>),
    Test {
        variable: Path,
        test: Test,
    },
    /// A JSONata rule's `Condition`, which must evaluate to a boolean.
    Jsonata(Jx),
}

#[derive(Clone, Debug)]
pub enum Test {
    Compare {
        kind: CompareKind,
        op: CompareOp,
        operand: Operand,
    },
    StringMatches(Arc<[GlobPart]>),
    Is(TypeTest, bool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareKind {
    String,
    Numeric,
    Boolean,
    Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Equals,
    LessThan,
    GreaterThan,
    LessThanEquals,
    GreaterThanEquals,
}

#[derive(Clone, Debug)]
pub enum Operand {
    Literal(Value),
    /// Timestamp literals are parsed at load: milliseconds since the epoch.
    Timestamp(i64),
    Path(Path),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeTest {
    Null,
    Present,
    Numeric,
    String,
    Boolean,
    Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GlobPart {
    Literal(String),
    Star,
}

#[derive(Clone, Debug)]
pub struct Retrier {
    pub error_equals: Vec<Arc<str>>,
    pub interval_seconds: f64,
    pub max_attempts: u32,
    pub backoff_rate: f64,
    pub max_delay_seconds: Option<f64>,
    pub jitter_full: bool,
}

#[derive(Clone, Debug)]
pub struct Catcher {
    pub error_equals: Vec<Arc<str>>,
    pub next: Option<StateId>,
    pub result_path: ResultPath,
    pub assign: Option<Template>,
}

/// The result of checking a definition: what was understood, and every problem found.
#[derive(Debug)]
pub struct Checked {
    pub definition: Definition,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The executable machine, when there are no errors (warnings are allowed).
    pub fn into_valid(self) -> Result<ValidMachine, Vec<Diagnostic>> {
        if self.has_errors() {
            Err(self.diagnostics)
        } else {
            Ok(ValidMachine {
                definition: Arc::new(self.definition),
            })
        }
    }
}

/// Parses and validates definition text.
pub fn check(text: &str) -> Checked {
    check_with(text, None)
}

/// Like [`check`], with a JSONata parser from the host, so that JSONata syntax errors are
/// reported at load, inside their string.
pub fn check_with(text: &str, syntax_checker: Option<&dyn SyntaxChecker>) -> Checked {
    let (node, mut diagnostics) = syntax::parse(text);
    let mut lowerer = Lowerer {
        diagnostics: Vec::new(),
        definition: Definition::default(),
        syntax: syntax_checker,
        default_language: QueryLanguage::JsonPath,
        in_jsonata_state: false,
    };
    if let Some(node) = node {
        lowerer.lower_top(&node);
        check_variable_references(&node, &mut lowerer.diagnostics);
    }
    diagnostics.append(&mut lowerer.diagnostics);
    // Spans inside strings are computed from offsets in the decoded value: keep the invariant
    // that every span lies within the text and on character boundaries.
    for diagnostic in &mut diagnostics {
        diagnostic.span = snap_to_chars(text, diagnostic.span);
    }
    diagnostics.sort_by_key(|diagnostic| (diagnostic.span.start, diagnostic.severity));
    Checked {
        definition: lowerer.definition,
        diagnostics,
    }
}

/// The span widened to whole characters and clamped to the text.
fn snap_to_chars(text: &str, span: Span) -> Span {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

/// Parses and validates definition text, keeping only an executable machine.
pub fn load(text: &str) -> Result<ValidMachine, Vec<Diagnostic>> {
    check(text).into_valid()
}

/// [`load`] with the host's JSONata parser (see [`check_with`]).
pub fn load_with(text: &str, syntax_checker: Option<&dyn SyntaxChecker>) -> Result<ValidMachine, Vec<Diagnostic>> {
    check_with(text, syntax_checker).into_valid()
}

/// The fields of the top level of a definition.
pub(crate) const TOP_FIELDS: &[&str] = &[
    "StartAt",
    "States",
    "Comment",
    "Version",
    "TimeoutSeconds",
    "QueryLanguage",
];
const BRANCH_FIELDS: &[&str] = &["StartAt", "States", "Comment"];
const PROCESSOR_FIELDS: &[&str] = &["StartAt", "States", "Comment", "ProcessorConfig"];
use crate::docs::STATE_TYPES;

/// The fields a state of this type may have (JSONPath query language).
pub fn allowed_fields(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "Pass" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultPath",
            "Result",
            "Assign",
        ],
        "Task" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
            "Resource",
            "TimeoutSeconds",
            "TimeoutSecondsPath",
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
            "Credentials",
            "Assign",
        ],
        "Choice" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "InputPath",
            "OutputPath",
            "Choices",
            "Default",
            "Assign",
        ],
        "Wait" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "Seconds",
            "SecondsPath",
            "Timestamp",
            "TimestampPath",
            "Assign",
        ],
        "Succeed" => &["Type", "Comment", "QueryLanguage", "InputPath", "OutputPath"],
        "Fail" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Error",
            "ErrorPath",
            "Cause",
            "CausePath",
        ],
        "Parallel" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
            "Branches",
            "Assign",
        ],
        "Map" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "ItemsPath",
            "ItemSelector",
            "Parameters",
            "Iterator",
            "ItemProcessor",
            "ItemReader",
            "ItemBatcher",
            "ResultWriter",
            "MaxConcurrency",
            "MaxConcurrencyPath",
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            "Label",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
            "Assign",
        ],
        _ => &[],
    }
}

/// Fields that belong to JSONata states only.
pub(crate) const JSONATA_FIELDS: &[&str] = &["Arguments", "Output", "Items", "Condition"];

/// Fields that belong to JSONPath states only.
const JSONPATH_FIELDS: &[&str] = &[
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "Result",
    "ItemsPath",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
    "Variable",
];

/// The fields a state of this type may have when it uses JSONata.
pub fn jsonata_allowed_fields(type_name: &str) -> Vec<&'static str> {
    let mut fields: Vec<&'static str> = allowed_fields(type_name)
        .iter()
        .copied()
        .filter(|field| !JSONPATH_FIELDS.contains(field))
        .collect();
    fields.extend(match type_name {
        "Task" | "Parallel" => &["Arguments", "Output"][..],
        "Map" => &["Items", "Output"][..],
        "Fail" => &[][..],
        _ => &["Output"][..],
    });
    fields
}

const COMPARISONS: &[(&str, CompareKind, CompareOp)] = &[
    ("StringEquals", CompareKind::String, CompareOp::Equals),
    ("StringLessThan", CompareKind::String, CompareOp::LessThan),
    ("StringGreaterThan", CompareKind::String, CompareOp::GreaterThan),
    ("StringLessThanEquals", CompareKind::String, CompareOp::LessThanEquals),
    (
        "StringGreaterThanEquals",
        CompareKind::String,
        CompareOp::GreaterThanEquals,
    ),
    ("NumericEquals", CompareKind::Numeric, CompareOp::Equals),
    ("NumericLessThan", CompareKind::Numeric, CompareOp::LessThan),
    ("NumericGreaterThan", CompareKind::Numeric, CompareOp::GreaterThan),
    ("NumericLessThanEquals", CompareKind::Numeric, CompareOp::LessThanEquals),
    (
        "NumericGreaterThanEquals",
        CompareKind::Numeric,
        CompareOp::GreaterThanEquals,
    ),
    ("BooleanEquals", CompareKind::Boolean, CompareOp::Equals),
    ("TimestampEquals", CompareKind::Timestamp, CompareOp::Equals),
    ("TimestampLessThan", CompareKind::Timestamp, CompareOp::LessThan),
    ("TimestampGreaterThan", CompareKind::Timestamp, CompareOp::GreaterThan),
    (
        "TimestampLessThanEquals",
        CompareKind::Timestamp,
        CompareOp::LessThanEquals,
    ),
    (
        "TimestampGreaterThanEquals",
        CompareKind::Timestamp,
        CompareOp::GreaterThanEquals,
    ),
];

const TYPE_TESTS: &[(&str, TypeTest)] = &[
    ("IsNull", TypeTest::Null),
    ("IsPresent", TypeTest::Present),
    ("IsNumeric", TypeTest::Numeric),
    ("IsString", TypeTest::String),
    ("IsBoolean", TypeTest::Boolean),
    ("IsTimestamp", TypeTest::Timestamp),
];

/// Every comparison operator name a Choice rule accepts (for completion and suggestions).
pub fn choice_operator_names() -> impl Iterator<Item = String> {
    COMPARISONS
        .iter()
        .flat_map(|(name, ..)| [name.to_string(), format!("{name}Path")])
        .chain(TYPE_TESTS.iter().map(|(name, _)| name.to_string()))
        .chain(["StringMatches".to_owned()])
}

struct Lowerer<'s> {
    diagnostics: Vec<Diagnostic>,
    definition: Definition,
    syntax: Option<&'s dyn SyntaxChecker>,
    /// The top level's QueryLanguage, which every state without its own uses (a Map's or a
    /// Parallel's does not pass to the states inside it).
    default_language: QueryLanguage,
    /// Lowering a JSONata state: `{% … %}` strings in number fields are left for its `Jx`s.
    in_jsonata_state: bool,
}

/// Names of the states of the machine being lowered, for resolving targets.
struct Names {
    ids: IndexMap<Arc<str>, StateId>,
}

impl Lowerer<'_> {
    fn error(&mut self, code: &'static str, message: impl Into<String>, pointer: &str, span: Span) {
        self.diagnostics.push(Diagnostic::error(code, message, pointer, span));
    }

    fn lower_top(&mut self, node: &Node) {
        if node.as_members().is_none() {
            self.error(
                "wrong-type",
                format!(
                    "a state machine definition must be a JSON object, not {}",
                    node.type_name()
                ),
                "",
                node.span,
            );
            return;
        }
        self.check_fields(node, "", TOP_FIELDS, "the state machine");
        if let Some(member) = node.member("QueryLanguage") {
            self.default_language = self.check_query_language(&member.value, "/QueryLanguage");
        }
        if let Some(comment) = node.get("Comment") {
            self.definition.comment = self.string(comment, "/Comment", "Comment").map(Arc::from);
        }
        if let Some(version) = node.get("Version")
            && version.as_str() != Some("1.0")
        {
            self.error("invalid-value", "\"Version\" must be \"1.0\"", "/Version", version.span);
        }
        if let Some(timeout) = node.get("TimeoutSeconds") {
            self.definition.timeout_seconds = self.positive_int(timeout, "/TimeoutSeconds", "TimeoutSeconds");
        }
        self.lower_machine(node, "", None);
    }

    fn check_query_language(&mut self, node: &Node, pointer: &str) -> QueryLanguage {
        match node.as_str() {
            Some("JSONPath") => QueryLanguage::JsonPath,
            Some("JSONata") => QueryLanguage::Jsonata,
            _ => {
                self.error(
                    "invalid-value",
                    "\"QueryLanguage\" must be \"JSONPath\" or \"JSONata\"",
                    pointer,
                    node.span,
                );
                self.default_language
            }
        }
    }

    fn check_fields(&mut self, node: &Node, pointer: &str, allowed: &[&str], owner: &str) {
        let Some(members) = node.as_members() else { return };
        for member in members {
            if allowed.contains(&&*member.key) {
                continue;
            }
            let member_pointer = pointer_push(pointer, &member.key);
            if self.in_jsonata_state && JSONPATH_FIELDS.contains(&&*member.key) {
                let instead = match &*member.key {
                    "InputPath" | "Parameters" => "read $states.input in Arguments (or Output) instead",
                    "ResultSelector" | "ResultPath" | "OutputPath" => {
                        "shape the output with Output ($states.input, $states.result) or keep values with Assign instead"
                    }
                    "Result" => "give the value in Output instead",
                    "ItemsPath" => "give the items in Items, for example \"{% $states.input.items %}\", instead",
                    "Variable" => "write the test as a Condition, for example \"{% $states.input.n > 1 %}\", instead",
                    _ => "give the field without Path and a {% … %} expression as its value instead",
                };
                self.error(
                    "jsonpath-field",
                    format!(
                        "\"{}\" is only valid in JSONPath states; this state uses JSONata: {instead}",
                        member.key
                    ),
                    &member_pointer,
                    member.key_span,
                );
                continue;
            }
            if JSONATA_FIELDS.contains(&&*member.key) {
                self.error(
                    "jsonata-field",
                    format!("\"{}\" is only valid in JSONata states; with JSONPath use Parameters, ResultSelector, OutputPath or Variable", member.key),
                    &member_pointer,
                    member.key_span,
                );
                continue;
            }
            let owners: Vec<&str> = if owner.ends_with(" state") {
                STATE_TYPES
                    .iter()
                    .copied()
                    .filter(|type_name| allowed_fields(type_name).contains(&&*member.key))
                    .collect()
            } else {
                Vec::new()
            };
            if !owners.is_empty() {
                self.error(
                    "misplaced-field",
                    format!(
                        "{owner} cannot have \"{}\"; only {} states have it",
                        member.key,
                        owners.join(", ")
                    ),
                    &member_pointer,
                    member.key_span,
                );
                continue;
            }
            let hint = closest(&member.key, allowed.iter().copied())
                .map(|close| format!("; did you mean \"{close}\"?"))
                .unwrap_or_default();
            self.error(
                "unknown-field",
                format!("{owner} has no field \"{}\"{hint}", member.key),
                &member_pointer,
                member.key_span,
            );
        }
    }

    fn string<'n>(&mut self, node: &'n Node, pointer: &str, field: &str) -> Option<&'n str> {
        let text = node.as_str();
        if text.is_none() {
            self.error(
                "wrong-type",
                format!("\"{field}\" must be a string, not {}", node.type_name()),
                pointer,
                node.span,
            );
        }
        text
    }

    fn int(&mut self, node: &Node, pointer: &str, field: &str, min: i64) -> Option<u64> {
        if self.is_jsonata_expression(node) {
            return None; // compiled into the state's JsonataFields
        }
        let number = match &node.kind {
            NodeKind::Number(number) => number.as_i64(),
            _ => None,
        };
        match number {
            Some(value) if value >= min => Some(value as u64),
            Some(value) => {
                self.error(
                    "invalid-value",
                    format!("\"{field}\" must be at least {min}, not {value}"),
                    pointer,
                    node.span,
                );
                None
            }
            None => {
                self.error(
                    "wrong-type",
                    format!("\"{field}\" must be an integer, not {}", describe(node)),
                    pointer,
                    node.span,
                );
                None
            }
        }
    }

    fn is_jsonata_expression(&self, node: &Node) -> bool {
        self.in_jsonata_state && node.as_str().and_then(jsonata::expression_body).is_some()
    }

    /// A JSONata field: compiled, with its syntax checked by the host when it can.
    fn jx(&mut self, node: &Node, pointer: &str, field: &str, access: StatesAccess) -> Jx {
        jsonata::compile(node, pointer, field, access, self.syntax, &mut self.diagnostics)
    }

    /// A JSONata field that may be a `{% … %}` expression or a plain value the JSONPath
    /// lowering already checked; `Some` only for an expression.
    fn jx_expression(&mut self, owner: &Node, pointer: &str, field: &str) -> Option<Jx> {
        let node = owner.get(field)?;
        if !self.is_jsonata_expression(node) {
            return None;
        }
        Some(self.jx(node, &pointer_push(pointer, field), field, StatesAccess::default()))
    }

    /// An owner's `Assign`, checked: an object whose keys are valid variable names (with `.$`
    /// suffixes in JSONPath). Returns it and its pointer.
    fn assign_node<'n>(&mut self, owner: &'n Node, pointer: &str, jsonpath: bool) -> Option<(&'n Node, String)> {
        let node = owner.get("Assign")?;
        let pointer = pointer_push(pointer, "Assign");
        let Some(members) = node.as_members() else {
            self.error(
                "wrong-type",
                format!("\"Assign\" must be an object, not {}", node.type_name()),
                &pointer,
                node.span,
            );
            return None;
        };
        for member in members {
            self.check_variable_name(&member.key, &pointer, member.key_span, jsonpath);
        }
        Some((node, pointer))
    }

    /// A JSONata Assign: an object of variable names to values or expressions.
    fn jx_assign(&mut self, owner: &Node, pointer: &str, access: StatesAccess) -> Option<Jx> {
        let (node, pointer) = self.assign_node(owner, pointer, false)?;
        Some(self.jx(node, &pointer, "Assign", access))
    }

    fn check_variable_name(&mut self, key: &str, pointer: &str, span: Span, jsonpath: bool) {
        let name = if jsonpath {
            key.strip_suffix(".$").unwrap_or(key)
        } else {
            key
        };
        let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name.len() <= MAX_STATE_NAME;
        if !valid {
            self.error(
                "invalid-variable",
                format!(
                    "\"{name}\" is not a valid variable name: use letters, digits and _, starting with a letter or _"
                ),
                &pointer_push(pointer, key),
                span,
            );
        } else if name == "states" {
            self.error(
                "invalid-variable",
                "\"states\" is reserved: $states holds the state's input, result, error output and context",
                &pointer_push(pointer, key),
                span,
            );
        }
    }

    fn positive_int(&mut self, node: &Node, pointer: &str, field: &str) -> Option<u64> {
        self.int(node, pointer, field, 1)
    }

    fn reference_path(&mut self, node: &Node, pointer: &str, field: &str) -> Option<Path> {
        let text = self.string(node, pointer, field)?;
        match Path::parse_reference(text) {
            Ok(path) => Some(path),
            Err(error) => {
                self.error(
                    "invalid-path",
                    format!("\"{field}\" is not a valid reference path: {}", error.message),
                    pointer,
                    inner_span(node, error.offset),
                );
                None
            }
        }
    }

    fn path(&mut self, node: &Node, pointer: &str, field: &str) -> Option<Path> {
        let text = self.string(node, pointer, field)?;
        match Path::parse(text) {
            Ok(path) => Some(path),
            Err(error) => {
                self.error(
                    "invalid-path",
                    format!("\"{field}\" is not a valid path: {}", error.message),
                    pointer,
                    inner_span(node, error.offset),
                );
                None
            }
        }
    }

    fn selection(&mut self, state: &Node, pointer: &str, field: &str) -> Selection {
        match state.get(field) {
            None => Selection::Whole,
            Some(node) if matches!(node.kind, NodeKind::Null) => Selection::Nothing,
            Some(node) => {
                let pointer = pointer_push(pointer, field);
                match self.path(node, &pointer, field) {
                    Some(path) if path.is_identity() => Selection::Whole,
                    Some(path) => Selection::Path(path),
                    None => Selection::Whole,
                }
            }
        }
    }

    fn result_path(&mut self, owner: &Node, pointer: &str) -> ResultPath {
        match owner.get("ResultPath") {
            None => ResultPath::Replace,
            Some(node) if matches!(node.kind, NodeKind::Null) => ResultPath::Discard,
            Some(node) => {
                let pointer = pointer_push(pointer, "ResultPath");
                match self.reference_path(node, &pointer, "ResultPath") {
                    Some(path) if path.is_identity() => ResultPath::Replace,
                    Some(path) if *path.root() != crate::path::Root::Input => {
                        self.error(
                            "invalid-path",
                            "\"ResultPath\" must start with \"$\" and write into the state input",
                            &pointer,
                            node.span,
                        );
                        ResultPath::Replace
                    }
                    Some(path) => ResultPath::Path(path),
                    None => ResultPath::Replace,
                }
            }
        }
    }

    fn template(&mut self, owner: &Node, pointer: &str, field: &str) -> Option<Template> {
        let node = owner.get(field)?;
        let pointer = pointer_push(pointer, field);
        if field != "Result" && node.as_members().is_none() && field != "Parameters" {
            self.error(
                "wrong-type",
                format!("\"{field}\" must be an object, not {}", node.type_name()),
                &pointer,
                node.span,
            );
            return None;
        }
        Some(Template::compile(node, &pointer, &mut self.diagnostics))
    }

    fn assign(&mut self, owner: &Node, pointer: &str) -> Option<Template> {
        let (node, pointer) = self.assign_node(owner, pointer, true)?;
        Some(Template::compile(node, &pointer, &mut self.diagnostics))
    }

    /// Lowers `node` (an object with StartAt and States) into a new machine and returns its id.
    fn lower_machine(&mut self, node: &Node, pointer: &str, parent: Option<(MachineId, StateId)>) -> MachineId {
        let machine_id = MachineId(self.definition.machines.len() as u32);
        self.definition.machines.push(Machine {
            pointer: pointer.to_owned(),
            parent,
            ..Machine::default()
        });

        let mut names = Names { ids: IndexMap::new() };
        let states_node = node.get("States");
        match states_node {
            None => self.error(
                "missing-field",
                "the state machine needs \"States\", an object of named states",
                pointer,
                key_span_or(node),
            ),
            Some(states) => match states.as_members() {
                None => self.error(
                    "wrong-type",
                    format!(
                        "\"States\" must be an object of named states, not {}",
                        states.type_name()
                    ),
                    &pointer_push(pointer, "States"),
                    states.span,
                ),
                Some([]) => self.error(
                    "missing-field",
                    "\"States\" is empty; add at least one state",
                    &pointer_push(pointer, "States"),
                    states.span,
                ),
                Some(members) => {
                    for member in members {
                        let id = StateId(names.ids.len() as u32);
                        names.ids.entry(member.key.clone()).or_insert(id);
                    }
                }
            },
        }

        let start = match node.get("StartAt") {
            None => {
                self.error(
                    "missing-field",
                    "the state machine needs \"StartAt\", the name of the first state",
                    pointer,
                    key_span_or(node),
                );
                None
            }
            Some(start_node) => {
                let start_pointer = pointer_push(pointer, "StartAt");
                self.string(start_node, &start_pointer, "StartAt")
                    .and_then(|name| self.resolve(&names, name, "StartAt", &start_pointer, start_node.span))
            }
        };
        self.definition.machines[machine_id.0 as usize].start = start;

        let mut states = Vec::new();
        let unknown_before = self.diagnostics.len();
        if let Some(members) = states_node.and_then(Node::as_members) {
            let states_pointer = pointer_push(pointer, "States");
            for (index, member) in members.iter().enumerate() {
                if names.ids.get(&member.key) != Some(&StateId(index as u32)) {
                    continue; // a duplicate name: reported by the parser, first one wins
                }
                let state_pointer = pointer_push(&states_pointer, &member.key);
                let state = self.lower_state(
                    &member.key,
                    member.key_span,
                    &member.value,
                    &state_pointer,
                    &names,
                    (machine_id, StateId(index as u32)),
                );
                states.push(state);
            }
        }
        // A misspelled target leaves its real target looking unreachable: report the cause only.
        let unresolved = self.diagnostics[unknown_before..]
            .iter()
            .any(|diagnostic| diagnostic.code == "unknown-state");
        if !unresolved {
            self.check_reachability(&states, start);
        }
        self.definition.machines[machine_id.0 as usize].states = states;
        machine_id
    }

    fn resolve(&mut self, names: &Names, name: &str, field: &str, pointer: &str, span: Span) -> Option<StateId> {
        if let Some(id) = names.ids.get(name) {
            return Some(*id);
        }
        let hint = closest(name, names.ids.keys().map(|key| &**key))
            .map(|close| format!("; did you mean \"{close}\"?"))
            .unwrap_or_else(|| {
                if names.ids.is_empty() {
                    String::new()
                } else {
                    let known: Vec<&str> = names.ids.keys().take(8).map(|key| &**key).collect();
                    format!("; states here: {}", known.join(", "))
                }
            });
        self.error(
            "unknown-state",
            format!("\"{field}\" names unknown state \"{name}\"{hint}"),
            pointer,
            span,
        );
        None
    }

    fn check_reachability(&mut self, states: &[State], start: Option<StateId>) {
        let Some(start) = start else { return };
        if states.len() <= start.0 as usize {
            return;
        }
        let mut seen = vec![false; states.len()];
        let mut queue = VecDeque::from([start]);
        seen[start.0 as usize] = true;
        while let Some(id) = queue.pop_front() {
            let Some(state) = states.get(id.0 as usize) else {
                continue;
            };
            for target in targets(state) {
                if let Some(flag) = seen.get_mut(target.0 as usize)
                    && !*flag
                {
                    *flag = true;
                    queue.push_back(target);
                }
            }
        }
        for (state, reached) in states.iter().zip(seen) {
            if !reached {
                self.error(
                    "unreachable-state",
                    format!(
                        "state \"{}\" is not reachable from StartAt; link it with Next, Default or Catch, or remove it",
                        state.name
                    ),
                    &state.pointer,
                    state.span,
                );
            }
        }
    }

    fn lower_state(
        &mut self,
        name: &str,
        key_span: Span,
        node: &Node,
        pointer: &str,
        names: &Names,
        here: (MachineId, StateId),
    ) -> State {
        let mut state = State {
            name: Arc::from(name),
            pointer: pointer.to_owned(),
            span: key_span,
            body_span: node.span,
            kind: StateKind::Succeed,
            input_path: Selection::Whole,
            output_path: Selection::Whole,
            parameters: None,
            result_selector: None,
            result_path: ResultPath::Replace,
            next: None,
            retry: Vec::new(),
            catch: Vec::new(),
            assign: None,
            jsonata: None,
        };
        if name.chars().count() > MAX_STATE_NAME {
            self.error(
                "name-too-long",
                format!(
                    "state name \"{name}\" is {} characters long; AWS allows at most {MAX_STATE_NAME}",
                    name.chars().count()
                ),
                pointer,
                key_span,
            );
        }
        if node.as_members().is_none() {
            self.error(
                "wrong-type",
                format!("state \"{name}\" must be an object, not {}", node.type_name()),
                pointer,
                node.span,
            );
            return state;
        }
        let type_name = match node.get("Type") {
            None => {
                self.error(
                    "missing-field",
                    format!("state \"{name}\" needs a \"Type\" (one of {})", STATE_TYPES.join(", ")),
                    pointer,
                    key_span,
                );
                return state;
            }
            Some(type_node) => match type_node.as_str() {
                Some(type_name) if STATE_TYPES.contains(&type_name) => type_name,
                other => {
                    let hint = other
                        .and_then(|text| closest(text, STATE_TYPES.iter().copied()))
                        .map(|close| format!("; did you mean \"{close}\"?"))
                        .unwrap_or_else(|| format!("; use one of {}", STATE_TYPES.join(", ")));
                    self.error(
                        "unknown-type",
                        format!("state \"{name}\" has unknown Type {}{hint}", describe(type_node)),
                        &pointer_push(pointer, "Type"),
                        type_node.span,
                    );
                    return state;
                }
            },
        };
        let owner = format!("a {type_name} state");
        let language = match node.member("QueryLanguage") {
            Some(member) => {
                let pointer = pointer_push(pointer, "QueryLanguage");
                let language = self.check_query_language(&member.value, &pointer);
                if language == QueryLanguage::JsonPath && self.default_language == QueryLanguage::Jsonata {
                    self.error(
                        "invalid-value",
                        "a state cannot use JSONPath when the state machine's QueryLanguage is JSONata; convert this state to JSONata, or drop the top-level QueryLanguage (JSONPath is the default) and set JSONata on the states that use it",
                        &pointer,
                        member.value.span,
                    );
                }
                language
            }
            None => self.default_language,
        };
        let jsonata = language == QueryLanguage::Jsonata;
        let outer_jsonata = self.in_jsonata_state;
        self.in_jsonata_state = jsonata;
        if jsonata {
            let allowed = jsonata_allowed_fields(type_name);
            self.check_fields(node, pointer, &allowed, &owner);
        } else {
            self.check_fields(node, pointer, allowed_fields(type_name), &owner);
        }
        if let Some(comment) = node.get("Comment") {
            self.string(comment, &pointer_push(pointer, "Comment"), "Comment");
        }

        let allowed = allowed_fields(type_name);
        if !jsonata {
            if allowed.contains(&"InputPath") {
                state.input_path = self.selection(node, pointer, "InputPath");
                state.output_path = self.selection(node, pointer, "OutputPath");
            }
            if allowed.contains(&"ResultPath") {
                state.result_path = self.result_path(node, pointer);
            }
            if allowed.contains(&"ResultSelector") {
                state.result_selector = self.template(node, pointer, "ResultSelector");
            }
            if allowed.contains(&"Assign") {
                state.assign = self.assign(node, pointer);
            }
        }
        let mut fields = JsonataFields::default();
        if allowed.contains(&"Retry") {
            state.retry = self.retriers(node, pointer);
            state.catch = self.catchers(node, pointer, names, jsonata.then_some(&mut fields.catchers));
        }

        // Transitions: Choice, Succeed and Fail have none of their own; every other state has
        // exactly one of Next or End.
        let terminal = matches!(type_name, "Succeed" | "Fail" | "Choice");
        if !terminal {
            let next = node.get("Next");
            let end = node.get("End");
            match (next, end) {
                (Some(_), Some(end_node)) if !matches!(end_node.kind, NodeKind::Bool(false)) => self.error(
                    "next-and-end",
                    format!("state \"{name}\" has both \"Next\" and \"End\"; keep one"),
                    &pointer_push(pointer, "End"),
                    end_node.span,
                ),
                (None, None)
                | (
                    None,
                    Some(Node {
                        kind: NodeKind::Bool(false),
                        ..
                    }),
                ) => self.error(
                    "missing-transition",
                    format!("state \"{name}\" needs \"Next\" (the state to go to) or \"End\": true"),
                    pointer,
                    key_span,
                ),
                _ => {}
            }
            if let Some(end_node) = end
                && !matches!(end_node.kind, NodeKind::Bool(_))
            {
                self.error(
                    "wrong-type",
                    format!("\"End\" must be true, not {}", describe(end_node)),
                    &pointer_push(pointer, "End"),
                    end_node.span,
                );
            }
            if let Some(next_node) = next {
                let next_pointer = pointer_push(pointer, "Next");
                state.next = self
                    .string(next_node, &next_pointer, "Next")
                    .and_then(|target| self.resolve(names, target, "Next", &next_pointer, next_node.span));
            }
        }

        state.kind = match type_name {
            "Pass" => {
                if !jsonata {
                    state.parameters = self.template(node, pointer, "Parameters");
                }
                StateKind::Pass {
                    result: node.get("Result").filter(|_| !jsonata).map(Node::to_value),
                }
            }
            "Task" => {
                if !jsonata {
                    state.parameters = self.template(node, pointer, "Parameters");
                }
                self.lower_task(node, pointer)
            }
            "Choice" => self.lower_choice(node, pointer, names, jsonata.then_some(&mut fields.rules)),
            "Wait" => self.lower_wait(name, node, pointer),
            "Succeed" => StateKind::Succeed,
            "Fail" => StateKind::Fail {
                error: self.fail_field(node, pointer, "Error", "ErrorPath"),
                cause: self.fail_field(node, pointer, "Cause", "CausePath"),
            },
            "Parallel" => {
                if !jsonata {
                    state.parameters = self.template(node, pointer, "Parameters");
                }
                self.lower_parallel(node, pointer, here)
            }
            _ => self.lower_map(node, pointer, here),
        };
        self.in_jsonata_state = jsonata;
        if jsonata {
            self.definition.uses_jsonata = true;
            self.lower_jsonata_fields(type_name, node, pointer, &mut fields);
            state.jsonata = Some(Box::new(fields));
        }
        self.in_jsonata_state = outer_jsonata;
        state
    }

    /// The JSONata fields of a state: Arguments, Output, Assign and the fields that may hold an
    /// expression instead of a number or a string.
    fn lower_jsonata_fields(&mut self, type_name: &str, node: &Node, pointer: &str, fields: &mut JsonataFields) {
        let with_result = StatesAccess {
            result: matches!(type_name, "Task" | "Parallel" | "Map"),
            error_output: false,
        };
        if let Some(value) = node.get("Arguments") {
            fields.arguments = Some(self.jx(
                value,
                &pointer_push(pointer, "Arguments"),
                "Arguments",
                StatesAccess::default(),
            ));
        }
        if let Some(value) = node.get("Output") {
            fields.output = Some(self.jx(value, &pointer_push(pointer, "Output"), "Output", with_result));
        }
        if type_name != "Succeed" && type_name != "Fail" {
            fields.assign = self.jx_assign(node, pointer, with_result);
        }
        match type_name {
            "Task" => {
                fields.timeout = self.jx_expression(node, pointer, "TimeoutSeconds");
                fields.heartbeat = self.jx_expression(node, pointer, "HeartbeatSeconds");
            }
            "Wait" => {
                fields.wait_seconds = self.jx_expression(node, pointer, "Seconds");
                fields.wait_timestamp = self.jx_expression(node, pointer, "Timestamp");
            }
            "Fail" => {
                fields.error = self.jx_expression(node, pointer, "Error");
                fields.cause = self.jx_expression(node, pointer, "Cause");
            }
            "Map" => {
                if let Some(value) = node.get("Items") {
                    let items_pointer = pointer_push(pointer, "Items");
                    if value.as_items().is_none() && !self.is_jsonata_expression(value) {
                        self.error(
                            "wrong-type",
                            format!(
                                "\"Items\" must be an array or a {{% … %}} expression that gives one, not {}",
                                value.type_name()
                            ),
                            &items_pointer,
                            value.span,
                        );
                    }
                    fields.items = Some(self.jx(value, &items_pointer, "Items", StatesAccess::default()));
                }
                if let Some(value) = node.get("ItemSelector") {
                    fields.item_selector = Some(self.jx(
                        value,
                        &pointer_push(pointer, "ItemSelector"),
                        "ItemSelector",
                        StatesAccess::default(),
                    ));
                }
                fields.max_concurrency = self.jx_expression(node, pointer, "MaxConcurrency");
                fields.tolerated_failure_count = self.jx_expression(node, pointer, "ToleratedFailureCount");
                fields.tolerated_failure_percentage = self.jx_expression(node, pointer, "ToleratedFailurePercentage");
            }
            _ => {}
        }
    }

    fn exclusive(&mut self, node: &Node, pointer: &str, first: &str, second: &str) {
        if let (Some(_), Some(member)) = (node.get(first), node.member(second)) {
            self.error(
                "exclusive-fields",
                format!("\"{first}\" and \"{second}\" cannot be used together; keep one"),
                &pointer_push(pointer, second),
                member.key_span,
            );
        }
    }

    fn seconds(&mut self, node: &Node, pointer: &str, field: &str, path_field: &str, min: i64) -> Option<Seconds> {
        self.exclusive(node, pointer, field, path_field);
        if let Some(value) = node.get(field) {
            return self
                .int(value, &pointer_push(pointer, field), field, min)
                .map(Seconds::Literal);
        }
        let value = node.get(path_field)?;
        self.reference_path(value, &pointer_push(pointer, path_field), path_field)
            .map(Seconds::Path)
    }

    fn lower_task(&mut self, node: &Node, pointer: &str) -> StateKind {
        let resource = match node.get("Resource") {
            None => {
                self.error(
                    "missing-field",
                    "a Task state needs \"Resource\", the ARN of what it calls",
                    pointer,
                    key_span_or(node),
                );
                Arc::from("")
            }
            Some(value) => match self.string(value, &pointer_push(pointer, "Resource"), "Resource") {
                Some(text) if text.starts_with("arn:") => Arc::from(text),
                Some(text) => {
                    self.error(
                        "invalid-value",
                        format!("\"Resource\" must be an ARN such as arn:aws:states:::lambda:invoke, not \"{text}\""),
                        &pointer_push(pointer, "Resource"),
                        value.span,
                    );
                    Arc::from(text)
                }
                None => Arc::from(""),
            },
        };
        let timeout = self.seconds(node, pointer, "TimeoutSeconds", "TimeoutSecondsPath", 1);
        let heartbeat = self.seconds(node, pointer, "HeartbeatSeconds", "HeartbeatSecondsPath", 1);
        if let (Some(Seconds::Literal(timeout)), Some(Seconds::Literal(heartbeat))) = (&timeout, &heartbeat)
            && heartbeat >= timeout
        {
            let span = node.get("HeartbeatSeconds").map_or(node.span, |value| value.span);
            self.error(
                "invalid-value",
                format!("\"HeartbeatSeconds\" ({heartbeat}) must be smaller than \"TimeoutSeconds\" ({timeout})"),
                &pointer_push(pointer, "HeartbeatSeconds"),
                span,
            );
        }
        StateKind::Task(Box::new(TaskSpec {
            resource,
            timeout,
            heartbeat,
        }))
    }

    fn lower_wait(&mut self, state_name: &str, node: &Node, pointer: &str) -> StateKind {
        let fields = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"];
        let present: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|field| node.get(field).is_some())
            .collect();
        if present.len() != 1 {
            let message = if present.is_empty() {
                "a Wait state needs exactly one of Seconds, SecondsPath, Timestamp or TimestampPath".to_owned()
            } else {
                format!(
                    "a Wait state takes exactly one of Seconds, SecondsPath, Timestamp or TimestampPath, but has {}",
                    present.join(" and ")
                )
            };
            let span = present
                .get(1)
                .and_then(|field| node.member(field))
                .map_or(node.span, |member| member.key_span);
            let field_pointer = present
                .get(1)
                .map_or(pointer.to_owned(), |field| pointer_push(pointer, field));
            self.error("exclusive-fields", message, &field_pointer, span);
        }
        let spec = match present.first().copied() {
            Some("Seconds") => {
                let value = node.get("Seconds").unwrap_or(node);
                WaitSpec::Seconds(Seconds::Literal(
                    self.int(value, &pointer_push(pointer, "Seconds"), "Seconds", 0)
                        .unwrap_or(0),
                ))
            }
            Some("SecondsPath") => {
                let value = node.get("SecondsPath").unwrap_or(node);
                match self.reference_path(value, &pointer_push(pointer, "SecondsPath"), "SecondsPath") {
                    Some(path) => WaitSpec::Seconds(Seconds::Path(path)),
                    None => WaitSpec::Seconds(Seconds::Literal(0)),
                }
            }
            Some("Timestamp")
                if node
                    .get("Timestamp")
                    .is_some_and(|value| self.is_jsonata_expression(value)) =>
            {
                WaitSpec::Timestamp(0)
            }
            Some("Timestamp") => {
                let value = node.get("Timestamp").unwrap_or(node);
                let field_pointer = pointer_push(pointer, "Timestamp");
                match self
                    .string(value, &field_pointer, "Timestamp")
                    .map(|text| (text, time::parse_timestamp(text)))
                {
                    Some((_, Some(millis))) => WaitSpec::Timestamp(millis),
                    Some((text, None)) => {
                        self.error(
                            "invalid-timestamp",
                            format!("the Timestamp of Wait state \"{}\" is not an RFC 3339 timestamp: \"{text}\"; write it like 2016-03-14T01:59:00Z (upper-case T and a time zone)", state_name),
                            &field_pointer,
                            value.span,
                        );
                        WaitSpec::Timestamp(0)
                    }
                    None => WaitSpec::Timestamp(0),
                }
            }
            Some(_) => {
                let value = node.get("TimestampPath").unwrap_or(node);
                match self.reference_path(value, &pointer_push(pointer, "TimestampPath"), "TimestampPath") {
                    Some(path) => WaitSpec::TimestampPath(path),
                    None => WaitSpec::Timestamp(0),
                }
            }
            None => WaitSpec::Seconds(Seconds::Literal(0)),
        };
        StateKind::Wait(spec)
    }

    fn fail_field(&mut self, node: &Node, pointer: &str, field: &str, path_field: &str) -> FailField {
        self.exclusive(node, pointer, field, path_field);
        if let Some(value) = node.get(field) {
            return match self.string(value, &pointer_push(pointer, field), field) {
                Some(text) => FailField::Literal(Arc::from(text)),
                None => FailField::None,
            };
        }
        match node.get(path_field) {
            Some(value) if value.as_str().is_some_and(crate::intrinsics::is_call) => {
                let pointer = pointer_push(pointer, path_field);
                match crate::template::compile_dynamic(value, path_field, &pointer, &mut self.diagnostics) {
                    Some(template) => FailField::Call(template),
                    None => FailField::None,
                }
            }
            Some(value) => match self.path(value, &pointer_push(pointer, path_field), path_field) {
                Some(path) => FailField::Path(path),
                None => FailField::None,
            },
            None => FailField::None,
        }
    }

    fn error_equals(&mut self, node: &Node, pointer: &str, last: bool, what: &str) -> Vec<Arc<str>> {
        let field_pointer = pointer_push(pointer, "ErrorEquals");
        let Some(list) = node.get("ErrorEquals") else {
            self.error(
                "missing-field",
                format!("a {what} needs \"ErrorEquals\", a non-empty array of error names"),
                pointer,
                node.span,
            );
            return Vec::new();
        };
        let Some(items) = list.as_items() else {
            self.error(
                "wrong-type",
                format!(
                    "\"ErrorEquals\" must be an array of error names, not {}",
                    list.type_name()
                ),
                &field_pointer,
                list.span,
            );
            return Vec::new();
        };
        if items.is_empty() {
            self.error(
                "invalid-value",
                "\"ErrorEquals\" must name at least one error",
                &field_pointer,
                list.span,
            );
        }
        let mut res = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let item_pointer = pointer_push(&field_pointer, &index.to_string());
            if let Some(name) = self.string(item, &item_pointer, "ErrorEquals") {
                if name == "States.ALL" && items.len() > 1 {
                    self.error(
                        "states-all-not-alone",
                        "\"States.ALL\" must appear alone in \"ErrorEquals\"",
                        &item_pointer,
                        item.span,
                    );
                }
                if name == "States.ALL" && !last {
                    self.error(
                        "states-all-not-last",
                        format!("a {what} with \"States.ALL\" must be the last one; move it to the end"),
                        &item_pointer,
                        item.span,
                    );
                }
                res.push(Arc::from(name));
            }
        }
        res
    }

    /// The objects of the array `field` of `node` (reporting a non-array or non-object items),
    /// each with its pointer and whether it is the last item.
    fn object_list<'n>(
        &mut self,
        node: &'n Node,
        pointer: &str,
        field: &str,
        what: &str,
    ) -> Vec<(&'n Node, String, bool)> {
        let Some(list) = node.get(field) else { return Vec::new() };
        let list_pointer = pointer_push(pointer, field);
        let Some(items) = list.as_items() else {
            self.error(
                "wrong-type",
                format!("\"{field}\" must be an array of {what}s, not {}", list.type_name()),
                &list_pointer,
                list.span,
            );
            return Vec::new();
        };
        let mut res = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let item_pointer = pointer_push(&list_pointer, &index.to_string());
            if item.as_members().is_none() {
                self.error(
                    "wrong-type",
                    format!("a {what} must be an object, not {}", item.type_name()),
                    &item_pointer,
                    item.span,
                );
                continue;
            }
            res.push((item, item_pointer, index + 1 == items.len()));
        }
        res
    }

    fn retriers(&mut self, node: &Node, pointer: &str) -> Vec<Retrier> {
        let mut res = Vec::new();
        for (item, item_pointer, last) in self.object_list(node, pointer, "Retry", "retrier") {
            self.check_fields(
                item,
                &item_pointer,
                &[
                    "ErrorEquals",
                    "IntervalSeconds",
                    "MaxAttempts",
                    "BackoffRate",
                    "MaxDelaySeconds",
                    "JitterStrategy",
                    "Comment",
                ],
                "a retrier",
            );
            let error_equals = self.error_equals(item, &item_pointer, last, "retrier");
            let interval_seconds = item
                .get("IntervalSeconds")
                .and_then(|value| {
                    self.int(
                        value,
                        &pointer_push(&item_pointer, "IntervalSeconds"),
                        "IntervalSeconds",
                        1,
                    )
                })
                .unwrap_or(1) as f64;
            let max_attempts = item
                .get("MaxAttempts")
                .and_then(|value| self.int(value, &pointer_push(&item_pointer, "MaxAttempts"), "MaxAttempts", 0))
                .unwrap_or(3)
                .min(u32::MAX as u64) as u32;
            let backoff_rate = match item.get("BackoffRate") {
                None => 2.0,
                Some(value) => match &value.kind {
                    NodeKind::Number(number) if number.as_f64().is_some_and(|rate| rate >= 1.0) => {
                        number.as_f64().unwrap_or(2.0)
                    }
                    _ => {
                        self.error(
                            "invalid-value",
                            format!(
                                "\"BackoffRate\" must be a number of at least 1.0, not {}",
                                describe(value)
                            ),
                            &pointer_push(&item_pointer, "BackoffRate"),
                            value.span,
                        );
                        2.0
                    }
                },
            };
            let max_delay_seconds = item
                .get("MaxDelaySeconds")
                .and_then(|value| {
                    self.int(
                        value,
                        &pointer_push(&item_pointer, "MaxDelaySeconds"),
                        "MaxDelaySeconds",
                        1,
                    )
                })
                .map(|seconds| seconds as f64);
            let jitter_full = match item.get("JitterStrategy") {
                None => false,
                Some(value) => match value.as_str() {
                    Some("FULL") => true,
                    Some("NONE") => false,
                    _ => {
                        self.error(
                            "invalid-value",
                            "\"JitterStrategy\" must be \"FULL\" or \"NONE\"",
                            &pointer_push(&item_pointer, "JitterStrategy"),
                            value.span,
                        );
                        false
                    }
                },
            };
            res.push(Retrier {
                error_equals,
                interval_seconds,
                max_attempts,
                backoff_rate,
                max_delay_seconds,
                jitter_full,
            });
        }
        res
    }

    fn catchers(
        &mut self,
        node: &Node,
        pointer: &str,
        names: &Names,
        mut jsonata: Option<&mut Vec<JsonataOutcome>>,
    ) -> Vec<Catcher> {
        let mut res = Vec::new();
        for (item, item_pointer, last) in self.object_list(node, pointer, "Catch", "catcher") {
            let fields: &[&str] = if jsonata.is_some() {
                &["ErrorEquals", "Next", "Output", "Assign", "Comment"]
            } else {
                &["ErrorEquals", "Next", "ResultPath", "Assign", "Comment"]
            };
            self.check_fields(item, &item_pointer, fields, "a catcher");
            let error_equals = self.error_equals(item, &item_pointer, last, "catcher");
            let next = match item.get("Next") {
                None => {
                    self.error(
                        "missing-field",
                        "a catcher needs \"Next\", the state to go to when it catches an error",
                        &item_pointer,
                        item.span,
                    );
                    None
                }
                Some(next_node) => {
                    let next_pointer = pointer_push(&item_pointer, "Next");
                    self.string(next_node, &next_pointer, "Next")
                        .and_then(|target| self.resolve(names, target, "Next", &next_pointer, next_node.span))
                }
            };
            let (result_path, assign) = match jsonata.as_deref_mut() {
                Some(outcomes) => {
                    let access = StatesAccess {
                        result: false,
                        error_output: true,
                    };
                    let output = item
                        .get("Output")
                        .map(|value| self.jx(value, &pointer_push(&item_pointer, "Output"), "Output", access));
                    let assign = self.jx_assign(item, &item_pointer, access);
                    outcomes.push(JsonataOutcome { output, assign });
                    (ResultPath::Replace, None)
                }
                None => (self.result_path(item, &item_pointer), self.assign(item, &item_pointer)),
            };
            res.push(Catcher {
                error_equals,
                next,
                result_path,
                assign,
            });
        }
        res
    }

    fn lower_choice(
        &mut self,
        node: &Node,
        pointer: &str,
        names: &Names,
        mut jsonata: Option<&mut Vec<JsonataOutcome>>,
    ) -> StateKind {
        let mut choices = Vec::new();
        let choices_pointer = pointer_push(pointer, "Choices");
        match node.get("Choices") {
            None => self.error(
                "missing-field",
                "a Choice state needs \"Choices\", a non-empty array of rules",
                pointer,
                key_span_or(node),
            ),
            Some(list) => match list.as_items() {
                None => self.error(
                    "wrong-type",
                    format!("\"Choices\" must be an array of rules, not {}", list.type_name()),
                    &choices_pointer,
                    list.span,
                ),
                Some([]) => self.error(
                    "invalid-value",
                    "\"Choices\" must hold at least one rule",
                    &choices_pointer,
                    list.span,
                ),
                Some(items) => {
                    for (index, item) in items.iter().enumerate() {
                        let rule_pointer = pointer_push(&choices_pointer, &index.to_string());
                        let condition = match jsonata.as_deref_mut() {
                            Some(outcomes) => self.jsonata_rule(item, &rule_pointer, outcomes),
                            None => self.condition(item, &rule_pointer, true, 0),
                        };
                        let Some(condition) = condition else {
                            continue;
                        };
                        let next = match item.get("Next") {
                            None => {
                                self.error(
                                    "missing-field",
                                    "a Choice rule needs \"Next\", the state to go to when it matches",
                                    &rule_pointer,
                                    item.span,
                                );
                                None
                            }
                            Some(next_node) => {
                                let next_pointer = pointer_push(&rule_pointer, "Next");
                                self.string(next_node, &next_pointer, "Next").and_then(|target| {
                                    self.resolve(names, target, "Next", &next_pointer, next_node.span)
                                })
                            }
                        };
                        let assign = if jsonata.is_some() {
                            None
                        } else {
                            self.assign(item, &rule_pointer)
                        };
                        choices.push(ChoiceRule {
                            condition,
                            next,
                            assign,
                        });
                    }
                }
            },
        }
        let default = node.get("Default").and_then(|value| {
            let default_pointer = pointer_push(pointer, "Default");
            self.string(value, &default_pointer, "Default")
                .and_then(|target| self.resolve(names, target, "Default", &default_pointer, value.span))
        });
        StateKind::Choice { choices, default }
    }

    /// A JSONata Choice rule: Condition, Next, and optionally Output and Assign.
    fn jsonata_rule(&mut self, node: &Node, pointer: &str, outcomes: &mut Vec<JsonataOutcome>) -> Option<Condition> {
        if node.as_members().is_none() {
            self.error(
                "wrong-type",
                format!("a Choice rule must be an object, not {}", node.type_name()),
                pointer,
                node.span,
            );
            return None;
        }
        self.check_fields(
            node,
            pointer,
            &["Condition", "Next", "Output", "Assign", "Comment"],
            "a JSONata Choice rule",
        );
        let condition = match node.get("Condition") {
            None => {
                self.error(
                    "missing-field",
                    "a JSONata Choice rule needs \"Condition\", for example \"{% $states.input.total > 100 %}\"",
                    pointer,
                    node.span,
                );
                return None;
            }
            Some(value) => {
                let condition_pointer = pointer_push(pointer, "Condition");
                if !matches!(value.kind, NodeKind::Bool(_)) && !self.is_jsonata_expression(value) {
                    self.error(
                        "wrong-type",
                        format!(
                            "\"Condition\" must be a {{% … %}} expression that gives true or false, not {}",
                            describe(value)
                        ),
                        &condition_pointer,
                        value.span,
                    );
                }
                self.jx(value, &condition_pointer, "Condition", StatesAccess::default())
            }
        };
        let output = node.get("Output").map(|value| {
            self.jx(
                value,
                &pointer_push(pointer, "Output"),
                "Output",
                StatesAccess::default(),
            )
        });
        let assign = self.jx_assign(node, pointer, StatesAccess::default());
        outcomes.push(JsonataOutcome { output, assign });
        Some(Condition::Jsonata(condition))
    }

    /// Lowers a Choice rule (`top`) or a nested boolean expression.
    fn condition(&mut self, node: &Node, pointer: &str, top: bool, depth: usize) -> Option<Condition> {
        if node.as_members().is_none() {
            self.error(
                "wrong-type",
                format!("a Choice rule must be an object, not {}", node.type_name()),
                pointer,
                node.span,
            );
            return None;
        }
        if depth > 32 {
            self.error("invalid-value", "Choice rules nest too deeply", pointer, node.span);
            return None;
        }
        let mut allowed: Vec<String> = ["Variable", "And", "Or", "Not", "Comment", "Next"]
            .iter()
            .map(|name| name.to_string())
            .collect();
        if top {
            allowed.push("Assign".into());
        }
        allowed.extend(choice_operator_names());
        let allowed_refs: Vec<&str> = allowed.iter().map(String::as_str).collect();
        self.check_fields(node, pointer, &allowed_refs, "a Choice rule");
        if !top && node.get("Next").is_some() {
            let span = node.member("Next").map_or(node.span, |member| member.key_span);
            self.error(
                "invalid-value",
                "only top-level Choice rules have \"Next\"; nested rules inside And, Or and Not must not",
                &pointer_push(pointer, "Next"),
                span,
            );
        }

        for (field, combine) in [("And", true), ("Or", false)] {
            if let Some(list) = node.get(field) {
                let list_pointer = pointer_push(pointer, field);
                let Some(items) = list.as_items().filter(|items| !items.is_empty()) else {
                    self.error(
                        "wrong-type",
                        format!("\"{field}\" must be a non-empty array of rules"),
                        &list_pointer,
                        list.span,
                    );
                    return None;
                };
                let inner: Vec<Condition> = items
                    .iter()
                    .enumerate()
                    .filter_map(|(index, item)| {
                        self.condition(item, &pointer_push(&list_pointer, &index.to_string()), false, depth + 1)
                    })
                    .collect();
                return Some(if combine {
                    Condition::And(inner)
                } else {
                    Condition::Or(inner)
                });
            }
        }
        if let Some(inner) = node.get("Not") {
            let inner = self.condition(inner, &pointer_push(pointer, "Not"), false, depth + 1)?;
            return Some(Condition::Not(Box::new(inner)));
        }

        let Some(variable_node) = node.get("Variable") else {
            self.error(
                "missing-field",
                "a Choice rule needs \"Variable\" and a comparison, or And, Or or Not",
                pointer,
                node.span,
            );
            return None;
        };
        let variable = self.path(variable_node, &pointer_push(pointer, "Variable"), "Variable");
        let operators: Vec<&crate::syntax::Member> = node
            .as_members()
            .unwrap_or_default()
            .iter()
            .filter(|member| !["Variable", "Next", "Assign", "Comment"].contains(&&*member.key))
            .collect();
        let [operator] = operators.as_slice() else {
            self.error(
                "missing-field",
                "a Choice rule needs exactly one comparison operator such as StringEquals or IsPresent",
                pointer,
                node.span,
            );
            return None;
        };
        let op_pointer = pointer_push(pointer, &operator.key);
        let value = &operator.value;
        let key = &*operator.key;
        let test = if let Some((_, kind, op)) = COMPARISONS.iter().find(|(name, ..)| *name == key) {
            let operand = match (kind, &value.kind) {
                (CompareKind::String, NodeKind::String(_))
                | (CompareKind::Boolean, NodeKind::Bool(_))
                | (CompareKind::Numeric, NodeKind::Number(_)) => Operand::Literal(value.to_value()),
                (CompareKind::Timestamp, NodeKind::String(text)) => match time::parse_timestamp(text) {
                    Some(millis) => Operand::Timestamp(millis),
                    None => {
                        self.error(
                            "invalid-timestamp",
                            format!("\"{text}\" is not an RFC 3339 timestamp such as 2016-03-14T01:59:00Z"),
                            &op_pointer,
                            value.span,
                        );
                        return None;
                    }
                },
                _ => {
                    let expected = match kind {
                        CompareKind::String | CompareKind::Timestamp => "a string",
                        CompareKind::Numeric => "a number",
                        CompareKind::Boolean => "a boolean",
                    };
                    self.error(
                        "wrong-type",
                        format!("\"{key}\" must be compared with {expected}, not {}", describe(value)),
                        &op_pointer,
                        value.span,
                    );
                    return None;
                }
            };
            Test::Compare {
                kind: *kind,
                op: *op,
                operand,
            }
        } else if let Some((_, kind, op)) = COMPARISONS
            .iter()
            .find(|(name, ..)| key.strip_suffix("Path") == Some(name))
        {
            let path = self.path(value, &op_pointer, key)?;
            Test::Compare {
                kind: *kind,
                op: *op,
                operand: Operand::Path(path),
            }
        } else if let Some((_, test)) = TYPE_TESTS.iter().find(|(name, _)| *name == key) {
            match value.kind {
                NodeKind::Bool(flag) => Test::Is(*test, flag),
                _ => {
                    self.error(
                        "wrong-type",
                        format!("\"{key}\" must be true or false, not {}", describe(value)),
                        &op_pointer,
                        value.span,
                    );
                    return None;
                }
            }
        } else if key == "StringMatches" {
            let pattern = self.string(value, &op_pointer, key)?;
            Test::StringMatches(Arc::from(glob(pattern)))
        } else {
            return None; // unknown operator: reported by check_fields
        };
        Some(Condition::Test {
            variable: variable?,
            test,
        })
    }

    fn lower_parallel(&mut self, node: &Node, pointer: &str, here: (MachineId, StateId)) -> StateKind {
        let mut branches = Vec::new();
        let branches_pointer = pointer_push(pointer, "Branches");
        match node.get("Branches") {
            None => self.error(
                "missing-field",
                "a Parallel state needs \"Branches\", an array of state machines",
                pointer,
                key_span_or(node),
            ),
            Some(list) => match list.as_items() {
                Some(items) if !items.is_empty() => {
                    for (index, item) in items.iter().enumerate() {
                        let branch_pointer = pointer_push(&branches_pointer, &index.to_string());
                        if item.as_members().is_none() {
                            self.error(
                                "wrong-type",
                                format!(
                                    "a branch must be an object with StartAt and States, not {}",
                                    item.type_name()
                                ),
                                &branch_pointer,
                                item.span,
                            );
                            continue;
                        }
                        self.check_fields(item, &branch_pointer, BRANCH_FIELDS, "a branch");
                        branches.push(self.lower_machine(item, &branch_pointer, Some(here)));
                    }
                }
                _ => self.error(
                    "wrong-type",
                    "\"Branches\" must be a non-empty array of state machines",
                    &branches_pointer,
                    list.span,
                ),
            },
        }
        StateKind::Parallel { branches }
    }

    fn lower_map(&mut self, node: &Node, pointer: &str, here: (MachineId, StateId)) -> StateKind {
        let jsonata_map = self.in_jsonata_state;
        self.exclusive(node, pointer, "ItemSelector", "Parameters");
        self.exclusive(node, pointer, "ItemProcessor", "Iterator");
        let items_path = node
            .get("ItemsPath")
            .and_then(|value| self.reference_path(value, &pointer_push(pointer, "ItemsPath"), "ItemsPath"));
        let item_selector = if self.in_jsonata_state {
            None
        } else {
            self.template(node, pointer, "ItemSelector")
                .or_else(|| self.template(node, pointer, "Parameters"))
        };
        for field in ["ItemReader", "ItemBatcher", "ResultWriter"] {
            if let Some(member) = node.member(field) {
                self.error(
                    "unsupported",
                    format!(
                        "\"{field}\" is not supported by this version yet; read items from the input with ItemsPath"
                    ),
                    &pointer_push(pointer, field),
                    member.key_span,
                );
            }
        }
        let (processor_field, processor_node) = match (node.get("ItemProcessor"), node.get("Iterator")) {
            (Some(processor), _) => ("ItemProcessor", Some(processor)),
            (None, Some(iterator)) => ("Iterator", Some(iterator)),
            (None, None) => ("ItemProcessor", None),
        };
        let processor_pointer = pointer_push(pointer, processor_field);
        let mut distributed = false;
        let processor = match processor_node {
            None => {
                self.error(
                    "missing-field",
                    "a Map state needs \"ItemProcessor\", the state machine run for each item",
                    pointer,
                    key_span_or(node),
                );
                let id = MachineId(self.definition.machines.len() as u32);
                self.definition.machines.push(Machine {
                    pointer: processor_pointer.clone(),
                    parent: Some(here),
                    ..Machine::default()
                });
                id
            }
            Some(processor) if processor.as_members().is_none() => {
                self.error(
                    "wrong-type",
                    format!(
                        "\"{processor_field}\" must be an object with StartAt and States, not {}",
                        processor.type_name()
                    ),
                    &processor_pointer,
                    processor.span,
                );
                let id = MachineId(self.definition.machines.len() as u32);
                self.definition.machines.push(Machine {
                    pointer: processor_pointer.clone(),
                    parent: Some(here),
                    ..Machine::default()
                });
                id
            }
            Some(processor) => {
                self.check_fields(
                    processor,
                    &processor_pointer,
                    if processor_field == "Iterator" {
                        BRANCH_FIELDS
                    } else {
                        PROCESSOR_FIELDS
                    },
                    "an item processor",
                );
                if let Some(config) = processor.get("ProcessorConfig") {
                    let config_pointer = pointer_push(&processor_pointer, "ProcessorConfig");
                    self.check_fields(config, &config_pointer, &["Mode", "ExecutionType"], "ProcessorConfig");
                    if let Some(mode) = config.get("Mode") {
                        match mode.as_str() {
                            Some("INLINE") => {}
                            Some("DISTRIBUTED") => distributed = true,
                            _ => self.error(
                                "invalid-value",
                                "\"Mode\" must be \"INLINE\" or \"DISTRIBUTED\"",
                                &pointer_push(&config_pointer, "Mode"),
                                mode.span,
                            ),
                        }
                    }
                    if let Some(kind) = config.get("ExecutionType")
                        && !matches!(kind.as_str(), Some("STANDARD" | "EXPRESS"))
                    {
                        self.error(
                            "invalid-value",
                            "\"ExecutionType\" must be \"STANDARD\" or \"EXPRESS\"",
                            &pointer_push(&config_pointer, "ExecutionType"),
                            kind.span,
                        );
                    }
                }
                self.lower_machine(processor, &processor_pointer, Some(here))
            }
        };
        self.in_jsonata_state = jsonata_map;
        let max_concurrency = self.seconds(node, pointer, "MaxConcurrency", "MaxConcurrencyPath", 0);
        let tolerated_failure_count =
            self.seconds(node, pointer, "ToleratedFailureCount", "ToleratedFailureCountPath", 0);
        self.exclusive(
            node,
            pointer,
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
        );
        let tolerated_failure_percentage = if let Some(value) = node.get("ToleratedFailurePercentage") {
            match value.kind {
                _ if self.is_jsonata_expression(value) => None,
                NodeKind::Number(ref number) if number.as_f64().is_some_and(|pct| (0.0..=100.0).contains(&pct)) => {
                    number.as_f64().map(PercentField::Literal)
                }
                _ => {
                    self.error(
                        "invalid-value",
                        "\"ToleratedFailurePercentage\" must be a number from 0 to 100",
                        &pointer_push(pointer, "ToleratedFailurePercentage"),
                        value.span,
                    );
                    None
                }
            }
        } else {
            node.get("ToleratedFailurePercentagePath")
                .and_then(|value| {
                    self.reference_path(
                        value,
                        &pointer_push(pointer, "ToleratedFailurePercentagePath"),
                        "ToleratedFailurePercentagePath",
                    )
                })
                .map(PercentField::Path)
        };
        if !distributed {
            for field in [
                "ToleratedFailureCount",
                "ToleratedFailureCountPath",
                "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath",
                "Label",
            ] {
                if let Some(member) = node.member(field) {
                    self.error(
                        "invalid-value",
                        format!("\"{field}\" is only valid in a Map whose ItemProcessor has ProcessorConfig Mode \"DISTRIBUTED\""),
                        &pointer_push(pointer, field),
                        member.key_span,
                    );
                }
            }
        }
        StateKind::Map(Box::new(MapSpec {
            processor,
            items_path,
            item_selector,
            max_concurrency,
            tolerated_failure_count,
            tolerated_failure_percentage,
            distributed,
        }))
    }
}

/// Fields whose string value is a path (and so may name a variable).
const PATH_FIELDS: &[&str] = &[
    "InputPath",
    "OutputPath",
    "ItemsPath",
    "Variable",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
];

/// Reports `$name` references to variables that no `Assign` anywhere in the definition sets
/// (AWS rejects such definitions). Literal values (`Result`, keys without `.$`) are not read.
fn check_variable_references(root: &Node, diagnostics: &mut Vec<Diagnostic>) {
    let mut assigned: Vec<Arc<str>> = Vec::new();
    let mut references: Vec<(String, String, Span)> = Vec::new();
    // JSONata: `$name`s in expressions, and names the expressions bind themselves.
    let mut jsonata_references: Vec<(String, String, Span)> = Vec::new();
    let mut jsonata_locals: Vec<String> = Vec::new();
    let mut stack: Vec<(&Node, String)> = vec![(root, String::new())];
    while let Some((node, pointer)) = stack.pop() {
        if let Some(body) = node.as_str().and_then(jsonata::expression_body) {
            for (offset, name) in variable_names(body) {
                jsonata_references.push((name, pointer.clone(), inner_span(node, 2 + offset)));
            }
            jsonata_locals.extend(jsonata_bound_names(body));
            continue;
        }
        let Some(members) = node.as_members() else {
            if let Some(items) = node.as_items() {
                for (index, item) in items.iter().enumerate() {
                    stack.push((item, pointer_push(&pointer, &index.to_string())));
                }
            }
            continue;
        };
        for member in members {
            let member_pointer = pointer_push(&pointer, &member.key);
            let key = &*member.key;
            if key == "Result" {
                continue;
            }
            if key == "Assign" {
                for assignment in member.value.as_members().unwrap_or_default() {
                    assigned.push(Arc::from(assignment.key.strip_suffix(".$").unwrap_or(&assignment.key)));
                }
            }
            let is_path = key.ends_with(".$")
                || PATH_FIELDS.contains(&key)
                || (key.ends_with("Path")
                    && COMPARISONS
                        .iter()
                        .any(|(name, ..)| key.strip_suffix("Path") == Some(name)));
            if let (true, Some(text)) = (is_path, member.value.as_str()) {
                for (offset, name) in variable_names(text) {
                    references.push((name, member_pointer.clone(), inner_span(&member.value, offset)));
                }
            }
            stack.push((&member.value, member_pointer));
        }
    }
    jsonata_references.sort_by_key(|(_, _, span)| span.start);
    for (name, pointer, span) in jsonata_references {
        let known = name == "states"
            || assigned.iter().any(|known| **known == *name)
            || jsonata_locals.contains(&name)
            || JSONATA_FUNCTIONS.contains(&name.as_str())
            || jsonata::FUNCTIONS.contains(&name.as_str());
        if !known {
            let hint = closest(&name, assigned.iter().map(|known| &**known))
                .map(|close| format!("; did you mean ${close}?"))
                .unwrap_or_else(|| "; set it with \"Assign\" in an earlier state".to_owned());
            diagnostics.push(Diagnostic::warning(
                "unassigned-variable",
                format!("${name} is not a variable any Assign sets, a name this expression binds, or a JSONata function{hint}"),
                &pointer,
                span,
            ));
        }
    }
    references.sort_by_key(|(_, _, span)| span.start);
    for (name, pointer, span) in references {
        if !assigned.iter().any(|known| **known == *name) {
            let hint = closest(&name, assigned.iter().map(|known| &**known))
                .map(|close| format!("; did you mean ${close}?"))
                .unwrap_or_else(|| "; set it with \"Assign\" in an earlier state".to_owned());
            diagnostics.push(Diagnostic::error(
                "unassigned-variable",
                format!("variable ${name} is never assigned{hint}"),
                &pointer,
                span,
            ));
        }
    }
}

/// The functions of jsonata 2.0.6, without their `$`.
const JSONATA_FUNCTIONS: &[&str] = &[
    "sum",
    "count",
    "max",
    "min",
    "average",
    "string",
    "substring",
    "substringBefore",
    "substringAfter",
    "lowercase",
    "uppercase",
    "length",
    "trim",
    "pad",
    "match",
    "contains",
    "replace",
    "split",
    "join",
    "formatNumber",
    "formatBase",
    "formatInteger",
    "parseInteger",
    "number",
    "floor",
    "ceil",
    "round",
    "abs",
    "sqrt",
    "power",
    "random",
    "millis",
    "now",
    "fromMillis",
    "toMillis",
    "boolean",
    "not",
    "exists",
    "lookup",
    "append",
    "reverse",
    "shuffle",
    "distinct",
    "zip",
    "keys",
    "merge",
    "spread",
    "each",
    "error",
    "assert",
    "type",
    "sort",
    "filter",
    "single",
    "map",
    "reduce",
    "sift",
    "base64encode",
    "base64decode",
    "encodeUrlComponent",
    "encodeUrl",
    "decodeUrlComponent",
    "decodeUrl",
    "eval",
    "clone",
];

/// Names a JSONata expression binds itself: `$x := …` and the parameters of `function($a, $b)`
/// (or `λ(…)`).
fn jsonata_bound_names(body: &str) -> Vec<String> {
    let mut res = Vec::new();
    let names = variable_names(body);
    for (offset, name) in &names {
        let after = &body[(offset + 1 + name.len()).min(body.len())..];
        if after.trim_start().starts_with(":=") {
            res.push(name.clone());
        }
    }
    for keyword in ["function", "λ"] {
        let mut search = 0;
        while let Some(found) = body[search..].find(keyword) {
            let start = search + found + keyword.len();
            search = start;
            let rest = body[start..].trim_start();
            let Some(params) = rest.strip_prefix('(') else { continue };
            let params = params.split(')').next().unwrap_or("");
            res.extend(variable_names(params).into_iter().map(|(_, name)| name));
        }
    }
    res
}

/// The `$name` variable references in a path or intrinsic expression, with their byte offsets;
/// quoted intrinsic strings and `$$` (the context object) are skipped.
pub(crate) fn variable_names(text: &str) -> Vec<(usize, String)> {
    let mut res = Vec::new();
    let bytes = text.as_bytes();
    let mut index = 0;
    let mut quote: Option<u8> = None;
    while index < bytes.len() {
        let byte = bytes[index];
        match quote {
            Some(open) => {
                if byte == b'\\' {
                    index += 1;
                } else if byte == open {
                    quote = None;
                }
            }
            None if byte == b'\'' || byte == b'"' => quote = Some(byte),
            None if byte == b'$' => {
                if bytes.get(index + 1) == Some(&b'$') {
                    index += 2;
                    continue;
                }
                let start = index + 1;
                let mut end = start;
                while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                    end += 1;
                }
                if end > start && !bytes[start].is_ascii_digit() {
                    res.push((index, text[start..end].to_owned()));
                }
                index = end;
                continue;
            }
            None => {}
        }
        index += 1;
    }
    res
}

/// Compiles a StringMatches pattern: `*` matches any run of characters; `\*` and `\\` are the
/// characters themselves.
fn glob(pattern: &str) -> Vec<GlobPart> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => literal.push(chars.next().unwrap_or('\\')),
            '*' => {
                if !literal.is_empty() {
                    parts.push(GlobPart::Literal(std::mem::take(&mut literal)));
                }
                if parts.last() != Some(&GlobPart::Star) {
                    parts.push(GlobPart::Star);
                }
            }
            _ => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(GlobPart::Literal(literal));
    }
    parts
}

/// The states a state can transition to (Next, Choice targets and Default, Catch targets).
pub fn targets(state: &State) -> Vec<StateId> {
    let mut res: Vec<StateId> = state.next.into_iter().collect();
    if let StateKind::Choice { choices, default } = &state.kind {
        res.extend(choices.iter().filter_map(|rule| rule.next));
        res.extend(*default);
    }
    res.extend(state.catch.iter().filter_map(|catcher| catcher.next));
    res
}

fn key_span_or(node: &Node) -> Span {
    Span::new(node.span.start, (node.span.start + 1).min(node.span.end))
}

fn describe(node: &Node) -> String {
    match &node.kind {
        NodeKind::String(text) => format!("\"{text}\""),
        NodeKind::Number(number) => number.to_string(),
        NodeKind::Bool(flag) => flag.to_string(),
        NodeKind::Null => "null".to_owned(),
        _ => node.type_name().to_owned(),
    }
}

/// `Value` from a spanned node; re-exported for hosts that parse inputs with positions.
pub fn node_value(node: &Node) -> Value {
    node.to_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        check(text)
            .diagnostics
            .iter()
            .map(|diagnostic| format!("{} {} {}", diagnostic.code, diagnostic.pointer, diagnostic.message))
            .collect()
    }

    #[test]
    fn accepts_the_order_workflow() {
        let text = r#"{"StartAt":"P","States":{"P":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:P","Catch":[{"ErrorEquals":["PaymentFailedError"],"Next":"F"}],"Next":"S"},"S":{"Type":"Succeed"},"F":{"Type":"Fail","Error":"E"}}}"#;
        assert_eq!(codes(text), Vec::<String>::new());
    }

    #[test]
    fn reports_every_problem_not_just_the_first() {
        let text =
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Nxt":"B","Next":"Bee"},"B":{"Type":"Wiat","End":true}}}"#;
        let found = codes(text);
        assert!(
            found
                .iter()
                .any(|line| line.starts_with("unknown-field /States/A/Nxt") && line.contains("did you mean \"Next\"")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|line| line.starts_with("unknown-state /States/A/Next") && line.contains("did you mean \"B\"")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|line| line.starts_with("unknown-type /States/B/Type") && line.contains("\"Wait\"")),
            "{found:?}"
        );
    }

    #[test]
    fn finds_variable_references_outside_quotes() {
        assert_eq!(variable_names("$.a"), vec![]);
        assert_eq!(variable_names("$$.Execution.Name"), vec![]);
        assert_eq!(variable_names("$total.items[0]"), vec![(0, "total".to_owned())]);
        assert_eq!(
            variable_names("States.Format('cost $x {}', $price, $.y)"),
            vec![(28, "price".to_owned())]
        );
    }

    #[test]
    fn spans_inside_strings_land_on_character_boundaries() {
        let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "é[1]", "y.$": "$[é]"}, "End": true}}}"#;
        let diagnostics = check(text).diagnostics;
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        for diagnostic in diagnostics {
            assert!(
                text.is_char_boundary(diagnostic.span.start) && text.is_char_boundary(diagnostic.span.end),
                "{diagnostic:?}"
            );
        }
    }

    #[test]
    fn glob_escapes() {
        assert_eq!(glob("a\\*b*"), vec![GlobPart::Literal("a*b".into()), GlobPart::Star]);
    }
}
