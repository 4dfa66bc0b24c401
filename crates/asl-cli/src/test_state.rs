//! `asl test-state`: AWS's TestState API, offline. Takes exactly the request
//! `aws stepfunctions test-state --cli-input-json` takes, or the AWS CLI's own flags, and prints
//! the TestState response; a request AWS would reject exits 2 with AWS's error code and message.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use asl::Value;

/// The TestState request, from a JSON file and the AWS CLI's flags (flags win).
#[derive(clap::Args)]
#[command(
    after_help = "fieldValidationMode: STRICT and PRESENT check a mocked result's shape \
against the Lambda Invoke response (StatusCode a number; FunctionError, LogResult and \
ExecutedVersion strings) for arn:aws:states:::lambda:invoke Tasks. Offline there are no other \
service models, so other Tasks' mocks are not checked, as with NONE.

A Task without a mock cannot run offline: AWS would call the service with --role-arn."
)]
pub struct TestStateArgs {
    /// The request as JSON (the shape `aws stepfunctions test-state --cli-input-json` takes): a file, or - for standard input.
    #[arg(long, value_name = "FILE|-")]
    cli_input_json: Option<String>,
    /// The state (or a whole state machine, with --state-name) as ASL JSON text, or file://PATH.
    #[arg(long)]
    definition: Option<String>,
    /// The state to test in a whole state machine.
    #[arg(long)]
    state_name: Option<String>,
    /// The state's input, as JSON text or file://PATH.
    #[arg(long)]
    input: Option<String>,
    /// INFO (status and output), DEBUG or TRACE (also each stage of the data flow).
    #[arg(long)]
    inspection_level: Option<String>,
    /// The mock, as JSON: {"result": "<JSON text>"} or {"errorOutput": {"error": "…", "cause": "…"}}, with "fieldValidationMode".
    #[arg(long)]
    mock: Option<String>,
    /// Variables in scope, as a JSON object (text or file://PATH).
    #[arg(long)]
    variables: Option<String>,
    /// The context object ($$), as JSON text or file://PATH.
    #[arg(long)]
    context: Option<String>,
    /// As JSON: {"retrierRetryCount", "errorCausedByState", "mapIterationFailureCount", "mapItemReaderData"}.
    #[arg(long)]
    state_configuration: Option<String>,
    /// Accepted and ignored offline (AWS needs it to call a service without a mock).
    #[arg(long)]
    role_arn: Option<String>,
    #[arg(long)]
    reveal_secrets: bool,
    /// Seeds the generated execution's name.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

/// A flag's text: as given, or the file named by `file://PATH`, as the AWS CLI reads it.
fn flag_text(text: &str) -> Result<String> {
    match text.strip_prefix("file://") {
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("cannot read {path}")),
        None => Ok(text.to_owned()),
    }
}

fn json(text: &str, what: &str) -> Result<Value> {
    Value::from_json(text).with_context(|| format!("{what} is not valid JSON"))
}

fn request(args: &TestStateArgs) -> Result<Value> {
    let mut members = match args.cli_input_json.as_deref() {
        None => asl::value::Map::new(),
        Some(source) => {
            let text = if source == "-" {
                let mut buffer = String::new();
                std::io::stdin()
                    .read_to_string(&mut buffer)
                    .context("cannot read the request from standard input")?;
                buffer
            } else {
                std::fs::read_to_string(Path::new(source)).with_context(|| format!("cannot read {source}"))?
            };
            match json(&text, "--cli-input-json")? {
                Value::Object(members) => (**members).clone(),
                other => bail!("--cli-input-json must hold a JSON object, not {}", other.type_name()),
            }
        }
    };
    let mut set = |name: &str, value: Value| {
        members.insert(std::sync::Arc::from(name), value);
    };
    // Documents the API takes as strings stay strings; the rest are JSON.
    for (name, flag) in [
        ("definition", &args.definition),
        ("input", &args.input),
        ("variables", &args.variables),
        ("context", &args.context),
    ] {
        if let Some(text) = flag {
            set(name, Value::from(flag_text(text)?));
        }
    }
    for (name, flag) in [
        ("stateName", &args.state_name),
        ("inspectionLevel", &args.inspection_level),
        ("roleArn", &args.role_arn),
    ] {
        if let Some(text) = flag {
            set(name, Value::from(text.as_str()));
        }
    }
    for (name, flag) in [("mock", &args.mock), ("stateConfiguration", &args.state_configuration)] {
        if let Some(text) = flag {
            set(name, json(&flag_text(text)?, &format!("--{name}"))?);
        }
    }
    if args.reveal_secrets {
        set("revealSecrets", Value::Bool(true));
    }
    Ok(Value::object(members))
}

pub fn run(args: &TestStateArgs) -> Result<ExitCode> {
    let request = request(args)?;
    let definition = request.get("definition").and_then(Value::as_str).unwrap_or("");
    let mut engine: Box<dyn asl::jsonata::Engine> = if asl::needs_jsonata(definition) {
        Box::new(asl_jsonata::Engine::new().map_err(anyhow::Error::msg)?)
    } else {
        Box::new(asl::jsonata::NoEngine)
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64);
    let environment = asl::test_state::Environment { now, seed: args.seed };
    match asl::test_state::test_state(&request, environment, &mut *engine) {
        Ok(response) => {
            writeln!(std::io::stdout().lock(), "{}", response.to_json_pretty())?;
            Ok(ExitCode::SUCCESS)
        }
        Err(rejection) => {
            eprintln!(
                "An error occurred ({}) when calling the TestState operation: {}",
                rejection.code, rejection.message
            );
            Ok(ExitCode::from(2))
        }
    }
}
