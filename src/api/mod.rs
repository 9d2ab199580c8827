//! The PostPost HTTP API: wire types shared with the mock (`model`), typed errors (`error`),
//! the reqwest client (`client`), the list-posts page walker (`pages`), the retry policy of
//! its callers (`retry`) and the pace of a key's requests under a rate limit (`pacer`). Knows
//! nothing of the UI; the worker owns the only client the TUI uses, and the headless commands
//! build their own (DESIGN §2).

pub mod client;
pub mod error;
pub mod model;
pub mod pacer;
pub mod pages;
pub mod retry;
pub mod storage;
