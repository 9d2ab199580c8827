//! The interactive question of `delete`, `prune`, `reschedule` and `draft` (on stderr, answered
//! on a terminal's stdin): what will happen, the posts (first line of content, status,
//! platforms; the first [`SHOWN`], then "and N more"), the platforms counted, and the warning
//! the TUI's dialog gives for published posts (deleting leaves them live on the networks).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, Write};

use super::list::one_line;
use crate::api::model::{PostGroupId, PostStatus, PostSummary};
use crate::text::sanitize::sanitize_line;
use crate::text::wording;

/// How many posts the question lists.
pub const SHOWN: usize = 20;

/// The question's text for `ids` (`summaries` gives what is known of them; a post not among
/// them is shown by id alone), opening with `headline` and ending in `[y/N]`, or, when
/// `typed` (a batch of `confirm_typed_threshold` posts or more), asking to type the count.
pub fn question(
    headline: &str,
    ids: &[PostGroupId],
    summaries: &[PostSummary],
    deleting: bool,
    typed: bool,
) -> String {
    let known: HashMap<&PostGroupId, &PostSummary> = summaries
        .iter()
        .map(|post| (&post.post_group_id, post))
        .collect();
    let mut text = format!("{headline}\n");
    // As wide as the longest status shown, so a line fits 100 columns in the usual case.
    let status_width = ids
        .iter()
        .take(SHOWN)
        .filter_map(|id| known.get(id))
        .map(|post| post.status.as_str().chars().count().min(19))
        .max()
        .unwrap_or(0);
    for id in ids.iter().take(SHOWN) {
        match known.get(id) {
            Some(post) => {
                let platforms: Vec<&str> =
                    post.platforms.iter().map(|p| p.platform.as_str()).collect();
                let first_line = post
                    .content
                    .as_deref()
                    .unwrap_or("")
                    .lines()
                    .find(|line| !line.trim().is_empty())
                    .unwrap_or("");
                text.push_str(&format!(
                    "  {id}  {:<status_width$}  {:<18}  {}\n",
                    one_line(post.status.as_str(), 19),
                    one_line(&platforms.join(","), 18),
                    one_line(first_line, 40)
                ));
            }
            None => text.push_str(&format!("  {id}  (not listed by the server)\n")),
        }
    }
    if ids.len() > SHOWN {
        text.push_str(&format!("  and {} more\n", ids.len() - SHOWN));
    }
    let mut platforms: BTreeMap<String, usize> = BTreeMap::new();
    let mut published = 0;
    for id in ids {
        if let Some(post) = known.get(id) {
            for platform in &post.platforms {
                *platforms
                    .entry(sanitize_line(platform.platform.as_str()))
                    .or_default() += 1;
            }
            published += usize::from(matches!(
                post.status,
                PostStatus::Published | PostStatus::PartiallyPublished
            ));
        }
    }
    if !platforms.is_empty() {
        text.push_str(&format!(
            "Platforms: {}\n",
            wording::describe_counts(&platforms)
        ));
    }
    if deleting && published > 0 {
        text.push_str(&format!(
            "⚠ {published} published: deleting removes them from PostPost only; they stay live on the networks.\n"
        ));
    }
    if typed {
        text.push_str(&format!("Type {} to go on: ", ids.len()));
    } else {
        text.push_str("[y/N] ");
    }
    text
}

/// Asks `question` on stderr and reads the answer from stdin; true only for `y` or `yes`, or,
/// when `typed_count` is given, only for that number.
pub fn ask(question: &str, typed_count: Option<usize>) -> bool {
    eprint!("{question}");
    let _ = io::stderr().flush();
    let mut answer = String::new();
    if io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    let answer = answer.trim().to_ascii_lowercase();
    match typed_count {
        Some(count) => answer == count.to_string(),
        None => matches!(answer.as_str(), "y" | "yes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(n: usize, status: &str, content: &str) -> PostSummary {
        serde_json::from_value(serde_json::json!({
            "postGroupId": format!("6650a1b2c3d4e5f60123{n:04x}"),
            "content": content,
            "status": status,
            "platforms": [{"platformId": "twitter-1", "platform": "twitter", "status": status}],
        }))
        .expect("summary")
    }

    #[test]
    fn the_question_lists_twenty_posts_then_counts_the_rest_and_warns_about_published() {
        let posts: Vec<PostSummary> = (0..25)
            .map(|n| {
                let status = if n < 2 { "published" } else { "scheduled" };
                post(n, status, &format!("\n  first line {n}\nsecond line"))
            })
            .collect();
        let ids: Vec<PostGroupId> = posts.iter().map(|p| p.post_group_id.clone()).collect();
        let text = question("Delete 25 posts?", &ids, &posts, true, false);
        assert!(text.starts_with("Delete 25 posts?\n"), "{text}");
        assert!(text.contains("first line 19"), "{text}");
        assert!(!text.contains("first line 20"), "{text}");
        assert!(!text.contains("second line"), "{text}");
        assert!(text.contains("and 5 more"), "{text}");
        assert!(text.contains("Platforms: twitter 25"), "{text}");
        assert!(text.contains("⚠ 2 published"), "{text}");
        let text = question("Move 25 posts to draft?", &ids, &posts, false, true);
        assert!(!text.contains("published:"), "{text}");
        assert!(text.ends_with("Type 25 to go on: "), "{text}");
    }
}
