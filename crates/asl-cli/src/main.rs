//! The `asl` command: validate and run Amazon States Language state machines.
//!
//! The only crate that touches files, the terminal and exit codes. Exit codes: 0 valid or
//! SUCCEEDED, 1 FAILED (or TIMED_OUT), 2 invalid definition or bad usage.

mod render;
mod report;
mod run;
mod test_state;
mod timings;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use asl::mock::{Answerer, MockedRun, Mocks};
use asl::{Execution, ExecutionOptions, Limits, Value};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "asl",
    version,
    about = "Validate and run AWS Step Functions state machines (Amazon States Language) locally, without an AWS account"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ValidateFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Subcommand)]
enum Command {
    /// Check definitions and print every problem as file:line:col: severity[code]: message.
    Validate {
        /// State machine definitions (ASL JSON), or glob patterns such as 'machines/**/*.asl.json'.
        #[arg(required = true)]
        definitions: Vec<String>,
        /// text: one line per problem; json: one array of diagnostics; sarif: SARIF 2.1.0, for
        /// code scanning.
        #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
        format: ValidateFormat,
    },
    /// Run a state machine with mocked task responses.
    Run(Box<RunArgs>),
    /// Draw a state machine as SVG, Graphviz DOT or Mermaid; with --run, coloured by an execution.
    Graph(Box<GraphArgs>),
    /// Test one state as AWS's TestState API does, offline: with a mocked result or error,
    /// answer its status, output, next state and (DEBUG, TRACE) each stage of its data flow.
    TestState(Box<test_state::TestStateArgs>),
    /// Run conformance-format case files (definition, input, mocks, expected) and report. A
    /// case's "mocks" may name a mocks file (.js, .mjs, .py or .json), relative to the case.
    Test {
        /// Case files or directories of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Also write the results as JUnit XML to this file, one test case per case file.
        #[arg(long)]
        junit: Option<PathBuf>,
        #[command(flatten)]
        code_mocks: CodeMockArgs,
    },
    /// Serve the Language Server Protocol on standard input and output, for editors: documents
    /// with the language id asl, or json/jsonc ones named *.asl.json.
    Lsp,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    Svg,
    Dot,
    Mermaid,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ThemeArg {
    Auto,
    Light,
    Dark,
}

#[derive(clap::Args)]
struct GraphArgs {
    /// The state machine definition (ASL JSON).
    definition: PathBuf,
    #[arg(long, value_enum, default_value_t = GraphFormat::Svg)]
    format: GraphFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// SVG colours: follow the viewer's system setting, or force light or dark.
    #[arg(long, value_enum, default_value_t = ThemeArg::Auto)]
    theme: ThemeArg,
    /// Run the definition first (with the `asl run` options below) and colour the SVG by it.
    #[arg(long)]
    run: bool,
    #[command(flatten)]
    execution: ExecutionArgs,
}

/// How to run an execution: shared by `asl run` and `asl graph --run`.
#[derive(clap::Args)]
struct ExecutionArgs {
    /// Execution input: a JSON file, or - for standard input. Default: {}.
    #[arg(long)]
    input: Option<String>,
    /// The mocks: a .js or .mjs file is a JavaScript module whose default export maps names to
    /// functions; a .py file, a Python module with a MOCKS dict of Lambda handlers (functions are
    /// looked up by state name, then Lambda function name, then resource ARN); any other file,
    /// JSON in Step Functions Local's MockedResponses shape (responses by state name and
    /// invocation).
    #[arg(long, conflicts_with = "mock_config")]
    mocks: Option<PathBuf>,
    #[command(flatten)]
    code_mocks: CodeMockArgs,
    /// A Step Functions Local MockConfigFile (use with --test-case).
    #[arg(long, requires = "test_case")]
    mock_config: Option<PathBuf>,
    /// The test case of --mock-config to use.
    #[arg(long, requires = "mock_config")]
    test_case: Option<String>,
    /// The state machine of --mock-config (needed only when several have the test case).
    #[arg(long, requires = "mock_config")]
    state_machine: Option<String>,
    /// Virtual start time (RFC 3339, e.g. 2024-01-01T00:00:00Z). Default: now.
    #[arg(long)]
    start_time: Option<String>,
    /// Execution name ($$.Execution.Name). Default: a UUID derived from --seed.
    #[arg(long)]
    execution_name: Option<String>,
    /// Seed for retry jitter, States.MathRandom, States.UUID and JSONata's $random() and $uuid().
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Lift AWS's limits (256 KiB payloads and variables, 25,000 history events).
    #[arg(long)]
    no_limits: bool,
    /// Stop an execution that takes more steps than this (a loop that never ends).
    #[arg(long, default_value_t = 10_000_000)]
    max_steps: u64,
    /// Record every stage of every state's data flow, named as AWS's TestState names them
    /// (input, afterInputPath, afterParameters, result, afterResultSelector, afterResultPath,
    /// output, variables, the Choice rule taken, Retry and Catch details). JSON output: a
    /// "trace" array; text output: each state's stages after the run.
    #[arg(long)]
    trace: bool,
}

/// How to run mocks written as code (JavaScript or Python): shared by `run`, `graph --run` and
/// `test`.
#[derive(clap::Args)]
struct CodeMockArgs {
    /// Stop a mock function that runs longer than this (seconds); its task fails as on a
    /// timeout (Sandbox.Timedout for a Lambda function, else States.Timeout).
    #[arg(long, value_name = "SECONDS", default_value = "5", value_parser = parse_seconds)]
    mock_timeout: std::time::Duration,
    /// Print what mock functions log (console.log, print) on standard error, per call.
    #[arg(long, short)]
    verbose: bool,
}

fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds <= 86_400.0 => Ok(std::time::Duration::from_secs_f64(seconds)),
        _ => Err(format!(
            "\"{text}\" is not a number of seconds between 0 and 86400, like 5 or 0.5"
        )),
    }
}

