//! What the user asked for (DESIGN §2): the keymap turns a key press (or a mouse event, through
//! `ui::hit_test` and `keymap::mouse_action`) into an [`Action`], and `app::update::update` folds
//! it into state. Actions never perform I/O themselves. Each action has a name
//! ([`Action::as_str`]), which the config's `[keys.MODE]` tables use to rebind it.

use std::str::FromStr;

/// One user intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Cursor one row down (or scroll the detail pane when it has focus).
    CursorDown,
    /// Cursor one row up (or scroll the detail pane when it has focus).
    CursorUp,
    /// Cursor to the first row.
    CursorTop,
    /// Cursor to the last row.
    CursorBottom,
    /// Cursor one screen down.
    PageDown,
    /// Cursor one screen up.
    PageUp,
    /// Toggle the mark on the cursor row, then move down.
    ToggleMark,
    /// Start or end range marking.
    RangeMark,
    /// Mark every post the filter shows.
    MarkAll,
    /// Invert the marks within what the filter shows.
    InvertMarks,
    /// Undo the last bulk change to the marks (clear, mark all, invert, a range), several
    /// steps back.
    UndoMarks,
    /// End range marking, else leave the detail pane, else clear the text filter, else the
    /// connection filter, else clear the marks.
    Escape,
    /// Open the status picker.
    OpenStatusPicker,
    /// Open the platform picker.
    OpenPlatformPicker,
    /// Start typing the text filter.
    StartSearch,
    /// Next sort (created, scheduled, updated; each desc then asc).
    CycleSort,
    /// Move focus between the list and the detail pane.
    SwitchFocus,
    /// Open (or focus) the detail pane.
    OpenDetail,
    /// Ask to delete the marked posts (or the cursor post): opens the confirm dialog.
    RequestDelete,
    /// Reschedule the marked draft/scheduled posts (or the cursor post): opens the time dialog
    /// (POSTPOST_API.md §3.4).
    RequestReschedule,
    /// Move the marked draft/scheduled posts (or the cursor post) to draft: opens the confirm
    /// dialog.
    RequestMoveToDraft,
    /// Open the managed-user picker (GET workspace/users, §8) to choose whom to act as.
    OpenUserPicker,
    /// Cancel the running job.
    CancelJob,
    /// Retry the posts that failed in the last job.
    RetryFailed,
    /// Restore the posts the last delete job backed up: opens the restore dialog.
    RestoreLastJob,
    /// Reload every post from the server.
    Reload,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Quit (asks first while a job runs).
    Quit,
    /// Ctrl-c: quit; pressed twice while a job runs, quit without asking.
    ForceQuit,
    /// Ctrl-z: suspend to the shell. The loop, which owns the terminal, acts on it (`tui`);
    /// the state does not change.
    Suspend,
    /// Show the posts screen (list and detail).
    ShowPosts,
    /// Show the platform connections screen.
    ShowConnections,
    /// Show the stats screen.
    ShowStats,
    /// Connections screen: show only the posts of the connection under the cursor.
    FilterByConnection,
    /// Connections screen: test the connection under the cursor (test-connection, §5.2).
    TestConnection,
    /// Detail pane: next tab.
    NextDetailTab,
    /// Detail pane: previous tab.
    PrevDetailTab,
    /// Dialog: yes.
    Confirm,
    /// Confirm dialog: save each post to a backup file before deleting it.
    ToggleBackup,
    /// Dialog, picker or text input: cancel.
    Cancel,
    /// Picker or text input: keep the choice.
    Submit,
    /// Picker: previous entry.
    PickerUp,
    /// Picker: next entry.
    PickerDown,
    /// Text input or typed confirmation: a character.
    Input(char),
    /// Text input or typed confirmation: delete one character.
    Backspace,
    /// Text input: clear the whole field (Ctrl-u).
    ClearInput,
    /// Mouse: left click on the list row at this view position: the cursor moves there and
    /// the list takes focus.
    ClickRow(usize),
    /// Mouse: left click on the mark column of the list row at this view position: toggles its
    /// mark and moves the cursor there.
    ToggleMarkAt(usize),
    /// Mouse: left click on the connections table row at this position in the connections
    /// list: the connections cursor moves there.
    ClickConnection(usize),
    /// Mouse: left click in the detail pane: it takes focus.
    FocusDetail,
    /// Mouse wheel down over the list (or the connections table): the list and the cursor
    /// move [`SCROLL_ROWS`] rows down.
    ScrollDown,
    /// Mouse wheel up over the list (or the connections table): the list and the cursor move
    /// [`SCROLL_ROWS`] rows up.
    ScrollUp,
    /// Mouse wheel down over the detail pane: it scrolls [`SCROLL_ROWS`] lines.
    ScrollDetailDown,
    /// Mouse wheel up over the detail pane: it scrolls [`SCROLL_ROWS`] lines back.
    ScrollDetailUp,
    /// Unmark every post the filter shows (the counterpart of [`Action::MarkAll`]).
    UnmarkShown,
    /// Open the saved views (query presets from the config's `[views.NAME]`).
    OpenViews,
    /// Picker: check or uncheck the entry under the cursor (several can be chosen).
    PickerToggle,
    /// Text field: cursor one character left.
    CursorLeft,
    /// Text field: cursor one character right.
    CursorRight,
    /// Text field: cursor to the start.
    LineStart,
    /// Text field: cursor to the end.
    LineEnd,
    /// Text field: cursor one word left.
    WordLeft,
    /// Text field: cursor one word right.
    WordRight,
    /// Text field: delete the character under the cursor.
    DeleteForward,
    /// Text field: delete the word before the cursor.
    DeleteWord,
    /// Copy the cursor post's id to the clipboard (OSC 52).
    CopyId,
    /// Copy the cursor post's content to the clipboard (OSC 52).
    CopyContent,
    /// Open the cursor post, published, on its network (https only).
    OpenPost,
}

