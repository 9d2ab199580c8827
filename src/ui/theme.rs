//! Every style the UI uses, in one struct (DESIGN §5). Widgets take their colours from here and
//! nowhere else. Start-up builds the theme once from the config's `[theme]` table
//! ([`Theme::from_config`]: a preset, `NO_COLOR`, then per-style overrides) and
//! hands it to the loop in `ui::DrawContext`.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use crate::api::model::{PlatformStatus, PostLogEvent, PostStatus, TokenStatus};
use crate::app::state::NoticeLevel;
use crate::config::{ConfigError, StyleSpec, ThemeConfig};

/// The styles of the UI. Each field can be overridden in the config's `[theme]` table by its
/// name (`cursor = { fg = "black", bg = "#ffaf00", bold = true }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Header line.
    pub header: Style,
    /// The "DEMO" and "READ-ONLY" badges in the header.
    pub demo_badge: Style,
    /// The active profile's name in the header.
    pub profile: Style,
    /// Filter bar labels.
    pub label: Style,
    /// Filter bar values that narrow the list.
    pub active_filter: Style,
    /// The cursor row.
    pub cursor: Style,
    /// A marked row.
    pub marked: Style,
    /// Pane borders.
    pub border: Style,
    /// The border of the pane with focus.
    pub border_focus: Style,
    /// Dimmed text (ids, hints).
    pub dim: Style,
    /// Keys in hints and help.
    pub key: Style,
    /// Dialog border.
    pub dialog: Style,
    /// The border of the delete confirmation, unlike every other dialog's, so a habit learned
    /// on one (`y` to reschedule) is not carried into the other.
    pub dialog_danger: Style,
    /// Warnings inside dialogs.
    pub warning: Style,
    /// Job gauge.
    pub gauge: Style,
    /// Status `draft` (group and platform).
    pub status_draft: Style,
    /// Status `scheduled` (and a platform's `pending` and `processing`).
    pub status_scheduled: Style,
    /// Status `published`.
    pub status_published: Style,
    /// Status `failed`.
    pub status_failed: Style,
    /// Status `partially_published`.
    pub status_partial: Style,
    /// A status this version does not know.
    pub status_other: Style,
    /// An informational notice.
    pub notice_info: Style,
    /// A warning notice.
    pub notice_warn: Style,
    /// An error notice.
    pub notice_error: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            header: Style::new().fg(Color::Black).bg(Color::Cyan),
            demo_badge: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            profile: Style::new()
                .fg(Color::Black)
                .bg(Color::Magenta)
                .add_modifier(Modifier::BOLD),
            label: Style::new().fg(Color::DarkGray),
            active_filter: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            marked: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            border_focus: Style::new().fg(Color::Cyan),
            dim: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            dialog: Style::new().fg(Color::Yellow),
            dialog_danger: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            gauge: Style::new().fg(Color::Green).bg(Color::Black),
            status_draft: Style::new().fg(Color::Gray),
            status_scheduled: Style::new().fg(Color::Blue),
            status_published: Style::new().fg(Color::Green),
            status_failed: Style::new().fg(Color::Red),
            status_partial: Style::new().fg(Color::Yellow),
            status_other: Style::new().fg(Color::Magenta),
            notice_info: Style::new().fg(Color::Green),
            notice_warn: Style::new().fg(Color::Yellow),
            notice_error: Style::new().fg(Color::White).bg(Color::Red),
        }
    }
}

impl Theme {
    /// No colours at all, only bold, reverse and underline (preset `"mono"`, and `NO_COLOR`).
    pub fn mono() -> Self {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        Self {
            header: reversed,
            demo_badge: bold.add_modifier(Modifier::REVERSED),
            profile: bold.add_modifier(Modifier::UNDERLINED),
            label: plain,
            active_filter: bold,
            cursor: reversed,
            marked: bold,
            border: plain,
            border_focus: bold,
            dim: plain,
            key: bold,
            dialog: bold,
            dialog_danger: bold.add_modifier(Modifier::REVERSED),
            warning: bold,
            gauge: reversed,
            status_draft: plain,
            status_scheduled: plain,
            status_published: plain,
            status_failed: bold,
            status_partial: plain,
            status_other: plain,
            notice_info: plain,
            notice_warn: bold,
            notice_error: bold.add_modifier(Modifier::REVERSED),
        }
    }

