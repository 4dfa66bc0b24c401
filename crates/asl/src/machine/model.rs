//! The model of a definition: machines of states addressed by id, each state's kind and
//! fields as lowering compiled them.

use std::sync::Arc;

use super::distributed::{ItemBatcher, ItemReader, ResultWriter};
use crate::diagnostic::Span;
use crate::jsonata::Jx;
use crate::path::Path;
use crate::template::Template;
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
    pub(super) definition: Arc<Definition>,
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

    pub fn state_type(&self) -> StateType {
        self.kind.state_type()
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
        self.state_type().as_str()
    }

    pub fn state_type(&self) -> StateType {
        match self {
            StateKind::Pass { .. } => StateType::Pass,
            StateKind::Task(_) => StateType::Task,
            StateKind::Choice { .. } => StateType::Choice,
            StateKind::Wait(_) => StateType::Wait,
            StateKind::Succeed => StateType::Succeed,
            StateKind::Fail { .. } => StateType::Fail,
            StateKind::Parallel { .. } => StateType::Parallel,
            StateKind::Map(_) => StateType::Map,
        }
    }
}

/// A state's `Type`, in one byte: history events carry it (`PassStateEntered`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StateType {
    Pass,
    Task,
    Choice,
    Wait,
    Succeed,
    Fail,
    Parallel,
    Map,
}

impl StateType {
    /// The `Type` as the definition spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            StateType::Pass => "Pass",
            StateType::Task => "Task",
            StateType::Choice => "Choice",
            StateType::Wait => "Wait",
            StateType::Succeed => "Succeed",
            StateType::Fail => "Fail",
            StateType::Parallel => "Parallel",
            StateType::Map => "Map",
        }
    }
}

impl std::fmt::Display for StateType {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
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
    /// Distributed only: where the items come from, how they are batched, where results go.
    pub item_reader: Option<Box<ItemReader>>,
    pub item_batcher: Option<Box<ItemBatcher>>,
    pub result_writer: Option<Box<ResultWriter>>,
    /// `Label`: names the Map Run (and its child executions) instead of a UUID.
    pub label: Option<Arc<str>>,
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
