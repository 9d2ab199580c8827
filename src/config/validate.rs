//! Checks that serde cannot make: ranges, the base URL (and plain `http://` only to loopback
//! unless allowed), the user id's form, a blank key command.

use super::{Config, ConfigError, MAX_PAGE_SIZE};

/// Largest `max_rate_limit_wait_secs`: a day.
pub const MAX_RATE_LIMIT_WAIT_SECS: u64 = 86_400;

/// Checks ranges and formats that serde cannot.
///
/// `page_size` in `1..=100`; `page_concurrency` and `concurrency` at least 1;
/// `max_rate_limit_wait_secs` in `1..=86400`; timeouts more than 0; `base_url` an `http://` or `https://` URL with a host, where plain `http://` needs a
/// loopback host (`localhost`, `127.0.0.1`, `[::1]`) or `allow_insecure_http`; `user_id` 24 hex
/// characters when set; `api_key_command` not blank when set.
///
/// # Errors
/// The first [`ConfigError::Invalid`] found, naming the key.
pub fn validate(config: &Config) -> Result<(), ConfigError> {
    let invalid = |key: &'static str, message: String| Err(ConfigError::Invalid { key, message });
    if !(1..=MAX_PAGE_SIZE).contains(&config.page_size) {
        return invalid(
            "page_size",
            format!(
                "{} is out of range; use 1 to {MAX_PAGE_SIZE}",
                config.page_size
            ),
        );
    }
    if config.page_concurrency == 0 {
        return invalid("page_concurrency", "must be at least 1".to_owned());
    }
    if config.concurrency == 0 {
        return invalid("concurrency", "must be at least 1".to_owned());
    }
    if !(1..=MAX_RATE_LIMIT_WAIT_SECS).contains(&config.max_rate_limit_wait_secs) {
        return invalid(
            "max_rate_limit_wait_secs",
            format!(
                "{} is out of range; use 1 to {MAX_RATE_LIMIT_WAIT_SECS} seconds (a day)",
                config.max_rate_limit_wait_secs
            ),
        );
    }
    if config.connect_timeout_secs == 0 {
        return invalid(
            "connect_timeout_secs",
            "must be more than 0 seconds".to_owned(),
        );
    }
    if config.request_timeout_secs == 0 {
        return invalid(
            "request_timeout_secs",
            "must be more than 0 seconds".to_owned(),
        );
    }
    if let Some(name) = &config.timezone
        && let Err(message) = crate::time::TimeZoneChoice::named(name)
    {
        return invalid("timezone", message);
    }
    check_base_url(&config.base_url, config.allow_insecure_http)
        .or_else(|message| invalid("base_url", message))?;
    if let Some(user_id) = config
        .user_id
        .as_ref()
        .filter(|id| !(id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit())))
    {
        return invalid(
            "user_id",
            format!("\"{user_id}\" is not 24 hexadecimal characters"),
        );
    }
    if config
        .api_key_command
        .as_ref()
        .is_some_and(|command| command.trim().is_empty())
    {
        return invalid(
            "api_key_command",
            "is empty; remove the key or give a command".to_owned(),
        );
    }
    Ok(())
}

/// The message says what is wrong with `url`; it is shown after `config key "base_url": `.
fn check_base_url(url: &str, allow_insecure_http: bool) -> Result<(), String> {
    let shown = crate::secret::url_without_credentials(url);
    let (rest, secure) = if let Some(rest) = url.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (rest, false)
    } else {
        return Err(format!("\"{shown}\" must start with https:// or http://"));
    };
    if url.chars().any(char::is_whitespace) {
        return Err(format!("\"{shown}\" contains whitespace"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host_of(authority);
    if host.is_empty() {
        return Err(format!("\"{shown}\" has no host"));
    }
    if !secure && !allow_insecure_http && !matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
        return Err(format!(
            "\"{shown}\" would send the API key unencrypted; use https://, or set \
             allow_insecure_http = true (flag --allow-insecure-http)"
        ));
    }
    Ok(())
}

/// `host` from `user@host:port`; IPv6 literals keep their brackets.
fn host_of(authority: &str) -> &str {
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host_port.starts_with('[') {
        return host_port
            .find(']')
            .map_or(host_port, |end| &host_port[..=end]);
    }
    host_port.split(':').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid_key(config: &Config) -> &'static str {
        match validate(config) {
            Err(ConfigError::Invalid { key, .. }) => key,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn validate_rejects_out_of_range_values() {
        let base = Config::default();
        for (config, key) in [
            (
                Config {
                    page_size: 0,
                    ..base.clone()
                },
                "page_size",
            ),
            (
                Config {
                    page_size: 101,
                    ..base.clone()
                },
                "page_size",
            ),
            (
                Config {
                    page_concurrency: 0,
                    ..base.clone()
                },
                "page_concurrency",
            ),
            (
                Config {
                    concurrency: 0,
                    ..base.clone()
                },
                "concurrency",
            ),
            (
                Config {
                    connect_timeout_secs: 0,
                    ..base.clone()
                },
                "connect_timeout_secs",
            ),
            (
                Config {
                    max_rate_limit_wait_secs: 0,
                    ..base.clone()
                },
                "max_rate_limit_wait_secs",
            ),
            (
                Config {
                    max_rate_limit_wait_secs: MAX_RATE_LIMIT_WAIT_SECS + 1,
                    ..base.clone()
                },
                "max_rate_limit_wait_secs",
            ),
            (
                Config {
                    request_timeout_secs: 0,
                    ..base.clone()
                },
                "request_timeout_secs",
            ),
            (
                Config {
                    user_id: Some("abc".to_owned()),
                    ..base.clone()
                },
                "user_id",
            ),
            (
                Config {
                    user_id: Some("0123456789abcdef0123456g".to_owned()),
                    ..base.clone()
                },
                "user_id",
            ),
            (
                Config {
                    api_key_command: Some(" ".to_owned()),
                    ..base.clone()
                },
                "api_key_command",
            ),
        ] {
            assert_eq!(invalid_key(&config), key);
        }
        let ok = Config {
            page_size: 1,
            user_id: Some("0123456789abcdefABCDEF01".to_owned()),
            ..base
        };
        validate(&ok).expect("valid");
    }

    #[test]
    fn validate_checks_base_url() {
        let with_url = |url: &str, insecure: bool| Config {
            base_url: url.to_owned(),
            allow_insecure_http: insecure,
            ..Config::default()
        };
        for url in [
            "https://api.postpost.dev/api/v1",
            "http://127.0.0.1:8787/api/v1",
            "http://localhost:1234",
            "http://[::1]:80/api/v1",
            "https://user@host.example:8443/x",
        ] {
            validate(&with_url(url, false)).unwrap_or_else(|e| panic!("{url}: {e}"));
        }
        for url in [
            "ftp://x",
            "api.postpost.dev",
            "https://",
            "https:///api",
            "https://a b",
        ] {
            assert_eq!(invalid_key(&with_url(url, false)), "base_url", "{url}");
        }
        let remote_http = with_url("http://api.example.com/api/v1", false);
        let error = validate(&remote_http).expect_err("insecure");
        assert!(error.to_string().contains("allow_insecure_http"), "{error}");
        validate(&with_url("http://api.example.com/api/v1", true)).expect("allowed");
    }
}
