//! What a container knows of itself once computed: its nesting depth and its length as
//! compact JSON, kept beside its members (`Array`, `Object`) until they change.

use std::sync::atomic::{AtomicU64, Ordering};

/// What is known of a container once computed: how deep it nests (an empty container counts 0,
/// a non-empty one 1 more than its deepest member) and its length as compact JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Facts {
    pub(super) depth: usize,
    pub(super) json_len: usize,
}

/// A container's facts once known, in one atomic word rather than a `OnceLock`, whose first-time
/// initialisation cost more than computing the facts of a small object. Computing them is
/// idempotent, so two threads that race both store the same numbers. The depth can be known
/// without the length: the depth check runs at every transition, the length only when the
/// payload limit is on, and a string's length costs a scan of its bytes.
///
/// One word, not two: an object then takes 56 bytes with its counts, which the allocator
/// serves from a 64-byte chunk instead of an 80-byte one (3 MB over a 100,000-item Map's
/// items and results).
pub(super) struct FactsCell(AtomicU64);

/// The top 16 bits hold the depth plus one (0 while unknown); depths past 65,533 are out of
/// reach of the depth checks' limits anyway and saturate.
const DEPTH_SHIFT: u32 = 48;
const DEPTH_MAX: u64 = 0xFFFF;
/// The low 48 bits hold the length as compact JSON: `LEN_UNKNOWN` while unknown, `SATURATED`
/// for a length past what 48 bits hold (256 TiB: a value that shares a subtree many times can
/// be that long as text, and it is past any payload limit).
const LEN_MASK: u64 = (1 << DEPTH_SHIFT) - 1;
const LEN_UNKNOWN: u64 = LEN_MASK;
const SATURATED: u64 = LEN_MASK - 1;

impl Default for FactsCell {
    fn default() -> FactsCell {
        FactsCell(AtomicU64::new(LEN_UNKNOWN))
    }
}

impl FactsCell {
    pub(super) fn get(&self) -> Option<Facts> {
        let word = self.0.load(Ordering::Acquire);
        let depth = depth_of(word)?;
        let json_len = word & LEN_MASK;
        (json_len != LEN_UNKNOWN).then(|| Facts {
            depth,
            json_len: match json_len {
                SATURATED => usize::MAX,
                len => usize::try_from(len).unwrap_or(usize::MAX),
            },
        })
    }

    pub(super) fn depth(&self) -> Option<usize> {
        depth_of(self.0.load(Ordering::Acquire))
    }

    pub(super) fn set_depth(&self, depth: usize) {
        let bits = depth_bits(depth);
        // Keeps the length, if known. A load and a store, not a compare-and-swap (an atomic
        // read-modify-write, which the depth check paid at every transition): a length another
        // thread stores in between is lost, and only computed again.
        let word = self.0.load(Ordering::Relaxed);
        self.0.store((word & LEN_MASK) | bits, Ordering::Release);
    }

    pub(super) fn set(&self, facts: Facts) {
        let json_len = u64::try_from(facts.json_len).unwrap_or(SATURATED).min(SATURATED);
        self.0.store(depth_bits(facts.depth) | json_len, Ordering::Release);
    }
}

fn depth_of(word: u64) -> Option<usize> {
    let depth = word >> DEPTH_SHIFT;
    (depth != 0).then(|| depth as usize - 1)
}

fn depth_bits(depth: usize) -> u64 {
    let depth = u64::try_from(depth)
        .unwrap_or(u64::MAX)
        .saturating_add(1)
        .min(DEPTH_MAX);
    depth << DEPTH_SHIFT
}

impl Clone for FactsCell {
    fn clone(&self) -> FactsCell {
        FactsCell(AtomicU64::new(self.0.load(Ordering::Acquire)))
    }
}
