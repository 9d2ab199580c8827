//! postpost-tui: a keyboard-driven terminal app for the posts of a PostPost account.
//!
//! Data flow (DESIGN §2):
//!
//! ```text
//! input task (crossterm EventStream) --Event--> tui loop (sole owner of app::state::AppState)
//! tui loop --protocol::Command--> worker task (owns ApiClient; jobs with cancel tokens)
//! worker/jobs --protocol::WorkerEvent--> tui loop
//! ```
//!
//! Layers, each using only those to its right (an architecture test checks it):
//! `commands → tui → {app, ui, worker}`, `ui → app`, `app → {protocol, api::model, text, time,
//! config}`, `worker → {protocol, api}`, `mock → api`, `protocol → api::model`.
//!
//! * `api` speaks POSTPOST_API.md; `mock` serves it on loopback for the demo and the tests.
//! * `protocol` holds the messages between the loop and the worker.
//! * `app` is the pure model: state, keymap, and `update`/`apply`; `ui` draws it.
//! * `worker` does the network work: page loads, jobs, the journal.
//! * `tui` is the async loop and the terminal; `commands` are the binary's commands.
//! * `text` (sanitizer, wording), `time` (zone, formats, typed times), `config`, `secret` and
//!   `cli` are shared vocabulary.

pub mod api;
pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod mock;
pub mod protocol;
pub mod secret;
pub mod text;
pub mod time;
pub mod tui;
pub mod ui;
pub mod worker;