#[derive(clap::Args)]
struct RunArgs {
    /// The state machine definition (ASL JSON).
    definition: PathBuf,
    #[command(flatten)]
    execution: ExecutionArgs,
    /// Write the execution history (GetExecutionHistory JSON) to this file.
    #[arg(long)]
    history: Option<PathBuf>,
    /// Write what a Distributed Map's ResultWriter wrote (its result files and manifest) under
    /// this directory, as <DIR>/<bucket>/<key>; the children's histories of each Map Run go to
    /// <DIR>/child-executions/<n>-<name>.json.
    #[arg(long, value_name = "DIR")]
    results_dir: Option<PathBuf>,
    /// text: the path taken and the output, for people; json: one JSON object.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Print on stderr the time spent reading files, parsing, validating, executing and
    /// serialising, and their sum without process start-up ("run-only").
    #[arg(long)]
    timings: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let res = match cli.command {
        Command::Validate { definitions, format } => validate(&definitions, format),
        Command::Run(args) => run::run(&args),
        Command::Graph(args) => graph(&args),
        Command::TestState(args) => test_state::run(&args),
        Command::Test {
            paths,
            junit,
            code_mocks,
        } => test(&paths, junit.as_deref(), &code_mocks),
        Command::Lsp => lsp(),
    };
    match res {
        Ok(code) => code,
        // A reader that stops early (`asl run … | head`) is not an error.
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::InvalidData => anyhow::anyhow!("{} is not UTF-8 text", path.display()),
        _ => anyhow::Error::new(error).context(format!("cannot read {}", path.display())),
    })
}

fn read_json(path: &Path, what: &str) -> Result<Value> {
    let text = read(path)?;
    parse_json(&text, &path.display().to_string(), what)
}

fn parse_json(text: &str, name: &str, what: &str) -> Result<Value> {
    Value::from_json(text).map_err(|error| {
        let (line, column) = (error.line(), error.column());
        // serde_json stops at 128 levels so that no file can exhaust the stack; such a file is
        // valid JSON, so say what the limit is rather than "not valid JSON".
        if error.to_string().starts_with("recursion limit exceeded") {
            anyhow::anyhow!(
                "{name}:{line}:{column}: {what} nests deeper than 128 levels of arrays and objects, the most asl reads"
            )
        } else if text.trim().is_empty() {
            anyhow::anyhow!("{name}: {what} is empty; give a JSON value, such as {{}}")
        } else {
            // The position leads the message already; serde_json repeats it at the end.
            let message = error.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(message, _)| message);
            anyhow::anyhow!("{name}:{line}:{column}: {what} is not valid JSON: {message}")
        }
    })
}

