//! Lowering Choice states: rules (JSONPath comparisons and Boolean combinations, JSONata
//! conditions) and StringMatches patterns.

use std::sync::Arc;

use super::fields::{COMPARISONS, TYPE_TESTS, choice_operator_names};
use super::lower::{Lowerer, Names};
use super::model::{ChoiceRule, CompareKind, Condition, GlobPart, JsonataOutcome, Operand, StateKind, Test};
use super::{describe, key_span_or};
use crate::diagnostic::pointer_push;
use crate::jsonata::StatesAccess;
use crate::syntax::{Node, NodeKind};
use crate::time;

impl Lowerer<'_> {
    pub(super) fn lower_choice(
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
    pub(super) fn jsonata_rule(
        &mut self,
        node: &Node,
        pointer: &str,
        outcomes: &mut Vec<JsonataOutcome>,
    ) -> Option<Condition> {
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
    pub(super) fn condition(&mut self, node: &Node, pointer: &str, top: bool, depth: usize) -> Option<Condition> {
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
}

/// Compiles a StringMatches pattern: `*` matches any run of characters; `\*` and `\\` are the
/// characters themselves.
pub(super) fn glob(pattern: &str) -> Vec<GlobPart> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_escapes() {
        assert_eq!(glob("a\\*b*"), vec![GlobPart::Literal("a*b".into()), GlobPart::Star]);
    }
}
