//! The JSON value that flows between states.
//!
//! Arrays, objects and strings sit behind `Arc`, so handing a state's output to the next state,
//! selecting a subtree with a path or recording a value in the history is a reference-count bump,
//! never a deep copy. Writing into a value (ResultPath) copies only the spine it walks
//! (`Arc::make_mut`). Conversion to and from text goes through serde; this module leaves parsing
//! with positions to `syntax`.
//!
//! An array or object knows its nesting depth and its length as JSON text once asked
//! (`Facts`, kept beside its members until they change), so the checks every transition makes
//! (payload size, depth) cost the new spine of a value, not the whole document: a 1 MiB
//! document passed along untouched is measured once, and a value that shares a subtree many
//! times is measured once per subtree.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

pub use serde_json::Number;

mod facts;
mod keys;
mod len;
mod map;
// In WebAssembly only its serde Deserialize is used (`Value::from_json`).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
mod read;
mod write;

use len::needs_escape;
use len::{number_len, quoted_len};

pub use map::Map;

use facts::{Facts, FactsCell};

/// The items of a JSON array, and their facts once computed. It derefs to the `Vec`; any
/// mutable access forgets the facts.
#[derive(Clone, Default)]
pub struct Array {
    items: Vec<Value>,
    facts: FactsCell,
}

/// The members of a JSON object, and their facts once computed. It derefs to the `Map`; any
/// mutable access forgets the facts.
#[derive(Clone, Default)]
pub struct Object {
    members: Map,
    facts: FactsCell,
}

// Debugging shows the members only: whether the facts were computed yet is not the value's.
impl fmt::Debug for Array {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(formatter)
    }
}

impl fmt::Debug for Object {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.members.fmt(formatter)
    }
}

impl Deref for Array {
    type Target = Vec<Value>;
    fn deref(&self) -> &Vec<Value> {
        &self.items
    }
}

impl DerefMut for Array {
    fn deref_mut(&mut self) -> &mut Vec<Value> {
        self.facts = FactsCell::default();
        &mut self.items
    }
}

impl Deref for Object {
    type Target = Map;
    fn deref(&self) -> &Map {
        &self.members
    }
}

impl DerefMut for Object {
    fn deref_mut(&mut self) -> &mut Map {
        self.facts = FactsCell::default();
        &mut self.members
    }
}

impl From<Vec<Value>> for Array {
    fn from(items: Vec<Value>) -> Array {
        Array {
            items,
            facts: FactsCell::default(),
        }
    }
}

impl From<Map> for Object {
    fn from(members: Map) -> Object {
        Object {
            members,
            facts: FactsCell::default(),
        }
    }
}

impl Array {
    pub fn into_vec(self) -> Vec<Value> {
        self.items
    }
}

impl Object {
    pub fn into_map(self) -> Map {
        self.members
    }
}

/// A shared, immutable-by-default JSON value.
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(Arc<str>),
    Array(Arc<Array>),
    Object(Arc<Object>),
}

