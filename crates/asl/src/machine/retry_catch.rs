//! Lowering Retry and Catch: ErrorEquals lists, retriers and catchers.

use std::sync::Arc;

use super::describe;
use super::lower::{Lowerer, Names};
use super::model::{Catcher, JsonataOutcome, ResultPath, Retrier};
use crate::diagnostic::pointer_push;
use crate::jsonata::StatesAccess;
use crate::syntax::{Node, NodeKind};

impl Lowerer<'_> {
    pub(super) fn error_equals(&mut self, node: &Node, pointer: &str, last: bool, what: &str) -> Vec<Arc<str>> {
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
    pub(super) fn object_list<'n>(
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

    pub(super) fn retriers(&mut self, node: &Node, pointer: &str) -> Vec<Retrier> {
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

    pub(super) fn catchers(
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
}
