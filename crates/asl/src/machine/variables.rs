//! Variables: valid names in Assign, and references to variables that nothing assigns.

use std::sync::Arc;

use super::fields::{COMPARISONS, PATH_FIELDS};
use super::lower::Lowerer;
use super::model::MAX_STATE_NAME;
use crate::diagnostic::{Diagnostic, Span, Suggestion, closest, pointer_push};
use crate::jsonata::names::{JSONATA_FUNCTIONS, jsonata_bound_names, variable_names};
use crate::jsonata::{self};
use crate::syntax::Node;
use crate::template::{exact_inner_span, inner_span};

impl Lowerer<'_> {
    pub(super) fn check_variable_name(&mut self, key: &str, pointer: &str, span: Span, jsonpath: bool) {
        let name = if jsonpath {
            key.strip_suffix(".$").unwrap_or(key)
        } else {
            key
        };
        let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name.len() <= MAX_STATE_NAME;
        if !valid {
            self.error(
                "invalid-variable",
                format!(
                    "\"{name}\" is not a valid variable name: use letters, digits and _, starting with a letter or _"
                ),
                &pointer_push(pointer, key),
                span,
            );
        } else if name == "states" {
            self.error(
                "invalid-variable",
                "\"states\" is reserved: $states holds the state's input, result, error output and context",
                &pointer_push(pointer, key),
                span,
            );
        }
    }
}

/// Reports `$name` references to variables that no `Assign` anywhere in the definition sets
/// (AWS rejects such definitions). Literal values (`Result`, keys without `.$`) are not read.
pub(super) fn check_variable_references(root: &Node, diagnostics: &mut Vec<Diagnostic>) {
    let mut assigned: Vec<Arc<str>> = Vec::new();
    // Each `$name` with its pointer, its span, and the exact span of the name when known.
    let mut references: Vec<(String, String, Span, Option<Span>)> = Vec::new();
    // JSONata: `$name`s in expressions, and names the expressions bind themselves.
    let mut jsonata_references: Vec<(String, String, Span, Option<Span>)> = Vec::new();
    let mut jsonata_locals: Vec<String> = Vec::new();
    let mut stack: Vec<(&Node, String)> = vec![(root, String::new())];
    while let Some((node, pointer)) = stack.pop() {
        if let Some(body) = node.as_str().and_then(jsonata::expression_body) {
            for (offset, name) in variable_names(body) {
                let name_span = exact_inner_span(node, 2 + offset + 1, name.len());
                jsonata_references.push((name, pointer.clone(), inner_span(node, 2 + offset), name_span));
            }
            jsonata_locals.extend(jsonata_bound_names(body));
            continue;
        }
        let Some(members) = node.as_members() else {
            if let Some(items) = node.as_items() {
                for (index, item) in items.iter().enumerate() {
                    stack.push((item, pointer_push(&pointer, &index.to_string())));
                }
            }
            continue;
        };
        for member in members {
            let member_pointer = pointer_push(&pointer, &member.key);
            let key = &*member.key;
            if key == "Result" {
                continue;
            }
            if key == "Assign" {
                for assignment in member.value.as_members().unwrap_or_default() {
                    assigned.push(Arc::from(assignment.key.strip_suffix(".$").unwrap_or(&assignment.key)));
                }
            }
            let is_path = key.ends_with(".$")
                || PATH_FIELDS.contains(&key)
                || (key.ends_with("Path")
                    && COMPARISONS
                        .iter()
                        .any(|(name, ..)| key.strip_suffix("Path") == Some(name)));
            if let (true, Some(text)) = (is_path, member.value.as_str()) {
                for (offset, name) in variable_names(text) {
                    let name_span = exact_inner_span(&member.value, offset + 1, name.len());
                    references.push((
                        name,
                        member_pointer.clone(),
                        inner_span(&member.value, offset),
                        name_span,
                    ));
                }
            }
            stack.push((&member.value, member_pointer));
        }
    }
    crate::sort::sort_by_key(&mut jsonata_references, |(_, _, span, _)| span.start);
    for (name, pointer, span, name_span) in jsonata_references {
        let known = name == "states"
            || assigned.iter().any(|known| **known == *name)
            || jsonata_locals.contains(&name)
            || JSONATA_FUNCTIONS.contains(&name.as_str())
            || jsonata::FUNCTIONS.contains(&name.as_str());
        if !known {
            let close = closest(&name, assigned.iter().map(|known| &**known));
            let hint = close
                .map(|close| format!("; did you mean ${close}?"))
                .unwrap_or_else(|| "; set it with \"Assign\" in an earlier state".to_owned());
            diagnostics.push(
                Diagnostic::warning(
                    "unassigned-variable",
                    format!("${name} is not a variable any Assign sets, a name this expression binds, or a JSONata function{hint}"),
                    &pointer,
                    span,
                )
                .with_suggestion(rename_variable(close, name_span)),
            );
        }
    }
    crate::sort::sort_by_key(&mut references, |(_, _, span, _)| span.start);
    for (name, pointer, span, name_span) in references {
        if !assigned.iter().any(|known| **known == *name) {
            let close = closest(&name, assigned.iter().map(|known| &**known));
            let hint = close
                .map(|close| format!("; did you mean ${close}?"))
                .unwrap_or_else(|| "; set it with \"Assign\" in an earlier state".to_owned());
            diagnostics.push(
                Diagnostic::error(
                    "unassigned-variable",
                    format!("variable ${name} is never assigned{hint}"),
                    &pointer,
                    span,
                )
                .with_suggestion(rename_variable(close, name_span)),
            );
        }
    }
}

/// The edit that replaces a misspelled variable name (after its `$`) with the close one.
fn rename_variable(close: Option<&str>, name_span: Option<Span>) -> Option<Suggestion> {
    close.zip(name_span).map(|(close, span)| Suggestion {
        span,
        replacement: close.to_owned(),
    })
}