impl Value {
    pub fn string(text: impl Into<Arc<str>>) -> Value {
        Value::String(text.into())
    }

    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Arc::new(Array::from(items)))
    }

    pub fn object(map: Map) -> Value {
        Value::Object(Arc::new(Object::from(map)))
    }

    pub fn empty_object() -> Value {
        Value::object(Map::new())
    }

    /// An object built from `(key, value)` pairs, in order.
    pub fn object_from<const N: usize>(pairs: [(&str, Value); N]) -> Value {
        Value::object(pairs.into_iter().map(|(key, value)| (Arc::from(key), value)).collect())
    }

    pub fn from_i64(number: i64) -> Value {
        Value::Number(number.into())
    }

    /// A number from a float; whole floats that fit become integers, like AWS's Java runtime prints
    /// them. Non-finite floats become `null` (JSON has no NaN).
    pub fn from_f64(number: f64) -> Value {
        if number.fract() == 0.0 && number.abs() < 9.0e15 {
            return Value::from_i64(number as i64);
        }
        Number::from_f64(number).map_or(Value::Null, Value::Number)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(number) => number.as_f64(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Arc<Array>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Arc<Object>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The member `key` of an object, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|map| map.get(key))
    }

    /// The JSON type name, as AWS's error causes spell it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// Compact JSON text, as AWS prints payloads in causes and history events.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "null".to_owned())
    }

    /// Compact JSON text, as `to_json` writes it, if it takes at most `limit` bytes: writing
    /// stops soon after it passes the limit, so the cost is bounded whatever the value's size.
    /// Written by hand rather than through serde, which took about three times as long for
    /// the small objects the history keeps as text (`history::compact_payload`).
    pub fn to_json_within(&self, limit: usize) -> Option<String> {
        let mut out = String::new();
        self.write_json_within(&mut out, limit).then_some(out)
    }

    /// `to_json_within`, appended to `out` (cut short when it returns false).
    pub fn write_json_within(&self, out: &mut String, limit: usize) -> bool {
        let start = out.len();
        write::write_compact(self, out, start.saturating_add(limit))
    }

    /// `write_json_within` with no limit, and where each item of the array `items` (the same
    /// allocation, somewhere in this value) starts and ends in `out`; none if it is not there
    /// exactly once or the text passes 4 GiB.
    pub fn write_json_marking(&self, out: &mut String, items: &Value) -> Option<Vec<(u32, u32)>> {
        let Value::Array(target) = items else {
            return None;
        };
        let mut places = Vec::new();
        write::write_marking(self, out, Arc::as_ptr(target), &mut places);
        let fits = u32::try_from(out.len()).is_ok();
        (fits && places.len() == target.len()).then(|| {
            places
                .into_iter()
                .map(|(start, end)| (start as u32, end as u32))
                .collect()
        })
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "null".to_owned())
    }

    /// Parses JSON text into a value: by `read::parse`, or, for text it leaves, through
    /// serde_json, which then reports the error (or reads what the fast reader does not).
    /// In WebAssembly serde_json reads it all: the reader's 4 kB (gzipped) would be in the
    /// playground's first load, which validates inputs and mocks, and the values are the same.
    pub fn from_json(text: &str) -> Result<Value, serde_json::Error> {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(value) = read::parse(text) {
            return Ok(value);
        }
        serde_json::from_str(text)
    }

    /// The length in bytes of `to_json()`, computed without building the text (used for the
    /// payload limit on every transition). A container's length is computed once, then kept.
    pub fn json_len(&self) -> usize {
        match self {
            Value::Null => 4,
            Value::Bool(true) => 4,
            Value::Bool(false) => 5,
            Value::Number(number) => number_len(number),
            Value::String(text) => quoted_len(text),
            Value::Array(_) | Value::Object(_) => facts(self).json_len,
        }
    }

    /// Whether arrays and objects nest deeper than `limit` levels (an empty one counts
    /// nothing). A container's depth is computed once, then kept.
    pub fn nests_deeper_than(&self, limit: usize) -> bool {
        match self {
            Value::Array(_) | Value::Object(_) => depth(self) > limit,
            _ => false,
        }
    }
}

/// A container's depth: known already, or from its members' known depths (a new spine over
/// shared members, as a template builds), or else with all of its facts.
fn depth(value: &Value) -> usize {
    fn cell(value: &Value) -> Option<&FactsCell> {
        match value {
            Value::Array(items) => Some(&items.facts),
            Value::Object(map) => Some(&map.facts),
            _ => None,
        }
    }
    let Some(own) = cell(value) else {
        return 0;
    };
    if let Some(depth) = own.depth() {
        return depth;
    }
    let mut res = 0usize;
    let mut add = |member: &Value| -> Option<()> {
        let member_depth = match cell(member) {
            None => 0,
            Some(member_cell) => member_cell.depth()?,
        };
        res = res.max(member_depth.saturating_add(1));
        Some(())
    };
    let all_known = match value {
        Value::Array(items) => items.iter().try_for_each(&mut add),
        Value::Object(map) => map.values().try_for_each(&mut add),
        _ => Some(()),
    };
    if all_known.is_none() {
        return facts(value).depth;
    }
    own.set_depth(res);
    res
}

/// The facts of a container: known already, or computed bottom-up without recursion (any depth
/// is fine), each container of a shared subtree once.
fn facts(value: &Value) -> Facts {
    fn known(value: &Value) -> Option<Facts> {
        match value {
            Value::Array(items) => items.facts.get(),
            Value::Object(map) => map.facts.get(),
            _ => Some(Facts {
                depth: 0,
                json_len: value.json_len(),
            }),
        }
    }
    if let Some(facts) = known(value) {
        return facts;
    }
    // Most new containers are a shallow spine over known members (a template's object, a
    // ResultPath's copy): no stack needed.
    if let Some(facts) = from_known_members(value) {
        return facts;
    }
    // Post-order: a container is visited again once its members are known.
    let mut stack: Vec<(&Value, bool)> = vec![(value, false)];
    while let Some((current, members_known)) = stack.pop() {
        if known(current).is_some() {
            continue;
        }
        if !members_known {
            stack.push((current, true));
            match current {
                Value::Array(items) => stack.extend(
                    items
                        .iter()
                        .filter(|item| known(item).is_none())
                        .map(|item| (item, false)),
                ),
                Value::Object(map) => stack.extend(
                    map.values()
                        .filter(|item| known(item).is_none())
                        .map(|item| (item, false)),
                ),
                _ => {}
            }
            continue;
        }
        from_known_members(current);
    }
    known(value).unwrap_or(Facts { depth: 0, json_len: 0 })
}

