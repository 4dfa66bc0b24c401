//! `States.Format`: its template split once when the call is parsed, and the text it writes.

use std::cell::RefCell;

use crate::value::Value;

/// A `States.Format` template read once: runs of text, escapes resolved, between its `{}`
/// placeholders. Scanning the template for braces and escapes at every call was about a
/// third of the cost of a call.
#[derive(Clone, Debug)]
pub(super) struct FormatTemplate {
    pieces: Vec<FormatPiece>,
    placeholders: usize,
}

#[derive(Clone, Debug)]
enum FormatPiece {
    Text(Box<str>),
    Placeholder,
}

impl FormatTemplate {
    /// Splits `template` as `format_into` reads it.
    pub(super) fn parse(template: &str) -> FormatTemplate {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut placeholders = 0;
        let mut rest = template;
        while let Some(at) = rest.find(['\\', '{']) {
            text.push_str(&rest[..at]);
            let special = &rest[at..];
            if let Some(after) = special.strip_prefix('\\') {
                let mut chars = after.chars();
                match chars.next() {
                    Some(escaped) => text.push(escaped),
                    None => text.push('\\'),
                }
                rest = chars.as_str();
            } else if let Some(after) = special.strip_prefix("{}") {
                if !text.is_empty() {
                    pieces.push(FormatPiece::Text(std::mem::take(&mut text).into_boxed_str()));
                }
                pieces.push(FormatPiece::Placeholder);
                placeholders += 1;
                rest = after;
            } else {
                text.push('{');
                rest = &special[1..];
            }
        }
        text.push_str(rest);
        if !text.is_empty() {
            pieces.push(FormatPiece::Text(text.into_boxed_str()));
        }
        FormatTemplate { pieces, placeholders }
    }

    /// The text of the pieces with `args` in the placeholders; the same errors as
    /// `format_into` when the counts differ.
    pub(super) fn fill(&self, args: &[Value], res: &mut String) -> Result<(), String> {
        if self.placeholders > args.len() {
            return Err(format!(
                "the template has more {{}} placeholders than the {} arguments",
                args.len()
            ));
        }
        if self.placeholders < args.len() {
            return Err(format!(
                "the template has fewer {{}} placeholders than the {} arguments",
                args.len()
            ));
        }
        let room: usize = self
            .pieces
            .iter()
            .map(|piece| match piece {
                FormatPiece::Text(text) => text.len(),
                FormatPiece::Placeholder => 0,
            })
            .sum::<usize>()
            + args.iter().map(|arg| arg.as_str().map_or(8, str::len)).sum::<usize>();
        res.reserve(room);
        let mut next_arg = args.iter();
        for piece in &self.pieces {
            match piece {
                FormatPiece::Text(text) => res.push_str(text),
                FormatPiece::Placeholder => {
                    if let Some(arg) = next_arg.next() {
                        write_format_arg(arg, res);
                    }
                }
            }
        }
        Ok(())
    }
}

thread_local! {
    /// The text `States.Format` writes, kept from call to call: the result is then copied
    /// once into its shared string, instead of a `String` allocated, copied into an
    /// `Arc<str>` and freed (two allocations of the three per call, in map-10000).
    static FORMAT_TEXT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Past this capacity the kept text is let go after use, so that one long result does not
/// stay allocated.
const FORMAT_TEXT_KEPT: usize = 64 * 1024;

/// The string `write` writes, written into the kept text.
pub(super) fn with_format_text(write: impl FnOnce(&mut String) -> Result<(), String>) -> Result<Value, String> {
    FORMAT_TEXT.with(|kept| match kept.try_borrow_mut() {
        Ok(mut res) => {
            res.clear();
            let done = write(&mut res).map(|()| Value::string(res.as_str()));
            if res.capacity() > FORMAT_TEXT_KEPT {
                *res = String::new();
            }
            done
        }
        // Not reached (formatting calls nothing that formats), but never a panic.
        Err(_) => {
            let mut res = String::new();
            write(&mut res).map(|()| Value::from(res))
        }
    })
}

/// An argument in a placeholder: a string's text, an array or object as Java prints it, other
/// values as JSON.
fn write_format_arg(arg: &Value, res: &mut String) {
    match arg {
        Value::String(text) => res.push_str(text),
        Value::Array(_) | Value::Object(_) => java_text(arg, res),
        other => {
            other.write_json_within(res, usize::MAX);
        }
    }
}

/// Fills `{}` placeholders; `\{`, `\}`, `\'` and `\\` stand for the characters themselves.
pub(super) fn format_into(template: &str, args: &[Value], res: &mut String) -> Result<(), String> {
    // Room for the template and the strings it takes, so that the text is rarely grown.
    let room: usize = args.iter().map(|arg| arg.as_str().map_or(8, str::len)).sum();
    res.reserve(template.len() + room);
    let mut next_arg = args.iter();
    let mut rest = template;
    // Plain text is copied a run at a time, up to the next escape or brace.
    while let Some(at) = rest.find(['\\', '{']) {
        res.push_str(&rest[..at]);
        let special = &rest[at..];
        if let Some(after) = special.strip_prefix('\\') {
            let mut chars = after.chars();
            match chars.next() {
                Some(escaped) => res.push(escaped),
                None => res.push('\\'),
            }
            rest = chars.as_str();
        } else if let Some(after) = special.strip_prefix("{}") {
            let Some(arg) = next_arg.next() else {
                return Err(format!(
                    "the template has more {{}} placeholders than the {} arguments",
                    args.len()
                ));
            };
            write_format_arg(arg, res);
            rest = after;
        } else {
            res.push('{');
            rest = &special[1..];
        }
    }
    res.push_str(rest);
    if next_arg.next().is_some() {
        return Err(format!(
            "the template has fewer {{}} placeholders than the {} arguments",
            args.len()
        ));
    }
    Ok(())
}

/// An array or object as States.Format writes it (Java's `toString`): `{Arg1=1, Arg2=[a, b]}`,
/// strings inside without quotes.
fn java_text(value: &Value, out: &mut String) {
    match value {
        Value::String(text) => out.push_str(text),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                java_text(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (index, (key, item)) in map.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                out.push_str(key);
                out.push('=');
                java_text(item, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_json()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The split template writes what scanning the template at each call writes, errors
    /// included (the scanning path still serves templates that come from a path).
    #[test]
    fn a_split_template_writes_what_scanning_writes() {
        let args = [
            Value::from("x"),
            Value::from_i64(-12),
            Value::Null,
            Value::from_json(r#"{"a":[1,"b"]}"#).unwrap(),
        ];
        let templates = [
            "",
            "plain",
            "{}",
            "{} and {}",
            "a {} b {} c {} d {}",
            "x \\{} {b} {}, {} é {}",
            "\\\\{}\\'{}{",
            "{{}}{}{}",
            "trailing \\",
            "{}{}{}{}{}",
        ];
        for template in templates {
            for count in 0..=args.len() {
                let mut scanned = String::new();
                let scanned = format_into(template, &args[..count], &mut scanned).map(|()| scanned);
                let mut split = String::new();
                let split = FormatTemplate::parse(template)
                    .fill(&args[..count], &mut split)
                    .map(|()| split);
                assert_eq!(split, scanned, "{template:?} with {count} arguments");
            }
        }
    }
}
