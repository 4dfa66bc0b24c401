//! A long history kept lean: the events that hold a value a run has left, found by walking
//! back its run's events (`holders`), and that value replaced in them by its JSON text
//! (`compact_payload`, `replace_with_text`). `exec/lean.rs` decides when.

use std::sync::Arc;

use super::{EventId, EventKind, HistoryEvent, ItemTexts, LeanTexts, Payload, PayloadRepr, container_address, holds};
use crate::value::Value;

/// Replaces `value`, wherever the state events at `positions` hold it, by its JSON text, if
/// these events and `held_elsewhere` references are all there are: then the text is all that
/// remains of it once those references go, and it takes a fraction of the memory (a
/// four-member object takes about 290 bytes as a value and 80 as text).
///
/// `item`: the value is item `n` of a long Map whose input is text (`ItemTexts`); the events
/// then point there instead of holding a text of their own.
pub(crate) fn compact_payload(
    log: &mut [HistoryEvent],
    positions: &[usize],
    value: &Value,
    held_elsewhere: usize,
    texts: &mut LeanTexts,
    item: Option<(Arc<ItemTexts>, u32)>,
) {
    let strong = match value {
        Value::Object(object) => Arc::strong_count(object),
        Value::Array(array) => Arc::strong_count(array),
        _ => return,
    };
    let Some(address) = container_address(value) else {
        return;
    };
    let in_events = positions
        .iter()
        .filter(|&&position| log.get(position).is_some_and(|event| holds(event, address)))
        .count();
    if in_events == 0 || in_events + held_elsewhere != strong {
        return;
    }
    let repr = match item {
        Some((texts, index)) => PayloadRepr::Item(texts, index),
        None => match texts.write(value) {
            Some(repr) => repr,
            None => return,
        },
    };
    for &position in positions {
        if let Some(event) = log.get_mut(position)
            && holds(event, address)
            && let EventKind::StateEntered { input: payload, .. } | EventKind::StateExited { output: payload, .. } =
                &mut event.kind
        {
            payload.0 = repr.clone();
        }
    }
}

/// Whether the event at `position` holds `value` as a value: a state event's payload or
/// ExecutionStarted's input.
pub(crate) fn holds_value(log: &[HistoryEvent], position: usize, value: &Value) -> bool {
    log.get(position).is_some_and(|event| match &event.kind {
        EventKind::ExecutionStarted { input: payload, .. }
        | EventKind::StateEntered { input: payload, .. }
        | EventKind::StateExited { output: payload, .. } => payload.is_container(value),
        _ => false,
    })
}

/// Replaces `value` by `text` in the events at `positions` that hold it (`holds_value`).
pub(crate) fn replace_with_text(log: &mut [HistoryEvent], positions: &[usize], value: &Value, text: &Arc<str>) {
    let text = Arc::new(text.clone());
    for &position in positions {
        if let Some(event) = log.get_mut(position)
            && let EventKind::ExecutionStarted { input: payload, .. }
            | EventKind::StateEntered { input: payload, .. }
            | EventKind::StateExited { output: payload, .. } = &mut event.kind
            && payload.is_container(value)
        {
            *payload = Payload::json(text.clone());
        }
    }
}

/// How far back `holders` looks for the events that hold a state's input.
const HOLDERS_WALK: usize = 32;

/// The positions in `log` of the state events that hold `value`, the input of a state a run
/// has left: walking back the run's events from its last (`last`), past the state's own events
/// (from `entered` on, its StateEntered) that do not hold it, then on through those before that
/// still do (the states before that passed the same value along: a Choice's input is its
/// output, and the next state's input). At most `HOLDERS_WALK` events.
pub(crate) fn holders(log: &[HistoryEvent], last: EventId, entered: EventId, value: &Value) -> Holders {
    let mut res = Holders {
        positions: [0; HOLDERS_WALK],
        len: 0,
    };
    let Some(address) = container_address(value) else {
        return res;
    };
    let mut id = last;
    for _ in 0..HOLDERS_WALK {
        let Some(event) = (id.0 as usize).checked_sub(1).and_then(|position| log.get(position)) else {
            break;
        };
        if holds(event, address) {
            res.positions[res.len] = id.0 as usize - 1;
            res.len += 1;
        } else if id.0 <= entered.0 {
            break;
        }
        id = event.previous_event_id;
    }
    res
}

/// Positions found by `holders`, without an allocation.
pub(crate) struct Holders {
    positions: [usize; HOLDERS_WALK],
    len: usize,
}

impl Holders {
    pub(crate) fn as_slice(&self) -> &[usize] {
        &self.positions[..self.len]
    }
}
