//! AWS's data limits: payload size, nesting depth, and the size of variables.

use super::Execution;
use super::api::{RunId, WorkflowError, errors};
use crate::machine::State;
use crate::value::Value;

/// Most bytes of JSON all of an execution's variables may hold (AWS: 10 MiB).
pub(super) const MAX_VARIABLES_BYTES: usize = 10 * 1024 * 1024;
/// Deepest nesting of arrays and objects a state may receive or produce.
pub const MAX_VALUE_DEPTH: usize = 512;
impl Execution {
    /// Inlined, twice a transition: the tests are a few instructions, the errors' texts are
    /// built out of line.
    #[inline]
    pub(super) fn check_payload(&self, state: &State, value: &Value, what: &str) -> Result<(), WorkflowError> {
        // Whatever the limits, a document may not nest without bound (a loop that wraps its
        // input once per round would): hosts and renderers recurse over it.
        if value.nests_deeper_than(MAX_VALUE_DEPTH) {
            return Err(too_deep(state, what));
        }
        match self.options.limits.max_payload_bytes {
            Some(limit) if value.json_len() > limit => Err(too_large(state, what)),
            _ => Ok(()),
        }
    }

    /// AWS's variable limits: 256 KiB per variable and per Assign, 10 MiB for all of an
    /// execution's variables in scope (checked with the payload limit; off with `Limits::none()`).
    pub(super) fn variables_too_large(
        &self,
        run_id: RunId,
        state: &State,
        assigned: Option<&Value>,
    ) -> Option<WorkflowError> {
        let limit = self.options.limits.max_payload_bytes?;
        let Some(Value::Object(variables)) = assigned else {
            return None;
        };
        if variables.is_empty() {
            return None;
        }
        let too_large = |what: String| {
            Some(WorkflowError::new(
                errors::DATA_LIMIT_EXCEEDED,
                format!("The state '{}' assigned {what}.", state.name),
            ))
        };
        for (name, value) in variables.iter() {
            let size = value.json_len();
            if size > limit {
                return too_large(format!(
                    "the variable ${name} a value of {size} bytes, over the limit of {limit} bytes per variable"
                ));
            }
        }
        let assigned_size = assigned.map_or(0, Value::json_len);
        if assigned_size > limit {
            return too_large(format!(
                "{assigned_size} bytes of variables at once, over the limit of {limit} bytes per Assign"
            ));
        }
        let mut total = 0;
        let mut scope = Some(&*self.runs[run_id.0].scope);
        while let Some(current) = scope {
            for (name, value) in current.variables.iter() {
                if !variables.contains_key(name) {
                    total += value.json_len();
                }
            }
            scope = current.parent.as_deref();
        }
        total += assigned_size;
        if total > MAX_VARIABLES_BYTES {
            return too_large(format!(
                "variables that bring the execution's total to {total} bytes, over the limit of {MAX_VARIABLES_BYTES} bytes"
            ));
        }
        None
    }
}

#[cold]
fn too_deep(state: &State, what: &str) -> WorkflowError {
    WorkflowError::runtime(format!(
        "The state/task '{}' {what} JSON nested deeper than {MAX_VALUE_DEPTH} levels.",
        state.name
    ))
}

#[cold]
fn too_large(state: &State, what: &str) -> WorkflowError {
    WorkflowError::new(
        errors::DATA_LIMIT_EXCEEDED,
        // AWS's words (recorded for a Pass state's result: test_states_errors'
        // test_start_large_input); the limit is in the error's documentation.
        format!(
            "The state/task '{}' {what} a size exceeding the maximum number of bytes service limit.",
            state.name
        ),
    )
}
