//! postpost-tui: a keyboard-driven terminal app for the posts of a PostPost account.
//!
//! Data flow (DESIGN §2):
//!
//! ```text
//! input task (crossterm EventStream) --Event--> app loop (sole owner of AppState)
//! app loop --Command--> worker task (owns ApiClient; jobs with cancel tokens)
//! worker/jobs --WorkerEvent--> app loop
//! ```
//!
//! `api` speaks POSTPOST_API.md; `mock` serves it on loopback for the demo and the tests;
//! `app` holds the state, the keymap and the pure `update`/`apply`; `ui` draws; `worker` does
//! the network work; `cli_cmds` are the headless commands.

pub mod api;
pub mod app;
pub mod cli;
pub mod cli_cmds;
pub mod config;
pub mod mock;
pub mod secret;
pub mod startup;
pub mod ui;
pub mod worker;
