//! Lints that need more than the definition: what a run's history or a mock's code shows.
//!
//! The classic trap: a Catch or Retry expects `PaymentFailedError`, but the Lambda function
//! raises a generic exception whose *message* is that name. Python's
//! `raise Exception("PaymentFailedError")` reaches Step Functions as error `Exception`, and
//! JavaScript's `throw new Error("PaymentFailedError")` as `Error`: the name is only in the
//! Cause, so the Catch never fires. [`mock_code`] spots it in a mock's source before a run,
//! [`after_run`] in the errors a run's tasks failed with; both report on the `ErrorEquals`
//! entry that expected the name (code `error-name-in-message`, explained in
//! `machine::LINTS`). [`after_run`] also warns about payloads close to the 256 KiB quota.

use crate::diagnostic::{Diagnostic, Span, pointer_push};
use crate::history::{EventKind, HistoryEvent, Payload};
use crate::machine::Definition;
use crate::syntax::{self, Node};
use crate::value::Value;

/// Payloads above this many bytes (7/8 of the 256 KiB quota) are worth a warning.
pub const PAYLOAD_WARNING_BYTES: usize = 224 * 1024;
const PAYLOAD_LIMIT_BYTES: usize = 256 * 1024;

/// The language of a mock's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeLanguage {
    JavaScript,
    Python,
}

impl CodeLanguage {
    /// The language a mocks text is written in, or `None` for JSON mocks: a JavaScript module
    /// exports its functions, a Python module defines handlers.
    pub fn guess(source: &str) -> Option<CodeLanguage> {
        let trimmed = source.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('{') {
            None
        } else if source.contains("export default") || source.contains("module.exports") || source.contains("=>") {
            Some(CodeLanguage::JavaScript)
        } else if source.contains("def ") || source.contains("import ") || trimmed.starts_with('#') {
            Some(CodeLanguage::Python)
        } else {
            None
        }
    }
}

/// A warning about a mock's code: `span` is in the code; `diagnostic` is the same warning on the
/// definition, at the `ErrorEquals` entry that expects the error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeWarning {
    pub span: Span,
    pub diagnostic: Diagnostic,
}

/// An error name that a Retry or Catch expects, where it is written.
struct Expected {
    name: String,
    /// The pointer of the state whose Retry or Catch it is.
    state_pointer: String,
    state_name: String,
    pointer: String,
    span: Span,
    /// "Catch" or "Retry".
    field: &'static str,
}

fn expected_names(definition: &Definition, root: Option<&Node>) -> Vec<Expected> {
    let mut res = Vec::new();
    for (_, state) in definition.states() {
        let lists = state
            .retry
            .iter()
            .map(|retrier| ("Retry", &retrier.error_equals))
            .enumerate()
            .chain(
                state
                    .catch
                    .iter()
                    .map(|catcher| ("Catch", &catcher.error_equals))
                    .enumerate(),
            );
        for (index, (field, names)) in lists {
            let list_pointer = pointer_push(&pointer_push(&state.pointer, field), &index.to_string());
            for (name_index, name) in names.iter().enumerate() {
                if name.starts_with("States.") {
                    continue;
                }
                let pointer = pointer_push(&pointer_push(&list_pointer, "ErrorEquals"), &name_index.to_string());
                let span = root
                    .and_then(|root| root.at_pointer(&pointer))
                    .map(|node| node.span)
                    .unwrap_or(state.span);
                res.push(Expected {
                    name: name.to_string(),
                    state_pointer: state.pointer.clone(),
                    state_name: state.name.to_string(),
                    pointer,
                    span,
                    field,
                });
            }
        }
    }
    res
}

/// The fix, in the language(s) the mock is written in.
fn custom_error_fix(name: &str, language: Option<CodeLanguage>) -> String {
    let python = format!("in Python, class {name}(Exception): pass, then raise {name}(\"…\")");
    let javascript = format!(
        "in JavaScript, an Error whose name is \"{name}\" (class {name} extends Error with this.name = \"{name}\")"
    );
    match language {
        Some(CodeLanguage::Python) => python,
        Some(CodeLanguage::JavaScript) => javascript,
        None => format!("{python}; {javascript}"),
    }
}

