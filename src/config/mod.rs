//! Settings from the config file, and where the app keeps its files. `main` finds the file
//! ([`Paths::discover`], or `POSTPOST_CONFIG` / `--config`), reads it with [`load_file`], lays the
//! chosen profile over the top-level keys ([`apply_profile`]), lets the environment and flags
//! override fields (file < profile < environment < flags; `commands::setup::resolve` lays on the last
//! two), checks the result with [`validate`], and resolves the API key with [`resolve_api_key`].
//! The resulting [`Config`] is handed to the API client (base URL, key, user id, timeouts), the
//! worker (page size and concurrency) and the app (the typed-confirmation threshold, mouse, and
//! the raw `[keys]` and `[theme]` tables, which `app::keymap::Keymap` and `ui::Theme` turn into
//! a keymap and styles). Nothing here touches the terminal.
//!
//! One file per step: `schema` (the keys and their defaults), `paths`, `load` (reading, with
//! `file:line:column` errors), `resolve` (profiles), `validate`, `api_key` (the key sources),
//! `example` (the documented example file, [`EXAMPLE`]) and `error`.

mod api_key;
mod error;
mod example;
mod load;
mod paths;
mod resolve;
mod schema;
#[cfg(test)]
mod testing;
mod validate;

pub use api_key::resolve_api_key;
pub use error::ConfigError;
pub use example::{EXAMPLE, write_example};
pub use load::{load_file, parse_str, permission_warning};
pub use paths::Paths;
pub use resolve::apply_profile;
pub use schema::{
    Config, DEFAULT_BASE_URL, KeyOverrides, MAX_PAGE_SIZE, Profile, StyleSpec, ThemeConfig, View,
};
pub use validate::validate;
