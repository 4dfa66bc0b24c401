//! What the language offers, in words: the vocabulary editors complete and the short
//! explanations they show on hover. The playground is a teaching tool; this is its glossary.

use crate::machine;

/// State types, in the order the ASL spec lists them (the machine's own table).
pub use crate::machine::STATE_TYPES;

/// Error names that Retry and Catch can match.
pub const ERROR_NAMES: &[&str] = &[
    "States.ALL",
    "States.TaskFailed",
    "States.Timeout",
    "States.HeartbeatTimeout",
    "States.Permissions",
    "States.ResultPathMatchFailure",
    "States.ParameterPathFailure",
    "States.BranchFailed",
    "States.NoChoiceMatched",
    "States.IntrinsicFailure",
    "States.ExceedToleratedFailureThreshold",
    "States.ItemReaderFailed",
    "States.QueryEvaluationError",
    "States.ResultWriterFailed",
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
];

/// Every field name a definition may use (top level, states, retriers, catchers, Choice rules).
pub fn field_names() -> Vec<&'static str> {
    let mut res: Vec<&'static str> = machine::TOP_FIELDS.to_vec();
    for type_name in STATE_TYPES {
        for field in machine::allowed_fields(type_name) {
            if !res.contains(field) {
                res.push(field);
            }
        }
    }
    for field in [
        "ErrorEquals",
        "IntervalSeconds",
        "MaxAttempts",
        "BackoffRate",
        "MaxDelaySeconds",
        "JitterStrategy",
        "Choices",
        "Default",
        "Variable",
        "And",
        "Or",
        "Not",
        "ProcessorConfig",
        "Mode",
        "ExecutionType",
    ]
    .into_iter()
    .chain(machine::JSONATA_FIELDS.iter().copied())
    {
        if !res.contains(&field) {
            res.push(field);
        }
    }
    res
}

/// JSONata words the glossary explains: `$states` and its fields, and the functions Step
/// Functions adds (hovered in an expression, `$` included).
pub const JSONATA_WORDS: &[&str] = &[
    "$states.input",
    "$states.result",
    "$states.errorOutput",
    "$states.context",
    "$partition",
    "$range",
    "$hash",
    "$random",
    "$uuid",
    "$parse",
];

/// The intrinsic functions, `States.Format` to `States.UUID`.
pub fn intrinsic_names() -> impl Iterator<Item = &'static str> {
    crate::intrinsics::function_names()
}

/// The functions of jsonata 2.0.6, `$` included, then the ones Step Functions adds.
pub fn jsonata_function_names() -> impl Iterator<Item = String> {
    crate::jsonata::names::JSONATA_FUNCTIONS
        .iter()
        .chain(crate::jsonata::FUNCTIONS)
        .map(|name| format!("${name}"))
}

/// Where in a definition a field name is being written, for completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldPlace<'t> {
    /// The top level of the definition.
    TopLevel,
    /// A Parallel branch.
    Branch,
    /// A Map's ItemProcessor (or its older name, Iterator).
    Processor,
    /// A state, of this type when it is known (any type's fields otherwise).
    State {
        type_name: Option<&'t str>,
        jsonata: bool,
    },
    Retrier,
    Catcher {
        jsonata: bool,
    },
    /// A Choice rule; `top` for a rule of `Choices` itself (not inside And, Or or Not).
    ChoiceRule {
        jsonata: bool,
        top: bool,
    },
}

