//! Reports for CI tools: a definition's diagnostics as a JSON array or as SARIF 2.1.0 (which
//! code-scanning tools show on the lines of a pull request), and test results as JUnit XML.
//!
//! Lines and columns are 1-based, columns counted in Unicode characters, as in the text
//! output; a suggestion's offsets are 0-based byte offsets into the file.

use std::fmt::Write as _;

use serde_json::{Value, json};

/// One checked definition file.
pub struct Checked {
    /// The path as the user gave it (or as a glob found it).
    pub file: String,
    pub text: String,
    pub diagnostics: Vec<asl::Diagnostic>,
}

/// A position as JSON: `{line, column, offset}`.
fn place(index: &asl::LineIndex, text: &str, offset: usize) -> Value {
    let position = index.line_col(text, offset);
    json!({"line": position.line, "column": position.column, "offset": offset})
}

/// Every diagnostic of every file, one object each.
pub fn diagnostics_json(files: &[Checked]) -> Value {
    let mut res = Vec::new();
    for checked in files {
        let text = &checked.text;
        let index = asl::LineIndex::new(text);
        for diagnostic in &checked.diagnostics {
            let start = index.line_col(text, diagnostic.span.start);
            let end = index.line_col(text, diagnostic.span.end);
            let mut object = json!({
                "file": checked.file,
                "line": start.line,
                "column": start.column,
                "endLine": end.line,
                "endColumn": end.column,
                "pointer": diagnostic.pointer,
                "code": diagnostic.code,
                "severity": diagnostic.severity,
                "message": diagnostic.message,
            });
            if let Some(suggestion) = &diagnostic.suggestion {
                object["suggestion"] = json!({
                    "start": place(&index, text, suggestion.span.start),
                    "end": place(&index, text, suggestion.span.end),
                    "text": suggestion.replacement,
                });
            }
            res.push(object);
        }
    }
    Value::Array(res)
}

/// The SARIF schema this output follows (the one vendored for the tests).
const SARIF_SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// A path as a URI reference: `/` separators, anything but unreserved characters and `/`
/// percent-encoded (a space in a file name, say), and `file://` before an absolute path. A
/// relative path stays relative, as code-scanning tools resolve it against the repository.
fn uri_reference(file: &str) -> String {
    let path = file.replace('\\', "/");
    let mut res = String::new();
    if path.starts_with('/') {
        res.push_str("file://");
    } else if path.as_bytes().get(1) == Some(&b':') {
        res.push_str("file:///");
    }
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) || (byte == b':' && res.starts_with("file:")) {
            res.push(byte as char);
        } else {
            let _ = write!(res, "%{byte:02X}");
        }
    }
    res
}

fn region(index: &asl::LineIndex, text: &str, span: asl::Span) -> Value {
    let start = index.line_col(text, span.start);
    let end = index.line_col(text, span.end);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

/// One SARIF 2.1.0 log with one run: a rule per diagnostic code, a result per diagnostic
/// (with the JSON Pointer as its logical location, and the suggestion as a fix).
pub fn sarif(files: &[Checked]) -> Value {
    let mut rules: Vec<&str> = Vec::new();
    let mut results = Vec::new();
    for checked in files {
        let text = &checked.text;
        let index = asl::LineIndex::new(text);
        let uri = uri_reference(&checked.file);
        for diagnostic in &checked.diagnostics {
            let rule_index = match rules.iter().position(|code| *code == diagnostic.code) {
                Some(known) => known,
                None => {
                    rules.push(diagnostic.code);
                    rules.len() - 1
                }
            };
            let mut result = json!({
                "ruleId": diagnostic.code,
                "ruleIndex": rule_index,
                "level": match diagnostic.severity {
                    asl::Severity::Error => "error",
                    asl::Severity::Warning => "warning",
                },
                "message": {"text": diagnostic.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": region(&index, text, diagnostic.span),
                    },
                    "logicalLocations": [{"fullyQualifiedName": diagnostic.pointer, "kind": "member"}],
                }],
            });
            if let Some(suggestion) = &diagnostic.suggestion {
                result["fixes"] = json!([{
                    "description": {"text": format!("Replace with {}", suggestion.replacement)},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri},
                        "replacements": [{
                            "deletedRegion": region(&index, text, suggestion.span),
                            "insertedContent": {"text": suggestion.replacement},
                        }],
                    }],
                }]);
            }
            results.push(result);
        }
    }
    let rules: Vec<Value> = rules.iter().map(|code| json!({"id": code, "name": code})).collect();
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "asl",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// How one case file ended.
pub enum Verdict {
    Passed,
    /// The case ran and did not do what it expects.
    Failed(String),
    /// The case could not run (unreadable, not JSON).
    Broken(String),
}

