//! Lowering one state: its common fields, then the kind-specific ones (Task, Wait, Fail), and
//! the fields of JSONata states.

use std::sync::Arc;

use super::fields::{STATE_TYPES, allowed_fields, jsonata_allowed_fields};
use super::lower::{Lowerer, Names};
use super::model::{
    FailField, JsonataFields, MAX_STATE_NAME, MachineId, QueryLanguage, ResultPath, Seconds, Selection, State, StateId,
    StateKind, TaskSpec, WaitSpec,
};
use super::{describe, key_span_or};
use crate::diagnostic::{Diagnostic, Span, Suggestion, closest, pointer_push};
use crate::jsonata::StatesAccess;
use crate::syntax::{Node, NodeKind};
use crate::time;

impl Lowerer<'_> {
    pub(super) fn lower_state(
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
                    let close = other.and_then(|text| closest(text, STATE_TYPES.iter().copied()));
                    let hint = close
                        .map(|close| format!("; did you mean \"{close}\"?"))
                        .unwrap_or_else(|| format!("; use one of {}", STATE_TYPES.join(", ")));
                    self.diagnostics.push(
                        Diagnostic::error(
                            "unknown-type",
                            format!("state \"{name}\" has unknown Type {}{hint}", describe(type_node)),
                            &pointer_push(pointer, "Type"),
                            type_node.span,
                        )
                        .with_suggestion(close.map(|close| Suggestion::json_string(type_node.span, close))),
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
    pub(super) fn lower_jsonata_fields(
        &mut self,
        type_name: &str,
        node: &Node,
        pointer: &str,
        fields: &mut JsonataFields,
    ) {
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

    pub(super) fn exclusive(&mut self, node: &Node, pointer: &str, first: &str, second: &str) {
        if let (Some(_), Some(member)) = (node.get(first), node.member(second)) {
            self.error(
                "exclusive-fields",
                format!("\"{first}\" and \"{second}\" cannot be used together; keep one"),
                &pointer_push(pointer, second),
                member.key_span,
            );
        }
    }

    pub(super) fn seconds(
        &mut self,
        node: &Node,
        pointer: &str,
        field: &str,
        path_field: &str,
        min: i64,
    ) -> Option<Seconds> {
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

    pub(super) fn lower_task(&mut self, node: &Node, pointer: &str) -> StateKind {
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

    pub(super) fn lower_wait(&mut self, state_name: &str, node: &Node, pointer: &str) -> StateKind {
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

    pub(super) fn fail_field(&mut self, node: &Node, pointer: &str, field: &str, path_field: &str) -> FailField {
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
}