/// Whether `name` appears in `text` as a whole word.
fn names_word(text: &str, name: &str) -> bool {
    let is_word = |character: char| character.is_alphanumeric() || character == '_' || character == '.';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// The message of a task's failure: the Lambda runtime's `errorMessage` when the cause is its
/// error document, the cause itself otherwise.
fn failure_message(cause: &str) -> String {
    match Value::from_json(cause) {
        Ok(document) => match document.get("errorMessage") {
            Some(Value::String(message)) => message.to_string(),
            _ => cause.to_owned(),
        },
        Err(_) => cause.to_owned(),
    }
}

/// Warnings a finished (or stopped) run reveals: a task that failed with a generic error whose
/// message names an error some Catch or Retry expects, and payloads close to 256 KiB.
/// `text` is the definition the run ran, `definition` what checking it gave.
pub fn after_run(text: &str, definition: &Definition, events: &[HistoryEvent]) -> Vec<Diagnostic> {
    let (root, _) = syntax::parse(text);
    let expected = expected_names(definition, root.as_ref());
    let mut res: Vec<Diagnostic> = Vec::new();
    let mut reported: Vec<String> = Vec::new();
    let mut last_measured: Option<(&Payload, usize)> = None;
    for event in events {
        match &event.kind {
            EventKind::TaskFailed { error, cause, .. } => {
                let message = failure_message(cause);
                let failed_state = event.state().and_then(|at| definition.state(at));
                // Prefer the failing state's own Retry and Catch, then any other.
                let own = |entry: &&Expected| failed_state.is_some_and(|state| state.pointer == entry.state_pointer);
                let candidates = expected
                    .iter()
                    .filter(own)
                    .chain(expected.iter().filter(|entry| !own(entry)));
                for entry in candidates {
                    if entry.name == ***error || !names_word(&message, &entry.name) || reported.contains(&entry.pointer)
                    {
                        continue;
                    }
                    let who = failed_state
                        .map(|state| format!("\"{}\"", state.name))
                        .unwrap_or_else(|| "a task".to_owned());
                    reported.push(entry.pointer.clone());
                    res.push(Diagnostic::warning(
                        "error-name-in-message",
                        format!(
                            "{who} failed with error \"{error}\", whose message names \"{}\": this {} of \"{}\" matches error names, not messages, so it did not apply; raise an error named \"{}\" ({})",
                            entry.name,
                            entry.field,
                            entry.state_name,
                            entry.name,
                            custom_error_fix(&entry.name, None)
                        ),
                        &entry.pointer,
                        entry.span,
                    ));
                    break;
                }
            }
            EventKind::StateEntered { input: payload, .. } | EventKind::StateExited { output: payload, .. } => {
                // A state's output is most often the next one's input: measured once.
                let bytes = match last_measured {
                    Some((last, bytes)) if payload.shares_container(last) => bytes,
                    _ => payload.json_len(),
                };
                last_measured = Some((payload, bytes));
                let Some(state) = event.state().and_then(|at| definition.state(at)) else {
                    continue;
                };
                if bytes > PAYLOAD_WARNING_BYTES && !reported.contains(&state.pointer) {
                    reported.push(state.pointer.clone());
                    let what = if matches!(event.kind, EventKind::StateEntered { .. }) {
                        "input"
                    } else {
                        "output"
                    };
                    // Past the quota the run only went on because AWS's limits were off.
                    let against = if bytes > PAYLOAD_LIMIT_BYTES {
                        format!(
                            "over the {} KiB quota a state's input and output may not pass: on AWS this execution fails here with States.DataLimitExceeded (this run had AWS's limits off)",
                            PAYLOAD_LIMIT_BYTES / 1024
                        )
                    } else {
                        format!(
                            "close to the {} KiB quota a state's input and output may not pass",
                            PAYLOAD_LIMIT_BYTES / 1024
                        )
                    };
                    res.push(Diagnostic::warning(
                        "payload-near-limit",
                        format!(
                            "the {what} of \"{}\" was {} KiB, {against}; keep large data elsewhere (S3) and pass its key",
                            state.name,
                            bytes / 1024,
                        ),
                        &state.pointer,
                        state.span,
                    ));
                }
            }
            _ => {}
        }
    }
    crate::sort::sort_by_key(&mut res, |diagnostic| diagnostic.span.start);
    res
}

/// Generic exception classes: raising one with a name as its message is the trap.
const GENERIC_PYTHON: &[&str] = &[
    "Exception",
    "BaseException",
    "RuntimeError",
    "ValueError",
    "TypeError",
    "KeyError",
    "LookupError",
    "AssertionError",
    "NotImplementedError",
    "OSError",
    "IOError",
];
const GENERIC_JAVASCRIPT: &[&str] = &["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError"];

/// Warnings about a mock's code, before any run: a generic exception raised with the name of an
/// error some Catch or Retry expects as its message (`raise Exception("PaymentFailedError")`,
/// `throw new Error("PaymentFailedError")`). A properly named error raises no warning.
pub fn mock_code(text: &str, definition: &Definition, code: &str, language: CodeLanguage) -> Vec<CodeWarning> {
    let (root, _) = syntax::parse(text);
    let expected = expected_names(definition, root.as_ref());
    let mut res = Vec::new();
    if expected.is_empty() {
        return res;
    }
    let (keyword, generic) = match language {
        CodeLanguage::Python => ("raise", GENERIC_PYTHON),
        CodeLanguage::JavaScript => ("throw", GENERIC_JAVASCRIPT),
    };
    // Comments and docstrings often show the trap to readers: they are blanked before looking
    // for raise and throw.
    let masked = mask_comments(code, language);
    let code = masked.as_str();
    for (at, _) in code.match_indices(keyword) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|character| character.is_alphanumeric() || character == '_') {
            continue;
        }
        let rest = &code[at + keyword.len()..];
        let Some((class, message, message_offset)) = raised(rest, language) else {
            continue;
        };
        if !generic.contains(&class) {
            continue;
        }
        let Some(entry) = expected.iter().find(|entry| names_word(&message, &entry.name)) else {
            continue;
        };
        let message_at = at + keyword.len() + message_offset;
        let diagnostic = Diagnostic::warning(
            "error-name-in-message",
            format!(
                "the mocks raise {class}(\"{message}\"), which fails with error \"{}\", not \"{}\": this {} of \"{}\" matches error names, not messages, so it will not apply; raise an error named \"{}\" ({})",
                if language == CodeLanguage::Python {
                    class
                } else {
                    "Error"
                },
                entry.name,
                entry.field,
                entry.state_name,
                entry.name,
                custom_error_fix(&entry.name, Some(language))
            ),
            &entry.pointer,
            entry.span,
        );
        res.push(CodeWarning {
            span: Span::new(at, (message_at + message.len() + 1).min(code.len())),
            diagnostic,
        });
    }
    res
}

