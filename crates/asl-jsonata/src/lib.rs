//! JSONata for native hosts: jsonata 2.0.6 (the npm package AWS's version, embedded at build
//! time from the lock file) running in QuickJS through rquickjs, behind the core's
//! [`asl::jsonata::Evaluator`] and [`asl::jsonata::SyntaxChecker`].
//!
//! The glue that wraps jsonata as Step Functions does (`web/src/jsonata-host.js`) is the same
//! file the browser bundles, so both hosts evaluate alike; the functions AWS adds call back into
//! `asl::jsonata::call_function`. jsonata 2 evaluates asynchronously: `evaluate` drives QuickJS's
//! job queue until the promise settles, so to the core this engine answers at once.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use asl::jsonata::{Answer, Evaluator, SyntaxChecker, SyntaxError};
use asl::{EvaluationRequest, Value};
use rquickjs::{CatchResultExt, Context, Function, Object, Promise, Runtime};

const JSONATA: &str = include_str!(concat!(env!("OUT_DIR"), "/jsonata.min.js"));
const HOST: &str = include_str!("../../../web/src/jsonata-host.js");

/// Memory QuickJS may use (jsonata itself needs a few MB).
const MEMORY_LIMIT: usize = 512 << 20;
/// How long one request may run before QuickJS is interrupted (the glue's own bound is 5 s
/// per expression; this catches what it cannot, such as one huge native loop).
const REQUEST_TIME_LIMIT: Duration = Duration::from_secs(20);

pub struct Engine {
    runtime: Runtime,
    context: Context,
    deadline: Rc<Cell<Option<Instant>>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("asl_jsonata::Engine")
    }
}

impl Engine {
    /// Starts QuickJS and loads jsonata and the glue (about 20 ms).
    pub fn new() -> Result<Engine, String> {
        let runtime = Runtime::new().map_err(|error| format!("cannot start QuickJS: {error}"))?;
        runtime.set_memory_limit(MEMORY_LIMIT);
        runtime.set_max_stack_size(8 << 20);
        let deadline: Rc<Cell<Option<Instant>>> = Rc::new(Cell::new(None));
        let handler_deadline = deadline.clone();
        runtime.set_interrupt_handler(Some(Box::new(move || {
            handler_deadline.get().is_some_and(|deadline| Instant::now() > deadline)
        })));
        let context = Context::full(&runtime).map_err(|error| format!("cannot start QuickJS: {error}"))?;
        context.with(|ctx| -> Result<(), String> {
            let fail = |what: &str, error: String| format!("cannot load {what}: {error}");
            // The UMD wrapper of jsonata.min.js sets `self.jsonata` when there is no module system.
            ctx.eval::<(), _>("globalThis.self = globalThis;")
                .catch(&ctx)
                .map_err(|error| fail("jsonata", error.to_string()))?;
            ctx.eval::<(), _>(JSONATA)
                .catch(&ctx)
                .map_err(|error| fail("jsonata", error.to_string()))?;
            ctx.eval::<(), _>(HOST)
                .catch(&ctx)
                .map_err(|error| fail("the JSONata glue", error.to_string()))?;
            let native = Function::new(ctx.clone(), |name: String, args: String, seed: String, counter: f64| {
                asl::jsonata::call_function_json(&name, &args, &seed, counter as u64)
            })
            .map_err(|error| fail("the native functions", error.to_string()))?;
            ctx.globals()
                .set("__aslNative", native)
                .map_err(|error| fail("the native functions", error.to_string()))?;
            ctx.eval::<(), _>("globalThis.__aslHost = createAslJsonata(jsonata, __aslNative);")
                .catch(&ctx)
                .map_err(|error| fail("the JSONata glue", error.to_string()))?;
            Ok(())
        })?;
        let engine = Engine {
            runtime,
            context,
            deadline,
        };
        engine.drain_jobs();
        Ok(engine)
    }

    fn drain_jobs(&self) {
        while self.runtime.is_job_pending() {
            if self.runtime.execute_pending_job().is_err() {
                break;
            }
        }
    }

    /// Evaluates a request given as the glue's JSON (see `EvaluationRequest::to_host_json`) and
    /// returns its answers as JSON text.
    pub fn evaluate_json(&self, request_json: &str) -> Result<String, String> {
        self.deadline.set(Some(Instant::now() + REQUEST_TIME_LIMIT));
        let res = self.context.with(|ctx| -> Result<String, String> {
            let host: Object = ctx
                .globals()
                .get("__aslHost")
                .map_err(|error| format!("the JSONata glue is missing: {error}"))?;
            let evaluate: Function = host
                .get("evaluate")
                .map_err(|error| format!("the JSONata glue is missing evaluate: {error}"))?;
            let promise: Promise = evaluate
                .call((rquickjs::function::This(host), request_json))
                .catch(&ctx)
                .map_err(|error| format!("JSONata evaluation failed: {error}"))?;
            promise
                .finish::<String>()
                .catch(&ctx)
                .map_err(|error| format!("JSONata evaluation failed: {error}"))
        });
        self.deadline.set(None);
        res.map_err(|error| {
            if error.contains("interrupted") {
                format!(
                    "the expression ran longer than {} s and was stopped",
                    REQUEST_TIME_LIMIT.as_secs()
                )
            } else {
                error
            }
        })
    }
}

