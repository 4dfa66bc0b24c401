//! `LayoutOptions::no_label_space` (added in this copy): one rank per edge instead of two.

use dagre::graph::{Graph, GraphOptions};
use dagre::layout::layout;
use dagre::layout::types::*;

fn path(no_label_space: bool) -> Graph<NodeLabel, EdgeLabel> {
    let mut g: Graph<NodeLabel, EdgeLabel> = Graph::with_options(GraphOptions {
        directed: true,
        multigraph: false,
        compound: false,
    });
    for v in ["a", "b", "c"] {
        let label = NodeLabel {
            width: 50.0,
            height: 20.0,
            ..Default::default()
        };
        g.set_node(v, Some(label));
    }
    g.set_edge("a", "b", Some(EdgeLabel::default()), None);
    g.set_edge("b", "c", Some(EdgeLabel::default()), None);
    let opts = LayoutOptions {
        ranksep: 40.0,
        no_label_space,
        ..Default::default()
    };
    layout(&mut g, Some(opts));
    g
}

#[test]
fn ranks_are_consecutive_and_spacing_is_unchanged() {
    let spaced = path(false);
    let compact = path(true);
    let rank = |g: &Graph<NodeLabel, EdgeLabel>, v: &str| g.node(v).unwrap().rank.unwrap();
    assert_eq!(
        [rank(&spaced, "a"), rank(&spaced, "b"), rank(&spaced, "c")],
        [0, 2, 4]
    );
    assert_eq!(
        [
            rank(&compact, "a"),
            rank(&compact, "b"),
            rank(&compact, "c")
        ],
        [0, 1, 2]
    );
    for v in ["a", "b", "c"] {
        assert_eq!(spaced.node(v).unwrap().y, compact.node(v).unwrap().y, "{v}");
    }
    // No dummy node, so no bend: each edge is its two end points.
    assert_eq!(compact.edge("a", "b", None).unwrap().points.len(), 2);
}
