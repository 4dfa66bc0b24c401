//! Lambda as a workflow sees it: which function a Task calls, the response of the optimised
//! integration (`arn:aws:states:::lambda:invoke`) around what the function returned, and the
//! errors Step Functions reports when a function throws or runs out of time.
//!
//! Pure data shaping, shared by every host's mocks written as code. The shapes follow AWS's
//! recordings (LocalStack's `test_lambda_task_service.snapshot.json` and
//! `error_handling/test_task_lambda.snapshot.json`, and `test_lambda.snapshot.json` for a
//! function timeout) and the "Invoke" page of the Lambda API reference.

use crate::exec::WorkflowError;
use crate::value::{Map, Value};

/// The error Lambda reports for a function that runs past its timeout (the `errorType` of
/// the invocation's payload, which Step Functions reports as the task's error).
pub const TIMEOUT_ERROR: &str = "Sandbox.Timedout";
/// The error Lambda reports when the function's runtime process exits during an invocation.
pub const EXIT_ERROR: &str = "Runtime.ExitError";
/// The error Lambda's runtimes report for a result they cannot serialise as JSON.
pub const MARSHAL_ERROR: &str = "Runtime.MarshalError";

/// A Lambda function, as a Task names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LambdaFunction {
    /// The function's name, without qualifier: what mocks are looked up by.
    pub name: String,
    /// A version number or alias after the name (`ProcessPayment:prod`).
    pub qualifier: Option<String>,
    /// The function's full ARN (the qualified one when a qualifier was given).
    pub arn: String,
}

impl LambdaFunction {
    /// Reads a function reference as Lambda's `FunctionName` takes it: a name (`ProcessPayment`),
    /// a name with a qualifier (`ProcessPayment:prod`), a partial ARN
    /// (`123456789012:function:ProcessPayment`) or a full ARN
    /// (`arn:aws:lambda:us-east-1:123456789012:function:ProcessPayment:1`). A reference without
    /// a region or account takes the execution's.
    pub fn parse(reference: &str, region: &str, account: &str) -> Option<LambdaFunction> {
        let parts: Vec<&str> = reference.split(':').collect();
        let (partition, region, account, name, qualifier) = match parts.as_slice() {
            ["arn", partition, "lambda", region, account, "function", name, rest @ ..] if rest.len() <= 1 => {
                (*partition, *region, *account, *name, rest.first().copied())
            }
            [account, "function", name, rest @ ..] if rest.len() <= 1 => {
                ("aws", region, *account, *name, rest.first().copied())
            }
            [name, rest @ ..] if rest.len() <= 1 => ("aws", region, account, *name, rest.first().copied()),
            _ => return None,
        };
        if name.is_empty() || qualifier.is_some_and(str::is_empty) {
            return None;
        }
        let mut arn = format!("arn:{partition}:lambda:{region}:{account}:function:{name}");
        if let Some(qualifier) = qualifier {
            arn.push(':');
            arn.push_str(qualifier);
        }
        Some(LambdaFunction {
            name: name.to_owned(),
            qualifier: qualifier.map(str::to_owned),
            arn,
        })
    }

    /// The version that ran, as the Invoke response reports it: the qualifier when it is a
    /// version number, else `$LATEST` (an alias's version is not known offline).
    pub fn executed_version(&self) -> &str {
        match &self.qualifier {
            Some(version) if version.bytes().all(|byte| byte.is_ascii_digit()) => version,
            _ => "$LATEST",
        }
    }
}

/// What a Task's resource invokes, as mocks written as code see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The optimised integration, `arn:aws:states:::lambda:invoke` (or its `.waitForTaskToken`
    /// form): the function named by the input's `FunctionName` receives the input's `Payload`,
    /// and what it returns comes back wrapped in the Invoke response ([`invoke_response`]).
    /// `None` when `FunctionName` is missing or not a function reference.
    Invoke(Option<LambdaFunction>),
    /// A Lambda function ARN as the resource: the function receives the task's input and what
    /// it returns is the task's result.
    Function(LambdaFunction),
    /// Any other resource: a service integration, an activity.
    Service,
}

impl Target {
    /// Classifies a Task's resource; `input` is the task's effective input (for `FunctionName`).
    pub fn of(resource: &str, input: &Value, region: &str, account: &str) -> Target {
        let parts: Vec<&str> = resource.splitn(7, ':').collect();
        match parts.as_slice() {
            ["arn", _, "states", "", "", "lambda", action] if *action == "invoke" || action.starts_with("invoke.") => {
                let function = input
                    .get("FunctionName")
                    .and_then(Value::as_str)
                    .and_then(|reference| LambdaFunction::parse(reference, region, account));
                Target::Invoke(function)
            }
            ["arn", _, "lambda", _, _, "function", _] => {
                LambdaFunction::parse(resource, region, account).map_or(Target::Service, Target::Function)
            }
            _ => Target::Service,
        }
    }

    /// The function, for either Lambda form.
    pub fn function(&self) -> Option<&LambdaFunction> {
        match self {
            Target::Invoke(function) => function.as_ref(),
            Target::Function(function) => Some(function),
            Target::Service => None,
        }
    }

