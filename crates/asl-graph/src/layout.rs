//! Layout: each machine as a flat layered graph, containers sized by what they hold.

use std::collections::HashMap;
use std::sync::Arc;

use asl::machine::{Definition, MachineId, StateId, StateKind};

use crate::geometry::{Rect, beside, clip_to_rect};
use crate::labels::{condition_label, label_width, shorten, subtitle, text_width};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeShape {
    Start,
    End,
    State,
    /// A Parallel or Map state drawn as a box around its branches or item processor.
    Container,
}

/// A node of the drawing, in absolute coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    /// Unique in the drawing: the JSON Pointer of the state, or of its machine plus `#start`/`#end`.
    pub id: String,
    pub name: String,
    pub type_name: &'static str,
    pub shape: NodeShape,
    pub rect: Rect,
    /// The state this node draws, when it draws one.
    pub state: Option<(MachineId, StateId)>,
    /// A second line under a container's name: what a distributed Map reads, batches and
    /// writes.
    pub subtitle: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    Start,
    Next,
    Choice,
    Default,
    Catch,
    End,
}

/// An edge, as a polyline in absolute coordinates, with its label's box.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgePath {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    pub points: Vec<(f64, f64)>,
    pub label: Option<String>,
    pub label_rect: Option<Rect>,
}

/// The laid-out drawing of a whole definition.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgePath>,
}

/// Layouts of machines already computed, by structure.
#[derive(Default)]
pub struct LayoutCache {
    entries: HashMap<String, Arc<Drawing>>,
    hits: u64,
    misses: u64,
}

impl LayoutCache {
    pub fn new() -> LayoutCache {
        LayoutCache::default()
    }

    /// (hits, misses) since the cache was made.
    pub fn stats(&self) -> (u64, u64) {
        (self.hits, self.misses)
    }
}

const STATE_HEIGHT: f64 = 44.0;
const MARKER_SIZE: f64 = 22.0;
const CONTAINER_HEADER: f64 = 30.0;
const CONTAINER_PADDING: f64 = 14.0;
/// The extra header height of a container with a subtitle.
const SUBTITLE_HEIGHT: f64 = 14.0;
const BRANCH_GAP: f64 = 24.0;
const LABEL_HEIGHT: f64 = 16.0;
/// Between a label drawn on top of a state and the state.
const LABEL_GAP: f64 = 12.0;

/// Lays out a definition (valid or half-written: what lowering understood).
pub fn layout(definition: &Definition) -> Drawing {
    layout_cached(definition, &mut LayoutCache::new())
}

/// Lays out a definition, reusing the sub-layouts of unchanged machines.
pub fn layout_cached(definition: &Definition, cache: &mut LayoutCache) -> Drawing {
    if definition.machines.is_empty() {
        return Drawing::default();
    }
    (*layout_machine(definition, MachineId::ROOT, cache, 0)).clone()
}

/// Vertical space between two states one above the other.
const RANK_SEP: f64 = 44.0;

/// Runs of states that follow each other with nothing else in between (one unlabelled edge
/// out of each, into a state with no other way in). dagre lays out each run as one tall node:
/// a 200-state workflow is mostly such runs, and dagre's cost grows with its node count far
/// faster than stacking them does. Every drawing it gives, dagre would give too, up to
/// perfectly straight runs.
struct Chains<'a> {
    /// Index of the node in `nodes` → its chain, if it is in one (of two or more nodes).
    of: Vec<Option<usize>>,
    /// The nodes of each chain, head first.
    members: Vec<Vec<usize>>,
    index: HashMap<&'a str, usize>,
    /// How many edges come into each node, by its index in `nodes`.
    in_degree: Vec<usize>,
}

