//! `intrinsics`: an even first byte builds an intrinsic call and an input document from a
//! grammar; an odd one reads a call text and a JSON document separated by a NUL byte. The call
//! is parsed and evaluated twice with the same seed.

use asl::Value;

use super::bytes::Bytes;
use super::grammar::{Grammar, PATHS};
use super::paths::FuzzEnv;

const FUNCTIONS: &[&str] = &[
    "States.Format",
    "States.StringToJson",
    "States.JsonToString",
    "States.Array",
    "States.ArrayPartition",
    "States.ArrayContains",
    "States.ArrayRange",
    "States.ArrayGetItem",
    "States.ArrayLength",
    "States.ArrayUnique",
    "States.Base64Encode",
    "States.Base64Decode",
    "States.Hash",
    "States.JsonMerge",
    "States.MathRandom",
    "States.MathAdd",
    "States.StringSplit",
    "States.UUID",
    "States.Nope",
];

/// Parses and evaluates an intrinsic function call against a document.
pub fn intrinsics(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let (text, document) = if bytes.byte().is_multiple_of(2) {
        let mut grammar = Grammar {
            bytes,
            depth: 0,
            task_names: Vec::new(),
        };
        let text = grammar.call(0);
        let document = grammar.document(3).to_string();
        (text, document)
    } else {
        (bytes.until_nul(), bytes.rest())
    };
    check_intrinsic(&text, &document);
}

impl Grammar<'_> {
    pub(super) fn call(&mut self, depth: usize) -> String {
        let name = self.bytes.pick(FUNCTIONS);
        let n_args = self.bytes.below(5);
        let args: Vec<String> = (0..n_args).map(|_| self.argument(depth)).collect();
        format!("{name}({})", args.join(", "))
    }

    fn argument(&mut self, depth: usize) -> String {
        match self.bytes.below(if depth < 3 { 9 } else { 8 }) {
            0 => self.bytes.edgy_integer().to_string(),
            1 => self
                .bytes
                .pick(&[
                    "1.5",
                    "-0.0",
                    "1e308",
                    "1e400",
                    "9007199254740993",
                    "-9223372036854775809",
                    "0.1",
                ])
                .to_owned(),
            2 => self
                .bytes
                .pick(&[
                    "'x{}y'",
                    "'{}{}'",
                    "'\\{}'",
                    "'\\''",
                    "'a,b,,c'",
                    "','",
                    "''",
                    "'SHA-256'",
                    "'MD5'",
                    "'{\"a\":[1]}'",
                    "'aGVsbG8='",
                    "'é\u{1F600}'",
                    "'\\\\'",
                    "'{'",
                ])
                .to_owned(),
            3 | 4 => self.bytes.pick(PATHS).to_owned(),
            5 => self.bytes.pick(&["true", "false", "null"]).to_owned(),
            6 => self.bytes.pick(&["", "(", ")", ",", "'", "[1]", "{}"]).to_owned(),
            7 => self.bytes.pick(&["$", "$.n", "$.s", "$.items"]).to_owned(),
            _ => self.call(depth + 1),
        }
    }
}

pub fn check_intrinsic(text: &str, document: &str) {
    use rand_chacha::rand_core::SeedableRng;

    let document = Value::from_json(document).unwrap_or_else(|_| Value::object_from([("n", Value::from_i64(3))]));
    let env = FuzzEnv {
        context: Value::object_from([("Execution", document.clone())]),
        variable: document.clone(),
    };
    match asl::intrinsics::Call::parse(text) {
        Ok(call) => {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
            let first = call.evaluate(
                &document,
                &mut asl::intrinsics::EvalCtx {
                    env: &env,
                    rng: &mut rng,
                },
            );
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
            let second = call.evaluate(
                &document,
                &mut asl::intrinsics::EvalCtx {
                    env: &env,
                    rng: &mut rng,
                },
            );
            assert_eq!(
                first, second,
                "the same call, document and seed give the same result: {text:?}"
            );
            if let Err(cause) = first {
                assert!(!cause.is_empty());
            }
        }
        Err(error) => {
            assert!(error.offset <= text.len(), "{error:?} past the end of {text:?}");
            assert!(!error.message.is_empty());
        }
    }
}
