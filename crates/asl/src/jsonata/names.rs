//! Names in expressions: the `$name` references of paths, intrinsics and JSONata expressions,
//! the names a JSONata expression binds itself, and the functions jsonata 2.0.6 defines.

/// The functions of jsonata 2.0.6, without their `$`.
pub(crate) const JSONATA_FUNCTIONS: &[&str] = &[
    "sum",
    "count",
    "max",
    "min",
    "average",
    "string",
    "substring",
    "substringBefore",
    "substringAfter",
    "lowercase",
    "uppercase",
    "length",
    "trim",
    "pad",
    "match",
    "contains",
    "replace",
    "split",
    "join",
    "formatNumber",
    "formatBase",
    "formatInteger",
    "parseInteger",
    "number",
    "floor",
    "ceil",
    "round",
    "abs",
    "sqrt",
    "power",
    "random",
    "millis",
    "now",
    "fromMillis",
    "toMillis",
    "boolean",
    "not",
    "exists",
    "lookup",
    "append",
    "reverse",
    "shuffle",
    "distinct",
    "zip",
    "keys",
    "merge",
    "spread",
    "each",
    "error",
    "assert",
    "type",
    "sort",
    "filter",
    "single",
    "map",
    "reduce",
    "sift",
    "base64encode",
    "base64decode",
    "encodeUrlComponent",
    "encodeUrl",
    "decodeUrlComponent",
    "decodeUrl",
    "eval",
    "clone",
];

/// Names a JSONata expression binds itself: `$x := …` and the parameters of `function($a, $b)`
/// (or `λ(…)`).
pub(crate) fn jsonata_bound_names(body: &str) -> Vec<String> {
    let mut res = Vec::new();
    let names = variable_names(body);
    for (offset, name) in &names {
        let after = &body[(offset + 1 + name.len()).min(body.len())..];
        if after.trim_start().starts_with(":=") {
            res.push(name.clone());
        }
    }
    for keyword in ["function", "λ"] {
        let mut search = 0;
        while let Some(found) = body[search..].find(keyword) {
            let start = search + found + keyword.len();
            search = start;
            let rest = body[start..].trim_start();
            let Some(params) = rest.strip_prefix('(') else { continue };
            let params = params.split(')').next().unwrap_or("");
            res.extend(variable_names(params).into_iter().map(|(_, name)| name));
        }
    }
    res
}

/// The `$name` variable references in a path or intrinsic expression, with their byte offsets;
/// quoted intrinsic strings and `$$` (the context object) are skipped.
pub(crate) fn variable_names(text: &str) -> Vec<(usize, String)> {
    let mut res = Vec::new();
    let bytes = text.as_bytes();
    let mut index = 0;
    let mut quote: Option<u8> = None;
    while index < bytes.len() {
        let byte = bytes[index];
        match quote {
            Some(open) => {
                if byte == b'\\' {
                    index += 1;
                } else if byte == open {
                    quote = None;
                }
            }
            None if byte == b'\'' || byte == b'"' => quote = Some(byte),
            None if byte == b'$' => {
                if bytes.get(index + 1) == Some(&b'$') {
                    index += 2;
                    continue;
                }
                let start = index + 1;
                let mut end = start;
                while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                    end += 1;
                }
                if end > start && !bytes[start].is_ascii_digit() {
                    res.push((index, text[start..end].to_owned()));
                }
                index = end;
                continue;
            }
            None => {}
        }
        index += 1;
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_variable_references_outside_quotes() {
        assert_eq!(variable_names("$.a"), vec![]);
        assert_eq!(variable_names("$$.Execution.Name"), vec![]);
        assert_eq!(variable_names("$total.items[0]"), vec![(0, "total".to_owned())]);
        assert_eq!(
            variable_names("States.Format('cost $x {}', $price, $.y)"),
            vec![(28, "price".to_owned())]
        );
    }
}
