//! Payload templates: Parameters, ResultSelector, ItemSelector and Assign in JSONPath states.
//!
//! A template is compiled once: members whose key ends in `.$` become paths or intrinsic calls,
//! everything else is a literal. A subtree without any `.$` key is kept as one prebuilt shared
//! value, so evaluating a mostly-static template costs almost nothing.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Span, Suggestion, pointer_push};
use crate::intrinsics::{self, Call, EvalCtx};
use crate::path::Path;
use crate::syntax::{Node, NodeKind};
use crate::value::{Map, Value};

#[derive(Clone, Debug)]
pub enum Template {
    Literal(Value),
    /// The members, and whether their keys are all different (then evaluation appends each
    /// member without looking for an earlier one of the same key: `"a"` and `"a.$"` both
    /// write `a`).
    Object {
        members: Vec<(Arc<str>, Template)>,
        distinct: bool,
    },
    Array(Vec<Template>),
    /// A `.$` member's path, with the member's key (as written) for error causes.
    Path {
        path: Path,
        field: Arc<str>,
    },
    Call {
        call: Call,
        field: Arc<str>,
    },
}

/// Reports a compile error found at `offset` inside the string node `node`, pointing into the
/// string (one byte past the opening quote).
pub fn inner_span(node: &Node, offset: usize) -> Span {
    let start = (node.span.start + 1 + offset).min(node.span.end.saturating_sub(1).max(node.span.start));
    Span::new(start, (start + 1).min(node.span.end).max(start))
}

/// The exact span of `len` bytes at byte `offset` of a string node's text, when its source
/// spells the text without escapes (so that offsets in the text are offsets in the source);
/// `None` otherwise. Suggestions need it: an edit must replace exactly the misspelled name.
pub fn exact_inner_span(node: &Node, offset: usize, len: usize) -> Option<Span> {
    let text = node.as_str()?;
    let end = offset.checked_add(len)?;
    let unescaped = node.span.end.checked_sub(node.span.start) == Some(text.len() + 2);
    if !unescaped || end > text.len() || !text.is_char_boundary(offset) || !text.is_char_boundary(end) {
        return None;
    }
    let start = node.span.start + 1 + offset;
    Some(Span::new(start, start + len))
}