    /// Every style with its config name. The pattern names every field, so a new style cannot
    /// be added without a name here.
    fn styles_mut(&mut self) -> [(&'static str, &mut Style); 24] {
        let Self {
            header,
            demo_badge,
            profile,
            label,
            active_filter,
            cursor,
            marked,
            border,
            border_focus,
            dim,
            key,
            dialog,
            dialog_danger,
            warning,
            gauge,
            status_draft,
            status_scheduled,
            status_published,
            status_failed,
            status_partial,
            status_other,
            notice_info,
            notice_warn,
            notice_error,
        } = self;
        [
            ("header", header),
            ("demo_badge", demo_badge),
            ("profile", profile),
            ("label", label),
            ("active_filter", active_filter),
            ("cursor", cursor),
            ("marked", marked),
            ("border", border),
            ("border_focus", border_focus),
            ("dim", dim),
            ("key", key),
            ("dialog", dialog),
            ("dialog_danger", dialog_danger),
            ("warning", warning),
            ("gauge", gauge),
            ("status_draft", status_draft),
            ("status_scheduled", status_scheduled),
            ("status_published", status_published),
            ("status_failed", status_failed),
            ("status_partial", status_partial),
            ("status_other", status_other),
            ("notice_info", notice_info),
            ("notice_warn", notice_warn),
            ("notice_error", notice_error),
        ]
    }

    /// The config names of every style, in field order.
    pub fn style_names() -> Vec<&'static str> {
        Self::default()
            .styles_mut()
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    /// The theme the config's `[theme]` table asks for: the preset (`"mono"`
    /// when unset and `no_color`, which the caller sets from a non-empty `NO_COLOR`), then each
    /// style override patched over it by the rules of [`patch`]: under `"mono"` a patch's
    /// colours are dropped and its modifiers kept; a patch giving `fg` or `bg` drops the
    /// preset's `reversed` unless it says `reversed = true`; and a style the preset draws
    /// visibly never ends up invisible.
    ///
    /// # Errors
    /// [`ConfigError::Setting`] naming the key (`theme.preset`, `theme.curser`,
    /// `theme.cursor.bg`) for an unknown preset, style name or colour.
    pub fn from_config(config: &ThemeConfig, no_color: bool) -> Result<Theme, ConfigError> {
        let colourless = match config.preset.as_deref() {
            None => no_color,
            Some(preset) => preset == "mono",
        };
        let mut theme = match config.preset.as_deref() {
            None if no_color => Self::mono(),
            None | Some("default") => Self::default(),
            Some("mono") => Self::mono(),
            Some(other) => {
                return Err(ConfigError::Setting {
                    path: "theme.preset".to_owned(),
                    message: format!("\"{other}\" is not a preset; use \"default\" or \"mono\""),
                });
            }
        };
        for (name, spec) in &config.styles {
            let mut styles = theme.styles_mut();
            let Some((_, style)) = styles.iter_mut().find(|(known, _)| known == name) else {
                return Err(ConfigError::Setting {
                    path: format!("theme.{name}"),
                    message: format!(
                        "no such style; the styles are preset, {}",
                        Self::style_names().join(", ")
                    ),
                });
            };
            **style = patch(**style, spec, name, colourless)?;
        }
        Ok(theme)
    }

    /// A bordered pane titled `title`, its border lit when it has focus.
    pub fn pane<'a>(&self, title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
        Block::default()
            .borders(Borders::ALL)
            .border_style(if focused {
                self.border_focus
            } else {
                self.border
            })
            .title(title)
    }

    /// Style of a group status.
    pub fn status(&self, status: &PostStatus) -> Style {
        match status {
            PostStatus::Draft => self.status_draft,
            PostStatus::Scheduled => self.status_scheduled,
            PostStatus::Published => self.status_published,
            PostStatus::Failed => self.status_failed,
            PostStatus::PartiallyPublished => self.status_partial,
            PostStatus::Other(_) => self.status_other,
        }
    }

    /// Style of a per-platform status.
    pub fn platform_status(&self, status: &PlatformStatus) -> Style {
        match status {
            PlatformStatus::Published => self.status_published,
            PlatformStatus::Failed => self.status_failed,
            PlatformStatus::Scheduled | PlatformStatus::Pending | PlatformStatus::Processing => {
                self.status_scheduled
            }
            PlatformStatus::Draft => self.status_draft,
            PlatformStatus::Other(_) => self.status_other,
        }
    }

    /// Style of a connection's `tokenStatus` (§2.4), from the status styles: valid as
    /// published (green), expiring soon as partially published (yellow), expired as failed
    /// (red), unknown dim, anything else as an unknown status.
    pub fn token_status(&self, status: &TokenStatus) -> Style {
        match status {
            TokenStatus::Valid => self.status_published,
            TokenStatus::ExpiringSoon => self.status_partial,
            TokenStatus::Expired => self.status_failed,
            TokenStatus::Unknown => self.dim,
            TokenStatus::Other(_) => self.status_other,
        }
    }