/// One case file's result.
pub struct CaseResult {
    pub file: String,
    pub seconds: f64,
    pub verdict: Verdict,
}

/// Text for XML: markup characters escaped, and characters XML 1.0 cannot hold replaced.
fn xml_text(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => res.push_str("&amp;"),
            '<' => res.push_str("&lt;"),
            '>' => res.push_str("&gt;"),
            '"' => res.push_str("&quot;"),
            '\'' => res.push_str("&apos;"),
            '\t' | '\n' | '\r' => res.push(character),
            character if (character as u32) < 0x20 || matches!(character, '\u{FFFE}' | '\u{FFFF}') => {
                res.push('\u{FFFD}')
            }
            character => res.push(character),
        }
    }
    res
}

/// JUnit XML, one test case per case file: its name is the file, its class the directory.
pub fn junit(results: &[CaseResult]) -> String {
    let failures = results
        .iter()
        .filter(|result| matches!(result.verdict, Verdict::Failed(_)))
        .count();
    let errors = results
        .iter()
        .filter(|result| matches!(result.verdict, Verdict::Broken(_)))
        .count();
    let seconds: f64 = results.iter().map(|result| result.seconds).sum();
    let counts = format!(
        r#"tests="{}" failures="{failures}" errors="{errors}" time="{seconds:.3}""#,
        results.len()
    );
    let mut res = String::new();
    res.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(res, r#"<testsuites name="asl test" {counts}>"#);
    let _ = writeln!(res, r#"  <testsuite name="asl test" {counts} skipped="0">"#);
    for result in results {
        let path = std::path::Path::new(&result.file);
        let class = path
            .parent()
            .map(|parent| parent.display().to_string())
            .unwrap_or_default();
        let _ = write!(
            res,
            r#"    <testcase name="{}" classname="{}" file="{}" time="{:.3}""#,
            xml_text(&result.file),
            xml_text(&class),
            xml_text(&result.file),
            result.seconds
        );
        match &result.verdict {
            Verdict::Passed => res.push_str("/>\n"),
            Verdict::Failed(message) | Verdict::Broken(message) => {
                let (element, kind) = match result.verdict {
                    Verdict::Failed(_) => ("failure", "mismatch"),
                    _ => ("error", "unreadable"),
                };
                let summary = message.lines().next().unwrap_or_default();
                let _ = write!(
                    res,
                    ">\n      <{element} message=\"{}\" type=\"{kind}\">{}</{element}>\n    </testcase>\n",
                    xml_text(summary),
                    xml_text(message)
                );
            }
        }
    }
    res.push_str("  </testsuite>\n</testsuites>\n");
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_xml_escape_what_they_must() {
        assert_eq!(
            uri_reference("machines/my flow #1.asl.json"),
            "machines/my%20flow%20%231.asl.json"
        );
        assert_eq!(uri_reference(r"a\b.json"), "a/b.json");
        assert_eq!(uri_reference("/tmp/a b.json"), "file:///tmp/a%20b.json");
        assert_eq!(uri_reference(r"C:\work\a.json"), "file:///C:/work/a.json");
        assert_eq!(xml_text("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;\u{FFFD}");
    }
}
