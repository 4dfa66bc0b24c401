//! The members of a JSON object: keys in document order, each once.
//!
//! Most objects that flow between states are small (a template's handful of fields, an
//! item of a Map), so members sit in one vector and a key is found by comparing, which for a
//! dozen keys is faster than hashing and needs no table: an `IndexMap` of four members took
//! three allocations and about 420 bytes, this takes one and 176. Keys written by the same
//! template are the same `Arc`, so most comparisons end at the pointer. Past
//! [`INDEXED_FROM`] members a hash index (an `IndexMap` from key to position, keyed SipHash
//! as before, so that no input can make lookups quadratic) is kept beside them; it is only
//! looked up, never iterated.
//!
//! The API follows `IndexMap`'s names for what the crate uses: `insert` keeps a replaced
//! key's position, `shift_remove` keeps the others' order.

use std::fmt;
use std::sync::Arc;

use super::Value;

/// From this many members on, lookups go through a hash index.
pub(super) const INDEXED_FROM: usize = 16;

#[derive(Clone, Default)]
pub struct Map {
    entries: Vec<(Arc<str>, Value)>,
    /// Position of each key, kept only for large maps (boxed: most maps have none, and the
    /// field then costs one word).
    #[allow(clippy::box_collection)]
    index: Option<Box<indexmap::IndexMap<Arc<str>, usize>>>,
}

impl Map {
    pub fn new() -> Map {
        Map::default()
    }

    pub fn with_capacity(capacity: usize) -> Map {
        Map {
            entries: Vec::with_capacity(capacity),
            index: None,
        }
    }

    /// A map of `entries`, whose keys the caller knows are distinct (a parsed object's,
    /// checked as it was read).
    pub(super) fn from_distinct(entries: Vec<(Arc<str>, Value)>) -> Map {
        let mut map = Map { entries, index: None };
        if map.entries.len() >= INDEXED_FROM {
            map.reindex();
        }
        map
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Position of `key`, if present.
    #[inline]
    pub fn get_index_of(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(name, _)| same_key(name, key)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.get_index_of(key).map(|position| &self.entries[position].1)
    }

    pub fn get_key_value(&self, key: &str) -> Option<(&Arc<str>, &Value)> {
        self.get_index_of(key).map(|position| {
            let (name, value) = &self.entries[position];
            (name, value)
        })
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.get_index_of(key).map(|position| &mut self.entries[position].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get_index_of(key).is_some()
    }

    pub fn get_index(&self, position: usize) -> Option<(&Arc<str>, &Value)> {
        self.entries.get(position).map(|(name, value)| (name, value))
    }

    pub fn first(&self) -> Option<(&Arc<str>, &Value)> {
        self.get_index(0)
    }

    pub fn last(&self) -> Option<(&Arc<str>, &Value)> {
        self.entries.last().map(|(name, value)| (name, value))
    }

    /// Sets `key` to `value`. A key already present keeps its position and its old value is
    /// returned; a new key goes last.
    pub fn insert(&mut self, key: Arc<str>, value: Value) -> Option<Value> {
        if let Some(position) = self.get_index_of(&key) {
            return Some(std::mem::replace(&mut self.entries[position].1, value));
        }
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.entries.len());
        }
        self.entries.push((key, value));
        if self.index.is_none() && self.entries.len() >= INDEXED_FROM {
            self.reindex();
        }
        None
    }

