//! The field tables: which fields each state type takes in each query language, the state
//! types, and the Choice operators. Validation checks against them; `docs` reads them.

use super::model::{CompareKind, CompareOp, TypeTest};

/// The fields of the top level of a definition.
pub(crate) const TOP_FIELDS: &[&str] = &[
    "StartAt",
    "States",
    "Comment",
    "Version",
    "TimeoutSeconds",
    "QueryLanguage",
];
pub(crate) const BRANCH_FIELDS: &[&str] = &["StartAt", "States", "Comment"];
pub(crate) const PROCESSOR_FIELDS: &[&str] = &["StartAt", "States", "Comment", "ProcessorConfig"];
/// State types, in the order the ASL spec lists them.
pub const STATE_TYPES: &[&str] = &["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"];

/// The fields a state of this type may have (JSONPath query language).
pub fn allowed_fields(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "Pass" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultPath",
            "Result",
            "Assign",
        ],
        "Task" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
            "Resource",
            "TimeoutSeconds",
            "TimeoutSecondsPath",
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
            "Credentials",
            "Assign",
        ],
        "Choice" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "InputPath",
            "OutputPath",
            "Choices",
            "Default",
            "Assign",
        ],
        "Wait" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "Seconds",
            "SecondsPath",
            "Timestamp",
            "TimestampPath",
            "Assign",
        ],
        "Succeed" => &["Type", "Comment", "QueryLanguage", "InputPath", "OutputPath"],
        "Fail" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Error",
            "ErrorPath",
            "Cause",
            "CausePath",
        ],
        "Parallel" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
            "Branches",
            "Assign",
        ],
        "Map" => &[
            "Type",
            "Comment",
            "QueryLanguage",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "ItemsPath",
            "ItemSelector",
            "Parameters",
            "Iterator",
            "ItemProcessor",
            "ItemReader",
            "ItemBatcher",
            "ResultWriter",
            "MaxConcurrency",
            "MaxConcurrencyPath",
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            "Label",
            "ResultSelector",
            "ResultPath",
            "Retry",
            "Catch",
            "Assign",
        ],
        _ => &[],
    }
}

/// Fields that belong to JSONata states only.
pub(crate) const JSONATA_FIELDS: &[&str] = &["Arguments", "Output", "Items", "Condition"];

/// Fields that belong to JSONPath states only.
pub(super) const JSONPATH_FIELDS: &[&str] = &[
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "Result",
    "ItemsPath",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
    "Variable",
];

/// The fields a state of this type may have when it uses JSONata.
pub fn jsonata_allowed_fields(type_name: &str) -> Vec<&'static str> {
    let mut fields: Vec<&'static str> = allowed_fields(type_name)
        .iter()
        .copied()
        .filter(|field| !JSONPATH_FIELDS.contains(field))
        .collect();
    fields.extend(match type_name {
        "Task" | "Parallel" => &["Arguments", "Output"][..],
        "Map" => &["Items", "Output"][..],
        "Fail" => &[][..],
        _ => &["Output"][..],
    });
    fields
}

pub(super) const COMPARISONS: &[(&str, CompareKind, CompareOp)] = &[
    ("StringEquals", CompareKind::String, CompareOp::Equals),
    ("StringLessThan", CompareKind::String, CompareOp::LessThan),
    ("StringGreaterThan", CompareKind::String, CompareOp::GreaterThan),
    ("StringLessThanEquals", CompareKind::String, CompareOp::LessThanEquals),
    (
        "StringGreaterThanEquals",
        CompareKind::String,
        CompareOp::GreaterThanEquals,
    ),
    ("NumericEquals", CompareKind::Numeric, CompareOp::Equals),
    ("NumericLessThan", CompareKind::Numeric, CompareOp::LessThan),
    ("NumericGreaterThan", CompareKind::Numeric, CompareOp::GreaterThan),
    ("NumericLessThanEquals", CompareKind::Numeric, CompareOp::LessThanEquals),
    (
        "NumericGreaterThanEquals",
        CompareKind::Numeric,
        CompareOp::GreaterThanEquals,
    ),
    ("BooleanEquals", CompareKind::Boolean, CompareOp::Equals),
    ("TimestampEquals", CompareKind::Timestamp, CompareOp::Equals),
    ("TimestampLessThan", CompareKind::Timestamp, CompareOp::LessThan),
    ("TimestampGreaterThan", CompareKind::Timestamp, CompareOp::GreaterThan),
    (
        "TimestampLessThanEquals",
        CompareKind::Timestamp,
        CompareOp::LessThanEquals,
    ),
    (
        "TimestampGreaterThanEquals",
        CompareKind::Timestamp,
        CompareOp::GreaterThanEquals,
    ),
];

pub(super) const TYPE_TESTS: &[(&str, TypeTest)] = &[
    ("IsNull", TypeTest::Null),
    ("IsPresent", TypeTest::Present),
    ("IsNumeric", TypeTest::Numeric),
    ("IsString", TypeTest::String),
    ("IsBoolean", TypeTest::Boolean),
    ("IsTimestamp", TypeTest::Timestamp),
];

/// Every comparison operator name a Choice rule accepts (for completion and suggestions).
pub fn choice_operator_names() -> impl Iterator<Item = String> {
    COMPARISONS
        .iter()
        .flat_map(|(name, ..)| [name.to_string(), format!("{name}Path")])
        .chain(TYPE_TESTS.iter().map(|(name, _)| name.to_string()))
        .chain(["StringMatches".to_owned()])
}

/// Fields whose string value is a path (and so may name a variable).
pub(super) const PATH_FIELDS: &[&str] = &[
    "InputPath",
    "OutputPath",
    "ItemsPath",
    "Variable",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
];
