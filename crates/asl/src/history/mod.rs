//! The execution history, in the shape of AWS Step Functions' GetExecutionHistory.
//!
//! Events keep payloads as shared `Value`s; they become JSON strings (as AWS sends them) only
//! when the history is serialised. This history is the one wire format the core owns.
//!
//! A long run holds hundreds of thousands of events (a 100,000-item Map records 800,000), so an
//! event is kept small: 64 bytes. Ids are 32 bits, the run and state it concerns are packed in
//! 12 bytes, a state's name (with its type) and a Task's resource name are one pointer each,
//! shared by all their events, a payload is 16 bytes (`Payload`: an object or array by its
//! pointer), and what few events carry beyond a payload and a name is boxed (`TaskScheduled`'s
//! parameters, resource, region and timeout, a task's result, a failure's error and cause, the
//! role ARN, `EvaluationFailed`, `StateExited`'s variables), so that `EventKind` is 32 bytes:
//! its one variant over 24 bytes, `StateExited`, lends the others the niche of its payload's
//! tag. From 72 bytes to 64, loop-10000's execute phase took 0.4 ms less (median of 25, 5.54
//! to 5.13 ms) and map-100000's peak fell from 141.2 to 135.3 MB.

use std::sync::{Arc, Mutex, PoisonError};

use crate::machine::StateType;
use crate::value::{Array, Object, Value};

mod json;

pub use json::{ExecutionHistory, history_json};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventId(pub u32);

/// A run of the execution: the top level (`RunId::ROOT`), a Parallel branch or a Map
/// iteration, nested to any depth. Ids are given in the order runs start and never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RunId(pub usize);

impl RunId {
    /// The top-level run.
    pub const ROOT: RunId = RunId(0);
}

/// One history event. `previous_event_id` is the event that led to this one on the same path of
/// execution (branches and iterations chain within themselves), 0 for the first.
#[derive(Clone, Debug)]
pub struct HistoryEvent {
    pub id: EventId,
    pub previous_event_id: EventId,
    /// Virtual time, milliseconds since the Unix epoch.
    pub timestamp: i64,
    /// Nesting depth: 0 at the top level, +1 inside each Parallel branch or Map iteration.
    /// Not part of AWS's shape (not serialised); renderers use it to indent.
    pub depth: u32,
    /// The run (`run()`) and state (`state()`), packed into 12 bytes where `RunId` and
    /// `Option<StateRef>` took 20.
    run: u32,
    state: PackedStateRef,
    pub kind: EventKind,
}

/// A `StateRef` or none in 8 bytes: no machine has `u32::MAX` as its id (machines are as many
/// as Parallel branches and Map processors in a definition, far fewer).
#[derive(Clone, Copy, Debug)]
struct PackedStateRef {
    machine: u32,
    state: u32,
}

impl PackedStateRef {
    const NONE: PackedStateRef = PackedStateRef {
        machine: u32::MAX,
        state: 0,
    };
}

impl HistoryEvent {
    pub fn new(
        id: EventId,
        previous_event_id: EventId,
        timestamp: i64,
        depth: u32,
        run: RunId,
        state: Option<crate::machine::StateRef>,
        kind: EventKind,
    ) -> HistoryEvent {
        let state = match state {
            Some(at) if at.machine.0 != u32::MAX => PackedStateRef {
                machine: at.machine.0,
                state: at.state.0,
            },
            _ => PackedStateRef::NONE,
        };
        HistoryEvent {
            id,
            previous_event_id,
            timestamp,
            depth,
            // Run ids count the runs started: 4 billion of them would not fit in memory.
            run: u32::try_from(run.0).unwrap_or(u32::MAX),
            state,
            kind,
        }
    }

    /// The run the event belongs to (the top level, a branch or an iteration; see
    /// `Execution::run_path`). Not part of AWS's shape.
    pub fn run(&self) -> RunId {
        RunId(self.run as usize)
    }

