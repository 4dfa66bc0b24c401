//! The Distributed Map: its Map Run, the items it reads with ItemReader (asked of the host like a
//! task), its batches (ItemBatcher), its iterations as child executions with histories of their
//! own (what ResultWriter writes is `result_writer.rs`).
//!
//! The history AWS gives a distributed Map (recorded in LocalStack's `test_base_scenarios`):
//! the parent records `MapStateStarted`, `MapRunStarted`, then `MapRunSucceeded` or
//! `MapRunFailed`, and no iteration events; each iteration is a child execution whose history
//! starts with `ExecutionStarted` and ends with `ExecutionSucceeded` or `ExecutionFailed`. With an
//! ItemReader, `MapStateStarted` has length 0, and a failure to read is `States.ItemReaderFailed`
//! on `MapRunFailed`. When the Map Run fails, the child executions still running end ABORTED
//! with `ExecutionAborted` in their own histories.

use std::sync::Arc;

use super::Execution;
use super::api::{RunId, Status, Step, TaskRequest, WorkflowError, errors};
use super::item_reader::{ITEM_READER_FAILED, Manifest, read_inventory, read_items, read_manifest};
use super::jsonata_flow::Flow;
use super::runs::{Children, RunStatus};
use super::work::DEFAULT_TASK_TIMEOUT_SECONDS;
use crate::history::{EventId, EventKind, HistoryEvent, ResourceName};
use crate::machine::{
    InputType, ItemBatcher, MAX_ITEMS_LIMIT, MapSpec, ReaderResource, Seconds, State, StateKind, StateRef,
};
use crate::path::Env;
use crate::value::Value;

/// One Map Run: a distributed Map state's work, each time the state runs.
#[derive(Clone, Debug)]
pub struct MapRun {
    pub arn: Arc<str>,
    /// The last part of the ARN; ResultWriter writes under `<Prefix>/<id>/`.
    pub id: Arc<str>,
    /// The Map state, and the run whose state it is.
    pub state: StateRef,
    pub run: RunId,
    /// Its child executions, as indices into `Execution::child_executions`, by item index.
    pub children: Vec<usize>,
    /// Items to read at most (0: all), and the batching, until the reader answers.
    max_items: u64,
    batching: Option<Batching>,
    /// An S3 inventory being read: its manifest, the next file, and the rows read so far.
    inventory: Option<Box<Inventory>>,
    /// A JSONata ItemSelector being applied to each item before batching, one host
    /// evaluation per item (`Action::SelectBatchItems`).
    pub(super) selecting: Option<Box<Selecting>>,
}

/// The items of a batched JSONata Map, and those already selected.
#[derive(Clone, Debug)]
pub(super) struct Selecting {
    pub(super) items: Vec<Value>,
    pub(super) selected: Vec<Value>,
}

#[derive(Clone, Debug)]
struct Inventory {
    manifest: Manifest,
    next_file: usize,
    items: Vec<Value>,
}

/// A JSONata distributed Map's fields, evaluated when the state was entered (`jsonata_flow`).
#[derive(Clone, Debug, Default)]
pub(super) struct DistributedInputs {
    pub(super) reader_arguments: Option<Value>,
    pub(super) max_items: Option<i64>,
    pub(super) max_items_per_batch: Option<u64>,
    pub(super) max_input_bytes_per_batch: Option<u64>,
    pub(super) batch_input: Option<Value>,
    pub(super) writer_arguments: Option<Value>,
}

#[derive(Clone, Debug)]
struct Batching {
    max_items: Option<u64>,
    max_bytes: Option<u64>,
    batch_input: Option<Value>,
}

/// A child execution of a Map Run: one item (or batch), with a history of its own.
#[derive(Clone, Debug)]
pub struct ChildExecution {
    pub map_run: usize,
    pub index: usize,
    pub name: Arc<str>,
    pub arn: Arc<str>,
    pub input: Value,
    pub status: Status,
    pub output: Option<Value>,
    pub error: Option<WorkflowError>,
    pub start_time: i64,
    pub stop_time: Option<i64>,
    /// The run that walks the item processor (its events are these).
    pub run: RunId,
    pub history: Vec<HistoryEvent>,
}

