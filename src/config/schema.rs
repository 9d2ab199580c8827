//! The config file's schema: every key with its type and default (the TOML of
//! `config.example.toml`), the `[profiles.NAME]`, `[keys]` and `[theme]` tables. Unknown keys
//! are refused by serde; ranges and formats are checked afterwards by `validate`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::secret::ApiKey;

/// Default API root, version prefix included (POSTPOST_API.md §1.1).
pub const DEFAULT_BASE_URL: &str = "https://api.postpost.dev/api/v1";

/// Largest page the API serves; larger `limit`s are clamped (POSTPOST_API.md §3.1).
pub const MAX_PAGE_SIZE: u32 = 100;

/// Settings read from the config file (TOML). Missing keys take their defaults; unknown keys are
/// an error. Durations are whole seconds, named `*_secs`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// API root including the version prefix, e.g. `https://api.postpost.dev/api/v1`.
    pub base_url: String,
    /// API key stored in the file. Discouraged: prefer `POSTPOST_API_KEY` or `api_key_command`.
    pub api_key: Option<ApiKey>,
    /// Shell command (run with `sh -c`) whose trimmed standard output is the API key.
    pub api_key_command: Option<String>,
    /// Managed workspace user to act as: the `x-postpost-user-id` header, 24 hex characters
    /// (POSTPOST_API.md §1.5).
    pub user_id: Option<String>,
    /// Posts per list request, `1..=100`.
    pub page_size: u32,
    /// List pages requested at once, at least 1.
    pub page_concurrency: usize,
    /// Delete requests in flight at once, at least 1.
    pub concurrency: usize,
    /// Bulk deletes of this many posts or more require typing the count (DESIGN §3).
    pub confirm_typed_threshold: usize,
    /// The longest `Retry-After` a job waits out, in seconds, `1..=86400`; a longer one stops
    /// the job (POSTPOST_API.md §9.1).
    pub max_rate_limit_wait_secs: u64,
    /// Connection (TCP + TLS) timeout in seconds, more than 0.
    pub connect_timeout_secs: u64,
    /// Whole-request timeout in seconds, more than 0.
    pub request_timeout_secs: u64,
    /// Allow plain `http://` to hosts other than loopback (sends the key unencrypted).
    pub allow_insecure_http: bool,
    /// Look, never change: no deleting (or other changing request) can be sent.
    pub read_only: bool,
    /// Back each post up (with its media) before a TUI delete deletes it, so `U` or
    /// `postpost restore` can bring it back; `b` in the confirm dialog turns it off for a job.
    pub backup: bool,
    /// The profile used when neither `--profile` nor `POSTPOST_PROFILE` names one. Must
    /// name a table of [`Config::profiles`].
    pub profile: Option<String>,
    /// Named accounts, `[profiles.NAME]`: each may override the account-level keys.
    pub profiles: BTreeMap<String, Profile>,
    /// Mouse support in the TUI (click, wheel); flag `--no-mouse` turns it off.
    pub mouse: bool,
    /// Key overrides, `[keys.MODE] action = ["key", ...]`: mode and action names in snake_case
    /// (`keys.browse.request_delete`). Checked by `app::keymap::Keymap::with_overrides`.
    pub keys: KeyOverrides,
    /// Style overrides, `[theme]`; checked by `ui::Theme::from_config`.
    pub theme: ThemeConfig,
    /// IANA time zone times are shown and typed in (`"America/New_York"`), `"UTC"`, or
    /// unset for the machine's; flag `--timezone` overrides it.
    pub timezone: Option<String>,
    /// `y` / `Y` copy the cursor post's id / content to the clipboard with OSC 52 (the
    /// terminal does the copying, over ssh too); `false` turns it off.
    pub clipboard: bool,
    /// Saved views, `[views.NAME] query = "…"` (DESIGN §8): the TUI's `f`, `--view NAME` and
    /// `postpost prune --view NAME`. Each query is checked by `postpost config check`.
    pub views: BTreeMap<String, View>,
}

impl Config {
    /// The zone of `timezone` (the machine's when unset or unknown; `validate` refuses an
    /// unknown name first).
    pub fn time_zone(&self) -> crate::time::TimeZoneChoice {
        self.timezone
            .as_deref()
            .and_then(|name| crate::time::TimeZoneChoice::named(name).ok())
            .unwrap_or_default()
    }
}

