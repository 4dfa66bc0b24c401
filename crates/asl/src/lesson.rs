//! Lessons: the playground's gallery, as data every host reads the same way.
//!
//! A lesson is a workspace (definition, input, JSON mocks, and the run settings that matter:
//! start time and seed), the outcome its explanation promises, and "try this" suggestions: each
//! a few edits (set or remove the value at a JSON Pointer of one pane) and the outcome they
//! give. The playground shows lessons and applies the edits; the core's tests run every lesson
//! and every suggestion and check each promise (`tests/gallery.rs`), so a text that says "the
//! Catch takes over" cannot drift from what the interpreter does.
//! Running is the host's: this module only reads, edits and compares.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

// The core's own value: serde_json's would compile a second JSON tree into the playground.
use crate::value::Value as Json;

/// What the editors of the playground hold, and the settings a run depends on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    pub definition: String,
    pub input: String,
    pub mocks: String,
    /// RFC 3339; `None` runs at the host's current time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default)]
    pub seed: u64,
}

/// One example of the gallery.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    /// The concept, in a few words (the gallery's headings).
    pub concept: String,
    /// What the example shows, in plain words.
    pub explanation: String,
    /// The concept in the AWS documentation.
    pub docs: String,
    pub definition: Json,
    pub input: Json,
    pub mocks: Json,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub seed: u64,
    pub expect: Expect,
    #[serde(rename = "try")]
    pub suggestions: Vec<Suggestion>,
}

/// A "try this": what to change, why, and what it gives.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    pub text: String,
    pub edits: Vec<Edit>,
    pub expect: Expect,
}

/// Set (or remove) the value at `pointer` of one pane's JSON.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    /// `definition`, `input` or `mocks`.
    pub pane: String,
    pub pointer: String,
    #[serde(default)]
    pub value: Option<Json>,
    #[serde(default)]
    pub remove: bool,
}

/// An outcome: the status, and optionally the error, the output and the top-level states taken.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub status: String,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub output: Option<Json>,
    #[serde(default)]
    pub states: Option<Vec<String>>,
}

/// What a run gave, in the terms of [`Expect`].
#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    pub status: String,
    pub error: Option<String>,
    pub output: Option<Json>,
    pub states: Vec<String>,
}

impl Expect {
    /// `Ok` when the run gave this outcome; otherwise how it differs.
    pub fn check(&self, observed: &Observed) -> Result<(), String> {
        let mut differences = Vec::new();
        if self.status != observed.status {
            differences.push(format!("status {} instead of {}", observed.status, self.status));
        }
        if let Some(error) = &self.error
            && observed.error.as_ref() != Some(error)
        {
            differences.push(format!("error {:?} instead of {error:?}", observed.error));
        }
        if let Some(output) = &self.output
            && observed.output.as_ref() != Some(output)
        {
            differences.push(format!(
                "output {} instead of {}",
                observed.output.as_ref().map_or("none".to_owned(), Json::to_json),
                output.to_json()
            ));
        }
        if let Some(states) = &self.states
            && &observed.states != states
        {
            differences.push(format!("states {:?} instead of {states:?}", observed.states));
        }
        if differences.is_empty() {
            Ok(())
        } else {
            Err(differences.join("; "))
        }
    }
}

/// Pretty JSON as the editors show it (two-space indent, a final newline).
pub fn pretty(value: &Json) -> String {
    let mut res = value.to_json_pretty();
    res.push('\n');
    res
}

/// Parses the gallery: a JSON array of lessons.
pub fn parse_gallery(text: &str) -> Result<Vec<Lesson>, String> {
    serde_json::from_str(text).map_err(|error| format!("the gallery is not in the expected shape: {error}"))
}

impl Lesson {
    /// The lesson's workspace, as the editors show it.
    pub fn workspace(&self) -> Workspace {
        Workspace {
            definition: pretty(&self.definition),
            input: pretty(&self.input),
            mocks: pretty(&self.mocks),
            start_time: self.start_time.clone(),
            seed: self.seed,
        }
    }
}

