//! JSONata, the second query language (`"QueryLanguage": "JSONata"`).
//!
//! The core does not evaluate JSONata itself: AWS runs the reference implementation (jsonata
//! 2.0.6, JavaScript, asynchronous), and so do our hosts. What lives here is everything around
//! it that must behave the same in every host:
//! - `Jx`, a field's value compiled once at load: literals stay prebuilt shared values and each
//!   `{% … %}` string becomes an expression slot, listed in document order;
//! - the checks AWS makes at load (where `$states.result` and `$states.errorOutput` may be read),
//!   plus the host's syntax check through [`SyntaxChecker`], reported inside the string;
//! - [`call_function`], the functions Step Functions adds to JSONata (`$partition`, `$range`,
//!   `$hash`, `$random`, `$uuid`, `$parse`), which both hosts call back into;
//! - [`Evaluator`], how a synchronous host answers an `EvaluationRequest`.
//!
//! An execution asks its host to evaluate expressions the way it asks for task results
//! (`Step::EvaluationRequested`), so a host whose engine is asynchronous (the browser) answers
//! later, and one with a synchronous engine (the CLI) answers at once.

pub(crate) mod names;

use std::sync::Arc;

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

use crate::diagnostic::{Diagnostic, Suggestion, closest, pointer_push};
use crate::intrinsics;
use crate::syntax::{Node, NodeKind};
use crate::template::{exact_inner_span, inner_span};
use crate::value::{Map, Value};

/// The answer to one expression: its value, `None` when it evaluated to nothing (JSONata's
/// `undefined`), or the engine's error message.
pub type Answer = Result<Option<Value>, String>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EvaluationId(pub u64);

/// JSONata expressions a state needs evaluated: answer with `complete_evaluation(id, answers)`,
/// one answer per expression, in order.
#[derive(Clone, Debug)]
pub struct EvaluationRequest {
    pub id: EvaluationId,
    pub state_name: Arc<str>,
    /// The text between `{%` and `%}` of each expression.
    pub expressions: Vec<Arc<str>>,
    /// What the expressions may read, by name without `$`: `states` (`input`, `context`, and
    /// `result` or `errorOutput` where they exist) and the variables in scope that the
    /// expressions mention.
    pub bindings: Value,
    /// Seeds `$random()` and `$uuid()` (see `jsonata::call_function`).
    pub seed: u64,
    /// The virtual clock, for `$now()` and `$millis()` (milliseconds since the Unix epoch).
    pub now: i64,
}

impl EvaluationRequest {
    /// The request as the JSONata host glue (`web/src/jsonata-host.js`) reads it. The seed is a
    /// string: JavaScript numbers cannot hold every u64.
    pub fn to_host_json(&self) -> String {
        let expressions = Value::array(
            self.expressions
                .iter()
                .map(|text| Value::String(text.clone()))
                .collect(),
        );
        Value::object_from([
            ("expressions", expressions),
            ("bindings", self.bindings.clone()),
            ("seed", Value::from(self.seed.to_string())),
            ("now", Value::from_i64(self.now)),
        ])
        .to_json()
    }
}

/// The functions Step Functions adds to JSONata, without their `$`.
pub const FUNCTIONS: &[&str] = &["partition", "range", "hash", "random", "uuid", "parse"];

/// The fields of `$states`.
const STATES_FIELDS: &[&str] = &["input", "result", "errorOutput", "context"];

/// The text between `{%` and `%}` when `text` is a JSONata expression string.
pub fn expression_body(text: &str) -> Option<&str> {
    text.strip_prefix("{%")?.strip_suffix("%}")
}

/// A syntax error found by a host's JSONata parser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where jsonata reported it: UTF-16 code units from the start of the expression, just past
    /// the offending token.
    pub position: usize,
    /// jsonata's error code, such as `S0207`.
    pub code: String,
    pub message: String,
}

/// Parses JSONata expressions (jsonata's `jsonata(text)`, which is synchronous in every host).
pub trait SyntaxChecker {
    fn check(&self, expression: &str) -> Result<(), SyntaxError>;
}

/// A synchronous JSONata engine: answers every expression of a request, in order.
pub trait Evaluator {
    fn evaluate(&mut self, request: &EvaluationRequest) -> Vec<Answer>;
}

/// A host's whole JSONata engine: parser and evaluator.
pub trait Engine: Evaluator + SyntaxChecker {}

