//! What an ItemReader makes of the object its host gave it: JSON, JSON Lines or CSV text (or,
//! for `listObjectsV2`, the listing) into items, as AWS reads them. Pure functions of the text,
//! shared by executions and TestState's `mapItemReaderData`.

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
        Value::Array(items) if reader.input_type == InputType::Json => return Ok(items.iter().cloned().collect()),
        _ if reader.input_type == InputType::Json => {
            return Err(failed("Attempting to map over non-iterable node."));
        }
        other => Arc::from(other.to_json()),
    };
    match reader.input_type {
        InputType::Json => match Value::from_json(&text) {
            Ok(Value::Array(items)) => Ok(items.iter().cloned().collect()),
            Ok(_) => Err(failed("Attempting to map over non-iterable node.")),
            Err(error) => Err(failed(format!("The object is not valid JSON: {error}"))),
        },
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
