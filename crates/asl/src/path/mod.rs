//! JSONPath as Amazon States Language uses it, compiled once at load.
//!
//! Two flavours (ASL spec, "Paths" and "Reference Paths"):
//! - a **path** may use `*`, `..`, unions, slices and filters; a definite path (only names and
//!   indices) yields one value or nothing, an indefinite one yields an array of all matches;
//! - a **reference path** (ResultPath, Choice `Variable`, …) names one node: only `.name`,
//!   `['name']` and `[index]`.
//!
//! A path starts at `$` (the state's input), `$$` (the context object) or `$name` (a variable).
//! Evaluation borrows from the document and clones only the `Arc` of what it returns.

use std::fmt;
use std::sync::Arc;

use crate::value::{Map, Value};

mod parse;

/// Deepest parenthesis nesting accepted inside a filter expression.
const MAX_FILTER_DEPTH: usize = 32;

#[derive(Clone, Debug, PartialEq)]
pub enum Root {
    /// `$`: the document the path is applied to (a state's input, a task's result, …).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable.
    Variable(Arc<str>),
}

#[derive(Clone, Debug, PartialEq)]
enum Segment {
    Field(Arc<str>),
    Index(i64),
    Wildcard,
    RecursiveField(Arc<str>),
    RecursiveWildcard,
    Fields(Vec<Arc<str>>),
    Indices(Vec<i64>),
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: i64,
    },
    Filter(Box<Filter>),
    Length,
}

#[derive(Clone, Debug, PartialEq)]
enum Filter {
    Or(Box<Filter>, Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Exists(Operand),
    Compare(Operand, CompareOp, Operand),
}

#[derive(Clone, Debug, PartialEq)]
enum Operand {
    /// `@` followed by definite segments: the current node.
    Current(Vec<Segment>),
    /// `$…`: the document root.
    Root(Vec<Segment>),
    Literal(Value),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A compiled path. Invariant: `segments` parse back from `text`; `definite` is true exactly
/// when every segment is a name or an index.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    text: Arc<str>,
    root: Root,
    segments: Vec<Segment>,
    definite: bool,
}

/// Why a path does not compile: a message and the byte offset in the path text.
#[derive(Clone, Debug, PartialEq)]
pub struct PathError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

/// Where a path's roots come from when it is evaluated.
pub trait Env {
    /// The context object (`$$`), built on demand.
    fn context(&self) -> Value;
    /// A variable's value, or `None` when it was never assigned.
    fn variable(&self, name: &str) -> Option<Value>;
}

/// An environment with no context object and no variables (tests, static checks).
pub struct NoEnv;

impl Env for NoEnv {
    fn context(&self) -> Value {
        Value::empty_object()
    }
    fn variable(&self, _name: &str) -> Option<Value> {
        None
    }
}

impl Path {
    /// Compiles a path (wildcards, filters and slices allowed).
    pub fn parse(text: &str) -> Result<Path, PathError> {
        parse::parse(text)
    }

    /// Compiles a reference path: one node, named by fields and indices only.
    pub fn parse_reference(text: &str) -> Result<Path, PathError> {
        let path = Path::parse(text)?;
        if !path.definite {
            let offset = text
                .find(['*', '?', '@', ',', ':'])
                .or_else(|| text.find(".."))
                .unwrap_or(0);
            return Err(PathError {
                offset,
                message: format!(
                    "\"{text}\" is not a reference path: it may only use .name, ['name'] and [index], not * .. , : ? @ or functions"
                ),
            });
        }
        Ok(path)
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn root(&self) -> &Root {
        &self.root
    }

    pub fn is_definite(&self) -> bool {
        self.definite
    }

    /// The first field name a `$`-rooted path reads (`orderId` for `$.orderId.total`), for lints
    /// that ask which parts of a state's input a later state needs.
    pub fn first_input_field(&self) -> Option<&str> {
        match (&self.root, self.segments.first()) {
            (Root::Input, Some(Segment::Field(name))) => Some(name),
            _ => None,
        }
    }

    /// True for `$` alone.
    pub fn is_identity(&self) -> bool {
        self.root == Root::Input && self.segments.is_empty()
    }

    /// Whether `find` applies: a definite path from `$`.
    pub fn is_definite_in_input(&self) -> bool {
        self.definite && self.root == Root::Input
    }

    /// What a definite `$` path (`is_definite_in_input`) selects in `input`, borrowed: a
    /// Choice rule only reads it, and a clone and drop of a shared value are two atomic
    /// operations.
    pub fn find<'v>(&self, input: &'v Value) -> Option<&'v Value> {
        self.segments
            .iter()
            .try_fold(input, |current, segment| step_definite(current, segment))
    }

