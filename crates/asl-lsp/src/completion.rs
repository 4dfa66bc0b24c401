//! Completion: field names fit for the object being written, state types, the names of the
//! states a `Next`, `Default` or `StartAt` may name, and the values of enumerated fields.

use asl::docs::FieldPlace;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent, MarkupKind, TextEdit,
};

use crate::context::{self, Container, Cursor, Place, Step};
use crate::document::Document;

/// What an object or array of a definition is, judged from the path that leads to it.
#[derive(Clone, Debug)]
enum Kind {
    /// A state machine (the top level, a branch, a processor); `start` is its `{`.
    Machine {
        place: FieldPlace<'static>,
        start: usize,
    },
    /// A machine's `States`.
    States {
        machine: usize,
    },
    /// A state: its `{`, and its machine's.
    State {
        start: usize,
        machine: usize,
    },
    Branches,
    Retriers,
    Retrier,
    Catchers {
        state: usize,
        machine: usize,
    },
    Catcher {
        state: usize,
        machine: usize,
    },
    Rules {
        state: usize,
        machine: usize,
    },
    Rule {
        state: usize,
        machine: usize,
        top: bool,
    },
    /// `And` or `Or`: a list of nested rules.
    NestedRules {
        state: usize,
        machine: usize,
    },
    ErrorNames,
    /// Anything else: user data (Parameters, Result, …) or something unknown.
    Other,
}

fn kind_of(containers: &[Container]) -> Kind {
    let mut kinds = containers.iter();
    let Some(root) = kinds.next().filter(|root| root.is_object) else {
        return Kind::Other;
    };
    let mut kind = Kind::Machine {
        place: FieldPlace::TopLevel,
        start: root.start,
    };
    for container in kinds {
        let key = match &container.step {
            Some(Step::Key(key)) => Some(key.as_str()),
            _ => None,
        };
        let object = container.is_object;
        kind = match (kind, key) {
            (Kind::Machine { start, .. }, Some("States")) if object => Kind::States { machine: start },
            (Kind::States { machine }, Some(_)) if object => Kind::State {
                start: container.start,
                machine,
            },
            (Kind::State { .. }, Some("Branches")) if !object => Kind::Branches,
            (Kind::Branches, None) if object => Kind::Machine {
                place: FieldPlace::Branch,
                start: container.start,
            },
            (Kind::State { .. }, Some("ItemProcessor" | "Iterator")) if object => Kind::Machine {
                place: FieldPlace::Processor,
                start: container.start,
            },
            (Kind::State { .. }, Some("Retry")) if !object => Kind::Retriers,
            (Kind::Retriers, None) if object => Kind::Retrier,
            (Kind::State { start, machine }, Some("Catch")) if !object => Kind::Catchers { state: start, machine },
            (Kind::Catchers { state, machine }, None) if object => Kind::Catcher { state, machine },
            (Kind::State { start, machine }, Some("Choices")) if !object => Kind::Rules { state: start, machine },
            (Kind::Rules { state, machine }, None) if object => Kind::Rule {
                state,
                machine,
                top: true,
            },
            (Kind::Rule { state, machine, .. }, Some("And" | "Or")) if !object => Kind::NestedRules { state, machine },
            (Kind::NestedRules { state, machine }, None) if object => Kind::Rule {
                state,
                machine,
                top: false,
            },
            (Kind::Rule { state, machine, .. }, Some("Not")) if object => Kind::Rule {
                state,
                machine,
                top: false,
            },
            (Kind::Retrier | Kind::Catcher { .. }, Some("ErrorEquals")) if !object => Kind::ErrorNames,
            _ => Kind::Other,
        };
    }
    kind
}

/// Whether the state whose `{` is at `start` uses JSONata: its own QueryLanguage, or else the
/// top level's (a Map's or a Parallel's does not pass to the states inside it).
fn uses_jsonata(text: &str, state: usize, root: usize) -> bool {
    let language = context::member_string(text, state, "QueryLanguage")
        .or_else(|| context::member_string(text, root, "QueryLanguage"));
    language.as_deref() == Some("JSONata")
}

/// The names of the states of the machine whose `{` is at `machine`, with their types.
fn state_names(text: &str, machine: usize) -> Vec<(String, Option<String>)> {
    let Some(states) = context::members(text, machine)
        .into_iter()
        .find(|member| member.key == "States")
        .and_then(|member| member.value_start)
        .filter(|start| text.as_bytes()[*start] == b'{')
    else {
        return Vec::new();
    };
    context::members(text, states)
        .into_iter()
        .map(|member| {
            let type_name = member
                .value_start
                .filter(|start| text.as_bytes()[*start] == b'{')
                .and_then(|start| context::member_string(text, start, "Type"));
            (member.key, type_name)
        })
        .collect()
}

