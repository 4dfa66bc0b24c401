//! `paths`: an even first byte builds a path and a document from a grammar; an odd one reads a
//! path text and a JSON document separated by a NUL byte. The path is parsed as a path and as a
//! reference path, evaluated, and written through.

use asl::Value;
use asl::path::{Env, Path};

use super::bytes::Bytes;
use super::grammar::Grammar;

/// An environment with a context object and one variable, so `$$` and `$v` paths find something.
pub struct FuzzEnv {
    pub context: Value,
    pub variable: Value,
}

impl Env for FuzzEnv {
    fn context(&self) -> Value {
        self.context.clone()
    }
    fn variable(&self, name: &str) -> Option<Value> {
        (name == "v").then(|| self.variable.clone())
    }
}

const SEGMENTS: &[&str] = &[
    ".a",
    ".b",
    "['a']",
    "['x y']",
    "[0]",
    "[-1]",
    "[1]",
    "[*]",
    ".*",
    "..a",
    "..*",
    "[0,1]",
    "['a','b']",
    "[0:2]",
    "[::-1]",
    "[1:]",
    "[:-1]",
    "[0:9223372036854775807:2]",
    "[-9223372036854775808]",
    "[?(@.a)]",
    "[?(@ > 1)]",
    "[?(@.a == 'x')]",
    "[?(@.a != 1 && @.b < 2.5)]",
    "[?(!(@.a) || $.b)]",
    "[?(@.a >= $.b)]",
    ".length()",
    ".é",
    "[9223372036854775807]",
    "[ 0 ]",
    "[?(@)]",
    ".",
    "[",
    "]",
    "..",
    "[?(",
    "'",
    "\\",
];

/// Parses a path both as a path and as a reference path, evaluates it, and writes through it.
pub fn paths(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let (text, document) = if bytes.byte().is_multiple_of(2) {
        let mut text = bytes.pick(&["$", "$$", "$v", "$.", "@", ""]).to_owned();
        for _ in 0..bytes.below(6) {
            text.push_str(bytes.pick(SEGMENTS));
        }
        let mut grammar = Grammar {
            bytes,
            depth: 0,
            task_names: Vec::new(),
        };
        let document = grammar.document(4).to_string();
        (text, document)
    } else {
        (bytes.until_nul(), bytes.rest())
    };
    check_path(&text, &document);
}

pub fn check_path(text: &str, document: &str) {
    let document = Value::from_json(document).unwrap_or_else(|_| Value::object_from([("a", Value::from_i64(1))]));
    let env = FuzzEnv {
        context: Value::object_from([("Execution", document.clone())]),
        variable: document.clone(),
    };
    let path = Path::parse(text);
    let reference = Path::parse_reference(text);
    for error in [path.as_ref().err(), reference.as_ref().err()].into_iter().flatten() {
        assert!(error.offset <= text.len(), "{error:?} past the end of {text:?}");
        assert!(!error.message.is_empty());
    }
    if let Ok(reference) = &reference {
        assert!(reference.is_definite(), "a reference path is definite: {text:?}");
        assert!(path.is_ok(), "a reference path is a path: {text:?}");
    }
    if let Ok(path) = &path {
        assert_eq!(path.text(), text);
        let result = path.evaluate(&document, &env);
        if !path.is_definite() {
            assert!(
                result.as_ref().is_none_or(|value| value.as_array().is_some()),
                "an indefinite path gives an array: {text:?}"
            );
        }
        // Parsing the path's own text again gives the same path.
        assert_eq!(Path::parse(path.text()).as_ref(), Ok(path));
    }
    if let Ok(reference) = &reference
        && *reference.root() == asl::path::Root::Input
        && let Ok(written) = reference.write(&document, Value::string("written"))
    {
        // What was written reads back through the same path.
        assert_eq!(
            reference.evaluate(&written, &env),
            Some(Value::string("written")),
            "{text:?} on {}",
            document.to_json()
        );
    }
}