    /// The state the event concerns, if any. Not part of AWS's shape.
    pub fn state(&self) -> Option<crate::machine::StateRef> {
        (self.state.machine != u32::MAX).then_some(crate::machine::StateRef {
            machine: crate::machine::MachineId(self.state.machine),
            state: crate::machine::StateId(self.state.state),
        })
    }
}

/// A state's name as events hold it: one pointer to the name and type the execution keeps for
/// the state (every event of the state shares them), where an `Arc<str>` took two words and
/// the type a byte that the event paid 8 for. It derefs to the name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateName(Arc<(Arc<str>, StateType)>);

impl StateName {
    pub fn new(name: Arc<str>, state_type: StateType) -> StateName {
        StateName(Arc::new((name, state_type)))
    }

    /// Whether this is the name `name` (the same shared string).
    pub(crate) fn is(&self, name: &Arc<str>) -> bool {
        Arc::ptr_eq(&self.0.0, name)
    }

    /// The type of the state (`Task`, `Pass`, ...).
    pub fn state_type(&self) -> StateType {
        self.0.1
    }
}

impl std::ops::Deref for StateName {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0.0
    }
}

impl std::fmt::Display for StateName {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self)
    }
}

/// How AWS names the service behind a Task's Resource (`lambda` + `invoke` for
/// `arn:aws:states:::lambda:invoke`).
#[derive(Clone, Debug)]
pub struct ResourceName {
    pub resource_type: Arc<str>,
    pub resource: Arc<str>,
    /// A plain Lambda function ARN: AWS records LambdaFunction* events instead of Task* ones.
    pub legacy_lambda: bool,
}

/// How every optimized or SDK service integration's ARN starts.
pub const INTEGRATION_PREFIX: &str = "arn:aws:states:::";

impl ResourceName {
    pub fn parse(arn: &str) -> ResourceName {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        if parts.len() >= 6 && parts[2] == "lambda" && parts[5].starts_with("function:") {
            return ResourceName {
                resource_type: Arc::from("lambda"),
                resource: Arc::from(arn),
                legacy_lambda: true,
            };
        }
        if let Some(rest) = arn.strip_prefix(INTEGRATION_PREFIX) {
            // An SDK integration is named by its service too: `aws-sdk:s3` and `listObjects`
            // for `arn:aws:states:::aws-sdk:s3:listObjects` (AWS's recordings).
            let split = match rest.strip_prefix("aws-sdk:") {
                Some(sdk) => sdk
                    .split_once(':')
                    .map(|(service, _)| rest.split_at("aws-sdk:".len() + service.len())),
                None => rest.split_once(':').map(|(service, _)| rest.split_at(service.len())),
            };
            let (service, action) = match split {
                Some((service, action)) => (service, &action[1..]),
                None => (rest, ""),
            };
            return ResourceName {
                resource_type: Arc::from(service),
                resource: Arc::from(action),
                legacy_lambda: false,
            };
        }
        let service = parts.get(2).copied().unwrap_or("");
        let resource = parts.get(5).copied().unwrap_or(arn);
        ResourceName {
            resource_type: Arc::from(service),
            resource: Arc::from(resource),
            legacy_lambda: false,
        }
    }
}