impl Action {
    /// Every action a key can be bound to, in declaration order: the variants without data.
    /// The others are made by typing ([`Action::Input`]) and by the mouse.
    pub const BINDABLE: &[Action] = &[
        Self::CursorDown,
        Self::CursorUp,
        Self::CursorTop,
        Self::CursorBottom,
        Self::PageDown,
        Self::PageUp,
        Self::ToggleMark,
        Self::RangeMark,
        Self::MarkAll,
        Self::InvertMarks,
        Self::UndoMarks,
        Self::Escape,
        Self::OpenStatusPicker,
        Self::OpenPlatformPicker,
        Self::StartSearch,
        Self::CycleSort,
        Self::SwitchFocus,
        Self::OpenDetail,
        Self::RequestDelete,
        Self::RequestReschedule,
        Self::RequestMoveToDraft,
        Self::OpenUserPicker,
        Self::CancelJob,
        Self::RetryFailed,
        Self::RestoreLastJob,
        Self::Reload,
        Self::ToggleHelp,
        Self::Quit,
        Self::ForceQuit,
        Self::Suspend,
        Self::ShowPosts,
        Self::ShowConnections,
        Self::ShowStats,
        Self::FilterByConnection,
        Self::TestConnection,
        Self::NextDetailTab,
        Self::PrevDetailTab,
        Self::Confirm,
        Self::ToggleBackup,
        Self::Cancel,
        Self::Submit,
        Self::PickerUp,
        Self::PickerDown,
        Self::Backspace,
        Self::ClearInput,
        Self::FocusDetail,
        Self::ScrollDown,
        Self::ScrollUp,
        Self::ScrollDetailDown,
        Self::ScrollDetailUp,
        Self::UnmarkShown,
        Self::OpenViews,
        Self::PickerToggle,
        Self::CursorLeft,
        Self::CursorRight,
        Self::LineStart,
        Self::LineEnd,
        Self::WordLeft,
        Self::WordRight,
        Self::DeleteForward,
        Self::DeleteWord,
        Self::CopyId,
        Self::CopyContent,
        Self::OpenPost,
    ];

