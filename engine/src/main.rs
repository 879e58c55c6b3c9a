//! wardenkit-engine: runs policy modules on wasmtime through the `wapc` host and
//! `wasmtime-provider`, configured as Kubewarden's policy-server configures them:
//! epoch interruption on (its timeout protection), a ticker thread advancing the
//! epoch every second, each module precompiled once and a fresh instance per
//! evaluation with the epoch deadline armed before `_start`, `wapc_init` and the call.
//!
//! It speaks line-delimited JSON on stdin/stdout (see protocol.rs). Host calls are
//! forwarded to the driver, which answers them from its own capabilities.

mod protocol;
mod timing;

use std::io::{self, BufRead, Write};
use std::thread;
use std::time::Duration;

use protocol::{decode, encode, HostReply, Reply, Request};
use serde_json::{json, Value};
use wapc::WapcHost;
use wasmtime_provider::{wasmtime, EpochDeadlines, WasmtimeEngineProviderBuilder, WasmtimeEngineProviderPre};

/// policy-server's default `--policy-timeout`, in seconds (one epoch tick a second).
const DEFAULT_TIMEOUT_SECONDS: u64 = 2;

struct Settings {
    /// None: timeout protection off (`--disable-timeout-protection`), as kwctl runs.
    timeout_seconds: Option<u64>,
}

fn parse_args() -> Result<Settings, String> {
    let mut settings = Settings { timeout_seconds: Some(DEFAULT_TIMEOUT_SECONDS) };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--disable-timeout-protection" => settings.timeout_seconds = None,
            "--policy-timeout" => {
                let value = args.next().ok_or("--policy-timeout needs a number of seconds")?;
                let seconds: u64 = value.parse().map_err(|_| format!("--policy-timeout: not a number of seconds: {value}"))?;
                if seconds == 0 {
                    return Err("--policy-timeout must be at least 1 second".into());
                }
                settings.timeout_seconds = Some(seconds);
            }
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(settings)
}

/// One precompiled module, ready to be instantiated any number of times.
pub struct LoadedModule {
    pre: WasmtimeEngineProviderPre,
}

pub struct Engine {
    engine: wasmtime::Engine,
    deadlines: Option<EpochDeadlines>,
    modules: Vec<LoadedModule>,
}

impl Engine {
    fn new(settings: &Settings) -> Result<Self, String> {
        let mut config = wasmtime::Config::new();
        if settings.timeout_seconds.is_some() {
            config.epoch_interruption(true);
        }
        let engine = wasmtime::Engine::new(&config).map_err(|e| format!("cannot create the wasmtime engine: {e}"))?;
        if settings.timeout_seconds.is_some() {
            let ticking = engine.clone();
            thread::spawn(move || loop {
                thread::sleep(Duration::from_secs(1));
                ticking.increment_epoch();
            });
        }
        let deadlines = settings.timeout_seconds.map(|s| EpochDeadlines { wapc_init: s, wapc_func: s });
        Ok(Self { engine, deadlines, modules: Vec::new() })
    }

    /// Precompiles as policy-server does (`precompile_module`, then `Module::deserialize`).
    fn load(&mut self, bytes: &[u8]) -> Result<usize, String> {
        let compiled = self.engine.precompile_module(bytes).map_err(|e| format!("cannot compile the module: {e:#}"))?;
        // SAFETY: the bytes were produced just above by this engine's own precompile_module.
        let module = unsafe { wasmtime::Module::deserialize(&self.engine, &compiled) }
            .map_err(|e| format!("cannot load the compiled module: {e:#}"))?;
        let pre = WasmtimeEngineProviderBuilder::new()
            .engine(self.engine.clone())
            .module(module)
            .build_pre()
            .map_err(|e| format!("cannot link the module: {e}"))?;
        self.modules.push(LoadedModule { pre });
        Ok(self.modules.len() - 1)
    }

    fn module(&self, index: usize) -> Result<&LoadedModule, String> {
        self.modules.get(index).ok_or_else(|| format!("no module {index} was loaded"))
    }

    /// A fresh Store and instance, `_start` and `wapc_init` run: one evaluation's start.
    pub fn instantiate(&self, module: &LoadedModule) -> Result<WapcHost, String> {
        let provider = module.pre.rehydrate(self.deadlines).map_err(|e| format!("cannot rehydrate the module: {e}"))?;
        WapcHost::new(Box::new(provider), Some(Box::new(forward_host_call))).map_err(|e| e.to_string())
    }
}