    /// Evaluates against `input` (the `$` document). A definite path gives its value or `None`;
    /// an indefinite one gives an array of every match.
    pub fn evaluate(&self, input: &Value, env: &dyn Env) -> Option<Value> {
        let owned;
        let root = match &self.root {
            Root::Input => input,
            Root::Context => {
                owned = env.context();
                &owned
            }
            Root::Variable(name) => {
                owned = env.variable(name)?;
                &owned
            }
        };
        if self.definite {
            let mut current = root;
            for segment in &self.segments {
                current = step_definite(current, segment)?;
            }
            return Some(current.clone());
        }
        let mut matches: Vec<Value> = vec![root.clone()];
        for segment in &self.segments {
            let mut next = Vec::new();
            for node in &matches {
                apply(segment, node, root, &mut next);
            }
            matches = next;
        }
        Some(Value::array(matches))
    }

    /// Why this path selects nothing from `input`, in the words of the JSONPath library AWS
    /// runs (Jayway): `No results for path: $['a']['b']` when only the last step is missing,
    /// `Missing property in path $['a']` when an earlier one is (naming the steps up to it).
    pub fn missing_detail(&self, input: &Value) -> String {
        if self.root != Root::Input || !self.definite {
            return format!("No results for path: {}", self.text);
        }
        let mut bracketed = String::from("$");
        let mut current = input;
        for (index, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Field(name) => {
                    bracketed.push_str("['");
                    bracketed.push_str(name);
                    bracketed.push_str("']");
                }
                Segment::Index(at) => bracketed.push_str(&format!("[{at}]")),
                _ => {}
            }
            match step_definite(current, segment) {
                Some(next) => current = next,
                None if index + 1 == self.segments.len() => return format!("No results for path: {bracketed}"),
                None => return format!("Missing property in path {bracketed}"),
            }
        }
        format!("No results for path: {bracketed}")
    }

    /// Writes `result` into `document` at this reference path, creating missing objects on the
    /// way (ASL ResultPath). Only the spine of the path is copied.
    pub fn write(&self, document: &Value, result: Value) -> Result<Value, String> {
        let mut res = document.clone();
        write_into(&mut res, &self.segments, result, &self.text)?;
        Ok(res)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.text)
    }
}

fn write_into(node: &mut Value, segments: &[Segment], result: Value, text: &str) -> Result<(), String> {
    let Some((first, rest)) = segments.split_first() else {
        *node = result;
        return Ok(());
    };
    match first {
        Segment::Field(name) => {
            if node.is_null() && !rest.is_empty() {
                *node = Value::empty_object();
            }
            let Value::Object(map) = node else {
                return Err(format!(
                    "unable to apply ResultPath \"{text}\": the field \"{name}\" cannot be set on {} {}",
                    article(node.type_name()),
                    node.type_name()
                ));
            };
            let map = Arc::make_mut(map);
            if rest.is_empty() {
                map.insert(name.clone(), result);
                return Ok(());
            }
            let child = map.get_or_insert_with(name, Value::empty_object);
            if !matches!(child, Value::Object(_) | Value::Array(_)) {
                *child = Value::empty_object();
            }
            write_into(child, rest, result, text)
        }
        Segment::Index(index) => {
            let Value::Array(items) = node else {
                return Err(format!(
                    "unable to apply ResultPath \"{text}\": [{index}] needs an array"
                ));
            };
            let items = Arc::make_mut(items);
            let position = resolve_index(*index, items.len())
                .ok_or_else(|| format!("unable to apply ResultPath \"{text}\": index {index} is outside the array"))?;
            write_into(&mut items[position], rest, result, text)
        }
        _ => Err(format!("\"{text}\" is not a reference path")),
    }
}

fn article(type_name: &str) -> &'static str {
    if type_name.starts_with(['a', 'o']) { "an" } else { "a" }
}

fn resolve_index(index: i64, len: usize) -> Option<usize> {
    let resolved = if index < 0 { len as i64 + index } else { index };
    (0..len as i64).contains(&resolved).then_some(resolved as usize)
}

fn step_definite<'v>(node: &'v Value, segment: &Segment) -> Option<&'v Value> {
    match segment {
        Segment::Field(name) => node.as_object()?.get(name),
        Segment::Index(index) => {
            let items = node.as_array()?;
            items.get(resolve_index(*index, items.len())?)
        }
        _ => None,
    }
}

