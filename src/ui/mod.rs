//! Drawing only: widgets read the app state and the theme and paint a frame; nothing here does
//! I/O or changes state (DESIGN §1, §5 rule 2). Remote text reaches a widget only through
//! `sanitize`.

pub mod sanitize;