    /// Appends `key`, which the caller knows is not a key of the map yet (a template's
    /// members, checked once when it is compiled): `insert` without the search.
    #[inline]
    pub fn push_new(&mut self, key: Arc<str>, value: Value) {
        debug_assert!(!self.contains_key(&key), "push_new of a key already present");
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.entries.len());
        }
        self.entries.push((key, value));
        if self.index.is_none() && self.entries.len() >= INDEXED_FROM {
            self.reindex();
        }
    }

    /// The value of `key`, inserted first (last in order) from `make` when missing.
    pub fn get_or_insert_with(&mut self, key: &Arc<str>, make: impl FnOnce() -> Value) -> &mut Value {
        let position = match self.get_index_of(key) {
            Some(position) => position,
            None => {
                self.insert(key.clone(), make());
                self.entries.len() - 1
            }
        };
        &mut self.entries[position].1
    }

    /// Removes `key`, keeping the order of the others.
    pub fn shift_remove(&mut self, key: &str) -> Option<Value> {
        let position = self.get_index_of(key)?;
        let (_, value) = self.entries.remove(position);
        self.reindex();
        Some(value)
    }

    /// Keeps the members for which `keep` is true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&Arc<str>, &mut Value) -> bool) {
        self.entries.retain_mut(|(name, value)| keep(name, value));
        self.reindex();
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.index = None;
    }

    /// Gives back the room a growing vector kept beyond the members (a parsed object of five
    /// members had room for eight).
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }

    pub fn reserve(&mut self, additional: usize) {
        self.entries.reserve(additional);
    }

    pub fn iter(&self) -> Iter<'_> {
        Iter {
            inner: self.entries.iter(),
        }
    }

    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&Arc<str>, &mut Value)> + ExactSizeIterator {
        self.entries.iter_mut().map(|(name, value)| (&*name, value))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Arc<str>> + ExactSizeIterator {
        self.entries.iter().map(|(name, _)| name)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.entries.iter().map(|(_, value)| value)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Value> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, value)| value)
    }

    pub fn into_values(self) -> impl DoubleEndedIterator<Item = Value> + ExactSizeIterator {
        self.entries.into_iter().map(|(_, value)| value)
    }

    pub fn into_keys(self) -> impl DoubleEndedIterator<Item = Arc<str>> + ExactSizeIterator {
        self.entries.into_iter().map(|(name, _)| name)
    }

    /// Sorts the members by key (used where output must not depend on insertion order).
    pub fn sort_keys(&mut self) {
        crate::sort::sort_by(&mut self.entries, |(a, _), (b, _)| a.cmp(b));
        self.reindex();
    }

    fn reindex(&mut self) {
        if self.entries.len() < INDEXED_FROM {
            self.index = None;
            return;
        }
        let index = self.index.get_or_insert_with(Box::default);
        index.clear();
        index.reserve(self.entries.len());
        for (position, (name, _)) in self.entries.iter().enumerate() {
            index.insert(name.clone(), position);
        }
    }
}

/// Whether a member's key is `key`: by length first, then by pointer (keys written by the
/// same template or read from the same document are the same `Arc`), then byte by byte. Keys
/// are short, and comparing them here costs less than a call to `memcmp` (which a path's
/// lookup made for every key of the right length: a quarter of the cost of `$.id`).
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn same_key(name: &str, key: &str) -> bool {
    name.len() == key.len()
        && (std::ptr::eq(name.as_ptr(), key.as_ptr()) || same_bytes(name.as_bytes(), key.as_bytes()))
}

/// In WebAssembly, the plain comparison: less code in the playground's first load.
#[cfg(target_arch = "wasm32")]
pub(super) fn same_key(name: &str, key: &str) -> bool {
    name == key
}

/// Whether two byte strings of the same length are equal: up to 16 bytes by two overlapping
/// loads from each end (of 8, 4 or 1 bytes), longer ones through the slice comparison.
#[cfg(not(target_arch = "wasm32"))]
fn same_bytes(left: &[u8], right: &[u8]) -> bool {
    fn word8(bytes: &[u8]) -> u64 {
        u64::from_le_bytes(bytes.try_into().unwrap_or_default())
    }
    fn word4(bytes: &[u8]) -> u32 {
        u32::from_le_bytes(bytes.try_into().unwrap_or_default())
    }
    let len = left.len();
    match len {
        0 => true,
        1..4 => left[0] == right[0] && left[len / 2] == right[len / 2] && left[len - 1] == right[len - 1],
        4..8 => word4(&left[..4]) == word4(&right[..4]) && word4(&left[len - 4..]) == word4(&right[len - 4..]),
        8..=16 => word8(&left[..8]) == word8(&right[..8]) && word8(&left[len - 8..]) == word8(&right[len - 8..]),
        _ => left == right,
    }
}

