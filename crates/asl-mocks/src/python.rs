//! Python mocks: one `python3` process per run, running the embedded runner (`runner.py`), which
//! imports the module and answers task requests as JSON lines over stdin and stdout. A call
//! that runs past its time limit cannot be interrupted from outside, so the process is killed
//! and a fresh one started for the next call (module-level state starts afresh, as the
//! playground's restarted Worker does); so is a process that exits under a call.

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use asl::Value;
use asl::mock::code::{CodeAnswer, CodeCall, answer_from_host_json};

use crate::{Called, Engine, Limits};

const RUNNER: &str = include_str!("runner.py");
/// How long python3 may take to start, beyond the time limit, before the module's import counts
/// as running too long.
const STARTUP_ALLOWANCE: Duration = Duration::from_secs(5);
/// How much of the process's own stderr (beyond what handlers print) is kept for messages.
const STDERR_TAIL: usize = 4096;

/// A Python mocks module, imported in a `python3` process.
pub struct PythonMocks {
    python: OsString,
    path: PathBuf,
    limits: Limits,
    names: Vec<String>,
    /// `None` after the process was stopped or exited, until the next call starts another.
    process: Option<Process>,
}

struct Process {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<std::io::Result<String>>,
    stderr: Arc<Mutex<String>>,
    /// The execution whose input the runner has (`CodeCall::to_host_json`).
    execution_sent: Option<Arc<str>>,
}

impl PythonMocks {
    /// Starts `python` (normally `python3`) on the module at `path` and waits for its import.
    /// Fails with a message when there is no such interpreter, the import fails or runs past
    /// the time limit, or the module has no proper `MOCKS` dict. Returns the mocks and what
    /// importing printed.
    pub fn start(python: &OsStr, path: &Path, limits: Limits) -> Result<(PythonMocks, Vec<String>), String> {
        let (process, names, logs) = spawn(python, path, limits)?;
        let mocks = PythonMocks {
            python: python.to_owned(),
            path: path.to_owned(),
            limits,
            names,
            process: Some(process),
        };
        Ok((mocks, logs))
    }

    fn stop(&mut self) -> String {
        let Some(mut process) = self.process.take() else {
            return String::new();
        };
        let _ = process.child.kill();
        let status = process
            .child
            .wait()
            .map(|status| status.to_string())
            .unwrap_or_default();
        let tail = process
            .stderr
            .lock()
            .map(|text| text.trim().to_owned())
            .unwrap_or_default();
        if tail.is_empty() {
            status
        } else {
            format!("{status}: {tail}")
        }
    }
}

impl Drop for PythonMocks {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Engine for PythonMocks {
    fn call(&mut self, call: &CodeCall) -> Called {
        let mut restarted = None;
        if self.process.is_none() {
            match spawn(&self.python, &self.path, self.limits) {
                Ok((process, _, _)) => {
                    self.process = Some(process);
                    restarted = Some(());
                }
                Err(message) => {
                    return Called::host(
                        CodeAnswer::Crashed(format!("python3 could not be started again: {message}")),
                        None,
                    );
                }
            }
        }
        let Some(process) = &mut self.process else {
            return Called::host(CodeAnswer::Crashed("python3 is not running".to_owned()), None);
        };
        let line = call.to_host_json(process.execution_sent.as_ref() != Some(&call.execution_id)) + "\n";
        process.execution_sent = Some(call.execution_id.clone());
        let sent = process
            .stdin
            .write_all(line.as_bytes())
            .and_then(|()| process.stdin.flush());
        let received = match sent {
            Ok(()) => process.lines.recv_timeout(self.limits.time),
            Err(error) => Ok(Err(error)),
        };
        let note_restart = |note: String| {
            if restarted.is_some() {
                format!("{note} (python3 had been started afresh for this call)")
            } else {
                note
            }
        };
        match received {
            Ok(Ok(text)) => match answer_from_host_json(&text) {
                Ok(answer) => Called { answer, note: None },
                Err(message) => {
                    self.stop();
                    Called::host(CodeAnswer::Crashed(message), None)
                }
            },
            Err(RecvTimeoutError::Timeout) => {
                self.stop();
                let note = format!(
                    "the Python mock of \"{}\" (invocation {}) ran past {} ms; python3 was stopped and is started afresh for the next call",
                    call.state_name,
                    call.invocation,
                    self.limits.time_millis()
                );
                Called::host(
                    CodeAnswer::TimedOut {
                        limit_millis: self.limits.time_millis(),
                    },
                    Some(note_restart(note)),
                )
            }
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                let status = self.stop();
                let note = format!(
                    "python3 exited under the mock of \"{}\" (invocation {}): {status}; it is started afresh for the next call",
                    call.state_name, call.invocation
                );
                Called::host(
                    CodeAnswer::Crashed(format!("python3 exited ({status})")),
                    Some(note_restart(note)),
                )
            }
        }
    }