    /// Whether the resource is a Lambda function, so its errors are Lambda's function errors.
    pub fn is_lambda(&self) -> bool {
        !matches!(self, Target::Service)
    }

    /// What the function receives: the `Payload` of the integration's input (`{}` when absent,
    /// as Lambda passes an empty payload), or the task's input itself.
    pub fn event(&self, input: &Value) -> Value {
        match self {
            Target::Invoke(_) => input.get("Payload").cloned().unwrap_or_else(Value::empty_object),
            Target::Function(_) | Target::Service => input.clone(),
        }
    }
}

/// The details of one invocation that the Invoke response and error documents carry.
#[derive(Clone, Debug)]
pub struct InvokeDetails<'a> {
    pub executed_version: &'a str,
    /// The invocation's request id (`x-amzn-RequestId`, the function's `awsRequestId`).
    pub request_id: &'a str,
    /// The virtual time of the call, for the `Date` header.
    pub now: i64,
}

/// The optimised integration's result around the function's `payload`, as AWS records it:
/// `ExecutedVersion`, `Payload`, `SdkHttpMetadata` (the HTTP headers and status),
/// `SdkResponseMetadata` and `StatusCode`, in that order. The headers' values are this
/// invocation's (request id, virtual date, payload length, a trace id derived from the request
/// id), so `ResultSelector: {"x.$": "$.Payload.x"}` and `OutputPath: "$.Payload"` work as on AWS.
pub fn invoke_response(payload: Value, details: &InvokeDetails<'_>) -> Value {
    let length = payload.json_len().to_string();
    let date = crate::time::format_http_date(details.now);
    let hex: String = details.request_id.chars().filter(char::is_ascii_hexdigit).collect();
    let trace_id = format!(
        "Root=1-{:08x}-{};Sampled=0",
        details.now.div_euclid(1000).clamp(0, u32::MAX as i64),
        hex.get(..24).unwrap_or("000000000000000000000000")
    );
    let headers = [
        ("X-Amz-Executed-Version", details.executed_version),
        ("x-amzn-Remapped-Content-Length", "0"),
        ("Connection", "keep-alive"),
        ("x-amzn-RequestId", details.request_id),
        ("Content-Length", &length),
        ("Date", &date),
        ("X-Amzn-Trace-Id", &trace_id),
        ("Content-Type", "application/json"),
    ];
    let all: Map = headers
        .iter()
        .map(|(name, value)| {
            (
                std::sync::Arc::<str>::from(*name),
                Value::array(vec![Value::from(*value)]),
            )
        })
        .collect();
    let mut sorted = headers;
    crate::sort::sort_by_key(&mut sorted, |(name, _)| name.to_ascii_lowercase());
    let single: Map = sorted
        .iter()
        .map(|(name, value)| (std::sync::Arc::<str>::from(*name), Value::from(*value)))
        .collect();
    Value::object_from([
        ("ExecutedVersion", Value::from(details.executed_version)),
        ("Payload", payload),
        (
            "SdkHttpMetadata",
            Value::object_from([
                ("AllHttpHeaders", Value::object(all)),
                ("HttpHeaders", Value::object(single)),
                ("HttpStatusCode", Value::from_i64(200)),
            ]),
        ),
        (
            "SdkResponseMetadata",
            Value::object_from([("RequestId", Value::from(details.request_id))]),
        ),
        ("StatusCode", Value::from_i64(200)),
    ])
}

/// A function error as Step Functions reports it: `Error` is the `errorType` of the runtime's
/// error document (the JavaScript error's `name`, the Python exception's class name) and
/// `Cause` the document itself as compact JSON text, its keys in the runtime's order.
pub fn function_error(document: &Value) -> WorkflowError {
    let error = document
        .get("errorType")
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty())
        .unwrap_or("Lambda.Unknown");
    WorkflowError::new(error, document.to_json())
}

/// The error of a function stopped after `limit_millis`: Lambda's `Sandbox.Timedout`, with the
/// document Lambda writes ("Task timed out after 5.00 seconds") and a note that it was a mock
/// that was stopped.
pub fn function_timeout(request_id: &str, limit_millis: u64) -> WorkflowError {
    let document = Value::object_from([
        ("errorType", Value::from(TIMEOUT_ERROR)),
        (
            "errorMessage",
            Value::from(format!(
                "RequestId: {request_id} Error: Task timed out after {} seconds (the mock ran past its time limit and was stopped)",
                crate::decimal::fixed(limit_millis as f64 / 1000.0, 2)
            )),
        ),
    ]);
    WorkflowError::new(TIMEOUT_ERROR, document.to_json())
}