impl<'a> Chains<'a> {
    fn find(nodes: &'a [(String, (f64, f64))], edges: &[PendingEdge]) -> Chains<'a> {
        let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i)).collect();
        let mut out_degree = vec![0usize; nodes.len()];
        let mut in_degree = vec![0usize; nodes.len()];
        let mut next: Vec<Option<usize>> = vec![None; nodes.len()];
        for edge in edges {
            let (Some(&from), Some(&to)) = (index.get(edge.from.as_str()), index.get(edge.to.as_str())) else {
                continue;
            };
            out_degree[from] += 1;
            in_degree[to] += 1;
            next[from] = (edge.label.is_none() && from != to).then_some(to);
        }
        // u → v links a chain when it is u's only edge out and v's only edge in.
        let link = |from: usize| next[from].filter(|&to| out_degree[from] == 1 && in_degree[to] == 1);
        let mut has_link_in = vec![false; nodes.len()];
        for from in 0..nodes.len() {
            if let Some(to) = link(from) {
                has_link_in[to] = true;
            }
        }
        let mut of = vec![None; nodes.len()];
        let mut members = Vec::new();
        for (head, linked_into) in has_link_in.iter().enumerate() {
            if *linked_into || link(head).is_none() {
                continue;
            }
            let mut chain = vec![head];
            let mut current = head;
            while let Some(to) = link(current) {
                if of[to].is_some() || chain.contains(&to) {
                    break;
                }
                chain.push(to);
                current = to;
            }
            if chain.len() > 1 {
                for member in &chain {
                    of[*member] = Some(members.len());
                }
                members.push(chain);
            }
        }
        Chains {
            of,
            members,
            index,
            in_degree,
        }
    }

    fn size(&self, chain: usize, nodes: &[(String, (f64, f64))]) -> (f64, f64) {
        let members = &self.members[chain];
        let width = members.iter().map(|member| nodes[*member].1.0).fold(0.0, f64::max);
        let height =
            members.iter().map(|member| nodes[*member].1.1).sum::<f64>() + RANK_SEP * (members.len() - 1) as f64;
        (width, height)
    }

    /// Whether `from → to` is an edge inside a chain.
    fn is_link(&self, from: &str, to: &str) -> bool {
        match (self.index.get(from), self.index.get(to)) {
            (Some(&from), Some(&to)) => {
                self.of[from].is_some()
                    && self.of[from] == self.of[to]
                    && self.members[self.of[from].unwrap_or(0)]
                        .windows(2)
                        .any(|pair| pair[0] == from && pair[1] == to)
            }
            _ => false,
        }
    }
}

/// Prefix of the dagre nodes that stand for edge labels (no state pointer starts with it).
const LABEL_NODE: &str = "\u{1}label";

fn label_node(edge: usize) -> String {
    format!("{LABEL_NODE}{edge}")
}

/// dagre spaces all ranks `RANK_SEP` apart. A rank that holds only edge labels gets half of
/// that on either side, as dagre.js gives labels (it halves `ranksep` and puts labels on ranks
/// in between). `map` moves a y coordinate accordingly: ranks move as blocks, the gaps between
/// them shrink, so nothing that did not overlap comes to overlap.
struct RankGaps {
    /// Each rank's top and bottom as dagre placed it, and how far up it moves.
    bands: Vec<(f64, f64, f64)>,
}

impl RankGaps {
    fn measure(
        graph: &dagre::graph::Graph<dagre::NodeLabel, dagre::EdgeLabel>,
        is_label: impl Fn(&str) -> bool,
    ) -> RankGaps {
        // (centre, half height, only labels) of each rank, by centre.
        let mut ranks: Vec<(f64, f64, bool)> = Vec::new();
        for id in graph.nodes() {
            let Some(node) = graph.node(&id) else { continue };
            let (y, half) = (node.y.unwrap_or(0.0), node.height / 2.0);
            match ranks.iter_mut().find(|rank| (rank.0 - y).abs() < 1e-6) {
                Some(rank) => {
                    rank.1 = rank.1.max(half);
                    rank.2 &= is_label(&id);
                }
                None => ranks.push((y, half, is_label(&id))),
            }
        }
        asl::sort::sort_by(&mut ranks, |a, b| a.0.total_cmp(&b.0));
        let mut bands = Vec::with_capacity(ranks.len());
        let mut shift = 0.0;
        for (index, &(y, half, labels_only)) in ranks.iter().enumerate() {
            if let Some(&(above_y, above_half, above_labels_only)) = index.checked_sub(1).map(|above| &ranks[above])
                && (labels_only || above_labels_only)
            {
                let gap = (y - half) - (above_y + above_half);
                shift += gap.min(RANK_SEP) / 2.0;
            }
            bands.push((y - half, y + half, shift));
        }
        RankGaps { bands }
    }

    /// The top and bottom of the rank centred on `y`, if there is one.
    fn band_at(&self, y: f64) -> Option<(f64, f64)> {
        let index = self
            .bands
            .partition_point(|(top, bottom, _)| (top + bottom) / 2.0 < y - 1e-6);
        let &(top, bottom, _) = self.bands.get(index)?;
        (((top + bottom) / 2.0 - y).abs() < 1e-6).then_some((top, bottom))
    }

