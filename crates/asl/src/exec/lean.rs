//! The lean history: the inputs of states runs have left, and a long inline Map's input, kept
//! as compact JSON text where only the history still holds them (ARCHITECTURE, `history`).

use std::sync::Arc;

use super::Execution;
use super::api::RunId;
use crate::history::{self, EventKind};
use crate::machine::ResultPath;
use crate::value::Value;

impl Execution {
    /// Notes the input of the state a run is leaving (its current state, about to be replaced
    /// or dropped), for `compact_left_inputs`.
    #[inline]
    pub(super) fn note_left_input(&mut self, run_id: RunId) {
        let run = &self.runs[run_id.0];
        let Some(current) = run.current.as_deref() else {
            return;
        };
        let log = match run
            .log()
            .checked_sub(1)
            .and_then(|index| self.child_executions.get(index))
        {
            Some(child) => &child.history,
            None => &self.history,
        };
        if log.len() < history::LEAN_FROM_EVENTS {
            return;
        }
        // The input as the state's StateEntered holds it: the run itself keeps it only while
        // the state's work goes on (`Current::raw_input`), and a Map's input made text is
        // text there too.
        let entered = current
            .entered_event
            .0
            .checked_sub(1)
            .and_then(|position| log.get(position as usize))
            .map(|event| &event.kind);
        if let Some(EventKind::StateEntered { input, .. }) = entered
            && input.is_tree_container()
        {
            // No clone of the input (an atomic count, and another when it is dropped): its
            // StateEntered holds it until it is compacted.
            self.left_inputs
                .push((run_id, run.log(), run.last_event, current.entered_event));
        }
    }

    /// Keeps a long history lean as runs move on: the input of a state a run has left, when
    /// only the history still holds it, stays there as its JSON text
    /// (`history::compact_payload`) and the value goes. Without this a Map of 100,000 items
    /// kept every intermediate object of every item as a tree. Done once the step is over,
    /// when nothing the step was working with still holds the value, and only past
    /// `history::LEAN_FROM_EVENTS` events: writing the text costs a run about a fifth of its
    /// time per state, which a history AWS would keep whole is not worth. The first time, only
    /// once `history::LEAN_BATCH` inputs wait: a run that ends before writes no text.
    pub(super) fn compact_left_inputs(&mut self) {
        if self.left_inputs.is_empty() || (!self.compacting && self.left_inputs.len() < history::LEAN_BATCH) {
            return;
        }
        let first = !self.compacting;
        self.compacting = true;
        // Taken and put back, so that the vector keeps its allocation from step to step.
        let mut left_inputs = std::mem::take(&mut self.left_inputs);
        let mut texts = std::mem::take(&mut self.lean_texts);
        for (run_id, log, last, entered) in left_inputs.drain(..) {
            // The input as its StateEntered holds it; gone already when that holds its text.
            let input = entered
                .0
                .checked_sub(1)
                .and_then(|position| self.events_of_log(log).get(position as usize))
                .and_then(|event| match &event.kind {
                    EventKind::StateEntered { input, .. } => input.value(),
                    _ => None,
                });
            let Some(input) = input else {
                self.item_texts.remove(&run_id);
                continue;
            };
            // An iteration's item, where its Map's input is text: its place in that text.
            let item = match self.item_texts.remove(&run_id) {
                Some((texts, index, address)) if history::container_id(&input) == Some(address) => Some((texts, index)),
                _ => None,
            };
            let events = self.events_of_log(log);
            let holders = history::holders(events, last, entered, &input);
            // `input` here is the one reference beside the events'.
            history::compact_payload(events, holders.as_slice(), &input, 1, &mut texts, item);
        }
        if first {
            // The batch's room is not needed again: a step leaves a few inputs at most.
            left_inputs.shrink_to(64);
        }
        self.left_inputs = left_inputs;
        self.lean_texts = texts;
    }

    /// A long run's inline Map over many items: its input, the document its items came from,
    /// is held whole until the Map ends, by the Map's own state and by the history (its
    /// StateEntered, and ExecutionStarted with the execution's input when it is that), so no
    /// item went when its iteration was done. Once the step that started the iterations is
    /// over, if those are all that hold it, they hold its compact JSON text instead, and the
    /// Map takes each item out of its items as it starts it: an item then goes (as text into
    /// the history, `compact_left_inputs`) when its iteration leaves it. The Map's input is
    /// parsed back from the text before the Map acts again (`restore_map_input`); `$$.Execution
    /// .Input` parses the execution's input again, once, only if a path reads it.
    pub(super) fn compact_map_inputs(&mut self) {
        if self.lean_maps.is_empty() {
            return;
        }
        let mut lean_maps = std::mem::take(&mut self.lean_maps);
        for run_id in lean_maps.drain(..) {
            self.compact_map_input(run_id);
        }
        self.lean_maps = lean_maps;
    }

