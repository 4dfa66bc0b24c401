//! `asl run`: one execution with mocks, then its outcome (text or JSON, with the path or the
//! data-flow trace), what ResultWriter wrote, the warnings the run reveals, and `--timings`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use asl::mock::MockedRun;
use asl::{Execution, Status};

use crate::{
    ExecutionArgs, Format, Loaded, RunArgs, execute_timed, load_timed, print_diagnostics, read, render, timings,
};

fn stop_unless_finished(end: MockedRun, max_steps: u64) -> Result<()> {
    match end {
        MockedRun::Finished => Ok(()),
        MockedRun::MissingMock(missing) => bail!("{missing}"),
        MockedRun::OutOfSteps => bail!(
            "the execution did not finish within {max_steps} steps; it may loop forever (raise --max-steps, or check the Choice that should end the loop)"
        ),
        MockedRun::Stuck => bail!("the execution is waiting for something no mock or timer will bring"),
    }
}

pub fn run(args: &RunArgs) -> Result<ExitCode> {
    let mut timings = timings::Timings::new(args.timings);
    let Some(mut loaded) = load_timed(&args.definition, &mut timings)? else {
        return Ok(ExitCode::from(2));
    };
    let (execution, end) = execute_timed(&args.definition, &mut loaded, &args.execution, &mut timings)?;
    if let Some(path) = &args.history {
        timings.time("serialise", || -> Result<()> {
            let history = serde_json::to_string_pretty(&asl::history_json(execution.history()))?;
            std::fs::write(path, history + "\n")
                .with_context(|| format!("cannot write the history to {}", path.display()))
        })?;
    }
    if let Some(directory) = &args.results_dir {
        write_results(directory, &execution)?;
    }
    print_run_warnings(&args.definition, &args.execution, &loaded, &execution)?;
    stop_unless_finished(end, args.execution.max_steps)?;
    let code = timings.time("serialise", || print_outcome(args, &loaded, &execution))?;
    timings.report(execution.transitions(), execution.history().len());
    // The execution's memory goes back with the process: freeing a large history event by
    // event would only delay the exit.
    std::mem::forget(execution);
    std::mem::forget(loaded);
    Ok(code)
}

/// Writes what ResultWriter wrote, and each child execution's history, under `directory`.
fn write_results(directory: &Path, execution: &Execution) -> Result<()> {
    let write = |path: PathBuf, text: &str| -> Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    };
    for object in execution.written_objects() {
        // Keys come from the definition and the input: keep every part inside the directory.
        let mut path = directory.join(sanitise(&object.bucket));
        for part in object.key.split('/') {
            path.push(sanitise(part));
        }
        write(path, &object.body)?;
    }
    for (index, child) in execution.child_executions().iter().enumerate() {
        let history = serde_json::to_string_pretty(&asl::history_json(&child.history))?;
        let path = directory
            .join("child-executions")
            .join(format!("{index}-{}.json", sanitise(&child.name)));
        write(path, &(history + "\n"))?;
    }
    Ok(())
}

/// A path component that stays one component: no separators, no `..`.
fn sanitise(part: &str) -> String {
    let res: String = part
        .chars()
        .map(|char| if matches!(char, '/' | '\\' | '\0') { '_' } else { char })
        .collect();
    if res.is_empty() || res == "." || res == ".." {
        format!("_{res}")
    } else {
        res
    }
}

