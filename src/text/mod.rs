//! Text every sink shares: [`sanitize`] makes remote text safe for terminal cells (widgets,
//! headless tables, ids, error lines; DESIGN §5 rule 5), [`json`] writes JSON output that is
//! just as safe without changing a value, and [`wording`] writes counts in words. Depends on
//! nothing else in the crate.

pub mod json;
pub mod sanitize;
pub mod wording;