/// Prints diagnostics, each with its line and column and the JSON Pointer of what it concerns
/// (`/States/Boom/Next`: the state, then the field); returns true when any is an error. With
/// snippets, the pointer is drawn under the source line instead (`= at /States/Boom/Next`).
fn print_diagnostics(
    out: &mut dyn Write,
    file: &str,
    text: &str,
    diagnostics: &[asl::Diagnostic],
    snippets: bool,
) -> bool {
    let index = asl::LineIndex::new(text);
    for diagnostic in diagnostics {
        let position = index.line_col(text, diagnostic.span.start);
        let at = if snippets || diagnostic.pointer.is_empty() {
            String::new()
        } else {
            format!(" (at {})", diagnostic.pointer)
        };
        let _ = writeln!(
            out,
            "{file}:{}:{}: {}[{}]: {}{at}",
            position.line, position.column, diagnostic.severity, diagnostic.code, diagnostic.message
        );
        if snippets {
            let _ = write!(out, "{}", asl::diagnostic::render_snippet(text, &index, diagnostic));
        }
    }
    diagnostics.iter().any(asl::Diagnostic::is_error)
}

/// jsonata 2.0.6 in QuickJS, started only for definitions that use JSONata.
fn jsonata_engine(text: &str) -> Result<Option<asl_jsonata::Engine>> {
    if !asl::needs_jsonata(text) {
        return Ok(None);
    }
    asl_jsonata::Engine::new().map(Some).map_err(anyhow::Error::msg)
}

fn syntax_checker(engine: &Option<asl_jsonata::Engine>) -> Option<&dyn asl::jsonata::SyntaxChecker> {
    engine.as_ref().map(|engine| engine as &dyn asl::jsonata::SyntaxChecker)
}

