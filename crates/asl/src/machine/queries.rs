//! Questions hosts ask about a definition, answered once here so that the CLI, the playground
//! and the graph never re-derive them from the text: which states there are, which state a
//! cursor or a diagnostic is in, and whether a JSONata engine is needed.

use crate::syntax::{self, Node};
use crate::value::Value;

use super::model::{Definition, MachineId, State, StateId};

/// Where a state lives: its machine (the top level, a Parallel branch or a Map processor) and
/// its id in that machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateRef {
    pub machine: MachineId,
    pub state: StateId,
}

impl Definition {
    /// Every state of the definition, nested ones included, machine by machine in document
    /// order of their machines (the top level first).
    pub fn states(&self) -> impl Iterator<Item = (StateRef, &State)> {
        self.machines.iter().enumerate().flat_map(|(machine_index, machine)| {
            machine.states.iter().enumerate().map(move |(state_index, state)| {
                let at = StateRef {
                    machine: MachineId(machine_index as u32),
                    state: StateId(state_index as u32),
                };
                (at, state)
            })
        })
    }

    /// How many states the definition has, nested ones included.
    pub fn state_count(&self) -> usize {
        self.machines.iter().map(|machine| machine.states.len()).sum()
    }

    pub fn state(&self, at: StateRef) -> Option<&State> {
        self.machines
            .get(at.machine.0 as usize)?
            .states
            .get(at.state.0 as usize)
    }

    /// The innermost state whose name or body holds the byte `offset` of the text.
    pub fn state_at_offset(&self, offset: usize) -> Option<StateRef> {
        self.states()
            .filter(|(_, state)| state.span.start <= offset && offset <= state.body_span.end)
            .min_by_key(|(_, state)| state.body_span.end - state.span.start)
            .map(|(at, _)| at)
    }

    /// The innermost state a JSON Pointer is in: the state itself (`/States/A`) or anything
    /// inside it (`/States/A/Next`, `/States/P/Branches/0/States/B/Catch/0`).
    pub fn state_at_pointer(&self, pointer: &str) -> Option<StateRef> {
        self.states()
            .filter(|(_, state)| {
                pointer
                    .strip_prefix(state.pointer.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(_, state)| state.pointer.len())
            .map(|(at, _)| at)
    }

    /// The state with this exact JSON Pointer (the pointer of its value in `States`).
    pub fn state_by_pointer(&self, pointer: &str) -> Option<StateRef> {
        self.states()
            .find(|(_, state)| state.pointer == pointer)
            .map(|(at, _)| at)
    }
}

/// Whether a definition's text declares JSONata anywhere (`"QueryLanguage": "JSONata"` at the
/// top level or on a state), so its host must have a JSONata engine ready before checking it.
pub fn needs_jsonata(text: &str) -> bool {
    let (Some(root), _) = syntax::parse(text) else {
        return false;
    };
    let mut stack: Vec<&Node> = vec![&root];
    while let Some(node) = stack.pop() {
        if let Some(members) = node.as_members() {
            for member in members {
                if &*member.key == "QueryLanguage" && member.value.as_str() == Some("JSONata") {
                    return true;
                }
                stack.push(&member.value);
            }
        } else if let Some(items) = node.as_items() {
            stack.extend(items);
        }
    }
    false
}

/// [`needs_jsonata`] for a definition that is already a value (a conformance case's, say).
pub fn value_needs_jsonata(value: &Value) -> bool {
    let mut stack: Vec<&Value> = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(members) => {
                for (key, member) in members.iter() {
                    if &**key == "QueryLanguage" && member.as_str() == Some("JSONata") {
                        return true;
                    }
                    stack.push(member);
                }
            }
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const NESTED: &str = r#"{"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}
        ], "Next": "Done"},
        "Done": {"Type": "Succeed"}}}"#;

    #[test]
    fn states_are_found_by_offset_and_pointer() {
        let checked = crate::check(NESTED);
        let definition = &checked.definition;
        assert_eq!(definition.state_count(), 3);
        let name = |at: Option<StateRef>| {
            at.and_then(|at| definition.state(at))
                .map(|state| state.name.to_string())
        };
        let inside_b = NESTED.find(r#""Type": "Pass""#).unwrap();
        assert_eq!(name(definition.state_at_offset(inside_b)).as_deref(), Some("B"));
        let inside_p = NESTED.find(r#""Branches""#).unwrap();
        assert_eq!(name(definition.state_at_offset(inside_p)).as_deref(), Some("P"));
        assert_eq!(name(definition.state_at_offset(0)), None);
        assert_eq!(
            name(definition.state_at_pointer("/States/P/Branches/0/States/B/Type")).as_deref(),
            Some("B")
        );
        assert_eq!(
            name(definition.state_at_pointer("/States/P/Next")).as_deref(),
            Some("P")
        );
        assert_eq!(name(definition.state_at_pointer("/States/Do")), None);
        assert_eq!(
            name(definition.state_by_pointer("/States/Done")).as_deref(),
            Some("Done")
        );
    }

    #[test]
    fn jsonata_is_needed_where_declared() {
        assert!(!needs_jsonata(NESTED));
        assert!(needs_jsonata(
            r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {}}"#
        ));
        assert!(needs_jsonata(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONata", "End": true}}}"#
        ));
        // The word alone, in a comment or a state name, does not need an engine.
        assert!(!needs_jsonata(
            r#"{"Comment": "JSONata later", "StartAt": "JSONata", "States": {}}"#
        ));
        let case = Value::from_json(r#"{"definition": {"QueryLanguage": "JSONata"}}"#).unwrap();
        assert!(value_needs_jsonata(&case));
    }
}