/// One `[views.NAME]` table: a saved query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// Query text (DESIGN §8), e.g. `status:failed platform:twitter created:<30d -launch`.
    pub query: String,
}

/// `[keys]`: mode name → action name → keys, as written in the file.
pub type KeyOverrides = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// One `[profiles.NAME]` table: the account-level keys, each optional; a key left out keeps the
/// top-level value. A profile that sets `api_key` or `api_key_command` replaces
/// both top-level key sources, so a top-level `api_key_command` cannot outrank the profile's key.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    pub base_url: Option<String>,
    pub api_key: Option<ApiKey>,
    pub api_key_command: Option<String>,
    pub user_id: Option<String>,
    /// `true` makes every session of this profile read-only.
    pub read_only: Option<bool>,
    pub allow_insecure_http: Option<bool>,
    /// Views of this profile, `[profiles.NAME.views.VIEW]`: added to the top-level views, and
    /// replacing one of the same name.
    pub views: BTreeMap<String, View>,
}

/// `[theme]`: an optional preset, then per-style overrides by the style's name in `ui::Theme`
/// (e.g. `cursor = { fg = "black", bg = "#ffaf00", bold = true }`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ThemeConfig {
    /// `"default"` (colours) or `"mono"` (no colours, only bold, reverse and underline). The
    /// `NO_COLOR` environment variable picks `"mono"` when this is unset.
    pub preset: Option<String>,
    /// Style name → override, applied over the preset.
    #[serde(flatten)]
    pub styles: BTreeMap<String, StyleSpec>,
}

/// One style override: colours by name (`"red"`, `"dark_gray"`, `"reset"`), `"#rrggbb"` or a
/// 256-colour index (`"208"`); each modifier `true` adds it, `false` removes it; anything left
/// out keeps the preset's value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StyleSpec {
    /// Foreground colour.
    pub fg: Option<String>,
    /// Background colour.
    pub bg: Option<String>,
    pub bold: Option<bool>,
    pub dim: Option<bool>,
    pub italic: Option<bool>,
    pub underlined: Option<bool>,
    /// Foreground and background swapped.
    pub reversed: Option<bool>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            api_key: None,
            api_key_command: None,
            user_id: None,
            page_size: MAX_PAGE_SIZE,
            page_concurrency: 4,
            concurrency: 8,
            confirm_typed_threshold: 20,
            max_rate_limit_wait_secs: 300,
            connect_timeout_secs: 5,
            request_timeout_secs: 30,
            allow_insecure_http: false,
            read_only: false,
            backup: true,
            profile: None,
            profiles: BTreeMap::new(),
            mouse: true,
            keys: KeyOverrides::new(),
            theme: ThemeConfig::default(),
            views: BTreeMap::new(),
            timezone: None,
            clipboard: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::testing::{parse, parse_err};

    #[test]
    fn partial_file_keeps_other_defaults() {
        let config = parse("page_size = 50\napi_key = \"sk_abc\\n\"\n").expect("parses");
        assert_eq!(config.page_size, 50);
        assert_eq!(config.api_key.as_ref().map(ApiKey::expose), Some("sk_abc"));
        assert_eq!(config.concurrency, Config::default().concurrency);
        assert!(!format!("{config:?}").contains("sk_abc"));
    }

    #[test]
    fn keys_theme_and_mouse_parse_raw() {
        let config = parse(
            "mouse = false\n[keys.browse]\nrequest_delete = [\"X\", \"ctrl-x\"]\n\
             [theme]\npreset = \"mono\"\ncursor = { fg = \"black\", bg = \"#ffaf00\", bold = true }\n",
        )
        .expect("parses");
        assert!(!config.mouse);
        assert_eq!(
            config.keys["browse"]["request_delete"],
            vec!["X".to_owned(), "ctrl-x".to_owned()]
        );
        assert_eq!(config.theme.preset.as_deref(), Some("mono"));
        assert_eq!(
            config.theme.styles["cursor"],
            StyleSpec {
                fg: Some("black".into()),
                bg: Some("#ffaf00".into()),
                bold: Some(true),
                ..StyleSpec::default()
            }
        );
        let (_, _, _, message, _) = parse_err("[keys.browse]\nquit = \"q\"\n");
        assert!(message.contains("invalid type"), "{message}");
    }
}
