//! The query side of [`PostList`]: typing the query (`/`, live, keeping the last good filter
//! while the text does not parse), setting it from a picker or a saved view, and counting posts
//! for the pickers.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::PostList;
use crate::api::model::{Platform, PostGroupId, PostStatus};
use crate::app::query::{Query, QueryError, TermKind, search_key};
use crate::app::state::field::{Edit, TextField};
use crate::app::state::filter::Filter;
use crate::app::state::overlay::PickerKind;
use crate::app::state::rows::PostRow;
use crate::time::TimeZoneChoice;

/// Longest query text kept, in bytes; typing beyond it is ignored. Parsing this much takes
/// microseconds.
pub const MAX_QUERY_BYTES: usize = 16 * 1024;

/// Longest query text kept, in characters (the byte bound applies too).
const MAX_QUERY_CHARS: usize = MAX_QUERY_BYTES;

/// The query field while it is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryEdit {
    /// The filter's text and query before `/`, restored by `Esc`.
    before: (String, Query),
    /// What is typed; opens with the current query selected.
    input: TextField,
    /// Why `input` does not parse; the list keeps the last good query meanwhile.
    error: Option<QueryError>,
    /// The cursor post when `/` was pressed: the detail pane keeps saying why the query being
    /// typed hides it.
    anchor: Option<PostGroupId>,
}

impl PostList {
    /// The text in the query field, while it is open.
    pub fn query_input(&self) -> Option<&str> {
        self.editing.as_ref().map(|edit| edit.input.value())
    }

    /// The query field, while it is open.
    pub fn query_field(&self) -> Option<&TextField> {
        self.editing.as_ref().map(|edit| &edit.input)
    }

    /// Why the text in the query field does not parse, while it is open.
    pub fn query_error(&self) -> Option<&QueryError> {
        self.editing.as_ref().and_then(|edit| edit.error.as_ref())
    }

    /// The cursor post when the query field was opened, while it is open.
    pub fn search_anchor(&self) -> Option<&PostGroupId> {
        self.editing.as_ref().and_then(|edit| edit.anchor.as_ref())
    }

    /// `/`: opens the query field with the current query, selected: typing replaces it, a
    /// cursor key keeps it for editing (range marking ends).
    pub fn begin_search(&mut self) {
        self.range = None;
        self.editing = Some(QueryEdit {
            before: (self.filter.text.clone(), self.filter.query.clone()),
            input: TextField::new(MAX_QUERY_CHARS).prefilled(&self.filter.text),
            error: None,
            anchor: self.cursor_id().cloned(),
        });
    }

    /// The field now holds `input`: parsed with ages counted from `now` and dates in `zone`,
    /// it becomes the filter at once (the cursor goes to the first match when the text grew);
    /// when it does not parse, the error is kept and the list keeps its last good filter.
    pub fn edit_query(&mut self, input: String, now: DateTime<Utc>, zone: TimeZoneChoice) {
        let Some(edit) = self.editing.as_ref() else {
            return;
        };
        if input.len() > MAX_QUERY_BYTES {
            return;
        }
        let field = TextField::new(MAX_QUERY_CHARS).with_text(&input);
        self.query_edited(field, edit.input.value().len(), now, zone);
    }

    /// An edit of the open query field (a key or a pasted character); the result is read as
    /// [`PostList::edit_query`] says.
    pub fn edit_query_field(&mut self, change: Edit, now: DateTime<Utc>, zone: TimeZoneChoice) {
        let Some(edit) = self.editing.as_ref() else {
            return;
        };
        let mut field = edit.input.clone();
        let before = field.value().len();
        if !field.edit(change) {
            if let Some(open) = self.editing.as_mut() {
                open.input = field;
            }
            return;
        }
        if field.value().len() > MAX_QUERY_BYTES {
            return;
        }
        self.query_edited(field, before, now, zone);
    }

    fn query_edited(
        &mut self,
        field: TextField,
        before: usize,
        now: DateTime<Utc>,
        zone: TimeZoneChoice,
    ) {
        let Some(edit) = self.editing.as_mut() else {
            return;
        };
        let grew = field.value().len() > before;
        edit.input = field;
        match Query::parse(edit.input.value(), now, zone) {
            Ok(query) => {
                edit.error = None;
                self.filter.text = edit.input.value().to_owned();
                if query != self.filter.query {
                    self.filter.query = query;
                    self.view_changed();
                    if grew {
                        self.cursor = 0;
                    }
                }
            }
            Err(error) => edit.error = Some(error),
        }
    }

    /// `Enter`: keeps the typed query and closes the field; refused (false) while the text
    /// does not parse.
    pub fn keep_search(&mut self) -> bool {
        if self.query_error().is_some() {
            return false;
        }
        self.editing = None;
        true
    }