#[derive(Clone, Debug)]
pub enum EventKind {
    ExecutionStarted {
        /// As a state's: text once a long run's Map holds the rest of it as text
        /// (`exec/lean.rs` `compact_map_input`).
        input: Payload,
        /// Boxed, as a failure's cause: events are kept to 64 bytes.
        role_arn: Box<Arc<str>>,
    },
    ExecutionSucceeded {
        output: Value,
    },
    /// The causes are boxed (one word) here and below: events are kept to 64 bytes, which
    /// leaves 24 beside the niche of StateExited's payload.
    ExecutionFailed {
        error: Arc<str>,
        cause: Box<Arc<str>>,
    },
    ExecutionTimedOut {
        error: Arc<str>,
        cause: Box<Arc<str>>,
    },
    /// A Distributed Map's child execution stopped because its Map Run failed. No details.
    ExecutionAborted,
    /// The state's type is its name's (`StateName::state_type`).
    StateEntered {
        name: StateName,
        input: Payload,
    },
    StateExited {
        name: StateName,
        output: Payload,
        /// The variables the state assigned (an object), if it has `Assign`.
        assigned: Option<Box<Value>>,
    },
    /// The parameters, resource, region and timeout; boxed: every event would otherwise pay
    /// for them.
    TaskScheduled {
        details: Box<ScheduledDetails>,
    },
    TaskStarted {
        resource: Arc<ResourceName>,
    },
    /// A `.waitForTaskToken` task's request reached its service: the run now waits for the
    /// callback (SendTaskSuccess, SendTaskFailure). AWS records the service's response as
    /// `output`; a host's answer is the callback's, so none is recorded here.
    TaskSubmitted {
        resource: Arc<ResourceName>,
    },
    TaskSucceeded {
        resource: Arc<ResourceName>,
        output: Box<Value>,
    },
    TaskFailed {
        resource: Arc<ResourceName>,
        error: Box<Arc<str>>,
        cause: Box<Arc<str>>,
    },
    TaskTimedOut {
        resource: Arc<ResourceName>,
        error: Box<Arc<str>>,
        cause: Box<Arc<str>>,
    },
    /// A JSONata expression failed (AWS records this before the state fails).
    EvaluationFailed(Box<EvaluationFailure>),
    /// A state whose run ended while it was in progress: AWS records `TaskStateAborted` after
    /// the TaskFailed that fails a Parallel branch, and for the Map iterations that a failed
    /// iteration aborts (`exec/work.rs`, `abort_others`). No details.
    StateAborted {
        state_type: StateType,
    },
    ParallelStateStarted,
    ParallelStateSucceeded,
    ParallelStateFailed,
    MapStateStarted {
        length: usize,
    },
    MapStateSucceeded,
    MapStateFailed,
    MapIterationStarted {
        name: StateName,
        index: usize,
    },
    MapIterationSucceeded {
        name: StateName,
        index: usize,
    },
    MapIterationFailed {
        name: StateName,
        index: usize,
    },
    MapIterationAborted {
        name: StateName,
        index: usize,
    },
    /// A Distributed Map started its Map Run; its iterations are child executions with
    /// histories of their own (`Execution::child_executions`).
    MapRunStarted {
        map_run_arn: Arc<str>,
    },
    MapRunSucceeded,
    MapRunFailed {
        error: Arc<str>,
        cause: Box<Arc<str>>,
    },
}

/// A state's input or output as the history keeps it: the shared value, or, once the Map
/// state that received it has left and only the history still holds it, its compact JSON text
/// (`compact_payload`). The text is what serialising the history writes anyway.
#[derive(Clone, Debug)]
pub struct Payload(PayloadRepr);

/// 16 bytes, so that the largest event kind (StateExited) takes 32 and an event 64: a `Value`
/// takes 24, so a payload holds an object or an array (almost every payload) by its pointer,
/// and any other value boxed.
#[derive(Clone, Debug)]
enum PayloadRepr {
    Object(Arc<Object>),
    Array(Arc<Array>),
    Scalar(Arc<Value>),
    /// A text shared by several payloads (a long Map's input, `compact_map_input`).
    Json(Arc<Arc<str>>),
    /// Item `n` of a long Map, a part of its input's text (`ItemTexts`).
    Item(Arc<ItemTexts>, u32),
    /// A text written, from `start` and `len` bytes long, into a chunk shared with other
    /// payloads' (`LeanTexts`; a text is at most `LEAN_PAYLOAD_BYTES`).
    Chunk(Arc<TextChunk>, u32, u16),
}

impl PayloadRepr {
    fn of(value: Value) -> PayloadRepr {
        match value {
            Value::Object(object) => PayloadRepr::Object(object),
            Value::Array(array) => PayloadRepr::Array(array),
            other => PayloadRepr::Scalar(Arc::new(other)),
        }
    }

