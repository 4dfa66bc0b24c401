//! Where each state is named and where it is referred to, machine by machine: the answers
//! behind an editor's go to definition, find references, rename and outline.
//!
//! Read from the spanned tree rather than from lowering, so that it answers for any
//! well-formed JSON whatever lowering thinks of it (an unknown target is still a reference, a
//! state with a bad field is still a state). A state's name is in scope only in its own
//! machine: the top level, one Parallel branch or one Map item processor. Malformed JSON has
//! no tree, and so no answers; editors keep the last ones they had.

use std::sync::Arc;

use crate::diagnostic::{Span, pointer_push};
use crate::syntax::{self, Node};

/// Every machine of a definition, with its states and the references to them.
///
/// Invariant: `scopes[0]` is the top level; every scope index held by a `Scope` or a
/// `Declaration` indexes `scopes`.
#[derive(Clone, Debug, Default)]
pub struct References {
    pub scopes: Vec<Scope>,
}

/// One machine: the states it declares and every reference to a state inside it.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// JSON Pointer of the machine's object: `""` for the top level,
    /// `/States/P/Branches/0` for a branch, `/States/M/ItemProcessor` for a processor.
    pub pointer: String,
    /// The machine's object.
    pub span: Span,
    /// The state that holds this machine (its scope and its index there); `None` at the top.
    pub parent: Option<(usize, usize)>,
    /// The states of `States`, in document order (duplicates included).
    pub states: Vec<Declaration>,
    /// `StartAt`, each state's `Next`, a Choice's `Default` and its rules' `Next`, each
    /// catcher's `Next`, in document order.
    pub references: Vec<StateReference>,
}

/// A state where it is defined: its key in `States`.
#[derive(Clone, Debug)]
pub struct Declaration {
    pub name: Arc<str>,
    /// JSON Pointer of the state's value, e.g. `/States/ProcessPayment`.
    pub pointer: String,
    /// The key, quotes included.
    pub span: Span,
    /// The state's value (its whole object).
    pub body_span: Span,
    /// Its `Type`, when that is a string.
    pub type_name: Option<Arc<str>>,
    /// The machines it holds, in document order: a Parallel's branches, a Map's processor.
    pub children: Vec<usize>,
}

/// A string that names a state of its scope (whether or not that state exists).
#[derive(Clone, Debug)]
pub struct StateReference {
    pub name: Arc<str>,
    /// The field that holds it: `StartAt`, `Next` or `Default`.
    pub field: &'static str,
    /// JSON Pointer of the string, e.g. `/States/Choose/Choices/0/Next`.
    pub pointer: String,
    /// The string, quotes included.
    pub span: Span,
}

/// A state name under the cursor: a declaration or a reference, in its scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameAt {
    pub scope: usize,
    pub name: Arc<str>,
    /// The key or string, quotes included.
    pub span: Span,
}

impl References {
    /// The states and references of a definition's text; `None` when it is not well-formed JSON.
    pub fn of(text: &str) -> Option<References> {
        let (root, _) = syntax::parse(text);
        root.map(|root| References::of_tree(&root))
    }

    /// The states and references of a parsed definition.
    pub fn of_tree(root: &Node) -> References {
        let mut res = References::default();
        res.machine(root, String::new(), None);
        res
    }

    fn machine(&mut self, node: &Node, pointer: String, parent: Option<(usize, usize)>) -> usize {
        let scope = self.scopes.len();
        self.scopes.push(Scope {
            pointer: pointer.clone(),
            span: node.span,
            parent,
            ..Scope::default()
        });
        self.reference(scope, node, "StartAt", &pointer);
        let states_pointer = pointer_push(&pointer, "States");
        for member in node.get("States").and_then(Node::as_members).unwrap_or_default() {
            let state_pointer = pointer_push(&states_pointer, &member.key);
            let index = self.scopes[scope].states.len();
            self.scopes[scope].states.push(Declaration {
                name: member.key.clone(),
                pointer: state_pointer.clone(),
                span: member.key_span,
                body_span: member.value.span,
                type_name: member.value.get("Type").and_then(Node::as_str).map(Arc::from),
                children: Vec::new(),
            });
            self.state(scope, index, &member.value, &state_pointer);
        }
        crate::sort::sort_by_key(&mut self.scopes[scope].references, |reference| reference.span.start);
        scope
    }

    fn state(&mut self, scope: usize, index: usize, node: &Node, pointer: &str) {
        self.reference(scope, node, "Next", pointer);
        self.reference(scope, node, "Default", pointer);
        for list in ["Choices", "Catch"] {
            let list_pointer = pointer_push(pointer, list);
            for (item_index, item) in node
                .get(list)
                .and_then(Node::as_items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                self.reference(
                    scope,
                    item,
                    "Next",
                    &pointer_push(&list_pointer, &item_index.to_string()),
                );
            }
        }
        let branches_pointer = pointer_push(pointer, "Branches");
        let branches = node.get("Branches").and_then(Node::as_items).unwrap_or_default();
        for (branch_index, branch) in branches.iter().enumerate() {
            if branch.as_members().is_some() {
                let branch_pointer = pointer_push(&branches_pointer, &branch_index.to_string());
                let child = self.machine(branch, branch_pointer, Some((scope, index)));
                self.scopes[scope].states[index].children.push(child);
            }
        }
        for field in ["ItemProcessor", "Iterator"] {
            if let Some(processor) = node.get(field).filter(|processor| processor.as_members().is_some()) {
                let child = self.machine(processor, pointer_push(pointer, field), Some((scope, index)));
                self.scopes[scope].states[index].children.push(child);
            }
        }
    }