    /// `Esc`: back to the query from before `/`.
    pub fn drop_search(&mut self) {
        if let Some(edit) = self.editing.take() {
            let (text, query) = edit.before;
            self.filter.text = text;
            if query != self.filter.query {
                self.filter.query = query;
                self.view_changed();
            }
        }
    }

    /// Shows what `query` (written as `text`) lets through; the cursor goes to the top. An open
    /// query field takes the text too.
    pub fn set_query(&mut self, text: String, query: Query) {
        if let Some(edit) = self.editing.as_mut() {
            edit.input = TextField::new(MAX_QUERY_CHARS).with_text(&text);
            edit.error = None;
        }
        self.filter.text = text;
        self.filter.query = query;
        self.view_changed();
        self.cursor = 0;
        self.list_offset = 0;
    }

    /// Parses `text` and shows what it lets through (see [`PostList::set_query`]).
    ///
    /// # Errors
    /// The parse error; the filter is unchanged.
    pub fn set_query_text(
        &mut self,
        text: &str,
        now: DateTime<Utc>,
        zone: TimeZoneChoice,
    ) -> Result<(), QueryError> {
        let query = Query::parse(text, now, zone)?;
        self.set_query(text.to_string(), query);
        Ok(())
    }

    /// Drops the query; true when there was one.
    pub fn clear_query(&mut self) -> bool {
        let had = !self.filter.text.is_empty() || !self.filter.query.is_empty();
        if had {
            self.filter.text.clear();
            self.filter.query = Query::default();
            self.view_changed();
        }
        had
    }

    /// Replaces the query's status (or platform) terms with one choosing `values` (wire
    /// names; none drops them), as the pickers do; the query text is rewritten from it.
    pub fn choose(&mut self, kind: PickerKind, values: &[String]) {
        let Some(kind) = term_kind(kind) else { return };
        let query = self.filter.query.with_choice(kind, values);
        self.set_query(query.to_string(), query);
    }

    /// The values the query chooses for the picker of `kind` (wire names).
    pub fn picked(&self, kind: PickerKind) -> Vec<String> {
        term_kind(kind).map_or_else(Vec::new, |kind| self.filter.query.chosen(kind))
    }

    /// True when the filter leaves `row` out.
    pub fn hides(&self, row: &PostRow) -> bool {
        let key = search_key(row.post.content.as_deref());
        !self.filter.matches(row, &key, &self.filter.query.matcher())
    }

    /// How many loaded posts `query` (with the current connection filter) lets through.
    pub fn count_matching(&self, query: &Query) -> usize {
        let filter = Filter {
            query: query.clone(),
            ..self.filter.clone()
        };
        let matcher = filter.query.matcher();
        self.rows
            .iter()
            .enumerate()
            .filter(|(i, row)| !row.gone && filter.matches(row, &self.key(*i), &matcher))
            .count()
    }

    /// Posts passing every part of the filter but the status terms, counted by status; and
    /// likewise for platforms (a post counts once per platform it targets). Used by the
    /// pickers: "all", then every known value in the spec's order, then any unknown values the
    /// server sent. Empty for the views picker.
    pub fn picker_entries(&self, kind: PickerKind) -> Vec<(String, usize)> {
        let (term, known): (TermKind, Vec<&str>) = match kind {
            PickerKind::Status => (
                TermKind::Status,
                PostStatus::KNOWN.iter().map(PostStatus::as_str).collect(),
            ),
            PickerKind::Platform => (
                TermKind::Platform,
                Platform::KNOWN.iter().map(Platform::as_str).collect(),
            ),
            PickerKind::View => return Vec::new(),
        };
        let filter = Filter {
            query: self.filter.query.without(term),
            ..self.filter.clone()
        };
        let matcher = filter.query.matcher();
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut all = 0;
        for (_, row) in self
            .rows
            .iter()
            .enumerate()
            .filter(|(i, r)| !r.gone && filter.matches(r, &self.key(*i), &matcher))
        {
            all += 1;
            let names: BTreeSet<&str> = match term {
                TermKind::Status => std::iter::once(row.post.status.as_str()).collect(),
                _ => row
                    .post
                    .platforms
                    .iter()
                    .map(|p| p.platform.as_str())
                    .collect(),
            };
            for name in names {
                *counts.entry(name.to_string()).or_default() += 1;
            }
        }
        let mut entries = vec![("all".to_string(), all)];
        for name in known {
            entries.push((name.to_string(), counts.remove(name).unwrap_or(0)));
        }
        entries.extend(counts);
        entries
    }
}

fn term_kind(kind: PickerKind) -> Option<TermKind> {
    match kind {
        PickerKind::Status => Some(TermKind::Status),
        PickerKind::Platform => Some(TermKind::Platform),
        PickerKind::View => None,
    }
}