/// An object ResultWriter wrote to the (mocked) S3.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Object {
    pub bucket: Arc<str>,
    pub key: Arc<str>,
    pub body: Arc<str>,
}

impl Execution {
    /// The Map Runs started so far, in order.
    pub fn map_runs(&self) -> &[MapRun] {
        &self.map_runs
    }

    /// The child executions of every Map Run, in the order they started; each has its own
    /// history, apart from the parent's (`history()`), as on AWS.
    pub fn child_executions(&self) -> &[ChildExecution] {
        &self.child_executions
    }

    /// What ResultWriter wrote, in order: each Map Run's result files, then its manifest.
    pub fn written_objects(&self) -> &[S3Object] {
        &self.written_objects
    }

    /// The history a run's events go to: 0 for the execution's own, `n` for child execution
    /// `n - 1`.
    pub(super) fn events_of_log(&mut self, log: usize) -> &mut Vec<HistoryEvent> {
        match log
            .checked_sub(1)
            .and_then(|index| self.child_executions.get_mut(index))
        {
            Some(child) => &mut child.history,
            None => &mut self.history,
        }
    }

    /// Eight pseudo-random bytes from the seed and a counter, without drawing from the
    /// execution's generator (so a Map Run leaves `States.UUID` and jitter as they were).
    fn derived_uuid(&self, salt: u64) -> String {
        let mut bytes = [0u8; 16];
        let mut state = self.options.seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for chunk in bytes.chunks_mut(8) {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut mixed = state;
            mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            mixed ^= mixed >> 31;
            chunk.copy_from_slice(&mixed.to_le_bytes());
        }
        crate::intrinsics::uuid_v4(bytes)
    }

    /// `MaxItemsPath`: AWS reads a whole number; a negative one fails the Map Run later.
    fn max_items_at(
        &self,
        run_id: RunId,
        state: &State,
        seconds: &Seconds,
        input: &Value,
    ) -> Result<i64, WorkflowError> {
        let path = match seconds {
            Seconds::Literal(count) => return Ok(*count as i64),
            Seconds::Path(path) => path,
        };
        let value = self.eval_path(run_id, state, path, input).ok_or_else(|| {
            self.runtime_error(
                run_id,
                state,
                &format!("Invalid path '{path}': the MaxItemsPath could not be found in the input"),
            )
        })?;
        let whole = match &value {
            Value::Number(number) => number.as_i64().or_else(|| {
                number
                    .as_f64()
                    .filter(|float| float.fract() == 0.0)
                    .map(|float| float as i64)
            }),
            // Numeric text ("2"), as AWS reads it (test_assign_reference_variables).
            Value::String(text) => text.trim().parse::<i64>().ok(),
            _ => None,
        };
        whole.ok_or_else(|| {
            let shown = match &value {
                Value::String(text) => text.to_string(),
                other => other.to_json(),
            };
            self.runtime_error(
                run_id,
                state,
                &format!("The MaxItemsPath field refers to value \"{shown}\" which is not a valid integer: {path}"),
            )
        })
    }

    pub(super) fn distributed_inputs_of(&self, run_id: RunId) -> Option<DistributedInputs> {
        self.runs[run_id.0]
            .current
            .as_ref()
            .and_then(|current| current.distributed.as_deref())
            .cloned()
    }

