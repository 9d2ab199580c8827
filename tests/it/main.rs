//! The integration tests, one binary (DESIGN §1: `tests/it/`): each suite is a module, the
//! helpers they share are in [`support`], and the insta snapshots are in `snapshots/`.

mod architecture;
mod backups;
mod chosen;
mod client;
mod contract;
mod daily;
mod doctor;
mod engine;
mod fields;
mod flow;
mod headless;
mod headless_query;
mod hostile;
mod load;
mod mock_faults;
mod mock_media;
mod mock_server;
mod model;
mod pacing;
mod properties;
mod pty;
mod query;
mod render;
mod rows;
mod screens;
mod scripting;
mod support;
mod update;