    /// The value, while it is kept as one (not as text): a count more on its container.
    fn tree(&self) -> Option<Value> {
        match self {
            PayloadRepr::Object(object) => Some(Value::Object(object.clone())),
            PayloadRepr::Array(array) => Some(Value::Array(array.clone())),
            PayloadRepr::Scalar(value) => Some((**value).clone()),
            _ => None,
        }
    }

    /// The address of the object or array it holds as a value.
    fn container_address(&self) -> Option<*const u8> {
        match self {
            PayloadRepr::Object(object) => Some(Arc::as_ptr(object).cast::<u8>()),
            PayloadRepr::Array(array) => Some(Arc::as_ptr(array).cast::<u8>()),
            _ => None,
        }
    }

    /// Calls `read` with its text, if it is kept as text (`tree()` is none); with `null` for a
    /// value, which no caller asks for.
    fn with_text<R>(&self, read: impl FnOnce(&str) -> R) -> R {
        match self {
            PayloadRepr::Json(text) => read(text),
            PayloadRepr::Item(texts, index) => read(texts.item(*index)),
            PayloadRepr::Chunk(chunk, start, len) => chunk.read(*start, *len, read),
            _ => read("null"),
        }
    }
}

/// Texts of payloads the history keeps as text (`compact_payload`), written one after another:
/// a text of its own cost about 32 bytes beside its characters (the `Arc`'s two counts, glibc's
/// header and its rounding to 16 bytes), and a 100,000-item Map keeps 200,000 texts of about
/// 45 bytes. The chunk is shared by the events that point into it while it still fills, so it
/// is behind a lock; texts are only ever appended, and a chunk is given enough room when it is
/// made that it never grows (its room is address space until written).
#[derive(Debug)]
pub(crate) struct TextChunk(Mutex<String>);

/// The room of a chunk: about 1,400 texts of a long Map's small documents.
const TEXT_CHUNK_BYTES: usize = 64 * 1024;

impl TextChunk {
    /// Calls `read` with the `len` bytes of text from `start`.
    fn read<R>(&self, start: u32, len: u16, read: impl FnOnce(&str) -> R) -> R {
        // A panic while the lock was held could only have been in `push_str`, which leaves the
        // text whole: what it holds is still good to read.
        let text = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let start = start as usize;
        read(text.get(start..start + usize::from(len)).unwrap_or("null"))
    }
}

/// Where `compact_payload` writes texts: the chunk it fills, and a scratch text to write a
/// value into before knowing its length. Empty between steps but for the chunk, so that a
/// snapshot copies nothing of it (a snapshot shares the chunk; both append to it).
#[derive(Clone, Debug, Default)]
pub(crate) struct LeanTexts {
    chunk: Option<Arc<TextChunk>>,
    scratch: String,
}

impl LeanTexts {
    /// The compact JSON text of `value`, written into the chunk; none past
    /// `LEAN_PAYLOAD_BYTES`.
    fn write(&mut self, value: &Value) -> Option<PayloadRepr> {
        self.scratch.clear();
        if !value.write_json_within(&mut self.scratch, LEAN_PAYLOAD_BYTES) {
            return None;
        }
        let written = self.append();
        self.scratch.clear();
        written
    }

    /// Appends the scratch text to the chunk, or to a new one if it has no room left for it.
    fn append(&mut self) -> Option<PayloadRepr> {
        if let Some(chunk) = &self.chunk {
            let mut text = chunk.0.lock().unwrap_or_else(PoisonError::into_inner);
            if text.capacity() - text.len() >= self.scratch.len() {
                let start = u32::try_from(text.len()).ok()?;
                let len = u16::try_from(self.scratch.len()).ok()?;
                text.push_str(&self.scratch);
                drop(text);
                return Some(PayloadRepr::Chunk(chunk.clone(), start, len));
            }
        }
        let len = u16::try_from(self.scratch.len()).ok()?;
        let mut text = String::with_capacity(TEXT_CHUNK_BYTES.max(self.scratch.len()));
        text.push_str(&self.scratch);
        let chunk = Arc::new(TextChunk(Mutex::new(text)));
        self.chunk = Some(chunk.clone());
        Some(PayloadRepr::Chunk(chunk, 0, len))
    }
}

