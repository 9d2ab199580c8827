//! Where the API key comes from, highest first: the `POSTPOST_API_KEY` environment variable,
//! the `api_key_command` (run with a timeout, its standard output never shown), or the file's
//! `api_key`.

use std::process::{Command, Stdio};

use super::{Config, ConfigError};
use crate::secret::ApiKey;

/// The API key to use, from (highest first) the environment, `api_key_command`, or `api_key`.
///
/// `env_key` is `POSTPOST_API_KEY`; empty or whitespace-only counts as unset. The command runs
/// with `sh -c`, standard input inherited (so a password manager can prompt) and its output
/// captured; the first non-blank line of its standard output, trimmed, is the key. It returns
/// as soon as the command exits and that line is read: a background child that keeps the
/// output open does not hold start-up, and the 60 s limit holds in every case. `Ok(None)`
/// when no source gives a key.
///
/// # Errors
/// [`ConfigError::KeyCommand`] when the command cannot start, exits unsuccessfully, prints
/// nothing, or prints something other than UTF-8. The message names the exit status and the first
/// line of standard error, never standard output.
pub fn resolve_api_key(
    config: &Config,
    env_key: Option<String>,
) -> Result<Option<ApiKey>, ConfigError> {
    if let Some(key) = env_key.map(ApiKey::new).filter(|key| !key.is_empty()) {
        return Ok(Some(key));
    }
    if let Some(command) = config.api_key_command.as_deref() {
        return run_key_command(command).map(Some);
    }
    Ok(config.api_key.clone().filter(|key| !key.is_empty()))
}

/// How long `api_key_command` may run (it may ask for a password on the terminal).
const KEY_COMMAND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// After the command exits, how long its pipes may still take to deliver what it wrote (a
/// background child holding them open must not hold start-up).
const AFTER_EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(200);

/// What a pipe reader thread reports.
enum Chunk {
    Bytes(Vec<u8>),
    End,
}

/// Reads `pipe` on a thread, sending what arrives as it arrives; the thread ends at the pipe's
/// end (it may outlive the call, blocked on a pipe a background child holds open).
fn pipe_reader(
    pipe: Option<impl std::io::Read + Send + 'static>,
) -> std::sync::mpsc::Receiver<Chunk> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        if let Some(mut pipe) = pipe {
            let mut buffer = [0u8; 4096];
            loop {
                match pipe.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(Chunk::Bytes(buffer[..n].to_vec())).is_err() {
                            return;
                        }
                    }
                }
            }
        }
        let _ = tx.send(Chunk::End);
    });
    rx
}

/// Collects from `rx` into `bytes` until the first line is complete, the pipe ends, or
/// `deadline` passes.
fn first_line(
    rx: &std::sync::mpsc::Receiver<Chunk>,
    bytes: &mut Vec<u8>,
    deadline: std::time::Instant,
) {
    while !bytes.contains(&b'\n') {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok(Chunk::Bytes(more)) => bytes.extend(more),
            Ok(Chunk::End) | Err(_) => return,
        }
    }
}