    /// The action's name in the config's `[keys.MODE]` tables and in messages
    /// (`request_delete`); users' config files hold these names, so they never change. A
    /// variant with data is named without it (`input`, `click_row`); [`FromStr`] does not read
    /// those names, since no key can be bound to them.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CursorDown => "cursor_down",
            Self::CursorUp => "cursor_up",
            Self::CursorTop => "cursor_top",
            Self::CursorBottom => "cursor_bottom",
            Self::PageDown => "page_down",
            Self::PageUp => "page_up",
            Self::ToggleMark => "toggle_mark",
            Self::RangeMark => "range_mark",
            Self::MarkAll => "mark_all",
            Self::InvertMarks => "invert_marks",
            Self::UndoMarks => "undo_marks",
            Self::Escape => "escape",
            Self::OpenStatusPicker => "open_status_picker",
            Self::OpenPlatformPicker => "open_platform_picker",
            Self::StartSearch => "start_search",
            Self::CycleSort => "cycle_sort",
            Self::SwitchFocus => "switch_focus",
            Self::OpenDetail => "open_detail",
            Self::RequestDelete => "request_delete",
            Self::RequestReschedule => "request_reschedule",
            Self::RequestMoveToDraft => "request_move_to_draft",
            Self::OpenUserPicker => "open_user_picker",
            Self::CancelJob => "cancel_job",
            Self::RetryFailed => "retry_failed",
            Self::RestoreLastJob => "restore_last_job",
            Self::Reload => "reload",
            Self::ToggleHelp => "toggle_help",
            Self::Quit => "quit",
            Self::ForceQuit => "force_quit",
            Self::Suspend => "suspend",
            Self::ShowPosts => "show_posts",
            Self::ShowConnections => "show_connections",
            Self::ShowStats => "show_stats",
            Self::FilterByConnection => "filter_by_connection",
            Self::TestConnection => "test_connection",
            Self::NextDetailTab => "next_detail_tab",
            Self::PrevDetailTab => "prev_detail_tab",
            Self::Confirm => "confirm",
            Self::ToggleBackup => "toggle_backup",
            Self::Cancel => "cancel",
            Self::Submit => "submit",
            Self::PickerUp => "picker_up",
            Self::PickerDown => "picker_down",
            Self::Input(_) => "input",
            Self::Backspace => "backspace",
            Self::ClearInput => "clear_input",
            Self::ClickRow(_) => "click_row",
            Self::ToggleMarkAt(_) => "toggle_mark_at",
            Self::ClickConnection(_) => "click_connection",
            Self::FocusDetail => "focus_detail",
            Self::ScrollDown => "scroll_down",
            Self::ScrollUp => "scroll_up",
            Self::ScrollDetailDown => "scroll_detail_down",
            Self::ScrollDetailUp => "scroll_detail_up",
            Self::UnmarkShown => "unmark_shown",
            Self::OpenViews => "open_views",
            Self::PickerToggle => "picker_toggle",
            Self::CursorLeft => "cursor_left",
            Self::CursorRight => "cursor_right",
            Self::LineStart => "line_start",
            Self::LineEnd => "line_end",
            Self::WordLeft => "word_left",
            Self::WordRight => "word_right",
            Self::DeleteForward => "delete_forward",
            Self::DeleteWord => "delete_word",
            Self::CopyId => "copy_id",
            Self::CopyContent => "copy_content",
            Self::OpenPost => "open_post",
        }
    }
}

/// A name that is no bindable action's [`Action::as_str`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no action is named {0:?}")]
pub struct UnknownAction(pub String);

/// Reads the [`Action::as_str`] name of one of [`Action::BINDABLE`]; the exact spelling only.
impl FromStr for Action {
    type Err = UnknownAction;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Ok(match name {
            "cursor_down" => Self::CursorDown,
            "cursor_up" => Self::CursorUp,
            "cursor_top" => Self::CursorTop,
            "cursor_bottom" => Self::CursorBottom,
            "page_down" => Self::PageDown,
            "page_up" => Self::PageUp,
            "toggle_mark" => Self::ToggleMark,
            "range_mark" => Self::RangeMark,
            "mark_all" => Self::MarkAll,
            "invert_marks" => Self::InvertMarks,
            "undo_marks" => Self::UndoMarks,
            "escape" => Self::Escape,
            "open_status_picker" => Self::OpenStatusPicker,
            "open_platform_picker" => Self::OpenPlatformPicker,
            "start_search" => Self::StartSearch,
            "cycle_sort" => Self::CycleSort,
            "switch_focus" => Self::SwitchFocus,
            "open_detail" => Self::OpenDetail,
            "request_delete" => Self::RequestDelete,
            "request_reschedule" => Self::RequestReschedule,
            "request_move_to_draft" => Self::RequestMoveToDraft,
            "open_user_picker" => Self::OpenUserPicker,
            "cancel_job" => Self::CancelJob,
            "retry_failed" => Self::RetryFailed,
            "restore_last_job" => Self::RestoreLastJob,
            "reload" => Self::Reload,
            "toggle_help" => Self::ToggleHelp,
            "quit" => Self::Quit,
            "force_quit" => Self::ForceQuit,
            "suspend" => Self::Suspend,
            "show_posts" => Self::ShowPosts,
            "show_connections" => Self::ShowConnections,
            "show_stats" => Self::ShowStats,
            "filter_by_connection" => Self::FilterByConnection,
            "test_connection" => Self::TestConnection,
            "next_detail_tab" => Self::NextDetailTab,
            "prev_detail_tab" => Self::PrevDetailTab,
            "confirm" => Self::Confirm,
            "toggle_backup" => Self::ToggleBackup,
            "cancel" => Self::Cancel,
            "submit" => Self::Submit,
            "picker_up" => Self::PickerUp,
            "picker_down" => Self::PickerDown,
            "backspace" => Self::Backspace,
            "clear_input" => Self::ClearInput,
            "focus_detail" => Self::FocusDetail,
            "scroll_down" => Self::ScrollDown,
            "scroll_up" => Self::ScrollUp,
            "scroll_detail_down" => Self::ScrollDetailDown,
            "scroll_detail_up" => Self::ScrollDetailUp,
            "unmark_shown" => Self::UnmarkShown,
            "open_views" => Self::OpenViews,
            "picker_toggle" => Self::PickerToggle,
            "cursor_left" => Self::CursorLeft,
            "cursor_right" => Self::CursorRight,
            "line_start" => Self::LineStart,
            "line_end" => Self::LineEnd,
            "word_left" => Self::WordLeft,
            "word_right" => Self::WordRight,
            "delete_forward" => Self::DeleteForward,
            "delete_word" => Self::DeleteWord,
            "copy_id" => Self::CopyId,
            "copy_content" => Self::CopyContent,
            "open_post" => Self::OpenPost,
            _ => return Err(UnknownAction(name.to_owned())),
        })
    }
}

