//! Text → spanned JSON tree.
//!
//! Every value and every object key keeps its byte range, so later stages can point at exactly
//! what is wrong. Duplicate keys are kept (and reported). Strict JSON only: jsonc-parser's
//! leniencies (comments, trailing commas, single quotes, …) are all switched off. Nesting is
//! bounded before parsing so that no input can exhaust the stack.

use std::collections::BTreeSet;
use std::sync::Arc;

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

use crate::diagnostic::{Diagnostic, Span};
use crate::value::{Map, Number, Value};

/// Deepest nesting of arrays and objects accepted in a definition.
pub const MAX_DEPTH: usize = 200;

#[derive(Clone, Debug)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

#[derive(Clone, Debug)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Number(Number),
    String(Arc<str>),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

#[derive(Clone, Debug)]
pub struct Member {
    pub key: Arc<str>,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_members(&self) -> Option<&[Member]> {
        match &self.kind {
            NodeKind::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn as_items(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The first member named `key`, if this is an object.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_members()?.iter().find(|member| &*member.key == key)
    }

    /// The value of the first member named `key`, if this is an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|member| &member.value)
    }

    /// The node a JSON Pointer (RFC 6901, `~0`/`~1` escapes) names below this one.
    pub fn at_pointer(&self, pointer: &str) -> Option<&Node> {
        let mut current = self;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            current = match &current.kind {
                NodeKind::Object(_) => current.get(&token)?,
                NodeKind::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(current)
    }

    /// The JSON type name, for "expected …, found …" messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Number(_) => "a number",
            NodeKind::String(_) => "a string",
            NodeKind::Array(_) => "an array",
            NodeKind::Object(_) => "an object",
        }
    }

    /// The plain value this node spells (the last of duplicate keys wins, as in most JSON readers).
    pub fn to_value(&self) -> Value {
        match &self.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(flag) => Value::Bool(*flag),
            NodeKind::Number(number) => Value::Number(number.clone()),
            NodeKind::String(text) => Value::String(text.clone()),
            NodeKind::Array(items) => Value::array(items.iter().map(Node::to_value).collect()),
            NodeKind::Object(members) => {
                let mut map = Map::with_capacity(members.len());
                for member in members {
                    map.insert(member.key.clone(), member.value.to_value());
                }
                Value::object(map)
            }
        }
    }
}

/// Parses definition text. Returns the tree when the text is well-formed JSON, and diagnostics
/// (syntax errors with their position, duplicate keys) either way.
pub fn parse(text: &str) -> (Option<Node>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if let Some(offset) = too_deep(text) {
        diagnostics.push(Diagnostic::error(
            "invalid-json",
            format!("nesting is deeper than {MAX_DEPTH} levels"),
            "",
            Span::new(offset, offset + 1),
        ));
        return (None, diagnostics);
    }
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    match jsonc_parser::parse_to_ast(text, &collect, &options) {
        Ok(result) => match result.value {
            Some(value) => {
                let node = convert(&value, "", &mut diagnostics);
                // jsonc-parser lets raw control characters (a line break, a tab) into strings;
                // JSON does not (RFC 8259, section 7), and neither does AWS.
                diagnostics.extend(control_character_in_string(text));
                (Some(node), diagnostics)
            }
            None => {
                diagnostics.push(Diagnostic::error(
                    "invalid-json",
                    "the definition is empty; expected a JSON object with \"StartAt\" and \"States\"",
                    "",
                    Span::new(0, 0),
                ));
                (None, diagnostics)
            }
        },
        Err(error) => {
            let range = error.range();
            let start = range.start.min(text.len());
            let end = range.end.clamp(start, text.len());
            // A string left open runs on over the line break to the next quote, and the parser
            // stops further on; the line break is the mistake to show. (The text before the
            // error is well-formed so far, so the scan reads its strings exactly.)
            if let Some(diagnostic) = control_character_in_string(&text[..start]) {
                diagnostics.push(diagnostic);
                return (None, diagnostics);
            }
            let message = explain(text, start).unwrap_or_else(|| lowercase_first(&error.kind().to_string()));
            diagnostics.push(Diagnostic::error("invalid-json", message, "", Span::new(start, end)));
            (None, diagnostics)
        }
    }
}

/// A clearer message than jsonc-parser's for mistakes people make often, judged from the text
/// where the parser stopped.
fn explain(text: &str, start: usize) -> Option<String> {
    let rest = text.get(start..)?;
    let word_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '+'))
        .unwrap_or(rest.len());
    let word = &rest[..word_len];
    if ["NaN", "Infinity", "-Infinity", "+Infinity"].contains(&word) {
        return Some(format!("{word} is not a JSON number; use a number, null or a string"));
    }
    // "010": the parser reads 0, then stops at the 1 asking for a comma.
    let before = &text.as_bytes()[..start];
    if rest.starts_with(|c: char| c.is_ascii_digit())
        && before.last() == Some(&b'0')
        && !before[..before.len() - 1]
            .last()
            .is_some_and(|byte| byte.is_ascii_digit() || *byte == b'.')
    {
        return Some("a JSON number cannot start with 0 followed by more digits; drop the leading zeros".to_owned());
    }
    if ["undefined", "None", "True", "False", "TRUE", "FALSE", "NULL", "Null"].contains(&word) {
        return Some(format!(
            "{word} is not a JSON value; JSON spells them true, false and null, in lower case"
        ));
    }
    None
}

/// The first raw control character inside a string of well-formed JSON, as a diagnostic.
fn control_character_in_string(text: &str) -> Option<Diagnostic> {
    let (offset, byte) = first_control_character_in_string(text)?;
    let what = match byte {
        b'\n' | b'\r' => "a line break; end the string with \" before it, or write \\n".to_owned(),
        b'\t' => "a tab; write \\t".to_owned(),
        other => format!("the control character U+{other:04X}; write it as \\u{other:04X}"),
    };
    Some(Diagnostic::error(
        "invalid-json",
        format!("a JSON string cannot contain {what}"),
        "",
        Span::new(offset, offset + 1),
    ))
}