/// Two maps are equal when they hold the same keys with equal values, in any order (JSON
/// object equality).
impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        self.len() == other.len() && self.iter().all(|(key, value)| other.get(key) == Some(value))
    }
}

impl fmt::Debug for Map {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_map().entries(self.iter()).finish()
    }
}

pub struct Iter<'a> {
    inner: std::slice::Iter<'a, (Arc<str>, Value)>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Arc<str>, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(|(name, value)| (name, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(|(name, value)| (name, value))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a Arc<str>, &'a Value);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for Map {
    type Item = (Arc<str>, Value);
    type IntoIter = std::vec::IntoIter<(Arc<str>, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<K: Into<Arc<str>>> FromIterator<(K, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Map {
        let mut map = Map::new();
        map.extend(iter);
        map
    }
}

impl<K: Into<Arc<str>>> Extend<(K, Value)> for Map {
    fn extend<I: IntoIterator<Item = (K, Value)>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        self.reserve(iter.size_hint().0);
        for (key, value) in iter {
            self.insert(key.into(), value);
        }
    }
}

impl<const N: usize, K: Into<Arc<str>>> From<[(K, Value); N]> for Map {
    fn from(members: [(K, Value); N]) -> Map {
        members.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-wise comparison agrees with the slice comparison at every length it handles
    /// and past it, whichever byte differs.
    #[test]
    fn same_bytes_is_slice_equality() {
        for len in 0..=20usize {
            let left: Vec<u8> = (0..len as u8).map(|byte| b'a' + byte).collect();
            assert!(same_bytes(&left, &left.clone()), "length {len}");
            for position in 0..len {
                let mut right = left.clone();
                right[position] ^= 0x20;
                assert!(!same_bytes(&left, &right), "length {len}, byte {position}");
            }
        }
        assert!(same_key("id", &String::from("id")));
        assert!(!same_key("id", "ids"));
    }

    fn key(text: &str) -> Arc<str> {
        Arc::from(text)
    }

    #[test]
    fn insert_keeps_the_first_position_and_returns_the_old_value() {
        let mut map = Map::new();
        assert_eq!(map.insert(key("a"), Value::from_i64(1)), None);
        assert_eq!(map.insert(key("b"), Value::from_i64(2)), None);
        assert_eq!(map.insert(key("a"), Value::from_i64(3)), Some(Value::from_i64(1)));
        let keys: Vec<&str> = map.keys().map(|name| &**name).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(map.get("a"), Some(&Value::from_i64(3)));
    }

    #[test]
    fn large_maps_find_keys_through_their_index_after_every_change() {
        let mut map = Map::new();
        for number in 0..100 {
            map.insert(key(&format!("k{number}")), Value::from_i64(number));
        }
        assert!(map.index.is_some());
        assert_eq!(map.get("k57"), Some(&Value::from_i64(57)));
        assert_eq!(map.shift_remove("k10"), Some(Value::from_i64(10)));
        assert_eq!(map.get("k10"), None);
        assert_eq!(map.get_index_of("k11"), Some(10));
        map.retain(|name, _| name.ends_with('7'));
        assert_eq!(map.len(), 10);
        assert!(map.index.is_none());
        assert_eq!(map.get("k97"), Some(&Value::from_i64(97)));
        let keys: Vec<&str> = map.keys().map(|name| &**name).collect();
        assert_eq!(keys[..3], ["k7", "k17", "k27"]);
    }

    #[test]
    fn equality_ignores_order() {
        let a: Map = [("x", Value::from_i64(1)), ("y", Value::Null)].into();
        let b: Map = [("y", Value::Null), ("x", Value::from_i64(1))].into();
        let c: Map = [("y", Value::Null), ("x", Value::from_i64(2))].into();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn shift_remove_keeps_order() {
        let mut map: Map = [("a", Value::Null), ("b", Value::Null), ("c", Value::Null)].into();
        map.shift_remove("a");
        let keys: Vec<&str> = map.keys().map(|name| &**name).collect();
        assert_eq!(keys, ["b", "c"]);
    }
}