/// Rows one notch of the mouse wheel scrolls.
pub const SCROLL_ROWS: usize = 3;

impl Action {
    /// True for the actions mouse events make; they act in browse mode only.
    pub fn is_mouse(self) -> bool {
        matches!(
            self,
            Self::ClickRow(_)
                | Self::ClickConnection(_)
                | Self::ToggleMarkAt(_)
                | Self::FocusDetail
                | Self::ScrollDown
                | Self::ScrollUp
                | Self::ScrollDetailDown
                | Self::ScrollDetailUp
        )
    }

    /// What the action does to posts on the server, for the actions that change them
    /// ("deleting", "rescheduling", "moving to draft", "retrying failed posts"); `None` for the
    /// rest. Read-only mode refuses these, and the footer and help say so.
    pub fn change_name(self) -> Option<&'static str> {
        Some(match self {
            Self::RequestDelete => "deleting",
            Self::RequestReschedule => "rescheduling",
            Self::RequestMoveToDraft => "moving to draft",
            Self::RetryFailed => "retrying failed posts",
            Self::RestoreLastJob => "restoring posts",
            _ => return None,
        })
    }

    /// True for the actions that change posts on the server ([`Action::change_name`]).
    pub fn changes_posts(self) -> bool {
        self.change_name().is_some()
    }
}

