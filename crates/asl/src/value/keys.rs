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

/// A direct-mapped cache of shared strings, by an FNV-1a hash of their text.
#[derive(Default)]
struct RecentStrings {
    slots: [Option<Arc<str>>; RecentStrings::SLOTS],
}

impl RecentStrings {
    const SLOTS: usize = 32;

    fn slot(text: &str) -> usize {
        let mut hash: u32 = 0x811c_9dc5;
        for byte in text.bytes() {
            hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
        }
        (hash ^ (hash >> 16)) as usize % RecentStrings::SLOTS
    }

    /// The shared string of `text` if it is in the cache, and the slot it would take.
    fn get(&self, text: &str) -> (Option<&Arc<str>>, usize) {
        let slot = RecentStrings::slot(text);
        let found = self.slots[slot].as_ref().filter(|shared| ***shared == *text);
        (found, slot)
    }
}

impl Keys {
    /// Enough for any real document's vocabulary; past it, keys are no longer shared, so that a
    /// document of only distinct keys does not keep a second table of them all.
    const MAX: usize = 4096;

    pub(super) fn key(&mut self, text: &str) -> Arc<str> {
        let (found, slot) = self.recent_keys.get(text);
        if let Some(key) = found {
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
        self.recent_keys.slots[slot] = Some(key.clone());
        key
    }

    /// Strings up to this many bytes are kept once (`string`).
    const SHORT: usize = 8;

    /// A string value: one shared copy of each short one, while the table has room.
    pub(super) fn string(&mut self, text: &str) -> Value {
        if text.len() > Keys::SHORT {
            return Value::from(text);
        }
        let (found, slot) = self.recent_short.get(text);
        if let Some(shared) = found {
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
        self.recent_short.slots[slot] = Some(shared.clone());
        Value::String(shared)
    }
}
