//! Drawings of state machines: a layered layout (dagre, a port of dagre.js) rendered as SVG,
//! plus Graphviz DOT and Mermaid text for people who paste graphs into docs.
//!
//! No edge in ASL crosses a Parallel or Map boundary, so each branch and item processor is laid
//! out alone, bottom-up, and then placed as a fixed-size box one level up. Sub-layouts are
//! cached by structure (`LayoutCache`), so most keystrokes in an editor cost no layout at all.
//! Pure: the same definition gives byte-identical output.

mod geometry;
mod labels;
mod layout;
mod render;
mod run;
mod text;

pub use geometry::Rect;
pub use layout::{Drawing, EdgeKind, EdgePath, LayoutCache, NodeBox, NodeShape, layout, layout_cached};
pub use render::{SvgOptions, Theme, to_svg};
pub use run::{EventSummary, RunColoring, StateStatus};
pub use text::{to_dot, to_mermaid};
