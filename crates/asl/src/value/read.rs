//! Reading JSON text into a `Value`: `parse`, a reader written for our values, and serde's
//! `Deserialize`, which `Value::from_json` falls back on and other documents' types use.
//!
//! Both read a document the same way (`Reading`): each distinct key and short string once
//! (`Keys`), each container in one allocation of its exact size, its facts learnt as it is
//! built. `parse` accepts only text that serde_json accepts too, and gives the same value; it
//! leaves everything else to serde_json (`None`), which then reports the error with its
//! line and column, or reads what `parse` does not handle itself (a lone surrogate escape,
//! nesting of 128 levels). Through serde, reading map-10000's input (538 KB) took about
//! 5,200 instructions an item: a visitor and an access object per value, the key read into a
//! scratch buffer before it is looked up.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::facts::Facts;
use super::keys::Keys;
use super::len::{escape_flags, quoted_len};
use super::{Array, Map, Number, Object, Value, from_known_members, map};

/// serde_json stops at 128 levels of arrays and objects (its recursion limit); `parse` leaves
/// a document that reaches them to serde_json, which reports it.
const MAX_NESTING: usize = 128;

/// `text` read as a value, or `None` when it is not JSON as serde_json reads it (or uses what
/// only serde_json's reader handles): then `serde_json::from_str` reads it.
pub(super) fn parse(text: &str) -> Option<Value> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        nesting: 0,
        reading: Reading::default(),
        unescaped: String::new(),
    };
    let (value, _) = parser.value()?;
    parser.skip_whitespace();
    (parser.at == parser.bytes.len()).then_some(value)
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    nesting: usize,
    reading: Reading,
    /// The text of a string with escapes, once they are replaced.
    unescaped: String,
}

