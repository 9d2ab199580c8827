//! postpost-tui: a keyboard-driven terminal app for the posts of a PostPost account.

pub mod api;
pub mod config;
pub mod secret;
pub mod ui;
