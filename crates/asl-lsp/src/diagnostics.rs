//! The core's diagnostics as LSP diagnostics, and its suggestions as quick fixes.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DiagnosticSeverity, NumberOrString, TextEdit,
    WorkspaceEdit,
};

use crate::document::Document;

/// What clients show as the diagnostics' source.
const SOURCE: &str = "asl";

fn to_lsp(document: &Document, diagnostic: &asl::Diagnostic) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range: document.range(diagnostic.span),
        severity: Some(match diagnostic.severity {
            asl::Severity::Error => DiagnosticSeverity::ERROR,
            asl::Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.to_owned())),
        source: Some(SOURCE.to_owned()),
        message: diagnostic.message.clone(),
        ..lsp_types::Diagnostic::default()
    }
}

/// Every diagnostic of the document's current text.
pub fn diagnostics(document: &Document) -> Vec<lsp_types::Diagnostic> {
    document
        .diagnostics
        .iter()
        .map(|diagnostic| to_lsp(document, diagnostic))
        .collect()
}

/// A quick fix for each diagnostic in the requested range that the core knows how to fix.
pub fn quick_fixes(document: &Document, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let start = document.offset(params.range.start);
    let end = document.offset(params.range.end);
    document
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.span.start <= end && start <= diagnostic.span.end)
        .filter_map(|diagnostic| {
            let suggestion = diagnostic.suggestion.as_ref()?;
            let edit = TextEdit {
                range: document.range(suggestion.span),
                new_text: suggestion.replacement.clone(),
            };
            #[allow(clippy::mutable_key_type)] // lsp_types' Uri hashes by its text only
            let changes = HashMap::from([(document.uri.clone(), vec![edit])]);
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace with {}", suggestion.replacement),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(document, diagnostic)]),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}
