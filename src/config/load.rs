//! Reading the config file: TOML parsed into the schema, errors pointing at
//! `file:line:column` and the key involved, and the warning for a file that holds a key and
//! others may read.

use std::fs;
use std::io;
use std::path::Path;

use super::{Config, ConfigError};

/// Reads and parses the config file at `path`.
///
/// A missing file gives [`Config::default()`] unless `must_exist` (set when the user named the
/// file with `--config` or `POSTPOST_CONFIG`). Does not [`validate`](super::validate).
///
/// # Errors
/// [`ConfigError::Io`] when the file cannot be read (or is missing and `must_exist`),
/// [`ConfigError::Parse`] when it is not a valid config.
pub fn load_file(path: &Path, must_exist: bool) -> Result<Config, ConfigError> {
    match fs::read_to_string(path) {
        Ok(text) => parse_str(&text, path),
        Err(error) if error.kind() == io::ErrorKind::NotFound && !must_exist => {
            Ok(Config::default())
        }
        Err(source) => Err(ConfigError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Parses config text; `path` only names the source in errors.
///
/// # Errors
/// [`ConfigError::Parse`] with the 1-based line and column, and the key when it can be told.
pub fn parse_str(text: &str, path: &Path) -> Result<Config, ConfigError> {
    toml::from_str(text).map_err(|error| parse_error(text, path, &error))
}

fn parse_error(text: &str, path: &Path, error: &toml::de::Error) -> ConfigError {
    let offset = error.span().map_or(0, |span| span.start.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |index| index + 1);
    let line_end = text[offset..]
        .find('\n')
        .map_or(text.len(), |index| offset + index);
    let line = text[..line_start].matches('\n').count() + 1;
    let column = text
        .get(line_start..offset)
        .map_or(0, |before| before.chars().count())
        + 1;
    let mut message = error.message().trim().to_owned();
    let key = key_from_message(&message).or_else(|| key_from_line(&text[line_start..line_end]));
    if let Some(nearest) = key.as_deref().and_then(|key| nearest_known(key, &message)) {
        message = format!("{message}; did you mean `{nearest}`?");
    }
    ConfigError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        key,
        message,
    }
}

/// serde names unknown fields as ``unknown field `name`, expected ...``.
fn key_from_message(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    Some(rest[..end].to_owned())
}

/// For serde's ``unknown field `key`, expected one of `a`, `b` …``: the expected name closest
/// to `key` (a typo or two away), if any.
fn nearest_known(key: &str, message: &str) -> Option<String> {
    let (_, expected) = message.split_once("expected ")?;
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|known| (strsim::damerau_levenshtein(key, known), known))
        .filter(|(distance, known)| *distance <= 2.max(known.len() / 4) && *distance < known.len())
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, known)| known.to_owned())
}

/// The key of a `key = value` line, or the name of a `[table]` header.
fn key_from_line(line: &str) -> Option<String> {
    let line = line.trim();
    let raw = if let Some(header) = line.strip_prefix('[') {
        header.trim_start_matches('[').split(']').next()?
    } else {
        line.split_once('=')?.0
    };
    let key = raw.trim().trim_matches(|c| c == '"' || c == '\'');
    let plausible = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    plausible.then(|| key.to_owned())
}

/// A warning when the file at `path` holds an API key (`config.api_key` is set) and group or
/// others may read it; `None` otherwise, when the file cannot be inspected, and off unix.
pub fn permission_warning(path: &Path, config: &Config) -> Option<String> {
    let holds_key = config.api_key.is_some()
        || config
            .profiles
            .values()
            .any(|profile| profile.api_key.is_some());
    if !holds_key {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = fs::metadata(path).ok()?.permissions().mode() & 0o7777;
        if mode & 0o077 != 0 {
            let shown = path.display();
            return Some(format!(
                "config file {shown} holds an API key and is readable by group or others \
                 (mode {mode:04o}); run chmod 600 {shown}"
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::testing::parse_err;

    #[test]
    fn wrong_type_names_file_line_column_and_key() {
        let (line, column, key, message, shown) =
            parse_err("base_url = \"https://x.dev\"\n\npage_size = \"ten\"\n");
        assert_eq!((line, column), (3, 13));
        assert_eq!(key.as_deref(), Some("page_size"));
        assert!(
            message.contains("invalid type: string \"ten\""),
            "{message}"
        );
        assert!(message.contains("u32"), "{message}");
        assert!(
            shown.starts_with("/home/u/.config/postpost/config.toml:3:13: key \"page_size\": "),
            "{shown}"
        );
    }

    #[test]
    fn bad_toml_names_line_column_and_key() {
        let (line, column, key, _message, shown) = parse_err("concurrency = 3\ntimeout = = 4\n");
        assert_eq!(line, 2);
        assert!(column > 1, "{column}");
        assert_eq!(key.as_deref(), Some("timeout"));
        assert!(
            shown.starts_with(&format!(
                "/home/u/.config/postpost/config.toml:2:{column}: key \"timeout\""
            )),
            "{shown}"
        );
        let (line, _, _, _, _) = parse_err("page_size = 10\nbase_url = \"unterminated\n");
        assert_eq!(line, 2);
    }

    #[test]
    fn unknown_key_is_named() {
        let (line, column, key, message, shown) = parse_err("page_size = 10\n  pagesize = 10\n");
        assert_eq!((line, column), (2, 3));
        assert_eq!(key.as_deref(), Some("pagesize"));
        assert!(message.contains("unknown field"), "{message}");
        assert!(message.ends_with("did you mean `page_size`?"), "{message}");
        assert!(
            shown.contains(":2:3: key \"pagesize\": unknown field"),
            "{shown}"
        );
        let (_, _, key, _, _) = parse_err("[profile]\nx = 1\n");
        assert_eq!(key.as_deref(), Some("profile"));
        let (line, _, key, message, _) = parse_err("[profiles.work]\nbase_ur = \"x\"\n");
        assert_eq!(line, 2);
        assert_eq!(key.as_deref(), Some("base_ur"), "{message}");
    }

    #[test]
    fn missing_file_gives_defaults_unless_required() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nope.toml");
        assert_eq!(
            load_file(&path, false).expect("defaults"),
            Config::default()
        );
        let error = load_file(&path, true).expect_err("required file is missing");
        assert!(matches!(error, ConfigError::Io { .. }), "{error:?}");
        assert!(error.to_string().contains("nope.toml"), "{error}");
    }

    #[test]
    fn load_file_reads_and_reports_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        fs::write(&path, "concurrency = 2\n").expect("write");
        assert_eq!(load_file(&path, true).expect("loads").concurrency, 2);
        fs::write(&path, "concurrency = -2\n").expect("write");
        let error = load_file(&path, true).expect_err("negative");
        assert!(
            error
                .to_string()
                .starts_with(&format!("{}:1:15: key \"concurrency\"", path.display())),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn permission_warning_for_readable_file_with_key() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        fs::write(&path, "api_key = \"sk\"\n").expect("write");
        let with_key = load_file(&path, true).expect("loads");

        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        let warning = permission_warning(&path, &with_key).expect("warns");
        let shown = path.display().to_string();
        assert_eq!(
            warning,
            format!(
                "config file {shown} holds an API key and is readable by group or others \
                 (mode 0644); run chmod 600 {shown}"
            )
        );
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        assert!(permission_warning(&path, &with_key).is_some());

        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
        assert_eq!(permission_warning(&path, &with_key), None);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        assert_eq!(permission_warning(&path, &Config::default()), None);
    }
}
