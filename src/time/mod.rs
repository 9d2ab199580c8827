//! Time as the user sees it: the display zone ([`TimeZoneChoice`]), the formatters every screen
//! and report uses, and the parser of typed times ([`input`]). Pure: the current time is passed
//! in. Wire times themselves (POSTPOST_API.md §1.3) are `api::model::Timestamp`.

pub mod format;
pub mod input;
mod zone;

pub use format::{format_time, format_time_seconds};
pub use zone::{NamedZone, TimeZoneChoice};
