//! Go to definition, find references and rename, for state names: all answered by the core's
//! `References`, within the machine (scope) the name is in.

use std::collections::HashMap;

use asl::machine::{MAX_STATE_NAME, NameAt, References};
use lsp_types::{Location, PrepareRenameResponse, TextEdit, WorkspaceEdit};

use crate::document::Document;

fn name_at(document: &Document, offset: usize) -> Option<(&References, NameAt)> {
    let references = document.references.as_ref()?;
    Some((references, references.name_at(offset)?))
}

fn location(document: &Document, span: asl::Span) -> Location {
    Location::new(document.uri.clone(), document.range(span))
}

/// The state a name at `offset` refers to (or the state itself, on its key).
pub fn definition(document: &Document, offset: usize) -> Option<Location> {
    let (references, at) = name_at(document, offset)?;
    let state = references.declaration(at.scope, &at.name)?;
    Some(location(document, state.span))
}

/// Every reference to the state named at `offset`, and its key if asked for.
pub fn references(document: &Document, offset: usize, include_declaration: bool) -> Vec<Location> {
    let Some((references, at)) = name_at(document, offset) else {
        return Vec::new();
    };
    let declaration = references
        .declaration(at.scope, &at.name)
        .filter(|_| include_declaration)
        .map(|state| state.span);
    declaration
        .into_iter()
        .chain(
            references
                .references_to(at.scope, &at.name)
                .map(|reference| reference.span),
        )
        .map(|span| location(document, span))
        .collect()
}

/// The name to rename at `offset`: the text between its quotes.
pub fn prepare_rename(document: &Document, offset: usize) -> Option<PrepareRenameResponse> {
    let (references, at) = name_at(document, offset)?;
    references.declaration(at.scope, &at.name)?;
    let inner = asl::Span::new(at.span.start + 1, at.span.end.saturating_sub(1).max(at.span.start + 1));
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: document.range(inner),
        placeholder: at.name.to_string(),
    })
}

/// Renames the state named at `offset`: its key and every reference in its machine.
pub fn rename(document: &Document, offset: usize, new_name: &str) -> Result<WorkspaceEdit, String> {
    let references = document
        .references
        .as_ref()
        .ok_or("the definition is not well-formed JSON; fix its syntax first")?;
    let at = references
        .name_at(offset)
        .ok_or("put the cursor on a state's name, or on a StartAt, Next or Default that names one")?;
    if references.declaration(at.scope, &at.name).is_none() {
        return Err(format!("no state of this machine is named \"{}\"", at.name));
    }
    if new_name.is_empty() {
        return Err("a state needs a name".to_owned());
    }
    if new_name.chars().count() > MAX_STATE_NAME {
        return Err(format!("a state name has at most {MAX_STATE_NAME} characters"));
    }
    // AWS identifies states by name in an execution's history, so a name used in any machine
    // of the definition is taken.
    let taken = references
        .scopes
        .iter()
        .flat_map(|scope| &scope.states)
        .any(|state| &*state.name == new_name);
    if taken && new_name != &*at.name {
        return Err(format!("a state named \"{new_name}\" already exists"));
    }
    let new_text = asl::Value::string(new_name).to_json();
    let scope = &references.scopes[at.scope];
    let declarations = scope
        .states
        .iter()
        .filter(|state| state.name == at.name)
        .map(|state| state.span);
    let uses = references
        .references_to(at.scope, &at.name)
        .map(|reference| reference.span);
    let mut spans: Vec<asl::Span> = declarations.chain(uses).collect();
    spans.sort_by_key(|span| span.start);
    let edits: Vec<TextEdit> = spans
        .into_iter()
        .map(|span| TextEdit::new(document.range(span), new_text.clone()))
        .collect();
    #[allow(clippy::mutable_key_type)] // lsp_types' Uri hashes by its text only
    let changes = HashMap::from([(document.uri.clone(), edits)]);
    Ok(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    })
}