/// Compiles a `.$` value: an intrinsic call or a path. Diagnostics point inside the string.
pub fn compile_dynamic(node: &Node, field: &str, pointer: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Template> {
    let Some(text) = node.as_str() else {
        diagnostics.push(Diagnostic::error(
            "wrong-type",
            format!(
                "the value of \"{field}\" must be a string holding a path or an intrinsic function, not {}",
                node.type_name()
            ),
            pointer,
            node.span,
        ));
        return None;
    };
    let field: Arc<str> = Arc::from(field);
    if intrinsics::is_call(text) {
        match Call::parse(text) {
            Ok(call) => Some(Template::Call { call, field }),
            Err(error) => {
                let suggestion = error.replacement.and_then(|(range, replacement)| {
                    exact_inner_span(node, range.start, range.len()).map(|span| Suggestion {
                        span,
                        replacement: replacement.to_owned(),
                    })
                });
                diagnostics.push(
                    Diagnostic::error(
                        "invalid-intrinsic",
                        error.message,
                        pointer,
                        inner_span(node, error.offset),
                    )
                    .with_suggestion(suggestion),
                );
                None
            }
        }
    } else {
        match Path::parse(text) {
            Ok(path) => Some(Template::Path { path, field }),
            Err(error) => {
                diagnostics.push(Diagnostic::error(
                    "invalid-path",
                    format!(
                        "\"{field}\" needs a JSONPath or an intrinsic function: {}",
                        error.message
                    ),
                    pointer,
                    inner_span(node, error.offset),
                ));
                None
            }
        }
    }
}

impl Template {
    pub fn compile(node: &Node, pointer: &str, diagnostics: &mut Vec<Diagnostic>) -> Template {
        if !has_dynamic_key(node) {
            return Template::Literal(node.to_value());
        }
        match &node.kind {
            NodeKind::Object(members) => {
                let mut res = Vec::with_capacity(members.len());
                for member in members {
                    let member_pointer = pointer_push(pointer, &member.key);
                    if let Some(stripped) = member.key.strip_suffix(".$") {
                        if let Some(template) =
                            compile_dynamic(&member.value, &member.key, &member_pointer, diagnostics)
                        {
                            res.push((Arc::from(stripped), template));
                        }
                    } else {
                        res.push((
                            member.key.clone(),
                            Template::compile(&member.value, &member_pointer, diagnostics),
                        ));
                    }
                }
                // Compared pairwise for a template's usual handful of members; sorted past that.
                let distinct = if res.len() <= 16 {
                    res.iter()
                        .enumerate()
                        .all(|(index, (key, _))| res[..index].iter().all(|(earlier, _)| earlier != key))
                } else {
                    let mut keys: Vec<&str> = res.iter().map(|(key, _)| &**key).collect();
                    crate::sort::sort_by(&mut keys, |a, b| a.cmp(b));
                    keys.windows(2).all(|pair| pair[0] != pair[1])
                };
                Template::Object { members: res, distinct }
            }
            NodeKind::Array(items) => Template::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        Template::compile(item, &pointer_push(pointer, &index.to_string()), diagnostics)
                    })
                    .collect(),
            ),
            _ => Template::Literal(node.to_value()),
        }
    }

    /// Every path the template reads (for static analysis such as variable references).
    pub fn paths(&self) -> Vec<&Path> {
        let mut res = Vec::new();
        let mut stack = vec![self];
        while let Some(template) = stack.pop() {
            match template {
                Template::Literal(_) => {}
                Template::Object { members, .. } => stack.extend(members.iter().map(|(_, inner)| inner)),
                Template::Array(items) => stack.extend(items.iter()),
                Template::Path { path, .. } => res.push(path),
                Template::Call { call, .. } => res.extend(call.paths()),
            }
        }
        res
    }

    /// Evaluates against `input`; the error is a `States.Runtime` cause.
    pub fn evaluate(&self, input: &Value, ctx: &mut EvalCtx<'_>) -> Result<Value, String> {
        match self {
            Template::Literal(value) => Ok(value.clone()),
            Template::Object { members, distinct } => {
                let mut map = Map::with_capacity(members.len());
                for (key, template) in members {
                    let value = template.evaluate(input, ctx)?;
                    if *distinct {
                        map.push_new(key.clone(), value);
                    } else {
                        map.insert(key.clone(), value);
                    }
                }
                Ok(Value::object(map))
            }
            Template::Array(items) => {
                let mut res = Vec::with_capacity(items.len());
                for item in items {
                    res.push(item.evaluate(input, ctx)?);
                }
                Ok(Value::array(res))
            }
            Template::Path { path, field } => path
                .evaluate(input, ctx.env)
                .ok_or_else(|| missing_path_cause(path, field, input)),
            Template::Call { call, .. } => call.evaluate(input, ctx),
        }
    }
}

/// AWS's cause for a `.$` path that selects nothing.
pub fn missing_path_cause(path: &Path, field: &str, input: &Value) -> String {
    match path.root() {
        crate::path::Root::Variable(name) => {
            format!(
                "The JSONPath '{path}' specified for the field '{field}' references the variable '${name}', which was never assigned"
            )
        }
        // AWS says "in the input" for a context path too, quoting the state's input.
        crate::path::Root::Context | crate::path::Root::Input => format!(
            "The JSONPath '{path}' specified for the field '{field}' could not be found in the input '{}'",
            abbreviate(&input.to_json())
        ),
    }
}

/// Shortens long payloads quoted in causes.
pub fn abbreviate(text: &str) -> String {
    const LIMIT: usize = 1024;
    if text.len() <= LIMIT {
        return text.to_owned();
    }
    let mut end = LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

fn has_dynamic_key(node: &Node) -> bool {
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        match &current.kind {
            NodeKind::Object(members) => {
                for member in members {
                    if member.key.ends_with(".$") {
                        return true;
                    }
                    stack.push(&member.value);
                }
            }
            NodeKind::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    false
}
