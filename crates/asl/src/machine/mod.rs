//! Spanned tree → state machine: the model of a definition, and the validation that builds it.
//!
//! Lowering walks every state and reports every problem it finds; it never stops at the first.
//! States live in a `Vec` per machine, indexed by `StateId`; transitions are ids; paths, templates
//! and intrinsic calls are compiled here, once. Parallel branches and Map item processors are
//! machines of their own in the same arena, named by `MachineId`. Only a definition without
//! errors becomes a `ValidMachine`, the one type an execution accepts.
//!
//! The code, by concern:
//! - `model`: the definition, its machines and states (what an execution reads);
//! - `fields`: which fields each state type takes, the state types, the Choice operators;
//! - `lower`: the lowerer and its field helpers, machines, targets and reachability;
//! - `states`: one state, and the Task, Wait and Fail specifics;
//! - `choice`, `retry_catch`, `children`: Choice rules, Retry and Catch, Parallel and Map;
//! - `distributed`: a Distributed Map's ItemReader, ItemBatcher and ResultWriter;
//! - `variables`: Assign names and references to unassigned variables;
//! - `queries`: what hosts ask of a definition (all states, the state at an offset or pointer,
//!   whether it needs a JSONata engine);
//! - `lints`: warnings about valid definitions that are probably not what was meant (a Choice
//!   without Default, a loop with no way out), each explained in `LINTS`;
//! - `references`: where each state is declared and referred to, machine by machine (for
//!   editors: go to definition, find references, rename, outline).

mod children;
mod choice;
mod distributed;
mod fields;
mod lints;
mod lower;
mod model;
mod queries;
mod references;
mod retry_catch;
mod states;
mod variables;

pub use distributed::{
    CsvHeaders, InputType, ItemBatcher, ItemReader, MAX_ITEMS_LIMIT, ReaderResource, ResultWriter, Transformation,
};
pub(crate) use fields::{BRANCH_FIELDS, JSONATA_FIELDS, PROCESSOR_FIELDS, TOP_FIELDS};
pub use fields::{STATE_TYPES, allowed_fields, choice_operator_names, jsonata_allowed_fields};
pub use lints::{LINTS, LintDoc, lint_doc};
pub use model::*;
pub use queries::{StateRef, needs_jsonata, value_needs_jsonata};
pub use references::{Declaration, NameAt, References, Scope, StateReference};

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Span};
use crate::jsonata::SyntaxChecker;
use crate::syntax::{self, Node, NodeKind};
use crate::value::Value;
use lower::Lowerer;
use variables::check_variable_references;

/// The result of checking a definition: what was understood, and every problem found.
#[derive(Debug)]
pub struct Checked {
    pub definition: Definition,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The executable machine, when there are no errors (warnings are allowed).
    pub fn into_valid(self) -> Result<ValidMachine, Vec<Diagnostic>> {
        if self.has_errors() {
            Err(self.diagnostics)
        } else {
            Ok(ValidMachine {
                definition: Arc::new(self.definition),
            })
        }
    }
}

/// Parses and validates definition text.
pub fn check(text: &str) -> Checked {
    check_with(text, None)
}

/// Like [`check`], with a JSONata parser from the host, so that JSONata syntax errors are
/// reported at load, inside their string.
pub fn check_with(text: &str, syntax_checker: Option<&dyn SyntaxChecker>) -> Checked {
    let (node, mut diagnostics) = syntax::parse(text);
    let mut lowerer = Lowerer {
        diagnostics: Vec::new(),
        definition: Definition::default(),
        syntax: syntax_checker,
        default_language: QueryLanguage::JsonPath,
        in_jsonata_state: false,
    };
    if let Some(node) = &node {
        lowerer.lower_top(node);
        check_variable_references(node, &mut lowerer.diagnostics);
    }
    diagnostics.append(&mut lowerer.diagnostics);
    if let Some(node) = &node
        && !diagnostics.iter().any(Diagnostic::is_error)
    {
        diagnostics.extend(lints::lint(&lowerer.definition, node));
    }
    // Spans inside strings are computed from offsets in the decoded value: keep the invariant
    // that every span lies within the text and on character boundaries.
    for diagnostic in &mut diagnostics {
        diagnostic.span = snap_to_chars(text, diagnostic.span);
    }
    crate::sort::sort_by_key(&mut diagnostics, |diagnostic| {
        (diagnostic.span.start, diagnostic.severity)
    });
    Checked {
        definition: lowerer.definition,
        diagnostics,
    }
}

/// The span widened to whole characters and clamped to the text.
fn snap_to_chars(text: &str, span: Span) -> Span {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

/// Parses and validates definition text, keeping only an executable machine.
pub fn load(text: &str) -> Result<ValidMachine, Vec<Diagnostic>> {
    check(text).into_valid()
}

/// [`load`] with the host's JSONata parser (see [`check_with`]).
pub fn load_with(text: &str, syntax_checker: Option<&dyn SyntaxChecker>) -> Result<ValidMachine, Vec<Diagnostic>> {
    check_with(text, syntax_checker).into_valid()
}

fn key_span_or(node: &Node) -> Span {
    Span::new(node.span.start, (node.span.start + 1).min(node.span.end))
}

fn describe(node: &Node) -> String {
    match &node.kind {
        NodeKind::String(text) => format!("\"{text}\""),
        NodeKind::Number(number) => number.to_string(),
        NodeKind::Bool(flag) => flag.to_string(),
        NodeKind::Null => "null".to_owned(),
        _ => node.type_name().to_owned(),
    }
}

/// `Value` from a spanned node; re-exported for hosts that parse inputs with positions.
pub fn node_value(node: &Node) -> Value {
    node.to_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        check(text)
            .diagnostics
            .iter()
            .map(|diagnostic| format!("{} {} {}", diagnostic.code, diagnostic.pointer, diagnostic.message))
            .collect()
    }

    #[test]
    fn accepts_the_order_workflow() {
        let text = r#"{"StartAt":"P","States":{"P":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:P","Catch":[{"ErrorEquals":["PaymentFailedError"],"Next":"F"}],"Next":"S"},"S":{"Type":"Succeed"},"F":{"Type":"Fail","Error":"E"}}}"#;
        assert_eq!(codes(text), Vec::<String>::new());
    }

    #[test]
    fn reports_every_problem_not_just_the_first() {
        let text =
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Nxt":"B","Next":"Bee"},"B":{"Type":"Wiat","End":true}}}"#;
        let found = codes(text);
        assert!(
            found
                .iter()
                .any(|line| line.starts_with("unknown-field /States/A/Nxt") && line.contains("did you mean \"Next\"")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|line| line.starts_with("unknown-state /States/A/Next") && line.contains("did you mean \"B\"")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|line| line.starts_with("unknown-type /States/B/Type") && line.contains("\"Wait\"")),
            "{found:?}"
        );
    }

    #[test]
    fn spans_inside_strings_land_on_character_boundaries() {
        let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "é[1]", "y.$": "$[é]"}, "End": true}}}"#;
        let diagnostics = check(text).diagnostics;
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        for diagnostic in diagnostics {
            assert!(
                text.is_char_boundary(diagnostic.span.start) && text.is_char_boundary(diagnostic.span.end),
                "{diagnostic:?}"
            );
        }
    }
}
