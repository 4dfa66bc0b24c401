//! The language's building blocks, compiled once and evaluated many times as a state does:
//! JSONPath and reference paths, and intrinsic function calls.
//! `cargo bench -p asl --bench language`.

use asl::Value;
use asl::intrinsics::{Call, EvalCtx};
use asl::path::{NoEnv, Path};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

fn main() {
    divan::main();
}

/// An order as the seed workflow sees it, with `lines` order lines.
fn order(lines: usize) -> Value {
    Value::from_json(&format!(
        r#"{{"orderId": "o-1", "customer": {{"id": "c-9", "address": {{"city": "Lyon", "zip": "69001"}}}},
            "lines": [{}], "total": 42.5}}"#,
        (0..lines)
            .map(|index| format!(
                r#"{{"sku": "s{index}", "qty": {}, "price": {}.5}}"#,
                index % 5,
                index % 11
            ))
            .collect::<Vec<_>>()
            .join(",")
    ))
    .unwrap()
}

#[divan::bench(args = ["$", "$.customer.address.city", "$.lines[3].sku", "$['customer']['id']"])]
fn reference_path(bencher: divan::Bencher, text: &str) {
    let path = Path::parse_reference(text).unwrap();
    let input = order(10);
    bencher.bench(|| path.evaluate(divan::black_box(&input), &NoEnv));
}

#[divan::bench(args = ["$.lines[*].sku", "$.lines[?(@.qty > 2)]", "$.lines[1:4]", "$..zip"])]
fn selecting_path(bencher: divan::Bencher, text: &str) {
    let path = Path::parse(text).unwrap();
    let input = order(100);
    bencher.bench(|| path.evaluate(divan::black_box(&input), &NoEnv));
}

#[divan::bench(args = [
    "States.MathAdd($.total, 1)",
    "States.Format('Order {} for {}', $.orderId, $.customer.id)",
    "States.StringToJson('{\"a\": [1, 2, 3]}')",
    "States.JsonToString($.customer)",
    "States.Array($.orderId, $.total, $.customer.id)",
    "States.ArrayLength($.lines)",
    "States.ArrayContains($.lines, $.lines[5])",
    "States.Hash($.orderId, 'SHA-256')",
    "States.Base64Encode($.orderId)",
    "States.UUID()",
])]
fn intrinsic_call(bencher: divan::Bencher, text: &str) {
    let call = Call::parse(text).unwrap();
    let input = order(10);
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    bencher.bench_local(|| {
        let mut ctx = EvalCtx {
            env: &NoEnv,
            rng: &mut rng,
        };
        call.evaluate(divan::black_box(&input), &mut ctx).unwrap()
    });
}