    /// Style of a post-log `event` (§2.4), from the status styles: successes as published,
    /// failures as failed, attempts and processing as scheduled, the rest plain.
    pub fn log_event(&self, event: &PostLogEvent) -> Style {
        match event {
            PostLogEvent::PublishSucceeded => self.status_published,
            PostLogEvent::PublishFailed => self.status_failed,
            PostLogEvent::PublishAttempted | PostLogEvent::Processing => self.status_scheduled,
            PostLogEvent::Scheduled | PostLogEvent::StatusChanged => Style::new(),
            PostLogEvent::Other(_) => self.status_other,
        }
    }

    /// Style of a notice.
    pub fn notice(&self, level: NoticeLevel) -> Style {
        match level {
            NoticeLevel::Info => self.notice_info,
            NoticeLevel::Warn => self.notice_warn,
            NoticeLevel::Error => self.notice_error,
        }
    }
}

/// `style` with `spec`'s colours and modifiers; `name` names the style in errors.
///
/// The rules, so that the README's `cursor = { fg = "black", bg = "#ffaf00" }` means black on
/// orange and a patch never hides what it patches:
/// - `colourless` (the `"mono"` preset, or `NO_COLOR` with no preset named): `fg` and `bg` are
///   checked but dropped; the modifiers still apply.
/// - A patch that sets `fg` or `bg` (and is not colourless) drops the preset's `reversed`,
///   which would swap the colours asked for, unless it says `reversed = true`.
/// - When the preset's style shows something (a colour or a modifier) and the patched one shows
///   nothing, the preset's modifiers come back (for the cursor: `reversed`), so `reversed =
///   false` takes effect only beside something else visible.
fn patch(
    preset: Style,
    spec: &StyleSpec,
    name: &str,
    colourless: bool,
) -> Result<Style, ConfigError> {
    let colour = |field: &str, text: &str| {
        text.parse::<Color>().map_err(|_| ConfigError::Setting {
            path: format!("theme.{name}.{field}"),
            message: format!(
                "\"{text}\" is not a colour; use a name (black, red, green, yellow, blue, \
                 magenta, cyan, gray, dark_gray, light_red, ..., white, reset), \"#rrggbb\" or \
                 an index 0-255"
            ),
        })
    };
    let fg = spec.fg.as_deref().map(|fg| colour("fg", fg)).transpose()?;
    let bg = spec.bg.as_deref().map(|bg| colour("bg", bg)).transpose()?;
    let mut style = preset;
    if !colourless {
        if fg.is_some() || bg.is_some() {
            style.add_modifier.remove(Modifier::REVERSED);
        }
        if fg.is_some() {
            style.fg = fg;
        }
        if bg.is_some() {
            style.bg = bg;
        }
    }
    for (wanted, modifier) in [
        (spec.bold, Modifier::BOLD),
        (spec.dim, Modifier::DIM),
        (spec.italic, Modifier::ITALIC),
        (spec.underlined, Modifier::UNDERLINED),
        (spec.reversed, Modifier::REVERSED),
    ] {
        match wanted {
            Some(true) => style = style.add_modifier(modifier),
            // Drop it from the preset's style, without forcing it off in what lies beneath.
            Some(false) => style.add_modifier.remove(modifier),
            None => {}
        }
    }
    if is_visible(preset) && !is_visible(style) {
        style.add_modifier |= preset.add_modifier;
    }
    Ok(style)
}