/// The text of a long Map's input (the same text its events hold) and where each of its items
/// is in it: an item's payload points there, rather than holding a text of its own (100,000
/// items of about 50 bytes each took 8 MB as texts with their counts, 0.8 MB as places).
#[derive(Debug)]
pub(crate) struct ItemTexts {
    pub(crate) text: Arc<str>,
    pub(crate) places: Box<[(u32, u32)]>,
}

impl ItemTexts {
    fn item(&self, index: u32) -> &str {
        self.places
            .get(index as usize)
            .and_then(|&(start, end)| self.text.get(start as usize..end as usize))
            .unwrap_or("null")
    }
}

impl Payload {
    /// The value (parsed again from its text if the history compacted it).
    pub fn to_value(&self) -> Value {
        // The text was written from a value, so it parses; `Null` is never reached.
        self.0
            .tree()
            .unwrap_or_else(|| self.0.with_text(|text| Value::from_json(text).unwrap_or_default()))
    }

    /// Compact JSON text, as `Value::to_json`.
    pub fn to_json(&self) -> String {
        match self.0.tree() {
            Some(value) => value.to_json(),
            None => self.0.with_text(str::to_owned),
        }
    }

    /// The length of `to_json()`. A text in a chunk knows its length without the chunk's lock.
    pub fn json_len(&self) -> usize {
        match &self.0 {
            PayloadRepr::Chunk(_, _, len) => usize::from(*len),
            repr => match repr.tree() {
                Some(value) => value.json_len(),
                None => repr.with_text(str::len),
            },
        }
    }

    /// Calls `read` with its compact JSON text (written from the value, or as the history
    /// keeps it).
    pub(crate) fn with_json<R>(&self, read: impl FnOnce(&str) -> R) -> R {
        match self.0.tree() {
            Some(value) => read(&value.to_json()),
            None => self.0.with_text(read),
        }
    }
}

impl Payload {
    /// Whether the history keeps this payload as text (`compact_payload`).
    #[cfg(test)]
    pub(crate) fn is_text(&self) -> bool {
        self.0.tree().is_none()
    }

    /// Whether this payload is a place in a long Map's input text (`ItemTexts`).
    #[cfg(test)]
    pub(crate) fn is_item_place(&self) -> bool {
        matches!(self.0, PayloadRepr::Item(..))
    }
}

impl Payload {
    /// A text that several payloads share.
    pub(crate) fn json(text: Arc<Arc<str>>) -> Payload {
        Payload(PayloadRepr::Json(text))
    }

    /// The value, while it is kept as one (not as text).
    pub(crate) fn value(&self) -> Option<Value> {
        self.0.tree()
    }

    /// Whether it holds an object or an array as a value (not as text).
    pub(crate) fn is_tree_container(&self) -> bool {
        self.0.container_address().is_some()
    }

    /// Whether both hold the same object or array as a value (one state's output, the next
    /// one's input).
    pub(crate) fn shares_container(&self, other: &Payload) -> bool {
        self.0
            .container_address()
            .is_some_and(|held| other.0.container_address() == Some(held))
    }

    /// Whether this is `value` itself (the same container), not its text.
    pub(crate) fn is_container(&self, value: &Value) -> bool {
        self.0
            .container_address()
            .is_some_and(|held| container_address(value) == Some(held))
    }
}

impl From<Value> for Payload {
    fn from(value: Value) -> Payload {
        Payload(PayloadRepr::of(value))
    }
}

/// Inputs and outputs up to this size become text once only the history holds them
/// (`compact_payload`): enough for the small documents a long run passes from state to state,
/// while writing the text stays a small, bounded cost for the state that leaves it.
pub(crate) const LEAN_PAYLOAD_BYTES: usize = 4096;