/// The files named by the arguments: each path as it is, and each glob pattern (`*`, `?`,
/// `[…]`, `**` for any depth) expanded in sorted order. The pattern is expanded here rather
/// than left to the shell so that it works the same when quoted in a CI file, with `**`, and
/// on shells that do not expand.
fn expand(patterns: &[String]) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = Vec::new();
    for pattern in patterns {
        let is_glob = pattern.contains(['*', '?', '[']);
        if !is_glob || Path::new(pattern).exists() {
            files.push(PathBuf::from(pattern));
            continue;
        }
        let matches = glob::glob(pattern).with_context(|| format!("{pattern} is not a valid glob pattern"))?;
        let mut found = 0;
        for path in matches {
            let path = path.with_context(|| format!("cannot list the files of {pattern}"))?;
            if path.is_file() {
                found += 1;
                files.push(path);
            }
        }
        if found == 0 {
            bail!("{pattern} matches no file");
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    files.retain(|file| seen.insert(file.clone()));
    Ok(files)
}

fn validate(patterns: &[String], format: ValidateFormat) -> Result<ExitCode> {
    let mut engine: Option<asl_jsonata::Engine> = None;
    let mut checked_files = Vec::new();
    for path in expand(patterns)? {
        let text = read(&path)?;
        if engine.is_none() && asl::needs_jsonata(&text) {
            engine = Some(asl_jsonata::Engine::new().map_err(anyhow::Error::msg)?);
        }
        let checked = asl::check_with(&text, syntax_checker(&engine));
        let states = checked.definition.state_count();
        checked_files.push((
            report::Checked {
                file: path.display().to_string(),
                text,
                diagnostics: checked.diagnostics,
            },
            states,
        ));
    }
    let invalid = checked_files
        .iter()
        .any(|(checked, _)| checked.diagnostics.iter().any(asl::Diagnostic::is_error));
    let mut stdout = std::io::stdout().lock();
    match format {
        ValidateFormat::Json | ValidateFormat::Sarif => {
            let files: Vec<report::Checked> = checked_files.into_iter().map(|(checked, _)| checked).collect();
            let report = match format {
                ValidateFormat::Json => report::diagnostics_json(&files),
                _ => report::sarif(&files),
            };
            writeln!(stdout, "{}", serde_json::to_string_pretty(&report)?)?;
        }
        ValidateFormat::Text => {
            for (checked, states) in &checked_files {
                let has_errors = print_diagnostics(
                    &mut stdout,
                    &checked.file,
                    &checked.text,
                    &checked.diagnostics,
                    std::io::stdout().is_terminal(),
                );
                if !has_errors {
                    writeln!(stdout, "{}: valid ({states} states)", checked.file)?;
                }
            }
        }
    }
    Ok(if invalid { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// A definition ready to run, with the JSONata engine it needs.
struct Loaded {
    machine: asl::ValidMachine,
    engine: Option<asl_jsonata::Engine>,
}

/// Loads a definition, printing its diagnostics on stderr when it is invalid.
fn load(definition: &Path) -> Result<Option<Loaded>> {
    load_timed(definition, &mut timings::Timings::new(false))
}

fn load_timed(definition: &Path, timings: &mut timings::Timings) -> Result<Option<Loaded>> {
    let text = timings.time("read", || read(definition))?;
    let engine = timings.time("start JSONata", || jsonata_engine(&text))?;
    // Parsed apart only for --timings: loading parses again, so validation is the difference.
    let parse_time = if timings.enabled() {
        let started = std::time::Instant::now();
        drop(asl::syntax::parse(&text));
        started.elapsed()
    } else {
        std::time::Duration::ZERO
    };
    let load_started = std::time::Instant::now();
    let loaded = asl::load_with(&text, syntax_checker(&engine));
    let load_time = load_started.elapsed();
    timings.add("parse", parse_time.min(load_time));
    timings.add("validate", load_time.saturating_sub(parse_time));
    match loaded {
        Ok(machine) => Ok(Some(Loaded { machine, engine })),
        Err(diagnostics) => {
            let file = definition.display().to_string();
            print_diagnostics(
                &mut std::io::stderr().lock(),
                &file,
                &text,
                &diagnostics,
                std::io::stderr().is_terminal(),
            );
            Ok(None)
        }
    }
}

/// Runs an execution with mocked tasks (stopping on a missing mock, the core's one policy).
/// Returns it and how the run ended.
fn execute(definition: &Path, loaded: &mut Loaded, args: &ExecutionArgs) -> Result<(Execution, MockedRun)> {
    execute_timed(definition, loaded, args, &mut timings::Timings::new(false))
}

fn execute_timed(
    definition: &Path,
    loaded: &mut Loaded,
    args: &ExecutionArgs,
    timings: &mut timings::Timings,
) -> Result<(Execution, MockedRun)> {
    let machine = &loaded.machine;
    let input = timings.time("parse", || -> Result<Value> {
        Ok(match args.input.as_deref() {
            None => Value::empty_object(),
            Some("-") => {
                let mut buffer = String::new();
                std::io::stdin()
                    .read_to_string(&mut buffer)
                    .context("cannot read the input from standard input")?;
                parse_json(&buffer, "<stdin>", "the input")?
            }
            Some(path) => read_json(Path::new(path), "the input")?,
        })
    })?;
    let mocks: Box<dyn Answerer> = timings.time("parse", || -> Result<Box<dyn Answerer>> {
        Ok(match (&args.mocks, &args.mock_config) {
            (Some(path), _) => open_mocks(path, &args.code_mocks)?,
            (None, Some(path)) => {
                let config = read_json(path, "the mock config")?;
                let test_case = args.test_case.as_deref().unwrap_or_default();
                Box::new(
                    Mocks::from_mock_config(&config, args.state_machine.as_deref(), test_case)
                        .map_err(|message| anyhow::anyhow!("{}: {message}", path.display()))?,
                )
            }
            (None, None) => Box::new(Mocks::default()),
        })
    })?;
    let start_time = match &args.start_time {
        Some(text) => asl::time::parse_timestamp(text).with_context(|| {
            format!("--start-time \"{text}\" is not an RFC 3339 timestamp like 2024-01-01T00:00:00Z")
        })?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_millis() as i64),
    };
    let state_machine_name = definition
        .file_stem()
        .map_or("StateMachine".to_owned(), |stem| stem.to_string_lossy().into_owned());
    let options = ExecutionOptions {
        name: args.execution_name.clone(),
        start_time,
        seed: args.seed,
        limits: if args.no_limits {
            Limits::none()
        } else {
            Limits::default()
        },
        state_machine_name,
        trace: args.trace,
        ..ExecutionOptions::default()
    };
    let mut execution = Execution::start(machine, input, options);
    let mut no_engine = asl::jsonata::NoEngine;
    let evaluator: &mut dyn asl::jsonata::Evaluator = match loaded.engine.as_mut() {
        Some(engine) => engine,
        None => &mut no_engine,
    };
    let mut progress = timings::Progress::new(std::io::stderr().is_terminal());
    let end = timings.time("execute", || {
        asl::mock::run_to_end_observed(
            &mut execution,
            mocks.as_ref(),
            args.max_steps,
            evaluator,
            &mut |execution| progress.observe(execution),
        )
    });
    progress.finish();
    Ok((execution, end?))
}

/// Opens a mocks file by its extension: JSON responses, or a JavaScript or Python module.
fn open_mocks(path: &Path, args: &CodeMockArgs) -> Result<Box<dyn Answerer>> {
    let extension = path
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let limits = asl_mocks::Limits {
        time: args.mock_timeout,
        ..asl_mocks::Limits::default()
    };
    // Stack traces name the file, not its directory, so that histories do not depend on
    // where the file sits.
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let (engine, logs): (Box<dyn asl_mocks::Engine>, Vec<String>) = match extension.as_str() {
        "js" | "mjs" => {
            let source = read(path)?;
            let (mocks, logs) = asl_mocks::JsMocks::load(&source, &file_name, limits).map_err(anyhow::Error::msg)?;
            (Box::new(mocks), logs)
        }
        "py" => {
            let (mocks, logs) = asl_mocks::PythonMocks::start(std::ffi::OsStr::new("python3"), path, limits)
                .map_err(anyhow::Error::msg)?;
            (Box::new(mocks), logs)
        }
        // Any other file holds JSON responses, as before mocks could be code.
        _ => {
            let text = read(path)?;
            let value = parse_json(&text, &path.display().to_string(), "the mocks file").map_err(|error| {
                if extension == "json" {
                    error
                } else {
                    anyhow::anyhow!(
                        "{error:#} (a mocks file is JSON unless its name ends in .js or .mjs, JavaScript, or .py, Python)"
                    )
                }
            })?;
            let mocks =
                Mocks::from_value(&value).map_err(|message| anyhow::anyhow!("{}: {message}", path.display()))?;
            return Ok(Box::new(mocks));
        }
    };
    let verbose = args.verbose;
    if verbose {
        for line in &logs {
            eprintln!("[{file_name}] {line}");
        }
    }
    let report = move |report: &asl_mocks::CallReport<'_>| {
        if verbose {
            for line in report.logs {
                eprintln!("[{} #{}] {line}", report.state_name, report.invocation);
            }
        }
        if let Some(note) = report.note {
            eprintln!("note: {note}");
        }
    };
    Ok(Box::new(asl_mocks::CodeMocks::new(engine, Box::new(report))))
}

/// Turns a run that did not reach its end into the CLI's error (exit code 2).
fn graph(args: &GraphArgs) -> Result<ExitCode> {
    let text = read(&args.definition)?;
    let engine = jsonata_engine(&text)?;
    let checked = asl::check_with(&text, syntax_checker(&engine));
    if checked.has_errors() {
        let file = args.definition.display().to_string();
        print_diagnostics(
            &mut std::io::stderr().lock(),
            &file,
            &text,
            &checked.diagnostics,
            std::io::stderr().is_terminal(),
        );
        return Ok(ExitCode::from(2));
    }
    let coloring = if args.run {
        let Some(mut loaded) = load(&args.definition)? else {
            return Ok(ExitCode::from(2));
        };
        let (execution, end) = execute(&args.definition, &mut loaded, &args.execution)?;
        if let MockedRun::MissingMock(missing) = end {
            bail!("{missing}");
        }
        Some(asl_graph::RunColoring::from_execution(&execution))
    } else {
        None
    };
    let rendered = match args.format {
        GraphFormat::Svg => {
            let theme = match args.theme {
                ThemeArg::Auto => asl_graph::Theme::Auto,
                ThemeArg::Light => asl_graph::Theme::Light,
                ThemeArg::Dark => asl_graph::Theme::Dark,
            };
            let drawing = asl_graph::layout(&checked.definition);
            asl_graph::to_svg(
                &drawing,
                &asl_graph::SvgOptions {
                    theme,
                    coloring,
                    selected: None,
                    ..asl_graph::SvgOptions::default()
                },
            ) + "\n"
        }
        GraphFormat::Dot => asl_graph::to_dot(&checked.definition),
        GraphFormat::Mermaid => asl_graph::to_mermaid(&checked.definition),
    };
    match &args.output {
        Some(path) => std::fs::write(path, rendered).with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().lock().write_all(rendered.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn test(paths: &[PathBuf], junit: Option<&Path>, code_mocks: &CodeMockArgs) -> Result<ExitCode> {
    let mut files = Vec::new();
    for path in paths {
        collect_cases(path, &mut files)?;
    }
    files.sort();
    let mut stdout = std::io::stdout().lock();
    let mut engine: Option<asl_jsonata::Engine> = None;
    let mut results = Vec::new();
    for file in &files {
        let started = std::time::Instant::now();
        let verdict = match read_json(file, "the case") {
            Err(error) => report::Verdict::Broken(format!("{error:#}")),
            Ok(case) => {
                let mut outcome = Ok(());
                if engine.is_none() && asl::case::needs_jsonata(&case) {
                    match asl_jsonata::Engine::new() {
                        Ok(started) => engine = Some(started),
                        Err(error) => outcome = Err(format!("the JSONata engine did not start: {error}")),
                    }
                }
                if outcome.is_ok() {
                    outcome = run_case(&case, file, engine.as_mut(), code_mocks);
                }
                match outcome {
                    Ok(()) => report::Verdict::Passed,
                    Err(message) => report::Verdict::Failed(message),
                }
            }
        };
        match &verdict {
            report::Verdict::Passed => writeln!(stdout, "ok   {}", file.display())?,
            report::Verdict::Failed(message) | report::Verdict::Broken(message) => {
                writeln!(stdout, "FAIL {}: {message}", file.display())?
            }
        }
        results.push(report::CaseResult {
            file: file.display().to_string(),
            seconds: started.elapsed().as_secs_f64(),
            verdict,
        });
    }
    let passed = results
        .iter()
        .filter(|result| matches!(result.verdict, report::Verdict::Passed))
        .count();
    let failed = results.len() - passed;
    writeln!(stdout, "{passed} passed, {failed} failed")?;
    if let Some(path) = junit {
        std::fs::write(path, report::junit(&results))
            .with_context(|| format!("cannot write the JUnit report to {}", path.display()))?;
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn lsp() -> Result<ExitCode> {
    let (connection, io_threads) = asl_lsp::Connection::stdio();
    asl_lsp::serve(
        &connection,
        Box::new(|| asl_jsonata::Engine::new().map(|engine| Box::new(engine) as Box<dyn asl::jsonata::SyntaxChecker>)),
    )?;
    drop(connection);
    io_threads.join()?;
    Ok(ExitCode::SUCCESS)
}

/// Runs one case, its tasks answered by the mocks file it names (relative to the case file)
/// when it names one.
fn run_case(
    case: &Value,
    file: &Path,
    engine: Option<&mut asl_jsonata::Engine>,
    code_mocks: &CodeMockArgs,
) -> Result<(), String> {
    let mocks = match asl::case::mocks_file(case) {
        Some(name) => Some(
            open_mocks(&file.parent().unwrap_or(Path::new(".")).join(name), code_mocks)
                .map_err(|error| format!("{error:#}"))?,
        ),
        None => None,
    };
    let mut no_engine = asl::jsonata::NoEngine;
    let engine: &mut dyn asl::jsonata::Engine = match engine {
        Some(engine) => engine,
        None => &mut no_engine,
    };
    asl::case::run_with_mocks(case, engine, mocks.as_deref())
}

fn collect_cases(path: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).with_context(|| format!("cannot list {}", path.display()))? {
            collect_cases(&entry?.path(), files)?;
        }
    } else if path.extension().is_some_and(|ext| ext == "json") {
        files.push(path.to_owned());
    } else if !path.exists() {
        bail!("{} does not exist", path.display());
    }
    Ok(())
}