    fn batching(
        &mut self,
        run_id: RunId,
        state: &State,
        batcher: &ItemBatcher,
        input: &Value,
    ) -> Result<Batching, WorkflowError> {
        let jsonata = self.distributed_inputs_of(run_id);
        let max_items = match (&batcher.max_items_per_batch, &jsonata) {
            (Some(seconds), _) => Some(self.seconds(run_id, state, seconds, input, "MaxItemsPerBatchPath")?),
            (None, Some(inputs)) => inputs.max_items_per_batch,
            (None, None) => None,
        };
        let max_bytes = match (&batcher.max_input_bytes_per_batch, &jsonata) {
            (Some(seconds), _) => Some(self.seconds(run_id, state, seconds, input, "MaxInputBytesPerBatchPath")?),
            (None, Some(inputs)) => inputs.max_input_bytes_per_batch,
            (None, None) => None,
        };
        let batch_input = match (&batcher.batch_input, &jsonata) {
            (Some(template), _) => Some(self.eval_template(run_id, state, template, input, None)?),
            (None, Some(inputs)) => inputs.batch_input.clone(),
            (None, None) => None,
        };
        Ok(Batching {
            max_items: max_items.filter(|count| *count > 0),
            max_bytes: max_bytes.filter(|bytes| *bytes > 0),
            batch_input,
        })
    }

    /// Starts the Map Run of a distributed Map whose `MapStateStarted` is recorded: reads its
    /// items from the host when it has an ItemReader, else starts its child executions.
    pub(super) fn start_map_run(
        &mut self,
        run_id: RunId,
        state: &State,
        spec: &MapSpec,
        effective: &Value,
        mut children: Children,
    ) -> Result<Step, WorkflowError> {
        let jsonata = self.distributed_inputs_of(run_id);
        let max_items = match spec.item_reader.as_ref().and_then(|reader| reader.max_items.as_ref()) {
            Some(seconds) => self.max_items_at(run_id, state, seconds, effective)?,
            None => jsonata.as_ref().and_then(|inputs| inputs.max_items).unwrap_or(0),
        };
        let batching = match &spec.item_batcher {
            Some(batcher) => Some(self.batching(run_id, state, batcher, effective)?),
            None => None,
        };
        let index = self.map_runs.len();
        let id: Arc<str> = Arc::from(self.derived_uuid(2 * index as u64 + 1));
        let label = match &spec.label {
            Some(label) => label.to_string(),
            None => self.derived_uuid(2 * index as u64 + 2),
        };
        let arn: Arc<str> = Arc::from(format!(
            "arn:aws:states:{}:{}:mapRun:{}/{label}:{id}",
            self.options.region, self.options.account, self.options.state_machine_name
        ));
        let here = StateRef {
            machine: self.runs[run_id.0].machine,
            state: self.runs[run_id.0]
                .current
                .as_ref()
                .map_or(crate::machine::StateId(0), |current| current.state),
        };
        self.map_runs.push(MapRun {
            arn: arn.clone(),
            id,
            state: here,
            run: run_id,
            children: Vec::new(),
            max_items: 0,
            batching,
            inventory: None,
            selecting: None,
        });
        let previous = self.runs[run_id.0].last_event;
        let started = self.push_event(previous, EventKind::MapRunStarted { map_run_arn: arn });
        self.runs[run_id.0].last_event = started;
        children.map_run = Some(index);
        self.set_children(run_id, children);
        let Some(reader) = &spec.item_reader else {
            let items: Vec<Value> = self.runs[run_id.0]
                .current
                .as_ref()
                .and_then(|current| current.children.as_ref())
                .map(|children| children.items.iter().cloned().collect())
                .unwrap_or_default();
            return self.begin_map_run(run_id, state, spec, effective, items);
        };
        if max_items < 0 {
            return Err(self.map_run_failed(
                run_id,
                WorkflowError::new(ITEM_READER_FAILED, "field MaxItems must be positive"),
            ));
        }
        self.map_runs[index].max_items = (max_items as u64).min(MAX_ITEMS_LIMIT);
        let parameters = match (&reader.parameters, &reader.arguments) {
            (Some(template), _) => self
                .eval_template(run_id, state, template, effective, None)
                .map_err(|error| self.map_run_failed(run_id, error))?,
            (None, _) => jsonata
                .and_then(|inputs| inputs.reader_arguments)
                .unwrap_or_else(Value::empty_object),
        };
        Ok(self.read_object(run_id, state, here, reader.resource.arn(), parameters))
    }

