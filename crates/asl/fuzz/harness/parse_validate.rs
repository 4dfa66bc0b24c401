//! `parse_validate`: the bytes are a definition's text (lossy UTF-8), checked with and without a
//! JSONata parser; every diagnostic sits inside the text and its pointer resolves.

/// A stand-in JSONata parser that reports errors at awkward positions (past the end, inside
/// multi-byte characters), so diagnostics inside strings are checked for any position.
pub struct FakeSyntax;

impl asl::jsonata::SyntaxChecker for FakeSyntax {
    fn check(&self, expression: &str) -> Result<(), asl::jsonata::SyntaxError> {
        if expression.len().is_multiple_of(3) {
            return Ok(());
        }
        Err(asl::jsonata::SyntaxError {
            position: expression.encode_utf16().count() * (expression.len() % 3) + 1,
            code: "S0000".to_owned(),
            message: "fake".to_owned(),
        })
    }
}

/// Checks a definition's text with and without a JSONata parser, and every diagnostic's place.
pub fn parse_validate(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_text(&text);
}

pub fn check_text(text: &str) {
    let plain = asl::check(text);
    assert_diagnostics_are_well_formed(text, &plain.diagnostics);
    let with_syntax = asl::check_with(text, Some(&FakeSyntax));
    assert_diagnostics_are_well_formed(text, &with_syntax.diagnostics);
    // A JSONata parser only adds problems: what loads with it also loads without it.
    if !with_syntax.has_errors() {
        assert!(
            !plain.has_errors(),
            "valid with a JSONata parser but not without: {:?}",
            plain.diagnostics
        );
    }
    // `load` agrees with `check`.
    assert_eq!(asl::load(text).is_ok(), !plain.has_errors());
}

fn assert_diagnostics_are_well_formed(text: &str, diagnostics: &[asl::Diagnostic]) {
    for diagnostic in diagnostics {
        assert!(diagnostic.span.start <= diagnostic.span.end, "{diagnostic:?}");
        assert!(diagnostic.span.end <= text.len(), "{diagnostic:?}");
        assert!(
            text.is_char_boundary(diagnostic.span.start) && text.is_char_boundary(diagnostic.span.end),
            "{diagnostic:?}"
        );
        assert!(
            diagnostic.pointer.is_empty() || diagnostic.pointer.starts_with('/'),
            "{diagnostic:?}"
        );
        assert!(!diagnostic.message.is_empty(), "{diagnostic:?}");
    }
    // When the text is JSON, every pointer names a place in it (or one missing member of it).
    // With duplicate keys a pointer is ambiguous (serde_json keeps the last value, a diagnostic
    // may point into the first), so the check needs a document without them.
    let has_duplicates = diagnostics.iter().any(|diagnostic| diagnostic.code == "duplicate-key");
    if !has_duplicates && let Ok(document) = serde_json::from_str::<serde_json::Value>(text) {
        for diagnostic in diagnostics {
            let pointer = &diagnostic.pointer;
            let parent = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
            assert!(
                document.pointer(pointer).is_some() || document.pointer(parent).is_some(),
                "pointer {pointer} of {diagnostic:?} does not resolve"
            );
        }
    }
}
