//! ResultWriter: what a Distributed Map's Map Run writes when it ends (the manifest and the
//! SUCCEEDED, FAILED and PENDING result files to the mocked S3, also when the Map Run fails), or
//! the transformed results it gives as the state's output when it only has a WriterConfig.

use std::sync::Arc;

use super::Execution;
use super::api::{RunId, Status, WorkflowError};
use super::distributed::S3Object;
use crate::history::EventKind;
use crate::machine::{State, StateKind, Transformation};
use crate::time::format_timestamp;
use crate::value::{Map, Value};

impl Execution {
    /// The Map Run's children all finished: record `MapRunSucceeded`, write the results when
    /// ResultWriter asks, and give the state's result.
    pub(super) fn finish_map_run(
        &mut self,
        run_id: RunId,
        state: &State,
        map_run: usize,
        results: Vec<Value>,
    ) -> Result<Value, WorkflowError> {
        let previous = self.runs[run_id.0].last_event;
        let event = self.push_event(previous, EventKind::MapRunSucceeded);
        self.runs[run_id.0].last_event = event;
        self.write_results(run_id, state, map_run, results)
    }

    /// The Map Run of `run_id` failed: ResultWriter still writes what its child executions did
    /// (the developer guide's "ResultWriter (Map)": the manifest and the SUCCEEDED, FAILED and
    /// PENDING result files, failed, timed-out and aborted child executions in FAILED). What
    /// the state does next is the failure's, so a problem writing is not reported.
    pub(super) fn write_results_of_failed_run(&mut self, run_id: RunId, state: &State) {
        let Some(map_run) = self.map_run_of(run_id) else {
            return;
        };
        let StateKind::Map(spec) = &state.kind else {
            return;
        };
        let writes_to_s3 = spec.result_writer.as_ref().is_some_and(|writer| writer.writes_to_s3());
        if writes_to_s3 {
            let _ = self.write_results(run_id, state, map_run, Vec::new());
        }
    }

    /// ResultWriter's work for a finished Map Run: the state's result (with only a WriterConfig,
    /// the transformed results), and with an S3 target the files it writes.
    fn write_results(
        &mut self,
        run_id: RunId,
        state: &State,
        map_run: usize,
        results: Vec<Value>,
    ) -> Result<Value, WorkflowError> {
        let StateKind::Map(spec) = &state.kind else {
            return Ok(Value::array(results));
        };
        let Some(writer) = &spec.result_writer else {
            return Ok(Value::array(results));
        };
        let effective = self.current_state(run_id).1;
        let target = match (&writer.parameters, &writer.arguments) {
            (Some(template), _) => Some(self.eval_template(run_id, state, template, &effective, None)?),
            (None, Some(_)) => self
                .distributed_inputs_of(run_id)
                .and_then(|inputs| inputs.writer_arguments),
            (None, None) => None,
        };
        let records = self.child_records(map_run);
        let Some(target) = target else {
            // WriterConfig alone: the results, transformed, are the state's result.
            return Ok(match writer.transformation.unwrap_or(Transformation::Compact) {
                Transformation::None => Value::array(records),
                Transformation::Compact => Value::array(results),
                Transformation::Flatten => Value::array(flatten(results)),
            });
        };
        let text_of = |value: Option<&Value>| -> Option<Arc<str>> { value.and_then(Value::as_str).map(Arc::from) };
        let (Some(bucket), prefix) = (
            text_of(target.get("Bucket")),
            text_of(target.get("Prefix")).unwrap_or_else(|| Arc::from("")),
        ) else {
            return Err(WorkflowError::new(
                "States.ResultWriterFailed",
                "The ResultWriter Parameters need a \"Bucket\" (a string) to write the results to.",
            ));
        };
        let run = &self.map_runs[map_run];
        let directory = if prefix.is_empty() {
            run.id.to_string()
        } else {
            format!("{}/{}", prefix.trim_end_matches('/'), run.id)
        };
        let arn = run.arn.clone();
        let transformation = writer.transformation.unwrap_or(Transformation::None);
        let mut groups: [(&str, Vec<Value>); 3] = [
            ("FAILED", Vec::new()),
            ("PENDING", Vec::new()),
            ("SUCCEEDED", Vec::new()),
        ];
        for (child_index, record) in run.children.iter().zip(records) {
            let child = &self.child_executions[*child_index];
            let group = match child.status {
                Status::Succeeded => 2,
                Status::Failed | Status::TimedOut | Status::Aborted => 0,
                Status::Running => 1,
            };
            let entry = match (transformation, child.status, &child.output) {
                (Transformation::None, _, _)
                | (_, Status::Failed | Status::TimedOut | Status::Aborted | Status::Running, _) => record,
                (_, _, output) => output.clone().unwrap_or_default(),
            };
            match (transformation, entry) {
                (Transformation::Flatten, Value::Array(items)) if group == 2 => {
                    groups[group].1.extend(items.iter().cloned())
                }
                (_, entry) => groups[group].1.push(entry),
            }
        }
        let mut files = Map::new();
        for (status, entries) in groups {
            let mut listed = Vec::new();
            if !entries.is_empty() {
                let key: Arc<str> = Arc::from(format!("{directory}/{status}_0.json"));
                let body = if writer.json_lines {
                    entries.iter().map(Value::to_json).collect::<Vec<_>>().join("\n") + "\n"
                } else {
                    Value::array(entries).to_json()
                };
                listed.push(Value::object_from([
                    ("Key", Value::String(key.clone())),
                    ("Size", Value::from_i64(body.len() as i64)),
                ]));
                self.written_objects.push(S3Object {
                    bucket: bucket.clone(),
                    key,
                    body: Arc::from(body),
                });
            }
            files.insert(Arc::from(status), Value::array(listed));
        }
        let manifest_key: Arc<str> = Arc::from(format!("{directory}/manifest.json"));
        let manifest = Value::object_from([
            ("DestinationBucket", Value::String(bucket.clone())),
            ("MapRunArn", Value::String(arn.clone())),
            ("ResultFiles", Value::object(files)),
        ]);
        self.written_objects.push(S3Object {
            bucket: bucket.clone(),
            key: manifest_key.clone(),
            body: Arc::from(manifest.to_json()),
        });
        Ok(Value::object_from([
            ("MapRunArn", Value::String(arn)),
            (
                "ResultWriterDetails",
                Value::object_from([("Bucket", Value::String(bucket)), ("Key", Value::String(manifest_key))]),
            ),
        ]))
    }

