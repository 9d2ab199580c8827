//! The pure model of the TUI (DESIGN §2): [`state::AppState`] and everything that changes it.
//! `keymap` turns a key into an [`action::Action`] for the mode the state is in; `update`
//! folds actions and `protocol::WorkerEvent`s into the state and returns the
//! `protocol::Command`s wanted. Synchronous and free of I/O: no terminal, no network, no async
//! runtime; `tui` runs it, `ui` draws it.

pub mod action;
pub mod keymap;
pub mod query;
pub mod reach;
pub mod state;
pub mod stats;
pub mod update;
