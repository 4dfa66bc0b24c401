//! The examples menu. The order workflow comes first: it is what users know from AWS's articles.

pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub definition: &'static str,
    pub input: &'static str,
    pub mocks: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "order-success",
        title: "Order workflow — payment succeeds",
        definition: include_str!("../../../examples/order-workflow.json"),
        input: include_str!("../../../examples/order-input.json"),
        mocks: include_str!("../../../examples/order-mocks-success.json"),
    },
    Example {
        id: "order-payment-failed",
        title: "Order workflow — payment declined (Catch)",
        definition: include_str!("../../../examples/order-workflow.json"),
        input: include_str!("../../../examples/order-input.json"),
        mocks: include_str!("../../../examples/order-mocks-payment-failed.json"),
    },
    Example {
        id: "order-mocks-js",
        title: "Order workflow — mocks in JavaScript (declined: Catch)",
        definition: include_str!("../../../examples/order-workflow.json"),
        input: include_str!("../../../examples/order-input-declined.json"),
        mocks: include_str!("../../../examples/order-mocks.js"),
    },
    Example {
        id: "order-mocks-python",
        title: "Order workflow — mocks as Python Lambda handlers",
        definition: include_str!("../../../examples/order-workflow.json"),
        input: include_str!("../../../examples/order-input-declined.json"),
        mocks: include_str!("../../../examples/order-mocks.py"),
    },
    Example {
        id: "order-jsonata",
        title: "Order workflow in JSONata (Arguments, Assign, Output)",
        definition: include_str!("../../../examples/order-workflow-jsonata.json"),
        input: include_str!("../../../examples/order-input.json"),
        mocks: include_str!("../../../examples/order-mocks-jsonata.json"),
    },
    Example {
        id: "retry-backoff",
        title: "Retry with exponential backoff",
        definition: include_str!("../../../examples/retry-backoff.json"),
        input: "{}\n",
        mocks: include_str!("../../../examples/retry-backoff-mocks.json"),
    },
    Example {
        id: "map-items",
        title: "Map over the items of an order",
        definition: include_str!("../../../examples/map-items.json"),
        input: include_str!("../../../examples/map-items-input.json"),
        mocks: include_str!("../../../examples/map-items-mocks.json"),
    },
    Example {
        id: "distributed-map-orders",
        title: "Distributed Map — orders from a CSV in S3, in batches, results to S3",
        definition: include_str!("../../../examples/distributed-map-orders.json"),
        input: include_str!("../../../examples/distributed-map-orders-input.json"),
        mocks: include_str!("../../../examples/distributed-map-orders-mocks.json"),
    },
    Example {
        id: "wait-a-year",
        title: "Wait a year (virtual clock)",
        definition: include_str!("../../../examples/wait-a-year.json"),
        input: include_str!("../../../examples/wait-a-year-input.json"),
        mocks: "{}\n",
    },
];

pub fn by_id(id: &str) -> &'static Example {
    EXAMPLES.iter().find(|example| example.id == id).unwrap_or(&EXAMPLES[0])
}