    fn names(&self) -> &[String] {
        &self.names
    }
}

/// Starts the runner on the module and reads its first line: the import's outcome.
fn spawn(python: &OsStr, path: &Path, limits: Limits) -> Result<(Process, Vec<String>, Vec<String>), String> {
    let file = path.display();
    let mut child = Command::new(python)
        .arg("-c")
        .arg(RUNNER)
        .arg(path)
        .arg(limits.memory_bytes.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| {
            if error.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "{file} is a Python mocks file, but {} was not found; install Python 3 (a python3 on the PATH) to run it",
                    python.to_string_lossy()
                )
            } else {
                format!("cannot start {}: {error}", python.to_string_lossy())
            }
        })?;
    let (Some(stdin), Some(stdout), Some(mut stderr)) = (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        return Err("cannot talk to python3: its pipes are missing".to_owned());
    };
    let (sender, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let tail = Arc::new(Mutex::new(String::new()));
    let writer = tail.clone();
    std::thread::spawn(move || {
        let mut buffer = [0u8; 4096];
        while let Ok(count) = stderr.read(&mut buffer) {
            if count == 0 {
                break;
            }
            if let Ok(mut text) = writer.lock() {
                text.push_str(&String::from_utf8_lossy(&buffer[..count]));
                if text.len() > STDERR_TAIL {
                    let cut = text.len() - STDERR_TAIL;
                    let cut = (cut..text.len())
                        .find(|at| text.is_char_boundary(*at))
                        .unwrap_or(text.len());
                    text.drain(..cut);
                }
            }
        }
    });
    let mut process = Process {
        child,
        stdin,
        lines,
        stderr: tail,
        execution_sent: None,
    };
    // Starting the interpreter is not the module's time: it gets a head start.
    let first = process.lines.recv_timeout(limits.time + STARTUP_ALLOWANCE);
    let fail = |process: &mut Process, message: String| {
        let _ = process.child.kill();
        let _ = process.child.wait();
        let tail = process
            .stderr
            .lock()
            .map(|text| text.trim().to_owned())
            .unwrap_or_default();
        if tail.is_empty() {
            message
        } else {
            format!("{message}\n{tail}")
        }
    };
    let text = match first {
        Ok(Ok(text)) => text,
        Err(RecvTimeoutError::Timeout) => {
            let message = format!(
                "{file}: importing the module ran past {} ms and was stopped",
                (limits.time + STARTUP_ALLOWANCE).as_millis()
            );
            return Err(fail(&mut process, message));
        }
        Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
            return Err(fail(
                &mut process,
                format!("{file}: python3 exited while importing the module"),
            ));
        }
    };
    let first = Value::from_json(&text).map_err(|error| format!("the Python runner answered badly: {error}"))?;
    let strings = |key: &str| -> Vec<String> {
        first
            .get(key)
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default()
    };
    if let Some(traceback) = first.get("error").and_then(Value::as_str) {
        let message = format!("{file}: the module failed to import:\n{traceback}");
        return Err(fail(&mut process, message));
    }
    let problems = strings("problems");
    if !problems.is_empty() {
        return Err(fail(&mut process, format!("{file}: {}", problems.join("; "))));
    }
    Ok((process, strings("names"), strings("logs")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn python() -> &'static OsStr {
        OsStr::new("python3")
    }

    /// The module written into a directory of its own, removed when the first value drops.
    fn module(test: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::Builder::new()
            .prefix(&format!("asl-mocks-python-{test}-"))
            .tempdir()
            .unwrap();
        let path = dir.path().join("mocks.py");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    /// Runs a one-Task definition against the module; returns the first task's result.
    fn run_task(resource: &str, path: &Path, limits: Limits) -> (Result<Value, asl::WorkflowError>, Vec<String>) {
        let definition = format!(
            r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Task", "Resource": "{resource}", "End": true}}}}}}"#
        );
        let machine = asl::load(&definition).expect("valid");
        let mut execution = asl::Execution::start(&machine, Value::empty_object(), Default::default());
        let (mut mocks, _) = PythonMocks::start(python(), path, limits).unwrap_or_else(|message| panic!("{message}"));
        loop {
            if let asl::Step::TaskRequested(request) = execution.step().unwrap() {
                let call = CodeCall::new(&execution, &request);
                let called = mocks.call(&call);
                return (
                    call.result(&called.answer.answer).ok().flatten().expect("answered"),
                    called.answer.logs,
                );
            }
        }
    }

    const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:Pay";

    #[test]
    fn exceptions_map_as_the_python_runtime_reports_them() {
        let (_dir, path) = module(
            "exceptions",
            "class PaymentFailedError(Exception):\n    pass\n\n\
             def plain(event, context):\n    raise Exception('PaymentFailedError')\n\n\
             MOCKS = {'P': plain}\n",
        );
        let (result, _) = run_task(LAMBDA, &path, Limits::default());
        let error = result.expect_err("raised");
        assert_eq!(&*error.error, "Exception");
        let cause = Value::from_json(&error.cause).unwrap();
        let keys: Vec<&str> = cause.as_object().unwrap().keys().map(|key| &**key).collect();
        assert_eq!(keys, ["errorMessage", "errorType", "requestId", "stackTrace"]);
        assert_eq!(cause.get("errorMessage").unwrap().as_str(), Some("PaymentFailedError"));
        let trace = cause.get("stackTrace").unwrap().to_json();
        assert!(trace.contains("in plain"), "{trace}");
        assert!(!trace.contains("runner"), "{trace}");
    }

    #[test]
    fn results_clock_random_and_prints() {
        let (_dir, path) = module(
            "results",
            "import random, time, datetime, uuid\n\
             def handler(event, context):\n    print('hello', context.state_name)\n    \
             return [random.random(), time.time(), datetime.datetime.now().isoformat(), str(uuid.uuid4()), context.function_name]\n\
             MOCKS = {'Pay': handler}\n",
        );
        let (first, logs) = run_task(LAMBDA, &path, Limits::default());
        let (second, _) = run_task(LAMBDA, &path, Limits::default());
        let first = first.unwrap();
        assert_eq!(first, second.unwrap());
        let items = first.as_array().unwrap();
        assert_eq!(items[1].to_json(), "0.0");
        assert_eq!(items[2].as_str(), Some("1970-01-01T00:00:00"));
        assert_eq!(items[4].as_str(), Some("Pay"));
        assert_eq!(logs, ["hello P"]);
    }

    #[test]
    fn an_endless_loop_is_stopped_and_python_restarts() {
        let (_dir, path) = module(
            "loop",
            "def handler(event, context):\n    if context.retry_count == 0:\n        while True:\n            pass\n    return 'after'\n\
             MOCKS = {'P': handler}\n",
        );
        let limits = Limits {
            time: Duration::from_millis(300),
            ..Limits::default()
        };
        let (mut mocks, _) = PythonMocks::start(python(), &path, limits).unwrap();
        let definition = format!(
            r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Task", "Resource": "{LAMBDA}", "Retry": [{{"ErrorEquals": ["Sandbox.Timedout"]}}], "End": true}}}}}}"#
        );
        let machine = asl::load(&definition).unwrap();
        let mut execution = asl::Execution::start(&machine, Value::empty_object(), Default::default());
        let mut errors = Vec::new();
        loop {
            match execution.step().unwrap() {
                asl::Step::TaskRequested(request) => {
                    let call = CodeCall::new(&execution, &request);
                    let called = mocks.call(&call);
                    let result = call.result(&called.answer.answer).ok().flatten().unwrap();
                    if let Err(error) = &result {
                        errors.push(error.error.to_string());
                        assert!(called.note.unwrap().contains("stopped"));
                    }
                    execution.complete_task(request.id, result).unwrap();
                }
                asl::Step::Blocked {
                    next_wakeup: Some(time),
                } => execution.advance_clock(time).unwrap(),
                asl::Step::Finished => break,
                _ => {}
            }
        }
        assert_eq!(errors, ["Sandbox.Timedout"]);
        assert_eq!(
            execution.outcome().unwrap().output.as_ref().unwrap().to_json(),
            "\"after\""
        );
    }

    #[test]
    fn import_problems_are_reported() {
        let (_dir, path) = module("no-mocks", "def handler(event, context):\n    return 1\n");
        let error = PythonMocks::start(python(), &path, Limits::default())
            .err()
            .expect("no MOCKS");
        assert!(error.contains("needs a MOCKS dict"), "{error}");
        let (_dir, path) = module("syntax", "def handler(event, context)\n    return 1\n");
        let error = PythonMocks::start(python(), &path, Limits::default())
            .err()
            .expect("a syntax error");
        assert!(error.contains("SyntaxError"), "{error}");
        let error = PythonMocks::start(OsStr::new("python3-that-does-not-exist"), &path, Limits::default())
            .err()
            .expect("no interpreter");
        assert!(error.contains("was not found; install Python 3"), "{error}");
    }
}
