//! The history as AWS's GetExecutionHistory JSON: each event's type, ids, timestamp and its
//! `…EventDetails`, payloads as JSON text with their `…Details`.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{EventKind, HistoryEvent, Payload};
use crate::time::format_timestamp;
use crate::value::Value;

struct Details<'a>(&'a EventKind);

fn payload<M: SerializeMap>(out: &mut M, key: &str, value: &Value) -> Result<(), M::Error> {
    out.serialize_entry(key, &value.to_json())?;
    out.serialize_entry(&format!("{key}Details"), &Truncated)
}

fn state_payload<M: SerializeMap>(out: &mut M, key: &str, payload: &Payload) -> Result<(), M::Error> {
    payload.with_json(|text| out.serialize_entry(key, text))?;
    out.serialize_entry(&format!("{key}Details"), &Truncated)
}

/// A failure's error and cause; one without an error name (`WorkflowError::unnamed`) records
/// neither.
fn failure<M: SerializeMap>(out: &mut M, error: &str, cause: &str) -> Result<(), M::Error> {
    if !error.is_empty() {
        out.serialize_entry("error", error)?;
        out.serialize_entry("cause", cause)?;
    }
    Ok(())
}

struct Truncated;

impl Serialize for Truncated {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(Some(1))?;
        out.serialize_entry("truncated", &false)?;
        out.end()
    }
}

impl Serialize for Details<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(None)?;
        match self.0 {
            EventKind::ExecutionStarted { input, role_arn } => {
                state_payload(&mut out, "input", input)?;
                out.serialize_entry("roleArn", &***role_arn)?;
            }
            EventKind::ExecutionSucceeded { output } => payload(&mut out, "output", output)?,
            EventKind::MapRunStarted { map_run_arn } => out.serialize_entry("mapRunArn", &**map_run_arn)?,
            EventKind::ExecutionFailed { error, cause }
            | EventKind::MapRunFailed { error, cause }
            | EventKind::ExecutionTimedOut { error, cause } => failure(&mut out, error, cause)?,
            EventKind::TaskFailed { resource, error, cause } | EventKind::TaskTimedOut { resource, error, cause } => {
                if !resource.legacy_lambda {
                    out.serialize_entry("resourceType", &*resource.resource_type)?;
                    out.serialize_entry("resource", &*resource.resource)?;
                }
                failure(&mut out, error, cause)?;
            }
            EventKind::StateEntered { name, input, .. } => {
                out.serialize_entry("name", &**name)?;
                state_payload(&mut out, "input", input)?;
            }
            EventKind::StateExited {
                name, output, assigned, ..
            } => {
                out.serialize_entry("name", &**name)?;
                state_payload(&mut out, "output", output)?;
                if let Some(Value::Object(variables)) = assigned.as_deref() {
                    let rendered: indexmap::IndexMap<&str, String> =
                        variables.iter().map(|(key, value)| (&**key, value.to_json())).collect();
                    out.serialize_entry("assignedVariables", &rendered)?;
                    out.serialize_entry("assignedVariablesDetails", &Truncated)?;
                }
            }
            EventKind::TaskScheduled { details } => {
                let parameters = &details.parameters;
                let resource = &details.resource;
                if resource.legacy_lambda {
                    out.serialize_entry("resource", &*resource.resource)?;
                    payload(&mut out, "input", parameters)?;
                } else {
                    out.serialize_entry("resourceType", &*resource.resource_type)?;
                    out.serialize_entry("resource", &*resource.resource)?;
                    out.serialize_entry("region", &*details.region)?;
                    out.serialize_entry("parameters", &parameters.to_json())?;
                }
                if let Some(seconds) = &details.timeout_seconds {
                    out.serialize_entry("timeoutInSeconds", seconds)?;
                }
            }
            EventKind::TaskStarted { resource } | EventKind::TaskSubmitted { resource } => {
                if !resource.legacy_lambda {
                    out.serialize_entry("resourceType", &*resource.resource_type)?;
                    out.serialize_entry("resource", &*resource.resource)?;
                }
            }
            EventKind::TaskSucceeded { resource, output } => {
                if !resource.legacy_lambda {
                    out.serialize_entry("resourceType", &*resource.resource_type)?;
                    out.serialize_entry("resource", &*resource.resource)?;
                }
                payload(&mut out, "output", output)?;
            }
            EventKind::EvaluationFailed(failure) => {
                out.serialize_entry("error", &*failure.error)?;
                out.serialize_entry("cause", &*failure.cause)?;
                out.serialize_entry("location", &*failure.location)?;
                out.serialize_entry("state", &*failure.state)?;
            }
            EventKind::MapStateStarted { length } => out.serialize_entry("length", length)?,
            EventKind::MapIterationStarted { name, index }
            | EventKind::MapIterationSucceeded { name, index }
            | EventKind::MapIterationFailed { name, index }
            | EventKind::MapIterationAborted { name, index } => {
                out.serialize_entry("name", &**name)?;
                out.serialize_entry("index", index)?;
            }
            EventKind::StateAborted { .. }
            | EventKind::ExecutionAborted
            | EventKind::ParallelStateStarted
            | EventKind::ParallelStateSucceeded
            | EventKind::ParallelStateFailed
            | EventKind::MapStateSucceeded
            | EventKind::MapStateFailed
            | EventKind::MapRunSucceeded => {}
        }
        out.end()
    }
}