/// Runs the key command: returns as soon as it has exited and its first line is read (or its
/// output ended), never after [`KEY_COMMAND_TIMEOUT`] from the start, whatever background
/// children it left holding its pipes.
fn run_key_command(command: &str) -> Result<ApiKey, ConfigError> {
    let failure = |message: String| ConfigError::KeyCommand {
        command: command.to_owned(),
        message,
    };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| failure(format!("could not start: {error}")))?;
    // Both pipes are read on threads so a chatty command cannot block on a full pipe.
    let stdout_rx = pipe_reader(child.stdout.take());
    let stderr_rx = pipe_reader(child.stderr.take());
    let started = std::time::Instant::now();
    let deadline = started + KEY_COMMAND_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= KEY_COMMAND_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failure(format!(
                    "did not finish within {} s",
                    KEY_COMMAND_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(20)),
            Err(error) => return Err(failure(format!("could not wait for it: {error}"))),
        }
    };
    let grace = (std::time::Instant::now() + AFTER_EXIT_GRACE).min(deadline);
    let mut stdout = Vec::new();
    first_line(&stdout_rx, &mut stdout, grace);
    let mut stderr = Vec::new();
    first_line(&stderr_rx, &mut stderr, grace);
    let stderr = String::from_utf8_lossy(&stderr);
    let first_stderr_line = stderr.lines().map(str::trim).find(|line| !line.is_empty());
    let stderr_note =
        first_stderr_line.map_or_else(String::new, |line| format!("; stderr: {line}"));
    if !status.success() {
        return Err(failure(format!("failed ({status}){stderr_note}")));
    }
    let line = stdout
        .split(|b| *b == b'\n')
        .find(|line| !line.iter().all(u8::is_ascii_whitespace))
        .unwrap_or_default();
    let stdout = String::from_utf8(line.to_vec())
        .map_err(|_| failure(format!("printed a key that is not UTF-8 ({status})")))?;
    let key = ApiKey::new(stdout);
    if key.is_empty() {
        return Err(failure(format!("printed no key ({status}){stderr_note}")));
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_command(command: &str) -> Config {
        Config {
            api_key_command: Some(command.to_owned()),
            api_key: Some(ApiKey::new("from_file")),
            ..Config::default()
        }
    }

    fn resolved(config: &Config, env: Option<&str>) -> Option<String> {
        resolve_api_key(config, env.map(str::to_owned))
            .expect("resolves")
            .map(|key| key.expose().to_owned())
    }

    #[test]
    fn key_command_output_is_the_key() {
        let config = with_command("printf 'sk_from_command\\n'");
        assert_eq!(resolved(&config, None).as_deref(), Some("sk_from_command"));
    }

    #[test]
    fn key_command_failure_names_status_and_stderr_not_stdout() {
        let config = with_command(
            "printf 'sk_%s\\n' leaked; printf 'vault is locked\\nsecond_%s\\n' line >&2; exit 3",
        );
        let error = resolve_api_key(&config, None).expect_err("fails");
        let shown = error.to_string();
        assert!(matches!(error, ConfigError::KeyCommand { .. }), "{error:?}");
        assert!(shown.contains('3'), "{shown}");
        assert!(shown.contains("vault is locked"), "{shown}");
        assert!(!shown.contains("second_line"), "{shown}");
        assert!(!shown.contains("sk_leaked"), "{shown}");
        assert!(shown.contains("exit 3"), "names the command: {shown}");
    }

    #[test]
    fn key_command_with_empty_output_is_an_error() {
        let error = resolve_api_key(&with_command("printf '  \\n'"), None).expect_err("empty");
        assert!(error.to_string().contains("printed no key"), "{error}");
    }

    /// A background child that keeps the pipes open does not hold start-up.
    #[test]
    fn key_command_returns_when_it_exits_even_if_a_child_holds_its_output() {
        let started = std::time::Instant::now();
        let config = with_command("echo sk_first_line; sleep 30 &");
        assert_eq!(resolved(&config, None).as_deref(), Some("sk_first_line"));
        let config = with_command("printf sk_no_newline; sleep 30 &");
        assert_eq!(resolved(&config, None).as_deref(), Some("sk_no_newline"));
        let config = with_command("(sleep 30 >&2) & printf 'vault locked\\n' >&2; exit 4");
        let error = resolve_api_key(&config, None).expect_err("fails");
        assert!(error.to_string().contains("vault locked"), "{error}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn key_command_keeps_the_first_non_blank_line() {
        let config = with_command("printf '\\n  sk_second  \\nnoise\\n'");
        assert_eq!(resolved(&config, None).as_deref(), Some("sk_second"));
    }

    #[test]
    fn environment_wins_then_command_then_file() {
        let config = with_command("echo sk_command");
        assert_eq!(
            resolved(&config, Some("sk_env\n")).as_deref(),
            Some("sk_env")
        );
        assert_eq!(resolved(&config, Some("  ")).as_deref(), Some("sk_command"));
        assert_eq!(resolved(&config, None).as_deref(), Some("sk_command"));
        let file_only = Config {
            api_key_command: None,
            ..config
        };
        assert_eq!(resolved(&file_only, Some("")).as_deref(), Some("from_file"));
        assert_eq!(resolved(&Config::default(), None), None);
    }
}
