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
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

pub use serde_json::Number;

mod map;

pub use map::Map;

/// What is known of a container once computed: how deep it nests (an empty container counts 0,
/// a non-empty one 1 more than its deepest member) and its length as compact JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Facts {
    depth: usize,
    json_len: usize,
}

/// A container's facts once known: two atomics rather than a `OnceLock`, whose first-time
/// initialisation cost more than computing the facts of a small object. Computing them is
/// idempotent, so two threads that race both store the same numbers.
#[derive(Default)]
struct FactsCell {
    /// The depth plus one; 0 while unknown. Written after `json_len`, read before it.
    depth: AtomicU32,
    json_len: AtomicU64,
}

impl FactsCell {
    fn get(&self) -> Option<Facts> {
        let depth = self.depth.load(Ordering::Acquire);
        (depth != 0).then(|| Facts {
            depth: depth as usize - 1,
            json_len: usize::try_from(self.json_len.load(Ordering::Relaxed)).unwrap_or(usize::MAX),
        })
    }

    fn set(&self, facts: Facts) {
        self.json_len.store(facts.json_len as u64, Ordering::Relaxed);
        // Depths past u32 are out of reach of the depth checks' limits anyway: saturate.
        let depth = u32::try_from(facts.depth.saturating_add(1)).unwrap_or(u32::MAX);
        self.depth.store(depth, Ordering::Release);
    }
}

impl Clone for FactsCell {
    fn clone(&self) -> FactsCell {
        let cell = FactsCell::default();
        if let Some(facts) = self.get() {
            cell.set(facts);
        }
        cell
    }
}

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

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "null".to_owned())
    }

    /// Parses JSON text into a value.
    pub fn from_json(text: &str) -> Result<Value, serde_json::Error> {
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
            Value::Array(_) | Value::Object(_) => facts(self).depth > limit,
            _ => false,
        }
    }
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

fn number_len(number: &Number) -> usize {
    if let Some(int) = number.as_i64() {
        let mut buffer = itoa_len(int.unsigned_abs());
        if int < 0 {
            buffer += 1;
        }
        buffer
    } else if let Some(int) = number.as_u64() {
        itoa_len(int)
    } else {
        number.to_string().len()
    }
}

fn itoa_len(mut int: u64) -> usize {
    let mut digits = 1;
    while int >= 10 {
        int /= 10;
        digits += 1;
    }
    digits
}

fn quoted_len(text: &str) -> usize {
    let mut len = 2;
    for byte in text.bytes() {
        len += match byte {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 2,
            0..=0x1f => 6,
            _ => 1,
        };
    }
    len
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

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Value, E> {
        Ok(Value::Bool(flag))
    }

    fn visit_i64<E>(self, int: i64) -> Result<Value, E> {
        Ok(Value::Number(int.into()))
    }

    fn visit_u64<E>(self, int: u64) -> Result<Value, E> {
        Ok(Value::Number(int.into()))
    }

    fn visit_f64<E: de::Error>(self, float: f64) -> Result<Value, E> {
        Number::from_f64(float)
            .map(Value::Number)
            .ok_or_else(|| E::custom("non-finite numbers are not JSON"))
    }

    fn visit_str<E>(self, text: &str) -> Result<Value, E> {
        Ok(Value::from(text))
    }

    fn visit_string<E>(self, text: String) -> Result<Value, E> {
        Ok(Value::from(text))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::with_capacity(access.size_hint().unwrap_or(0).min(4096));
        while let Some((key, value)) = access.next_entry::<String, Value>()? {
            map.insert(Arc::from(key), value);
        }
        Ok(Value::object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
