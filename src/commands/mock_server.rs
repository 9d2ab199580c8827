//! `postpost mock-server`: the mock PostPost server in the foreground, for scripts and other
//! clients.

use std::process::ExitCode;

use super::exit::Exit;
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
    println!("mock PostPost server listening on {}", server.base_url());
    let faults = server.faults();
    if faults != crate::mock::Faults::default() {
        let shown = serde_json::to_string(&faults).unwrap_or_else(|_| format!("{faults:?}"));
        println!("fault knobs: {shown}");
    }
    println!(
        "change them: curl -X PUT -H 'content-type: application/json' -d '{{\"error_share\":0.1}}' http://{}/__mock/faults",
        server.addr()
    );
    println!(
        "try: POSTPOST_API_KEY={api_key_hint} postpost --base-url {}",
        server.base_url()
    );
    let _ = tokio::signal::ctrl_c().await;
    server.shutdown().await;
    Ok(ExitCode::from(Exit::Done))
}
