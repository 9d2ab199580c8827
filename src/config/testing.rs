//! Test helpers shared by the config tests: parse text as if read from a fixed path.

use std::path::Path;

use super::{Config, ConfigError, parse_str};

pub(super) fn parse(text: &str) -> Result<Config, ConfigError> {
    parse_str(text, Path::new("/home/u/.config/postpost/config.toml"))
}

pub(super) fn parse_err(text: &str) -> (usize, usize, Option<String>, String, String) {
    let error = parse(text).expect_err("should not parse");
    let shown = error.to_string();
    match error {
        ConfigError::Parse {
            line,
            column,
            key,
            message,
            ..
        } => (line, column, key, message, shown),
        other => panic!("expected a parse error, got {other:?}"),
    }
}
