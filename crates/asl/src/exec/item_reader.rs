//! What an ItemReader makes of the object its host gave it: JSON, JSON Lines or CSV text (or,
//! for `listObjectsV2`, the listing) into items, as AWS reads them; for an S3 inventory
//! (`MANIFEST`), the manifest's list of inventory files, then each file's rows. Pure functions
//! of the text, shared by executions and TestState's `mapItemReaderData`.

use std::sync::Arc;

use super::api::WorkflowError;
use crate::machine::{CsvHeaders, InputType, ItemReader, ReaderResource};
use crate::value::{Map, Value};

/// The error AWS gives when the reader cannot make items of what it read.
pub const ITEM_READER_FAILED: &str = "States.ItemReaderFailed";

fn failed(cause: impl Into<Arc<str>>) -> WorkflowError {
    WorkflowError::new(ITEM_READER_FAILED, cause)
}

/// The items in `answer`: for `getObject` the object's text (a string), or a JSON value already
/// parsed; for `listObjectsV2` the listing (an array of objects, or `{"Contents": [...]}`).
pub fn read_items(reader: &ItemReader, answer: &Value) -> Result<Vec<Value>, WorkflowError> {
    if reader.resource == ReaderResource::ListObjectsV2 {
        let listing = answer.get("Contents").unwrap_or(answer);
        return match listing {
            Value::Array(items) => Ok(items.iter().cloned().collect()),
            other => Err(failed(format!(
                "The listing of the objects must be an array of objects, not {}.",
                other.type_name()
            ))),
        };
    }
    let text = match answer {
        Value::String(text) => text.clone(),
        _ if reader.input_type == InputType::Json => return json_items(reader, answer),
        other => Arc::from(other.to_json()),
    };
    match reader.input_type {
        InputType::Json => match Value::from_json(&text) {
            Ok(value) => json_items(reader, &value),
            Err(error) => Err(failed(format!("The object is not valid JSON: {error}"))),
        },
        // The manifest's files are read one by one (`read_manifest`, `read_inventory`).
        InputType::Manifest => Err(failed(
            "An S3 inventory's items are in the files its manifest lists, not in the manifest.",
        )),
        InputType::JsonLines => text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(index, line)| {
                Value::from_json(line)
                    .map_err(|error| failed(format!("Line {} of the object is not valid JSON: {error}", index + 1)))
            })
            .collect(),
        InputType::Csv => read_csv(&text, &reader.csv_headers, reader.csv_delimiter),
    }
}

/// The items of a JSON object read: the array itself, or the array `ItemsPointer` points to
/// (the developer guide's "ItemReader (Map)", JSON data with `ItemsPointer`).
fn json_items(reader: &ItemReader, value: &Value) -> Result<Vec<Value>, WorkflowError> {
    let selected = match &reader.items_pointer {
        Some(pointer) => at_pointer(value, pointer).ok_or_else(|| {
            failed(format!(
                "The ItemsPointer '{pointer}' does not point to a value in the object read."
            ))
        })?,
        None => value,
    };
    match selected {
        Value::Array(items) => Ok(items.iter().cloned().collect()),
        _ => Err(failed("Attempting to map over non-iterable node.")),
    }
}