impl Workspace {
    /// The workspace with the edits applied, each pane re-printed as the editors show JSON.
    pub fn edited(&self, edits: &[Edit]) -> Result<Workspace, String> {
        let mut res = self.clone();
        for edit in edits {
            let text = match edit.pane.as_str() {
                "definition" => &mut res.definition,
                "input" => &mut res.input,
                "mocks" => &mut res.mocks,
                other => return Err(format!("\"{other}\" is not a pane (definition, input or mocks)")),
            };
            let mut document = Json::from_json(text)
                .map_err(|error| format!("the {} is not JSON, so it cannot be edited: {error}", edit.pane))?;
            set_pointer(
                &mut document,
                &edit.pointer,
                if edit.remove { None } else { edit.value.clone() },
            )?;
            *text = pretty(&document);
        }
        Ok(res)
    }
}

/// Sets the value at `pointer` (creating the last member of an object), or removes it.
fn set_pointer(document: &mut Json, pointer: &str, value: Option<Json>) -> Result<(), String> {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    let Some((last, parents)) = tokens.split_last() else {
        return Err("an edit needs a pointer below the document's root".to_owned());
    };
    let mut current = document;
    for token in parents {
        current = match current {
            Json::Object(map) => Arc::make_mut(map).get_mut(token.as_str()),
            Json::Array(items) => token
                .parse::<usize>()
                .ok()
                .and_then(|index| Arc::make_mut(items).get_mut(index)),
            _ => None,
        }
        .ok_or_else(|| format!("{pointer} names nothing: there is no \"{token}\""))?;
    }
    match (current, value) {
        (Json::Object(map), Some(value)) => {
            Arc::make_mut(map).insert(Arc::from(last.as_str()), value);
        }
        (Json::Object(map), None) => {
            Arc::make_mut(map)
                .shift_remove(last.as_str())
                .ok_or_else(|| format!("{pointer} names nothing to remove"))?;
        }
        (Json::Array(items), value) => {
            let items = Arc::make_mut(items);
            let index = last
                .parse::<usize>()
                .ok()
                .filter(|index| *index < items.len() || (value.is_some() && *index == items.len()))
                .ok_or_else(|| format!("{pointer}: no item {last}"))?;
            match value {
                Some(value) if index == items.len() => items.push(value),
                Some(value) => items[index] = value,
                None => {
                    items.remove(index);
                }
            }
        }
        _ => return Err(format!("{pointer}: the parent is not an object or an array")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(pointer: &str, value: Option<Json>) -> Result<String, String> {
        let workspace = Workspace {
            definition: "{\"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}, \"List\": [1, 2]}".to_owned(),
            ..Workspace::default()
        };
        let edit = Edit {
            pane: "definition".to_owned(),
            pointer: pointer.to_owned(),
            remove: value.is_none(),
            value,
        };
        workspace.edited(&[edit]).map(|workspace| {
            serde_json::to_string(&serde_json::from_str::<Json>(&workspace.definition).unwrap()).unwrap()
        })
    }

    #[test]
    fn edits_set_and_remove_members_and_items_keeping_order() {
        assert_eq!(
            edited("/States/A/Comment", Some(Json::from("hi"))).unwrap(),
            r#"{"States":{"A":{"Type":"Pass","End":true,"Comment":"hi"}},"List":[1,2]}"#
        );
        assert_eq!(
            edited("/States/A/Type", None).unwrap(),
            r#"{"States":{"A":{"End":true}},"List":[1,2]}"#
        );
        assert_eq!(
            edited("/List/0", None).unwrap(),
            r#"{"States":{"A":{"Type":"Pass","End":true}},"List":[2]}"#
        );
        assert_eq!(
            edited("/List/2", Some(Json::from_json("3").unwrap())).unwrap(),
            r#"{"States":{"A":{"Type":"Pass","End":true}},"List":[1,2,3]}"#
        );
        assert!(
            edited("/Nope/A", Some(Json::from_json("1").unwrap()))
                .unwrap_err()
                .contains("no \"Nope\"")
        );
        assert!(edited("/List/5", None).is_err());
    }
}