/// A history keeps inputs as text only once it has this many events: AWS's own quota for an
/// execution's history (`Limits::max_history_events`), so that only runs with limits off, long
/// enough for their memory to matter, pay for writing the text.
pub(crate) const LEAN_FROM_EVENTS: usize = 25_000;

/// Inputs left past `LEAN_FROM_EVENTS` wait, as values, until this many are pending; then all
/// of them become text at once, and from then on each step's at the end of the step. About
/// 7 MB of trees at most wait (an item's four-member object takes about 290 bytes as a value
/// and 80 as text), and a run that ends before, such as a loop of 10,000 rounds (7,500
/// pending) or a Map of 10,000 items of three states (27,500), writes no text: writing it
/// was a tenth of the loop's time and 4 ms of the Map's 26. With 16,384 the Map wrote its
/// text; map-100000's peak is 141.5 MB with 32,768 against 138.8 MB with 16,384 (issue 15's
/// line is 145 MB).
pub(crate) const LEAN_BATCH: usize = 32_768;

mod lean;
pub(crate) use lean::{compact_payload, holders, holds_value, replace_with_text};

/// The address of an array or object, as a number (to recognise it later).
pub(crate) fn container_id(value: &Value) -> Option<usize> {
    container_address(value).map(|address| address as usize)
}

fn container_address(value: &Value) -> Option<*const u8> {
    match value {
        Value::Object(object) => Some(Arc::as_ptr(object).cast::<u8>()),
        Value::Array(array) => Some(Arc::as_ptr(array).cast::<u8>()),
        _ => None,
    }
}

/// Whether a state event holds the container at `address` as a value.
fn holds(event: &HistoryEvent, address: *const u8) -> bool {
    state_payload_of(&event.kind)
        .and_then(PayloadRepr::container_address)
        .is_some_and(|held| std::ptr::eq(held, address))
}

fn state_payload_of(kind: &EventKind) -> Option<&PayloadRepr> {
    match kind {
        EventKind::StateEntered { input: payload, .. } | EventKind::StateExited { output: payload, .. } => {
            Some(&payload.0)
        }
        _ => None,
    }
}

/// What `TaskScheduled` records beside the resource and its parameters.
#[derive(Clone, Debug)]
pub struct ScheduledDetails {
    pub parameters: Value,
    pub resource: Arc<ResourceName>,
    pub region: Arc<str>,
    pub timeout_seconds: Option<u64>,
}

/// What `EvaluationFailed` records: which field of which state failed, and why.
#[derive(Clone, Debug)]
pub struct EvaluationFailure {
    pub state: Arc<str>,
    pub error: Arc<str>,
    pub cause: Arc<str>,
    /// The field whose expression failed, e.g. `Arguments/total`.
    pub location: Arc<str>,
}

