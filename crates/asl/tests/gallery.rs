//! The playground's gallery (`examples/gallery.json`): every example runs to the outcome its
//! explanation promises, and every "try this" suggestion gives the outcome its text promises,
//! which differs from the example's own. Runs as the CLI does: JSON mocks, the native JSONata
//! engine, the virtual clock jumped to each wake-up.

// Tests are hosts: they read the gallery file, which the core itself may not.
#![allow(clippy::disallowed_methods)]

use asl::lesson::{Observed, Workspace, parse_gallery};
use asl::mock::{MockedRun, Mocks, run_to_end};
use asl::{Execution, ExecutionOptions, Value};

fn gallery_text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/gallery.json");
    std::fs::read_to_string(path).expect("examples/gallery.json is readable")
}

fn run(workspace: &Workspace) -> Result<Observed, String> {
    thread_local! {
        static ENGINE: std::cell::RefCell<asl_jsonata::Engine> =
            std::cell::RefCell::new(asl_jsonata::Engine::new().expect("the JSONata engine starts"));
    }
    ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        let machine = asl::load_with(&workspace.definition, Some(&*engine))
            .map_err(|diagnostics| format!("the definition is invalid: {diagnostics:?}"))?;
        let input = Value::from_json(&workspace.input).map_err(|error| error.to_string())?;
        let mocks = Mocks::from_value(&Value::from_json(&workspace.mocks).map_err(|error| error.to_string())?)?;
        let start_time = match &workspace.start_time {
            Some(text) => asl::time::parse_timestamp(text).ok_or_else(|| format!("bad start time {text}"))?,
            None => 0,
        };
        let options = ExecutionOptions {
            start_time,
            seed: workspace.seed,
            ..ExecutionOptions::default()
        };
        let mut execution = Execution::start(&machine, input, options);
        match run_to_end(&mut execution, &mocks, 100_000, &mut *engine).map_err(|error| error.to_string())? {
            MockedRun::Finished => {}
            other => return Err(format!("the run did not finish: {other:?}")),
        }
        let outcome = execution.outcome().ok_or("no outcome")?;
        Ok(Observed {
            status: outcome.status.as_str().to_owned(),
            error: outcome.error.as_ref().map(|error| error.error.to_string()),
            output: outcome
                .output
                .as_ref()
                .map(|output| serde_json::from_str(&output.to_json()).expect("output is JSON")),
            states: execution.top_level_states().map(|name| name.to_string()).collect(),
        })
    })
}

#[test]
fn every_gallery_example_and_suggestion_keeps_its_promise() {
    let lessons = parse_gallery(&gallery_text()).expect("the gallery parses");
    assert!(lessons.len() >= 12, "the gallery has {} examples", lessons.len());
    let mut failures = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    for lesson in &lessons {
        assert!(ids.insert(lesson.id.clone()), "duplicate id {}", lesson.id);
        assert!(
            (2..=3).contains(&lesson.suggestions.len()),
            "{}: {} suggestions",
            lesson.id,
            lesson.suggestions.len()
        );
        assert!(lesson.docs.starts_with("https://docs.aws.amazon.com/"), "{}", lesson.id);
        let workspace = lesson.workspace();
        let base = match run(&workspace) {
            Ok(observed) => observed,
            Err(message) => {
                failures.push(format!("{}: {message}", lesson.id));
                continue;
            }
        };
        if let Err(difference) = lesson.expect.check(&base) {
            failures.push(format!("{}: {difference}", lesson.id));
        }
        for (index, suggestion) in lesson.suggestions.iter().enumerate() {
            let name = format!("{} try {}", lesson.id, index + 1);
            let observed = workspace.edited(&suggestion.edits).and_then(|edited| run(&edited));
            match observed {
                Ok(observed) => {
                    if let Err(difference) = suggestion.expect.check(&observed) {
                        failures.push(format!("{name}: {difference}"));
                    }
                    if observed == base {
                        failures.push(format!("{name}: the outcome does not change"));
                    }
                }
                Err(message) => failures.push(format!("{name}: {message}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_gallery_examples_are_valid_and_lint_free_where_they_say_so() {
    // The examples teach; a warning in one is either what it teaches or a mistake in it.
    for lesson in parse_gallery(&gallery_text()).unwrap() {
        let workspace = lesson.workspace();
        let checked = asl::check(&workspace.definition);
        assert!(!checked.has_errors(), "{}: {:?}", lesson.id, checked.diagnostics);
    }
}