/// The `…EventDetails` member name AWS uses for an event kind, if it has details.
fn details_key(kind: &EventKind) -> Option<String> {
    let type_name = kind.type_name();
    let key = match kind {
        EventKind::StateEntered { .. } => "stateEnteredEventDetails".to_owned(),
        EventKind::StateExited { .. } => "stateExitedEventDetails".to_owned(),
        EventKind::TaskStarted { resource } if resource.legacy_lambda => return None,
        EventKind::StateAborted { .. }
        | EventKind::ExecutionAborted
        | EventKind::ParallelStateStarted
        | EventKind::ParallelStateSucceeded
        | EventKind::ParallelStateFailed
        | EventKind::MapStateSucceeded
        | EventKind::MapStateFailed
        | EventKind::MapRunSucceeded => return None,
        EventKind::MapIterationStarted { .. }
        | EventKind::MapIterationSucceeded { .. }
        | EventKind::MapIterationFailed { .. }
        | EventKind::MapIterationAborted { .. } => {
            format!("{}EventDetails", lower_first(&type_name))
        }
        _ => format!("{}EventDetails", lower_first(&type_name)),
    };
    Some(key)
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

impl Serialize for HistoryEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(None)?;
        out.serialize_entry("timestamp", &format_timestamp(self.timestamp))?;
        out.serialize_entry("type", &self.kind.type_name())?;
        out.serialize_entry("id", &self.id.0)?;
        out.serialize_entry("previousEventId", &self.previous_event_id.0)?;
        if let Some(key) = details_key(&self.kind) {
            out.serialize_entry(&key, &Details(&self.kind))?;
        }
        out.end()
    }
}

/// The whole history as GetExecutionHistory returns it: `{"events": [...]}`. Serialise it with
/// serde (`serde_json::to_string_pretty(&history_json(events))`) or `to_json()`.
#[derive(Clone, Copy, Debug)]
pub struct ExecutionHistory<'a>(pub &'a [HistoryEvent]);

impl Serialize for ExecutionHistory<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(Some(1))?;
        out.serialize_entry("events", self.0)?;
        out.end()
    }
}

impl ExecutionHistory<'_> {
    /// Compact JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"events\":[]}".to_owned())
    }
}

pub fn history_json(events: &[HistoryEvent]) -> ExecutionHistory<'_> {
    ExecutionHistory(events)
}
