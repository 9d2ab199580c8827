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
/// captured; its trimmed standard output is the key. `Ok(None)` when no source gives a key.
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
    // Read both pipes on threads so a chatty command cannot block on a full pipe, and give up
    // after KEY_COMMAND_TIMEOUT so a command that hangs cannot freeze start-up.
    let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout_reader = read(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let stderr_reader = read(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let started = std::time::Instant::now();
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
    let output = std::process::Output {
        status,
        stdout: stdout_reader.join().unwrap_or_default(),
        stderr: stderr_reader.join().unwrap_or_default(),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first_stderr_line = stderr.lines().map(str::trim).find(|line| !line.is_empty());
    let stderr_note =
        first_stderr_line.map_or_else(String::new, |line| format!("; stderr: {line}"));
    if !output.status.success() {
        return Err(failure(format!("failed ({}){stderr_note}", output.status)));
    }
    let stdout = String::from_utf8(output.stdout).map_err(|_| {
        failure(format!(
            "printed a key that is not UTF-8 ({})",
            output.status
        ))
    })?;
    let key = ApiKey::new(stdout);
    if key.is_empty() {
        return Err(failure(format!(
            "printed no key ({}){stderr_note}",
            output.status
        )));
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