    /// Asks the host for what the reader reads (`input` names it: Bucket and Key, or Prefix).
    fn read_object(&mut self, run_id: RunId, state: &State, here: StateRef, resource: &str, input: Value) -> Step {
        let (id, invocation) = self.new_task(here);
        let context = {
            let run = &self.runs[run_id.0];
            self.env(run, state, None).context()
        };
        let request = TaskRequest {
            id,
            run: run_id,
            state: here,
            state_name: state.name.clone(),
            resource: Arc::from(resource),
            invocation,
            context,
            input,
            retry_count: 0,
            deadline: self
                .now
                .saturating_add((DEFAULT_TASK_TIMEOUT_SECONDS as i64).saturating_mul(1000)),
            heartbeat_seconds: None,
            task_token: None,
            item_reader: true,
        };
        self.register_task(request, Arc::new(ResourceName::parse(resource)), None)
    }

    /// An S3 inventory (`InputType` MANIFEST) is read in turns: the manifest, then each file
    /// it lists, in order, asked of the host like the manifest (`s3:getObject`, the manifest's
    /// destination bucket and the file's key). Gives the next request, or all the rows.
    fn inventory_read(
        &mut self,
        run_id: RunId,
        state: &State,
        state_id: crate::machine::StateId,
        answer: &Value,
    ) -> Result<Result<Vec<Value>, Step>, WorkflowError> {
        let Some(map_run) = self.map_run_of(run_id) else {
            return Ok(Ok(Vec::new()));
        };
        let inventory = match self.map_runs[map_run].inventory.take() {
            None => Box::new(Inventory {
                manifest: read_manifest(answer)?,
                next_file: 0,
                items: Vec::new(),
            }),
            Some(mut inventory) => {
                let rows = read_inventory(answer, &inventory.manifest.columns)?;
                inventory.items.extend(rows);
                inventory.next_file += 1;
                inventory
            }
        };
        let max_items = self.map_runs[map_run].max_items as usize;
        let enough = max_items > 0 && inventory.items.len() >= max_items;
        let Some(key) = inventory
            .manifest
            .keys
            .get(inventory.next_file)
            .filter(|_| !enough)
            .cloned()
        else {
            return Ok(Ok(inventory.items));
        };
        let input = Value::object_from([
            ("Bucket", Value::String(inventory.manifest.bucket.clone())),
            ("Key", Value::String(key)),
        ]);
        self.map_runs[map_run].inventory = Some(inventory);
        let here = StateRef {
            machine: self.runs[run_id.0].machine,
            state: state_id,
        };
        let resource = ReaderResource::GetObject.arn();
        Ok(Err(self.read_object(run_id, state, here, resource, input)))
    }

    /// The host answered a Map's ItemReader: its items, or why it could not read them.
    pub(super) fn items_read(&mut self, run_id: RunId, answer: Result<Value, WorkflowError>) -> Result<Step, Flow> {
        let (state_id, effective) = self.current_state(run_id);
        let machine = self.machine.clone();
        let state = machine.state(self.runs[run_id.0].machine, state_id);
        let StateKind::Map(spec) = &state.kind else {
            return Ok(Step::Progressed);
        };
        let Some(reader) = &spec.item_reader else {
            return Ok(Step::Progressed);
        };
        self.runs[run_id.0].status = RunStatus::Children;
        let items = match reader.input_type {
            InputType::Manifest if reader.resource == ReaderResource::GetObject => {
                match answer.and_then(|answer| self.inventory_read(run_id, state, state_id, &answer)) {
                    Ok(Err(step)) => return Ok(step),
                    Ok(Ok(items)) => Ok(items),
                    Err(error) => Err(error),
                }
            }
            _ => answer.and_then(|answer| read_items(reader, &answer)),
        };
        let mut items = items.map_err(|error| Flow::Error(self.map_run_failed(run_id, error)))?;
        let max_items = self
            .map_run_of(run_id)
            .map_or(0, |index| self.map_runs[index].max_items);
        if max_items > 0 {
            items.truncate(max_items as usize);
        }
        if let Some(trace) = self.trace_of(run_id) {
            trace.after_items_path = Some(Value::array(items.clone()));
            trace.after_item_selector = vec![None; items.len()];
        }
        self.begin_map_run(run_id, state, spec, &effective, items)
            .map_err(Flow::Error)
    }

