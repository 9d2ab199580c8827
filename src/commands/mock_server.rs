//! `postpost mock-server`: the mock PostPost server in the foreground, for scripts and other
//! clients.

use std::process::ExitCode;

use super::exit::Exit;
use super::output::outln;
use super::setup::StartupError;
use crate::mock::{MockConfig, MockServer};

/// Serves the mock in the foreground until Ctrl-c.
///
/// # Errors
/// [`StartupError::Io`] when the address cannot be bound; [`StartupError::Usage`] for an
/// address that is not loopback.
pub async fn serve_mock(config: MockConfig) -> Result<ExitCode, StartupError> {
    if !config.addr.ip().is_loopback() {
        return Err(StartupError::Usage(format!(
            "the mock server only listens on loopback addresses, not {}",
            config.addr
        )));
    }
    let api_key_hint = config.api_key.clone();
    let server = MockServer::start(config)
        .await
        .map_err(|error| StartupError::Io(format!("cannot start the mock server: {error}")))?;
    outln!("mock PostPost server listening on {}", server.base_url());
    outln!("fault knobs: {}", knobs_in_force(&server.faults()));
    outln!(
        "change them: curl -X PUT -H 'content-type: application/json' -d '{{\"error_share\":0.1}}' http://{}/__mock/faults",
        server.addr()
    );
    outln!(
        "try: POSTPOST_API_KEY={api_key_hint} postpost --base-url {}",
        server.base_url()
    );
    let _ = tokio::signal::ctrl_c().await;
    server.shutdown().await;
    Ok(ExitCode::from(Exit::Done))
}

/// The knobs of `faults` that differ from the defaults, as `name=value` pairs (the seed of the
/// random draws only beside a knob that draws), or `none (every request answered normally)`.
pub fn knobs_in_force(faults: &crate::mock::Faults) -> String {
    let (Ok(serde_json::Value::Object(now)), Ok(serde_json::Value::Object(default))) = (
        serde_json::to_value(faults),
        serde_json::to_value(crate::mock::Faults::default()),
    ) else {
        return format!("{faults:?}");
    };
    let changed: Vec<String> = now
        .iter()
        .filter(|(name, value)| {
            name.as_str() != "seed" && default.get(name.as_str()) != Some(value)
        })
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    if changed.is_empty() {
        "none (every request answered normally)".to_string()
    } else {
        changed.join(" ")
    }
}
