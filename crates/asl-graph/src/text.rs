//! Graphviz DOT and Mermaid flowchart text, for pasting a state machine into docs.

use std::fmt::Write as _;

use asl::machine::{Definition, MachineId, StateKind};

use crate::labels::{condition_label, shorten};

fn dot_quote(text: &str) -> String {
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
    )
}

/// Graphviz DOT: states as boxes, Parallel branches and Map processors as clusters.
pub fn to_dot(definition: &Definition) -> String {
    let mut out = String::from(
        "digraph StateMachine {\n  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    if !definition.machines.is_empty() {
        let mut cluster = 0;
        dot_machine(definition, MachineId::ROOT, 1, &mut cluster, &mut out);
    }
    out.push_str("}\n");
    out
}

fn dot_id(definition: &Definition, machine: MachineId, name: &str) -> String {
    dot_quote(&format!("{}/{}", definition.machines[machine.0 as usize].pointer, name))
}

fn dot_machine(definition: &Definition, machine_id: MachineId, depth: usize, cluster: &mut usize, out: &mut String) {
    let machine = &definition.machines[machine_id.0 as usize];
    let indent = "  ".repeat(depth);
    let start = dot_id(definition, machine_id, "#start");
    let end = dot_id(definition, machine_id, "#end");
    let _ = writeln!(
        out,
        "{indent}{start} [shape=circle, label=\"\", width=0.2, style=filled, fillcolor=gray40];"
    );
    let _ = writeln!(out, "{indent}{end} [shape=doublecircle, label=\"\", width=0.15];");
    let name_of = |id: asl::machine::StateId| {
        machine
            .states
            .get(id.0 as usize)
            .map(|state| dot_id(definition, machine_id, &state.name))
    };
    if let Some(first) = machine.start.and_then(name_of) {
        let _ = writeln!(out, "{indent}{start} -> {first};");
    }
    for state in &machine.states {
        let id = dot_id(definition, machine_id, &state.name);
        let children: Vec<MachineId> = match &state.kind {
            StateKind::Parallel { branches } => branches.clone(),
            StateKind::Map(spec) => vec![spec.processor],
            _ => Vec::new(),
        };
        if children.is_empty() {
            let _ = writeln!(
                out,
                "{indent}{id} [label={}];",
                dot_quote(&format!("{}\n{}", state.name, state.type_name()))
            );
        } else {
            *cluster += 1;
            let _ = writeln!(
                out,
                "{indent}{id} [label={}, shape=box3d];",
                dot_quote(&format!("{}\n{}", state.name, state.type_name()))
            );
            for child in children {
                *cluster += 1;
                let _ = writeln!(out, "{indent}subgraph cluster_{} {{", cluster);
                let _ = writeln!(
                    out,
                    "{indent}  label={}; style=dashed;",
                    dot_quote(&format!("{} ({})", state.name, state.type_name()))
                );
                dot_machine(definition, child, depth + 1, cluster, out);
                let _ = writeln!(out, "{indent}}}");
                let _ = writeln!(
                    out,
                    "{indent}{id} -> {} [style=dotted, arrowhead=none];",
                    dot_id(definition, child, "#start")
                );
            }
        }
        if let Some(next) = state.next.and_then(name_of) {
            let _ = writeln!(out, "{indent}{id} -> {next};");
        }
        if let StateKind::Choice { choices, default } = &state.kind {
            for rule in choices {
                if let Some(target) = rule.next.and_then(name_of) {
                    let _ = writeln!(
                        out,
                        "{indent}{id} -> {target} [label={}];",
                        dot_quote(&condition_label(&rule.condition))
                    );
                }
            }
            if let Some(target) = default.and_then(name_of) {
                let _ = writeln!(out, "{indent}{id} -> {target} [label=\"default\", style=dashed];");
            }
        }
        for catcher in &state.catch {
            if let Some(target) = catcher.next.and_then(name_of) {
                let _ = writeln!(
                    out,
                    "{indent}{id} -> {target} [label={}, style=dashed, color=darkorange];",
                    dot_quote(&shorten(&catcher.error_equals.join(", ")))
                );
            }
        }
        if matches!(state.kind, StateKind::Succeed | StateKind::Fail { .. })
            || (state.next.is_none() && !matches!(state.kind, StateKind::Choice { .. }))
        {
            let _ = writeln!(out, "{indent}{id} -> {end};");
        }
    }
}