/// True when `style` changes how text looks: a colour (other than `reset`) or a modifier that
/// shows on a terminal without colours (bold, reversed, underlined, italic).
fn is_visible(style: Style) -> bool {
    let coloured = |colour: Option<Color>| colour.is_some_and(|colour| colour != Color::Reset);
    coloured(style.fg)
        || coloured(style.bg)
        || style.add_modifier.intersects(
            Modifier::BOLD | Modifier::REVERSED | Modifier::UNDERLINED | Modifier::ITALIC,
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(text: &str, no_color: bool) -> Result<Theme, ConfigError> {
        let config: ThemeConfig = toml::from_str(text).expect("theme table parses");
        Theme::from_config(&config, no_color)
    }

    fn setting_path(error: ConfigError) -> String {
        match error {
            ConfigError::Setting { path, .. } => path,
            other => panic!("expected a Setting error, got {other:?}"),
        }
    }

    #[test]
    fn an_empty_table_is_the_default_and_no_color_is_mono() {
        assert_eq!(theme("", false).expect("default"), Theme::default());
        assert_eq!(theme("", true).expect("mono"), Theme::mono());
        // An explicit preset outranks NO_COLOR.
        assert_eq!(
            theme("preset = \"default\"", true).expect("default"),
            Theme::default()
        );
    }

    #[test]
    fn mono_has_no_colour_anywhere() {
        let mut mono = Theme::mono();
        for (name, style) in mono.styles_mut() {
            assert_eq!((style.fg, style.bg), (None, None), "{name}");
        }
        assert_ne!(mono.cursor, Style::new(), "the cursor stays visible");
    }

    #[test]
    fn overrides_patch_the_preset() {
        let patched = theme(
            "cursor = { fg = \"black\", bg = \"#ffaf00\", bold = true }\n\
             key = { fg = \"208\", bold = false }\n\
             status_failed = { fg = \"light-red\" }\n",
            false,
        )
        .expect("valid");
        assert_eq!(
            patched.cursor,
            Style::new()
                .fg(Color::Black)
                .bg(Color::Rgb(0xff, 0xaf, 0x00))
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(patched.key, Style::new().fg(Color::Indexed(208)));
        assert_eq!(
            patched.status(&PostStatus::Failed),
            Style::new().fg(Color::LightRed)
        );
        assert_eq!(patched.header, Theme::default().header);
    }

    /// The README's example draws black on orange: the preset's REVERSED would swap them.
    #[test]
    fn a_patch_with_colours_drops_the_presets_reversed_unless_it_asks_for_it() {
        let orange = Color::Rgb(0xff, 0xaf, 0x00);
        let example = theme(
            "cursor = { fg = \"black\", bg = \"#ffaf00\", bold = true }",
            false,
        )
        .expect("valid");
        assert_eq!(
            example.cursor,
            Style::new()
                .fg(Color::Black)
                .bg(orange)
                .add_modifier(Modifier::BOLD)
        );
        let kept = theme("cursor = { bg = \"#ffaf00\", reversed = true }", false).expect("ok");
        assert_eq!(
            kept.cursor,
            Style::new().bg(orange).add_modifier(Modifier::REVERSED)
        );
        // A modifier-only patch keeps the preset's REVERSED.
        let bold = theme("cursor = { bold = true }", false).expect("valid");
        assert_eq!(
            bold.cursor,
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        );
    }

    /// Under NO_COLOR (or the mono preset) a patch's colours go and its modifiers stay; the
    /// cursor keeps REVERSED, so it is still visible.
    #[test]
    fn under_no_color_patches_keep_their_modifiers_and_the_cursor_stays_visible() {
        let example = "cursor = { fg = \"black\", bg = \"#ffaf00\", bold = true }";
        let expected = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        assert_eq!(theme(example, true).expect("valid").cursor, expected);
        let mono = format!("preset = \"mono\"\n{example}");
        assert_eq!(theme(&mono, false).expect("valid").cursor, expected);
        // An explicit "default" preset outranks NO_COLOR: the colours stay.
        let coloured = format!("preset = \"default\"\n{example}");
        assert_eq!(
            theme(&coloured, true).expect("valid").cursor.bg,
            Some(Color::Rgb(0xff, 0xaf, 0x00))
        );
        // reversed = false with nothing else visible would hide the cursor: REVERSED stays.
        let hidden = theme("cursor = { fg = \"red\", reversed = false }", true).expect("ok");
        assert_eq!(hidden.cursor, Style::new().add_modifier(Modifier::REVERSED));
        // ... but beside something visible it is obeyed.
        let underlined = theme(
            "cursor = { reversed = false, underlined = true, bold = true }",
            true,
        )
        .expect("valid");
        assert_eq!(
            underlined.cursor,
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        );
        // Bad colours are still reported under NO_COLOR.
        assert!(theme("cursor = { fg = \"nope\" }", true).is_err());
        // No style of the mono theme loses all its looks to a patch.
        let mut every = String::new();
        for name in Theme::style_names() {
            every.push_str(&format!(
                "{name} = {{ fg = \"red\", reversed = false, bold = false }}\n"
            ));
        }
        let mut patched = theme(&every, true).expect("valid");
        let mut mono = Theme::mono();
        for ((name, style), (_, before)) in patched.styles_mut().into_iter().zip(mono.styles_mut())
        {
            assert_eq!((style.fg, style.bg), (None, None), "{name}");
            if is_visible(*before) {
                assert!(is_visible(*style), "{name} became invisible: {style:?}");
            }
        }
    }

    #[test]
    fn bad_names_and_colours_name_the_key() {
        assert_eq!(
            setting_path(theme("curser = { bold = true }", false).expect_err("name")),
            "theme.curser"
        );
        let error = theme("cursor = { bg = \"orangeish\" }", false).expect_err("colour");
        assert!(error.to_string().contains("orangeish"), "{error}");
        assert_eq!(setting_path(error), "theme.cursor.bg");
        assert_eq!(
            setting_path(theme("preset = \"neon\"", false).expect_err("preset")),
            "theme.preset"
        );
        let error =
            toml::from_str::<ThemeConfig>("cursor = { fgg = \"red\" }").expect_err("unknown field");
        assert!(error.to_string().contains("fgg"), "{error}");
    }

    #[test]
    fn every_style_has_a_distinct_name() {
        let names = Theme::style_names();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert!(!names.contains(&"preset"));
    }
}