/// The guest's error text as policy-evaluator receives it (without wapc's "Guest call failure: ").
pub fn call_error(err: wapc::errors::Error) -> String {
    match err {
        wapc::errors::Error::GuestCallFailure(text) => text,
        other => other.to_string(),
    }
}

/// Hands a guest's host call to the driver and waits for its answer on stdin;
/// while a benchmark runs, each distinct call is asked once and then answered from memory.
fn forward_host_call(
    _id: u64,
    binding: &str,
    namespace: &str,
    operation: &str,
    payload: &[u8],
) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
    let key = (binding.to_owned(), namespace.to_owned(), operation.to_owned(), payload.to_vec());
    if let Some(answer) = timing::remembered(&key) {
        return answer.map_err(Into::into);
    }
    let answer = ask_driver(binding, namespace, operation, payload);
    timing::remember(key, &answer);
    answer.map_err(Into::into)
}

fn ask_driver(binding: &str, namespace: &str, operation: &str, payload: &[u8]) -> Result<Vec<u8>, String> {
    let message = json!({ "hostCall": { "binding": binding, "namespace": namespace, "operation": operation, "payload": encode(payload) } });
    write_line(&message).map_err(|e| format!("cannot ask the driver: {e}"))?;
    let mut line = String::new();
    if io::stdin().lock().read_line(&mut line).map_err(|e| format!("cannot read the driver's answer: {e}"))? == 0 {
        return Err("the driver closed its end before answering a host call".into());
    }
    let reply: HostReply = serde_json::from_str(&line).map_err(|e| format!("the driver's answer to a host call is not understood: {e}"))?;
    match reply {
        HostReply { ok: true, payload: Some(payload), .. } => decode(&payload),
        HostReply { ok: true, payload: None, .. } => Ok(Vec::new()),
        HostReply { error, .. } => Err(error.unwrap_or_else(|| "host call failed".into())),
    }
}

fn write_line(value: &Value) -> io::Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    out.write_all(b"\n")?;
    out.flush()
}

fn handle(engine: &mut Engine, request: Request) -> Result<Value, String> {
    match request {
        Request::Load { path } => {
            let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
            Ok(json!({ "module": engine.load(&bytes)? }))
        }
        Request::Call { module, operation, payload } => {
            let payload = decode(&payload)?;
            let loaded = engine.module(module)?;
            let host = match engine.instantiate(loaded) {
                Ok(host) => host,
                Err(error) => return Ok(json!({ "ok": false, "stage": "instantiate", "error": error })),
            };
            Ok(match host.call(&operation, &payload) {
                Ok(response) => json!({ "ok": true, "response": encode(&response) }),
                Err(err) => json!({ "ok": false, "stage": "call", "error": call_error(err) }),
            })
        }
        Request::Bench(bench) => {
            let payload = decode(&bench.payload)?;
            let loaded = engine.module(bench.module)?;
            let micros = timing::bench(engine, loaded, &bench, &payload)?;
            Ok(json!({ "micros": micros }))
        }
    }
}

fn main() {
    let settings = match parse_args() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("wardenkit-engine: {message}");
            std::process::exit(2);
        }
    };
    let mut engine = match Engine::new(&settings) {
        Ok(engine) => engine,
        Err(message) => {
            eprintln!("wardenkit-engine: {message}");
            std::process::exit(1);
        }
    };
    let stdin = io::stdin();
    let mut line = String::new();
    loop {
        line.clear();
        // The lock is released before handling, so host calls can read their answers.
        match stdin.lock().read_line(&mut line) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) => {
                eprintln!("wardenkit-engine: cannot read stdin: {e}");
                std::process::exit(1);
            }
        }
        if line.trim().is_empty() {
            continue;
        }
        let reply = match serde_json::from_str::<protocol::Envelope>(&line) {
            Ok(envelope) => Reply::of(envelope.id, handle(&mut engine, envelope.request)),
            Err(e) => Reply::of(0, Err(format!("request not understood: {e}"))),
        };
        if let Err(e) = write_line(&reply.into_value()) {
            eprintln!("wardenkit-engine: cannot write stdout: {e}");
            std::process::exit(1);
        }
    }
}
