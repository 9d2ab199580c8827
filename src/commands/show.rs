//! `postpost show ID`: one post with get-post (POSTPOST_API.md §3.2).

use std::process::ExitCode;

use super::exit::{Exit, report_api_error, usage};
use super::list::one_line;
use crate::api::client::ApiClient;
use crate::api::model::PostGroupId;
use crate::text::sanitize;

/// `postpost show ID`: one post with get-post (POSTPOST_API.md §3.2).
pub async fn show(client: &ApiClient, id: &str, json: bool) -> ExitCode {
    let id = match PostGroupId::parse(id) {
        Ok(id) => id,
        Err(error) => return usage(&error.to_string()),
    };
    let detail = match client.get_post(&id).await {
        Ok(detail) => detail,
        Err(error) => return report_api_error(&error),
    };
    if json {
        match crate::text::json::to_string_pretty(&detail) {
            Ok(text) => println!("{text}"),
            Err(error) => eprintln!("postpost: {error}"),
        }
        return ExitCode::from(Exit::Done);
    }
    println!("post group {}", one_line(detail.post_group_id.as_str(), 40));
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
        println!("{line}");
        if let Some(error) = &post.error {
            println!(
                "      {}: {}",
                one_line(&error.code, 40),
                one_line(&error.message, 200)
            );
        }
    }
    if let Some(content) = detail.posts.first().and_then(|p| p.content.as_deref()) {
        println!();
        for line in sanitize::sanitize_lines(content) {
            println!("{line}");
        }
    }
    ExitCode::from(Exit::Done)
}