/// A container's facts from its members', when every member's are known (then kept); `None`
/// when some member's are not.
fn from_known_members(value: &Value) -> Option<Facts> {
    fn member(item: &Value) -> Option<Facts> {
        match item {
            Value::Array(items) => items.facts.get(),
            Value::Object(map) => map.facts.get(),
            _ => Some(Facts {
                depth: 0,
                json_len: item.json_len(),
            }),
        }
    }
    match value {
        Value::Array(items) => {
            let mut res = Facts {
                depth: 0,
                json_len: 2usize.saturating_add(items.len().saturating_sub(1)),
            };
            for item in items.iter() {
                let facts = member(item)?;
                res.depth = res.depth.max(facts.depth.saturating_add(1));
                res.json_len = res.json_len.saturating_add(facts.json_len);
            }
            items.facts.set(res);
            Some(res)
        }
        Value::Object(map) => {
            let mut res = Facts {
                depth: 0,
                json_len: 2usize.saturating_add(map.len().saturating_sub(1)),
            };
            for (key, item) in map.iter() {
                let facts = member(item)?;
                res.depth = res.depth.max(facts.depth.saturating_add(1));
                res.json_len = res
                    .json_len
                    .saturating_add(quoted_len(key) + 1)
                    .saturating_add(facts.json_len);
            }
            map.facts.set(res);
            Some(res)
        }
        _ => None,
    }
}

/// JSON equality as AWS compares payloads: numbers by value (1 equals 1.0), objects regardless of
/// key order.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => numbers_equal(a, b),
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => Arc::ptr_eq(a, b) || a.items == b.items,
            (Value::Object(a), Value::Object(b)) => {
                Arc::ptr_eq(a, b) || (a.len() == b.len() && a.iter().all(|(key, value)| b.get(key) == Some(value)))
            }
            _ => false,
        }
    }
}

fn numbers_equal(a: &Number, b: &Number) -> bool {
    match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) => x == y,
        _ => a.as_f64() == b.as_f64(),
    }
}

impl fmt::Display for Value {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.to_json())
    }
}

impl From<&serde_json::Value> for Value {
    fn from(value: &serde_json::Value) -> Value {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(flag) => Value::Bool(*flag),
            serde_json::Value::Number(number) => Value::Number(number.clone()),
            serde_json::Value::String(text) => Value::String(Arc::from(text.as_str())),
            serde_json::Value::Array(items) => Value::array(items.iter().map(Value::from).collect()),
            serde_json::Value::Object(map) => Value::object(
                map.iter()
                    .map(|(key, value)| (Arc::from(key.as_str()), Value::from(value)))
                    .collect(),
            ),
        }
    }
}

impl From<&Value> for serde_json::Value {
    fn from(value: &Value) -> serde_json::Value {
        match value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(flag) => serde_json::Value::Bool(*flag),
            Value::Number(number) => serde_json::Value::Number(number.clone()),
            Value::String(text) => serde_json::Value::String(text.to_string()),
            Value::Array(items) => serde_json::Value::Array(items.iter().map(Into::into).collect()),
            Value::Object(map) => {
                serde_json::Value::Object(map.iter().map(|(key, value)| (key.to_string(), value.into())).collect())
            }
        }
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::String(Arc::from(text))
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::String(Arc::from(text))
    }
}

