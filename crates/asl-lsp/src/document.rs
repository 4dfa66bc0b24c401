//! One open document: its text as the client last sent it, and what the core says about it.

use asl::jsonata::SyntaxChecker;
use asl::machine::References;
use lsp_types::{Position, Range, Uri};

use crate::position::LineMap;

/// A document and the answers for its current text.
///
/// Invariant: `lines`, `diagnostics` and `references` are those of `text`, recomputed on
/// every change (full text sync), so byte spans from the core index `text`.
pub struct Document {
    pub uri: Uri,
    pub text: String,
    pub lines: LineMap,
    pub diagnostics: Vec<asl::Diagnostic>,
    /// `None` while the text is not well-formed JSON.
    pub references: Option<References>,
}

impl Document {
    pub fn new(uri: Uri, text: String, syntax: Option<&dyn SyntaxChecker>) -> Document {
        let checked = asl::check_with(&text, syntax);
        Document {
            uri,
            lines: LineMap::new(&text),
            diagnostics: checked.diagnostics,
            references: References::of(&text),
            text,
        }
    }

    pub fn offset(&self, position: Position) -> usize {
        self.lines.offset(&self.text, position)
    }

    pub fn range(&self, span: asl::Span) -> Range {
        self.lines.range(&self.text, span)
    }
}
