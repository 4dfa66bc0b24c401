//! JavaScript mocks in QuickJS: the glue (`web/src/mocks-host.js`) and the user's module in one
//! runtime, with a heap limit and an interrupt at the call's deadline. QuickJS's interrupt cannot
//! be caught by the script, so `while (true) {}` stops; the runtime is then dropped and the
//! module loaded afresh for the next call.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Instant;

use asl::mock::code::{CodeAnswer, CodeCall, answer_from_host_json};
use rquickjs::context::EvalOptions;
use rquickjs::{CatchResultExt, CaughtError, Context, Ctx, Function, Module, Object, Promise, Runtime};

use crate::{Called, Engine, Limits};

const GLUE: &str = include_str!("../../../web/src/mocks-host.js");
/// The glue's file name in stack traces, which the glue leaves out of error traces.
const GLUE_NAME: &str = "mocks-host.js";

/// A JavaScript mocks module, loaded in QuickJS.
pub struct JsMocks {
    source: String,
    file_name: String,
    limits: Limits,
    names: Vec<String>,
    /// `None` after a call was stopped, until the next call loads the module again.
    loaded: Option<Loaded>,
}

struct Loaded {
    /// Kept alive with its context; dropped (with everything the module made) when the mocks restart.
    _runtime: Runtime,
    context: Context,
    deadline: Rc<Cell<Option<Instant>>>,
    interrupted: Rc<Cell<bool>>,
    /// The execution whose input the glue has (`CodeCall::to_host_json`).
    execution_sent: Option<Arc<str>>,
}

/// How a call into QuickJS ended, beside its value.
enum Failure {
    /// Interrupted at the deadline.
    TimedOut,
    /// The promise can never settle: nothing is left to run.
    NeverSettled,
    Error(String),
}

impl JsMocks {
    /// Loads a module (`file_name` names it in messages and stack traces). Fails with a
    /// message when it does not parse, throws while loading, runs past the time limit, or
    /// exports something other than functions. Returns the mocks and what loading printed.
    pub fn load(source: &str, file_name: &str, limits: Limits) -> Result<(JsMocks, Vec<String>), String> {
        let (loaded, names, logs) = load(source, file_name, limits)?;
        let mocks = JsMocks {
            source: source.to_owned(),
            file_name: file_name.to_owned(),
            limits,
            names,
            loaded: Some(loaded),
        };
        Ok((mocks, logs))
    }
}

impl Engine for JsMocks {
    fn call(&mut self, call: &CodeCall) -> Called {
        let mut note = None;
        if self.loaded.is_none() {
            match load(&self.source, &self.file_name, self.limits) {
                Ok((loaded, _, _)) => self.loaded = Some(loaded),
                Err(message) => {
                    return Called::host(
                        CodeAnswer::Crashed(format!("the mocks could not be loaded again: {message}")),
                        None,
                    );
                }
            }
        }
        let Some(loaded) = &mut self.loaded else {
            return Called::host(CodeAnswer::Crashed("the mocks are not loaded".to_owned()), None);
        };
        let request = call.to_host_json(loaded.execution_sent.as_ref() != Some(&call.execution_id));
        loaded.execution_sent = Some(call.execution_id.clone());
        let res = loaded.run(self.limits, |ctx| {
            let host: Object = ctx.globals().get("__aslMocks")?;
            let answer: Function = host.get("answer")?;
            answer.call::<_, Promise>((rquickjs::function::This(host), request))
        });
        let answer = match res {
            Ok(text) => match answer_from_host_json(&text) {
                Ok(answer) => return Called { answer, note: None },
                Err(message) => CodeAnswer::Crashed(message),
            },
            Err(Failure::TimedOut) => {
                note = Some(format!(
                    "the mock of \"{}\" (invocation {}) ran past {} ms and was stopped; {} is loaded afresh for the next call",
                    call.state_name,
                    call.invocation,
                    self.limits.time_millis(),
                    self.file_name
                ));
                CodeAnswer::TimedOut {
                    limit_millis: self.limits.time_millis(),
                }
            }
            Err(Failure::NeverSettled) => {
                note = Some(format!(
                    "the mock of \"{}\" (invocation {}) returned a promise that never settles (it awaits something no one resolves), so it counts as running past its time limit; {} is loaded afresh for the next call",
                    call.state_name, call.invocation, self.file_name
                ));
                CodeAnswer::TimedOut {
                    limit_millis: self.limits.time_millis(),
                }
            }
            Err(Failure::Error(message)) => CodeAnswer::Crashed(message),
        };
        // A stopped or failed call may leave the module half-way: start afresh next time.
        self.loaded = None;
        Called::host(answer, note)
    }

    fn names(&self) -> &[String] {
        &self.names
    }
}

