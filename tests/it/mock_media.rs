//! The mock's media flow against POSTPOST_API.md §4.1 and §10: get-upload-url, the pre-signed
//! PUT to the storage host (content type checked, no key needed), serving, attaching to the
//! group's `mediaUrls`, and removal after delete-post commits.

use reqwest::Method;
use serde_json::json;

use crate::support::{api, http_client, seed_server, send_json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_url_takes_exactly_its_content_type_and_attaches_the_file() {
    let server = seed_server().await;
    let id = server.post_ids()[0].to_string();
    // Missing fields: 400 with the documented text; no type: 500.
    for body in [
        json!({"contentType": "image/png", "postGroupId": id}),
        json!({"fileName": "a.png", "postGroupId": id}),
        json!({"fileName": "a.png", "contentType": "image/png"}),
        json!({"fileName": "", "contentType": "image/png", "postGroupId": id}),
    ] {
        let (status, answer) =
            send_json(api(&server, Method::POST, "/get-upload-url").json(&body)).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            answer["error"],
            "fileName, contentType, and postGroupId are required"
        );
    }
    let (status, answer) = send_json(
        api(&server, Method::POST, "/get-upload-url")
            .json(&json!({"fileName": "a.png", "contentType": "image/png", "postGroupId": id})),
    )
    .await;
    assert_eq!(
        (status, &answer["error"]),
        (500, &json!("Failed to create upload URL"))
    );

    let (status, grant) = send_json(api(&server, Method::POST, "/get-upload-url").json(&json!({
        "fileName": " Q3 report (final).png",
        "contentType": "image/png",
        "postGroupId": id,
        "type": "image",
    })))
    .await;
    assert_eq!(status, 200, "{grant}");
    assert_eq!(grant["success"], true);
    let upload = grant["uploadUrl"].as_str().expect("uploadUrl");
    let file_url = grant["fileUrl"].as_str().expect("fileUrl");
    assert!(file_url.ends_with("-Q3_report_final.png"), "{file_url}");
    assert!(upload.starts_with(file_url) && upload.contains("X-Amz-Signature="));
    assert!(grant["mediaId"].as_str().is_some_and(|m| m.len() == 24));

    // The wrong content type, or no signature: S3's 403; nothing stored.
    let put = |url: &str, content_type: &str| {
        http_client()
            .put(url)
            .header("content-type", content_type)
            .body(vec![1u8, 2, 3])
    };
    assert_eq!(
        put(upload, "image/jpeg")
            .send()
            .await
            .expect("put")
            .status(),
        403
    );
    assert_eq!(
        put(file_url, "image/png")
            .send()
            .await
            .expect("put")
            .status(),
        403
    );
    assert_eq!(
        http_client()
            .get(file_url)
            .send()
            .await
            .expect("get")
            .status(),
        404
    );
    // The right one: stored and served, with no key sent.
    assert_eq!(
        put(upload, "image/png").send().await.expect("put").status(),
        200
    );
    let served = http_client().get(file_url).send().await.expect("get");
    assert_eq!(served.status(), 200);
    assert_eq!(
        served.headers()["content-type"].to_str().expect("ascii"),
        "image/png"
    );
    assert_eq!(served.bytes().await.expect("body").as_ref(), [1, 2, 3]);
    assert!(
        server
            .requests()
            .iter()
            .filter(|r| r.path.starts_with("/__storage/"))
            .all(|r| !r.api_key_sent)
    );

    // The file is in the group's mediaUrls; deleting the group removes it from storage.
    let (_, list) = send_json(api(&server, Method::GET, "/list-posts?limit=100")).await;
    let post = list["posts"]
        .as_array()
        .and_then(|posts| posts.iter().find(|p| p["postGroupId"] == id.as_str()))
        .expect("listed");
    assert!(
        post["mediaUrls"]
            .as_array()
            .is_some_and(|urls| urls.iter().any(|u| u == file_url)),
        "{post}"
    );
    let (status, _) = send_json(api(&server, Method::DELETE, &format!("/delete-post/{id}"))).await;
    assert_eq!(status, 200);
    assert_eq!(
        http_client()
            .get(file_url)
            .send()
            .await
            .expect("get")
            .status(),
        404
    );
    assert!(server.media_deletions().iter().any(|u| u == file_url));
}