fn first_control_character_in_string(text: &str) -> Option<(usize, u8)> {
    let mut in_string = false;
    let mut escaped = false;
    for (offset, byte) in text.bytes().enumerate() {
        if !in_string {
            in_string = byte == b'"';
        } else if escaped {
            escaped = false;
        } else if byte == b'\\' {
            escaped = true;
        } else if byte == b'"' {
            in_string = false;
        } else if byte < 0x20 {
            return Some((offset, byte));
        }
    }
    None
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The offset of the first bracket that nests deeper than `MAX_DEPTH`, if any.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, byte) in text.bytes().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(offset);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn span(range: jsonc_parser::common::Range) -> Span {
    Span::new(range.start, range.end)
}

fn convert(value: &ast::Value<'_>, pointer: &str, diagnostics: &mut Vec<Diagnostic>) -> Node {
    match value {
        ast::Value::NullKeyword(null) => Node {
            span: span(null.range),
            kind: NodeKind::Null,
        },
        ast::Value::BooleanLit(flag) => Node {
            span: span(flag.range),
            kind: NodeKind::Bool(flag.value),
        },
        ast::Value::StringLit(text) => Node {
            span: span(text.range),
            kind: NodeKind::String(Arc::from(text.value.as_ref())),
        },
        ast::Value::NumberLit(number) => {
            let kind = match serde_json::from_str::<Number>(number.value) {
                Ok(parsed) => NodeKind::Number(parsed),
                Err(_) => {
                    diagnostics.push(Diagnostic::error(
                        "invalid-json",
                        format!("number {} is out of range", number.value),
                        pointer,
                        span(number.range),
                    ));
                    NodeKind::Null
                }
            };
            Node {
                span: span(number.range),
                kind,
            }
        }
        ast::Value::Array(array) => {
            let items = array
                .elements
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    convert(
                        item,
                        &crate::diagnostic::pointer_push(pointer, &index.to_string()),
                        diagnostics,
                    )
                })
                .collect();
            Node {
                span: span(array.range),
                kind: NodeKind::Array(items),
            }
        }
        ast::Value::Object(object) => {
            let mut members: Vec<Member> = Vec::with_capacity(object.properties.len());
            // A set, not a scan of `members`: a definition with 10,000 states has an object with
            // 10,000 keys, and a scan per key made reading it quadratic.
            let mut keys = BTreeSet::new();
            for property in &object.properties {
                let (key, key_range) = match &property.name {
                    ast::ObjectPropName::String(name) => (Arc::<str>::from(name.value.as_ref()), name.range),
                    ast::ObjectPropName::Word(word) => (Arc::<str>::from(word.value), word.range),
                };
                let member_pointer = crate::diagnostic::pointer_push(pointer, &key);
                if !keys.insert(key.clone()) {
                    diagnostics.push(Diagnostic::error(
                        "duplicate-key",
                        format!("duplicate key \"{key}\"; only one value can be kept, remove the other"),
                        &member_pointer,
                        span(key_range),
                    ));
                }
                let value = convert(&property.value, &member_pointer, diagnostics);
                members.push(Member {
                    key,
                    key_span: span(key_range),
                    value,
                });
            }
            Node {
                span: span(object.range),
                kind: NodeKind::Object(members),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_and_value_spans() {
        let text = r#"{"a": [1, "x"]}"#;
        let (node, diagnostics) = parse(text);
        assert!(diagnostics.is_empty());
        let member = node.unwrap().member("a").unwrap().clone();
        assert_eq!(&text[member.key_span.start..member.key_span.end], "\"a\"");
        assert_eq!(&text[member.value.span.start..member.value.span.end], "[1, \"x\"]");
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let text = "{\n  \"a\": 1,\n}";
        let (node, diagnostics) = parse(text);
        assert!(node.is_none());
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].span.start >= 10, "{:?}", diagnostics[0]);
    }

    #[test]
    fn rejects_deep_nesting_without_recursing() {
        let text = "[".repeat(100_000);
        let (node, diagnostics) = parse(&text);
        assert!(node.is_none());
        assert!(diagnostics[0].message.contains("nesting"));
    }

    #[test]
    fn rejects_control_characters_in_strings() {
        for (text, offset) in [("{\"a\": \"x\ny\"}", 8), ("[\"\\\"\t\"]", 4), ("{\"k\u{1}\": 1}", 3)] {
            let (_, diagnostics) = parse(text);
            assert_eq!(diagnostics.len(), 1, "{text:?}");
            assert_eq!(diagnostics[0].span.start, offset, "{text:?}");
        }
        assert!(parse("{\"a\": \"x\\ny\"}").1.is_empty());
    }

    #[test]
    fn explains_common_mistakes() {
        let message = |text: &str| parse(text).1.remove(0).message;
        assert_eq!(
            message("[NaN]"),
            "NaN is not a JSON number; use a number, null or a string"
        );
        assert_eq!(
            message("[010]"),
            "a JSON number cannot start with 0 followed by more digits; drop the leading zeros"
        );
        assert!(parse("[1.0, 0, 0.5, 10, -0]").1.is_empty());
        assert_eq!(
            message("{\"a\": None}"),
            "None is not a JSON value; JSON spells them true, false and null, in lower case"
        );
    }

    #[test]
    fn reports_duplicate_keys() {
        let (_, diagnostics) = parse(r#"{"a": 1, "a": 2}"#);
        assert_eq!(diagnostics[0].code, "duplicate-key");
    }
}