struct Candidate {
    label: String,
    kind: CompletionItemKind,
    detail: Option<String>,
}

fn fields(place: FieldPlace<'_>) -> Vec<Candidate> {
    asl::docs::fields_at(place)
        .into_iter()
        .map(|label| Candidate {
            label,
            kind: CompletionItemKind::PROPERTY,
            detail: None,
        })
        .collect()
}

fn values(values: &[&str]) -> Vec<Candidate> {
    values
        .iter()
        .map(|value| Candidate {
            label: value.to_string(),
            kind: CompletionItemKind::ENUM_MEMBER,
            detail: None,
        })
        .collect()
}

fn states(text: &str, machine: usize) -> Vec<Candidate> {
    state_names(text, machine)
        .into_iter()
        .map(|(label, type_name)| Candidate {
            label,
            kind: CompletionItemKind::REFERENCE,
            detail: type_name.map(|type_name| format!("{type_name} state")),
        })
        .collect()
}

fn key_candidates(text: &str, kind: &Kind, root: usize) -> Vec<Candidate> {
    match *kind {
        Kind::Machine { place, .. } => fields(place),
        Kind::State { start, .. } => {
            let type_name = context::member_string(text, start, "Type");
            fields(FieldPlace::State {
                type_name: type_name.as_deref(),
                jsonata: uses_jsonata(text, start, root),
            })
        }
        Kind::Retrier => fields(FieldPlace::Retrier),
        Kind::Catcher { state, .. } => fields(FieldPlace::Catcher {
            jsonata: uses_jsonata(text, state, root),
        }),
        Kind::Rule { state, top, .. } => fields(FieldPlace::ChoiceRule {
            jsonata: uses_jsonata(text, state, root),
            top,
        }),
        _ => Vec::new(),
    }
}

fn value_candidates(text: &str, kind: &Kind, key: Option<&str>) -> Vec<Candidate> {
    match (kind, key) {
        (Kind::Machine { start, .. }, Some("StartAt")) => states(text, *start),
        (Kind::State { machine, .. }, Some("Next" | "Default"))
        | (Kind::Catcher { machine, .. }, Some("Next"))
        | (Kind::Rule { machine, top: true, .. }, Some("Next")) => states(text, *machine),
        (Kind::State { .. }, Some("Type")) => values(asl::docs::STATE_TYPES)
            .into_iter()
            .map(|candidate| Candidate {
                kind: CompletionItemKind::CLASS,
                ..candidate
            })
            .collect(),
        (Kind::ErrorNames, None) => values(asl::docs::ERROR_NAMES),
        (Kind::Machine { .. } | Kind::State { .. } | Kind::Retrier, Some(field)) => {
            values(asl::docs::field_values(field))
        }
        _ => Vec::new(),
    }
}

/// The completions at byte `offset`.
pub fn complete(document: &Document, offset: usize) -> Vec<CompletionItem> {
    let text = &document.text;
    let Some(Cursor {
        containers,
        place,
        token,
    }) = context::cursor(text, offset)
    else {
        return Vec::new();
    };
    let kind = kind_of(&containers);
    let Some(innermost) = containers.last() else {
        return Vec::new();
    };
    let candidates = match &place {
        Place::Key => {
            let written: Vec<String> = context::members(text, innermost.start)
                .into_iter()
                .filter(|member| token.as_ref().is_none_or(|token| member.key_span != token.span))
                .map(|member| member.key)
                .collect();
            key_candidates(text, &kind, containers[0].start)
                .into_iter()
                .filter(|candidate| !written.contains(&candidate.label))
                .collect()
        }
        Place::Value { key } => value_candidates(text, &kind, key.as_deref()),
    };
    // Replace the whole string being typed, quotes included, so that an unclosed string
    // gets its closing quote; clients filter by the same quoted text.
    let span = token.map_or(asl::Span::new(offset, offset), |token| token.span);
    let range = document.range(span);
    candidates
        .into_iter()
        .map(|candidate| {
            let new_text = asl::Value::string(candidate.label.as_str()).to_json();
            let documentation = asl::docs::explain(&candidate.label).map(|doc| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: doc.to_owned(),
                })
            });
            CompletionItem {
                label: candidate.label,
                kind: Some(candidate.kind),
                detail: candidate.detail,
                documentation: if candidate.kind == CompletionItemKind::REFERENCE {
                    None
                } else {
                    documentation
                },
                filter_text: Some(new_text.clone()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text })),
                ..CompletionItem::default()
            }
        })
        .collect()
}
