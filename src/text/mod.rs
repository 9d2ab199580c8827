//! Text every sink shares: [`sanitize`] makes remote text safe for terminal cells (widgets,
//! headless tables, ids, error lines; DESIGN §5 rule 5), and [`wording`] writes counts in words.
//! Depends on nothing else in the crate.

pub mod sanitize;
pub mod wording;
