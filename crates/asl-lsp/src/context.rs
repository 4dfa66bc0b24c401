//! Where the cursor is, read from text that may be half typed: the objects and arrays it is
//! in (with the key or index that leads to each), and whether it is writing a key or a value.
//!
//! Completion runs while the user types, when the text is seldom well-formed JSON, so this
//! reads tokens leniently and never fails: a string ends at its closing quote or at the end of
//! its line, a missing comma or colon is assumed, and an unmatched bracket is ignored. The
//! core's spanned tree (`asl::syntax`) is strict on purpose; this is not a second parser of
//! definitions, only a guess at the place being edited.

use asl::Span;

/// How a container is reached from its parent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// An object or array that holds the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Container {
    /// The key or index that leads here from the parent; `None` for the root.
    pub step: Option<Step>,
    /// The byte offset of its `{` or `[`.
    pub start: usize,
    pub is_object: bool,
}

/// What the cursor is writing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A key of the innermost object.
    Key,
    /// A value: of the member `key` of the innermost object, or (with `key: None`) an item of
    /// the innermost array.
    Value { key: Option<String> },
}

/// A string (or bare word) under the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Quotes included; the closing one only when it is there.
    pub span: Span,
    /// The string's text, unescaped when it is well formed.
    pub text: String,
    pub quoted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// From the root to the innermost container.
    pub containers: Vec<Container>,
    pub place: Place,
    pub token: Option<Token>,
}

/// A direct member of an object, read leniently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    /// The offset of the value's first byte, if it has one.
    pub value_start: Option<usize>,
    /// The value, when it is a string.
    pub string: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Key,
    Colon,
    Value,
    Comma,
}

struct Frame {
    container: Container,
    expect: Expect,
    key: Option<String>,
    index: usize,
}

/// Where the cursor at byte `offset` is; `None` outside the root object or array, or between
/// a key and its colon.
pub fn cursor(text: &str, offset: usize) -> Option<Cursor> {
    let bytes = text.as_bytes();
    let mut frames: Vec<Frame> = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() && pos < offset {
        match bytes[pos] {
            b'"' => {
                let (token, closed) = string_token(text, pos);
                let end = token.span.end;
                if offset < end || (!closed && offset == end) {
                    return here(frames, Some(token));
                }
                wrote(&mut frames, Some(token.text));
                pos = end;
            }
            byte @ (b'{' | b'[') => {
                let step = frames.last().map(|parent| {
                    if parent.container.is_object {
                        Step::Key(parent.key.clone().unwrap_or_default())
                    } else {
                        Step::Index(parent.index)
                    }
                });
                frames.push(Frame {
                    container: Container {
                        step,
                        start: pos,
                        is_object: byte == b'{',
                    },
                    expect: if byte == b'{' { Expect::Key } else { Expect::Value },
                    key: None,
                    index: 0,
                });
                pos += 1;
            }
            b'}' | b']' => {
                frames.pop();
                wrote(&mut frames, None);
                pos += 1;
            }
            b',' => {
                if let Some(frame) = frames.last_mut() {
                    if frame.container.is_object {
                        frame.expect = Expect::Key;
                        frame.key = None;
                    } else {
                        frame.expect = Expect::Value;
                        frame.index += 1;
                    }
                }
                pos += 1;
            }
            b':' => {
                if let Some(frame) = frames.last_mut() {
                    frame.expect = Expect::Value;
                }
                pos += 1;
            }
            byte if byte.is_ascii_whitespace() => pos += 1,
            _ => {
                let end = word_end(bytes, pos);
                if offset <= end {
                    let token = Token {
                        span: Span::new(pos, end),
                        text: text[pos..end].to_owned(),
                        quoted: false,
                    };
                    return here(frames, Some(token));
                }
                wrote(&mut frames, None);
                pos = end;
            }
        }
    }
    here(frames, None)
}

/// Records that the innermost container got a key (a string where a key goes) or a value.
fn wrote(frames: &mut [Frame], string: Option<String>) {
    let Some(frame) = frames.last_mut() else { return };
    if frame.container.is_object && matches!(frame.expect, Expect::Key | Expect::Comma) {
        if let Some(key) = string {
            frame.key = Some(key);
            frame.expect = Expect::Colon;
        }
    } else {
        frame.expect = Expect::Comma;
    }
}

fn here(frames: Vec<Frame>, token: Option<Token>) -> Option<Cursor> {
    let frame = frames.last()?;
    let place = match (frame.container.is_object, frame.expect) {
        (false, _) => Place::Value { key: None },
        (true, Expect::Key | Expect::Comma) => Place::Key,
        (true, Expect::Value) => Place::Value { key: frame.key.clone() },
        (true, Expect::Colon) => return None,
    };
    Some(Cursor {
        containers: frames.into_iter().map(|frame| frame.container).collect(),
        place,
        token,
    })
}

/// The string starting at the quote at `start`: up to its closing quote, or to the end of its
/// line when it has none. Also says whether it has its closing quote.
fn string_token(text: &str, start: usize) -> (Token, bool) {
    let bytes = text.as_bytes();
    let mut pos = start + 1;
    let mut closed = false;
    while pos < bytes.len() {
        match bytes[pos] {
            b'\\' => pos += 2,
            b'"' => {
                pos += 1;
                closed = true;
                break;
            }
            b'\n' | b'\r' => break,
            _ => pos += 1,
        }
    }
    let mut end = pos.min(bytes.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let raw = &text[start..end];
    let text = if closed {
        serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw[1..raw.len() - 1].to_owned())
    } else {
        raw[1..].to_owned()
    };
    let token = Token {
        span: Span::new(start, end),
        text,
        quoted: true,
    };
    (token, closed)
}