/// The fields that may be written at a place, in the order validation knows them.
pub fn fields_at(place: FieldPlace<'_>) -> Vec<String> {
    let owned = |fields: &[&str]| fields.iter().map(|field| field.to_string()).collect::<Vec<String>>();
    match place {
        FieldPlace::TopLevel => owned(machine::TOP_FIELDS),
        FieldPlace::Branch => owned(machine::BRANCH_FIELDS),
        FieldPlace::Processor => owned(machine::PROCESSOR_FIELDS),
        FieldPlace::State {
            type_name: Some(type_name),
            jsonata,
        } if STATE_TYPES.contains(&type_name) => {
            if jsonata {
                owned(&machine::jsonata_allowed_fields(type_name))
            } else {
                owned(machine::allowed_fields(type_name))
            }
        }
        FieldPlace::State { jsonata, .. } => {
            let mut res: Vec<String> = Vec::new();
            for type_name in STATE_TYPES {
                for field in fields_at(FieldPlace::State {
                    type_name: Some(type_name),
                    jsonata,
                }) {
                    if !res.contains(&field) {
                        res.push(field);
                    }
                }
            }
            res
        }
        // The lists that `machine::retry_catch` and `machine::choice` check against; the
        // `fields_at_places_are_accepted` test keeps them in step.
        FieldPlace::Retrier => owned(&[
            "ErrorEquals",
            "IntervalSeconds",
            "MaxAttempts",
            "BackoffRate",
            "MaxDelaySeconds",
            "JitterStrategy",
            "Comment",
        ]),
        FieldPlace::Catcher { jsonata: true } => owned(&["ErrorEquals", "Next", "Output", "Assign", "Comment"]),
        FieldPlace::Catcher { jsonata: false } => owned(&["ErrorEquals", "Next", "ResultPath", "Assign", "Comment"]),
        FieldPlace::ChoiceRule {
            jsonata: true,
            top: true,
        } => owned(&["Condition", "Next", "Output", "Assign", "Comment"]),
        // JSONata rules do not nest: a Condition says it all.
        FieldPlace::ChoiceRule {
            jsonata: true,
            top: false,
        } => Vec::new(),
        FieldPlace::ChoiceRule { jsonata: false, top } => {
            let mut res = owned(&["Variable", "Next", "And", "Or", "Not", "Comment"]);
            if !top {
                res.retain(|field| field != "Next");
            } else {
                res.push("Assign".to_owned());
            }
            res.extend(machine::choice_operator_names());
            res
        }
    }
}

/// The values a field takes when they are a fixed set (its items', for `ErrorEquals`).
pub fn field_values(field: &str) -> &'static [&'static str] {
    match field {
        "Type" => STATE_TYPES,
        "QueryLanguage" => &["JSONPath", "JSONata"],
        "ErrorEquals" => ERROR_NAMES,
        "JitterStrategy" => &["FULL", "NONE"],
        "Mode" => &["INLINE", "DISTRIBUTED"],
        "ExecutionType" => &["STANDARD", "EXPRESS"],
        _ => &[],
    }
}