impl<T: Evaluator + SyntaxChecker> Engine for T {}

/// For hosts without an engine: every expression fails with a message that says so.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoEngine;

impl SyntaxChecker for NoEngine {
    fn check(&self, _expression: &str) -> Result<(), SyntaxError> {
        Ok(())
    }
}

impl Evaluator for NoEngine {
    fn evaluate(&mut self, request: &EvaluationRequest) -> Vec<Answer> {
        request
            .expressions
            .iter()
            .map(|_| Err("this host has no JSONata engine".to_owned()))
            .collect()
    }
}

/// Which parts of `$states` a field may read, beyond `input` and `context`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatesAccess {
    /// `$states.result`: Output and Assign of Task, Parallel and Map states.
    pub result: bool,
    /// `$states.errorOutput`: Output and Assign of a catcher.
    pub error_output: bool,
}

/// A field of a JSONata state, compiled: a JSON value whose `{% … %}` strings are expressions.
#[derive(Clone, Debug)]
pub struct Jx {
    root: JxNode,
    /// Every expression, in the order evaluation consumes answers.
    sources: Arc<[Arc<str>]>,
    /// Where each expression sits, for error causes (`Output/total`).
    fields: Arc<[Arc<str>]>,
    /// Names after `$` in the expressions (variables, if assigned; also functions and `states`).
    names: Arc<[Arc<str>]>,
}

#[derive(Clone, Debug)]
enum JxNode {
    Literal(Value),
    Expression(usize),
    Object(Vec<(Arc<str>, JxNode)>),
    Array(Vec<JxNode>),
}

impl Jx {
    /// A field given as a plain value (no expression).
    pub fn literal(value: Value) -> Jx {
        Jx {
            root: JxNode::Literal(value),
            sources: Arc::from([]),
            fields: Arc::from([]),
            names: Arc::from([]),
        }
    }

    /// The expressions, in evaluation order.
    pub fn sources(&self) -> &[Arc<str>] {
        &self.sources
    }

    /// The field path of each expression (`Output/total`).
    pub fn fields(&self) -> &[Arc<str>] {
        &self.fields
    }

    /// The names this field may read as variables.
    pub fn names(&self) -> &[Arc<str>] {
        &self.names
    }

    /// The whole value when it holds no expression.
    pub fn as_literal(&self) -> Option<&Value> {
        match &self.root {
            JxNode::Literal(value) => Some(value),
            _ => None,
        }
    }

    /// A short text for drawings and messages: the expression when the field is one.
    pub fn summary(&self) -> String {
        match &self.root {
            JxNode::Expression(index) => self.sources[*index].trim().to_owned(),
            JxNode::Literal(value) => value.to_json(),
            _ => "{…}".to_owned(),
        }
    }

    /// Builds the value from the answers to `sources()`, in order. `Err` holds the field that
    /// failed and the cause of the `States.QueryEvaluationError`.
    pub fn build(&self, answers: &[Answer]) -> Result<Value, (Arc<str>, String)> {
        build(&self.root, answers, self)
    }
}

/// What the host glue (`web/src/jsonata-host.js`) answers for an expression that gives a
/// function: AWS calls that "an unsupported result type".
pub const FUNCTION_RESULT: &str = "the expression gave a function, which JSON cannot hold";

/// An engine error as AWS words it in a cause: `T1006: Attempted to invoke a non-function`,
/// without the position the glue adds (`T1006 at position 14: …`).
fn aws_error_text(message: &str) -> String {
    if let Some((head, rest)) = message.split_once(": ")
        && let Some((code, _)) = head.split_once(" at position ")
    {
        return format!("{code}: {rest}");
    }
    message.to_owned()
}