    fn map(&self, y: f64) -> f64 {
        // The first rank not entirely above `y` (ranks are sorted and do not overlap).
        let index = self.bands.partition_point(|&(_, bottom, _)| bottom < y);
        let Some(&(top, _, shift)) = self.bands.get(index) else {
            return self.bands.last().map_or(y, |&(_, _, shift)| y - shift);
        };
        if y >= top {
            return y - shift;
        }
        // In the gap above this rank: shrink it evenly.
        let Some(&(_, above_bottom, above_shift)) = index.checked_sub(1).map(|above| &self.bands[above]) else {
            return y;
        };
        let (old_gap, new_gap) = (top - above_bottom, top - shift - (above_bottom - above_shift));
        if old_gap <= 0.0 {
            return y - shift;
        }
        above_bottom - above_shift + (y - above_bottom) * new_gap / old_gap
    }
}

/// dagre keeps nodes inside its margins but not the bends of edges, which can stick out on the
/// left or top (off the canvas): move everything in, and grow the canvas to hold all of it.
fn fit_to_content(drawing: &mut Drawing) {
    const MARGIN: f64 = 12.0;
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut include = |x: f64, y: f64| {
        (min_x, min_y, max_x, max_y) = (min_x.min(x), min_y.min(y), max_x.max(x), max_y.max(y));
    };
    let rects = drawing
        .nodes
        .iter()
        .map(|node| &node.rect)
        .chain(drawing.edges.iter().filter_map(|edge| edge.label_rect.as_ref()));
    for rect in rects {
        include(rect.x, rect.y);
        include(rect.x + rect.width, rect.y + rect.height);
    }
    for (x, y) in drawing.edges.iter().flat_map(|edge| edge.points.iter()) {
        include(*x, *y);
    }
    if min_x > max_x {
        return;
    }
    let (dx, dy) = ((MARGIN - min_x).max(0.0), (MARGIN - min_y).max(0.0));
    if dx > 0.0 || dy > 0.0 {
        for node in &mut drawing.nodes {
            node.rect = node.rect.offset(dx, dy);
        }
        for edge in &mut drawing.edges {
            edge.label_rect = edge.label_rect.map(|rect| rect.offset(dx, dy));
            for point in &mut edge.points {
                *point = (point.0 + dx, point.1 + dy);
            }
        }
    }
    drawing.width = drawing.width.max(max_x + dx + MARGIN);
    drawing.height = drawing.height.max(max_y + dy + MARGIN);
}

struct PendingEdge {
    from: String,
    to: String,
    kind: EdgeKind,
    label: Option<String>,
}

/// A structural key of a machine: equal keys lay out identically.
fn fingerprint(definition: &Definition, machine_id: MachineId, depth: usize) -> String {
    use std::fmt::Write as _;
    let machine = &definition.machines[machine_id.0 as usize];
    let mut res = format!("{}|{:?}|", machine.pointer, machine.start);
    for state in &machine.states {
        let _ = write!(
            res,
            "{}:{}:{:?}:{};",
            state.name,
            state.type_name(),
            state.next,
            state.catch.len()
        );
        for catcher in &state.catch {
            let _ = write!(res, "c{:?}{:?};", catcher.error_equals, catcher.next);
        }
        match &state.kind {
            StateKind::Choice { choices, default } => {
                for rule in choices {
                    let _ = write!(res, "r{}>{:?};", condition_label(&rule.condition), rule.next);
                }
                let _ = write!(res, "d{default:?};");
            }
            StateKind::Parallel { branches } if depth < 64 => {
                for branch in branches {
                    let _ = write!(res, "[{}]", fingerprint(definition, *branch, depth + 1));
                }
            }
            StateKind::Map(spec) if depth < 64 => {
                let _ = write!(
                    res,
                    "{:?}[{}]",
                    subtitle(state),
                    fingerprint(definition, spec.processor, depth + 1)
                );
            }
            _ => {}
        }
    }
    res
}