    pub(super) fn map_run_of(&self, run_id: RunId) -> Option<usize> {
        self.runs[run_id.0]
            .current
            .as_ref()
            .and_then(|current| current.children.as_ref())
            .and_then(|children| children.map_run)
    }

    /// Records `MapRunFailed` for the Map Run of `run_id` (if it has one), and gives the error on.
    pub(super) fn map_run_failed(&mut self, run_id: RunId, error: WorkflowError) -> WorkflowError {
        if self.map_run_of(run_id).is_some() {
            let saved = self.event_run;
            self.event_run = run_id;
            let previous = self.runs[run_id.0].last_event;
            let event = self.push_event(
                previous,
                EventKind::MapRunFailed {
                    error: error.error.clone(),
                    cause: Box::new(error.cause.clone()),
                },
            );
            self.runs[run_id.0].last_event = event;
            self.event_run = saved;
        }
        error
    }

    /// The items are known: batch them (ItemBatcher) and start the child executions. A JSONata
    /// ItemSelector is applied to each item first, as AWS does, through the host
    /// (`Action::SelectBatchItems`, then `batch_selected`).
    fn begin_map_run(
        &mut self,
        run_id: RunId,
        state: &State,
        spec: &MapSpec,
        effective: &Value,
        items: Vec<Value>,
    ) -> Result<Step, WorkflowError> {
        let Some(map_run) = self.map_run_of(run_id) else {
            return self.start_children(run_id, items);
        };
        if self.map_runs[map_run].batching.is_none() {
            return self.start_children(run_id, items);
        }
        if state
            .jsonata
            .as_deref()
            .is_some_and(|fields| fields.item_selector.is_some())
        {
            self.map_runs[map_run].selecting = Some(Box::new(Selecting {
                selected: Vec::with_capacity(items.len()),
                items,
            }));
            self.make_ready(run_id, super::runs::Action::SelectBatchItems);
            return Ok(Step::Progressed);
        }
        let mut selected = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            let item = match &spec.item_selector {
                Some(selector) => self
                    .eval_template(run_id, state, selector, effective, Some((index, item)))
                    .map_err(|error| self.map_run_failed(run_id, error))?,
                None => item,
            };
            self.note_selected(run_id, index, &item);
            selected.push(item);
        }
        self.batch_selected(run_id, selected)
    }

    /// Item `index` of a batched Map after its ItemSelector, for the inspector.
    pub(super) fn note_selected(&mut self, run_id: RunId, index: usize, item: &Value) {
        if let Some(trace) = self.trace_of(run_id)
            && let Some(slot) = trace.after_item_selector.get_mut(index)
        {
            *slot = Some(item.clone());
        }
    }

    /// A Map Run that has started and cannot go on (an item's ItemSelector failed): its
    /// running child executions are aborted and `MapRunFailed` recorded; the error goes on to
    /// the Map state.
    pub(super) fn map_run_cannot_go_on(&mut self, run_id: RunId, error: WorkflowError) -> WorkflowError {
        for (_, run) in self.running_children(run_id) {
            self.abort_child_execution(run);
        }
        self.map_run_failed(run_id, error)
    }

    /// The items of a batched Map, each after its ItemSelector: batch them and start.
    pub(super) fn batch_selected(&mut self, run_id: RunId, selected: Vec<Value>) -> Result<Step, WorkflowError> {
        let batching = self
            .map_run_of(run_id)
            .and_then(|index| self.map_runs[index].batching.clone());
        let items = match batching {
            Some(batching) => batches(selected, &batching),
            None => selected,
        };
        self.start_children(run_id, items)
    }

    /// Starts a child execution for each of `items` (batches or items).
    fn start_children(&mut self, run_id: RunId, items: Vec<Value>) -> Result<Step, WorkflowError> {
        let count = items.len();
        if let Some(children) = self.runs[run_id.0]
            .current
            .as_mut()
            .and_then(|current| current.children.as_mut())
        {
            children.items = Arc::new(crate::value::Array::from(items));
            children.results = vec![None; count];
        }
        self.runs[run_id.0].status = RunStatus::Children;
        if count == 0 {
            self.make_ready(run_id, super::runs::Action::ChildrenDone);
        } else {
            self.start_map_items(run_id)?;
        }
        Ok(Step::Progressed)
    }

    /// Makes run `child` (just spawned for item `index` of the Map of `parent`) a child
    /// execution with a history of its own; `input` is its input when already known.
    pub(super) fn start_child_execution(
        &mut self,
        parent: RunId,
        child: crate::history::RunId,
        index: usize,
        input: Option<Value>,
    ) {
        let Some(map_run) = self.map_run_of(parent) else {
            return;
        };
        let name: Arc<str> = Arc::from(self.derived_uuid(((map_run as u64) << 32) ^ (index as u64 + 1) ^ 0x5EED));
        let run_arn = &self.map_runs[map_run].arn;
        let arn: Arc<str> = Arc::from(format!(
            "{}:{name}",
            run_arn
                .replacen(":mapRun:", ":execution:", 1)
                .rsplit_once(':')
                .map_or(run_arn.to_string(), |(head, _)| head.to_owned())
        ));
        self.child_executions.push(ChildExecution {
            map_run,
            index,
            name,
            arn,
            input: Value::Null,
            status: Status::Running,
            output: None,
            error: None,
            start_time: self.now,
            stop_time: None,
            run: child,
            history: Vec::new(),
        });
        let log = self.child_executions.len();
        self.map_runs[map_run].children.push(log - 1);
        self.runs[child.0].log = u32::try_from(log).unwrap_or(u32::MAX);
        self.runs[child.0].last_event = EventId(0);
        if let Some(input) = input {
            self.child_execution_started(child, input);
        }
    }

    /// Records a child execution's `ExecutionStarted` with its input (once).
    pub(super) fn child_execution_started(&mut self, run_id: RunId, input: Value) {
        let log = self.runs[run_id.0].log();
        let is_root = self.runs[run_id.0]
            .parent()
            .is_some_and(|(parent, _)| self.runs[parent.0].log() != log);
        let Some(child) = log
            .checked_sub(1)
            .and_then(|index| self.child_executions.get_mut(index))
        else {
            return;
        };
        if !is_root || !child.history.is_empty() {
            return;
        }
        child.input = input.clone();
        let saved = self.event_run;
        self.event_run = run_id;
        let role_arn = Arc::from(format!(
            "arn:aws:iam::{}:role/StepFunctionsLocalRole",
            self.options.account
        ));
        let event = self.push_event(
            EventId(0),
            EventKind::ExecutionStarted {
                input: input.into(),
                role_arn: Box::new(role_arn),
            },
        );
        self.runs[run_id.0].last_event = event;
        self.event_run = saved;
    }

    /// A run ended: when it is a child execution's, record how in its history.
    pub(super) fn end_child_execution(&mut self, run_id: RunId, result: &Result<Value, WorkflowError>) {
        let log = self.runs[run_id.0].log();
        let Some((parent, _)) = self.runs[run_id.0].parent() else {
            return;
        };
        if log == 0 || self.runs[parent.0].log() == log {
            return;
        }
        let saved = self.event_run;
        self.event_run = run_id;
        let previous = self.runs[run_id.0].last_event;
        let kind = match result {
            Ok(output) => EventKind::ExecutionSucceeded { output: output.clone() },
            Err(error) => EventKind::ExecutionFailed {
                error: error.error.clone(),
                cause: Box::new(error.cause.clone()),
            },
        };
        self.push_event(previous, kind);
        self.event_run = saved;
        let now = self.now;
        if let Some(child) = self.child_executions.get_mut(log - 1) {
            child.stop_time = Some(now);
            match result {
                Ok(output) => {
                    child.status = Status::Succeeded;
                    child.output = Some(output.clone());
                }
                Err(error) => {
                    child.status = Status::Failed;
                    child.error = Some(error.clone());
                }
            }
        }
    }

    /// A child execution still running when its Map Run failed: it ends ABORTED, with
    /// `ExecutionAborted` in its history.
    pub(super) fn abort_child_execution(&mut self, run_id: RunId) {
        let log = self.runs[run_id.0].log();
        if log == 0 {
            return;
        }
        let saved = self.event_run;
        self.event_run = run_id;
        let previous = self.runs[run_id.0].last_event;
        self.push_event(previous, EventKind::ExecutionAborted);
        self.event_run = saved;
        let now = self.now;
        if let Some(child) = self.child_executions.get_mut(log - 1) {
            child.status = Status::Aborted;
            child.stop_time = Some(now);
        }
    }

    /// Whether the Map of `run_id` runs its iterations as child executions.
    pub(super) fn is_map_run(&self, run_id: RunId) -> bool {
        self.map_run_of(run_id).is_some()
    }

    /// A failed child execution of a distributed Map with no tolerance set: the Map Run fails
    /// (AWS: tolerance 0 is exceeded by the first failure).
    pub(super) fn untolerated_child_failure(
        &mut self,
        parent: RunId,
        state_name: &str,
        failures: usize,
        total: usize,
    ) -> WorkflowError {
        let error = WorkflowError::new(
            errors::EXCEED_TOLERATED_FAILURE_THRESHOLD,
            format!(
                "The specified tolerated failure threshold was exceeded: {failures} of {total} items failed in Map state '{state_name}'."
            ),
        );
        self.map_run_failed(parent, error)
    }
}

