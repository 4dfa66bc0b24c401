//! Problems found in a definition, and how to locate them in its text.
//!
//! A `Diagnostic` carries a byte range and a JSON Pointer; line and column are derived on demand
//! by a `LineIndex`, in UTF-8 characters for terminals or UTF-16 units for browser editors.
//! Where the core is sure of the fix ("did you mean …?"), a `Suggestion` says which text to
//! replace and with what, so that editors can offer it as a quick fix and CI tools as a patch.

use std::fmt;

use serde::Serialize;

/// A half-open byte range into the definition text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in a definition.
///
/// Invariant: `span` lies on character boundaries of the text it was made from, and `pointer`
/// names the value (or member) the span covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier: once shipped, a code keeps its meaning and is never reused.
    pub code: &'static str,
    pub message: String,
    /// JSON Pointer (RFC 6901) to the offending value, e.g. `/States/ProcessPayment/Next`.
    pub pointer: String,
    pub span: Span,
    /// The fix the message suggests, when it is one edit of the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
}

/// An edit that fixes a diagnostic: replace `span` of the definition text with `replacement`.
///
/// Invariant: `span` lies on character boundaries of the text the diagnostic was made from, and
/// the replacement is text as it is written in the definition (a JSON string keeps its quotes
/// and escapes), so applying it leaves well-formed JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub span: Span,
    pub replacement: String,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, pointer: &str, span: Span) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            pointer: pointer.to_owned(),
            span,
            suggestion: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>, pointer: &str, span: Span) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            pointer: pointer.to_owned(),
            span,
            suggestion: None,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// This diagnostic, with the edit that fixes it (when there is one).
    pub fn with_suggestion(mut self, suggestion: Option<Suggestion>) -> Diagnostic {
        self.suggestion = suggestion;
        self
    }
}

impl Suggestion {
    /// Replace a whole JSON string (the key or value at `span`, quotes included) with `text`.
    pub fn json_string(span: Span, text: &str) -> Suggestion {
        Suggestion {
            span,
            replacement: crate::value::Value::string(text).to_json(),
        }
    }
}

/// Appends one reference token to a JSON Pointer, escaping `~` and `/` as RFC 6901 requires.
pub fn pointer_push(base: &str, token: &str) -> String {
    let mut res = String::with_capacity(base.len() + token.len() + 1);
    res.push_str(base);
    res.push('/');
    for character in token.chars() {
        match character {
            '~' => res.push_str("~0"),
            '/' => res.push_str("~1"),
            _ => res.push(character),
        }
    }
    res
}

/// Line starts of a text, to turn byte offsets into 1-based lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(offset, _)| offset + 1));
        LineIndex { line_starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Line and column, the column counted in Unicode scalar values (for terminals).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = clamp_to_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        LineCol {
            line: line + 1,
            column: text[start..offset].chars().count() + 1,
        }
    }

    /// Line and column, the column counted in UTF-16 code units (for browser editors).
    pub fn line_col_utf16(&self, text: &str, offset: usize) -> LineCol {
        let offset = clamp_to_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        LineCol {
            line: line + 1,
            column: text[start..offset].encode_utf16().count() + 1,
        }
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).map_or(text.len(), |next| next - 1);
        text[start..end.max(start)].trim_end_matches('\r')
    }
}

fn clamp_to_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Draws a diagnostic for people: its source line with `^^^` under the span, and its pointer.
pub fn render_snippet(text: &str, index: &LineIndex, diagnostic: &Diagnostic) -> String {
    use std::fmt::Write as _;
    let start = index.line_col(text, diagnostic.span.start);
    let end = index.line_col(text, diagnostic.span.end);
    let line = index.line_text(text, start.line);
    let width = if end.line == start.line {
        end.column.saturating_sub(start.column).max(1)
    } else {
        line.chars().count().saturating_sub(start.column - 1).max(1)
    };
    let gutter = start.line.to_string().len();
    let mut res = String::new();
    let _ = writeln!(res, "{:gutter$} |", "");
    let _ = writeln!(res, "{} | {line}", start.line);
    let _ = writeln!(
        res,
        "{:gutter$} | {}{}",
        "",
        " ".repeat(start.column - 1),
        "^".repeat(width)
    );
    if !diagnostic.pointer.is_empty() {
        let _ = writeln!(res, "{:gutter$} = at {}", "", diagnostic.pointer);
    }
    res
}

/// Edit distance suggestion (transpositions count as one edit): the candidate closest to `name`, if it is close enough to be a typo.
pub fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let mut best: Option<(&str, usize)> = None;
    for candidate in candidates {
        let distance = strsim::osa_distance(&name.to_ascii_lowercase(), &candidate.to_ascii_lowercase());
        if best.is_none_or(|(_, best_distance)| distance < best_distance) {
            best = Some((candidate, distance));
        }
    }
    let limit = (name.chars().count() / 3).max(2);
    best.filter(|(_, distance)| *distance <= limit)
        .map(|(candidate, _)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\n\u{e9}x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 5), LineCol { line: 2, column: 2 });
        assert_eq!(index.line_col_utf16(text, 5), LineCol { line: 2, column: 2 });
        assert_eq!(index.line_text(text, 2), "\u{e9}x");
    }

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        assert_eq!(pointer_push("/States", "a/b~c"), "/States/a~1b~0c");
    }

    #[test]
    fn closest_finds_typos_only() {
        let names = ["UpdateInventory", "ProcessPayment"];
        assert_eq!(closest("UpdateInventry", names), Some("UpdateInventory"));
        assert_eq!(closest("Zzz", names), None);
    }
}