/// The error of a function whose runtime failed under it (the mocks' process exited, the
/// engine ran out of memory): Lambda's `Runtime.ExitError`.
pub fn runtime_exit(request_id: &str, reason: &str) -> WorkflowError {
    let document = Value::object_from([
        ("errorType", Value::from(EXIT_ERROR)),
        (
            "errorMessage",
            Value::from(format!("RequestId: {request_id} Error: Runtime exited: {reason}")),
        ),
    ]);
    WorkflowError::new(EXIT_ERROR, document.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn function(reference: &str) -> Option<(String, Option<String>, String)> {
        LambdaFunction::parse(reference, "eu-west-1", "111122223333")
            .map(|function| (function.name, function.qualifier, function.arn))
    }

    #[test]
    fn function_references_as_lambda_takes_them() {
        assert_eq!(
            function("ProcessPayment"),
            Some((
                "ProcessPayment".into(),
                None,
                "arn:aws:lambda:eu-west-1:111122223333:function:ProcessPayment".into()
            ))
        );
        assert_eq!(function("ProcessPayment:prod").unwrap().1.as_deref(), Some("prod"));
        assert_eq!(
            function("123456789012:function:Pay:7").unwrap().2,
            "arn:aws:lambda:eu-west-1:123456789012:function:Pay:7"
        );
        assert_eq!(
            function("arn:aws-cn:lambda:cn-north-1:123456789012:function:Pay")
                .unwrap()
                .2,
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:Pay"
        );
        assert_eq!(function(""), None);
        assert_eq!(function("a:b:c:d"), None);
        let version = LambdaFunction::parse("Pay:7", "r", "a").unwrap();
        assert_eq!(version.executed_version(), "7");
        let alias = LambdaFunction::parse("Pay:prod", "r", "a").unwrap();
        assert_eq!(alias.executed_version(), "$LATEST");
    }

    #[test]
    fn targets_by_resource() {
        let input = Value::from_json(r#"{"FunctionName": "Pay", "Payload": {"amount": 5}}"#).unwrap();
        let invoke = Target::of("arn:aws:states:::lambda:invoke", &input, "r", "a");
        assert_eq!(invoke.function().unwrap().name, "Pay");
        assert_eq!(invoke.event(&input).to_json(), r#"{"amount":5}"#);
        let callback = Target::of("arn:aws:states:::lambda:invoke.waitForTaskToken", &input, "r", "a");
        assert_eq!(callback.function().unwrap().name, "Pay");
        let plain = Target::of("arn:aws:lambda:us-east-1:123456789012:function:Ship", &input, "r", "a");
        assert_eq!(plain.function().unwrap().name, "Ship");
        assert_eq!(plain.event(&input), input);
        let service = Target::of("arn:aws:states:::dynamodb:putItem", &input, "r", "a");
        assert_eq!(service, Target::Service);
        assert!(!service.is_lambda());
        let no_name = Target::of("arn:aws:states:::lambda:invoke", &Value::empty_object(), "r", "a");
        assert_eq!(no_name, Target::Invoke(None));
        assert_eq!(no_name.event(&Value::empty_object()).to_json(), "{}");
    }

    #[test]
    fn invoke_response_has_the_recorded_shape() {
        let response = invoke_response(
            Value::from_json(r#"{"ok":true}"#).unwrap(),
            &InvokeDetails {
                executed_version: "$LATEST",
                request_id: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
                now: 1_704_067_200_000,
            },
        );
        let keys: Vec<&str> = response.as_object().unwrap().keys().map(|key| &**key).collect();
        assert_eq!(
            keys,
            [
                "ExecutedVersion",
                "Payload",
                "SdkHttpMetadata",
                "SdkResponseMetadata",
                "StatusCode"
            ]
        );
        let headers = response.get("SdkHttpMetadata").unwrap().get("HttpHeaders").unwrap();
        assert_eq!(headers.get("Content-Length").unwrap().as_str(), Some("11"));
        assert_eq!(
            headers.get("Date").unwrap().as_str(),
            Some("Mon, 01 Jan 2024 00:00:00 GMT")
        );
        assert_eq!(
            headers.get("X-Amzn-Trace-Id").unwrap().as_str(),
            Some("Root=1-65920080-0f1e2d3c4b5a49688776a5b4;Sampled=0")
        );
        let all = response.get("SdkHttpMetadata").unwrap().get("AllHttpHeaders").unwrap();
        assert_eq!(all.get("Connection").unwrap().to_json(), r#"["keep-alive"]"#);
        assert_eq!(
            response.get("SdkResponseMetadata").unwrap().to_json(),
            r#"{"RequestId":"0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"}"#
        );
    }

    #[test]
    fn function_errors_name_the_error_type() {
        let document =
            Value::from_json(r#"{"errorType":"PaymentFailedError","errorMessage":"declined","trace":[]}"#).unwrap();
        let error = function_error(&document);
        assert_eq!(&*error.error, "PaymentFailedError");
        assert_eq!(
            &*error.cause,
            r#"{"errorType":"PaymentFailedError","errorMessage":"declined","trace":[]}"#
        );
        let timeout = function_timeout("id-1", 5000);
        assert_eq!(&*timeout.error, "Sandbox.Timedout");
        assert!(
            timeout.cause.contains("Task timed out after 5.00 seconds"),
            "{}",
            timeout.cause
        );
        assert!(timeout.cause.contains("stopped"), "{}", timeout.cause);
    }
}