/// Prints on stderr what the mocks' code and the run reveal about the definition: an error whose
/// message, not its name, is what a Catch expects (the core's `mock::lint`), and payloads close
/// to the 256 KiB quota.
fn print_run_warnings(definition: &Path, args: &ExecutionArgs, loaded: &Loaded, execution: &Execution) -> Result<()> {
    let text = read(definition)?;
    let file = definition.display().to_string();
    let snippets = std::io::stderr().is_terminal();
    let mut stderr = std::io::stderr().lock();
    let mut reported: Vec<String> = Vec::new();
    if let Some(path) = &args.mocks {
        let language = match path.extension().and_then(|ext| ext.to_str()) {
            Some("js" | "mjs") => Some(asl::mock::lint::CodeLanguage::JavaScript),
            Some("py") => Some(asl::mock::lint::CodeLanguage::Python),
            _ => None,
        };
        if let Some(language) = language {
            let code = read(path)?;
            let index = asl::LineIndex::new(&code);
            let warnings = asl::mock::lint::mock_code(&text, loaded.machine.definition(), &code, language);
            for warning in &warnings {
                let position = index.line_col(&code, warning.span.start);
                writeln!(
                    stderr,
                    "{}:{}:{}: {}[{}]: {}",
                    path.display(),
                    position.line,
                    position.column,
                    warning.diagnostic.severity,
                    warning.diagnostic.code,
                    warning.diagnostic.message
                )?;
                reported.push(warning.diagnostic.pointer.clone());
            }
        }
    }
    // What the mocks' code already showed is not repeated from the run.
    let mut after_run = asl::mock::lint::after_run(&text, loaded.machine.definition(), execution.history());
    after_run.retain(|diagnostic| !reported.contains(&diagnostic.pointer));
    print_diagnostics(&mut stderr, &file, &text, &after_run, snippets);
    Ok(())
}

/// Prints a finished run's outcome on stdout, in the chosen format.
fn print_outcome(args: &RunArgs, loaded: &Loaded, execution: &Execution) -> Result<ExitCode> {
    let outcome = execution.outcome().context("the execution has no outcome")?;
    let mut stdout = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            // Field by field, the output serialised straight from the core's value: building a
            // serde_json::Value first copied it, and a 100 MB input of small numbers run with
            // --no-limits peaked at 8.6 GB.
            let mut out = std::io::BufWriter::new(stdout);
            out.write_all(b"{\"status\":")?;
            serde_json::to_writer(&mut out, outcome.status.as_str())?;
            out.write_all(b",\"output\":")?;
            serde_json::to_writer(&mut out, &outcome.output)?;
            out.write_all(b",\"error\":")?;
            serde_json::to_writer(&mut out, &outcome.error.as_ref().map(|error| &*error.error))?;
            out.write_all(b",\"cause\":")?;
            serde_json::to_writer(&mut out, &outcome.error.as_ref().map(|error| &*error.cause))?;
            out.write_all(b",\"states\":")?;
            write_state_names(&mut out, execution.top_level_states())?;
            if !execution.written_objects().is_empty() {
                // What ResultWriter wrote: {"bucket", "key", "body"} per object, in order.
                let written: Vec<serde_json::Value> = execution
                    .written_objects()
                    .iter()
                    .map(|object| serde_json::json!({"bucket": &*object.bucket, "key": &*object.key, "body": &*object.body}))
                    .collect();
                out.write_all(b",\"writtenObjects\":")?;
                serde_json::to_writer(&mut out, &written)?;
            }
            if args.execution.trace {
                out.write_all(b",\"trace\":")?;
                serde_json::to_writer(&mut out, &render::trace_json(execution, loaded.machine.definition()))?;
            }
            out.write_all(b"}\n")?;
            out.flush()?;
        }
        Format::Text => {
            let color = std::io::stdout().is_terminal();
            write!(stdout, "{}", render::trace(execution, color))?;
            write!(stdout, "{}", render::map_runs(execution))?;
            if args.execution.trace {
                write!(
                    stdout,
                    "{}",
                    render::data_flow(execution, loaded.machine.definition(), color)
                )?;
            }
        }
    }
    Ok(if outcome.status == Status::Succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The top-level path as a JSON array of names. A long run enters the same few states again
/// and again (a loop of 10,000 rounds lists 20,001 names), so each state's name is escaped
/// once: escaping it at every entry took 6 % of loop-10000's instructions.
fn write_state_names<'a>(out: &mut impl Write, names: impl Iterator<Item = &'a std::sync::Arc<str>>) -> Result<()> {
    // Entries of one state share its `Arc`: keyed by address.
    let mut escaped: std::collections::BTreeMap<*const u8, String> = std::collections::BTreeMap::new();
    out.write_all(b"[")?;
    for (position, name) in names.enumerate() {
        if position > 0 {
            out.write_all(b",")?;
        }
        let text = match escaped.entry(name.as_ptr()) {
            std::collections::btree_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::btree_map::Entry::Vacant(entry) => entry.insert(serde_json::to_string(&**name)?),
        };
        out.write_all(text.as_bytes())?;
    }
    out.write_all(b"]")?;
    Ok(())
}