impl Parser<'_> {
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The next value, and its length as compact JSON (which a container's facts add up, so
    /// that no string is scanned again to measure it).
    fn value(&mut self) -> Option<(Value, usize)> {
        self.skip_whitespace();
        match *self.bytes.get(self.at)? {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => Some(match self.string()? {
                // No escape: the text is written back as it was read.
                Text::Borrowed(start, end) => (self.reading.keys.string(&self.text[start..end]), end - start + 2),
                Text::Unescaped => (self.reading.keys.string(&self.unescaped), quoted_len(&self.unescaped)),
            }),
            b't' => self.literal(b"true", Value::Bool(true)),
            b'f' => self.literal(b"false", Value::Bool(false)),
            b'n' => self.literal(b"null", Value::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Option<(Value, usize)> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| {
            self.at = end;
            (value, word.len())
        })
    }

    /// A number: an integer of up to 18 digits here; a fraction, an exponent, a larger
    /// integer or `-0` (a float for serde_json) as serde_json reads the same characters alone
    /// (`Number::from_str`).
    fn number(&mut self) -> Option<(Value, usize)> {
        let start = self.at;
        let negative = self.bytes[start] == b'-';
        let digits_start = start + usize::from(negative);
        let mut end = digits_start;
        let mut significand: u64 = 0;
        while let Some(&byte @ b'0'..=b'9') = self.bytes.get(end) {
            significand = significand.wrapping_mul(10).wrapping_add(u64::from(byte - b'0'));
            end += 1;
        }
        let n_digits = end - digits_start;
        if n_digits == 0 || (self.bytes[digits_start] == b'0' && n_digits > 1) {
            return None;
        }
        let simple = n_digits <= 18
            && !matches!(self.bytes.get(end), Some(b'.' | b'e' | b'E'))
            && !(negative && significand == 0);
        if simple {
            self.at = end;
            let number = match negative {
                // At most 18 digits: within i64.
                true => Number::from(-(significand as i64)),
                false => Number::from(significand),
            };
            // Written back as read: no leading zero, no sign but a minus.
            return Some((Value::Number(number), end - start));
        }
        while let Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') = self.bytes.get(end) {
            end += 1;
        }
        // serde_json's own reading of a number, the same code (and rounding, whichever of
        // its float features a build has) as within a document.
        let value = Value::Number(self.text[start..end].parse::<Number>().ok()?);
        self.at = end;
        let json_len = value.json_len();
        Some((value, json_len))
    }

    /// A string's text, after its opening quote: a range of the document when it has no
    /// escape, else in `unescaped`. `None` for a control character, an unknown escape or a
    /// surrogate escape (serde_json's errors, or its replacement of a lone surrogate).
    fn string(&mut self) -> Option<Text> {
        let start = self.at + 1;
        let mut at = start;
        loop {
            at = self.next_flagged(at);
            match *self.bytes.get(at)? {
                b'"' => {
                    self.at = at + 1;
                    return Some(Text::Borrowed(start, at));
                }
                b'\\' => return self.escaped_string(start, at),
                0..0x20 => return None,
                _ => at += 1,
            }
        }
    }

    /// From `at`, eight bytes at a time while none is a quote, a backslash or a control
    /// character, then straight to the first one that is; within the last seven bytes, `at`
    /// itself (the caller goes on byte by byte).
    fn next_flagged(&self, mut at: usize) -> usize {
        while let Some(word) = self
            .bytes
            .get(at..at + 8)
            .and_then(|word| <[u8; 8]>::try_from(word).ok())
        {
            let flags = escape_flags(u64::from_le_bytes(word));
            if flags != 0 {
                return at + (flags.trailing_zeros() / 8) as usize;
            }
            at += 8;
        }
        at
    }

    fn escaped_string(&mut self, start: usize, first_escape: usize) -> Option<Text> {
        self.unescaped.clear();
        self.unescaped.push_str(&self.text[start..first_escape]);
        let mut at = first_escape;
        let mut run_start = at;
        loop {
            at = self.next_flagged(at);
            match *self.bytes.get(at)? {
                b'"' => {
                    self.unescaped.push_str(&self.text[run_start..at]);
                    self.at = at + 1;
                    return Some(Text::Unescaped);
                }
                b'\\' => {
                    self.unescaped.push_str(&self.text[run_start..at]);
                    let unescaped = match *self.bytes.get(at + 1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hex = self.text.get(at + 2..at + 6)?;
                            if !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                                return None;
                            }
                            let code = u32::from_str_radix(hex, 16).ok()?;
                            // Surrogates (pairs and lone ones) are left to serde_json.
                            let unescaped = char::from_u32(code)?;
                            at += 4;
                            unescaped
                        }
                        _ => return None,
                    };
                    self.unescaped.push(unescaped);
                    at += 2;
                    run_start = at;
                }
                0..0x20 => return None,
                _ => at += 1,
            }
        }
    }

    fn object(&mut self) -> Option<(Value, usize)> {
        self.enter()?;
        let start = self.reading.members.len();
        let mut large = None;
        let mut facts = Facts { depth: 0, json_len: 1 };
        let mut duplicate = false;
        self.skip_whitespace();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
        } else {
            loop {
                if self.bytes.get(self.at) != Some(&b'"') {
                    return None;
                }
                let (key, key_len) = match self.string()? {
                    Text::Borrowed(start, end) => (self.reading.keys.key(&self.text[start..end]), end - start + 2),
                    Text::Unescaped => (self.reading.keys.key(&self.unescaped), quoted_len(&self.unescaped)),
                };
                self.skip_whitespace();
                if self.bytes.get(self.at) != Some(&b':') {
                    return None;
                }
                self.at += 1;
                let (value, value_len) = self.value()?;
                // A comma or the closing brace after each member, the key, a colon, the value.
                facts.json_len = facts.json_len.saturating_add(key_len + 2).saturating_add(value_len);
                facts.depth = facts.depth.max(depth_of(&value).saturating_add(1));
                duplicate |= self.reading.add_member(start, &mut large, key, value);
                self.skip_whitespace();
                match self.bytes.get(self.at)? {
                    b',' => {
                        self.at += 1;
                        self.skip_whitespace();
                    }
                    b'}' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.nesting -= 1;
        if start == self.reading.members.len() && large.is_none() {
            facts.json_len = 2;
        }
        let known = (!duplicate).then_some(facts);
        let value = self.reading.object(start, large, known);
        let json_len = known.map_or_else(|| value.json_len(), |facts| facts.json_len);
        Some((value, json_len))
    }

    fn array(&mut self) -> Option<(Value, usize)> {
        self.enter()?;
        let start = self.reading.items.len();
        let mut facts = Facts { depth: 0, json_len: 1 };
        self.skip_whitespace();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
        } else {
            loop {
                let (item, item_len) = self.value()?;
                // A comma or the closing bracket after each item.
                facts.json_len = facts.json_len.saturating_add(item_len + 1);
                facts.depth = facts.depth.max(depth_of(&item).saturating_add(1));
                self.reading.items.push(item);
                self.skip_whitespace();
                match self.bytes.get(self.at)? {
                    b',' => self.at += 1,
                    b']' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.nesting -= 1;
        if start == self.reading.items.len() {
            facts.json_len = 2;
        }
        let value = self.reading.array(start, Some(facts));
        Some((value, facts.json_len))
    }

    /// Past the opening bracket of a container, one level deeper.
    fn enter(&mut self) -> Option<()> {
        self.at += 1;
        self.nesting += 1;
        (self.nesting < MAX_NESTING).then_some(())
    }
}

/// Where a string's text is: `Borrowed(start, end)` in the document, or in `unescaped`.
enum Text {
    Borrowed(usize, usize),
    Unescaped,
}

/// What a parse shares between the containers of one document: its keys and short strings
/// (`Keys`), and two stacks the members of the containers being read are gathered on, so that
/// each container gets one allocation of exactly its size once it ends, instead of a vector
/// grown member by member and then shrunk (a reallocation each: a list of one tag had room
/// for four, then gave three back).
#[derive(Default)]
struct Reading {
    keys: Keys,
    items: Vec<Value>,
    members: Vec<(Arc<str>, Value)>,
}

/// The members from `start` on of a stack, as a vector of their exact size. A few are copied
/// into one allocation, and the stack keeps its room (`split_off` at 0 would hand over the
/// stack itself, with all its room). Many (`LARGE`) take the stack's own buffer, given back
/// down to their size, and the members below them move to a new stack: copying them instead
/// held a document's largest array twice at once (an input of 20 million numbers peaked at
/// 981 MB instead of 513).
fn take_from<T>(stack: &mut Vec<T>, start: usize) -> Vec<T> {
    const LARGE: usize = 4096;
    let len = stack.len() - start;
    if len < LARGE {
        if start > 0 {
            return stack.split_off(start);
        }
        let mut res = Vec::with_capacity(len);
        res.append(stack);
        return res;
    }
    let mut res = std::mem::take(stack);
    stack.extend(res.drain(..start));
    res.shrink_to_fit();
    res
}

impl Reading {
    /// Adds a member to the object whose members start at `start` on the stack. Duplicate
    /// keys: the last value wins, in the first one's place (`Map::insert`). Past
    /// `map::INDEXED_FROM` members the object moves into `large`, so that a duplicate key is
    /// found through the map's index rather than by comparing with every member before it.
    ///
    /// Whether `key` was there already.
    fn add_member(&mut self, start: usize, large: &mut Option<Map>, key: Arc<str>, value: Value) -> bool {
        if let Some(map) = large {
            return map.insert(key, value).is_some();
        }
        let members = &mut self.members[start..];
        if let Some(member) = members.iter_mut().find(|(name, _)| map::same_key(name, &key)) {
            member.1 = value;
            return true;
        }
        if members.len() + 1 < map::INDEXED_FROM {
            self.members.push((key, value));
            return false;
        }
        let mut map = Map::with_capacity(members.len() + 1);
        map.extend(self.members.drain(start..));
        map.push_new(key, value);
        *large = Some(map);
        false
    }

    /// The object whose members start at `start` on the stack (or moved into `large`), with
    /// its facts if the reader knows them.
    ///
    /// A container read from text learns its facts as it is built, from its members' (built
    /// before it): the first state that receives a large document does not walk it.
    fn object(&mut self, start: usize, large: Option<Map>, facts: Option<Facts>) -> Value {
        let map = match large {
            Some(mut map) => {
                map.shrink_to_fit();
                map
            }
            None => Map::from_distinct(take_from(&mut self.members, start)),
        };
        let object = Object::from(map);
        if let Some(facts) = facts {
            object.facts.set(facts);
        }
        let value = Value::Object(Arc::new(object));
        if facts.is_none() {
            from_known_members(&value);
        }
        value
    }

    /// The array whose items start at `start` on the stack (`object`).
    fn array(&mut self, start: usize, facts: Option<Facts>) -> Value {
        let array = Array::from(take_from(&mut self.items, start));
        if let Some(facts) = facts {
            array.facts.set(facts);
        }
        let value = Value::Array(Arc::new(array));
        if facts.is_none() {
            from_known_members(&value);
        }
        value
    }
}

/// The depth of a value whose facts are known (any value read here).
fn depth_of(value: &Value) -> usize {
    let facts = match value {
        Value::Array(items) => items.facts.depth(),
        Value::Object(members) => members.facts.depth(),
        _ => None,
    };
    facts.unwrap_or(0)
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        let reading = RefCell::new(Reading::default());
        ValueSeed { reading: &reading }.deserialize(deserializer)
    }
}

struct ValueSeed<'k> {
    reading: &'k RefCell<Reading>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

struct KeySeed<'k> {
    reading: &'k RefCell<Reading>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Arc<str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Arc<str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Arc<str>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_str<E>(self, text: &str) -> Result<Arc<str>, E> {
        Ok(self.reading.borrow_mut().keys.key(text))
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
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
        Ok(self.reading.borrow_mut().keys.string(text))
    }

    fn visit_string<E>(self, text: String) -> Result<Value, E> {
        Ok(self.reading.borrow_mut().keys.string(&text))
    }

    // A document is read once and then kept, often whole, for the run (the execution's input,
    // a Map's items): each container is allocated at its exact size (`Reading`).
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        // In WebAssembly serde reads every document (`Value::from_json`): a vector of its own
        // per container is less code in the playground's first load than the shared stacks.
        #[cfg(target_arch = "wasm32")]
        {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element_seed(ValueSeed { reading: self.reading })? {
                items.push(item);
            }
            items.shrink_to_fit();
            let value = Value::array(items);
            from_known_members(&value);
            Ok(value)
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let start = self.reading.borrow().items.len();
            while let Some(item) = seq.next_element_seed(ValueSeed { reading: self.reading })? {
                self.reading.borrow_mut().items.push(item);
            }
            Ok(self.reading.borrow_mut().array(start, None))
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        // As `visit_seq`: in WebAssembly, a map of its own per object.
        #[cfg(target_arch = "wasm32")]
        {
            let mut map = Map::new();
            while let Some(key) = access.next_key_seed(KeySeed { reading: self.reading })? {
                let value = access.next_value_seed(ValueSeed { reading: self.reading })?;
                map.insert(key, value);
            }
            map.shrink_to_fit();
            let value = Value::object(map);
            from_known_members(&value);
            Ok(value)
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let start = self.reading.borrow().members.len();
            let mut large = None;
            while let Some(key) = access.next_key_seed(KeySeed { reading: self.reading })? {
                let value = access.next_value_seed(ValueSeed { reading: self.reading })?;
                self.reading.borrow_mut().add_member(start, &mut large, key, value);
            }
            Ok(self.reading.borrow_mut().object(start, large, None))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse` reads what serde_json reads, into the same value with the same facts, and
    /// leaves to it everything else (so that its errors and their positions stay serde_json's).
    fn check(text: &str) {
        let through_serde: Result<Value, _> = serde_json::from_str(text);
        let fast = parse(text);
        let from_json = Value::from_json(text);
        match (&through_serde, &fast) {
            (Ok(expected), Some(value)) => {
                assert_eq!(value.to_json(), expected.to_json(), "{text}");
                assert_eq!(value.json_len(), value.to_json().len(), "{text}");
                let depth = super::super::depth(expected);
                assert!(
                    !value.nests_deeper_than(depth) && (depth == 0 || value.nests_deeper_than(depth - 1)),
                    "{text}"
                );
            }
            (Err(_), Some(value)) => panic!("{text}: serde_json fails, parse read {value}"),
            _ => {}
        }
        match (through_serde, from_json) {
            (Ok(expected), Ok(value)) => assert_eq!(value.to_json(), expected.to_json(), "{text}"),
            (Err(expected), Err(error)) => assert_eq!(error.to_string(), expected.to_string(), "{text}"),
            (expected, value) => panic!("{text}: {expected:?} against {value:?}"),
        }
    }

    #[test]
    fn reads_as_serde_json_reads() {
        let nested = |levels: usize| "[".repeat(levels) + &"]".repeat(levels);
        let texts = [
            "null",
            " true ",
            "false",
            "0",
            "-1",
            "7",
            "-0",
            "-0.0",
            "1.5",
            "1e3",
            "1E-3",
            "-2.5e+10",
            "123456789012345678",
            "1234567890123456789",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "0.1",
            "3.141592653589793238462643383279",
            "1e400",
            "01",
            "-",
            "1.",
            ".5",
            "+1",
            "1e",
            "--1",
            "NaN",
            "nul",
            "truex",
            "",
            "  ",
            "\"\"",
            "\"plain\"",
            "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
            "\"\\u0041\\u00e9\\u20ac\"",
            "\"\\u0000\\u001f\"",
            "\"\\ud83d\\ude00\"",
            "\"\\ud83d\"",
            "\"\\ude00\"",
            "\"\\ud83dx\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "\"tab\there\"",
            "\"line\nbreak\"",
            "\"unterminated",
            "\"héllo wörld, a longer string past eight bytes €\"",
            "\"12345678\"",
            "\"1234567\\\"89\"",
            "[]",
            "{}",
            "[ ]",
            "{ }",
            "[1,2,3]",
            "[1,]",
            "[,1]",
            "[1 2]",
            "{\"a\":1,}",
            "{,}",
            "{\"a\" 1}",
            "{\"a\":}",
            "{1:2}",
            "{\"a\":1 \"b\":2}",
            "[1]x",
            "[1] ",
            "\u{feff}[]",
            " \t\n\r{ \"a\" : [ 1 , { \"b\" : null } ] , \"c\" : \"d\" } \n",
            "{\"a\":1,\"a\":2}",
            "{\"a\":{\"x\":1},\"b\":2,\"a\":\"longer text\"}",
            "[{\"id\":1,\"tags\":[\"a\",\"b\"]},{\"id\":2,\"tags\":[]}]",
            "[[[]],{},[{}]]",
            "{\"\\u0061\":1,\"a\":2}",
            "{\"k\\n\":\"v\\u0001\"}",
        ];
        for text in texts {
            check(text);
        }
        for levels in [1, 2, 126, 127, 128, 129, 400] {
            check(&nested(levels));
        }
        let members: Vec<String> = (0..40).map(|key| format!("\"k{}\":{key}", key % 23)).collect();
        check(&format!("{{{}}}", members.join(",")));
    }

    #[test]
    fn takes_a_container_off_its_stack_whatever_its_size() {
        for (below, len) in [(0, 3), (2, 3), (0, 5000), (3, 5000)] {
            let mut stack: Vec<usize> = (0..below + len).collect();
            let taken = take_from(&mut stack, below);
            assert_eq!(stack, (0..below).collect::<Vec<_>>(), "{below} below {len}");
            assert_eq!(taken, (below..below + len).collect::<Vec<_>>(), "{below} below {len}");
            assert_eq!(taken.capacity(), len, "{below} below {len}");
        }
        // A large array behind a sibling, read whole (the stack's buffer moves with it).
        let text = format!("[1,[{}],2]", vec!["7"; 5000].join(","));
        check(&text);
    }

    #[test]
    fn shares_keys_and_short_strings_as_serde_reading_does() {
        let text = r#"[{"id":"ab","v":"a long string value"},{"id":"ab","v":"a long string value"}]"#;
        let value = parse(text).unwrap();
        let items = value.as_array().unwrap();
        let (first, second) = (items[0].as_object().unwrap(), items[1].as_object().unwrap());
        let (key_a, key_b) = (first.keys().next().unwrap(), second.keys().next().unwrap());
        assert!(Arc::ptr_eq(key_a, key_b));
        let string = |object: &Object, key: &str| match object.get(key) {
            Some(Value::String(text)) => text.clone(),
            _ => unreachable!(),
        };
        assert!(Arc::ptr_eq(&string(first, "id"), &string(second, "id")));
        assert!(!Arc::ptr_eq(&string(first, "v"), &string(second, "v")));
    }
}
