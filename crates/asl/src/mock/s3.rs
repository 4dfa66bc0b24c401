//! Mocked S3 objects for a Distributed Map's ItemReader.
//!
//! In JSON mocks, a key `"s3://<bucket>/<key>"` holds one object: a string is the object's
//! text as it is (CSV, JSON Lines…), any other JSON value is the object's JSON text
//! (`"s3://data/orders.json": [{"id": 1}]`). The reader's `s3:getObject` request gets the
//! object named by its `Bucket` and `Key`; `s3:listObjectsV2` gets the listing of the objects
//! whose key starts with its `Prefix`, shaped as AWS lists them.

use std::collections::BTreeMap;
use std::sync::Arc;

use md5::{Digest, Md5};

use crate::exec::TaskRequest;
use crate::value::Value;

/// The prefix of a mocks key that names an S3 object.
pub const S3_URI_PREFIX: &str = "s3://";

#[derive(Clone, Debug, Default)]
pub struct S3Objects {
    objects: BTreeMap<(Arc<str>, Arc<str>), Value>,
}

impl S3Objects {
    /// Adds the object named by `uri` (`s3://bucket/key`).
    pub fn insert_uri(&mut self, uri: &str, body: Value) -> Result<(), String> {
        let rest = uri.strip_prefix(S3_URI_PREFIX).unwrap_or(uri);
        match rest.split_once('/') {
            Some((bucket, key)) if !bucket.is_empty() && !key.is_empty() => {
                self.objects.insert((Arc::from(bucket), Arc::from(key)), body);
                Ok(())
            }
            _ => Err(format!(
                "mock key \"{uri}\" must name an object as s3://<bucket>/<key>, like s3://my-bucket/data/items.json"
            )),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// The object's text: a string as it is, another value as its JSON.
    pub fn text(body: &Value) -> Arc<str> {
        match body {
            Value::String(text) => text.clone(),
            other => Arc::from(other.to_json()),
        }
    }

    /// The answer to an ItemReader's request, or the `s3://` URI it needs when the mocks lack it.
    pub fn answer(&self, request: &TaskRequest) -> Result<Value, String> {
        let field = |name: &str| request.input.get(name).and_then(Value::as_str).unwrap_or("");
        let bucket = field("Bucket");
        if request.resource.ends_with(":listObjectsV2") {
            let prefix = field("Prefix");
            let in_bucket: Vec<(&Arc<str>, &Value)> = self
                .objects
                .iter()
                .filter(|((object_bucket, _), _)| &**object_bucket == bucket)
                .map(|((_, key), body)| (key, body))
                .collect();
            if in_bucket.is_empty() {
                return Err(format!("{S3_URI_PREFIX}{bucket}/{prefix}"));
            }
            let modified = request
                .context
                .get("Execution")
                .and_then(|execution| execution.get("StartTime"))
                .cloned()
                .unwrap_or_default();
            let listing = in_bucket
                .into_iter()
                .filter(|(key, _)| key.starts_with(prefix))
                .map(|(key, body)| {
                    let text = S3Objects::text(body);
                    let digest: String = Md5::digest(text.as_bytes())
                        .iter()
                        .map(|byte| format!("{byte:02x}"))
                        .collect();
                    Value::object_from([
                        ("Etag", Value::string(format!("\"{digest}\""))),
                        ("Key", Value::String(key.clone())),
                        ("LastModified", modified.clone()),
                        ("Size", Value::from_i64(text.len() as i64)),
                        ("StorageClass", Value::string("STANDARD")),
                    ])
                })
                .collect();
            return Ok(Value::array(listing));
        }
        let key = field("Key");
        self.objects
            .get(&(Arc::from(bucket), Arc::from(key)))
            .cloned()
            .ok_or_else(|| format!("{S3_URI_PREFIX}{bucket}/{key}"))
    }
}
