//! Profiles: the chosen `[profiles.NAME]` table laid over the file's top-level keys, the second
//! of the layers file < profile < environment < flags (the last two are laid on by
//! `commands::setup::resolve`).

use super::{Config, ConfigError};

impl Config {
    /// The profile to use: `chosen` (`--profile` or `POSTPOST_PROFILE`), else the file's
    /// `profile` key, else none.
    pub fn profile_name<'a>(&'a self, chosen: Option<&'a str>) -> Option<&'a str> {
        chosen.or(self.profile.as_deref())
    }
}

/// Lays the profile `name` over the top-level keys of `config`: each key the profile sets
/// replaces the top-level one (see [`Profile`](super::Profile) for the API key). `None` leaves
/// the config as it is. The environment and flags are laid over the result by the caller.
///
/// # Errors
/// [`ConfigError::UnknownProfile`] when `name` is not a `[profiles.NAME]` table, listing the
/// names that are.
pub fn apply_profile(mut config: Config, name: Option<&str>) -> Result<Config, ConfigError> {
    let Some(name) = name else {
        return Ok(config);
    };
    let Some(profile) = config.profiles.get(name).cloned() else {
        return Err(ConfigError::UnknownProfile {
            name: name.to_owned(),
            known: config.profiles.keys().cloned().collect(),
        });
    };
    if let Some(base_url) = profile.base_url {
        config.base_url = base_url;
    }
    if profile.api_key.is_some() || profile.api_key_command.is_some() {
        config.api_key = profile.api_key;
        config.api_key_command = profile.api_key_command;
    }
    if let Some(user_id) = profile.user_id {
        config.user_id = Some(user_id);
    }
    if let Some(read_only) = profile.read_only {
        config.read_only = read_only;
    }
    if let Some(allow) = profile.allow_insecure_http {
        config.allow_insecure_http = allow;
    }
    config.views.extend(profile.views);
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::testing::{parse, parse_err};
    use crate::config::{DEFAULT_BASE_URL, validate};
    use crate::secret::ApiKey;

    const PROFILES: &str = r#"
base_url = "https://api.postpost.dev/api/v1"
api_key_command = "echo sk_top"
user_id = "0123456789abcdef01234567"
profile = "work"

[profiles.work]
api_key = "sk_work"

[profiles.audit]
base_url = "https://audit.example/api/v1"
read_only = true
user_id = "aaaaaaaaaaaaaaaaaaaaaaaa"
"#;

    #[test]
    fn profiles_parse_and_lay_over_the_top_level_keys() {
        let config = parse(PROFILES).expect("parses");
        assert_eq!(
            config.profiles.keys().collect::<Vec<_>>(),
            ["audit", "work"]
        );
        // No choice on the command line: the file's `profile` key picks "work".
        let work = apply_profile(config.clone(), config.profile_name(None)).expect("work");
        assert_eq!(work.base_url, DEFAULT_BASE_URL);
        assert_eq!(work.api_key.as_ref().map(ApiKey::expose), Some("sk_work"));
        assert_eq!(
            work.api_key_command, None,
            "the profile's key outranks the top-level command"
        );
        assert_eq!(work.user_id.as_deref(), Some("0123456789abcdef01234567"));
        assert!(!work.read_only);
        // --profile audit wins over the file's choice.
        let audit =
            apply_profile(config.clone(), config.profile_name(Some("audit"))).expect("audit");
        assert_eq!(audit.base_url, "https://audit.example/api/v1");
        assert!(audit.read_only);
        assert_eq!(audit.user_id.as_deref(), Some("aaaaaaaaaaaaaaaaaaaaaaaa"));
        assert_eq!(audit.api_key_command.as_deref(), Some("echo sk_top"));
        validate(&audit).expect("valid");
        // No profile at all: the top-level keys as written.
        let plain = Config {
            profile: None,
            ..config
        };
        let none = apply_profile(plain.clone(), plain.profile_name(None)).expect("none");
        assert_eq!(none, plain);
    }

    #[test]
    fn an_unknown_profile_names_the_known_ones() {
        let config = parse(PROFILES).expect("parses");
        let error = apply_profile(config, Some("wrok")).expect_err("unknown");
        assert_eq!(
            error.to_string(),
            "unknown profile \"wrok\"; the config file defines: audit, work"
        );
        let error = apply_profile(Config::default(), Some("x")).expect_err("none defined");
        assert!(error.to_string().contains("defines no profiles"), "{error}");
        let (_, _, key, message, _) = parse_err("[profiles.x]\nread_only = \"yes\"\n");
        assert_eq!(key.as_deref(), Some("read_only"), "{message}");
    }
}
