//! Reports for CI tools: definitions' diagnostics as a JSON array.
//!
//! Lines and columns are 1-based, columns counted in Unicode characters, as in the text
//! output; a suggestion's offsets are 0-based byte offsets into the file.

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