/// The value a JSON Pointer (RFC 6901) names: each `/`-separated token a member name (`~1` for
/// `/`, `~0` for `~`) or an array index; `""` is the whole value.
pub fn at_pointer<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    let mut current = value;
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        current = match current {
            Value::Object(_) => current.get(&token)?,
            Value::Array(items) => {
                let canonical = token == "0" || (!token.starts_with('0') && token.bytes().all(|b| b.is_ascii_digit()));
                if !canonical {
                    return None;
                }
                items.get(token.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(current)
}

/// What an S3 inventory's `manifest.json` says to read: the bucket its files are in, their keys
/// in order, and the columns of their rows (`fileSchema`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub bucket: Arc<str>,
    pub keys: Vec<Arc<str>>,
    pub columns: Vec<Arc<str>>,
}

/// Reads an S3 inventory manifest (the Amazon S3 user guide's "Inventory manifest":
/// `destinationBucket`, an ARN or a name; `fileFormat` CSV; `fileSchema`, the column names
/// separated by commas; `files`, each with its `key`).
pub fn read_manifest(answer: &Value) -> Result<Manifest, WorkflowError> {
    let parsed;
    let manifest = match answer {
        Value::String(text) => {
            parsed =
                Value::from_json(text).map_err(|error| failed(format!("The manifest is not valid JSON: {error}")))?;
            &parsed
        }
        other => other,
    };
    let text = |field: &str| manifest.get(field).and_then(Value::as_str);
    if let Some(format) = text("fileFormat")
        && !format.eq_ignore_ascii_case("CSV")
    {
        return Err(failed(format!(
            "The manifest's fileFormat is {format}: only CSV inventory files are read."
        )));
    }
    let bucket = text("destinationBucket")
        .map(|bucket| bucket.strip_prefix("arn:aws:s3:::").unwrap_or(bucket))
        .filter(|bucket| !bucket.is_empty())
        .ok_or_else(|| failed("The manifest has no destinationBucket."))?;
    let columns: Vec<Arc<str>> = text("fileSchema")
        .ok_or_else(|| failed("The manifest has no fileSchema."))?
        .split(',')
        .map(|column| Arc::from(column.trim()))
        .collect();
    let files = manifest
        .get("files")
        .and_then(Value::as_array)
        .ok_or_else(|| failed("The manifest has no files array."))?;
    let keys = files
        .iter()
        .map(|file| {
            file.get("key")
                .and_then(Value::as_str)
                .map(Arc::from)
                .ok_or_else(|| failed("Each file of the manifest needs a key."))
        })
        .collect::<Result<_, _>>()?;
    Ok(Manifest {
        bucket: Arc::from(bucket),
        keys,
        columns,
    })
}

/// The rows of one inventory file: CSV without a header row, the manifest's columns naming the
/// fields. The file as stored is gzip-compressed; the host gives its text.
pub fn read_inventory(answer: &Value, columns: &[Arc<str>]) -> Result<Vec<Value>, WorkflowError> {
    let text = match answer {
        Value::String(text) => text.clone(),
        other => Arc::from(other.to_json()),
    };
    read_csv(&text, &CsvHeaders::Given(columns.to_vec()), ',')
}

/// CSV rows as objects of strings keyed by the column names. A row with more fields than
/// columns drops the extra ones, one with fewer gets empty strings (as recorded on AWS).
pub fn read_csv(text: &str, headers: &CsvHeaders, delimiter: char) -> Result<Vec<Value>, WorkflowError> {
    let mut rows = parse_csv(text, delimiter).into_iter();
    let columns: Vec<Arc<str>> = match headers {
        CsvHeaders::Given(names) => names.clone(),
        CsvHeaders::FirstRow => match rows.next() {
            Some(row) => row.into_iter().map(Arc::from).collect(),
            None => return Ok(Vec::new()),
        },
    };
    for (index, name) in columns.iter().enumerate() {
        if columns[..index].contains(name) {
            return Err(failed("CSV headers cannot contain duplicates."));
        }
    }
    let order = java_hash_map_order(&columns);
    Ok(rows
        .map(|row| {
            let mut object = Map::new();
            for &column in &order {
                let field = row.get(column).map_or("", String::as_str);
                object.insert(columns[column].clone(), Value::String(Arc::from(field)));
            }
            Value::object(object)
        })
        .collect())
}

/// The order in which AWS lists a CSV row's columns: that of a `java.util.HashMap` (recorded:
/// headers `0,True,{}` come out as `0`, `{}`, `True`), by bucket of the string's hash, then in
/// insertion order within a bucket.
fn java_hash_map_order(columns: &[Arc<str>]) -> Vec<usize> {
    let mut capacity = 16usize;
    while columns.len() * 4 > capacity * 3 {
        capacity *= 2;
    }
    let bucket = |name: &str| {
        let hash = name
            .encode_utf16()
            .fold(0i32, |hash, unit| hash.wrapping_mul(31).wrapping_add(i32::from(unit)));
        let spread = (hash as u32) ^ ((hash as u32) >> 16);
        spread as usize & (capacity - 1)
    };
    let mut order: Vec<usize> = (0..columns.len()).collect();
    crate::sort::sort_by_key(&mut order, |&index| bucket(&columns[index]));
    order
}

/// RFC 4180 CSV: fields split by `delimiter`, `"` quotes a field (`""` inside is a quote), rows
/// end at LF or CRLF; the empty line after a final newline is no row.
fn parse_csv(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut row_started = false;
    while let Some(char) = chars.next() {
        row_started = true;
        if quoted {
            if char == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(char);
            }
            continue;
        }
        match char {
            '"' if field.is_empty() => quoted = true,
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                row_started = false;
            }
            _ if char == delimiter => row.push(std::mem::take(&mut field)),
            _ => field.push(char),
        }
    }
    if row_started {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_pointers_follow_rfc_6901() {
        let value = Value::from_json(r#"{"a/b":{"m~n":[10,[20,21]]},"":1}"#).unwrap();
        let at = |pointer: &str| at_pointer(&value, pointer).map(Value::to_json);
        assert_eq!(at("/a~1b/m~0n/1/0").as_deref(), Some("20"));
        assert_eq!(at("/").as_deref(), Some("1"));
        assert_eq!(at("").map(|text| text.len()), Some(value.to_json().len()));
        assert_eq!(at("/a~1b/m~0n/01"), None);
        assert_eq!(at("/a~1b/m~0n/2"), None);
        assert_eq!(at("a"), None);
    }

    fn keys(value: &Value) -> Vec<String> {
        value
            .as_object()
            .unwrap()
            .iter()
            .map(|(key, _)| key.to_string())
            .collect()
    }

    #[test]
    fn csv_rows_pad_and_truncate_like_aws() {
        let text = "Col1,Col2,Col3\nValue1,Value2,Value3\n,,,\n   \n";
        let rows = read_csv(text, &CsvHeaders::FirstRow, ',').unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].to_json(), r#"{"Col1":"","Col2":"","Col3":""}"#);
        assert_eq!(rows[2].to_json(), r#"{"Col1":"   ","Col2":"","Col3":""}"#);
    }

    #[test]
    fn csv_columns_in_java_hash_map_order() {
        let rows = read_csv("0,True,{}\nValue4,Value5,Value6\n", &CsvHeaders::FirstRow, ',').unwrap();
        assert_eq!(keys(&rows[0]), ["0", "{}", "True"]);
        let rows = read_csv("H1,\nValue4,Value5,Value6\n", &CsvHeaders::FirstRow, ',').unwrap();
        assert_eq!(rows[0].to_json(), r#"{"":"Value5","H1":"Value4"}"#);
    }

    #[test]
    fn csv_quotes_delimiters_and_duplicates() {
        let rows = read_csv("a|b\n\"x|y\"|\"say \"\"hi\"\"\"\r\n", &CsvHeaders::FirstRow, '|').unwrap();
        assert_eq!(rows[0].get("a").and_then(Value::as_str), Some("x|y"));
        assert_eq!(rows[0].get("b").and_then(Value::as_str), Some("say \"hi\""));
        let given = CsvHeaders::Given(vec![Arc::from("H1"), Arc::from("H1")]);
        let error = read_csv("1,2\n", &given, ',').unwrap_err();
        assert_eq!(&*error.cause, "CSV headers cannot contain duplicates.");
    }
}