impl EventKind {
    /// The AWS event type, e.g. `TaskStateEntered` or `LambdaFunctionScheduled`.
    pub fn type_name(&self) -> String {
        let lambda = |resource: &ResourceName, task: &str, lambda: &str| {
            if resource.legacy_lambda {
                lambda.to_owned()
            } else {
                task.to_owned()
            }
        };
        match self {
            EventKind::ExecutionStarted { .. } => "ExecutionStarted".into(),
            EventKind::ExecutionSucceeded { .. } => "ExecutionSucceeded".into(),
            EventKind::ExecutionFailed { .. } => "ExecutionFailed".into(),
            EventKind::ExecutionTimedOut { .. } => "ExecutionTimedOut".into(),
            EventKind::ExecutionAborted => "ExecutionAborted".into(),
            EventKind::StateEntered { name, .. } => format!("{}StateEntered", name.state_type()),
            EventKind::StateExited { name, .. } => format!("{}StateExited", name.state_type()),
            EventKind::TaskScheduled { details, .. } => {
                lambda(&details.resource, "TaskScheduled", "LambdaFunctionScheduled")
            }
            EventKind::TaskStarted { resource } => lambda(resource, "TaskStarted", "LambdaFunctionStarted"),
            EventKind::TaskSubmitted { .. } => "TaskSubmitted".into(),
            EventKind::TaskSucceeded { resource, .. } => lambda(resource, "TaskSucceeded", "LambdaFunctionSucceeded"),
            EventKind::TaskFailed { resource, .. } => lambda(resource, "TaskFailed", "LambdaFunctionFailed"),
            EventKind::TaskTimedOut { resource, .. } => lambda(resource, "TaskTimedOut", "LambdaFunctionTimedOut"),
            EventKind::EvaluationFailed(_) => "EvaluationFailed".into(),
            EventKind::StateAborted { state_type } => format!("{state_type}StateAborted"),
            EventKind::ParallelStateStarted => "ParallelStateStarted".into(),
            EventKind::ParallelStateSucceeded => "ParallelStateSucceeded".into(),
            EventKind::ParallelStateFailed => "ParallelStateFailed".into(),
            EventKind::MapStateStarted { .. } => "MapStateStarted".into(),
            EventKind::MapStateSucceeded => "MapStateSucceeded".into(),
            EventKind::MapStateFailed => "MapStateFailed".into(),
            EventKind::MapIterationStarted { .. } => "MapIterationStarted".into(),
            EventKind::MapIterationSucceeded { .. } => "MapIterationSucceeded".into(),
            EventKind::MapIterationFailed { .. } => "MapIterationFailed".into(),
            EventKind::MapIterationAborted { .. } => "MapIterationAborted".into(),
            EventKind::MapRunStarted { .. } => "MapRunStarted".into(),
            EventKind::MapRunSucceeded => "MapRunSucceeded".into(),
            EventKind::MapRunFailed { .. } => "MapRunFailed".into(),
        }
    }