/// `code` with comments (and Python's triple-quoted strings) replaced by spaces, byte for byte
/// (each blanked character becomes as many spaces as its UTF-8 length), so offsets stay.
fn mask_comments(code: &str, language: CodeLanguage) -> String {
    let mut res = String::with_capacity(code.len());
    let mut rest = code;
    let mut quote: Option<char> = None;
    let blank = |text: &str, res: &mut String| {
        for character in text.chars() {
            if character == '\n' {
                res.push('\n');
            } else {
                res.extend(std::iter::repeat_n(' ', character.len_utf8()));
            }
        }
    };
    while let Some(character) = rest.chars().next() {
        if let Some(open) = quote {
            let len = if character == '\\' {
                1 + rest[1..].chars().next().map_or(0, char::len_utf8)
            } else {
                character.len_utf8()
            };
            res.push_str(&rest[..len]);
            rest = &rest[len..];
            if character == open || character == '\n' {
                quote = None;
            }
            continue;
        }
        let (opener, closer) = match language {
            CodeLanguage::Python if rest.starts_with("\"\"\"") => ("\"\"\"", "\"\"\""),
            CodeLanguage::Python if rest.starts_with("'''") => ("'''", "'''"),
            CodeLanguage::Python if rest.starts_with('#') => ("#", "\n"),
            CodeLanguage::JavaScript if rest.starts_with("//") => ("//", "\n"),
            CodeLanguage::JavaScript if rest.starts_with("/*") => ("/*", "*/"),
            _ => ("", ""),
        };
        if !opener.is_empty() {
            // A line comment ends before its newline; a block comment or docstring after its closer.
            let kept_closer = if closer == "\n" { 0 } else { closer.len() };
            let body_end = rest[opener.len()..]
                .find(closer)
                .map_or(rest.len(), |at| opener.len() + at + kept_closer);
            blank(&rest[..body_end], &mut res);
            rest = &rest[body_end..];
            continue;
        }
        if matches!(character, '"' | '\'' | '`') {
            quote = Some(character);
        }
        res.push(character);
        rest = &rest[character.len_utf8()..];
    }
    res
}

