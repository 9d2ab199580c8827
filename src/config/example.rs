//! The example config file, every key documented ([`EXAMPLE`]), and `postpost config init`,
//! which writes it ([`write_example`]). The tests keep it in step with the schema: it parses to
//! the defaults and mentions every key.

use std::fs;
use std::io::{self, Write as _};
use std::path::Path;

use super::ConfigError;

/// The example config file, every key documented; `postpost config init` writes it.
/// Parses to exactly [`Config::default()`].
pub const EXAMPLE: &str = include_str!("../../config.example.toml");

/// Writes [`EXAMPLE`] to `path`, creating parent directories. On unix the file is created with
/// mode `0o600`, since the user may put a key in it.
///
/// # Errors
/// [`ConfigError::Exists`] when `path` already exists (it is never overwritten),
/// [`ConfigError::Io`] for other failures.
pub fn write_example(path: &Path) -> Result<(), ConfigError> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ConfigError::Io { path, source }
    };
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = match options.open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            return Err(ConfigError::Exists {
                path: path.to_path_buf(),
            });
        }
        Err(source) => return Err(io_error(path)(source)),
    };
    file.write_all(EXAMPLE.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io_error(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::testing::parse;
    use crate::config::{Config, validate};
    use serde::Deserialize as _;

    /// The field names serde knows for `Config`, read from its `Deserialize` impl, so a new
    /// field cannot be forgotten in the example.
    fn config_field_names() -> &'static [&'static str] {
        use serde::de::value::Error;
        use serde::de::{Deserializer, Visitor};

        struct Recorder(&'static [&'static str]);
        impl<'de> Deserializer<'de> for &mut Recorder {
            type Error = Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
                Err(serde::de::Error::custom("recording only"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Error> {
                self.0 = fields;
                Err(serde::de::Error::custom("recording only"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }
        let mut recorder = Recorder(&[]);
        let _ = Config::deserialize(&mut recorder);
        recorder.0
    }

    #[test]
    fn example_parses_to_the_defaults() {
        let parsed = parse(EXAMPLE).expect("example parses");
        assert_eq!(parsed, Config::default());
        validate(&parsed).expect("defaults are valid");
    }

    #[test]
    fn example_documents_every_field() {
        let fields = config_field_names();
        assert_eq!(fields.len(), 22, "{fields:?}");
        let lines: Vec<&str> = EXAMPLE.lines().collect();
        for field in fields {
            // `field = ...`, or a `[field]` / `[field.NAME]` table header.
            let at = lines
                .iter()
                .position(|line| {
                    let line = line.trim_start_matches(['#', ' ']);
                    line.strip_prefix(field)
                        .is_some_and(|rest| rest.trim_start().starts_with('='))
                        || line
                            .strip_prefix('[')
                            .and_then(|rest| rest.strip_prefix(field))
                            .is_some_and(|rest| rest.starts_with([']', '.']))
                })
                .unwrap_or_else(|| panic!("{field} missing from config.example.toml"));
            assert!(
                at > 0 && lines[at - 1].starts_with('#'),
                "{field} has no comment above it"
            );
        }
        for secret in ["api_key", "api_key_command", "user_id"] {
            assert!(EXAMPLE.contains(&format!("\n# {secret} = ")), "{secret}");
        }
        for variable in [
            "POSTPOST_API_KEY",
            "POSTPOST_BASE_URL",
            "POSTPOST_USER_ID",
            "POSTPOST_CONFIG",
            "POSTPOST_PROFILE",
            "NO_COLOR",
        ] {
            assert!(EXAMPLE.contains(variable), "{variable}");
        }
    }

    #[test]
    fn write_example_creates_dirs_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a/b/config.toml");
        write_example(&path).expect("writes");
        assert_eq!(fs::read_to_string(&path).expect("reads"), EXAMPLE);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(&path).expect("stat").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        fs::write(&path, "page_size = 7\n").expect("write");
        let error = write_example(&path).expect_err("exists");
        assert!(matches!(error, ConfigError::Exists { .. }), "{error:?}");
        assert!(error.to_string().contains("already exists"), "{error}");
        assert_eq!(fs::read_to_string(&path).expect("reads"), "page_size = 7\n");
    }
}
