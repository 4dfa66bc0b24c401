//! Lowering Parallel and Map states: their branches and item processors are machines of their
//! own in the same arena.

use std::sync::Arc;

use super::fields::{BRANCH_FIELDS, PROCESSOR_FIELDS};
use super::key_span_or;
use super::lower::Lowerer;
use super::model::{Machine, MachineId, MapSpec, PercentField, StateId, StateKind};
use crate::diagnostic::pointer_push;
use crate::syntax::{Node, NodeKind};

impl Lowerer<'_> {
    pub(super) fn lower_parallel(&mut self, node: &Node, pointer: &str, here: (MachineId, StateId)) -> StateKind {
        let mut branches = Vec::new();
        let branches_pointer = pointer_push(pointer, "Branches");
        match node.get("Branches") {
            None => self.error(
                "missing-field",
                "a Parallel state needs \"Branches\", an array of state machines",
                pointer,
                key_span_or(node),
            ),
            Some(list) => match list.as_items() {
                Some(items) if !items.is_empty() => {
                    for (index, item) in items.iter().enumerate() {
                        let branch_pointer = pointer_push(&branches_pointer, &index.to_string());
                        if item.as_members().is_none() {
                            self.error(
                                "wrong-type",
                                format!(
                                    "a branch must be an object with StartAt and States, not {}",
                                    item.type_name()
                                ),
                                &branch_pointer,
                                item.span,
                            );
                            continue;
                        }
                        self.check_fields(item, &branch_pointer, BRANCH_FIELDS, "a branch");
                        branches.push(self.lower_machine(item, &branch_pointer, Some(here)));
                    }
                }
                _ => self.error(
                    "wrong-type",
                    "\"Branches\" must be a non-empty array of state machines",
                    &branches_pointer,
                    list.span,
                ),
            },
        }
        StateKind::Parallel { branches }
    }

    pub(super) fn lower_map(&mut self, node: &Node, pointer: &str, here: (MachineId, StateId)) -> StateKind {
        let jsonata_map = self.in_jsonata_state;
        self.exclusive(node, pointer, "ItemSelector", "Parameters");
        self.exclusive(node, pointer, "ItemProcessor", "Iterator");
        let items_path = node
            .get("ItemsPath")
            .and_then(|value| self.reference_path(value, &pointer_push(pointer, "ItemsPath"), "ItemsPath"));
        let item_selector = if self.in_jsonata_state {
            None
        } else {
            self.template(node, pointer, "ItemSelector")
                .or_else(|| self.template(node, pointer, "Parameters"))
        };
        let (processor_field, processor_node) = match (node.get("ItemProcessor"), node.get("Iterator")) {
            (Some(processor), _) => ("ItemProcessor", Some(processor)),
            (None, Some(iterator)) => ("Iterator", Some(iterator)),
            (None, None) => ("ItemProcessor", None),
        };
        let processor_pointer = pointer_push(pointer, processor_field);
        let mut distributed = false;
        let processor = match processor_node {
            None => {
                self.error(
                    "missing-field",
                    "a Map state needs \"ItemProcessor\", the state machine run for each item",
                    pointer,
                    key_span_or(node),
                );
                let id = MachineId(self.definition.machines.len() as u32);
                self.definition.machines.push(Machine {
                    pointer: processor_pointer.clone(),
                    parent: Some(here),
                    ..Machine::default()
                });
                id
            }
            Some(processor) if processor.as_members().is_none() => {
                self.error(
                    "wrong-type",
                    format!(
                        "\"{processor_field}\" must be an object with StartAt and States, not {}",
                        processor.type_name()
                    ),
                    &processor_pointer,
                    processor.span,
                );
                let id = MachineId(self.definition.machines.len() as u32);
                self.definition.machines.push(Machine {
                    pointer: processor_pointer.clone(),
                    parent: Some(here),
                    ..Machine::default()
                });
                id
            }
            Some(processor) => {
                // AWS accepts ProcessorConfig in the legacy Iterator too (its recordings, test_base_scenarios).
                self.check_fields(processor, &processor_pointer, PROCESSOR_FIELDS, "an item processor");
                if let Some(config) = processor.get("ProcessorConfig") {
                    let config_pointer = pointer_push(&processor_pointer, "ProcessorConfig");
                    self.check_fields(config, &config_pointer, &["Mode", "ExecutionType"], "ProcessorConfig");
                    if let Some(mode) = config.get("Mode") {
                        match mode.as_str() {
                            Some("INLINE") => {}
                            Some("DISTRIBUTED") => distributed = true,
                            _ => self.error(
                                "invalid-value",
                                "\"Mode\" must be \"INLINE\" or \"DISTRIBUTED\"",
                                &pointer_push(&config_pointer, "Mode"),
                                mode.span,
                            ),
                        }
                    }
                    if let Some(kind) = config.get("ExecutionType")
                        && !matches!(kind.as_str(), Some("STANDARD" | "EXPRESS"))
                    {
                        self.error(
                            "invalid-value",
                            "\"ExecutionType\" must be \"STANDARD\" or \"EXPRESS\"",
                            &pointer_push(&config_pointer, "ExecutionType"),
                            kind.span,
                        );
                    }
                }
                self.lower_machine(processor, &processor_pointer, Some(here))
            }
        };
        self.in_jsonata_state = jsonata_map;
        let max_concurrency = self.seconds(node, pointer, "MaxConcurrency", "MaxConcurrencyPath", 0);
        let tolerated_failure_count =
            self.seconds(node, pointer, "ToleratedFailureCount", "ToleratedFailureCountPath", 0);
        self.exclusive(
            node,
            pointer,
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
        );
        let tolerated_failure_percentage = if let Some(value) = node.get("ToleratedFailurePercentage") {
            match value.kind {
                _ if self.is_jsonata_expression(value) => None,
                NodeKind::Number(ref number) if number.as_f64().is_some_and(|pct| (0.0..=100.0).contains(&pct)) => {
                    number.as_f64().map(PercentField::Literal)
                }
                _ => {
                    self.error(
                        "invalid-value",
                        "\"ToleratedFailurePercentage\" must be a number from 0 to 100",
                        &pointer_push(pointer, "ToleratedFailurePercentage"),
                        value.span,
                    );
                    None
                }
            }
        } else {
            node.get("ToleratedFailurePercentagePath")
                .and_then(|value| {
                    self.reference_path(
                        value,
                        &pointer_push(pointer, "ToleratedFailurePercentagePath"),
                        "ToleratedFailurePercentagePath",
                    )
                })
                .map(PercentField::Path)
        };
        if !distributed {
            for field in [
                "ToleratedFailureCount",
                "ToleratedFailureCountPath",
                "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath",
                "Label",
            ] {
                // An inline JSONata Map takes the tolerated failure fields (AWS's recordings,
                // test_base_evaluate_expressions); an inline JSONPath Map does not.
                let tolerated = field.starts_with("ToleratedFailure");
                if let Some(member) = node.member(field)
                    && !(tolerated && jsonata_map)
                {
                    self.error(
                        "invalid-value",
                        format!("\"{field}\" is only valid in a Map whose ItemProcessor has ProcessorConfig Mode \"DISTRIBUTED\""),
                        &pointer_push(pointer, field),
                        member.key_span,
                    );
                }
            }
        }
        let (item_reader, item_batcher, result_writer) = self.lower_distributed_fields(node, pointer, distributed);
        let label = node.get("Label").and_then(|value| value.as_str()).map(Arc::from);
        if distributed && let Some(member) = node.member("Label") {
            match member.value.as_str() {
                Some(text) => {
                    if let Some(problem) = label_problem(text) {
                        self.error(
                            "invalid-value",
                            problem,
                            &pointer_push(pointer, "Label"),
                            member.value.span,
                        );
                    }
                }
                None => self.error(
                    "wrong-type",
                    format!("\"Label\" must be a string, not {}", member.value.type_name()),
                    &pointer_push(pointer, "Label"),
                    member.value.span,
                ),
            }
        }
        StateKind::Map(Box::new(MapSpec {
            processor,
            items_path,
            item_selector,
            max_concurrency,
            tolerated_failure_count,
            tolerated_failure_percentage,
            distributed,
            item_reader,
            item_batcher,
            result_writer,
            label,
        }))
    }
}

