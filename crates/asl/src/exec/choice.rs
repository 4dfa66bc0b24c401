//! Choice rules (JSONPath): Boolean combinations, comparisons, type tests and StringMatches.

use super::Execution;
use super::api::RunId;
use super::api::WorkflowError;
use crate::machine::{CompareKind, CompareOp, Condition, GlobPart, Operand, State, Test, TypeTest};
use crate::time::parse_timestamp;
use crate::value::Value;

impl Execution {
    pub(super) fn condition(
        &self,
        run_id: RunId,
        state: &State,
        condition: &Condition,
        input: &Value,
    ) -> Result<bool, WorkflowError> {
        match condition {
            Condition::And(conditions) => {
                for inner in conditions {
                    if !self.condition(run_id, state, inner, input)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Condition::Or(conditions) => {
                for inner in conditions {
                    if self.condition(run_id, state, inner, input)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Condition::Not(inner) => Ok(!self.condition(run_id, state, inner, input)?),
            Condition::Jsonata(_) => Ok(false), // JSONata states decide in `prepare`
            Condition::Test { variable, test } => {
                // Borrowed where the path reads the input (most do), without a clone.
                let owned;
                let value = if variable.is_definite_in_input() {
                    variable.find(input)
                } else {
                    owned = self.eval_path(run_id, state, variable, input);
                    owned.as_ref()
                };
                if let Test::Is(type_test, expected) = test {
                    let actual = match (type_test, value) {
                        (TypeTest::Present, found) => found.is_some(),
                        (_, None) => false,
                        (TypeTest::Null, Some(found)) => found.is_null(),
                        (TypeTest::Numeric, Some(found)) => matches!(found, Value::Number(_)),
                        (TypeTest::String, Some(found)) => matches!(found, Value::String(_)),
                        (TypeTest::Boolean, Some(found)) => matches!(found, Value::Bool(_)),
                        (TypeTest::Timestamp, Some(found)) => found.as_str().and_then(parse_timestamp).is_some(),
                    };
                    return Ok(actual == *expected);
                }
                let Some(value) = value else {
                    return Err(self.runtime_error(
                        run_id,
                        state,
                        &format!(
                            "Invalid path '{variable}': The choice state's condition path references an invalid value."
                        ),
                    ));
                };
                match test {
                    Test::StringMatches(pattern) => Ok(value.as_str().is_some_and(|text| glob_matches(pattern, text))),
                    Test::Compare { kind, op, operand } => {
                        let operand_owned;
                        let operand = match operand {
                            Operand::Literal(literal) => literal,
                            Operand::Timestamp(millis) => return Ok(compare_timestamp(value, Some(*millis), *op)),
                            Operand::Path(path) => {
                                operand_owned = self.eval_path(run_id, state, path, input).ok_or_else(|| {
                                    self.runtime_error(run_id, state, &format!("Invalid path '{path}': The choice state's condition path references an invalid value."))
                                })?;
                                &operand_owned
                            }
                        };
                        Ok(match kind {
                            CompareKind::String => match (value.as_str(), operand.as_str()) {
                                (Some(left), Some(right)) => ordered(left.cmp(right), *op),
                                _ => false,
                            },
                            CompareKind::Numeric => match (value, operand) {
                                (Value::Number(left), Value::Number(right)) => match (left.as_i64(), right.as_i64()) {
                                    (Some(left), Some(right)) => ordered(left.cmp(&right), *op),
                                    _ => left
                                        .as_f64()
                                        .zip(right.as_f64())
                                        .and_then(|(left, right)| left.partial_cmp(&right))
                                        .is_some_and(|ordering| ordered(ordering, *op)),
                                },
                                _ => false,
                            },
                            CompareKind::Boolean => {
                                matches!((value, operand), (Value::Bool(left), Value::Bool(right)) if left == right)
                            }
                            CompareKind::Timestamp => {
                                compare_timestamp(value, operand.as_str().and_then(parse_timestamp), *op)
                            }
                        })
                    }
                    Test::Is(..) => Ok(false),
                }
            }
        }
    }
}

pub(super) fn ordered(ordering: std::cmp::Ordering, op: CompareOp) -> bool {
    match op {
        CompareOp::Equals => ordering.is_eq(),
        CompareOp::LessThan => ordering.is_lt(),
        CompareOp::GreaterThan => ordering.is_gt(),
        CompareOp::LessThanEquals => ordering.is_le(),
        CompareOp::GreaterThanEquals => ordering.is_ge(),
    }
}

pub(super) fn compare_timestamp(value: &Value, operand: Option<i64>, op: CompareOp) -> bool {
    match (value.as_str().and_then(parse_timestamp), operand) {
        (Some(left), Some(right)) => ordered(left.cmp(&right), op),
        _ => false,
    }
}

/// StringMatches: `*` matches any run of characters (greedy with backtracking over stars).
pub(super) fn glob_matches(pattern: &[GlobPart], text: &str) -> bool {
    let mut rest = text;
    let mut parts = pattern.iter().peekable();
    let mut anchored = true;
    while let Some(part) = parts.next() {
        match part {
            GlobPart::Star => anchored = false,
            GlobPart::Literal(literal) => {
                let last = parts.peek().is_none();
                if anchored {
                    let Some(after) = rest.strip_prefix(literal.as_str()) else {
                        return false;
                    };
                    rest = after;
                } else if last {
                    return rest.ends_with(literal.as_str());
                } else {
                    let Some(position) = rest.find(literal.as_str()) else {
                        return false;
                    };
                    rest = &rest[position + literal.len()..];
                }
                anchored = true;
            }
        }
    }
    !anchored || rest.is_empty()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn glob(pattern: &str) -> Vec<GlobPart> {
        let mut parts = Vec::new();
        for (index, piece) in pattern.split('*').enumerate() {
            if index > 0 {
                parts.push(GlobPart::Star);
            }
            if !piece.is_empty() {
                parts.push(GlobPart::Literal(piece.to_owned()));
            }
        }
        parts
    }

    #[test]
    fn glob_matching() {
        assert!(glob_matches(&glob("log-*.txt"), "log-2024.txt"));
        assert!(!glob_matches(&glob("log-*.txt"), "log-2024.txt.bak"));
        assert!(glob_matches(&glob("*"), ""));
        assert!(glob_matches(&glob("a*b*c"), "aXbYbc"));
        assert!(!glob_matches(&glob("abc"), "abcd"));
        assert!(glob_matches(&glob("*.txt"), "a.txt.txt"));
    }
}
