//! What the user asked for (DESIGN §2): the keymap turns a key press (or a mouse event, through
//! `ui::hit_test` and `keymap::mouse_action`) into an [`Action`], and `app::update::update` folds
//! it into state. Actions never perform I/O themselves.

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
    /// Reload every post from the server.
    Reload,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Quit (asks first while a job runs).
    Quit,
    /// Ctrl-c: quit; pressed twice while a job runs, quit without asking.
    ForceQuit,
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