/// A one-paragraph explanation of a field, state type, error name, intrinsic function or
/// JSONata word (`$states.input`, `$sum`).
pub fn explain(word: &str) -> Option<&'static str> {
    if let Some(name) = word.strip_prefix('$')
        && let Some(doc) = explain_jsonata_function(name)
    {
        return Some(doc);
    }
    Some(match word {
        "StartAt" => "The name of the state the execution (or branch, or item processor) starts in.",
        "States" => "An object of named states. Each name must be unique within its machine and at most 80 characters.",
        "Comment" => "A human-readable description. Ignored at run time.",
        "TimeoutSeconds" => "The most seconds the execution (or Task) may run before it fails with States.Timeout.",
        "QueryLanguage" => {
            "JSONPath (the default) or JSONata: how the state reads and shapes its data. A Map's or Parallel's does not pass to the states inside it."
        }
        "Type" => "What the state does: Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map.",
        "Next" => "The name of the state to run after this one.",
        "End" => "true if the execution (or branch) ends after this state.",
        "InputPath" => "Selects the part of the state input the state works on. Applied first; null gives {}.",
        "Parameters" => {
            "Builds the effective input: keys ending in .$ take a path or an intrinsic function, other values are copied."
        }
        "ResultSelector" => "Reshapes the task result (keys ending in .$ read from the result) before ResultPath.",
        "ResultPath" => {
            "Where the result goes in the state input: $ replaces it (default), $.field adds it, null discards the result."
        }
        "OutputPath" => "Selects the part of the combined document that becomes the state output. Applied last.",
        "Result" => "The fixed result of a Pass state, used instead of its input.",
        "Assign" => "Sets workflow variables after the state; later states read them as $name.",
        "Resource" => "The ARN of the work a Task does, e.g. arn:aws:states:::lambda:invoke or a Lambda function ARN.",
        "HeartbeatSeconds" => {
            "A Task times out if it sends no heartbeat for this long: States.Timeout, as AWS records it, which States.HeartbeatTimeout also catches."
        }
        "Retry" => "Retriers, tried in order: the first whose ErrorEquals matches decides whether to try again.",
        "Catch" => {
            "Catchers, tried in order after retries are exhausted: the first match moves to its Next with {Error, Cause}."
        }
        "ErrorEquals" => {
            "The error names a retrier or catcher matches. States.ALL matches any error except States.Runtime."
        }
        "IntervalSeconds" => "Seconds before the first retry (default 1).",
        "MaxAttempts" => "The most retries for this retrier (default 3; 0 never retries).",
        "BackoffRate" => "Multiplies the retry interval after each attempt (default 2.0).",
        "MaxDelaySeconds" => "Caps the retry interval, however large the backoff makes it.",
        "JitterStrategy" => {
            "FULL randomises each retry interval between 0 and its computed value; NONE (default) does not."
        }
        "Choices" => "Choice rules, tried in order: the first that matches decides the Next state.",
        "Default" => "The state a Choice goes to when no rule matches (otherwise: States.NoChoiceMatched).",
        "Variable" => "The path whose value a Choice rule compares.",
        "And" => "A Choice rule that matches when all of its rules match.",
        "Or" => "A Choice rule that matches when any of its rules matches.",
        "Not" => "A Choice rule that matches when its rule does not.",
        "Seconds" => "How long a Wait state waits. Time here is virtual: a year takes no real time.",
        "SecondsPath" => "A path to the number of seconds to wait.",
        "Timestamp" => "When a Wait state ends, as RFC 3339 (2016-03-14T01:59:00Z).",
        "TimestampPath" => "A path to the timestamp a Wait state waits for.",
        "Error" => "The error name a Fail state ends the execution with.",
        "Cause" => "The human-readable cause a Fail state reports.",
        "ErrorPath" => "A path to the error name of a Fail state.",
        "CausePath" => "A path to the cause of a Fail state.",
        "Branches" => {
            "The state machines a Parallel state runs at the same time; its result is the array of their outputs."
        }
        "ItemsPath" => "The path to the array a Map state iterates over.",
        "ItemSelector" => {
            "Builds each iteration's input; $$.Map.Item.Value and $$.Map.Item.Index are the item and its index."
        }
        "ItemProcessor" => "The state machine a Map state runs for each item.",
        "Iterator" => "The older name of ItemProcessor.",
        "MaxConcurrency" => "The most Map iterations at once (0: as many as possible).",
        "ToleratedFailureCount" => "A distributed Map fails only when more items than this fail.",
        "ToleratedFailurePercentage" => "A distributed Map fails only when more than this percentage of items fail.",
        "ProcessorConfig" => "Mode INLINE (iterations in this execution) or DISTRIBUTED (child executions).",
        "ItemReader" => {
            "A distributed Map's items read from S3: s3:getObject with ReaderConfig InputType JSON, JSONL or CSV, or s3:listObjectsV2 (each object an item)."
        }
        "ItemBatcher" => {
            "Groups a distributed Map's items: each child execution gets {\"Items\": [...]} (and BatchInput), up to MaxItemsPerBatch items or MaxInputBytesPerBatch bytes."
        }
        "ResultWriter" => {
            "Writes a distributed Map's results to S3 (s3:putObject, Bucket and Prefix) and/or formats them (WriterConfig); the output then names the manifest."
        }
        "Label" => "Names a distributed Map's Map Run and child executions.",
        "Pass" => "Passes its input to its output, optionally with a fixed Result or reshaped Parameters.",
        "Task" => "Does one unit of work through a Resource (a Lambda function, an AWS API, an activity).",
        "Choice" => "Picks the next state from its Choices rules, or Default.",
        "Wait" => "Waits for a number of seconds or until a timestamp.",
        "Succeed" => "Ends the execution (or branch) successfully.",
        "Fail" => "Ends the execution with an Error and a Cause.",
        "Parallel" => "Runs several branches at once and collects their outputs in an array.",
        "Map" => "Runs the same steps for each item of an array.",
        "States.ALL" => {
            "Matches any error, except States.Runtime and a state's own States.DataLimitExceeded (a task's result over 256 KiB is caught). Must be alone and last."
        }
        "States.TaskFailed" => "Matches any error a Task fails with, except States.Timeout.",
        "States.Timeout" => "A Task ran longer than TimeoutSeconds, or the execution longer than its TimeoutSeconds.",
        "States.Runtime" => "A runtime error such as a path that selects nothing. Never retried or caught.",
        "States.NoChoiceMatched" => "No Choice rule matched and there was no Default.",
        "States.ResultPathMatchFailure" => "ResultPath could not be applied to the state input.",
        "States.ExceedToleratedFailureThreshold" => "A Map had more failed items than it tolerates.",
        "States.QueryEvaluationError" => {
            "A JSONata expression failed or gave nothing (undefined). Retry and Catch can match it."
        }
        "Arguments" => {
            "JSONata: the input a Task or Parallel state sends on; {% %} strings are expressions over $states.input."
        }
        "Output" => {
            "JSONata: the state output; {% %} strings may read $states.input, and $states.result after a Task, Parallel or Map."
        }
        "Items" => "JSONata: the array a Map state iterates over, or an expression that gives it.",
        "Condition" => "JSONata: a Choice rule's {% %} expression; the first rule whose Condition is true wins.",
        "$states.input" => "The state's input, as it entered the state.",
        "$states.result" => "The result of a Task, Parallel or Map state (in its Output and Assign only).",
        "$states.errorOutput" => {
            "The error a catcher caught, as {\"Error\", \"Cause\"} (in the catcher's Output and Assign only)."
        }
        "$states.context" => {
            "The context object: Execution (Id, Input, Name, StartTime…), State (Name, EnteredTime…), Map.Item, Task.Token."
        }
        "$partition" => {
            "$partition(array, size): the array in chunks of size items (Step Functions; like States.ArrayPartition)."
        }
        "$range" => "$range(start, end, step): integers from start to end inclusive (Step Functions; at most 1000).",
        "$hash" => "$hash(text, algorithm): MD5, SHA-1, SHA-256, SHA-384 or SHA-512 as hex (Step Functions).",
        "$random" => {
            "$random() or $random(seed): a number in [0, 1); the same seed gives the same number (Step Functions)."
        }
        "$uuid" => "$uuid(): a version-4 UUID (Step Functions). Here both are repeatable for a run's --seed.",
        "$parse" => "$parse(text): the JSON value the text holds (Step Functions' replacement for $eval).",
        "States.Format" => {
            "States.Format('template', args…): the template with each {} replaced by the next argument (escape ' { } \\ with a backslash)."
        }
        "States.StringToJson" => "States.StringToJson(text): the JSON value a string holds.",
        "States.JsonToString" => "States.JsonToString(value): the value written as a JSON string.",
        "States.Array" => "States.Array(values…): an array of its arguments.",
        "States.ArrayPartition" => "States.ArrayPartition(array, size): the array in chunks of size items.",
        "States.ArrayContains" => "States.ArrayContains(array, value): true if the array holds the value.",
        "States.ArrayRange" => {
            "States.ArrayRange(start, end, step): the integers from start to end, inclusive, by step (at most 1000)."
        }
        "States.ArrayGetItem" => "States.ArrayGetItem(array, index): the item at a 0-based index.",
        "States.ArrayLength" => "States.ArrayLength(array): how many items the array has.",
        "States.ArrayUnique" => "States.ArrayUnique(array): the array without duplicates, first occurrences kept.",
        "States.Base64Encode" => {
            "States.Base64Encode(text): the text's UTF-8 bytes in Base64 (at most 10,000 characters)."
        }
        "States.Base64Decode" => "States.Base64Decode(text): the text that Base64 encodes (at most 10,000 characters).",
        "States.Hash" => "States.Hash(value, algorithm): MD5, SHA-1, SHA-256, SHA-384 or SHA-512 of the value, as hex.",
        "States.JsonMerge" => {
            "States.JsonMerge(left, right, false): the two objects merged, right's keys winning (false: a shallow merge, the only kind AWS has)."
        }
        "States.MathRandom" => {
            "States.MathRandom(start, end[, seed]): a random integer from start (inclusive) to end (exclusive)."
        }
        "States.MathAdd" => "States.MathAdd(a, b): the sum of two integers.",
        "States.StringSplit" => {
            "States.StringSplit(text, separators): the text split at any of the separator characters."
        }
        "States.UUID" => "States.UUID(): a version-4 UUID. Here it is repeatable for a run's --seed.",
        _ => return None,
    })
}