    fn reference(&mut self, scope: usize, node: &Node, field: &'static str, pointer: &str) {
        if let Some(value) = node.get(field)
            && let Some(name) = value.as_str()
        {
            self.scopes[scope].references.push(StateReference {
                name: Arc::from(name),
                field,
                pointer: pointer_push(pointer, field),
                span: value.span,
            });
        }
    }

    /// The state name at byte `offset`: a state's key, or a string that refers to a state.
    /// An offset just past the closing quote still counts, as editors put the cursor there.
    pub fn name_at(&self, offset: usize) -> Option<NameAt> {
        let holds = |span: Span| span.start <= offset && offset <= span.end;
        self.scopes.iter().enumerate().find_map(|(scope, machine)| {
            let declared = machine.states.iter().map(|state| (&state.name, state.span));
            let referred = machine
                .references
                .iter()
                .map(|reference| (&reference.name, reference.span));
            declared
                .chain(referred)
                .find(|(_, span)| holds(*span))
                .map(|(name, span)| NameAt {
                    scope,
                    name: name.clone(),
                    span,
                })
        })
    }

    /// The state named `name` in machine `scope` (the first, if the name is declared twice).
    pub fn declaration(&self, scope: usize, name: &str) -> Option<&Declaration> {
        self.scopes.get(scope)?.states.iter().find(|state| &*state.name == name)
    }

    /// Every reference to `name` in machine `scope`, in document order.
    pub fn references_to<'r>(&'r self, scope: usize, name: &'r str) -> impl Iterator<Item = &'r StateReference> {
        self.scopes
            .get(scope)
            .map(|machine| &machine.references[..])
            .unwrap_or_default()
            .iter()
            .filter(move |reference| &*reference.name == name)
    }

    /// The machine whose object has this JSON Pointer (`""` is the top level).
    pub fn scope_by_pointer(&self, pointer: &str) -> Option<usize> {
        self.scopes.iter().position(|scope| scope.pointer == pointer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NESTED: &str = r#"{"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}},
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}
        ], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}], "Next": "Pick"},
        "Pick": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "M"}], "Default": "Done"},
        "M": {"Type": "Map", "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}, "Next": "Done"},
        "Oops": {"Type": "Fail"},
        "Done": {"Type": "Succeed"}}}"#;

    /// Each scope as `pointer: declarations | references (field=name)`.
    fn check(text: &str) -> Vec<String> {
        let references = References::of(text).expect("well-formed JSON");
        references
            .scopes
            .iter()
            .map(|scope| {
                let states: Vec<String> = scope
                    .states
                    .iter()
                    .map(|state| format!("{}{:?}", state.name, state.children))
                    .collect();
                let refs: Vec<String> = scope
                    .references
                    .iter()
                    .map(|reference| format!("{}={}", reference.field, reference.name))
                    .collect();
                format!(
                    "{:?} {:?}: {} | {}",
                    scope.pointer,
                    scope.parent,
                    states.join(" "),
                    refs.join(" ")
                )
            })
            .collect()
    }

    #[test]
    fn each_machine_is_a_scope_of_its_own() {
        assert_eq!(
            check(NESTED),
            [
                r#""" None: P[1, 2] Pick[] M[3] Oops[] Done[] | StartAt=P Next=Oops Next=Pick Next=M Default=Done Next=Done"#,
                r#""/States/P/Branches/0" Some((0, 0)): A[] B[] | StartAt=A Next=B"#,
                r#""/States/P/Branches/1" Some((0, 0)): A[] | StartAt=A"#,
                r#""/States/M/ItemProcessor" Some((0, 2)): A[] | StartAt=A"#,
            ]
        );
    }

    #[test]
    fn names_are_found_at_offsets_within_their_scope() {
        let references = References::of(NESTED).unwrap();
        let offset = |needle: &str| NESTED.find(needle).unwrap() + 1;
        // The second branch's StartAt is "A" of that branch, not of the first.
        let second_start = NESTED.match_indices(r#""StartAt": "A""#).nth(1).unwrap().0 + 12;
        let at = references.name_at(second_start).unwrap();
        assert_eq!((at.scope, &*at.name), (2, "A"));
        let declaration = references.declaration(at.scope, &at.name).unwrap();
        assert_eq!(declaration.pointer, "/States/P/Branches/1/States/A");
        assert_eq!(&NESTED[at.span.start..at.span.end], r#""A""#);

        let done = references.name_at(offset(r#""Done": {"#)).unwrap();
        assert_eq!((done.scope, &*done.name), (0, "Done"));
        let pointers: Vec<&str> = references
            .references_to(0, "Done")
            .map(|reference| reference.pointer.as_str())
            .collect();
        assert_eq!(pointers, ["/States/Pick/Default", "/States/M/Next"]);
        assert_eq!(references.name_at(offset(r#""Type""#)), None);
        assert_eq!(references.scope_by_pointer("/States/M/ItemProcessor"), Some(3));
        let processor = references.scopes[3].span;
        assert!(NESTED[processor.start..processor.end].starts_with(r#"{"StartAt": "A""#));
    }

    #[test]
    fn unknown_targets_and_legacy_iterators_still_count() {
        let text =
            r#"{"StartAt": "Nowhere", "States": {"M": {"Type": "Map", "Iterator": {"StartAt": "X", "States": {}}}}}"#;
        assert_eq!(
            check(text),
            [
                r#""" None: M[1] | StartAt=Nowhere"#,
                r#""/States/M/Iterator" Some((0, 0)):  | StartAt=X"#,
            ]
        );
        assert!(References::of("{\"StartAt\": ").is_none());
    }
}
