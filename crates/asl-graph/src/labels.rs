//! The words of the drawing: estimated text widths, shortened names, a Choice rule's
//! condition as an edge label, and a distributed Map's subtitle.

use asl::machine::{Condition, Operand, StateKind, Test, TypeTest};

pub(crate) const CHAR_WIDTH: f64 = 7.2;
pub(crate) const MAX_LABEL_CHARS: usize = 32;

/// Width of a text in the drawing's font, estimated.
pub(crate) fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

pub(crate) fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_LABEL_CHARS {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(MAX_LABEL_CHARS - 1).collect::<String>())
    }
}

/// Width of an edge label's box.
pub(crate) fn label_width(text: &str) -> f64 {
    text_width(text) + 8.0
}

/// The label of a Choice rule: a short form of its condition, e.g. `$.amount > 100`.
pub fn condition_label(condition: &Condition) -> String {
    let res = match condition {
        Condition::And(inner) => inner.iter().map(condition_label).collect::<Vec<_>>().join(" and "),
        Condition::Or(inner) => inner.iter().map(condition_label).collect::<Vec<_>>().join(" or "),
        Condition::Not(inner) => format!("not ({})", condition_label(inner)),
        Condition::Jsonata(condition) => condition.summary(),
        Condition::Test { variable, test } => match test {
            Test::Is(type_test, expected) => {
                let what = match type_test {
                    TypeTest::Null => "null",
                    TypeTest::Present => "present",
                    TypeTest::Numeric => "numeric",
                    TypeTest::String => "a string",
                    TypeTest::Boolean => "a boolean",
                    TypeTest::Timestamp => "a timestamp",
                };
                format!("{variable} is {}{what}", if *expected { "" } else { "not " })
            }
            Test::StringMatches(pattern) => {
                let pattern: String = pattern
                    .iter()
                    .map(|part| match part {
                        asl::machine::GlobPart::Star => "*".to_owned(),
                        asl::machine::GlobPart::Literal(text) => text.clone(),
                    })
                    .collect();
                format!("{variable} matches \"{pattern}\"")
            }
            Test::Compare { op, operand, .. } => {
                let op = match op {
                    asl::machine::CompareOp::Equals => "==",
                    asl::machine::CompareOp::LessThan => "<",
                    asl::machine::CompareOp::GreaterThan => ">",
                    asl::machine::CompareOp::LessThanEquals => "<=",
                    asl::machine::CompareOp::GreaterThanEquals => ">=",
                };
                let operand = match operand {
                    Operand::Literal(value) => value.to_json(),
                    Operand::Timestamp(millis) => asl::time::format_timestamp(*millis),
                    Operand::Path(path) => path.text().to_owned(),
                };
                format!("{variable} {op} {operand}")
            }
        },
    };
    shorten(&res)
}

/// What a distributed Map does besides its iterations, in a few words for its box: where its
/// items come from (ItemReader), how they are batched (ItemBatcher), where results go
/// (ResultWriter). `None` for every other state.
pub fn subtitle(state: &asl::machine::State) -> Option<String> {
    use asl::machine::{InputType, ReaderResource, Seconds};
    let StateKind::Map(spec) = &state.kind else {
        return None;
    };
    if !spec.distributed {
        return None;
    }
    let mut parts = vec!["distributed".to_owned()];
    if let Some(reader) = &spec.item_reader {
        parts.push(match reader.resource {
            ReaderResource::ListObjectsV2 => "reads an S3 listing".to_owned(),
            ReaderResource::GetObject => format!(
                "reads S3 {}",
                match reader.input_type {
                    InputType::Json => "JSON",
                    InputType::JsonLines => "JSONL",
                    InputType::Csv => "CSV",
                    InputType::Manifest => "inventory",
                }
            ),
        });
    }
    if let Some(batcher) = &spec.item_batcher {
        parts.push(match &batcher.max_items_per_batch {
            Some(Seconds::Literal(count)) => format!("batches of {count}"),
            _ => "batches".to_owned(),
        });
    }
    if let Some(writer) = &spec.result_writer {
        let to_s3 = writer.writes_to_s3();
        parts.push(
            if to_s3 {
                "writes results to S3"
            } else {
                "formats results"
            }
            .to_owned(),
        );
    }
    Some(parts.join(" · "))
}