/// After `raise`/`throw`: the class and the string literal it is constructed with, and the byte
/// offset of the literal's text in `rest`. Only the plain shapes: `raise Class("…")`,
/// `throw new Class("…")`, `throw Class('…')`.
fn raised(rest: &str, language: CodeLanguage) -> Option<(&str, String, usize)> {
    let trimmed = rest.trim_start();
    let mut offset = rest.len() - trimmed.len();
    let mut tail = trimmed;
    if language == CodeLanguage::JavaScript
        && let Some(after) = tail.strip_prefix("new")
        && after.starts_with(char::is_whitespace)
    {
        let after_trimmed = after.trim_start();
        offset += 3 + (after.len() - after_trimmed.len());
        tail = after_trimmed;
    }
    let class_len = tail
        .find(|character: char| !(character.is_alphanumeric() || character == '_' || character == '.'))
        .unwrap_or(tail.len());
    let class = &tail[..class_len];
    let after_class = tail[class_len..].strip_prefix('(')?;
    let after_paren = after_class.trim_start();
    let quote = after_paren
        .chars()
        .next()
        .filter(|quote| matches!(quote, '"' | '\'' | '`'))?;
    let body = &after_paren[1..];
    let end = body.find(quote)?;
    let literal_offset = offset + class_len + 1 + (after_class.len() - after_paren.len()) + 1;
    Some((class, body[..end].to_owned(), literal_offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFINITION: &str = r#"{"StartAt":"ProcessPayment","States":{"ProcessPayment":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:ProcessPayment","Catch":[{"ErrorEquals":["PaymentFailedError"],"Next":"Failed"}],"End":true},"Failed":{"Type":"Fail"}}}"#;

    fn code_warnings(code: &str, language: CodeLanguage) -> Vec<String> {
        let checked = crate::check(DEFINITION);
        mock_code(DEFINITION, &checked.definition, code, language)
            .into_iter()
            .map(|warning| {
                format!(
                    "{} {} {}",
                    &code[warning.span.start..warning.span.end],
                    warning.diagnostic.pointer,
                    warning.diagnostic.code
                )
            })
            .collect()
    }

    #[test]
    fn python_raising_a_generic_exception_named_in_its_message_is_the_trap() {
        let code = "def process_payment(event, context):\n    raise Exception(\"PaymentFailedError\")\n";
        assert_eq!(
            code_warnings(code, CodeLanguage::Python),
            [
                "raise Exception(\"PaymentFailedError\" /States/ProcessPayment/Catch/0/ErrorEquals/0 error-name-in-message"
            ]
        );
    }

    #[test]
    fn javascript_throwing_a_plain_error_named_in_its_message_is_the_trap() {
        let code =
            "export default { ProcessPayment: () => { throw new Error('card declined: PaymentFailedError'); } };";
        let found = code_warnings(code, CodeLanguage::JavaScript);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("throw new Error('card declined: PaymentFailedError'"),
            "{found:?}"
        );
    }

    #[test]
    fn comments_and_docstrings_that_show_the_trap_are_not_the_trap() {
        let python = "class PaymentFailedError(Exception):\n    \"\"\"Not\n    raise Exception(\"PaymentFailedError\") fails.\"\"\"\n# raise Exception(\"PaymentFailedError\")\nx = '#'\n";
        assert!(code_warnings(python, CodeLanguage::Python).is_empty());
        let javascript = "// A plain `throw new Error(\"PaymentFailedError\")` fails\n/* throw new Error(\"PaymentFailedError\") */\nconst x = '//'; throw new Error(\"PaymentFailedError\");";
        assert_eq!(code_warnings(javascript, CodeLanguage::JavaScript).len(), 1);
        for (code, language) in [
            (
                include_str!("../../../../examples/order-mocks.py"),
                CodeLanguage::Python,
            ),
            (
                include_str!("../../../../examples/order-mocks.js"),
                CodeLanguage::JavaScript,
            ),
        ] {
            assert!(code_warnings(code, language).is_empty(), "{code}");
        }
    }

    #[test]
    fn the_language_of_mocks_is_guessed_from_their_text() {
        assert_eq!(CodeLanguage::guess("{\"A\": {}}"), None);
        assert_eq!(
            CodeLanguage::guess("export default { A: () => 1 };"),
            Some(CodeLanguage::JavaScript)
        );
        assert_eq!(
            CodeLanguage::guess("def a(event, context):\n    return 1\nMOCKS = {\"A\": a}"),
            Some(CodeLanguage::Python)
        );
    }

    #[test]
    fn properly_named_errors_raise_no_warning() {
        let python = "class PaymentFailedError(Exception):\n    pass\n\ndef f(e, c):\n    raise PaymentFailedError(\"PaymentFailedError: declined\")\n";
        assert!(code_warnings(python, CodeLanguage::Python).is_empty());
        let javascript = "class PaymentFailedError extends Error { constructor(m) { super(m); this.name = 'PaymentFailedError'; } }\nexport default { ProcessPayment: () => { throw new PaymentFailedError('PaymentFailedError'); } };";
        assert!(code_warnings(javascript, CodeLanguage::JavaScript).is_empty());
        let unrelated = "def f(e, c):\n    raise Exception(\"PaymentFailedErrors happen\")\n";
        assert!(code_warnings(unrelated, CodeLanguage::Python).is_empty());
    }

    fn after_run_codes(
        definition: &str,
        answer: impl Fn(&crate::TaskRequest) -> Result<Value, crate::WorkflowError>,
    ) -> Vec<String> {
        let checked = crate::check(definition);
        let machine = crate::load(definition).expect("valid");
        let mut execution =
            crate::Execution::start(&machine, Value::empty_object(), crate::ExecutionOptions::default());
        execution.run_to_end(100, answer).unwrap();
        after_run(definition, &checked.definition, execution.history())
            .into_iter()
            .map(|diagnostic| {
                format!(
                    "{} {} {}",
                    diagnostic.code,
                    diagnostic.pointer,
                    &definition[diagnostic.span.start..diagnostic.span.end]
                )
            })
            .collect()
    }

    fn lambda_error(error: &str, message: &str) -> crate::WorkflowError {
        let cause = format!(r#"{{"errorMessage":"{message}","errorType":"{error}","stackTrace":[]}}"#);
        crate::WorkflowError::new(error, cause.as_str())
    }

    #[test]
    fn after_a_run_a_cause_naming_an_expected_error_is_the_trap() {
        assert_eq!(
            after_run_codes(DEFINITION, |_| Err(lambda_error("Exception", "PaymentFailedError"))),
            ["error-name-in-message /States/ProcessPayment/Catch/0/ErrorEquals/0 \"PaymentFailedError\""]
        );
        assert_eq!(
            after_run_codes(DEFINITION, |_| Err(lambda_error("Error", "PaymentFailedError"))).len(),
            1
        );
    }

    #[test]
    fn after_a_run_a_properly_named_error_raises_no_warning() {
        assert!(
            after_run_codes(DEFINITION, |_| Err(lambda_error(
                "PaymentFailedError",
                "PaymentFailedError"
            )))
            .is_empty()
        );
        assert!(after_run_codes(DEFINITION, |_| Err(lambda_error("Exception", "card declined"))).is_empty());
        assert!(after_run_codes(DEFINITION, |_| Ok(Value::empty_object())).is_empty());
    }

    #[test]
    fn after_a_run_payloads_near_the_quota_are_reported_once_per_state() {
        let big = Value::from("x".repeat(230 * 1024));
        let small = Value::from("x".repeat(100 * 1024));
        assert_eq!(
            after_run_codes(DEFINITION, |_| Ok(big.clone())),
            ["payload-near-limit /States/ProcessPayment \"ProcessPayment\""]
        );
        assert!(after_run_codes(DEFINITION, |_| Ok(small.clone())).is_empty());
    }

    #[test]
    fn an_output_that_is_the_next_states_input_is_reported_for_both_states() {
        // The task's object is Load's output and Check's input, one container measured once.
        let definition = r#"{"StartAt": "Load", "States": {
            "Load": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:load", "Next": "Check"},
            "Check": {"Type": "Pass", "End": true}}}"#;
        let big = Value::object_from([("data", Value::from("x".repeat(230 * 1024)))]);
        assert_eq!(
            after_run_codes(definition, |_| Ok(big.clone())),
            [
                "payload-near-limit /States/Load \"Load\"",
                "payload-near-limit /States/Check \"Check\""
            ]
        );
    }

    #[test]
    fn a_payload_past_the_quota_is_not_called_close_to_it() {
        let messages = |size: usize, options: crate::ExecutionOptions| {
            let payload = Value::from("x".repeat(size));
            let checked = crate::check(DEFINITION);
            let machine = crate::load(DEFINITION).expect("valid");
            let mut execution = crate::Execution::start(&machine, Value::empty_object(), options);
            execution.run_to_end(100, |_| Ok(payload.clone())).unwrap();
            after_run(DEFINITION, &checked.definition, execution.history())
                .into_iter()
                .map(|diagnostic| diagnostic.message)
                .collect::<Vec<_>>()
        };
        let near = messages(230 * 1024, crate::ExecutionOptions::default());
        assert_eq!(near.len(), 1, "{near:?}");
        assert!(
            near[0].contains("was 230 KiB, close to the 256 KiB quota"),
            "{}",
            near[0]
        );
        let limits_off = crate::ExecutionOptions {
            limits: crate::Limits::none(),
            ..crate::ExecutionOptions::default()
        };
        let over = messages(300 * 1024, limits_off);
        assert_eq!(over.len(), 1, "{over:?}");
        assert!(
            over[0].contains("was 300 KiB, over the 256 KiB quota")
                && over[0].contains("States.DataLimitExceeded")
                && !over[0].contains("close to"),
            "{}",
            over[0]
        );
    }
}
