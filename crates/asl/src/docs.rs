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

/// A one-paragraph explanation of a field, state type, error name or JSONata word.
pub fn explain(word: &str) -> Option<&'static str> {
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
        "HeartbeatSeconds" => "A Task fails with States.HeartbeatTimeout if it sends no heartbeat for this long.",
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
        "Pass" => "Passes its input to its output, optionally with a fixed Result or reshaped Parameters.",
        "Task" => "Does one unit of work through a Resource (a Lambda function, an AWS API, an activity).",
        "Choice" => "Picks the next state from its Choices rules, or Default.",
        "Wait" => "Waits for a number of seconds or until a timestamp.",
        "Succeed" => "Ends the execution (or branch) successfully.",
        "Fail" => "Ends the execution with an Error and a Cause.",
        "Parallel" => "Runs several branches at once and collects their outputs in an array.",
        "Map" => "Runs the same steps for each item of an array.",
        "States.ALL" => {
            "Matches any error, except States.Runtime and States.DataLimitExceeded. Must be alone and last."
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
        _ => return None,
    })
}
