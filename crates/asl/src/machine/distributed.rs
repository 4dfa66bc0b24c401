//! Lowering the fields only a Distributed Map has: `ItemReader` (items read from S3),
//! `ItemBatcher` (items grouped into batches) and `ResultWriter` (results written to S3).
//!
//! What AWS accepts follows the developer guide's pages "ItemReader (Map)", "ItemBatcher (Map)"
//! and "ResultWriter (Map)". The data itself is the host's: the execution asks for an object
//! like a task (`exec/distributed.rs`), so nothing here reads anything.

use std::sync::Arc;

use super::key_span_or;
use super::lower::Lowerer;
use super::model::Seconds;
use crate::diagnostic::pointer_push;
use crate::jsonata::{Jx, StatesAccess};
use crate::syntax::Node;
use crate::template::Template;

/// Where an ItemReader reads: one object, or the listing of a bucket's prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReaderResource {
    /// `arn:aws:states:::s3:getObject`: the items are in one object (`InputType`).
    GetObject,
    /// `arn:aws:states:::s3:listObjectsV2`: each object under the prefix is an item.
    ListObjectsV2,
}

impl ReaderResource {
    pub fn arn(self) -> &'static str {
        match self {
            ReaderResource::GetObject => "arn:aws:states:::s3:getObject",
            ReaderResource::ListObjectsV2 => "arn:aws:states:::s3:listObjectsV2",
        }
    }
}

/// `ReaderConfig.InputType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputType {
    Json,
    JsonLines,
    Csv,
    /// An S3 inventory's `manifest.json`: its `files` are CSV inventory lists whose columns
    /// its `fileSchema` names, each row an item ("ItemReader (Map)").
    Manifest,
}

/// Where a CSV file's column names come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvHeaders {
    FirstRow,
    Given(Vec<Arc<str>>),
}

#[derive(Clone, Debug)]
pub struct ItemReader {
    pub resource: ReaderResource,
    /// JSONPath `Parameters` (Bucket, Key or Prefix…), evaluated against the state's input.
    pub parameters: Option<Template>,
    /// JSONata `Arguments`, evaluated when the state starts.
    pub arguments: Option<Jx>,
    /// For `getObject`: how the object's text becomes items (AWS's default is JSON).
    pub input_type: InputType,
    pub csv_headers: CsvHeaders,
    pub csv_delimiter: char,
    /// `MaxItems` / `MaxItemsPath`: read at most this many items (0: all).
    pub max_items: Option<Seconds>,
    /// `MaxItems` as a JSONata expression.
    pub max_items_jx: Option<Jx>,
    /// `ItemsPointer` (JSON only): the JSON Pointer (RFC 6901) of the array of items inside the
    /// object read, when it is not the whole object.
    pub items_pointer: Option<Arc<str>>,
}

#[derive(Clone, Debug)]
pub struct ItemBatcher {
    pub max_items_per_batch: Option<Seconds>,
    pub max_input_bytes_per_batch: Option<Seconds>,
    /// `BatchInput`: a payload template added to every batch as `BatchInput`.
    pub batch_input: Option<Template>,
    /// The JSONata forms of the three fields.
    pub max_items_per_batch_jx: Option<Jx>,
    pub max_input_bytes_per_batch_jx: Option<Jx>,
    pub batch_input_jx: Option<Jx>,
}

/// `WriterConfig.Transformation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transformation {
    /// Each child execution's metadata with its input and output (the default with S3).
    None,
    /// The child executions' outputs only (the default without `ResultWriter`).
    Compact,
    /// The outputs, with arrays flattened one level.
    Flatten,
}

#[derive(Clone, Debug)]
pub struct ResultWriter {
    /// `Parameters` (JSONPath) with `Bucket` and `Prefix`; absent: results stay in the output.
    pub parameters: Option<Template>,
    /// `Arguments` of a JSONata state.
    pub arguments: Option<Jx>,
    pub transformation: Option<Transformation>,
    /// `WriterConfig.OutputType` JSONL: result files hold one JSON value per line.
    pub json_lines: bool,
}

impl ResultWriter {
    /// Whether it writes to S3 (a bucket and prefix given), rather than only formatting results.
    pub fn writes_to_s3(&self) -> bool {
        self.parameters.is_some() || self.arguments.is_some()
    }
}