impl Loaded {
    /// Runs `start` (which returns a promise of JSON text) and QuickJS's jobs until the promise
    /// settles, within the time limit.
    fn run(
        &self,
        limits: Limits,
        start: impl for<'js> FnOnce(&Ctx<'js>) -> rquickjs::Result<Promise<'js>>,
    ) -> Result<String, Failure> {
        self.interrupted.set(false);
        self.deadline.set(Some(Instant::now() + limits.time));
        let res = self.context.with(|ctx| {
            let promise = start(&ctx).catch(&ctx).map_err(|error| describe(error))?;
            promise.finish::<String>().catch(&ctx).map_err(|error| match error {
                CaughtError::Error(rquickjs::Error::WouldBlock) => Failure::NeverSettled,
                error => describe(error),
            })
        });
        self.deadline.set(None);
        match res {
            Err(_) if self.interrupted.get() => Err(Failure::TimedOut),
            res => res,
        }
    }
}

/// An exception as people read it: `SyntaxError: unexpected token…`, then its stack.
fn describe(error: CaughtError<'_>) -> Failure {
    let text = match &error {
        CaughtError::Exception(exception) => {
            let name: String = exception.get("name").unwrap_or_else(|_| "Error".to_owned());
            let message = exception.message().unwrap_or_default();
            let stack = exception.stack().unwrap_or_default();
            format!("{name}: {message}\n{stack}")
        }
        error => error.to_string(),
    };
    Failure::Error(text.trim_end().to_owned())
}