fn layout_machine(
    definition: &Definition,
    machine_id: MachineId,
    cache: &mut LayoutCache,
    depth: usize,
) -> Arc<Drawing> {
    let key = fingerprint(definition, machine_id, 0);
    if let Some(hit) = cache.entries.get(&key) {
        cache.hits += 1;
        return hit.clone();
    }
    cache.misses += 1;
    let machine = &definition.machines[machine_id.0 as usize];
    let start_id = format!("{}#start", machine.pointer);
    let end_id = format!("{}#end", machine.pointer);

    // Children first: each container's size is that of what it holds.
    let mut inner: Vec<Vec<Arc<Drawing>>> = Vec::with_capacity(machine.states.len());
    for state in &machine.states {
        let children: Vec<MachineId> = match &state.kind {
            StateKind::Parallel { branches } => branches.clone(),
            StateKind::Map(spec) => vec![spec.processor],
            _ => Vec::new(),
        };
        inner.push(if depth < 32 {
            children
                .iter()
                .map(|child| layout_machine(definition, *child, cache, depth + 1))
                .collect()
        } else {
            Vec::new()
        });
    }

    let mut sizes: Vec<(f64, f64)> = Vec::with_capacity(machine.states.len());
    for (state, children) in machine.states.iter().zip(&inner) {
        let subtitle = subtitle(state);
        let header = text_width(&format!("{} ({})", state.name, state.type_name()))
            .max(subtitle.as_deref().map_or(0.0, |text| text_width(text) * 10.0 / 12.0))
            + 2.0 * CONTAINER_PADDING;
        let subtitle_height = if subtitle.is_some() { SUBTITLE_HEIGHT } else { 0.0 };
        if children.is_empty() {
            let width = text_width(&state.name).max(text_width(state.type_name())) + 28.0;
            sizes.push((width.max(90.0), STATE_HEIGHT));
        } else {
            let content_width: f64 =
                children.iter().map(|child| child.width).sum::<f64>() + BRANCH_GAP * (children.len() as f64 - 1.0);
            let content_height = children.iter().map(|child| child.height).fold(0.0, f64::max);
            sizes.push((
                (content_width + 2.0 * CONTAINER_PADDING).max(header),
                content_height + CONTAINER_HEADER + subtitle_height + CONTAINER_PADDING,
            ));
        }
    }

    let mut edges: Vec<PendingEdge> = Vec::new();
    let id_of = |state: StateId| {
        machine
            .states
            .get(state.0 as usize)
            .map(|target| target.pointer.clone())
    };
    if let Some(target) = machine.start.and_then(id_of) {
        edges.push(PendingEdge {
            from: start_id.clone(),
            to: target,
            kind: EdgeKind::Start,
            label: None,
        });
    }
    let mut has_end = false;
    for state in &machine.states {
        let from = state.pointer.clone();
        if let Some(target) = state.next.and_then(id_of) {
            edges.push(PendingEdge {
                from: from.clone(),
                to: target,
                kind: EdgeKind::Next,
                label: None,
            });
        }
        if let StateKind::Choice { choices, default } = &state.kind {
            for rule in choices {
                if let Some(target) = rule.next.and_then(id_of) {
                    edges.push(PendingEdge {
                        from: from.clone(),
                        to: target,
                        kind: EdgeKind::Choice,
                        label: Some(condition_label(&rule.condition)),
                    });
                }
            }
            if let Some(target) = default.and_then(id_of) {
                edges.push(PendingEdge {
                    from: from.clone(),
                    to: target,
                    kind: EdgeKind::Default,
                    label: Some("default".to_owned()),
                });
            }
        }
        for catcher in &state.catch {
            if let Some(target) = catcher.next.and_then(id_of) {
                edges.push(PendingEdge {
                    from: from.clone(),
                    to: target,
                    kind: EdgeKind::Catch,
                    label: Some(shorten(&catcher.error_equals.join(", "))),
                });
            }
        }
        let terminal = matches!(state.kind, StateKind::Succeed | StateKind::Fail { .. })
            || (state.next.is_none() && !matches!(state.kind, StateKind::Choice { .. }));
        if terminal {
            has_end = true;
            edges.push(PendingEdge {
                from,
                to: end_id.clone(),
                kind: EdgeKind::End,
                label: None,
            });
        }
    }

    // Every node of this machine, in drawing order, with its size.
    let mut nodes: Vec<(String, (f64, f64))> = Vec::with_capacity(machine.states.len() + 2);
    nodes.push((start_id.clone(), (MARKER_SIZE, MARKER_SIZE)));
    for (state, size) in machine.states.iter().zip(&sizes) {
        nodes.push((state.pointer.clone(), *size));
    }
    if has_end {
        nodes.push((end_id.clone(), (MARKER_SIZE, MARKER_SIZE)));
    }
    let chains = Chains::find(&nodes, &edges);
    // A labelled edge into a state that has no other way in puts its label on top of that state
    // (or of its chain): one dagre node fewer per such edge. Node index → (edge index, label size).
    let mut on_top: HashMap<usize, (usize, f64)> = HashMap::new();
    for (index, edge) in edges.iter().enumerate() {
        if let (Some(text), Some(&target)) = (&edge.label, chains.index.get(edge.to.as_str()))
            && edge.from != edge.to
            && chains.in_degree[target] == 1
        {
            on_top.insert(target, (index, label_width(text)));
        }
    }
    let mut absorbed = vec![false; edges.len()];
    for (edge, _) in on_top.values() {
        absorbed[*edge] = true;
    }

    let mut graph: dagre::graph::Graph<dagre::NodeLabel, dagre::EdgeLabel> =
        dagre::graph::Graph::with_options(dagre::graph::GraphOptions {
            directed: true,
            multigraph: true,
            compound: false,
        });
    for (index, (id, (width, height))) in nodes.iter().enumerate() {
        let (mut width, mut height) = match chains.of[index] {
            // A chain is one tall node, named after its head; its other members are not in the graph.
            Some(chain) if chains.members[chain][0] == index => chains.size(chain, &nodes),
            Some(_) => continue,
            None => (*width, *height),
        };
        if let Some((_, label_width)) = on_top.get(&index) {
            width = width.max(*label_width);
            height += LABEL_HEIGHT + LABEL_GAP;
        }
        let label = dagre::NodeLabel {
            width,
            height,
            ..Default::default()
        };
        graph.set_node(id.clone(), Some(label));
    }
    let graph_id = |id: &str| -> String {
        match chains.index.get(id).and_then(|index| chains.of[*index]) {
            Some(chain) => nodes[chains.members[chain][0]].0.clone(),
            None => id.to_owned(),
        }
    };
    // A labelled edge goes through a node of the label's size (see `label_node`), so that dagre
    // needs no rank between every two ranks for labels (`no_label_space`): half the ranks, and
    // no dummy node on every edge, for a layout twice as fast.
    for (index, edge) in edges.iter().enumerate() {
        if chains.is_link(&edge.from, &edge.to) {
            continue;
        }
        let (from, to) = (graph_id(&edge.from), graph_id(&edge.to));
        match &edge.label {
            Some(text) if !absorbed[index] => {
                let node = label_node(index);
                let size = dagre::NodeLabel {
                    width: label_width(text),
                    height: LABEL_HEIGHT,
                    ..Default::default()
                };
                graph.set_node(node.clone(), Some(size));
                graph.set_edge(from, node.clone(), Some(dagre::EdgeLabel::default()), Some("in"));
                graph.set_edge(node, to, Some(dagre::EdgeLabel::default()), Some("out"));
            }
            _ => {
                graph.set_edge(from, to, Some(dagre::EdgeLabel::default()), Some(&format!("e{index}")));
            }
        }
    }
    let options = dagre::LayoutOptions {
        nodesep: 36.0,
        ranksep: RANK_SEP,
        edgesep: 14.0,
        marginx: 12.0,
        marginy: 12.0,
        no_label_space: true,
        ..Default::default()
    };
    dagre::layout(&mut graph, Some(options));
    let gaps = RankGaps::measure(&graph, |id| id.starts_with(LABEL_NODE));

    // Where every node landed: chain members stacked inside their chain's node.
    // Labels on top of a state: edge index → the label's box.
    // The box of each dagre node that holds more than one state's box (a chain, or a label on
    // top), by the index of its head: edges are clipped to the state, and go round the rest.
    let mut rects: HashMap<&str, Rect> = HashMap::with_capacity(nodes.len());
    let mut top_labels: HashMap<usize, Rect> = HashMap::with_capacity(on_top.len());
    let mut groups: HashMap<usize, Rect> = HashMap::new();
    for (index, (id, (width, height))) in nodes.iter().enumerate() {
        let members = match chains.of[index] {
            Some(chain) if chains.members[chain][0] != index => continue,
            Some(chain) => chains.members[chain].as_slice(),
            None => std::slice::from_ref(&index),
        };
        let Some(node) = graph.node(id) else { continue };
        let (center_x, mut y) = (
            node.x.unwrap_or(0.0),
            gaps.map(node.y.unwrap_or(0.0)) - node.height / 2.0,
        );
        if members.len() > 1 || on_top.contains_key(&index) {
            let group = Rect {
                x: center_x - node.width / 2.0,
                y,
                width: node.width,
                height: node.height,
            };
            groups.insert(index, group);
        }
        if let Some((edge, label_width)) = on_top.get(&index) {
            let label = Rect {
                x: center_x - label_width / 2.0,
                y,
                width: *label_width,
                height: LABEL_HEIGHT,
            };
            top_labels.insert(*edge, label);
            y += LABEL_HEIGHT + LABEL_GAP;
        }
        if chains.of[index].is_none() {
            rects.insert(
                id,
                Rect {
                    x: center_x - width / 2.0,
                    y,
                    width: *width,
                    height: *height,
                },
            );
            continue;
        }
        for member in members {
            let (member_id, (width, height)) = &nodes[*member];
            rects.insert(
                member_id,
                Rect {
                    x: center_x - width / 2.0,
                    y,
                    width: *width,
                    height: *height,
                },
            );
            y += height + RANK_SEP;
        }
    }

    let group_bounds = |id: &str| -> Option<Rect> {
        let &index = chains.index.get(id)?;
        let head = chains.of[index].map_or(index, |chain| chains.members[chain][0]);
        groups.get(&head).copied()
    };

    let mut res = Drawing::default();
    if let Some(label) = graph.graph_label::<dagre::GraphLabel>() {
        res.width = label.width;
        res.height = gaps.map(label.height);
    }
    let center_rect = |id: &str| rects.get(id).copied();
    if let Some(rect) = center_rect(&start_id) {
        res.nodes.push(NodeBox {
            id: start_id.clone(),
            name: "Start".to_owned(),
            type_name: "Start",
            shape: NodeShape::Start,
            rect,
            state: None,
            subtitle: None,
        });
    }
    for (index, (state, children)) in machine.states.iter().zip(&inner).enumerate() {
        let Some(rect) = center_rect(&state.pointer) else {
            continue;
        };
        let shape = if children.is_empty() {
            NodeShape::State
        } else {
            NodeShape::Container
        };
        let subtitle = subtitle(state).filter(|_| shape == NodeShape::Container);
        let header = CONTAINER_HEADER + if subtitle.is_some() { SUBTITLE_HEIGHT } else { 0.0 };
        res.nodes.push(NodeBox {
            id: state.pointer.clone(),
            name: state.name.to_string(),
            type_name: state.type_name(),
            shape,
            rect,
            state: Some((machine_id, StateId(index as u32))),
            subtitle,
        });
        // Place the children inside, side by side, centred under the header.
        let content_width: f64 =
            children.iter().map(|child| child.width).sum::<f64>() + BRANCH_GAP * (children.len().max(1) as f64 - 1.0);
        let mut x = rect.x + (rect.width - content_width) / 2.0;
        for child in children {
            let dy = rect.y + header;
            res.nodes.extend(child.nodes.iter().map(|node| NodeBox {
                rect: node.rect.offset(x, dy),
                ..node.clone()
            }));
            res.edges.extend(child.edges.iter().map(|edge| EdgePath {
                points: edge.points.iter().map(|(px, py)| (px + x, py + dy)).collect(),
                label_rect: edge.label_rect.map(|label| label.offset(x, dy)),
                ..edge.clone()
            }));
            x += child.width + BRANCH_GAP;
        }
    }
    if has_end && let Some(rect) = center_rect(&end_id) {
        res.nodes.push(NodeBox {
            id: end_id.clone(),
            name: "End".to_owned(),
            type_name: "End",
            shape: NodeShape::End,
            rect,
            state: None,
            subtitle: None,
        });
    }
    for (index, edge) in edges.into_iter().enumerate() {
        let (Some(from), Some(to)) = (center_rect(&edge.from), center_rect(&edge.to)) else {
            continue;
        };
        if chains.is_link(&edge.from, &edge.to) {
            // Inside a chain: straight down from one member to the next.
            let x = from.x + from.width / 2.0;
            res.edges.push(EdgePath {
                from: edge.from,
                to: edge.to,
                kind: edge.kind,
                points: vec![(x, from.y + from.height), (x, to.y)],
                label: None,
                label_rect: None,
            });
            continue;
        }
        let (from_id, to_id) = (graph_id(&edge.from), graph_id(&edge.to));
        let dagre_points = |from: &str, to: &str, name: &str| {
            let label = graph.edge(from, to, Some(name))?;
            let last = label.points.len().saturating_sub(1);
            let mut points = Vec::with_capacity(label.points.len() * 2);
            for (index, point) in label.points.iter().enumerate() {
                // A bend where the edge crosses a rank: pass through the rank straight down (or
                // up), so that the slanted parts stay between ranks, clear of every node.
                let band = (index > 0 && index < last && from != to)
                    .then(|| gaps.band_at(point.y))
                    .flatten();
                match band {
                    Some((top, bottom)) => {
                        let downwards = label.points[index - 1].y < point.y;
                        let (first, second) = if downwards { (top, bottom) } else { (bottom, top) };
                        points.push((point.x, gaps.map(first)));
                        points.push((point.x, gaps.map(second)));
                    }
                    None => points.push((point.x, gaps.map(point.y))),
                }
            }
            Some(points)
        };
        let (mut points, label_rect) = if let Some(&label) = top_labels.get(&index) {
            let Some(mut points) = dagre_points(&from_id, &to_id, &format!("e{index}")) else {
                continue;
            };
            // Into the label on top of the state, and on through it into the state's top.
            if points.len() >= 2 {
                let last = points.len() - 1;
                points[last] = clip_to_rect(points[last - 1], &label);
                points.push((label.x + label.width / 2.0, label.y + label.height / 2.0));
                points.push((to.x + to.width / 2.0, to.y));
            }
            (points, Some(label))
        } else if edge.label.is_some() {
            let node_id = label_node(index);
            let (Some(into), Some(out_of), Some(node)) = (
                dagre_points(&from_id, &node_id, "in"),
                dagre_points(&node_id, &to_id, "out"),
                graph.node(&node_id),
            ) else {
                continue;
            };
            let center = (node.x.unwrap_or(0.0), gaps.map(node.y.unwrap_or(0.0)));
            let rect = Rect {
                x: center.0 - node.width / 2.0,
                y: center.1 - node.height / 2.0,
                width: node.width,
                height: node.height,
            };
            // Through the label's centre, where dagre would have put the edge's label point.
            let points = into.into_iter().chain(std::iter::once(center)).chain(out_of).collect();
            (points, Some(rect))
        } else {
            let Some(points) = dagre_points(&from_id, &to_id, &format!("e{index}")) else {
                continue;
            };
            (points, None)
        };
        // dagre ended the edge on its chain's node: end it on the member instead. An edge into
        // a chain's head from below (a loop back), or out of its tail upwards, would cross the
        // other members: it goes up beside the chain and meets the member from the side.
        if points.len() >= 2 {
            if let Some(bounds) = group_bounds(&edge.from) {
                let next = points[1];
                if next.1 < from.y && bounds.y < from.y - 0.5 {
                    let side = beside(&bounds, next.0);
                    let detour = [
                        (
                            if side < from.x { from.x } else { from.x + from.width },
                            from.y + from.height / 2.0,
                        ),
                        (side, from.y + from.height / 2.0),
                        (side, (bounds.y + next.1) / 2.0),
                    ];
                    points.splice(0..1, detour);
                } else {
                    points[0] = clip_to_rect(next, &from);
                }
            }
            if let Some(bounds) = group_bounds(&edge.to) {
                let last = points.len() - 1;
                let previous = points[last - 1];
                if previous.1 > to.y + to.height && bounds.y + bounds.height > to.y + to.height + 0.5 {
                    let side = beside(&bounds, previous.0);
                    let detour = [
                        (side, (bounds.y + bounds.height + previous.1) / 2.0),
                        (side, to.y + to.height / 2.0),
                        (if side < to.x { to.x } else { to.x + to.width }, to.y + to.height / 2.0),
                    ];
                    points.splice(last.., detour);
                } else {
                    points[last] = clip_to_rect(previous, &to);
                }
            }
        }
        res.edges.push(EdgePath {
            from: edge.from,
            to: edge.to,
            kind: edge.kind,
            points,
            label: edge.label,
            label_rect,
        });
    }
    fit_to_content(&mut res);
    let res = Arc::new(res);
    cache.entries.insert(key, res.clone());
    res
}