fn apply(segment: &Segment, node: &Value, root: &Value, out: &mut Vec<Value>) {
    match segment {
        Segment::Field(_) | Segment::Index(_) => {
            if let Some(found) = step_definite(node, segment) {
                out.push(found.clone());
            }
        }
        Segment::Wildcard => match node {
            Value::Array(items) => out.extend(items.iter().cloned()),
            Value::Object(map) => out.extend(map.values().cloned()),
            _ => {}
        },
        Segment::Fields(names) => {
            if let Value::Object(map) = node {
                out.extend(names.iter().filter_map(|name| map.get(name).cloned()));
            }
        }
        Segment::Indices(indices) => {
            if let Value::Array(items) = node {
                out.extend(
                    indices
                        .iter()
                        .filter_map(|index| resolve_index(*index, items.len()).map(|at| items[at].clone())),
                );
            }
        }
        Segment::Slice { start, end, step } => {
            if let Value::Array(items) = node {
                slice(items, *start, *end, *step, out);
            }
        }
        Segment::RecursiveField(_) | Segment::RecursiveWildcard => {
            // Iterative pre-order walk: documents can be deep and the stack is not.
            let mut stack = vec![node];
            while let Some(current) = stack.pop() {
                match segment {
                    Segment::RecursiveField(name) => {
                        if let Some(found) = current.get(name) {
                            out.push(found.clone());
                        }
                    }
                    _ => match current {
                        Value::Array(items) => out.extend(items.iter().cloned()),
                        Value::Object(map) => out.extend(map.values().cloned()),
                        _ => {}
                    },
                }
                match current {
                    Value::Array(items) => stack.extend(items.iter().rev()),
                    Value::Object(map) => stack.extend(map.values().rev()),
                    _ => {}
                }
            }
        }
        Segment::Filter(filter) => {
            let candidates: Vec<&Value> = match node {
                Value::Array(items) => items.iter().collect(),
                Value::Object(map) => map.values().collect(),
                _ => Vec::new(),
            };
            out.extend(
                candidates
                    .into_iter()
                    .filter(|item| filter_matches(filter, item, root))
                    .cloned(),
            );
        }
        Segment::Length => match node {
            Value::Array(items) => out.push(Value::from_i64(items.len() as i64)),
            Value::Object(map) => out.push(Value::from_i64(map.len() as i64)),
            Value::String(text) => out.push(Value::from_i64(text.chars().count() as i64)),
            _ => {}
        },
    }
}

fn slice(items: &[Value], start: Option<i64>, end: Option<i64>, step: i64, out: &mut Vec<Value>) {
    let len = items.len() as i64;
    let clamp = |bound: i64| {
        if bound < 0 {
            (len + bound).max(0)
        } else {
            bound.min(len)
        }
    };
    let from = start.map_or(0, clamp);
    let to = end.map_or(len, clamp);
    let step = step.max(1);
    let mut index = from;
    while index < to {
        out.push(items[index as usize].clone());
        index += step;
    }
}

fn filter_matches(filter: &Filter, current: &Value, root: &Value) -> bool {
    match filter {
        Filter::Or(left, right) => filter_matches(left, current, root) || filter_matches(right, current, root),
        Filter::And(left, right) => filter_matches(left, current, root) && filter_matches(right, current, root),
        Filter::Not(inner) => !filter_matches(inner, current, root),
        Filter::Exists(operand) => operand_value(operand, current, root).is_some(),
        Filter::Compare(left, op, right) => {
            let (Some(left), Some(right)) = (operand_value(left, current, root), operand_value(right, current, root))
            else {
                return false;
            };
            compare(&left, *op, &right)
        }
    }
}

fn operand_value(operand: &Operand, current: &Value, root: &Value) -> Option<Value> {
    let (mut node, segments) = match operand {
        Operand::Literal(value) => return Some(value.clone()),
        Operand::Current(segments) => (current, segments),
        Operand::Root(segments) => (root, segments),
    };
    for segment in segments {
        node = step_definite(node, segment)?;
    }
    Some(node.clone())
}