/// A Map's ItemReader, ItemBatcher and ResultWriter, each when present.
pub(super) type DistributedFields = (
    Option<Box<ItemReader>>,
    Option<Box<ItemBatcher>>,
    Option<Box<ResultWriter>>,
);

/// The largest MaxItems AWS takes (100,000,000).
pub const MAX_ITEMS_LIMIT: u64 = 100_000_000;

impl Lowerer<'_> {
    /// The `Parameters` (JSONPath) or `Arguments` (JSONata) of an ItemReader or ResultWriter.
    fn s3_parameters(&mut self, node: &Node, pointer: &str) -> (Option<Template>, Option<Jx>) {
        if self.in_jsonata_state {
            let Some(arguments) = node.get("Arguments") else {
                return (None, None);
            };
            let arguments_pointer = pointer_push(pointer, "Arguments");
            return (
                None,
                Some(self.jx(arguments, &arguments_pointer, "Arguments", StatesAccess::default())),
            );
        }
        (self.template(node, pointer, "Parameters"), None)
    }

    /// `ItemReader`, `ItemBatcher` and `ResultWriter` of a Map state; each is only valid when
    /// the Map is distributed.
    pub(super) fn lower_distributed_fields(
        &mut self,
        node: &Node,
        pointer: &str,
        distributed: bool,
    ) -> DistributedFields {
        if !distributed {
            for field in ["ItemReader", "ItemBatcher", "ResultWriter"] {
                if let Some(member) = node.member(field) {
                    self.error(
                        "invalid-value",
                        format!("\"{field}\" is only valid in a Map whose ItemProcessor has ProcessorConfig Mode \"DISTRIBUTED\""),
                        &pointer_push(pointer, field),
                        member.key_span,
                    );
                }
            }
        }
        let reader = node
            .get("ItemReader")
            .and_then(|value| self.lower_item_reader(value, &pointer_push(pointer, "ItemReader")));
        let batcher = node
            .get("ItemBatcher")
            .and_then(|value| self.lower_item_batcher(value, &pointer_push(pointer, "ItemBatcher")));
        let writer = node
            .get("ResultWriter")
            .and_then(|value| self.lower_result_writer(value, &pointer_push(pointer, "ResultWriter")));
        // AWS ignores ItemsPath when an ItemReader reads the items (recorded:
        // test_map_item_reader_base_json_with_items_path).
        (
            reader.filter(|_| distributed).map(Box::new),
            batcher.filter(|_| distributed).map(Box::new),
            writer.filter(|_| distributed).map(Box::new),
        )
    }

    fn object<'n>(&mut self, node: &'n Node, pointer: &str, field: &str) -> Option<&'n Node> {
        if node.as_members().is_none() {
            self.error(
                "wrong-type",
                format!("\"{field}\" must be an object, not {}", node.type_name()),
                pointer,
                node.span,
            );
            return None;
        }
        Some(node)
    }

    fn lower_item_reader(&mut self, node: &Node, pointer: &str) -> Option<ItemReader> {
        let node = self.object(node, pointer, "ItemReader")?;
        let fields: &[&str] = if self.in_jsonata_state {
            &["Resource", "Arguments", "ReaderConfig"]
        } else {
            &["Resource", "Parameters", "ReaderConfig"]
        };
        self.check_fields(node, pointer, fields, "ItemReader");
        let resource = match node.get("Resource") {
            None => {
                self.error(
                    "missing-field",
                    "ItemReader needs \"Resource\": arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2",
                    pointer,
                    key_span_or(node),
                );
                None
            }
            Some(value) => match value.as_str() {
                Some("arn:aws:states:::s3:getObject") => Some(ReaderResource::GetObject),
                Some("arn:aws:states:::s3:listObjectsV2") => Some(ReaderResource::ListObjectsV2),
                _ => {
                    self.error(
                        "invalid-value",
                        format!(
                            "ItemReader \"Resource\" must be arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2, not {}",
                            value.to_value().to_json()
                        ),
                        &pointer_push(pointer, "Resource"),
                        value.span,
                    );
                    None
                }
            },
        };
        let (parameters, arguments) = self.s3_parameters(node, pointer);
        if parameters.is_none() && arguments.is_none() {
            let field = if self.in_jsonata_state {
                "Arguments"
            } else {
                "Parameters"
            };
            if node.get(field).is_none() {
                self.error(
                    "missing-field",
                    format!("ItemReader needs \"{field}\" with the object's \"Bucket\" and \"Key\" (or \"Prefix\" for listObjectsV2)"),
                    pointer,
                    key_span_or(node),
                );
            }
        }
        let mut reader = ItemReader {
            resource: resource.unwrap_or(ReaderResource::GetObject),
            parameters,
            arguments,
            input_type: InputType::Json,
            csv_headers: CsvHeaders::FirstRow,
            csv_delimiter: ',',
            max_items: None,
            max_items_jx: None,
            items_pointer: None,
        };
        let mut header_location_given = false;
        // After an InputType already reported, the CSV-only fields are not reported again.
        let mut input_type_reported = false;
        if let Some(config) = node.get("ReaderConfig") {
            let config_pointer = pointer_push(pointer, "ReaderConfig");
            let config = self.object(config, &config_pointer, "ReaderConfig")?;
            self.check_fields(
                config,
                &config_pointer,
                &[
                    "InputType",
                    "CSVHeaderLocation",
                    "CSVHeaders",
                    "CSVDelimiter",
                    "MaxItems",
                    "MaxItemsPath",
                    "ItemsPointer",
                ],
                "ReaderConfig",
            );
            if let Some(value) = config.get("InputType") {
                let value_pointer = pointer_push(&config_pointer, "InputType");
                match value.as_str() {
                    Some("JSON") => reader.input_type = InputType::Json,
                    Some("JSONL") => reader.input_type = InputType::JsonLines,
                    Some("CSV") => reader.input_type = InputType::Csv,
                    Some("MANIFEST") => reader.input_type = InputType::Manifest,
                    Some("PARQUET") => {
                        input_type_reported = true;
                        self.error(
                            "unsupported",
                            "\"InputType\" PARQUET needs a Parquet reader, which this version does not have; give the items as CSV, JSON or JSONL",
                            &value_pointer,
                            value.span,
                        );
                    }
                    _ => {
                        input_type_reported = true;
                        self.error(
                            "invalid-value",
                            "\"InputType\" must be \"CSV\", \"JSON\", \"JSONL\" or \"MANIFEST\"",
                            &value_pointer,
                            value.span,
                        );
                    }
                }
                if reader.resource == ReaderResource::ListObjectsV2 {
                    self.error(
                        "invalid-value",
                        "\"InputType\" is for arn:aws:states:::s3:getObject; listObjectsV2 lists objects, each one an item",
                        &value_pointer,
                        value.span,
                    );
                }
            } else if reader.resource == ReaderResource::GetObject && config.get("CSVHeaderLocation").is_some() {
                reader.input_type = InputType::Csv;
            }
            if let Some(value) = config.get("CSVHeaderLocation") {
                let value_pointer = pointer_push(&config_pointer, "CSVHeaderLocation");
                match value.as_str() {
                    Some("FIRST_ROW") => {}
                    Some("GIVEN") => header_location_given = true,
                    _ => self.error(
                        "invalid-value",
                        "\"CSVHeaderLocation\" must be \"FIRST_ROW\" or \"GIVEN\"",
                        &value_pointer,
                        value.span,
                    ),
                }
            }
            let headers_pointer = pointer_push(&config_pointer, "CSVHeaders");
            match (config.get("CSVHeaders"), header_location_given) {
                (Some(value), true) => match value.as_items() {
                    Some(items) if !items.is_empty() && items.iter().all(|item| item.as_str().is_some()) => {
                        reader.csv_headers =
                            CsvHeaders::Given(items.iter().filter_map(Node::as_str).map(Arc::from).collect());
                    }
                    _ => self.error(
                        "wrong-type",
                        "\"CSVHeaders\" must be a non-empty array of column names (strings)",
                        &headers_pointer,
                        value.span,
                    ),
                },
                (Some(_), false) => {
                    if let Some(member) = config.member("CSVHeaders") {
                        self.error(
                            "invalid-value",
                            "\"CSVHeaders\" is only used with \"CSVHeaderLocation\": \"GIVEN\"",
                            &headers_pointer,
                            member.key_span,
                        );
                    }
                }
                (None, true) => self.error(
                    "missing-field",
                    "\"CSVHeaderLocation\": \"GIVEN\" needs \"CSVHeaders\", the column names",
                    &config_pointer,
                    key_span_or(config),
                ),
                (None, false) => {}
            }
            if let Some(value) = config.get("CSVDelimiter") {
                let value_pointer = pointer_push(&config_pointer, "CSVDelimiter");
                match value.as_str() {
                    Some("COMMA") => reader.csv_delimiter = ',',
                    Some("PIPE") => reader.csv_delimiter = '|',
                    Some("SEMICOLON") => reader.csv_delimiter = ';',
                    Some("SPACE") => reader.csv_delimiter = ' ',
                    Some("TAB") => reader.csv_delimiter = '\t',
                    _ => self.error(
                        "invalid-value",
                        "\"CSVDelimiter\" must be \"COMMA\", \"PIPE\", \"SEMICOLON\", \"SPACE\" or \"TAB\"",
                        &value_pointer,
                        value.span,
                    ),
                }
            }
            for field in ["CSVHeaderLocation", "CSVDelimiter"] {
                if reader.input_type != InputType::Csv
                    && !input_type_reported
                    && let Some(member) = config.member(field)
                {
                    self.error(
                        "invalid-value",
                        format!("\"{field}\" is only used with \"InputType\": \"CSV\""),
                        &pointer_push(&config_pointer, field),
                        member.key_span,
                    );
                }
            }
            if let Some(value) = config.get("ItemsPointer") {
                let value_pointer = pointer_push(&config_pointer, "ItemsPointer");
                match value.as_str() {
                    Some(pointer) if pointer.is_empty() || pointer.starts_with('/') => {
                        reader.items_pointer = Some(Arc::from(pointer));
                    }
                    Some(pointer) => self.error(
                        "invalid-value",
                        format!("\"ItemsPointer\" must be a JSON Pointer, empty or starting with \"/\" (\"/{pointer}\"), not \"{pointer}\""),
                        &value_pointer,
                        value.span,
                    ),
                    None => self.error(
                        "wrong-type",
                        format!("\"ItemsPointer\" must be a JSON Pointer (a string), not {}", value.type_name()),
                        &value_pointer,
                        value.span,
                    ),
                }
                if reader.input_type != InputType::Json
                    && !input_type_reported
                    && let Some(member) = config.member("ItemsPointer")
                {
                    self.error(
                        "invalid-value",
                        "\"ItemsPointer\" is only used with \"InputType\": \"JSON\"",
                        &value_pointer,
                        member.key_span,
                    );
                }
            }
            reader.max_items = self.seconds(config, &config_pointer, "MaxItems", "MaxItemsPath", 0);
            reader.max_items_jx = self.jx_expression(config, &config_pointer, "MaxItems");
            if let Some(Seconds::Literal(count)) = reader.max_items
                && count > MAX_ITEMS_LIMIT
                && let Some(value) = config.get("MaxItems")
            {
                self.error(
                    "invalid-value",
                    format!("\"MaxItems\" must be at most {MAX_ITEMS_LIMIT}, not {count}"),
                    &pointer_push(&config_pointer, "MaxItems"),
                    value.span,
                );
            }
        }
        Some(reader)
    }

    fn lower_item_batcher(&mut self, node: &Node, pointer: &str) -> Option<ItemBatcher> {
        let node = self.object(node, pointer, "ItemBatcher")?;
        self.check_fields(
            node,
            pointer,
            &[
                "MaxItemsPerBatch",
                "MaxItemsPerBatchPath",
                "MaxInputBytesPerBatch",
                "MaxInputBytesPerBatchPath",
                "BatchInput",
            ],
            "ItemBatcher",
        );
        let max_items_per_batch = self.seconds(node, pointer, "MaxItemsPerBatch", "MaxItemsPerBatchPath", 1);
        let max_input_bytes_per_batch =
            self.seconds(node, pointer, "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", 1);
        if let Some(Seconds::Literal(bytes)) = max_input_bytes_per_batch
            && bytes > 256 * 1024
            && let Some(value) = node.get("MaxInputBytesPerBatch")
        {
            self.error(
                "invalid-value",
                format!("\"MaxInputBytesPerBatch\" must be at most 262144 (256 KiB), not {bytes}"),
                &pointer_push(pointer, "MaxInputBytesPerBatch"),
                value.span,
            );
        }
        let has_limit = [
            "MaxItemsPerBatch",
            "MaxItemsPerBatchPath",
            "MaxInputBytesPerBatch",
            "MaxInputBytesPerBatchPath",
        ]
        .iter()
        .any(|field| node.get(field).is_some());
        if !has_limit {
            self.error(
                "missing-field",
                "ItemBatcher needs \"MaxItemsPerBatch\" or \"MaxInputBytesPerBatch\" (or their …Path forms)",
                pointer,
                key_span_or(node),
            );
        }
        let mut batcher = ItemBatcher {
            max_items_per_batch,
            max_input_bytes_per_batch,
            batch_input: None,
            max_items_per_batch_jx: self.jx_expression(node, pointer, "MaxItemsPerBatch"),
            max_input_bytes_per_batch_jx: self.jx_expression(node, pointer, "MaxInputBytesPerBatch"),
            batch_input_jx: None,
        };
        if let Some(value) = node.get("BatchInput") {
            let value_pointer = pointer_push(pointer, "BatchInput");
            if self.in_jsonata_state {
                batcher.batch_input_jx = Some(self.jx(value, &value_pointer, "BatchInput", StatesAccess::default()));
            } else {
                batcher.batch_input = self.template(node, pointer, "BatchInput");
            }
        }
        Some(batcher)
    }

    fn lower_result_writer(&mut self, node: &Node, pointer: &str) -> Option<ResultWriter> {
        let node = self.object(node, pointer, "ResultWriter")?;
        let fields: &[&str] = if self.in_jsonata_state {
            &["Resource", "Arguments", "WriterConfig"]
        } else {
            &["Resource", "Parameters", "WriterConfig"]
        };
        self.check_fields(node, pointer, fields, "ResultWriter");
        let (parameters, arguments) = self.s3_parameters(node, pointer);
        let parameters_field = if self.in_jsonata_state {
            "Arguments"
        } else {
            "Parameters"
        };
        match (node.get("Resource"), node.get(parameters_field)) {
            (Some(resource), _) if resource.as_str() != Some("arn:aws:states:::s3:putObject") => self.error(
                "invalid-value",
                format!(
                    "ResultWriter \"Resource\" must be arn:aws:states:::s3:putObject, not {}",
                    resource.to_value().to_json()
                ),
                &pointer_push(pointer, "Resource"),
                resource.span,
            ),
            (Some(_), None) => self.error(
                "missing-field",
                format!("ResultWriter with \"Resource\" needs \"{parameters_field}\" with \"Bucket\" and \"Prefix\""),
                pointer,
                key_span_or(node),
            ),
            (None, Some(_)) => {
                if let Some(member) = node.member(parameters_field) {
                    self.error(
                        "missing-field",
                        format!(
                            "ResultWriter with \"{parameters_field}\" needs \"Resource\": arn:aws:states:::s3:putObject"
                        ),
                        &pointer_push(pointer, parameters_field),
                        member.key_span,
                    );
                }
            }
            (None, None) if node.get("WriterConfig").is_none() => self.error(
                "missing-field",
                "ResultWriter needs \"Resource\" and \"Parameters\" (to write to S3), \"WriterConfig\", or both",
                pointer,
                key_span_or(node),
            ),
            _ => {}
        }
        let mut writer = ResultWriter {
            parameters,
            arguments,
            transformation: None,
            json_lines: false,
        };
        if let Some(config) = node.get("WriterConfig") {
            let config_pointer = pointer_push(pointer, "WriterConfig");
            let config = self.object(config, &config_pointer, "WriterConfig")?;
            self.check_fields(
                config,
                &config_pointer,
                &["Transformation", "OutputType"],
                "WriterConfig",
            );
            if let Some(value) = config.get("Transformation") {
                writer.transformation = match value.as_str() {
                    Some("NONE") => Some(Transformation::None),
                    Some("COMPACT") => Some(Transformation::Compact),
                    Some("FLATTEN") => Some(Transformation::Flatten),
                    _ => {
                        self.error(
                            "invalid-value",
                            "\"Transformation\" must be \"NONE\", \"COMPACT\" or \"FLATTEN\"",
                            &pointer_push(&config_pointer, "Transformation"),
                            value.span,
                        );
                        None
                    }
                };
            }
            if let Some(value) = config.get("OutputType") {
                match value.as_str() {
                    Some("JSON") => {}
                    Some("JSONL") => writer.json_lines = true,
                    _ => self.error(
                        "invalid-value",
                        "\"OutputType\" must be \"JSON\" or \"JSONL\"",
                        &pointer_push(&config_pointer, "OutputType"),
                        value.span,
                    ),
                }
            }
        }
        Some(writer)
    }
}
