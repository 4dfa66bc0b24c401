//! Hover: the glossary's explanation of a field, state type, error name, intrinsic function or
//! JSONata word, and what a state name refers to.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use crate::context::{self, Place};
use crate::document::Document;

/// Fields whose string value names a state.
pub const TARGET_FIELDS: &[&str] = &["StartAt", "Next", "Default"];

pub fn hover(document: &Document, offset: usize) -> Option<Hover> {
    let text = &document.text;
    let cursor = context::cursor(text, offset)?;
    let token = cursor.token.filter(|token| token.quoted)?;
    let (title, doc, span) = match &cursor.place {
        Place::Key => (
            token.text.clone(),
            asl::docs::explain(&token.text)?.to_owned(),
            token.span,
        ),
        Place::Value { key: Some(key) } if key == "Type" => (
            token.text.clone(),
            asl::docs::explain(&token.text)?.to_owned(),
            token.span,
        ),
        Place::Value { key: Some(key) } if TARGET_FIELDS.contains(&key.as_str()) => {
            let references = document.references.as_ref()?;
            let at = references.name_at(offset)?;
            let doc = match references.declaration(at.scope, &at.name) {
                Some(state) => match &state.type_name {
                    Some(type_name) => format!("A {type_name} state."),
                    None => "A state.".to_owned(),
                },
                None => "No state of this machine has this name.".to_owned(),
            };
            (at.name.to_string(), doc, at.span)
        }
        _ => {
            let (word, span) = word_at(text, offset, token.span)?;
            (word.to_owned(), asl::docs::explain(word)?.to_owned(), span)
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: format!("**{title}**\n\n{doc}"),
        }),
        range: Some(document.range(span)),
    })
}

/// The longest word the glossary explains around `offset` inside a string: `States.Format`,
/// `$states.input` (of `$states.input.order`), `$sum`.
fn word_at(text: &str, offset: usize, within: asl::Span) -> Option<(&str, asl::Span)> {
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'$');
    let bytes = text.as_bytes();
    let mut start = offset.min(within.end);
    while start > within.start + 1 && is_word(bytes[start - 1]) {
        start -= 1;
    }
    let mut end = offset;
    while end < within.end && is_word(bytes[end]) {
        end += 1;
    }
    let mut word = text.get(start..end)?;
    loop {
        if asl::docs::explain(word).is_some() {
            return Some((word, asl::Span::new(start, start + word.len())));
        }
        word = &word[..word.rfind('.')?];
    }
}
