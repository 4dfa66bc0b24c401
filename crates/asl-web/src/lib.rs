//! The ASL playground: a Leptos client-side app over the `asl` core.
//!
//! It edits a definition, an input and mocks in CodeMirror (through `editor`), validates as the
//! user types, and runs executions in the page (`run`). It never re-implements the core: every
//! diagnostic, result and history event comes from `asl`.

// Talc instead of the default dlmalloc: the graph layout allocates a lot, and talc is both
// faster and smaller in wasm (see the commit that added it for the figures). Native builds
// (the unit tests, `cargo test -p asl-web`) keep the system allocator.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

mod debugger;
mod debugger_view;
mod editor;
mod embed;
mod engine;
mod examples;
mod gallery;
mod graph;
mod history_import;
mod hooks;
mod inspector;
mod jsonata;
mod mocks_code;
mod problems;
mod results;
mod run;
mod share;

use std::time::Duration;

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use debugger_view::Debugger;
use editor::{Editors, Utf16Offsets, Vocabulary};
use run::RunView;

pub(crate) use hooks::{performance_mark, performance_measure};
pub use hooks::{run_conformance_case, simulate_panic_for_tests};
use problems::{Pane, Problem, editor_diagnostics};
use results::{PathView, ResultView};

/// Milliseconds of quiet typing before the definition is validated again.
const VALIDATE_DELAY_MS: u64 = 50;
const DEFAULT_STEP_BUDGET: u64 = 100_000;

/// Mounts the app into the page body and installs the panic banner.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        hooks::show_panic_banner(&info.to_string());
    }));
    mount_to_body(App);
}

fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|window| window.confirm_with_message(message).ok())
        .unwrap_or(false)
}