/// Starts QuickJS, installs the glue, loads the module and hands its exports to the glue.
fn load(source: &str, file_name: &str, limits: Limits) -> Result<(Loaded, Vec<String>, Vec<String>), String> {
    let runtime = Runtime::new().map_err(|error| format!("cannot start QuickJS: {error}"))?;
    runtime.set_memory_limit(limits.memory_bytes);
    runtime.set_max_stack_size(1 << 20);
    let deadline: Rc<Cell<Option<Instant>>> = Rc::new(Cell::new(None));
    let interrupted = Rc::new(Cell::new(false));
    let (handler_deadline, handler_interrupted) = (deadline.clone(), interrupted.clone());
    runtime.set_interrupt_handler(Some(Box::new(move || {
        let late = handler_deadline.get().is_some_and(|deadline| Instant::now() > deadline);
        if late {
            handler_interrupted.set(true);
        }
        late
    })));
    let context = Context::full(&runtime).map_err(|error| format!("cannot start QuickJS: {error}"))?;
    context.with(|ctx| -> Result<(), String> {
        let mut options = EvalOptions::default();
        options.filename = Some(GLUE_NAME.to_owned());
        ctx.eval_with_options::<(), _>(GLUE, options)
            .catch(&ctx)
            .map_err(|error| format!("cannot load the mocks glue: {error}"))?;
        ctx.eval::<(), _>("globalThis.__aslMocks = createAslMocks();")
            .catch(&ctx)
            .map_err(|error| format!("cannot start the mocks glue: {error}"))?;
        Ok(())
    })?;
    let loaded = Loaded {
        _runtime: runtime,
        context,
        deadline,
        interrupted,
        execution_sent: None,
    };
    let name = file_name.to_owned();
    let text = source.to_owned();
    let res = loaded.run(limits, move |ctx| {
        let module = Module::declare(ctx.clone(), name, text)?;
        let (module, evaluated) = module.eval()?;
        // The glue takes the namespace once the module's top-level code (and await) is done.
        let namespace = module.namespace()?;
        let host: Object = ctx.globals().get("__aslMocks")?;
        let then: Function = evaluated.get("then")?;
        let take = Function::new(ctx.clone(), move |_: rquickjs::Value<'_>| -> rquickjs::Result<String> {
            let using: Function = host.get("use")?;
            using.call((rquickjs::function::This(host.clone()), namespace.clone()))
        })?;
        then.call((rquickjs::function::This(evaluated), take))
    });
    let text = match res {
        Ok(text) => text,
        Err(Failure::TimedOut) => {
            return Err(format!(
                "{file_name}: loading the module ran past {} ms and was stopped",
                limits.time_millis()
            ));
        }
        Err(Failure::NeverSettled) => {
            return Err(format!("{file_name}: the module's top-level await never settles"));
        }
        Err(Failure::Error(message)) => return Err(format!("{file_name}: {message}")),
    };
    let used = asl::Value::from_json(&text).map_err(|error| format!("the mocks glue answered badly: {error}"))?;
    let strings = |key: &str| -> Vec<String> {
        used.get(key)
            .and_then(asl::Value::as_array)
            .map(|items| items.iter().filter_map(asl::Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let problems = strings("problems");
    if !problems.is_empty() {
        return Err(format!("{file_name}: {}", problems.join("; ")));
    }
    Ok((loaded, strings("names"), strings("logs")))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn load_ok(source: &str) -> JsMocks {
        JsMocks::load(source, "mocks.js", Limits::default())
            .map(|(mocks, _)| mocks)
            .unwrap_or_else(|message| panic!("{message}"))
    }

    #[test]
    fn loads_default_or_named_exports() {
        let mocks = load_ok("export default { A: () => 1, B: async (input) => input };");
        assert_eq!(mocks.names(), ["A", "B"]);
        let mocks = load_ok("export function A() { return 1 }\nexport const B = async () => 2;");
        assert_eq!(mocks.names(), ["A", "B"]);
    }

    #[test]
    fn reports_load_problems_with_the_file_name() {
        let error = JsMocks::load("export default { A: () => }", "m.js", Limits::default())
            .err()
            .expect("a syntax error");
        assert!(error.starts_with("m.js: SyntaxError"), "{error}");
        let error = JsMocks::load("export default { A: 1, B: null }", "m.js", Limits::default())
            .err()
            .expect("not functions");
        assert!(error.contains("\"A\" is a number, not a function"), "{error}");
        assert!(error.contains("\"B\" is null, not a function"), "{error}");
        let error = JsMocks::load("throw new Error('boom')", "m.js", Limits::default())
            .err()
            .expect("a throw at load");
        assert!(error.contains("boom"), "{error}");
        let limits = Limits {
            time: Duration::from_millis(50),
            ..Limits::default()
        };
        let error = JsMocks::load("while (true) {}", "m.js", limits)
            .err()
            .expect("a loop at load");
        assert!(error.contains("ran past 50 ms"), "{error}");
    }

    #[test]
    fn logs_at_load_are_returned() {
        let (_, logs) = JsMocks::load(
            "console.log('loading', {a: 1}); export default {}",
            "m.js",
            Limits::default(),
        )
        .unwrap();
        assert_eq!(logs, ["loading {\"a\":1}"]);
    }

    /// Runs a one-Task definition with `resource` against the mocks; returns the task's error
    /// (or result) and the logs of the call.
    fn run_task(resource: &str, source: &str, limits: Limits) -> (Result<asl::Value, asl::WorkflowError>, Vec<String>) {
        let definition = format!(
            r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Task", "Resource": "{resource}", "End": true}}}}}}"#
        );
        let machine = asl::load(&definition).expect("valid");
        let mut execution = asl::Execution::start(&machine, asl::Value::empty_object(), Default::default());
        let (mut mocks, _) = JsMocks::load(source, "mocks.js", limits).unwrap_or_else(|message| panic!("{message}"));
        loop {
            if let asl::Step::TaskRequested(request) = execution.step().unwrap() {
                let call = CodeCall::new(&execution, &request);
                let called = mocks.call(&call);
                let result = call.result(&called.answer.answer).ok().flatten().expect("answered");
                return (result, called.answer.logs);
            }
        }
    }

    const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:Pay";
    const SERVICE: &str = "arn:aws:states:::sqs:sendMessage";

    fn error_of(resource: &str, body: &str) -> (String, String) {
        let source = format!("export default {{ P: async (input, context) => {{ {body} }} }};");
        let error = run_task(resource, &source, Limits::default()).0.expect_err("a failure");
        (error.error.to_string(), error.cause.to_string())
    }

    #[test]
    fn thrown_errors_map_as_lambda_reports_them() {
        let named = "class PaymentFailedError extends Error { constructor(m) { super(m); this.name = 'PaymentFailedError'; } }\n throw new PaymentFailedError('declined');";
        let (error, cause) = error_of(LAMBDA, named);
        assert_eq!(error, "PaymentFailedError");
        assert!(
            cause.starts_with(r#"{"errorType":"PaymentFailedError","errorMessage":"declined","trace":["PaymentFailedError: declined","#),
            "{cause}"
        );
        assert!(!cause.contains("mocks-host"), "{cause}");
        let (error, cause) = error_of(
            LAMBDA,
            "throw Object.assign(new Error('declined'), {name: 'PaymentFailedError'})",
        );
        assert_eq!(
            (error.as_str(), cause.contains("declined")),
            ("PaymentFailedError", true)
        );
        let (error, _) = error_of(LAMBDA, "throw new Error('PaymentFailedError')");
        assert_eq!(error, "Error");
        let (error, _) = error_of(
            LAMBDA,
            "class PaymentFailedError extends Error {}\n throw new PaymentFailedError('x')",
        );
        assert_eq!(error, "Error");
        let (error, cause) = error_of(LAMBDA, "throw {Error: 'Custom', Cause: 'as is'}");
        assert_eq!((error.as_str(), cause.as_str()), ("Custom", "as is"));
        let (error, cause) = error_of(LAMBDA, "throw 'oops'");
        assert_eq!(error, "string");
        assert_eq!(cause, r#"{"errorType":"string","errorMessage":"oops","trace":[]}"#);
        let (error, cause) = error_of(
            SERVICE,
            "throw Object.assign(new Error('declined'), {name: 'Sqs.Failed'})",
        );
        assert_eq!((error.as_str(), cause.as_str()), ("Sqs.Failed", "declined"));
    }

    #[test]
    fn values_json_cannot_hold_fail_the_task_clearly() {
        for (body, expected) in [
            ("return undefined", "returned undefined"),
            ("return () => 1", "returned a function"),
            ("const a = {}; a.self = a; return a", "cannot be turned into JSON"),
            ("return {n: 10n}", "cannot be turned into JSON"),
        ] {
            let (error, cause) = error_of(LAMBDA, body);
            assert_eq!(error, "Runtime.MarshalError", "{body}");
            assert!(cause.contains(expected), "{body}: {cause}");
            assert!(cause.starts_with("the mock of Task state \"P\""), "{cause}");
        }
        let (error, _) = error_of(SERVICE, "return undefined");
        assert_eq!(error, "States.TaskFailed");
    }

    #[test]
    fn an_endless_loop_is_stopped_at_the_limit_and_the_module_reloads() {
        let limits = Limits {
            time: Duration::from_millis(100),
            ..Limits::default()
        };
        let source = "let calls = 0; export default { P: (input, context) => { calls += 1; if (context.retryCount === 0) { while (true) {} } return calls; } };";
        let started = Instant::now();
        let (result, _) = run_task(LAMBDA, source, limits);
        let error = result.expect_err("stopped");
        assert_eq!(&*error.error, "Sandbox.Timedout");
        assert!(
            error.cause.contains("Task timed out after 0.10 seconds"),
            "{}",
            error.cause
        );
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
        let (result, _) = run_task(SERVICE, "export default { P: () => new Promise(() => {}) };", limits);
        assert_eq!(&*result.expect_err("never settles").error, "States.Timeout");

        // The retry after a stop runs in a fresh module: its count starts again.
        let definition = format!(
            r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Task", "Resource": "{LAMBDA}", "Retry": [{{"ErrorEquals": ["Sandbox.Timedout"]}}], "End": true}}}}}}"#
        );
        let machine = asl::load(&definition).unwrap();
        let mut execution = asl::Execution::start(&machine, asl::Value::empty_object(), Default::default());
        let (mocks, _) = JsMocks::load(source, "mocks.js", limits).unwrap();
        let notes = Rc::new(std::cell::RefCell::new(Vec::new()));
        let heard = notes.clone();
        let mocks = crate::CodeMocks::new(
            Box::new(mocks),
            Box::new(move |report: &crate::CallReport<'_>| heard.borrow_mut().extend(report.note.map(str::to_owned))),
        );
        asl::mock::run_to_end(&mut execution, &mocks, 1000, &mut asl::jsonata::NoEngine).unwrap();
        assert_eq!(notes.borrow().len(), 1, "{:?}", notes.borrow());
        assert!(notes.borrow()[0].contains("loaded afresh"), "{:?}", notes.borrow());
        let outcome = execution.outcome().unwrap();
        assert_eq!(outcome.status, asl::Status::Succeeded);
        assert_eq!(outcome.output.as_ref().unwrap().to_json(), "1");
    }

    #[test]
    fn random_and_clock_are_seeded_and_virtual_and_console_is_kept() {
        let source = "export default { P: (input, context) => { console.log('at', Date.now(), context.stateName);                       return [Math.random(), new Date().toISOString(), Date(), crypto.randomUUID(), context.invocation]; } };";
        let (first, logs) = run_task(SERVICE, source, Limits::default());
        let (second, _) = run_task(SERVICE, source, Limits::default());
        let first = first.unwrap();
        assert_eq!(first, second.unwrap());
        assert_eq!(first.as_array().unwrap()[1].as_str(), Some("1970-01-01T00:00:00.000Z"));
        assert_eq!(logs, ["at 0 P"]);
    }

    #[test]
    fn memory_is_bounded() {
        let limits = Limits {
            memory_bytes: 32 << 20,
            ..Limits::default()
        };
        let source =
            "export default { P: () => { const all = []; while (true) all.push(new Array(100000).fill(1)); } };";
        let (result, _) = run_task(SERVICE, source, limits);
        let error = result.expect_err("out of memory");
        assert!(error.cause.contains("out of memory"), "{error}");
    }
}