/// Items into batches `{"BatchInput": …, "Items": [...]}`: a batch closes before the item that
/// would pass MaxItemsPerBatch or MaxInputBytesPerBatch (an item larger than the byte limit
/// goes alone).
fn batches(items: Vec<Value>, batching: &Batching) -> Vec<Value> {
    let make = |items: Vec<Value>| match &batching.batch_input {
        Some(input) => Value::object_from([("BatchInput", input.clone()), ("Items", Value::array(items))]),
        None => Value::object_from([("Items", Value::array(items))]),
    };
    let overhead = make(Vec::new()).json_len();
    let mut res = Vec::new();
    let mut batch: Vec<Value> = Vec::new();
    let mut bytes = overhead;
    for item in items {
        let size = item.json_len() + usize::from(!batch.is_empty());
        let full_count = batching.max_items.is_some_and(|max| batch.len() as u64 >= max);
        let full_bytes = batching.max_bytes.is_some_and(|max| (bytes + size) as u64 > max);
        if !batch.is_empty() && (full_count || full_bytes) {
            res.push(make(std::mem::take(&mut batch)));
            bytes = overhead;
        }
        bytes += item.json_len() + usize::from(!batch.is_empty());
        batch.push(item);
    }
    if !batch.is_empty() {
        res.push(make(batch));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(count: i64) -> Vec<Value> {
        (0..count).map(Value::from_i64).collect()
    }

    #[test]
    fn batches_by_count_and_by_bytes() {
        let by_count = Batching {
            max_items: Some(2),
            max_bytes: None,
            batch_input: Some(Value::string("b")),
        };
        let res: Vec<String> = batches(numbers(5), &by_count).iter().map(Value::to_json).collect();
        assert_eq!(
            res,
            [
                r#"{"BatchInput":"b","Items":[0,1]}"#,
                r#"{"BatchInput":"b","Items":[2,3]}"#,
                r#"{"BatchInput":"b","Items":[4]}"#
            ]
        );
        // {"Items":[]} is 12 bytes; each one-digit item adds 1, plus a comma after the first.
        let by_bytes = Batching {
            max_items: None,
            max_bytes: Some(15),
            batch_input: None,
        };
        let res: Vec<String> = batches(numbers(4), &by_bytes).iter().map(Value::to_json).collect();
        assert_eq!(res, [r#"{"Items":[0,1]}"#, r#"{"Items":[2,3]}"#]);
    }
}