impl SyntaxChecker for Engine {
    fn check(&self, expression: &str) -> Result<(), SyntaxError> {
        let res = self
            .context
            .with(|ctx| -> Result<Option<(usize, String, String)>, String> {
                let host: Object = ctx.globals().get("__aslHost").map_err(|error| error.to_string())?;
                let check: Function = host.get("check").map_err(|error| error.to_string())?;
                let found: Option<Object> = check
                    .call((rquickjs::function::This(host), expression))
                    .catch(&ctx)
                    .map_err(|error| error.to_string())?;
                let Some(found) = found else { return Ok(None) };
                let position: f64 = found.get("position").unwrap_or(0.0);
                let code: String = found.get("code").unwrap_or_default();
                let message: String = found.get("message").unwrap_or_default();
                Ok(Some((position as usize, code, message)))
            });
        match res {
            Ok(None) => Ok(()),
            Ok(Some((position, code, message))) => Err(SyntaxError {
                position,
                code,
                message,
            }),
            // The parser itself failed (out of memory…): evaluation will report it.
            Err(_) => Ok(()),
        }
    }
}

impl Evaluator for Engine {
    fn evaluate(&mut self, request: &EvaluationRequest) -> Vec<Answer> {
        let count = request.expressions.len();
        let answers = self
            .evaluate_json(&request.to_host_json())
            .and_then(|text| asl::jsonata::answers_from_host_json(&text));
        match answers {
            Ok(answers) if answers.len() == count => answers,
            Ok(answers) => vec![
                Err(format!(
                    "the JSONata host gave {} answers for {count} expressions",
                    answers.len()
                ));
                count
            ],
            Err(message) => vec![Err(message); count],
        }
    }
}

/// Evaluates one expression with `$states.input` bound to `input` (for tests and tools).
pub fn evaluate_one(engine: &mut Engine, expression: &str, input: Value) -> Answer {
    let request = EvaluationRequest {
        id: asl::EvaluationId(0),
        state_name: "test".into(),
        expressions: vec![expression.into()],
        bindings: Value::object_from([("states", Value::object_from([("input", input)]))]),
        seed: 1,
        now: 0,
    };
    engine
        .evaluate(&request)
        .pop()
        .unwrap_or_else(|| Err("no answer".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Value {
        Value::from_json(text).expect("test JSON")
    }

    #[test]
    fn evaluates_with_states_bound() {
        let mut engine = Engine::new().expect("engine");
        let answer = evaluate_one(&mut engine, "$sum($states.input.nums) * 2", json(r#"{"nums":[1,2,3]}"#));
        assert_eq!(answer, Ok(Some(json("12"))));
        let answer = evaluate_one(&mut engine, "$states.input.missing", json("{}"));
        assert_eq!(answer, Ok(None));
    }

    #[test]
    fn reports_evaluation_errors_with_their_code() {
        let mut engine = Engine::new().expect("engine");
        let answer = evaluate_one(&mut engine, "1 + 'a'", json("{}"));
        let message = answer.expect_err("an error");
        assert!(message.contains("T2002"), "{message}");
    }

    #[test]
    fn aws_functions_call_into_rust() {
        let mut engine = Engine::new().expect("engine");
        let answer = evaluate_one(&mut engine, "$partition([1,2,3], 2)", json("{}"));
        assert_eq!(answer, Ok(Some(json("[[1,2],[3]]"))));
        let answer = evaluate_one(&mut engine, "$parse('{\"a\": 1}').a", json("{}"));
        assert_eq!(answer, Ok(Some(json("1"))));
        let answer = evaluate_one(&mut engine, "$eval('1')", json("{}"));
        let message = answer.expect_err("no $eval");
        assert!(message.contains("$parse"), "{message}");
        let answer = evaluate_one(&mut engine, "$now()", json("{}"));
        assert_eq!(answer, Ok(Some(json("\"1970-01-01T00:00:00.000Z\""))));
    }

    #[test]
    fn endless_recursion_is_stopped() {
        let mut engine = Engine::new().expect("engine");
        let answer = evaluate_one(
            &mut engine,
            "($f := function($n) { 1 + $f($n + 1) }; $f(0))",
            json("{}"),
        );
        let message = answer.expect_err("stopped");
        assert!(message.contains("recursed too deeply"), "{message}");
    }

    #[test]
    fn syntax_errors_carry_their_position() {
        let engine = Engine::new().expect("engine");
        let error = engine.check("$states.input.a +").expect_err("a syntax error");
        assert_eq!(error.code, "S0207");
        assert_eq!(error.position, 17);
        assert!(engine.check("$states.input.a + 1").is_ok());
    }
}