/// The end of a bare word (a number, `true`, or something half typed).
fn word_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < bytes.len() && !matches!(bytes[end], b'"' | b'{' | b'}' | b'[' | b']' | b',' | b':') {
        if bytes[end].is_ascii_whitespace() {
            break;
        }
        end += 1;
    }
    end.max(start + 1).min(bytes.len())
}

/// The direct members of the object whose `{` is at `start`, up to its `}` or the text's end.
pub fn members(text: &str, start: usize) -> Vec<Member> {
    let bytes = text.as_bytes();
    let mut res: Vec<Member> = Vec::new();
    let mut depth = 0usize;
    let mut expect = Expect::Key;
    let mut pos = start + 1;
    while pos < bytes.len() {
        match bytes[pos] {
            b'"' => {
                let (token, _) = string_token(text, pos);
                if depth == 0 {
                    match expect {
                        Expect::Key | Expect::Comma => {
                            res.push(Member {
                                key: token.text,
                                key_span: token.span,
                                value_start: None,
                                string: None,
                            });
                            expect = Expect::Colon;
                        }
                        Expect::Value => {
                            if let Some(member) = res.last_mut() {
                                member.value_start = Some(pos);
                                member.string = Some(token.text);
                            }
                            expect = Expect::Comma;
                        }
                        Expect::Colon => {}
                    }
                }
                pos = token.span.end.max(pos + 1);
            }
            b'{' | b'[' => {
                if depth == 0
                    && expect == Expect::Value
                    && let Some(member) = res.last_mut()
                {
                    member.value_start = Some(pos);
                    expect = Expect::Comma;
                }
                depth += 1;
                pos += 1;
            }
            b'}' | b']' => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
                pos += 1;
            }
            b',' => {
                if depth == 0 {
                    expect = Expect::Key;
                }
                pos += 1;
            }
            b':' => {
                if depth == 0 {
                    expect = Expect::Value;
                }
                pos += 1;
            }
            byte if byte.is_ascii_whitespace() => pos += 1,
            _ => {
                if depth == 0
                    && expect == Expect::Value
                    && let Some(member) = res.last_mut()
                {
                    member.value_start = Some(pos);
                    expect = Expect::Comma;
                }
                pos = word_end(bytes, pos);
            }
        }
    }
    res
}

/// The string value of member `key` of the object at `start`, if it has one.
pub fn member_string(text: &str, start: usize, key: &str) -> Option<String> {
    members(text, start)
        .into_iter()
        .find(|member| member.key == key)
        .and_then(|member| member.string)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cursor at `|` as `path place token`.
    fn check(marked: &str) -> String {
        let offset = marked.find('|').expect("a | marks the cursor");
        let text = marked.replacen('|', "", 1);
        let Some(cursor) = cursor(&text, offset) else {
            return "nowhere".to_owned();
        };
        let path: Vec<String> = cursor
            .containers
            .iter()
            .filter_map(|container| container.step.as_ref())
            .map(|step| match step {
                Step::Key(key) => key.clone(),
                Step::Index(index) => index.to_string(),
            })
            .collect();
        let place = match &cursor.place {
            Place::Key => "key".to_owned(),
            Place::Value { key: Some(key) } => format!("value of {key}"),
            Place::Value { key: None } => "item".to_owned(),
        };
        let token = cursor
            .token
            .map(|token| format!(" {:?}", &text[token.span.start..token.span.end]))
            .unwrap_or_default();
        format!("/{} {place}{token}", path.join("/"))
    }

    #[test]
    fn keys_and_values_are_told_apart_while_typing() {
        assert_eq!(check(r#"{"States": {"A": {"Ty|"#), r#"/States/A key "\"Ty""#);
        assert_eq!(
            check(r#"{"States": {"A": {"Type": "Pass", "N|"}}}"#),
            r#"/States/A key "\"N\"""#
        );
        assert_eq!(
            check(r#"{"States": {"A": {"Next": "|"#),
            r#"/States/A value of Next "\"""#
        );
        assert_eq!(check(r#"{"States": {"A": {"Next": |}}}"#), "/States/A value of Next");
        assert_eq!(
            check("{\"States\": {\"A\": {\"Type\": \"Pass\"\n  |\n}}}"),
            "/States/A key"
        );
        assert_eq!(
            check(r#"{"States": {"P": {"Branches": [{}, {"States": {"B": {"Catch": [{"Next": "X|"}]}}}]}}}"#),
            r#"/States/P/Branches/1/States/B/Catch/0 value of Next "\"X\"""#
        );
        assert_eq!(check(r#"{"A": ["x", |]}"#), "/A item");
        assert_eq!(check(r#"{"A": tr|ue}"#), r#"/ value of A "true""#);
        assert_eq!(check(r#"{"A" | : 1}"#), "nowhere");
        assert_eq!(check(r#"| {}"#), "nowhere");
    }

    #[test]
    fn an_unclosed_string_ends_at_its_line() {
        let text = "{\"States\": {\"A\": {\"Next\": \"B\n}, \"B\": {\"Type\": \"Pass\"}}}";
        let states = text.find("{\"A\"").unwrap();
        let keys: Vec<String> = members(text, states).into_iter().map(|member| member.key).collect();
        assert_eq!(keys, ["A", "B"]);
        let b = text.find("{\"Type\"").unwrap();
        assert_eq!(member_string(text, b, "Type").as_deref(), Some("Pass"));
        assert_eq!(member_string(text, 0, "Type"), None);
    }
}