/// jsonata 2.0.6's own functions, by name without `$` (https://docs.jsonata.org/).
fn explain_jsonata_function(name: &str) -> Option<&'static str> {
    Some(match name {
        "sum" => "$sum(array): the sum of an array of numbers.",
        "count" => "$count(array): how many items the array has.",
        "max" => "$max(array): the largest number of an array.",
        "min" => "$min(array): the smallest number of an array.",
        "average" => "$average(array): the mean of an array of numbers.",
        "string" => "$string(value[, prettify]): the value as a string (JSON for objects and arrays).",
        "substring" => "$substring(str, start[, length]): the characters from start (negative: from the end).",
        "substringBefore" => "$substringBefore(str, chars): the part of str before the first occurrence of chars.",
        "substringAfter" => "$substringAfter(str, chars): the part of str after the first occurrence of chars.",
        "lowercase" => "$lowercase(str): the string in lower case.",
        "uppercase" => "$uppercase(str): the string in upper case.",
        "length" => "$length(str): how many characters the string has.",
        "trim" => "$trim(str): the string with whitespace runs collapsed and the ends trimmed.",
        "pad" => "$pad(str, width[, char]): the string padded to width (negative: on the left).",
        "match" => "$match(str, pattern[, limit]): the matches of a regular expression, with their groups.",
        "contains" => "$contains(str, pattern): true if the string holds the substring or matches the regex.",
        "replace" => "$replace(str, pattern, replacement[, limit]): the string with matches replaced.",
        "split" => "$split(str, separator[, limit]): the string split into an array.",
        "join" => "$join(array[, separator]): the strings of an array joined into one.",
        "formatNumber" => "$formatNumber(number, picture[, options]): the number formatted by an XPath picture.",
        "formatBase" => "$formatBase(number[, radix]): the number written in base radix (2 to 36).",
        "formatInteger" => "$formatInteger(number, picture): the integer as words, roman numerals or digits.",
        "parseInteger" => "$parseInteger(string, picture): the integer a formatted string spells.",
        "number" => "$number(arg): the number a string or boolean spells.",
        "floor" => "$floor(number): the number rounded down.",
        "ceil" => "$ceil(number): the number rounded up.",
        "round" => "$round(number[, precision]): the number rounded half to even.",
        "abs" => "$abs(number): the absolute value.",
        "sqrt" => "$sqrt(number): the square root.",
        "power" => "$power(base, exponent): base raised to exponent.",
        "millis" => "$millis(): milliseconds since the epoch, the same throughout an expression (virtual time here).",
        "now" => "$now([picture[, timezone]]): the current time as an ISO 8601 string (virtual time here).",
        "fromMillis" => {
            "$fromMillis(number[, picture[, timezone]]): milliseconds since the epoch as a timestamp string."
        }
        "toMillis" => "$toMillis(timestamp[, picture]): a timestamp string as milliseconds since the epoch.",
        "boolean" => "$boolean(arg): the value cast to a boolean.",
        "not" => "$not(arg): the boolean inverse of the value.",
        "exists" => "$exists(arg): true if the expression gives a value.",
        "lookup" => "$lookup(object, key): the value at key in an object (or in each object of an array).",
        "append" => "$append(array1, array2): the two arrays (or values) joined into one array.",
        "reverse" => "$reverse(array): the array in reverse order.",
        "shuffle" => "$shuffle(array): the array in random order.",
        "distinct" => "$distinct(array): the array without duplicate values.",
        "zip" => "$zip(array1, …): an array of arrays, the i-th holding each array's i-th item.",
        "keys" => "$keys(object): the keys of an object (or of every object of an array).",
        "merge" => "$merge(array): the objects of an array merged into one, later keys winning.",
        "spread" => "$spread(object): an array of one-key objects, one per key.",
        "each" => "$each(object, function): an array of function(value, key) for each key.",
        "error" => "$error(message): fails the expression with this message (States.QueryEvaluationError).",
        "assert" => "$assert(condition, message): fails the expression with message if condition is false.",
        "type" => "$type(value): null, number, string, boolean, array, object or function.",
        "sort" => "$sort(array[, function]): the array sorted, by function(left, right) if given.",
        "filter" => "$filter(array, function): the items for which function(value, index, array) is true.",
        "single" => "$single(array[, function]): the one item that matches; an error if none or several do.",
        "map" => "$map(array, function): function(value, index, array) applied to each item.",
        "reduce" => "$reduce(array, function[, init]): the items folded by function(accumulator, value).",
        "sift" => "$sift(object, function): the key/value pairs for which function(value, key) is true.",
        "base64encode" => "$base64encode(str): the string in Base64.",
        "base64decode" => "$base64decode(str): the string that Base64 encodes.",
        "encodeUrlComponent" => "$encodeUrlComponent(str): the string escaped for a URL component.",
        "encodeUrl" => "$encodeUrl(str): the string escaped as a full URL.",
        "decodeUrlComponent" => "$decodeUrlComponent(str): a URL component unescaped.",
        "decodeUrl" => "$decodeUrl(str): a full URL unescaped.",
        "eval" => "$eval(expr[, context]): evaluates a JSONata expression held in a string.",
        "clone" => "$clone(value): a deep copy of the value.",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_editors_offer_is_explained() {
        let fields = field_names();
        let words = fields
            .iter()
            .map(|field| field.to_string())
            .chain(STATE_TYPES.iter().map(|name| name.to_string()))
            .chain(intrinsic_names().map(str::to_owned))
            .chain(jsonata_function_names())
            .chain(JSONATA_WORDS.iter().map(|word| word.to_string()));
        let unexplained: Vec<String> = words.filter(|word| explain(word).is_none()).collect();
        // Fields that only validation knows (AWS's distributed Map sources, credentials) are
        // not explained yet.
        let allowed = [
            "Version",
            "TimeoutSecondsPath",
            "HeartbeatSecondsPath",
            "Credentials",
            "MaxConcurrencyPath",
            "ToleratedFailureCountPath",
            "ToleratedFailurePercentagePath",
            "Mode",
            "ExecutionType",
        ];
        let missing: Vec<&String> = unexplained
            .iter()
            .filter(|word| !allowed.contains(&word.as_str()))
            .collect();
        assert!(missing.is_empty(), "no explanation for {missing:?}");
    }

    /// Writes `field` at `place` of a small definition and checks that validation knows it.
    fn accepted(place: FieldPlace<'_>, field: &str) -> bool {
        let member = format!("\"{field}\": null");
        let (state, language) = match place {
            FieldPlace::TopLevel => return !unknown(&format!(r#"{{{member}, "StartAt": "A", "States": {{}}}}"#)),
            FieldPlace::Branch => (
                format!(
                    r#"{{"Type": "Parallel", "End": true, "Branches": [{{{member}, "StartAt": "B", "States": {{}}}}]}}"#
                ),
                "JSONPath",
            ),
            FieldPlace::Processor => (
                format!(
                    r#"{{"Type": "Map", "End": true, "ItemProcessor": {{{member}, "StartAt": "B", "States": {{}}}}}}"#
                ),
                "JSONPath",
            ),
            FieldPlace::State { type_name, jsonata } => (
                format!(r#"{{{member}, "Type": "{}"}}"#, type_name.unwrap_or("Task")),
                if jsonata { "JSONata" } else { "JSONPath" },
            ),
            FieldPlace::Retrier => (format!(r#"{{"Type": "Task", "Retry": [{{{member}}}]}}"#), "JSONPath"),
            FieldPlace::Catcher { jsonata } => (
                format!(r#"{{"Type": "Task", "Catch": [{{{member}}}]}}"#),
                if jsonata { "JSONata" } else { "JSONPath" },
            ),
            FieldPlace::ChoiceRule { jsonata, top } => {
                let rule = if top {
                    format!("{{{member}}}")
                } else {
                    format!(r#"{{"Not": {{{member}}}, "Next": "A"}}"#)
                };
                (
                    format!(r#"{{"Type": "Choice", "Choices": [{rule}]}}"#),
                    if jsonata { "JSONata" } else { "JSONPath" },
                )
            }
        };
        !unknown(&format!(
            r#"{{"QueryLanguage": "{language}", "StartAt": "A", "States": {{"A": {state}}}}}"#
        ))
    }

    fn unknown(text: &str) -> bool {
        crate::check(text)
            .diagnostics
            .iter()
            .any(|diagnostic| matches!(diagnostic.code, "unknown-field" | "misplaced-field"))
    }

    #[test]
    fn fields_at_places_are_accepted() {
        let mut places = vec![
            FieldPlace::TopLevel,
            FieldPlace::Branch,
            FieldPlace::Processor,
            FieldPlace::Retrier,
        ];
        for jsonata in [false, true] {
            places.push(FieldPlace::Catcher { jsonata });
            places.push(FieldPlace::ChoiceRule { jsonata, top: true });
            places.push(FieldPlace::ChoiceRule { jsonata, top: false });
            for type_name in STATE_TYPES {
                places.push(FieldPlace::State {
                    type_name: Some(type_name),
                    jsonata,
                });
            }
        }
        for place in places {
            for field in fields_at(place) {
                assert!(
                    accepted(place, &field),
                    "{field} is offered at {place:?} but not accepted there"
                );
            }
        }
        assert!(
            fields_at(FieldPlace::State {
                type_name: None,
                jsonata: false
            })
            .contains(&"Branches".to_owned())
        );
    }
}
