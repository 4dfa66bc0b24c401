//! The lowerer: walks the spanned tree, collects diagnostics, and builds each machine (its
//! states, their targets, reachability). The field-level helpers every state kind uses live here.

use std::collections::VecDeque;
use std::sync::Arc;

use indexmap::IndexMap;

use super::fields::{JSONATA_FIELDS, JSONPATH_FIELDS, STATE_TYPES, TOP_FIELDS, allowed_fields};
use super::model::{Definition, Machine, MachineId, QueryLanguage, ResultPath, Selection, State, StateId, targets};
use super::{describe, key_span_or};
use crate::diagnostic::{Diagnostic, Span, Suggestion, closest, pointer_push};
use crate::jsonata::{self, Jx, StatesAccess, SyntaxChecker};
use crate::path::Path;
use crate::syntax::{Node, NodeKind};
use crate::template::{Template, inner_span};

pub(super) struct Lowerer<'s> {
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) definition: Definition,
    pub(super) syntax: Option<&'s dyn SyntaxChecker>,
    /// The top level's QueryLanguage, which every state without its own uses (a Map's or a
    /// Parallel's does not pass to the states inside it).
    pub(super) default_language: QueryLanguage,
    /// Lowering a JSONata state: `{% … %}` strings in number fields are left for its `Jx`s.
    pub(super) in_jsonata_state: bool,
}

/// Names of the states of the machine being lowered, for resolving targets.
pub(super) struct Names {
    pub(super) ids: IndexMap<Arc<str>, StateId>,
}