impl From<bool> for Value {
    fn from(flag: bool) -> Value {
        Value::Bool(flag)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(flag) => serializer.serialize_bool(*flag),
            Value::Number(number) => number.serialize(serializer),
            Value::String(text) => serializer.serialize_str(text),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (key, value) in map.iter() {
                    out.serialize_entry(&**key, value)?;
                }
                out.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_holds_each_short_string_once() {
        let value = Value::from_json(r#"[["a", "a long tag value"], ["a", "a long tag value"]]"#).unwrap();
        let string = |list: usize, position: usize| match &value.as_array().unwrap()[list].as_array().unwrap()[position]
        {
            Value::String(text) => text.clone(),
            _ => unreachable!(),
        };
        assert!(Arc::ptr_eq(&string(0, 0), &string(1, 0)));
        assert!(!Arc::ptr_eq(&string(0, 1), &string(1, 1)));
    }

    #[test]
    fn a_document_holds_each_key_once() {
        let value = Value::from_json(r#"[{"id": 1, "name": "a"}, {"id": 2, "name": "b", "x": {"id": 3}}]"#).unwrap();
        let keys: Vec<&Arc<str>> = value
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|item| item.as_object().unwrap().keys().filter(|key| &***key == "id"))
            .collect();
        assert_eq!(keys.len(), 2);
        assert!(Arc::ptr_eq(keys[0], keys[1]));
        let inner = value.as_array().unwrap()[1]
            .as_object()
            .unwrap()
            .get("x")
            .unwrap()
            .clone();
        assert!(Arc::ptr_eq(inner.as_object().unwrap().keys().next().unwrap(), keys[0]));
        // Duplicate keys: the last value wins, in the first one's place, as before.
        assert_eq!(
            Value::from_json(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap().to_json(),
            r#"{"a":3,"b":2}"#
        );
    }

    #[test]
    fn duplicate_keys_keep_the_first_place_at_any_size() {
        // Below and past the size from which a parsed object's duplicates are found through
        // its index: the same answer as building the map key by key.
        for n_keys in [3usize, 15, 16, 17, 40] {
            let mut text = String::from("{");
            let mut expected = Map::new();
            for round in 0..2 {
                for key in 0..n_keys {
                    let number = (round * 100 + key) as i64;
                    text.push_str(&format!("\"k{key}\":{number},"));
                    expected.insert(Arc::from(format!("k{key}")), Value::from_i64(number));
                }
            }
            text.push_str("\"last\":[{\"k0\":1,\"k0\":2}]}");
            expected.insert(Arc::from("last"), Value::from_json(r#"[{"k0":2}]"#).unwrap());
            let value = Value::from_json(&text).unwrap();
            assert_eq!(value.to_json(), Value::object(expected).to_json(), "{n_keys} keys");
            assert_eq!(value.json_len(), value.to_json().len());
            let object = value.as_object().unwrap();
            assert_eq!(object.get_index_of(&format!("k{}", n_keys - 1)), Some(n_keys - 1));
        }
    }

    #[test]
    fn parsed_documents_know_their_facts() {
        let value = Value::from_json(r#"{"a": [1, {"b": "x\"y"}], "c": {}}"#).unwrap();
        let Value::Object(object) = &value else { panic!() };
        assert_eq!(
            object.facts.get(),
            Some(Facts {
                depth: 3,
                json_len: value.to_json().len()
            })
        );
    }

    #[test]
    fn depth_is_known_without_the_length() {
        let shared = Value::from_json(r#"{"deep": [[["x\"y"]]]}"#).unwrap();
        let spine = Value::object_from([("a", shared.clone()), ("b", Value::from_i64(1))]);
        assert!(spine.nests_deeper_than(4) && !spine.nests_deeper_than(5));
        assert_eq!(spine.json_len(), spine.to_json().len());
        assert_eq!(shared.json_len(), shared.to_json().len());
    }

    #[test]
    fn marks_where_each_item_is_in_the_text() {
        let value = Value::from_json(r#"{"a": 1, "items": [{"n": 1}, "x", [2, 3]], "b": [4]}"#).unwrap();
        let items = value.as_object().unwrap().get("items").unwrap().clone();
        let mut text = String::new();
        let places = value.write_json_marking(&mut text, &items).unwrap();
        assert_eq!(text, value.to_json());
        let found: Vec<&str> = places
            .iter()
            .map(|&(start, end)| &text[start as usize..end as usize])
            .collect();
        let expected: Vec<String> = items.as_array().unwrap().iter().map(Value::to_json).collect();
        assert_eq!(found, expected);
        // An array met twice (shared) or not at all: no places.
        let twice = Value::array(vec![items.clone(), items.clone()]);
        assert_eq!(twice.write_json_marking(&mut String::new(), &items), None);
        assert_eq!(Value::from_i64(1).write_json_marking(&mut String::new(), &items), None);
    }

    #[test]
    fn facts_share_one_word() {
        let cell = FactsCell::default();
        assert_eq!((cell.depth(), cell.get()), (None, None));
        cell.set_depth(7);
        assert_eq!((cell.depth(), cell.get()), (Some(7), None));
        cell.set(Facts { depth: 7, json_len: 42 });
        assert_eq!(cell.get(), Some(Facts { depth: 7, json_len: 42 }));
        // Setting the depth again keeps the length.
        cell.set_depth(7);
        assert_eq!(cell.get(), Some(Facts { depth: 7, json_len: 42 }));
        // Past what the word holds, both saturate, still past every limit.
        cell.set(Facts {
            depth: usize::MAX,
            json_len: usize::MAX,
        });
        assert_eq!(
            cell.get(),
            Some(Facts {
                depth: 65_534,
                json_len: usize::MAX
            })
        );
        assert!(std::mem::size_of::<Object>() <= 40, "{}", std::mem::size_of::<Object>());
    }

    #[test]
    fn strings_are_measured_and_written_as_serde_json_writes_them() {
        // Every length up to past the word-at-a-time limit, with each kind of byte at each
        // place: those that need an escape and their neighbours that do not.
        let specials = [
            '\0', '\u{1}', '\n', '\u{1f}', ' ', '!', '"', '#', '[', '\\', ']', '\u{7f}', 'é', '€',
        ];
        for len in 0..72 {
            for place in 0..len.max(1) {
                for special in specials {
                    let text: String = (0..len).map(|at| if at == place { special } else { 'x' }).collect();
                    let expected = serde_json::to_string(&text).unwrap();
                    let value = Value::string(text.as_str());
                    assert_eq!(value.json_len(), expected.len(), "{text:?}");
                    assert_eq!(
                        value.to_json_within(usize::MAX).as_deref(),
                        Some(&*expected),
                        "{text:?}"
                    );
                    assert_eq!(needs_escape(&text), expected.len() != text.len() + 2, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn json_len_matches_serialised_text() {
        let text = r#"{"a":[1,-20,3.5,true,false,null],"b\"\n":"x\u0001y","c":{},"d":[],"e":18446744073709551615}"#;
        let value = Value::from_json(text).unwrap();
        assert_eq!(value.json_len(), value.to_json().len());
    }

    #[test]
    fn measures_depth_without_recursing() {
        let mut deep = Value::from_i64(1);
        for _ in 0..100_000 {
            deep = Value::array(vec![deep]);
        }
        assert!(deep.nests_deeper_than(512));
        assert!(!Value::from_json("[[1],{\"a\":[2]}]").unwrap().nests_deeper_than(3));
        assert!(Value::from_json("[[1],{\"a\":[2]}]").unwrap().nests_deeper_than(2));
        assert!(
            !Value::from_json("[[[]]]").unwrap().nests_deeper_than(2),
            "empty containers hold nothing deeper"
        );
        assert_eq!(deep.json_len(), 200_001);
        std::mem::forget(deep); // dropping 100,000 levels would recurse; the core never builds them
    }

    #[test]
    fn facts_are_kept_until_a_member_changes() {
        let mut value = Value::from_json(r#"{"a":[1,2],"b":{"c":"x"}}"#).unwrap();
        assert_eq!(value.json_len(), value.to_json().len());
        assert!(value.nests_deeper_than(1) && !value.nests_deeper_than(2));
        // A write through Arc::make_mut (as ResultPath does) forgets the facts it invalidates.
        if let Value::Object(members) = &mut value {
            let members = Arc::make_mut(members);
            members.insert(Arc::from("d"), Value::from_json("[[[[1]]]]").unwrap());
        }
        assert_eq!(value.json_len(), value.to_json().len());
        assert!(value.nests_deeper_than(4) && !value.nests_deeper_than(5));
        // A subtree shared 2^200 times is measured once per level.
        let mut shared = Value::from_i64(1);
        for _ in 0..200 {
            shared = Value::array(vec![shared.clone(), shared]);
        }
        assert_eq!(shared.json_len(), usize::MAX, "saturates");
        assert!(shared.nests_deeper_than(199) && !shared.nests_deeper_than(200));
    }

    #[test]
    fn numbers_compare_by_value() {
        assert_eq!(Value::from_json("1").unwrap(), Value::from_json("1.0").unwrap());
        assert_ne!(Value::from_json("1").unwrap(), Value::from_json("true").unwrap());
        assert_eq!(
            Value::from_json(r#"{"a":1,"b":2}"#).unwrap(),
            Value::from_json(r#"{"b":2.0,"a":1}"#).unwrap()
        );
    }
}
