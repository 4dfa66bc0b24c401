//! Drawings of every conformance definition: well-formed SVG, no overlapping boxes (computed
//! from the layout), byte-identical on every run, and a snapshot to review when it changes
//! (`UPDATE_EXPECT=1 cargo test -p asl-graph` rewrites them).

use std::path::{Path, PathBuf};

use asl_graph::{
    Drawing, LayoutCache, NodeShape, RunColoring, SvgOptions, layout, layout_cached, to_dot, to_mermaid, to_svg,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            files.push(path);
        }
    }
}

/// Every problem with the boxes of a drawing: nodes may only overlap by containment (a node
/// inside its Parallel or Map), and a label may not cover a node.
fn overlaps(drawing: &Drawing) -> Vec<String> {
    let mut res = Vec::new();
    for (index, a) in drawing.nodes.iter().enumerate() {
        for b in &drawing.nodes[index + 1..] {
            let nested = (a.shape == NodeShape::Container && a.rect.contains(&b.rect))
                || (b.shape == NodeShape::Container && b.rect.contains(&a.rect));
            if a.rect.intersects(&b.rect) && !nested {
                res.push(format!("{} overlaps {}", a.id, b.id));
            }
        }
    }
    for edge in &drawing.edges {
        let Some(label) = &edge.label_rect else { continue };
        for node in &drawing.nodes {
            let inside_container = node.shape == NodeShape::Container && node.rect.contains(label);
            if node.rect.intersects(label) && !inside_container {
                res.push(format!(
                    "label {:?} of {} -> {} covers {}",
                    edge.label, edge.from, edge.to, node.id
                ));
            }
        }
    }
    // Everything is on the canvas.
    for edge in &drawing.edges {
        if let Some((x, y)) = edge
            .points
            .iter()
            .find(|(x, y)| *x < 0.0 || *y < 0.0 || *x > drawing.width || *y > drawing.height)
        {
            res.push(format!(
                "edge {} -> {} leaves the canvas at ({x}, {y})",
                edge.from, edge.to
            ));
        }
    }
    // No edge runs through a state it does not start or end at (containers: only from outside).
    for edge in &drawing.edges {
        let ends: Vec<&asl_graph::Rect> = drawing
            .nodes
            .iter()
            .filter(|node| node.id == edge.from || node.id == edge.to)
            .map(|node| &node.rect)
            .collect();
        for node in &drawing.nodes {
            if node.id == edge.from || node.id == edge.to {
                continue;
            }
            if node.shape == NodeShape::Container && ends.iter().any(|end| node.rect.contains(end)) {
                continue;
            }
            if edge.points.windows(2).any(|pair| crosses(pair[0], pair[1], &node.rect)) {
                res.push(format!("edge {} -> {} runs through {}", edge.from, edge.to, node.id));
            }
        }
    }
    res
}

