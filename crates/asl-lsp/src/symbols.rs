//! Document symbols: the outline of a definition, its states nested by Parallel branches and
//! Map processors.

use asl::machine::References;
use lsp_types::{DocumentSymbol, SymbolKind};

use crate::document::Document;

fn kind(type_name: Option<&str>) -> SymbolKind {
    match type_name {
        Some("Task") => SymbolKind::FUNCTION,
        Some("Choice") => SymbolKind::ENUM,
        Some("Parallel" | "Map") => SymbolKind::CLASS,
        Some("Wait") => SymbolKind::EVENT,
        _ => SymbolKind::OBJECT,
    }
}

/// The states of machine `scope`, each with what it holds: a Parallel's branches as
/// "Branch 1", "Branch 2"… with their states, a Map's processor's states directly.
fn states(document: &Document, references: &References, scope: usize) -> Vec<DocumentSymbol> {
    references.scopes[scope]
        .states
        .iter()
        .map(|state| {
            let parallel = state.type_name.as_deref() == Some("Parallel");
            let mut children = Vec::new();
            for (index, &child) in state.children.iter().enumerate() {
                let nested = states(document, references, child);
                if parallel {
                    let span = references.scopes[child].span;
                    #[allow(deprecated)] // `deprecated` is a field every DocumentSymbol must have
                    children.push(DocumentSymbol {
                        name: format!("Branch {}", index + 1),
                        detail: None,
                        kind: SymbolKind::NAMESPACE,
                        tags: None,
                        deprecated: None,
                        range: document.range(span),
                        selection_range: document.range(asl::Span::new(span.start, span.start + 1)),
                        children: Some(nested),
                    });
                } else {
                    children.extend(nested);
                }
            }
            #[allow(deprecated)]
            DocumentSymbol {
                name: state.name.to_string(),
                detail: state.type_name.as_deref().map(str::to_owned),
                kind: kind(state.type_name.as_deref()),
                tags: None,
                deprecated: None,
                range: document.range(asl::Span::new(state.span.start, state.body_span.end)),
                selection_range: document.range(state.span),
                children: Some(children),
            }
        })
        .collect()
}

/// The outline of the document; empty while it is not well-formed JSON.
pub fn symbols(document: &Document) -> Vec<DocumentSymbol> {
    match &document.references {
        Some(references) => states(document, references, 0),
        None => Vec::new(),
    }
}
