//! The line-delimited JSON spoken with the driver. Bytes travel as base64.
//!
//! Driver to engine, one object a line, each with an `id` echoed in its reply:
//!   {"id":1,"op":"load","path":"/abs/policy.wasm"}            -> {"id":1,"result":{"module":0}}
//!   {"id":2,"op":"call","module":0,"operation":"validate","payload":"<b64>"}
//!       -> {"id":2,"result":{"ok":true,"response":"<b64>"}}
//!       or {"id":2,"result":{"ok":false,"stage":"instantiate"|"call","error":"..."}}
//!   {"id":3,"op":"bench","module":0,"operation":"validate","payload":"<b64>",
//!    "mode":"warm"|"start"|"fresh","warmup":100,"batches":20,"batchSize":50}
//!       -> {"id":3,"result":{"micros":[mean µs per call of each batch]}}
//! A request that cannot be carried out: {"id":n,"error":"..."}.
//! While a call runs, each guest host call is sent as
//!   {"hostCall":{"binding":..,"namespace":..,"operation":..,"payload":"<b64>"}}
//! and the driver answers on the next line {"ok":true,"payload":"<b64>"} or {"ok":false,"error":".."}.

use base64::{engine::general_purpose::STANDARD, Engine as _};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
pub struct Envelope {
    pub id: u64,
    #[serde(flatten)]
    pub request: Request,
}

#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Request {
    Load { path: String },
    Call { module: usize, operation: String, payload: String },
    Bench(BenchRequest),
}

#[derive(Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum BenchMode {
    /// The operation on one instance kept across calls (kwctl bench).
    Warm,
    /// A fresh instance (Store, instantiation, `_start`, `wapc_init`) and its drop.
    Start,
    /// A fresh instance and one call: policy-server's cost per evaluation.
    Fresh,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BenchRequest {
    pub module: usize,
    pub operation: String,
    pub payload: String,
    pub mode: BenchMode,
    pub warmup: u32,
    pub batches: u32,
    pub batch_size: u32,
}

#[derive(Deserialize)]
pub struct HostReply {
    pub ok: bool,
    pub payload: Option<String>,
    pub error: Option<String>,
}

pub struct Reply {
    id: u64,
    outcome: Result<Value, String>,
}

impl Reply {
    pub fn of(id: u64, outcome: Result<Value, String>) -> Self {
        Self { id, outcome }
    }

    pub fn into_value(self) -> Value {
        match self.outcome {
            Ok(result) => json!({ "id": self.id, "result": result }),
            Err(error) => json!({ "id": self.id, "error": error }),
        }
    }
}

pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    STANDARD.decode(text).map_err(|e| format!("payload is not base64: {e}"))
}