fn mermaid_text(text: &str) -> String {
    text.replace('"', "#quot;").replace('<', "#lt;").replace('>', "#gt;")
}

/// A Mermaid flowchart: states as nodes, Parallel branches and Map processors as subgraphs.
pub fn to_mermaid(definition: &Definition) -> String {
    let mut out = String::from("flowchart TD\n");
    if !definition.machines.is_empty() {
        let mut ids = Vec::new();
        mermaid_machine(definition, MachineId::ROOT, 1, &mut ids, &mut out);
    }
    out
}

fn mermaid_machine(
    definition: &Definition,
    machine_id: MachineId,
    depth: usize,
    ids: &mut Vec<String>,
    out: &mut String,
) {
    let machine = &definition.machines[machine_id.0 as usize];
    let indent = "    ".repeat(depth);
    let id_for = |key: String, ids: &mut Vec<String>| -> String {
        match ids.iter().position(|known| *known == key) {
            Some(index) => format!("n{index}"),
            None => {
                ids.push(key);
                format!("n{}", ids.len() - 1)
            }
        }
    };
    let start = id_for(format!("{}#start", machine.pointer), ids);
    let end = id_for(format!("{}#end", machine.pointer), ids);
    let _ = writeln!(out, "{indent}{start}((\"Start\"))");
    let _ = writeln!(out, "{indent}{end}((\"End\"))");
    let state_ids: Vec<String> = machine
        .states
        .iter()
        .map(|state| id_for(state.pointer.clone(), ids))
        .collect();
    if let Some(first) = machine.start.and_then(|id| state_ids.get(id.0 as usize)) {
        let _ = writeln!(out, "{indent}{start} --> {first}");
    }
    for (state, id) in machine.states.iter().zip(&state_ids) {
        let label = mermaid_text(&format!("{}<br/><small>{}</small>", state.name, state.type_name()))
            .replace("#lt;br/#gt;", "<br/>")
            .replace("#lt;small#gt;", "<small>")
            .replace("#lt;/small#gt;", "</small>");
        match &state.kind {
            StateKind::Choice { .. } => {
                let _ = writeln!(out, "{indent}{id}{{\"{label}\"}}");
            }
            StateKind::Parallel { branches } => {
                let _ = writeln!(out, "{indent}subgraph {id} [\"{label}\"]");
                for branch in branches {
                    mermaid_machine(definition, *branch, depth + 1, ids, out);
                }
                let _ = writeln!(out, "{indent}end");
            }
            StateKind::Map(spec) => {
                let _ = writeln!(out, "{indent}subgraph {id} [\"{label}\"]");
                mermaid_machine(definition, spec.processor, depth + 1, ids, out);
                let _ = writeln!(out, "{indent}end");
            }
            _ => {
                let _ = writeln!(out, "{indent}{id}[\"{label}\"]");
            }
        }
        if let Some(next) = state.next.and_then(|target| state_ids.get(target.0 as usize)) {
            let _ = writeln!(out, "{indent}{id} --> {next}");
        }
        if let StateKind::Choice { choices, default } = &state.kind {
            for rule in choices {
                if let Some(target) = rule.next.and_then(|target| state_ids.get(target.0 as usize)) {
                    let _ = writeln!(
                        out,
                        "{indent}{id} -->|\"{}\"| {target}",
                        mermaid_text(&condition_label(&rule.condition))
                    );
                }
            }
            if let Some(target) = default.and_then(|target| state_ids.get(target.0 as usize)) {
                let _ = writeln!(out, "{indent}{id} -.->|default| {target}");
            }
        }
        for catcher in &state.catch {
            if let Some(target) = catcher.next.and_then(|target| state_ids.get(target.0 as usize)) {
                let _ = writeln!(
                    out,
                    "{indent}{id} -.->|\"{}\"| {target}",
                    mermaid_text(&shorten(&catcher.error_equals.join(", ")))
                );
            }
        }
        if matches!(state.kind, StateKind::Succeed | StateKind::Fail { .. })
            || (state.next.is_none() && !matches!(state.kind, StateKind::Choice { .. }))
        {
            let _ = writeln!(out, "{indent}{id} --> {end}");
        }
    }
}
