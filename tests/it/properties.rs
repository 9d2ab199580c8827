//! Property tests: the text sanitizer and the response parsers on arbitrary input. Whatever a
//! server or a post's author sends, the parsers never panic and the sanitizer never lets a
//! control, escape or bidi character through, nor exceeds a width.

use postpost_tui::api::model::{ListPostsPage, PostDetail};
use postpost_tui::text::sanitize;
use proptest::prelude::*;

fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Strings rich in the characters that cause trouble.
fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\u{1b}]52;c;aGk=\u{7}".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{202e}".to_string()),
        Just("\t".to_string()),
        Just("\r".to_string()),
        Just("\r\n".to_string()),
        Just("\u{8}".to_string()),
        Just("\u{9b}".to_string()),
        Just("👩‍👩‍👧‍👦".to_string()),
        Just("咖啡".to_string()),
        Just("مرحبا".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{feff}".to_string()),
        any::<char>().prop_map(String::from),
        "[a-z ]{0,8}",
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn sanitized_lines_hold_no_dangerous_character(text in hostile()) {
        let line = sanitize::sanitize_line(&text);
        prop_assert!(!line.chars().any(is_dangerous), "{line:?}");
        for line in sanitize::sanitize_lines(&text) {
            prop_assert!(!line.chars().any(is_dangerous), "{line:?}");
        }
    }

    #[test]
    fn truncation_never_exceeds_the_width(text in hostile(), width in 0usize..60) {
        let line = sanitize::truncate_to_width(&sanitize::sanitize_line(&text), width);
        prop_assert!(sanitize::width(&line) <= width, "{line:?} is wider than {width}");
        let padded = sanitize::pad_to_width(&sanitize::sanitize_line(&text), width);
        prop_assert_eq!(sanitize::width(&padded), width);
    }

    #[test]
    fn list_parser_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = ListPostsPage::from_json(&bytes);
        let _ = serde_json::from_slice::<PostDetail>(&bytes);
    }

    #[test]
    fn list_parser_keeps_every_post_with_an_id(
        contents in prop::collection::vec(prop::option::of(hostile()), 0..8),
        junk in prop_oneof![Just(serde_json::Value::Null), Just(serde_json::json!(7)), Just(serde_json::json!("x")), Just(serde_json::json!([1, {}]))],
    ) {
        let posts: Vec<_> = contents
            .iter()
            .enumerate()
            .map(|(n, content)| serde_json::json!({
                "postGroupId": format!("{n:024x}"),
                "content": content,
                "status": junk,
                "scheduledTime": junk,
                "platforms": junk,
                "mediaUrls": junk,
                "createdAt": "2026-13-45T99:00:00Z",
            }))
            .collect();
        let body = serde_json::json!({ "posts": posts, "pagination": junk });
        let page = ListPostsPage::from_json(body.to_string().as_bytes()).expect("object with posts");
        prop_assert_eq!(page.posts.len(), contents.len());
        prop_assert_eq!(page.skipped, 0);
        for (post, content) in page.posts.iter().zip(&contents) {
            prop_assert_eq!(post.content.as_deref(), content.as_deref());
            prop_assert!(post.created_at.as_ref().is_some_and(|t| t.parsed().is_none()), "invalid time kept as unknown");
        }
    }
}