    /// Each child execution of a Map Run as ResultWriter describes it (Transformation NONE).
    fn child_records(&self, map_run: usize) -> Vec<Value> {
        let run = &self.map_runs[map_run];
        let state_machine_arn = format!(
            "arn:aws:states:{}:{}:stateMachine:{}/{}",
            self.options.region,
            self.options.account,
            self.options.state_machine_name,
            run.arn
                .rsplit_once('/')
                .map_or("", |(_, tail)| tail)
                .split(':')
                .next()
                .unwrap_or("")
        );
        run.children
            .iter()
            .map(|index| {
                let child = &self.child_executions[*index];
                let mut record = Map::new();
                let mut put = |key: &str, value: Value| {
                    record.insert(Arc::from(key), value);
                };
                put("ExecutionArn", Value::String(child.arn.clone()));
                put("Input", Value::string(child.input.to_json()));
                put("InputDetails", Value::object_from([("Included", Value::Bool(true))]));
                put("Name", Value::String(child.name.clone()));
                match (&child.output, &child.error) {
                    (Some(output), _) => {
                        put("Output", Value::string(output.to_json()));
                        put("OutputDetails", Value::object_from([("Included", Value::Bool(true))]));
                    }
                    (None, Some(error)) => {
                        put("Error", Value::String(error.error.clone()));
                        put("Cause", Value::String(error.cause.clone()));
                    }
                    (None, None) => {}
                }
                put("RedriveCount", Value::from_i64(0));
                put("RedriveStatus", Value::string("NOT_REDRIVABLE"));
                put("StartDate", Value::string(format_timestamp(child.start_time)));
                put("StateMachineArn", Value::string(state_machine_arn.clone()));
                put("Status", Value::string(child.status.as_str()));
                if let Some(stop) = child.stop_time {
                    put("StopDate", Value::string(format_timestamp(stop)));
                }
                Value::object(record)
            })
            .collect()
    }
}

fn flatten(results: Vec<Value>) -> Vec<Value> {
    let mut res = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Value::Array(items) => res.extend(items.iter().cloned()),
            other => res.push(other),
        }
    }
    res
}