impl Action {
    /// The few words the footer shows for this action, shorter than the help text so the
    /// hints fit an 80-100 column terminal; `None` means the help text itself.
    pub fn hint_text(self) -> Option<&'static str> {
        Some(match self {
            Self::ToggleMark => "mark",
            Self::OpenStatusPicker => "status",
            Self::OpenPlatformPicker => "platform",
            Self::StartSearch => "search",
            Self::OpenViews => "views",
            Self::RequestDelete => "delete",
            Self::RequestReschedule => "reschedule",
            Self::ToggleHelp => "help",
            Self::Quit => "quit",
            Self::ShowPosts => "posts",
            Self::ShowConnections => "connections",
            Self::ShowStats => "stats",
            Self::FilterByConnection => "its posts",
            Self::TestConnection => "test",
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant in declaration order, the ones with data with a sample value.
    const EVERY_VARIANT: [Action; 68] = [
        Action::CursorDown,
        Action::CursorUp,
        Action::CursorTop,
        Action::CursorBottom,
        Action::PageDown,
        Action::PageUp,
        Action::ToggleMark,
        Action::RangeMark,
        Action::MarkAll,
        Action::InvertMarks,
        Action::UndoMarks,
        Action::Escape,
        Action::OpenStatusPicker,
        Action::OpenPlatformPicker,
        Action::StartSearch,
        Action::CycleSort,
        Action::SwitchFocus,
        Action::OpenDetail,
        Action::RequestDelete,
        Action::RequestReschedule,
        Action::RequestMoveToDraft,
        Action::OpenUserPicker,
        Action::CancelJob,
        Action::RetryFailed,
        Action::RestoreLastJob,
        Action::Reload,
        Action::ToggleHelp,
        Action::Quit,
        Action::ForceQuit,
        Action::Suspend,
        Action::ShowPosts,
        Action::ShowConnections,
        Action::ShowStats,
        Action::FilterByConnection,
        Action::TestConnection,
        Action::NextDetailTab,
        Action::PrevDetailTab,
        Action::Confirm,
        Action::ToggleBackup,
        Action::Cancel,
        Action::Submit,
        Action::PickerUp,
        Action::PickerDown,
        Action::Input('x'),
        Action::Backspace,
        Action::ClearInput,
        Action::ClickRow(0),
        Action::ToggleMarkAt(0),
        Action::ClickConnection(0),
        Action::FocusDetail,
        Action::ScrollDown,
        Action::ScrollUp,
        Action::ScrollDetailDown,
        Action::ScrollDetailUp,
        Action::UnmarkShown,
        Action::OpenViews,
        Action::PickerToggle,
        Action::CursorLeft,
        Action::CursorRight,
        Action::LineStart,
        Action::LineEnd,
        Action::WordLeft,
        Action::WordRight,
        Action::DeleteForward,
        Action::DeleteWord,
        Action::CopyId,
        Action::CopyContent,
        Action::OpenPost,
    ];

    /// Every variant's name as the old `Debug`-derived spelling gave it, generated once from
    /// that code: users' config files hold these names.
    const NAMES: [&str; 68] = [
        "cursor_down",
        "cursor_up",
        "cursor_top",
        "cursor_bottom",
        "page_down",
        "page_up",
        "toggle_mark",
        "range_mark",
        "mark_all",
        "invert_marks",
        "undo_marks",
        "escape",
        "open_status_picker",
        "open_platform_picker",
        "start_search",
        "cycle_sort",
        "switch_focus",
        "open_detail",
        "request_delete",
        "request_reschedule",
        "request_move_to_draft",
        "open_user_picker",
        "cancel_job",
        "retry_failed",
        "restore_last_job",
        "reload",
        "toggle_help",
        "quit",
        "force_quit",
        "suspend",
        "show_posts",
        "show_connections",
        "show_stats",
        "filter_by_connection",
        "test_connection",
        "next_detail_tab",
        "prev_detail_tab",
        "confirm",
        "toggle_backup",
        "cancel",
        "submit",
        "picker_up",
        "picker_down",
        "input",
        "backspace",
        "clear_input",
        "click_row",
        "toggle_mark_at",
        "click_connection",
        "focus_detail",
        "scroll_down",
        "scroll_up",
        "scroll_detail_down",
        "scroll_detail_up",
        "unmark_shown",
        "open_views",
        "picker_toggle",
        "cursor_left",
        "cursor_right",
        "line_start",
        "line_end",
        "word_left",
        "word_right",
        "delete_forward",
        "delete_word",
        "copy_id",
        "copy_content",
        "open_post",
    ];

    #[test]
    fn names_are_the_config_names() {
        let names: Vec<&str> = EVERY_VARIANT.iter().map(|action| action.as_str()).collect();
        assert_eq!(names, NAMES);
    }

    #[test]
    fn names_round_trip() {
        for action in EVERY_VARIANT {
            let parsed = action.as_str().parse::<Action>();
            if Action::BINDABLE.contains(&action) {
                assert_eq!(parsed, Ok(action), "{action:?}");
            } else {
                // Typing and the mouse make these; no key can be bound to them.
                assert_eq!(
                    parsed,
                    Err(UnknownAction(action.as_str().to_owned())),
                    "{action:?}"
                );
            }
        }
        assert_eq!(
            "RequestDelete".parse::<Action>(),
            Err(UnknownAction("RequestDelete".to_owned()))
        );
        assert!("".parse::<Action>().is_err());
    }

    #[test]
    fn bindable_is_every_variant_without_data() {
        let without_data: Vec<Action> = EVERY_VARIANT
            .into_iter()
            .filter(|action| {
                !matches!(
                    action,
                    Action::Input(_)
                        | Action::ClickRow(_)
                        | Action::ToggleMarkAt(_)
                        | Action::ClickConnection(_)
                )
            })
            .collect();
        assert_eq!(Action::BINDABLE, without_data);
    }
}