/// What AWS refuses in a Distributed Map's `Label`, which becomes part of the Map Run's ARN:
/// empty, over 40 characters, whitespace, `?*<>{}[]:;,\\|^~$#%&` ` `"`, or a control
/// character (U+0000 to U+001F, U+007F to U+009F). Sources: the AWS CDK's DistributedMap
/// validation and LocalStack's `test_map_state_label_*` tests (run against AWS).
fn label_problem(label: &str) -> Option<String> {
    if label.is_empty() {
        return Some("\"Label\" must not be empty: it names the Map Runs in their ARNs".to_owned());
    }
    let count = label.chars().count();
    if count > 40 {
        return Some(format!(
            "\"Label\" has {count} characters; AWS allows at most 40 (it becomes part of each Map Run's ARN)"
        ));
    }
    let bad = label.chars().find(|&c| {
        c.is_whitespace()
            || "?*<>{}[]:;,\\|^~$#%&`\"".contains(c)
            || c <= '\u{1f}'
            || ('\u{7f}'..='\u{9f}').contains(&c)
    })?;
    let shown = if bad == ' ' {
        "a space".to_owned()
    } else if bad.is_control() || bad.is_whitespace() {
        format!("U+{:04X}", bad as u32)
    } else {
        format!("'{bad}'")
    };
    Some(format!(
        "\"Label\" must not contain {shown}: no whitespace, control characters or any of ? * < > {{ }} [ ] : ; , \\ | ^ ~ $ # % & ` \" (it becomes part of each Map Run's ARN)"
    ))
}
