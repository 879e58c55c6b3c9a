//! Times evaluations inside the engine, so the figures are wasmtime's and the
//! policy's, not the pipe's: each batch's mean per call, in microseconds.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use crate::protocol::{BenchMode, BenchRequest};
use crate::{call_error, Engine, LoadedModule};

/// binding, namespace, operation, payload
pub type HostCallKey = (String, String, String, Vec<u8>);

/// The driver's answers to host calls during a benchmark, so the pipe is crossed once per distinct call.
static ANSWERS: Mutex<Option<HashMap<HostCallKey, Result<Vec<u8>, String>>>> = Mutex::new(None);

pub fn remembered(key: &HostCallKey) -> Option<Result<Vec<u8>, String>> {
    ANSWERS.lock().unwrap().as_ref().and_then(|answers| answers.get(key).cloned())
}

pub fn remember(key: HostCallKey, answer: &Result<Vec<u8>, String>) {
    if let Some(answers) = ANSWERS.lock().unwrap().as_mut() {
        answers.insert(key, answer.clone());
    }
}

/// Times the request with host calls remembered, and forgets them after.
pub fn bench(engine: &Engine, module: &LoadedModule, request: &BenchRequest, payload: &[u8]) -> Result<Vec<f64>, String> {
    *ANSWERS.lock().unwrap() = Some(HashMap::new());
    let result = timed(engine, module, request, payload);
    *ANSWERS.lock().unwrap() = None;
    result
}

fn timed(engine: &Engine, module: &LoadedModule, request: &BenchRequest, payload: &[u8]) -> Result<Vec<f64>, String> {
    if request.batches == 0 || request.batch_size == 0 {
        return Err("bench needs at least one batch of at least one call".into());
    }
    let warm = if request.mode == BenchMode::Warm { Some(engine.instantiate(module)?) } else { None };
    let once = || -> Result<(), String> {
        match request.mode {
            BenchMode::Warm => warm.as_ref().unwrap().call(&request.operation, payload).map(drop).map_err(call_error),
            BenchMode::Start => engine.instantiate(module).map(drop),
            BenchMode::Fresh => engine.instantiate(module)?.call(&request.operation, payload).map(drop).map_err(call_error),
        }
    };
    for _ in 0..request.warmup {
        once()?;
    }
    let mut micros = Vec::with_capacity(request.batches as usize);
    for _ in 0..request.batches {
        let started = Instant::now();
        for _ in 0..request.batch_size {
            once()?;
        }
        micros.push(started.elapsed().as_secs_f64() * 1e6 / f64::from(request.batch_size));
    }
    Ok(micros)
}