    fn compact_map_input(&mut self, run_id: RunId) {
        let Some(run) = self.runs.get(run_id.0) else {
            return;
        };
        let Some(current) = run.current.as_deref() else {
            return;
        };
        let waiting = matches!(run.status, super::runs::RunStatus::Children);
        let input = current.raw_input.clone();
        let strong = match &input {
            Value::Object(object) => Arc::strong_count(object),
            Value::Array(array) => Arc::strong_count(array),
            _ => return,
        };
        // The text is parsed back with serde_json, which stops at 128 levels.
        if run.log() != 0 || !waiting || !same_container(&current.effective, &input) || input.nests_deeper_than(100) {
            return;
        }
        let entered = current.entered_event;
        let mut positions = history::holders(&self.history, entered, entered, &input)
            .as_slice()
            .to_vec();
        if history::holds_value(&self.history, 0, &input) {
            positions.push(0);
        }
        let in_execution = same_container(&self.input, &input);
        // The events, the execution's input, the Map's raw and effective input, and `input`.
        if positions.len() + usize::from(in_execution) + 3 != strong {
            return;
        }
        let items = self.runs[run_id.0]
            .current
            .as_deref()
            .and_then(|current| current.children.as_ref())
            .map(|children| Value::Array(children.items.clone()))
            .unwrap_or_default();
        let mut scratch = String::with_capacity(input.json_len());
        let places = input.write_json_marking(&mut scratch, &items);
        drop(items);
        let text: Arc<str> = Arc::from(scratch);
        let item_texts = places.map(|places| {
            Arc::new(history::ItemTexts {
                text: text.clone(),
                places: places.into_boxed_slice(),
            })
        });
        history::replace_with_text(&mut self.history, &positions, &input, &text);
        if in_execution {
            self.input = Value::Null;
            self.input_text = Some(text.clone());
        }
        if let Some(current) = self.runs[run_id.0].current.as_deref_mut() {
            current.raw_input = Value::Null;
            current.effective = Value::Null;
            current.input_text = Some(text);
            if let Some(children) = current.children.as_mut() {
                children.take_items = true;
                children.item_texts = item_texts;
            }
        }
    }

    /// A Map's input again as a value, from its text (`compact_map_input`), before its run acts.
    pub(super) fn restore_map_input(&mut self, run_id: RunId) {
        if let Some(current) = self.runs.get_mut(run_id.0).and_then(|run| run.current.as_deref_mut())
            && let Some(text) = current.input_text.take()
        {
            // The text was written from a value no deeper than 100 levels, so it parses.
            let input = Value::from_json(&text).unwrap_or_default();
            current.raw_input = input.clone();
            current.effective = input;
        }
    }

    /// Whether the run's current state's result replaces its input (ResultPath `$`).
    pub(super) fn result_replaces_input(&self, run_id: RunId) -> bool {
        let Some(run) = self.runs.get(run_id.0) else {
            return false;
        };
        run.current.as_deref().is_some_and(|current| {
            let state = self.machine.state(run.machine, current.state);
            state.jsonata.is_none() && matches!(state.result_path, ResultPath::Replace)
        })
    }

    /// The execution's input, for `$$.Execution.Input`.
    pub(super) fn execution_input(&self) -> Value {
        match &self.input_text {
            None => self.input.clone(),
            Some(text) => self
                .input_parsed
                .get_or_init(|| Value::from_json(text).unwrap_or_default())
                .clone(),
        }
    }
}