/// Whether the segment from `a` to `b` passes through the inside of `rect` (its border, 1 px
/// deep, excluded). Liang–Barsky clipping.
fn crosses(a: (f64, f64), b: (f64, f64), rect: &asl_graph::Rect) -> bool {
    let (left, top) = (rect.x + 1.0, rect.y + 1.0);
    let (right, bottom) = (rect.x + rect.width - 1.0, rect.y + rect.height - 1.0);
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - left),
        (dx, right - a.0),
        (-dy, a.1 - top),
        (dy, bottom - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

fn check_svg(svg: &str) -> Result<(), String> {
    let document = roxmltree::Document::parse(svg).map_err(|error| format!("SVG is not well-formed XML: {error}"))?;
    if document.root_element().tag_name().name() != "svg" {
        return Err("the root element is not <svg>".to_owned());
    }
    Ok(())
}

#[test]
fn every_conformance_definition_draws_without_overlaps() {
    let mut files = Vec::new();
    collect(&root().join("../shared/conformance/cases"), &mut files);
    collect(&root().join("crates/asl/tests/cases"), &mut files);
    collect(&root().join("examples"), &mut files);
    files.sort();
    assert!(files.len() > 100, "only {} files", files.len());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut failures = Vec::new();
    let mut drawn = 0;
    for file in &files {
        let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let definition = match value.get("definition") {
            Some(definition) => definition.clone(),
            None if value.get("StartAt").is_some() => value,
            None => continue,
        };
        let checked = asl::check(&serde_json::to_string_pretty(&definition).unwrap());
        if checked.has_errors() {
            continue;
        }
        drawn += 1;
        let area = file
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let name = format!("{area}__{}", file.file_stem().unwrap().to_string_lossy());
        let drawing = layout(&checked.definition);
        for problem in overlaps(&drawing) {
            failures.push(format!("{name}: {problem}"));
        }
        let svg = to_svg(&drawing, &SvgOptions::default());
        if let Err(problem) = check_svg(&svg) {
            failures.push(format!("{name}: {problem}"));
        }
        assert_eq!(
            svg,
            to_svg(&layout(&checked.definition), &SvgOptions::default()),
            "{name}: not deterministic"
        );
        // AWS's recorded definitions (hundreds of small ones) are checked, not snapshotted.
        if file.components().any(|part| part.as_os_str() == "aws-recorded") {
            continue;
        }
        let snapshot = snapshots.join(format!("{name}.svg"));
        match std::fs::read_to_string(&snapshot) {
            Ok(expected) if expected == svg => {}
            Ok(_) if !update => failures.push(format!("{name}: differs from {}", snapshot.display())),
            _ => std::fs::write(&snapshot, &svg).unwrap(),
        }
    }
    assert!(drawn > 100, "only {drawn} definitions drawn");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn chain(count: usize) -> String {
    let mut states = Vec::new();
    for index in 0..count {
        let body = match index {
            _ if index + 1 == count => r#"{"Type": "Succeed"}"#.to_owned(),
            _ if index % 10 == 5 => format!(
                r#"{{"Type": "Choice", "Choices": [{{"Variable": "$.n", "NumericGreaterThan": {index}, "Next": "S{}"}}], "Default": "S{}"}}"#,
                (index + 3).min(count - 1),
                index + 1
            ),
            _ if index % 10 == 7 => format!(
                r#"{{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "S{}"}}], "Next": "S{}"}}"#,
                count - 1,
                index + 1
            ),
            _ => format!(r#"{{"Type": "Pass", "Next": "S{}"}}"#, index + 1),
        };
        states.push(format!(r#""S{index}": {body}"#));
    }
    format!(r#"{{"StartAt": "S0", "States": {{{}}}}}"#, states.join(","))
}

#[test]
fn a_200_state_definition_draws_without_overlaps() {
    let checked = asl::check(&chain(200));
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let drawing = layout(&checked.definition);
    assert_eq!(
        drawing
            .nodes
            .iter()
            .filter(|node| node.shape == NodeShape::State)
            .count(),
        200
    );
    assert_eq!(overlaps(&drawing), Vec::<String>::new());
    check_svg(&to_svg(&drawing, &SvgOptions::default())).unwrap();
}

#[test]
fn unchanged_branches_come_from_the_cache() {
    let text =
        std::fs::read_to_string(root().join("crates/asl/test_data/validate/ok/0002-every-state-type.json")).unwrap();
    let mut cache = LayoutCache::new();
    let first = layout_cached(&asl::check(&text).definition, &mut cache);
    let (_, misses) = cache.stats();
    // Renaming a top-level state changes the top level only: both branches and the Map come from the cache.
    let edited = text.replace("\"Done\"", "\"Finished\"");
    let second = layout_cached(&asl::check(&edited).definition, &mut cache);
    let (hits, misses_after) = cache.stats();
    assert_eq!(misses_after, misses + 1, "only the top level is laid out again");
    assert!(hits >= 2, "{hits} hits");
    assert_ne!(first, second);
    assert_eq!(
        second,
        layout(&asl::check(&edited).definition),
        "cached and fresh layouts agree"
    );
}

/// Parallel branches interleave their events: each branch's transitions are its own, not the
/// neighbouring branch's (runs are told apart by run identity, not by nesting depth).
#[test]
fn interleaved_branches_colour_their_own_transitions() {
    let text = r#"{"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A1", "States": {"A1": {"Type": "Pass", "Next": "A2"}, "A2": {"Type": "Pass", "End": true}}},
        {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Next": "B2"}, "B2": {"Type": "Pass", "End": true}}}
    ]}}}"#;
    let machine = asl::load(text).unwrap();
    let mut execution = asl::Execution::start(&machine, asl::Value::empty_object(), asl::ExecutionOptions::default());
    assert!(execution.run_to_end(100, |_| Ok(asl::Value::Null)).unwrap());
    let coloring = RunColoring::from_history(execution.history());
    let taken: Vec<(&str, &str)> = coloring
        .taken
        .iter()
        .map(|(from, to)| (from.as_str(), to.as_str()))
        .collect();
    assert_eq!(taken, [("", "A1"), ("", "B1"), ("", "Fan"), ("A1", "A2"), ("B1", "B2")]);
}

#[test]
fn a_run_colours_the_path_taken() {
    let text = std::fs::read_to_string(root().join("examples/order-workflow.json")).unwrap();
    let machine = asl::load(&text).unwrap();
    let mut execution = asl::Execution::start(&machine, asl::Value::empty_object(), asl::ExecutionOptions::default());
    execution
        .run_to_end(100, |request| match &*request.state_name {
            "ProcessPayment" => Err(asl::WorkflowError::new("PaymentFailedError", "declined")),
            _ => Ok(asl::Value::empty_object()),
        })
        .unwrap();
    let coloring = RunColoring::from_history(execution.history());
    let svg = to_svg(
        &layout(machine.definition()),
        &SvgOptions {
            coloring: Some(coloring),
            ..SvgOptions::default()
        },
    );
    check_svg(&svg).unwrap();
    assert!(
        svg.contains(r#"class="node task status-caught" data-id="/States/ProcessPayment""#),
        "{svg}"
    );
    assert!(svg.contains(r#"class="node task status-succeeded last" data-id="/States/NotifyPaymentFailure""#));
    assert!(svg.contains(r#"class="node task not-reached" data-id="/States/UpdateInventory""#));
    assert_eq!(
        svg.matches("edge catch taken").count(),
        1,
        "the Catch transition is emphasised"
    );
    assert!(svg.contains("class=\"legend\""));
}

#[test]
fn dot_and_mermaid_text() {
    let text = std::fs::read_to_string(root().join("examples/order-workflow.json")).unwrap();
    let definition = asl::check(&text).definition;
    let dot = to_dot(&definition);
    assert!(dot.starts_with("digraph StateMachine {"));
    assert!(
        dot.contains(r#""/ProcessPayment" [label="ProcessPayment\nTask"];"#),
        "{dot}"
    );
    assert!(
        dot.contains(r#""/ProcessPayment" -> "/NotifyPaymentFailure" [label="PaymentFailedError", style=dashed"#),
        "{dot}"
    );
    let mermaid = to_mermaid(&definition);
    assert!(mermaid.starts_with("flowchart TD\n"));
    assert!(mermaid.contains(r#"-.->|"PaymentFailedError"|"#), "{mermaid}");
}