impl Lowerer<'_> {
    pub(super) fn error(&mut self, code: &'static str, message: impl Into<String>, pointer: &str, span: Span) {
        self.diagnostics.push(Diagnostic::error(code, message, pointer, span));
    }

    pub(super) fn lower_top(&mut self, node: &Node) {
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
        self.check_unique_state_names();
    }

    /// State names are unique across the whole state machine, nested branches and iterations
    /// included (ASL spec, "States"; AWS rejects a definition with DUPLICATE_STATE_NAME). The
    /// first in document order keeps its name; every later one is reported.
    fn check_unique_state_names(&mut self) {
        let mut states: Vec<&State> = self
            .definition
            .machines
            .iter()
            .flat_map(|machine| machine.states.iter())
            .collect();
        crate::sort::sort_by_key(&mut states, |state| state.span.start);
        let mut first: IndexMap<&str, &str> = IndexMap::new();
        let mut duplicates = Vec::new();
        for state in states {
            match first.get(&*state.name) {
                Some(pointer) => duplicates.push(Diagnostic::error(
                    "duplicate-state-name",
                    format!(
                        "state name \"{}\" is already used by the state at {pointer}; state names must be unique across the whole state machine, nested branches and iterations included, so rename one of them",
                        state.name
                    ),
                    &state.pointer,
                    state.span,
                )),
                None => {
                    first.insert(&state.name, &state.pointer);
                }
            }
        }
        self.diagnostics.extend(duplicates);
    }

    pub(super) fn check_query_language(&mut self, node: &Node, pointer: &str) -> QueryLanguage {
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

    pub(super) fn check_fields(&mut self, node: &Node, pointer: &str, allowed: &[&str], owner: &str) {
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
            let close = closest(&member.key, allowed.iter().copied());
            let hint = close
                .map(|close| format!("; did you mean \"{close}\"?"))
                .unwrap_or_default();
            self.diagnostics.push(
                Diagnostic::error(
                    "unknown-field",
                    format!("{owner} has no field \"{}\"{hint}", member.key),
                    &member_pointer,
                    member.key_span,
                )
                .with_suggestion(close.map(|close| Suggestion::json_string(member.key_span, close))),
            );
        }
    }

    pub(super) fn string<'n>(&mut self, node: &'n Node, pointer: &str, field: &str) -> Option<&'n str> {
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

    pub(super) fn int(&mut self, node: &Node, pointer: &str, field: &str, min: i64) -> Option<u64> {
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

    pub(super) fn is_jsonata_expression(&self, node: &Node) -> bool {
        self.in_jsonata_state && node.as_str().and_then(jsonata::expression_body).is_some()
    }

    /// A JSONata field: compiled, with its syntax checked by the host when it can.
    pub(super) fn jx(&mut self, node: &Node, pointer: &str, field: &str, access: StatesAccess) -> Jx {
        jsonata::compile(node, pointer, field, access, self.syntax, &mut self.diagnostics)
    }

    /// A JSONata field that may be a `{% … %}` expression or a plain value the JSONPath
    /// lowering already checked; `Some` only for an expression.
    pub(super) fn jx_expression(&mut self, owner: &Node, pointer: &str, field: &str) -> Option<Jx> {
        let node = owner.get(field)?;
        if !self.is_jsonata_expression(node) {
            return None;
        }
        Some(self.jx(node, &pointer_push(pointer, field), field, StatesAccess::default()))
    }

    /// An owner's `Assign`, checked: an object whose keys are valid variable names (with `.$`
    /// suffixes in JSONPath). Returns it and its pointer.
    pub(super) fn assign_node<'n>(
        &mut self,
        owner: &'n Node,
        pointer: &str,
        jsonpath: bool,
    ) -> Option<(&'n Node, String)> {
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
    pub(super) fn jx_assign(&mut self, owner: &Node, pointer: &str, access: StatesAccess) -> Option<Jx> {
        let (node, pointer) = self.assign_node(owner, pointer, false)?;
        Some(self.jx(node, &pointer, "Assign", access))
    }

    pub(super) fn positive_int(&mut self, node: &Node, pointer: &str, field: &str) -> Option<u64> {
        self.int(node, pointer, field, 1)
    }

    pub(super) fn reference_path(&mut self, node: &Node, pointer: &str, field: &str) -> Option<Path> {
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

    pub(super) fn path(&mut self, node: &Node, pointer: &str, field: &str) -> Option<Path> {
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

    pub(super) fn selection(&mut self, state: &Node, pointer: &str, field: &str) -> Selection {
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

    pub(super) fn result_path(&mut self, owner: &Node, pointer: &str) -> ResultPath {
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

    pub(super) fn template(&mut self, owner: &Node, pointer: &str, field: &str) -> Option<Template> {
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

    pub(super) fn assign(&mut self, owner: &Node, pointer: &str) -> Option<Template> {
        let (node, pointer) = self.assign_node(owner, pointer, true)?;
        Some(Template::compile(node, &pointer, &mut self.diagnostics))
    }

    /// Lowers `node` (an object with StartAt and States) into a new machine and returns its id.
    pub(super) fn lower_machine(
        &mut self,
        node: &Node,
        pointer: &str,
        parent: Option<(MachineId, StateId)>,
    ) -> MachineId {
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

    pub(super) fn resolve(
        &mut self,
        names: &Names,
        name: &str,
        field: &str,
        pointer: &str,
        span: Span,
    ) -> Option<StateId> {
        if let Some(id) = names.ids.get(name) {
            return Some(*id);
        }
        let close = closest(name, names.ids.keys().map(|key| &**key));
        let hint = close
            .map(|close| format!("; did you mean \"{close}\"?"))
            .unwrap_or_else(|| {
                if names.ids.is_empty() {
                    String::new()
                } else {
                    let known: Vec<&str> = names.ids.keys().take(8).map(|key| &**key).collect();
                    format!("; states here: {}", known.join(", "))
                }
            });
        self.diagnostics.push(
            Diagnostic::error(
                "unknown-state",
                format!("\"{field}\" names unknown state \"{name}\"{hint}"),
                pointer,
                span,
            )
            .with_suggestion(close.map(|close| Suggestion::json_string(span, close))),
        );
        None
    }

    pub(super) fn check_reachability(&mut self, states: &[State], start: Option<StateId>) {
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
}