fn build(node: &JxNode, answers: &[Answer], jx: &Jx) -> Result<Value, (Arc<str>, String)> {
    match node {
        JxNode::Literal(value) => Ok(value.clone()),
        JxNode::Expression(index) => {
            let source = jx.sources[*index].trim();
            let field = &jx.fields[*index];
            let cause = match answers.get(*index) {
                Some(Ok(Some(value))) => return Ok(value.clone()),
                Some(Ok(None)) => {
                    format!(
                        "The JSONata expression '{source}' specified for the field '{field}' returned nothing (undefined)."
                    )
                }
                Some(Err(message)) if message == FUNCTION_RESULT => {
                    format!(
                        "The JSONata expression '{source}' specified for the field '{field}' returned an unsupported result type."
                    )
                }
                Some(Err(message)) => format!(
                    "The JSONata expression '{source}' specified for the field '{field}' threw an error during evaluation. {}",
                    aws_error_text(message)
                ),
                None => format!("no answer for the JSONata expression '{source}'"),
            };
            Err((field.clone(), cause))
        }
        JxNode::Object(members) => {
            let mut map = Map::new();
            for (key, value) in members {
                map.insert(key.clone(), build(value, answers, jx)?);
            }
            Ok(Value::object(map))
        }
        JxNode::Array(items) => {
            let mut res = Vec::with_capacity(items.len());
            for item in items {
                res.push(build(item, answers, jx)?);
            }
            Ok(Value::array(res))
        }
    }
}

/// Compiles a field of a JSONata state. Diagnostics for expressions point inside their string.
pub fn compile(
    node: &Node,
    pointer: &str,
    field: &str,
    access: StatesAccess,
    syntax: Option<&dyn SyntaxChecker>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Jx {
    let mut compiler = Compiler {
        access,
        syntax,
        diagnostics,
        sources: Vec::new(),
        fields: Vec::new(),
        names: Vec::new(),
    };
    let root = compiler.node(node, pointer, field);
    Jx {
        root,
        sources: compiler.sources.into(),
        fields: compiler.fields.into(),
        names: compiler.names.into(),
    }
}

struct Compiler<'a> {
    access: StatesAccess,
    syntax: Option<&'a dyn SyntaxChecker>,
    diagnostics: &'a mut Vec<Diagnostic>,
    sources: Vec<Arc<str>>,
    fields: Vec<Arc<str>>,
    names: Vec<Arc<str>>,
}

impl Compiler<'_> {
    fn node(&mut self, node: &Node, pointer: &str, field: &str) -> JxNode {
        if !has_expression(node) {
            return JxNode::Literal(node.to_value());
        }
        match &node.kind {
            NodeKind::String(text) => match expression_body(text) {
                Some(body) => self.expression(node, body, pointer, field),
                None => JxNode::Literal(node.to_value()),
            },
            NodeKind::Object(members) => JxNode::Object(
                members
                    .iter()
                    .map(|member| {
                        let member_field = format!("{field}/{}", member.key);
                        let value = self.node(&member.value, &pointer_push(pointer, &member.key), &member_field);
                        (member.key.clone(), value)
                    })
                    .collect(),
            ),
            NodeKind::Array(items) => JxNode::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        let index = index.to_string();
                        self.node(item, &pointer_push(pointer, &index), &format!("{field}/{index}"))
                    })
                    .collect(),
            ),
            _ => JxNode::Literal(node.to_value()),
        }
    }

    fn expression(&mut self, node: &Node, body: &str, pointer: &str, field: &str) -> JxNode {
        if body.trim().is_empty() {
            self.diagnostics.push(Diagnostic::error(
                "invalid-jsonata",
                format!("the JSONata expression in \"{field}\" is empty; write one between {{% and %}}"),
                pointer,
                node.span,
            ));
        } else if let Some(syntax) = self.syntax
            && let Err(error) = syntax.check(body)
        {
            let offset = 2 + utf16_to_byte(body, error.position.saturating_sub(1));
            self.diagnostics.push(Diagnostic::error(
                "invalid-jsonata",
                format!(
                    "JSONata syntax error in \"{field}\" ({}): {}",
                    error.code, error.message
                ),
                pointer,
                inner_span(node, offset),
            ));
        }
        self.check_states(node, body, pointer, field);
        for (_, name) in names::variable_names(body) {
            if !self.names.iter().any(|known| **known == *name) {
                self.names.push(Arc::from(name));
            }
        }
        self.sources.push(Arc::from(body));
        self.fields.push(Arc::from(field));
        JxNode::Expression(self.sources.len() - 1)
    }

    /// `$states.result` and `$states.errorOutput` exist only in some fields (AWS rejects the
    /// definition otherwise); any other `$states.x` is a typo.
    fn check_states(&mut self, node: &Node, body: &str, pointer: &str, field: &str) {
        let mut search = 0;
        while let Some(found) = body[search..].find("$states") {
            let start = search + found;
            search = start + "$states".len();
            let rest = &body[search..];
            let after_dot = rest.trim_start();
            let Some(member) = after_dot.strip_prefix('.') else {
                continue;
            };
            let member = member.trim_start();
            let name: String = member
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let offset = 2 + start;
            let name_offset = 2 + body.len() - member.len();
            let mut suggestion = None;
            let problem = match name.as_str() {
                "input" | "context" | "" => None,
                "result" if self.access.result => None,
                "result" => Some(format!(
                    "$states.result is not available in \"{field}\": only Output and Assign of a Task, Parallel or Map state can read the result"
                )),
                "errorOutput" if self.access.error_output => None,
                "errorOutput" => Some(format!(
                    "$states.errorOutput is not available in \"{field}\": only Output and Assign of a catcher can read the error"
                )),
                other => {
                    let close = closest(other, STATES_FIELDS.iter().copied());
                    suggestion = close
                        .zip(exact_inner_span(node, name_offset, other.len()))
                        .map(|(close, span)| Suggestion {
                            span,
                            replacement: close.to_owned(),
                        });
                    let hint = close
                        .map(|close| format!("; did you mean $states.{close}?"))
                        .unwrap_or_else(|| "; it has input, context, result and errorOutput".to_owned());
                    Some(format!("$states has no field \"{other}\"{hint}"))
                }
            };
            if let Some(message) = problem {
                self.diagnostics.push(
                    Diagnostic::error("invalid-jsonata", message, pointer, inner_span(node, offset))
                        .with_suggestion(suggestion),
                );
            }
        }
    }
}

