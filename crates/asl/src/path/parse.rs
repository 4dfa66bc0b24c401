//! Reading a JSONPath's text into its root and segments, with AWS's messages for what it
//! refuses.

use std::sync::Arc;

use super::{CompareOp, Filter, MAX_FILTER_DEPTH, Operand, Path, PathError, Root, Segment};
use crate::value::Value;

/// Compiles a path's text (`Path::parse`).
pub(super) fn parse(text: &str) -> Result<Path, PathError> {
    Parser {
        text,
        offset: 0,
        depth: 0,
    }
    .path()
}

struct Parser<'t> {
    text: &'t str,
    offset: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error<T>(&self, message: impl Into<String>) -> Result<T, PathError> {
        Err(PathError {
            offset: self.offset,
            message: message.into(),
        })
    }

    fn rest(&self) -> &str {
        &self.text[self.offset..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.offset += token.len();
            true
        } else {
            false
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(|c| c == ' ') {
            self.offset += 1;
        }
    }

    fn path(mut self) -> Result<Path, PathError> {
        if !self.eat("$") {
            return self.error(format!("a path must start with \"$\", but \"{}\" does not", self.text));
        }
        let root = if self.eat("$") {
            Root::Context
        } else if self.peek().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') {
            let start = self.offset;
            while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                self.offset += 1;
            }
            Root::Variable(Arc::from(&self.text[start..self.offset]))
        } else {
            Root::Input
        };
        let segments = self.segments(false)?;
        let definite = segments
            .iter()
            .all(|segment| matches!(segment, Segment::Field(_) | Segment::Index(_)));
        Ok(Path {
            text: Arc::from(self.text),
            root,
            segments,
            definite,
        })
    }

    /// Segments up to the end of the text (or, inside a filter, up to an operator).
    fn segments(&mut self, in_filter: bool) -> Result<Vec<Segment>, PathError> {
        let mut segments = Vec::new();
        loop {
            if in_filter {
                self.skip_spaces();
            }
            match self.peek() {
                None => return Ok(segments),
                Some('.') if self.rest().starts_with("..") => {
                    self.offset += 2;
                    if self.eat("*") {
                        segments.push(Segment::RecursiveWildcard);
                    } else {
                        let name = self.name(in_filter)?;
                        segments.push(Segment::RecursiveField(name));
                    }
                }
                Some('.') => {
                    self.offset += 1;
                    if self.eat("*") {
                        segments.push(Segment::Wildcard);
                    } else if self.eat("length()") {
                        segments.push(Segment::Length);
                    } else {
                        let name = self.name(in_filter)?;
                        segments.push(Segment::Field(name));
                    }
                }
                Some('[') => {
                    self.offset += 1;
                    let segment = self.bracket()?;
                    segments.push(segment);
                }
                Some(_) if in_filter => return Ok(segments),
                Some(other) => {
                    return self.error(format!(
                        "unexpected \"{other}\" in path \"{}\"; expected . or [",
                        self.text
                    ));
                }
            }
        }
    }

    fn name(&mut self, in_filter: bool) -> Result<Arc<str>, PathError> {
        let start = self.offset;
        while let Some(c) = self.peek() {
            let stop = c == '.' || c == '[' || (in_filter && " )=!<>&|".contains(c));
            if stop {
                break;
            }
            self.offset += c.len_utf8();
        }
        if start == self.offset {
            return self.error(format!("expected a field name in path \"{}\"", self.text));
        }
        Ok(Arc::from(&self.text[start..self.offset]))
    }

    fn bracket(&mut self) -> Result<Segment, PathError> {
        self.skip_spaces();
        let segment = if self.eat("*") {
            Segment::Wildcard
        } else if self.eat("?(") {
            let filter = self.filter_or()?;
            self.skip_spaces();
            if !self.eat(")") {
                return self.error("expected \")\" to close the filter expression");
            }
            Segment::Filter(Box::new(filter))
        } else if matches!(self.peek(), Some('\'' | '"')) {
            let mut names = vec![self.quoted()?];
            self.skip_spaces();
            while self.eat(",") {
                self.skip_spaces();
                names.push(self.quoted()?);
                self.skip_spaces();
            }
            if names.len() == 1 {
                Segment::Field(names.pop().unwrap_or_else(|| Arc::from("")))
            } else {
                Segment::Fields(names)
            }
        } else {
            let first = self.optional_int()?;
            self.skip_spaces();
            if self.eat(":") {
                let end = self.optional_int()?;
                let step = if self.eat(":") {
                    self.optional_int()?.unwrap_or(1)
                } else {
                    1
                };
                if step <= 0 {
                    return self.error("a slice step must be a positive integer");
                }
                Segment::Slice {
                    start: first,
                    end,
                    step,
                }
            } else {
                let Some(first) = first else {
                    return self.error(format!(
                        "expected an index, *, a quoted name or a filter inside [] in path \"{}\"",
                        self.text
                    ));
                };
                let mut indices = vec![first];
                while self.eat(",") {
                    self.skip_spaces();
                    match self.optional_int()? {
                        Some(index) => indices.push(index),
                        None => return self.error("expected an index after \",\""),
                    }
                    self.skip_spaces();
                }
                if indices.len() == 1 {
                    Segment::Index(first)
                } else {
                    Segment::Indices(indices)
                }
            }
        };
        self.skip_spaces();
        if !self.eat("]") {
            return self.error(format!("expected \"]\" in path \"{}\"", self.text));
        }
        Ok(segment)
    }

    fn optional_int(&mut self) -> Result<Option<i64>, PathError> {
        let start = self.offset;
        self.eat("-");
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.offset += 1;
        }
        let digits = &self.text[start..self.offset];
        if digits.is_empty() {
            return Ok(None);
        }
        match digits.parse() {
            Ok(number) => Ok(Some(number)),
            Err(_) => {
                self.offset = start;
                self.error(format!("\"{digits}\" is not a valid index"))
            }
        }
    }

    fn quoted(&mut self) -> Result<Arc<str>, PathError> {
        let Some(quote) = self.peek().filter(|c| *c == '\'' || *c == '"') else {
            return self.error("expected a quoted name");
        };
        self.offset += 1;
        let mut res = String::new();
        loop {
            match self.peek() {
                None => return self.error("unterminated quoted name"),
                Some('\\') => {
                    self.offset += 1;
                    match self.peek() {
                        // Only the quote and the backslash are escaped; before anything else a
                        // backslash is itself (AWS finds $['a\"b'] under the key a\"b: its
                        // recordings, test_base_scenarios test_escape_sequence_parsing).
                        Some(c) if c == quote || c == '\\' => {
                            res.push(c);
                            self.offset += c.len_utf8();
                        }
                        Some(_) => res.push('\\'),
                        None => return self.error("unterminated quoted name"),
                    }
                }
                Some(c) if c == quote => {
                    self.offset += 1;
                    return Ok(Arc::from(res));
                }
                Some(c) => {
                    res.push(c);
                    self.offset += c.len_utf8();
                }
            }
        }
    }

    fn filter_or(&mut self) -> Result<Filter, PathError> {
        let mut left = self.filter_and()?;
        loop {
            self.skip_spaces();
            if !self.eat("||") {
                return Ok(left);
            }
            let right = self.filter_and()?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
    }

    fn filter_and(&mut self) -> Result<Filter, PathError> {
        let mut left = self.filter_unary()?;
        loop {
            self.skip_spaces();
            if !self.eat("&&") {
                return Ok(left);
            }
            let right = self.filter_unary()?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
    }

    fn filter_unary(&mut self) -> Result<Filter, PathError> {
        self.skip_spaces();
        if self.eat("!") && !self.rest().starts_with('=') {
            return Ok(Filter::Not(Box::new(self.filter_unary()?)));
        }
        if self.eat("(") {
            self.depth += 1;
            if self.depth > MAX_FILTER_DEPTH {
                return self.error(format!(
                    "the filter expression nests parentheses deeper than {MAX_FILTER_DEPTH} levels"
                ));
            }
            let inner = self.filter_or()?;
            self.depth -= 1;
            self.skip_spaces();
            if !self.eat(")") {
                return self.error("expected \")\" in the filter expression");
            }
            return Ok(inner);
        }
        let left = self.operand()?;
        self.skip_spaces();
        let op = if self.eat("==") {
            CompareOp::Eq
        } else if self.eat("!=") {
            CompareOp::Ne
        } else if self.eat("<=") {
            CompareOp::Le
        } else if self.eat(">=") {
            CompareOp::Ge
        } else if self.eat("<") {
            CompareOp::Lt
        } else if self.eat(">") {
            CompareOp::Gt
        } else {
            return Ok(Filter::Exists(left));
        };
        self.skip_spaces();
        let right = self.operand()?;
        Ok(Filter::Compare(left, op, right))
    }

    fn operand(&mut self) -> Result<Operand, PathError> {
        self.skip_spaces();
        if self.eat("@") {
            return Ok(Operand::Current(self.definite_segments()?));
        }
        if self.eat("$") {
            return Ok(Operand::Root(self.definite_segments()?));
        }
        if matches!(self.peek(), Some('\'' | '"')) {
            return Ok(Operand::Literal(Value::String(self.quoted()?)));
        }
        for (word, value) in [
            ("true", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("null", Value::Null),
        ] {
            if self.eat(word) {
                return Ok(Operand::Literal(value));
            }
        }
        let start = self.offset;
        while self.peek().is_some_and(|c| c.is_ascii_digit() || "-+.eE".contains(c)) {
            self.offset += 1;
        }
        match Value::from_json(&self.text[start..self.offset]) {
            Ok(number @ Value::Number(_)) => Ok(Operand::Literal(number)),
            _ => {
                self.offset = start;
                self.error("expected @, a number, a quoted string, true, false or null in the filter")
            }
        }
    }

    fn definite_segments(&mut self) -> Result<Vec<Segment>, PathError> {
        let segments = self.segments(true)?;
        if segments
            .iter()
            .any(|segment| !matches!(segment, Segment::Field(_) | Segment::Index(_)))
        {
            return self.error("a filter may only follow fields and indices from @");
        }
        Ok(segments)
    }
}
