//! The examples menu. The order workflow comes first: it is what users know from AWS's articles.
//!
//! The menu's titles and the first example's texts are in the first load; the other examples'
//! texts live behind the engine's door (`engine::Engine::example`), fetched with the
//! interpreter when one is chosen.

/// An entry of the menu.
pub struct Entry {
    pub id: &'static str,
    pub title: &'static str,
}

/// An example's texts.
#[derive(Clone, Copy)]
pub struct Texts {
    pub definition: &'static str,
    pub input: &'static str,
    pub mocks: &'static str,
}

pub const EXAMPLES: &[Entry] = &[
    Entry {
        id: "order-success",
        title: "Order workflow — payment succeeds",
    },
    Entry {
        id: "order-payment-failed",
        title: "Order workflow — payment declined (Catch)",
    },
    Entry {
        id: "order-mocks-js",
        title: "Order workflow — mocks in JavaScript (declined: Catch)",
    },
    Entry {
        id: "order-mocks-python",
        title: "Order workflow — mocks as Python Lambda handlers",
    },
    Entry {
        id: "order-jsonata",
        title: "Order workflow in JSONata (Arguments, Assign, Output)",
    },
    Entry {
        id: "retry-backoff",
        title: "Retry with exponential backoff",
    },
    Entry {
        id: "map-items",
        title: "Map over the items of an order",
    },
    Entry {
        id: "distributed-map-orders",
        title: "Distributed Map — orders from a CSV in S3, in batches, results to S3",
    },
    Entry {
        id: "wait-a-year",
        title: "Wait a year (virtual clock)",
    },
];

/// The example the page opens with (the first of the menu).
pub const DEFAULT: Texts = Texts {
    definition: include_str!("../../../examples/order-workflow.json"),
    input: include_str!("../../../examples/order-input.json"),
    mocks: include_str!("../../../examples/order-mocks-success.json"),
};

/// An example's texts: the first at once, the others with the engine.
pub async fn load(id: &str) -> Result<Texts, String> {
    if id == EXAMPLES[0].id {
        return Ok(DEFAULT);
    }
    Ok(crate::engine::load().await?.example(id))
}

pub fn title(id: &str) -> &'static str {
    EXAMPLES
        .iter()
        .find(|example| example.id == id)
        .unwrap_or(&EXAMPLES[0])
        .title
}

/// Every example's texts, by id (the default one when `id` is unknown). Reached only through
/// the engine: the texts move with it out of the first load.
pub fn texts(id: &str) -> Texts {
    match id {
        "order-payment-failed" => Texts {
            definition: include_str!("../../../examples/order-workflow.json"),
            input: include_str!("../../../examples/order-input.json"),
            mocks: include_str!("../../../examples/order-mocks-payment-failed.json"),
        },
        "order-mocks-js" => Texts {
            definition: include_str!("../../../examples/order-workflow.json"),
            input: include_str!("../../../examples/order-input-declined.json"),
            mocks: include_str!("../../../examples/order-mocks.js"),
        },
        "order-mocks-python" => Texts {
            definition: include_str!("../../../examples/order-workflow.json"),
            input: include_str!("../../../examples/order-input-declined.json"),
            mocks: include_str!("../../../examples/order-mocks.py"),
        },
        "order-jsonata" => Texts {
            definition: include_str!("../../../examples/order-workflow-jsonata.json"),
            input: include_str!("../../../examples/order-input.json"),
            mocks: include_str!("../../../examples/order-mocks-jsonata.json"),
        },
        "retry-backoff" => Texts {
            definition: include_str!("../../../examples/retry-backoff.json"),
            input: "{}\n",
            mocks: include_str!("../../../examples/retry-backoff-mocks.json"),
        },
        "map-items" => Texts {
            definition: include_str!("../../../examples/map-items.json"),
            input: include_str!("../../../examples/map-items-input.json"),
            mocks: include_str!("../../../examples/map-items-mocks.json"),
        },
        "distributed-map-orders" => Texts {
            definition: include_str!("../../../examples/distributed-map-orders.json"),
            input: include_str!("../../../examples/distributed-map-orders-input.json"),
            mocks: include_str!("../../../examples/distributed-map-orders-mocks.json"),
        },
        "wait-a-year" => Texts {
            definition: include_str!("../../../examples/wait-a-year.json"),
            input: include_str!("../../../examples/wait-a-year-input.json"),
            mocks: "{}\n",
        },
        _ => DEFAULT,
    }
}

/// Whether the three texts are one of the examples, untouched.
pub fn is_example(definition: &str, input: &str, mocks: &str) -> bool {
    EXAMPLES.iter().any(|example| {
        let texts = texts(example.id);
        texts.definition == definition && texts.input == input && texts.mocks == mocks
    })
}