#[component]
pub fn App() -> impl IntoView {
    let definition_ref = NodeRef::<html::Div>::new();
    let input_ref = NodeRef::<html::Div>::new();
    let mocks_ref = NodeRef::<html::Div>::new();
    let editors = StoredValue::new_local(None::<Editors>);
    let problems = RwSignal::new(Vec::<Problem>::new());
    let state_count = RwSignal::new(0usize);
    let run_view = RwSignal::new(RunView::Idle);
    let budget = RwSignal::new(DEFAULT_STEP_BUDGET);
    let generation = StoredValue::new(0u64);
    let selected_example = RwSignal::new(examples::EXAMPLES[0].id.to_owned());
    let graph_state = StoredValue::new_local(graph::GraphState::new());
    let graph_svg = RwSignal::new(String::new());
    let graph_stale = RwSignal::new(false);
    let layout_ms = RwSignal::new(graph::DrawTimes::default());
    let graph_view = RwSignal::new(graph::View {
        scale: 1.0,
        x: 0.0,
        y: 0.0,
    });
    let graph_moved = StoredValue::new(false);
    let graph_ref = NodeRef::<html::Div>::new();
    let selected_node = StoredValue::new(None::<String>);
    let debugger = Debugger::new();
    // Run settings, for Run and the debugger: virtual start time (empty: now), seed, AWS limits.
    let start_time_text = RwSignal::new(String::new());
    let seed = RwSignal::new(0u64);
    let aws_limits = RwSignal::new(true);
    let settings = move || run::Settings {
        start_time: asl::time::parse_timestamp(start_time_text.get_untracked().trim()),
        seed: seed.get_untracked(),
        limits: aws_limits.get_untracked(),
    };
    // The debugger's session is out of date when the editors hold other text than it started with.
    let debug_stale = RwSignal::new(false);
    // Embedded in a docs page (`?embed`): compact, and never touching the visitor's saved work.
    let embedded = embed::is_embed();
    let read_only = embedded && embed::is_read_only();
    let workspace_names = RwSignal::new(0u64);

    let fit_graph = move || {
        let Some(viewport) = graph_ref.get_untracked() else {
            return;
        };
        let (width, height) = graph_state.with_value(|state| (state.width, state.height));
        let size = (viewport.client_width() as f64, viewport.client_height() as f64);
        graph_view.set(graph::View::fit(width, height, size));
        graph_moved.set_value(false);
    };

    // The kind of the mocks text (JSON, or code: mocks_code), and the definition's Task states.
    let mocks_kind = RwSignal::new(mocks_code::Kind::Json);
    let task_names = StoredValue::new(Vec::<String>::new());

    let jsonata_loaded = RwSignal::new(false);
    let validate = move || {
        editors.with_value(|editors| {
            let Some(editors) = editors else { return };
            // A keystroke's work, for the typing benchmarks (web/e2e/large-definition.test.mjs):
            // from here to the first task after it, so the reactive updates of the problems and
            // the graph's SVG count too.
            performance_mark("asl-validate-start");
            set_timeout(
                || performance_measure("asl-validate", "asl-validate-start"),
                Duration::ZERO,
            );
            let definition = editors.definition.get_text();
            // JSONata syntax is checked by jsonata itself, loaded the first time it is needed.
            if asl::needs_jsonata(&definition) && !jsonata::is_loaded() {
                spawn_local(async move {
                    if jsonata::load().await.is_ok() {
                        jsonata_loaded.set(true);
                    }
                });
            }
            let checked = asl::check_with(&definition, Some(&jsonata::BrowserSyntax));
            let input_text = editors.input.get_text();
            let mocks_text = editors.mocks.get_text();
            let kind = mocks_code::Kind::detect(&mocks_text);
            if kind != mocks_kind.get_untracked() {
                mocks_kind.set(kind);
                editors.mocks.set_mode(kind.mode());
            }
            // What the last run of this very text revealed (an error named only in a message).
            let run_warnings = run_view.with_untracked(|view| match view {
                RunView::Done(finished) if finished.definition == definition => finished.warnings.clone(),
                _ => Vec::new(),
            });
            let found = problems::all(&definition, &checked, &input_text, &mocks_text, kind, &run_warnings);
            let decorations = debugger
                .session
                .with_value(|session| {
                    let session = session.as_ref()?;
                    debug_stale.set(
                        session.setup.definition != definition
                            || session.setup.input != input_text
                            || session.setup.mocks != mocks_text,
                    );
                    let engine = engine::get()?;
                    (session.definition == definition)
                        .then(|| engine.decorations(session, debugger.focus_run.get_untracked()))
                })
                .unwrap_or_else(|| graph::Decorations {
                    coloring: run_view.with_untracked(|view| match view {
                        RunView::Done(finished) if finished.definition == definition => Some(finished.coloring.clone()),
                        _ => None,
                    }),
                    ..graph::Decorations::default()
                });
            let mut drawn = None;
            graph_state.update_value(|state| drawn = graph::draw(state, &checked.definition, decorations));
            match drawn {
                Some((svg, millis)) => {
                    graph_svg.set(svg);
                    layout_ms.set(millis);
                    graph_stale.set(false);
                    let selected = selected_node.get_value();
                    request_animation_frame(move || {
                        if !graph_moved.get_value() {
                            fit_graph();
                        }
                        if let Some(viewport) = graph_ref.get_untracked() {
                            graph::highlight(&viewport, selected.as_deref());
                        }
                    });
                }
                None => graph_stale.set(true),
            }
            let names: Vec<String> = checked
                .definition
                .states()
                .map(|(_, state)| state.name.to_string())
                .collect();
            state_count.set(names.len());
            // Mid-edit the text may not parse (a string not closed yet): keep completing the
            // state names known last rather than none.
            if !names.is_empty() || !checked.diagnostics.iter().any(|diagnostic| diagnostic.is_error()) {
                editors.definition.set_state_names(&names);
            }
            let tasks: Vec<String> = checked
                .definition
                .states()
                .filter(|(_, state)| state.type_name() == "Task")
                .map(|(_, state)| state.name.to_string())
                .collect();
            editors.mocks.set_state_names(&tasks);
            task_names.set_value(tasks);
            let index = asl::LineIndex::new(&definition);
            let breakpoints = debugger.breakpoints.get_untracked();
            let mut state_lines = Vec::new();
            let mut set_lines = Vec::new();
            for (_, state) in checked.definition.states() {
                let line = index.line_col(&definition, state.span.start).line as u32;
                state_lines.push(line);
                if breakpoints.contains(&state.pointer) {
                    set_lines.push(line);
                }
            }
            editors.definition.set_breakpoint_lines(&state_lines, &set_lines);
            for pane in [Pane::Definition, Pane::Input, Pane::Mocks] {
                if pane != Pane::Mocks || !kind.is_code() {
                    editors.get(pane).set_diagnostics(&editor_diagnostics(&found, pane));
                }
            }
            problems.set(found);
        });
    };

    // Once jsonata.js is in the page, check the definition again with its parser.
    Effect::new(move |_| {
        if jsonata_loaded.get() {
            validate();
        }
    });

    let schedule_validation = move || {
        let current = generation.get_value() + 1;
        generation.set_value(current);
        set_timeout(
            move || {
                if generation.get_value() == current {
                    validate();
                }
            },
            Duration::from_millis(VALIDATE_DELAY_MS),
        );
    };

    // The workspace the editors and settings hold, and putting one there (gallery, share links,
    // workspaces, imports, embeds).
    let current_workspace = Callback::new(move |_: ()| {
        editors.with_value(|editors| {
            editors.as_ref().map(|editors| asl::lesson::Workspace {
                definition: editors.definition.get_text(),
                input: editors.input.get_text(),
                mocks: editors.mocks.get_text(),
                start_time: Some(start_time_text.get_untracked()).filter(|text| !text.trim().is_empty()),
                seed: seed.get_untracked(),
            })
        })
    });
    let apply_workspace = Callback::new(move |workspace: asl::lesson::Workspace| {
        editors.with_value(|editors| {
            if let Some(editors) = editors {
                editors.definition.set_text(&workspace.definition);
                editors.input.set_text(&workspace.input);
                editors.mocks.set_text(&workspace.mocks);
            }
        });
        start_time_text.set(workspace.start_time.unwrap_or_default());
        seed.set(workspace.seed);
        run_view.set(RunView::Idle);
        validate();
    });

    let open_shared_link = move || {
        let fragment = share::fragment();
        if !fragment.starts_with(share::FRAGMENT_PREFIX) {
            return;
        }
        spawn_local(async move {
            match share::decode(&fragment).await {
                Some(Ok(shared)) => {
                    if !embedded && let Some(mine) = current_workspace.run(()) {
                        share::keep_and_open_shared(mine, &shared);
                        share::clear_fragment();
                        workspace_names.update(|version| *version += 1);
                    }
                    apply_workspace.run(shared);
                }
                Some(Err(message)) => {
                    run_view.set(RunView::Problem(format!("The shared link cannot be opened: {message}")))
                }
                None => {}
            }
            if let Some(body) = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.body())
            {
                let _ = body.set_attribute("data-shared", "true");
            }
        });
    };

    Effect::new(move |_| {
        let (Some(definition_el), Some(input_el), Some(mocks_el)) =
            (definition_ref.get(), input_ref.get(), mocks_ref.get())
        else {
            return;
        };
        if editors.with_value(Option::is_some) {
            return;
        }
        let example = examples::DEFAULT;
        let definition = editor::create(
            &definition_el,
            editor::EditorSpec {
                initial: example.definition,
                storage_key: if embedded { "" } else { "asl-playground.definition" },
                label: "State machine definition (Amazon States Language JSON)",
                vocabulary: &Vocabulary::asl(),
                read_only,
            },
            move |_| schedule_validation(),
            move |offset| {
                // Highlight the node of the innermost state around the cursor.
                let id = editors.with_value(|editors| {
                    let editors = editors.as_ref()?;
                    let text = editors.definition.get_text();
                    let byte = Utf16Offsets::new(&text).to_byte(offset);
                    graph_state.with_value(|state| {
                        let definition = state.definition.as_ref()?;
                        let at = definition.state_at_offset(byte)?;
                        definition.state(at).map(|state| state.pointer.clone())
                    })
                });
                if selected_node.get_value() != id {
                    if let Some(viewport) = graph_ref.get_untracked() {
                        graph::highlight(&viewport, id.as_deref());
                    }
                    selected_node.set_value(id);
                }
            },
            Some(Box::new(move |line: u32| {
                // The gutter beside a state's name toggles a breakpoint on it.
                let pointer = editors.with_value(|editors| {
                    let editors = editors.as_ref()?;
                    let text = editors.definition.get_text();
                    let index = asl::LineIndex::new(&text);
                    graph_state.with_value(|state| {
                        let definition = state.definition.as_ref()?;
                        definition
                            .states()
                            .find(|(_, state)| index.line_col(&text, state.span.start).line as u32 == line)
                            .map(|(_, state)| state.pointer.clone())
                    })
                });
                if let Some(pointer) = pointer {
                    debugger.toggle_breakpoint(&pointer);
                }
            })),
        );
        let input = editor::create(
            &input_el,
            editor::EditorSpec {
                initial: example.input,
                storage_key: if embedded { "" } else { "asl-playground.input" },
                label: "Execution input (JSON)",
                vocabulary: &Vocabulary::none(),
                read_only,
            },
            move |_| schedule_validation(),
            |_| {},
            None,
        );
        let mocks = editor::create(
            &mocks_el,
            editor::EditorSpec {
                initial: example.mocks,
                storage_key: if embedded { "" } else { "asl-playground.mocks" },
                label: "Mocked task responses (JSON)",
                vocabulary: &Vocabulary::none(),
                read_only,
            },
            move |_| schedule_validation(),
            |_| {},
            None,
        );
        editors.set_value(Some(Editors {
            definition,
            input,
            mocks,
        }));
        validate();
        if embedded {
            embed::mark_body();
            embed::listen(move |workspace| apply_workspace.run(workspace));
        } else {
            share::set_aside_damaged();
        }
        // A share link, at load or pasted into the address bar later: keep the user's
        // workspace, open the shared one beside it.
        open_shared_link();
        if let Some(window) = web_sys::window() {
            let on_hash = wasm_bindgen::closure::Closure::<dyn Fn()>::new(open_shared_link);
            let _ = window
                .add_event_listener_with_callback("hashchange", wasm_bindgen::JsCast::unchecked_ref(on_hash.as_ref()));
            on_hash.forget();
        }
        // Marks the moment the example is on screen (measured by the browser tests).
        if let Some(window) = web_sys::window() {
            if let Some(performance) = window.performance() {
                let _ = performance.mark("asl-ready");
            }
            if let Some(body) = window.document().and_then(|document| document.body()) {
                let _ = body.set_attribute("data-ready", "true");
            }
        }
    });

    // Puts an example in the editors, asking first (when `ask`) if they hold text of the
    // user's. The examples' texts other than the first come with the engine.
    let load_example = move |id: String, ask: bool| {
        spawn_local(async move {
            let texts = match examples::load(&id).await {
                Ok(texts) => texts,
                Err(message) => return run_view.set(RunView::Problem(message)),
            };
            let Some((definition, input, mocks)) = editors.with_value(|editors| {
                editors.as_ref().map(|editors| {
                    (
                        editors.definition.get_text(),
                        editors.input.get_text(),
                        editors.mocks.get_text(),
                    )
                })
            }) else {
                return;
            };
            let holds =
                |texts: examples::Texts| texts.definition == definition && texts.input == input && texts.mocks == mocks;
            let changed = ask
                && !holds(examples::DEFAULT)
                && !holds(texts)
                && match engine::load().await {
                    Ok(engine) => !engine.is_example(&definition, &input, &mocks),
                    Err(_) => true,
                };
            if changed
                && !confirm(&format!(
                    "Replace your definition, input and mocks with the example \"{}\"? (Ctrl+Z in each editor brings your text back.)",
                    examples::title(&id)
                ))
            {
                return;
            }
            editors.with_value(|editors| {
                if let Some(editors) = editors {
                    editors.definition.set_text(texts.definition);
                    editors.input.set_text(texts.input);
                    editors.mocks.set_text(texts.mocks);
                }
            });
            run_view.set(RunView::Idle);
            validate();
            // Which example the editors hold now: the tour and the browser tests wait for it
            // (the texts arrive with the engine).
            if let Some(body) = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.body())
            {
                let _ = body.set_attribute("data-example", &id);
            }
        });
    };

    // Set by the Stop button of a run in progress; the run loop reads it between chunks.
    let stop_requested = StoredValue::new(false);
    // A history from elsewhere (AWS, `asl run --history`), shown as a finished run of the
    // definition in the editor.
    let import_history = move |event: leptos::ev::Event| {
        let Some(input) = share::file_input(&event) else { return };
        spawn_local(async move {
            let Some(read) = share::read_file(&input).await else {
                return;
            };
            input.set_value("");
            let definition = editors
                .with_value(|editors| editors.as_ref().map(|editors| editors.definition.get_text()))
                .unwrap_or_default();
            let engine = match engine::load().await {
                Ok(engine) => engine,
                Err(message) => return run_view.set(RunView::Problem(message)),
            };
            run_view.set(match read.and_then(|text| engine.import_history(&text, definition)) {
                Ok(finished) => RunView::Done(Box::new(finished)),
                Err(message) => RunView::Problem(message),
            });
            validate();
        });
    };
    let start_run = move |_| {
        if matches!(run_view.get_untracked(), RunView::Running { .. }) {
            return;
        }
        let texts = editors.with_value(|editors| {
            editors.as_ref().map(|editors| {
                (
                    editors.definition.get_text(),
                    editors.input.get_text(),
                    editors.mocks.get_text(),
                )
            })
        });
        let Some((definition, input, mocks)) = texts else {
            return;
        };
        run_view.set(RunView::Running { steps: 0 });
        stop_requested.set_value(false);
        let budget = budget.get_untracked().max(1);
        let settings = settings();
        debugger.close();
        spawn_local(async move {
            let progress = move |steps| {
                if !stop_requested.get_value() {
                    run_view.set(RunView::Running { steps });
                }
                !stop_requested.get_value()
            };
            let run = engine::RunRequest {
                definition,
                input,
                mocks,
                budget,
                settings,
            };
            let result = match engine::load().await {
                Ok(engine) => engine.execute(run, Box::new(progress)).await,
                Err(message) => RunView::Problem(message),
            };
            run_view.set(result);
            validate(); // redraws the graph, coloured by the run
        });
    };

    let select_state = move |id: String| {
        let span = graph_state.with_value(|state| {
            state.definition.as_ref().and_then(|definition| {
                let at = definition.state_by_pointer(&id)?;
                definition.state(at).map(|state| state.span)
            })
        });
        let Some(span) = span else { return };
        editors.with_value(|editors| {
            if let Some(editors) = editors {
                let text = editors.definition.get_text();
                let offsets = Utf16Offsets::new(&text);
                editors
                    .definition
                    .select(offsets.to_utf16(span.start), offsets.to_utf16(span.end));
            }
        });
        selected_node.set_value(Some(id.clone()));
        if let Some(viewport) = graph_ref.get_untracked() {
            graph::highlight(&viewport, Some(&id));
        }
    };

    // Starts (or restarts) the debugger on what the editors hold, paused at the start.
    let start_debugger = move || {
        let texts = editors.with_value(|editors| {
            editors.as_ref().map(|editors| {
                (
                    editors.definition.get_text(),
                    editors.input.get_text(),
                    editors.mocks.get_text(),
                )
            })
        });
        let Some((definition, input, mocks)) = texts else {
            return;
        };
        let settings = settings();
        spawn_local(async move {
            let setup = debugger::Setup {
                definition,
                input,
                mocks,
                start_time: settings.start_time(),
                seed: settings.seed,
                limits: settings.limits,
            };
            let session = match engine::load().await {
                Ok(engine) => engine.start(setup).await,
                Err(message) => Err(message),
            };
            debugger.start(session);
            debug_stale.set(false);
            validate();
        });
    };
    let restart = Callback::new(move |_| start_debugger());
    debugger_view::install_shortcuts(debugger, restart);

    // The graph follows the debugger: every move redraws its marks (the layout is cached).
    Effect::new(move |_| {
        debugger.version.track();
        debugger.breakpoints.track();
        let started = graph::now();
        let decorations = debugger.session.with_value(|session| {
            let engine = engine::get()?;
            session
                .as_ref()
                .map(|session| engine.decorations(session, debugger.focus_run.get_untracked()))
        });
        let Some(decorations) = decorations else { return };
        let decorated = graph::now();
        let mut drawn = None;
        graph_state.update_value(|state| drawn = graph::redraw(state, decorations));
        debugger_view::note_timing("data-decorations-ms", decorated - started);
        debugger_view::note_timing("data-redraw-ms", graph::now() - decorated);
        if let Some((svg, millis)) = drawn {
            graph_svg.set(svg);
            layout_ms.set(millis);
            let selected = selected_node.get_value();
            request_animation_frame(move || {
                if let Some(viewport) = graph_ref.get_untracked() {
                    graph::highlight(&viewport, selected.as_deref());
                }
            });
        }
    });

    let select_problem = move |problem: Problem| {
        editors.with_value(|editors| {
            if let Some(editors) = editors {
                editors
                    .get(problem.pane)
                    .select(problem.from, problem.to.max(problem.from));
            }
        });
    };

    view! {
        <header class="topbar">
            <h1>"ASL Playground"</h1>
            <span class="tagline">"AWS Step Functions, without an AWS account"</span>
            <label class="examples">
                "Example "
                <select
                    data-testid="examples"
                    prop:value=move || selected_example.get()
                    on:change=move |event| {
                        let id = event_target_value(&event);
                        selected_example.set(id.clone());
                        load_example(id, true);
                    }
                >
                    {examples::EXAMPLES
                        .iter()
                        .map(|example| view! { <option value=example.id>{example.title}</option> })
                        .collect_view()}
                </select>
            </label>
            <button
                class="secondary"
                data-testid="reset"
                title="Put the selected example back in all three editors"
                on:click=move |_| {
                    let id = selected_example.get_untracked();
                    let title = examples::title(&id);
                    if confirm(&format!("Reset the definition, input and mocks to \"{title}\"? (Ctrl+Z in each editor brings your text back.)")) {
                        load_example(id, false);
                    }
                }
            >
                "Reset"
            </button>
            <label class="budget" title="An execution that takes more steps is stopped: a loop may never end">
                "Step budget "
                <input
                    type="number"
                    min="1"
                    data-testid="step-budget"
                    prop:value=move || budget.get().to_string()
                    on:change=move |event| {
                        if let Ok(value) = event_target_value(&event).parse::<u64>() {
                            budget.set(value.max(1));
                        }
                    }
                />
            </label>
            <details class="settings">
                <summary title="Virtual start time, seed and AWS's limits, for Run and Debug">"Settings"</summary>
                <label title="RFC 3339, e.g. 2024-01-01T00:00:00Z; empty: now">
                    "Start time "
                    <input type="text" data-testid="start-time" placeholder="now" aria-label="Virtual start time (RFC 3339)"
                        prop:value=move || start_time_text.get() on:change=move |event| start_time_text.set(event_target_value(&event)) />
                </label>
                <label title="Seeds retry jitter, States.MathRandom, States.UUID and JSONata's $random and $uuid">
                    "Seed "
                    <input type="number" min="0" data-testid="seed" aria-label="Seed"
                        prop:value=move || seed.get().to_string()
                        on:change=move |event| {
                            if let Ok(value) = event_target_value(&event).parse::<u64>() {
                                seed.set(value);
                            }
                        } />
                </label>
                <label class="check" title="256 KiB payloads and variables, 25,000 history events: off for local experiments">
                    <input type="checkbox" data-testid="aws-limits" prop:checked=move || aws_limits.get()
                        on:change=move |event| aws_limits.set(event_target_checked(&event)) />
                    "AWS limits"
                </label>
            </details>
            <gallery::Gallery open_lesson=apply_workspace current=current_workspace apply=apply_workspace />
            <Show when=move || !embedded>
                <share::ShareMenu current=current_workspace apply=apply_workspace names_version=workspace_names />
            </Show>
            <Show when=move || embedded>
                <button class="secondary" data-testid="open-full" title="Open this in the full playground, in a new tab"
                    on:click=move |_| {
                        let Some(workspace) = current_workspace.run(()) else { return };
                        spawn_local(async move {
                            if let Ok(fragment) = share::encode(&workspace).await
                                && let Some(window) = web_sys::window()
                            {
                                let _ = window.open_with_url_and_target(&format!("{}#{fragment}", share::page_url()), "_blank");
                            }
                        });
                    }>
                    "Open in the full playground ↗"
                </button>
            </Show>
            <button class="secondary" data-testid="debug" title="Step through the execution (F10)" aria-label="Debug: step through the execution (F10)"
                on:click=move |_| start_debugger()>
                "⤼ Debug"
            </button>
            <button class="primary" data-testid="run" on:click=start_run disabled=move || matches!(run_view.get(), RunView::Running { .. })>
                "▶ Run"
            </button>
            // Shown while a run is in progress (the same button all along: progress redraws do
            // not replace it under the pointer).
            <Show when=move || matches!(run_view.get(), RunView::Running { .. })>
                <button class="secondary" data-testid="stop" title="End the run here and show the execution so far"
                    on:click=move |_| stop_requested.set_value(true)>
                    "■ Stop"
                </button>
            </Show>
        </header>
        <main class="layout">
            <section class="editors" aria-label="Editors">
                <div class="pane definition-pane">
                    <h2>"Definition " <small>{move || format!("{} states", state_count.get())}</small></h2>
                    <div class="editor" data-testid="definition-editor" node_ref=definition_ref></div>
                </div>
                <div class="pane-row">
                    <div class="pane">
                        <h2>"Input"</h2>
                        <div class="editor small" data-testid="input-editor" node_ref=input_ref></div>
                    </div>
                    <div class="pane">
                        <mocks_code::MocksHeader
                            kind=mocks_kind
                            on_kind=Callback::new(move |kind: mocks_code::Kind| {
                                if confirm(&format!("Replace the mocks with a new {} mocks file for the definition's Task states? (Ctrl+Z brings your text back.)", kind.label())) {
                                    let text = mocks_code::template(kind, &task_names.get_value());
                                    editors.with_value(|editors| if let Some(editors) = editors { editors.mocks.set_text(&text) });
                                    validate();
                                }
                            })
                            on_import=Callback::new(move |text: String| {
                                editors.with_value(|editors| if let Some(editors) = editors { editors.mocks.set_text(&text) });
                                validate();
                            })
                            on_export=Callback::new(move |_| {
                                let text = editors.with_value(|editors| editors.as_ref().map(|editors| editors.mocks.get_text()));
                                if let Some(text) = text {
                                    let _ = run::download(mocks_code::Kind::detect(&text).file_name(), &text);
                                }
                            })
                        />
                        <div class="editor small" data-testid="mocks-editor" node_ref=mocks_ref></div>
                    </div>
                </div>
                <div class="pane problems" data-testid="problems">
                    <h2>
                        "Problems "
                        <small data-testid="problem-count">{move || problems.with(|found| found.len()).to_string()}</small>
                    </h2>
                    <Show
                        when=move || problems.with(|found| !found.is_empty())
                        fallback=|| view! { <p class="quiet" data-testid="no-problems">"No problems: the definition is valid."</p> }
                    >
                        <ul>
                            {move || {
                                problems
                                    .get()
                                    .into_iter()
                                    .map(|problem| {
                                        let clicked = problem.clone();
                                        view! {
                                            <li class=format!("problem {}", problem.severity) data-testid="problem">
                                                <button class="link" on:click=move |_| select_problem(clicked.clone())>
                                                    <span class="where">{format!("{} {}:{}", problem.pane.label(), problem.line, problem.column)}</span>
                                                    <span class="message">{problem.message.clone()}</span>
                                                    <span class="code">{format!("[{}]", problem.code)}</span>
                                                </button>
                                                <span class="pointer">{problem.pointer.clone()}</span>
                                                {asl::machine::lint_doc(problem.code).map(|doc| view! {
                                                    <details class="lint-doc" data-testid="lint-doc">
                                                        <summary>{doc.title}</summary>
                                                        <p>{doc.explanation} " "
                                                            <a href=doc.url target="_blank" rel="noopener">"AWS documentation"</a>
                                                        </p>
                                                    </details>
                                                })}
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </ul>
                    </Show>
                </div>
            </section>
            <section class="results" aria-label="Execution">
                <div class="pane graph" data-testid="graph-pane">
                    <h2>"Graph"</h2>
                    <graph::GraphPane
                        svg=graph_svg
                        stale=graph_stale
                        layout_ms=layout_ms
                        view=graph_view
                        viewport_ref=graph_ref
                        on_fit=Callback::new(move |_| fit_graph())
                        on_select=Callback::new(move |id: String| {
                            if debugger.is_open() {
                                debugger.select_state(&id);
                            }
                            select_state(id)
                        })
                        on_breakpoint=Callback::new(move |id: String| {
                            debugger.toggle_breakpoint(&id);
                            validate();
                        })
                        on_move=Callback::new(move |_| graph_moved.set_value(true))
                    />
                    <Show when=move || { debugger.version.track(); !debugger.is_open() }>
                        <PathView run_view=run_view />
                    </Show>
                </div>
                <div class="pane result" data-testid="result">
                    <h2>
                        "Execution "
                        <label class="secondary small file-button" title="Show an execution history: GetExecutionHistory JSON (asl run --history FILE) or asl run --format json">
                            "Import history"
                            <input type="file" data-testid="import-history" accept=".json,application/json" on:change=import_history />
                        </label>
                    </h2>
                    <Show when=move || debug_stale.get() && { debugger.version.track(); debugger.is_open() }>
                        <p class="stale-note" data-testid="debug-stale" role="status">
                            "You changed the definition, input or mocks since the debugger started. "
                            <button class="secondary small" data-testid="debug-restart-edits" on:click=move |_| start_debugger()>"Restart with your edits"</button>
                        </p>
                    </Show>
                    <Show
                        when=move || { debugger.version.track(); debugger.is_open() || debugger.problem.get().is_some() }
                        fallback=move || view! { <ResultView run_view=run_view /> }
                    >
                        // A session exists only once the engine is loaded; without it, only why.
                        {move || match engine::get() {
                            Some(engine) => engine.debugger_pane(debugger, restart),
                            None => view! { <p class="problem-message" data-testid="debug-problem" role="alert">{move || debugger.problem.get()}</p> }.into_any(),
                        }}
                    </Show>
                </div>
                <debugger_view::HelpOverlay debugger=debugger />
            </section>
        </main>
    }
}