    /// The state name for state events, for one-line renderings.
    pub fn state_name(&self) -> Option<&str> {
        match self {
            EventKind::StateEntered { name, .. } | EventKind::StateExited { name, .. } => Some(name),
            EventKind::EvaluationFailed(failure) => Some(&failure.state),
            EventKind::MapIterationStarted { name, .. }
            | EventKind::MapIterationSucceeded { name, .. }
            | EventKind::MapIterationFailed { name, .. }
            | EventKind::MapIterationAborted { name, .. } => Some(name),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resources_like_aws() {
        let legacy = ResourceName::parse("arn:aws:lambda:us-east-1:123456789012:function:ProcessPayment");
        assert!(legacy.legacy_lambda);
        let invoke = ResourceName::parse("arn:aws:states:::lambda:invoke");
        assert_eq!(
            (&*invoke.resource_type, &*invoke.resource, invoke.legacy_lambda),
            ("lambda", "invoke", false)
        );
        let sqs = ResourceName::parse("arn:aws:states:::sqs:sendMessage.waitForTaskToken");
        assert_eq!(&*sqs.resource, "sendMessage.waitForTaskToken");
        // Recorded: test_aws_sdk_task, `"resource": "listObjects", "resourceType": "aws-sdk:s3"`.
        let sdk = ResourceName::parse("arn:aws:states:::aws-sdk:s3:listObjects");
        assert_eq!((&*sdk.resource_type, &*sdk.resource), ("aws-sdk:s3", "listObjects"));
        let sdk = ResourceName::parse("arn:aws:states:::aws-sdk:sfn:startExecution.sync:2");
        assert_eq!(
            (&*sdk.resource_type, &*sdk.resource),
            ("aws-sdk:sfn", "startExecution.sync:2")
        );
        let bare = ResourceName::parse("arn:aws:states:::aws-sdk");
        assert_eq!((&*bare.resource_type, &*bare.resource), ("aws-sdk", ""));
    }

    #[test]
    fn serialises_in_get_execution_history_shape() {
        let event = HistoryEvent::new(
            EventId(2),
            EventId(1),
            0,
            0,
            RunId::ROOT,
            None,
            EventKind::StateEntered {
                name: StateName::new(Arc::from("P"), StateType::Task),
                input: Value::from_json(r#"{"a":1}"#).unwrap().into(),
            },
        );
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(
            json,
            r#"{"timestamp":"1970-01-01T00:00:00.000Z","type":"TaskStateEntered","id":2,"previousEventId":1,"stateEnteredEventDetails":{"name":"P","input":"{\"a\":1}","inputDetails":{"truncated":false}}}"#
        );
    }

    fn state_event(id: u32, kind: EventKind) -> HistoryEvent {
        HistoryEvent::new(EventId(id), EventId(id - 1), 0, 0, RunId::ROOT, None, kind)
    }

    fn is_text(event: &HistoryEvent) -> bool {
        state_payload_of(&event.kind).is_some_and(|payload| payload.tree().is_none())
    }

    #[test]
    fn a_payload_only_the_history_holds_becomes_text() {
        let value = Value::from_json(r#"{"id":7,"label":"a \"b\""}"#).unwrap();
        let exited = |value: &Value| EventKind::StateExited {
            name: StateName::new(Arc::from("A"), StateType::Pass),
            output: value.clone().into(),
            assigned: None,
        };
        let entered = |value: &Value| EventKind::StateEntered {
            name: StateName::new(Arc::from("B"), StateType::Pass),
            input: value.clone().into(),
        };
        let mut log = vec![state_event(1, exited(&value)), state_event(2, entered(&value))];
        let before = ExecutionHistory(&log).to_json();
        // Something else (`kept`) still holds it: compacting would free nothing.
        let kept = value.clone();
        compact_payload(&mut log, &[1, 0], &value, 1, &mut LeanTexts::default(), None);
        assert!(!is_text(&log[0]) && !is_text(&log[1]));
        drop(kept);
        compact_payload(&mut log, &[1, 0], &value, 1, &mut LeanTexts::default(), None);
        assert!(is_text(&log[0]) && is_text(&log[1]));
        assert_eq!(ExecutionHistory(&log).to_json(), before);
        let EventKind::StateEntered { input, .. } = &log[1].kind else {
            unreachable!()
        };
        assert_eq!(input.to_value(), value);
        assert_eq!(input.json_len(), value.json_len());
    }

    #[test]
    fn texts_share_chunks_and_read_back_whole() {
        let values: Vec<Value> = (0..3000)
            .map(|n| Value::from_json(&format!(r#"{{"n":{n},"label":"item \"{n}\""}}"#)).unwrap())
            .collect();
        let mut texts = LeanTexts::default();
        let payloads: Vec<Payload> = values
            .iter()
            .map(|value| Payload(texts.write(value).unwrap()))
            .collect();
        for (value, payload) in values.iter().zip(&payloads) {
            assert_eq!(payload.to_json(), value.to_json());
            assert_eq!(payload.json_len(), value.json_len());
            assert_eq!(&payload.to_value(), value);
        }
        let mut chunks: Vec<*const TextChunk> = payloads
            .iter()
            .filter_map(|payload| match &payload.0 {
                PayloadRepr::Chunk(chunk, ..) => Some(Arc::as_ptr(chunk)),
                _ => None,
            })
            .collect();
        assert_eq!(chunks.len(), payloads.len());
        chunks.dedup();
        // About 90 KB of text: more than one chunk's room, written into as few as it takes.
        let total: usize = values.iter().map(Value::json_len).sum();
        assert_eq!(chunks.len(), total.div_ceil(TEXT_CHUNK_BYTES), "{total} bytes");
    }

    #[test]
    fn events_stay_small() {
        // A 100,000-item Map records 800,000 events: each byte here is 0.8 MB there. The kind
        // is 32 bytes only while its largest variant (StateExited) is the one over 24 bytes:
        // the others fit beside the niche of its payload's tag.
        assert!(
            std::mem::size_of::<HistoryEvent>() <= 64,
            "{}",
            std::mem::size_of::<HistoryEvent>()
        );
    }
}