/// Whether two values are the same array or object (not equal: the same allocation).
fn same_container(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Object(left), Value::Object(right)) => Arc::ptr_eq(left, right),
        (Value::Array(left), Value::Array(right)) => Arc::ptr_eq(left, right),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::exec::{Execution, ExecutionOptions, Limits, Step};
    use crate::history::{EventKind, HistoryEvent};
    use crate::value::Value;

    fn is_text(event: &HistoryEvent) -> bool {
        match &event.kind {
            EventKind::StateEntered { input: payload, .. } | EventKind::StateExited { output: payload, .. } => {
                payload.is_text()
            }
            _ => false,
        }
    }

    #[test]
    fn a_long_history_keeps_the_inputs_runs_left_as_text() {
        // 25,000 rounds of Pass and Choice: 100,004 events; past the 25,000th, each transition
        // leaves an input, and once `LEAN_BATCH` (32,768) wait, all of them become text.
        let machine = crate::load(
            r#"{"StartAt": "Add", "States": {
                "Add": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
                "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 25000, "Next": "Add"}], "Default": "Done"},
                "Done": {"Type": "Succeed"}}}"#,
        )
        .unwrap();
        let options = ExecutionOptions {
            limits: Limits::none(),
            ..ExecutionOptions::default()
        };
        let mut execution = Execution::start(&machine, Value::from_json(r#"{"i": 0}"#).unwrap(), options);
        // Pass and Choice only: stepping is all it takes.
        while !matches!(execution.step().unwrap(), Step::Finished) {}
        let history = execution.history();
        assert_eq!(history.len(), 100_004);
        // (The first value compacted may sit in a few events just before the 25,000th.)
        assert!(!history[..24_968].iter().any(is_text));
        // Each round's value sits in four events (Add's exit, Check's entry and exit, the next
        // Add's entry), all text once the run has left the second Add.
        let texts = history[25_000..].iter().filter(|event| is_text(event)).count();
        assert!(texts > 70_000, "{texts}");
        let EventKind::StateEntered { input, .. } = &history[26_001].kind else {
            panic!("{:?}", history[26_001].kind)
        };
        assert!(input.is_text());
        assert_eq!(input.to_json(), r#"{"i":6500}"#);
        assert_eq!(input.to_value().to_json(), input.to_json());
    }

    /// Runs `definition` on `input`, which only the execution holds (a value the caller kept
    /// would keep the Map's input whole, as it should).
    fn run_to_end(definition: &str, input: Value) -> Execution {
        let machine = crate::load(definition).unwrap();
        let options = ExecutionOptions {
            limits: Limits::none(),
            ..ExecutionOptions::default()
        };
        let mut execution = Execution::start(&machine, input, options);
        while !matches!(execution.step().unwrap(), Step::Finished) {}
        execution
    }

    /// `{"tag": "t", "items": [{"n": 0}, ...]}`
    fn items_input(count: i64) -> Value {
        let items = (0..count)
            .map(|n| Value::object_from([("n", Value::from_i64(n))]))
            .collect();
        Value::object_from([("tag", Value::string("t")), ("items", Value::array(items))])
    }

    fn output(execution: &Execution) -> Value {
        match &execution.history().last().unwrap().kind {
            EventKind::ExecutionSucceeded { output } => output.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_long_map_keeps_its_input_as_text_and_gives_it_back_when_it_ends() {
        // 13,000 items record 2 events each at least: past the 25,000 from which the Map's
        // input becomes text. ResultPath puts the results into the input, which the Map reads
        // again at its end; the iterations read the execution's input through the context.
        let execution = run_to_end(
            r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.results",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P", "States": {
                    "P": {"Type": "Pass", "Parameters": {"n.$": "$.n", "tag.$": "$$.Execution.Input.tag"}, "End": true}}},
                "End": true}}}"#,
            items_input(13_000),
        );
        let input = items_input(13_000);
        let history = execution.history();
        let EventKind::ExecutionStarted { input: started, .. } = &history[0].kind else {
            panic!("{:?}", history[0].kind)
        };
        assert!(started.is_text());
        assert_eq!(started.to_json(), input.to_json());
        assert!(is_text(&history[1]), "{:?}", history[1].kind);
        let results: Vec<Value> = (0..13_000)
            .map(|n| Value::object_from([("n", Value::from_i64(n)), ("tag", Value::string("t"))]))
            .collect();
        let mut expected = (**input.as_object().unwrap()).clone().into_map();
        expected.insert("results".into(), Value::array(results));
        assert_eq!(output(&execution), Value::object(expected));
    }

    #[test]
    fn a_long_map_lets_each_item_go_with_its_iteration() {
        // With its input as text, the Map holds no item once it has started it: an item is then
        // held only by its iteration's first StateEntered, which keeps it as text once the
        // iteration has left that state (before, the items' array held every item to the end).
        // 30,000 items of 6 events: past the 25,000th event, 2 inputs left per item, enough
        // for `LEAN_BATCH` (32,768) to wait and be compacted.
        let execution = run_to_end(
            r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P", "States": {
                    "P": {"Type": "Pass", "Parameters": {"m.$": "$.n"}, "Next": "Q"},
                    "Q": {"Type": "Pass", "End": true}}}, "End": true}}}"#,
            items_input(30_000),
        );
        let history = execution.history();
        let items_as_text = history[25_000..]
            .iter()
            .filter(|event| {
                matches!(&event.kind, EventKind::StateEntered { name, input } if &**name == "P" && input.is_text())
            })
            .count();
        assert!(items_as_text > 20_000, "{items_as_text}");
        // Each is its place in the text of the Map's input: the item's own text.
        let places = history[25_000..]
            .iter()
            .filter(|event| matches!(&event.kind, EventKind::StateEntered { input, .. } if input.is_item_place()))
            .count();
        assert_eq!(places, items_as_text);
        for event in &history[25_000..] {
            if let EventKind::StateEntered { name, input } = &event.kind
                && &**name == "P"
            {
                let item = input.to_value();
                assert!(item.as_object().is_some_and(|item| item.get("n").is_some()), "{item:?}");
                assert_eq!(input.to_json(), item.to_json());
            }
        }
        let expected: Vec<Value> = (0..30_000)
            .map(|n| Value::object_from([("m", Value::from_i64(n))]))
            .collect();
        assert_eq!(output(&execution), Value::array(expected));
    }

    #[test]
    fn a_long_map_that_fails_is_caught_with_its_input() {
        // The last item fails its iteration; the catcher puts the error into the Map's input,
        // which Catch reads back from its text.
        let execution = run_to_end(
            r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "C", "States": {
                    "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 12999, "Next": "F"}], "Default": "P"},
                    "F": {"Type": "Fail", "Error": "Last", "Cause": "the last item"},
                    "P": {"Type": "Pass", "End": true}}},
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Done"}], "Next": "Done"},
                "Done": {"Type": "Succeed"}}}"#,
            items_input(13_000),
        );
        let EventKind::ExecutionStarted { input: started, .. } = &execution.history()[0].kind else {
            panic!()
        };
        assert!(started.is_text());
        let mut expected = (**items_input(13_000).as_object().unwrap()).clone().into_map();
        expected.insert(
            "error".into(),
            Value::object_from([
                ("Error", Value::string("Last")),
                ("Cause", Value::string("the last item")),
            ]),
        );
        assert_eq!(output(&execution), Value::object(expected));
    }

    #[test]
    fn nested_long_maps_give_the_same_output() {
        // 13,000 groups of 2 items: both Maps are long enough for their input to become text.
        // Each inner Map puts its results into its input (ResultPath) and reads it back; the
        // outer Map's result replaces its input.
        let group = |g: i64| {
            let items = (0..2)
                .map(|n| Value::object_from([("n", Value::from_i64(g * 10 + n))]))
                .collect();
            Value::object_from([("g", Value::from_i64(g)), ("items", Value::array(items))])
        };
        let execution = run_to_end(
            r#"{"StartAt": "Outer", "States": {"Outer": {"Type": "Map", "ItemsPath": "$.groups",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Inner", "States": {
                    "Inner": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.r",
                        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P", "States": {
                            "P": {"Type": "Pass", "Parameters": {"m.$": "$.n"}, "End": true}}},
                        "End": true}}}, "End": true}}}"#,
            Value::object_from([("groups", Value::array((0..13_000).map(group).collect()))]),
        );
        let expected: Vec<Value> = (0..13_000)
            .map(|g| {
                let mut group = (**group(g).as_object().unwrap()).clone().into_map();
                let results = (0..2)
                    .map(|n| Value::object_from([("m", Value::from_i64(g * 10 + n))]))
                    .collect();
                group.insert("r".into(), Value::array(results));
                Value::object(group)
            })
            .collect();
        assert_eq!(output(&execution), Value::array(expected));
        // The inner Maps past 25,000 events had their input as text, each read back for its
        // ResultPath.
        let inner_as_text = execution.history()[25_000..]
            .iter()
            .filter(|event| matches!(&event.kind, EventKind::StateEntered { name, input } if &**name == "Inner" && input.is_text()))
            .count();
        assert!(inner_as_text > 1_000, "{inner_as_text}");
        let EventKind::ExecutionStarted { input: started, .. } = &execution.history()[0].kind else {
            panic!()
        };
        assert!(started.is_text());
    }
}