fn compare(left: &Value, op: CompareOp, right: &Value) -> bool {
    let ordering = match (left, right) {
        (Value::Number(_), Value::Number(_)) => left.as_f64().partial_cmp(&right.as_f64()),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        _ => {
            return match op {
                CompareOp::Eq => left == right,
                CompareOp::Ne => left != right,
                _ => false,
            };
        }
    };
    let Some(ordering) = ordering else { return false };
    match op {
        CompareOp::Eq => ordering.is_eq(),
        CompareOp::Ne => ordering.is_ne(),
        CompareOp::Lt => ordering.is_lt(),
        CompareOp::Le => ordering.is_le(),
        CompareOp::Gt => ordering.is_gt(),
        CompareOp::Ge => ordering.is_ge(),
    }
}

/// Builds an object in which `pairs` are the only members (for error outputs and the like).
pub fn object_of(pairs: Vec<(&str, Value)>) -> Value {
    let mut map = Map::with_capacity(pairs.len());
    for (key, value) in pairs {
        map.insert(Arc::from(key), value);
    }
    Value::object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(path: &str, document: &str) -> String {
        let document = Value::from_json(document).unwrap();
        match Path::parse(path) {
            Ok(path) => path
                .evaluate(&document, &NoEnv)
                .map_or("<none>".to_owned(), |value| value.to_json()),
            Err(error) => format!("error at {}: {}", error.offset, error.message),
        }
    }

    #[test]
    fn says_what_is_missing_as_jayway_does() {
        let missing = |path: &str, document: &str| {
            Path::parse(path)
                .unwrap()
                .missing_detail(&Value::from_json(document).unwrap())
        };
        assert_eq!(missing("$.a", "{}"), "No results for path: $['a']");
        assert_eq!(missing("$.a.b.c", "{}"), "Missing property in path $['a']");
        assert_eq!(
            missing("$.a.b.c", r#"{"a":{}}"#),
            "Missing property in path $['a']['b']"
        );
        assert_eq!(missing("$.a[1]", r#"{"a":[0]}"#), "No results for path: $['a'][1]");
        assert_eq!(missing("$['x y']", "{}"), "No results for path: $['x y']");
        // A bracket name escapes only its quote and the backslash.
        let doc = r#"{"a\\\"b":1,"it's":2,"c\\d":3}"#;
        assert_eq!(check(r#"$['a\"b']"#, doc), "1");
        assert_eq!(check(r#"$['it\'s']"#, doc), "2");
        assert_eq!(check(r#"$['c\\d']"#, doc), "3");
    }

    #[test]
    fn definite_paths() {
        let doc = r#"{"a":{"b":[10,20,{"c d":true}]},"x-y":1}"#;
        assert_eq!(check("$", doc), doc);
        assert_eq!(check("$.a.b[1]", doc), "20");
        assert_eq!(check("$.a.b[-1]['c d']", doc), "true");
        assert_eq!(check("$.x-y", doc), "1");
        assert_eq!(check("$.missing", doc), "<none>");
        assert_eq!(check("$.a.b[7]", doc), "<none>");
    }

    #[test]
    fn indefinite_paths() {
        let doc = r#"{"items":[{"id":1,"p":5},{"id":2,"p":15},{"id":3}]}"#;
        assert_eq!(check("$.items[*].id", doc), "[1,2,3]");
        assert_eq!(check("$..id", doc), "[1,2,3]");
        assert_eq!(check("$.items[?(@.p > 10)].id", doc), "[2]");
        assert_eq!(check("$.items[?(@.p)].id", doc), "[1,2]");
        assert_eq!(check("$.items[0:2].id", doc), "[1,2]");
        assert_eq!(check("$.items[0,2].id", doc), "[1,3]");
        assert_eq!(check("$.nothing[*]", doc), "[]");
    }

    #[test]
    fn rejects_malformed_paths() {
        assert!(check("a.b", "{}").starts_with("error at 0"));
        assert!(check("$.a[", "{}").starts_with("error"));
        assert!(check("$.", "{}").starts_with("error"));
        assert!(Path::parse_reference("$.a[*]").is_err());
        assert!(Path::parse_reference("$..a").is_err());
        assert!(Path::parse_reference("$.a['b'][0]").is_ok());
    }

    #[test]
    fn writes_create_intermediate_objects() {
        let document = Value::from_json(r#"{"x":1}"#).unwrap();
        let path = Path::parse_reference("$.a.b").unwrap();
        let res = path.write(&document, Value::from_i64(5)).unwrap();
        assert_eq!(res.to_json(), r#"{"x":1,"a":{"b":5}}"#);
        assert_eq!(document.to_json(), r#"{"x":1}"#, "the original is untouched");
        assert!(path.write(&Value::from("s"), Value::Null).is_err());
    }
}
