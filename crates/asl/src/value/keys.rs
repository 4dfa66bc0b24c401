//! Reading a document's keys and short strings once: `Keys`, the tables a parse shares
//! its strings through (`Deserialize for Value`).

use std::sync::Arc;

use super::Value;

/// The object keys of one document being read, each kept once: a list of a thousand items with
/// the same five keys holds five key strings, not five thousand (less memory, fewer
/// allocations, and comparisons that end at the pointer). Short string values are kept once
/// too (`short`), in a table of their own: tags, codes and states repeat across the items of
/// a list as keys do (100,000 items of one or two one-letter tags held 150,000 strings).
///
/// In front of each table sits a small cache of the strings last met, chosen by a cheap hash
/// of the text: the items of a list repeat the same few keys, and finding one there costs a
/// comparison instead of a SipHash and a probe (they were 6 % of reading map-10000's input).
/// The tables stay keyed SipHash, so a document crafted to collide in the cache only misses
/// it, and no input can make reading quadratic.
#[derive(Default)]
pub(super) struct Keys {
    seen: indexmap::IndexSet<Arc<str>>,
    short: indexmap::IndexSet<Arc<str>>,
    recent_keys: RecentStrings,
    recent_short: RecentStrings,
}

/// A direct-mapped cache of shared strings, by an FNV-1a hash of their text. It starts empty
/// and is made once a document has read `FROM` strings through the tables, so that reading a
/// small document (a task's answer, a mock) pays nothing for it.
#[derive(Default)]
struct RecentStrings {
    slots: Vec<Option<Arc<str>>>,
    read: usize,
}

impl RecentStrings {
    const SLOTS: usize = 32;
    const FROM: usize = 16;

    fn slot(text: &str) -> usize {
        let mut hash: u32 = 0x811c_9dc5;
        for byte in text.bytes() {
            hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
        }
        (hash ^ (hash >> 16)) as usize % RecentStrings::SLOTS
    }

    /// The shared string of `text`, if it is in the cache.
    fn get(&self, text: &str) -> Option<&Arc<str>> {
        if self.slots.is_empty() {
            return None;
        }
        self.slots
            .get(RecentStrings::slot(text))?
            .as_ref()
            .filter(|shared| super::map::same_key(shared, text))
    }

    /// Keeps `shared`, read through the tables, in its slot.
    fn keep(&mut self, shared: &Arc<str>) {
        if self.slots.is_empty() {
            self.read += 1;
            if self.read < RecentStrings::FROM {
                return;
            }
            self.slots = vec![None; RecentStrings::SLOTS];
        }
        if let Some(slot) = self.slots.get_mut(RecentStrings::slot(shared)) {
            *slot = Some(shared.clone());
        }
    }
}

impl Keys {
    /// Enough for any real document's vocabulary; past it, keys are no longer shared, so that a
    /// document of only distinct keys does not keep a second table of them all.
    const MAX: usize = 4096;

    pub(super) fn key(&mut self, text: &str) -> Arc<str> {
        if let Some(key) = self.recent_keys.get(text) {
            return key.clone();
        }
        let key = match self.seen.get(text) {
            Some(key) => key.clone(),
            None => {
                let key: Arc<str> = Arc::from(text);
                if self.seen.len() < Keys::MAX {
                    self.seen.insert(key.clone());
                }
                key
            }
        };
        self.recent_keys.keep(&key);
        key
    }

    /// Strings up to this many bytes are kept once (`string`).
    const SHORT: usize = 8;

    /// A string value: one shared copy of each short one, while the table has room.
    pub(super) fn string(&mut self, text: &str) -> Value {
        if text.len() > Keys::SHORT {
            return Value::from(text);
        }
        if let Some(shared) = self.recent_short.get(text) {
            return Value::String(shared.clone());
        }
        let shared = match self.short.get(text) {
            Some(shared) => shared.clone(),
            None => {
                let shared: Arc<str> = Arc::from(text);
                if self.short.len() < Keys::MAX {
                    self.short.insert(shared.clone());
                }
                shared
            }
        };
        self.recent_short.keep(&shared);
        Value::String(shared)
    }
}