fn has_expression(node: &Node) -> bool {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::String(text) if expression_body(text).is_some() => return true,
            NodeKind::Object(members) => stack.extend(members.iter().map(|member| &member.value)),
            NodeKind::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    false
}

fn utf16_to_byte(text: &str, position: usize) -> usize {
    let mut units = 0;
    for (byte, c) in text.char_indices() {
        if units >= position {
            return byte;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Reads the answers of the host glue (`web/src/jsonata-host.js`): a JSON array with one
/// `{"value": v}`, `{"undefined": true}` or `{"error": "…"}` per expression.
pub fn answers_from_host_json(text: &str) -> Result<Vec<Answer>, String> {
    let Ok(Value::Array(items)) = Value::from_json(text) else {
        return Err(format!(
            "the JSONata host answered with something other than a JSON array: {text:.200}"
        ));
    };
    Ok(items
        .iter()
        .map(|item| {
            if let Some(value) = item.get("value") {
                Ok(Some(value.clone()))
            } else if let Some(error) = item.get("error") {
                Err(error.as_str().map_or_else(|| error.to_json(), str::to_owned))
            } else {
                Ok(None)
            }
        })
        .collect())
}

/// [`call_function`] for the host glue: arguments and answer as JSON text (`{"value": v}` or
/// `{"error": "…"}`), the seed as decimal text.
pub fn call_function_json(name: &str, args_json: &str, seed: &str, counter: u64) -> String {
    let args = match Value::from_json(args_json) {
        Ok(Value::Array(args)) => args,
        _ => return Value::object_from([("error", Value::from("the arguments are not a JSON array"))]).to_json(),
    };
    let seed = seed.parse::<u64>().unwrap_or(0);
    match call_function(name, &args, seed, counter) {
        Ok(value) => Value::object_from([("value", value)]).to_json(),
        Err(message) => Value::object_from([("error", Value::from(message))]).to_json(),
    }
}

/// Calls one of the functions Step Functions adds to JSONata (name without `$`). `seed` comes
/// from the evaluation request and `counter` counts the calls made for it, so `$random()` and
/// `$uuid()` are deterministic for an execution's seed.
pub fn call_function(name: &str, args: &[Value], seed: u64, counter: u64) -> Result<Value, String> {
    let arity = |min: usize, max: usize| -> Result<(), String> {
        if args.len() < min || args.len() > max {
            let expected = if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            };
            return Err(format!(
                "${name} takes {expected} argument{}, not {}",
                if max == 1 { "" } else { "s" },
                args.len()
            ));
        }
        Ok(())
    };
    let rng = || ChaCha8Rng::seed_from_u64(seed ^ counter.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let res = match name {
        "partition" => {
            arity(2, 2)?;
            let items = intrinsics::array_arg(args, 0)?;
            let size = intrinsics::int_arg(args, 1, "the chunk size")?;
            if size <= 0 {
                return Err(format!(
                    "$partition: the chunk size must be a positive integer, not {size}"
                ));
            }
            Value::array(
                items
                    .chunks(size as usize)
                    .map(|chunk| Value::array(chunk.to_vec()))
                    .collect(),
            )
        }
        "range" => {
            arity(3, 3)?;
            let start = intrinsics::int_arg(args, 0, "the start")?;
            let end = intrinsics::int_arg(args, 1, "the end")?;
            let step = intrinsics::int_arg(args, 2, "the step")?;
            let mut items = intrinsics::range(start, end, step).map_err(|message| format!("$range: {message}"))?;
            // A JSONata sequence of one value is that value: AWS's $range(1, 9, 9) gives 1, not
            // [1] (its recordings, test_array_jsonata).
            if items.len() == 1 {
                items.pop().unwrap_or(Value::Null)
            } else {
                Value::array(items)
            }
        }
        "hash" => {
            arity(2, 2)?;
            let data = intrinsics::string_arg(args, 0, "the data")?;
            if data.chars().count() > intrinsics::MAX_STRING_INPUT {
                return Err(format!(
                    "$hash: the input is longer than {} characters",
                    intrinsics::MAX_STRING_INPUT
                ));
            }
            let algorithm = intrinsics::string_arg(args, 1, "the algorithm")?;
            Value::from(intrinsics::hash(algorithm, data.as_bytes())?)
        }
        "random" => {
            arity(0, 1)?;
            let mut generator = match args.first() {
                Some(_) => ChaCha8Rng::seed_from_u64(intrinsics::int_arg(args, 0, "the seed")? as u64),
                None => rng(),
            };
            Value::from_f64((generator.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
        }
        "uuid" => {
            arity(0, 0)?;
            let mut generator = rng();
            let mut bytes = [0u8; 16];
            bytes[..8].copy_from_slice(&generator.next_u64().to_le_bytes());
            bytes[8..].copy_from_slice(&generator.next_u64().to_le_bytes());
            Value::from(intrinsics::uuid_v4(bytes))
        }
        "parse" => {
            arity(1, 1)?;
            let text = intrinsics::string_arg(args, 0, "the argument")?;
            Value::from_json(text).map_err(|error| format!("$parse: the string is not valid JSON: {error}"))?
        }
        other => return Err(format!("${other} is not a Step Functions function")),
    };
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: &str) -> Result<Value, String> {
        let Ok(Value::Array(args)) = Value::from_json(args) else {
            panic!("bad args")
        };
        call_function(name, &args, 7, 0)
    }

    #[test]
    fn functions_follow_their_intrinsic_twins() {
        assert_eq!(
            call("partition", "[[1,2,3,4,5],2]").unwrap().to_json(),
            "[[1,2],[3,4],[5]]"
        );
        assert_eq!(call("range", "[0,10,5]").unwrap().to_json(), "[0,5,10]");
        assert_eq!(call("range", "[3,1,-1]").unwrap().to_json(), "[3,2,1]");
        assert!(call("range", "[0,5000,1]").unwrap_err().contains("1000"));
        assert_eq!(
            call("hash", "[\"abc\",\"SHA-1\"]").unwrap().as_str(),
            Some("a9993e364706816aba3e25717850c26c9cd0d89d")
        );
        assert_eq!(call("parse", "[\"{\\\"a\\\":[1]}\"]").unwrap().to_json(), "{\"a\":[1]}");
        assert!(call("parse", "[\"{\"]").is_err());
        assert!(call("partition", "[[1],0]").is_err());
        assert!(call("uuid", "[1]").unwrap_err().contains("takes 0 arguments"));
    }

    #[test]
    fn random_is_seeded() {
        let first = call("random", "[]").unwrap().as_f64().unwrap();
        assert!((0.0..1.0).contains(&first));
        assert_eq!(call("random", "[]").unwrap().as_f64(), Some(first));
        assert_eq!(
            call("random", "[42]").unwrap(),
            call_function("random", &[Value::from_i64(42)], 1, 5).unwrap()
        );
        assert_ne!(call_function("uuid", &[], 7, 0), call_function("uuid", &[], 7, 1));
    }

    #[test]
    fn utf16_positions_map_to_bytes() {
        assert_eq!(utf16_to_byte("a€b", 2), "a€".len());
        assert_eq!(utf16_to_byte("ab", 9), 2);
    }
}
