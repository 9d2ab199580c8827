//! `postpost show ID…|-`: posts with get-post (POSTPOST_API.md §3.2), ids from the arguments or
//! stdin (`-`). A post the server does not know is reported and the others still shown (exit
//! 1); any other error stops at once.

use std::process::ExitCode;

use serde::Serialize;

use super::exit::{Exit, report_api_error, usage};
use super::ids;
use super::list::one_line;
use super::output::{self, outln};
use crate::api::client::ApiClient;
use crate::api::model::PostDetail;
use crate::text::sanitize;

/// The `--json` object of `show`.
#[derive(Serialize)]
struct ShowJson<'a> {
    /// The get-post answers, in the order asked.
    posts: &'a [PostDetail],
    /// Ids the server answered 404 for.
    not_found: &'a [String],
}

/// `postpost show`.
pub async fn show(client: &ApiClient, texts: &[String], json: bool) -> ExitCode {
    let ids = match ids::read(texts) {
        Ok(ids) => ids,
        Err(message) => return usage(&message),
    };
    let mut posts = Vec::new();
    let mut not_found = Vec::new();
    for id in &ids {
        match client.get_post(id).await {
            Ok(detail) => {
                if !json {
                    print_post(&detail, posts.is_empty() && not_found.is_empty());
                }
                posts.push(detail);
            }
            Err(error) if error.is_not_found() && ids.len() > 1 => {
                eprintln!("postpost: {id}: not found");
                not_found.push(id.to_string());
            }
            Err(error) => return report_api_error(&error),
        }
    }
    if json {
        output::print_json(&ShowJson {
            posts: &posts,
            not_found: &not_found,
        });
    }
    ExitCode::from(if not_found.is_empty() {
        Exit::Done
    } else {
        Exit::Failed
    })
}

fn print_post(detail: &PostDetail, first: bool) {
    if !first {
        outln!();
    }
    outln!("post group {}", one_line(detail.post_group_id.as_str(), 40));
    for post in &detail.posts {
        let mut line = format!(
            "  {:<10} {:<11} {}",
            one_line(post.platform.as_str(), 10),
            one_line(post.status.as_str(), 11),
            one_line(&post.platform_id, 40)
        );
        if let Some(posted) = &post.posted_id {
            line.push_str(&format!("  posted {}", one_line(posted, 40)));
        }
        outln!("{line}");
        if let Some(error) = &post.error {
            outln!(
                "      {}: {}",
                one_line(&error.code, 40),
                one_line(&error.message, 200)
            );
        }
    }
    if let Some(content) = detail.posts.first().and_then(|p| p.content.as_deref()) {
        outln!();
        for line in sanitize::sanitize_lines(content) {
            outln!("{line}");
        }
    }
}
