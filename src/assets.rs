//! Static assets (CSS, icons), compiled into the binary so it runs anywhere. URLs carry a
//! content hash, so browsers may cache them for a year and still see every change.
use axum::{
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use rust_embed::Embed;
use std::{collections::HashMap, sync::LazyLock};

#[derive(Embed)]
#[folder = "assets/"]
pub struct Assets;

static VERSIONS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    Assets::iter()
        .filter_map(|name| {
            let file = Assets::get(&name)?;
            Some((
                name.to_string(),
                hex::encode(&file.metadata.sha256_hash()[..6]),
            ))
        })
        .collect()
});

/// The URL of an asset, with its content hash for cache busting.
pub fn url(name: &str) -> String {
    match VERSIONS.get(name) {
        Some(v) => format!("/assets/{name}?v={v}"),
        None => format!("/assets/{name}"),
    }
}

/// The service worker, at the root so its scope is the whole site: `assets/js/sw.js` after
/// the app shell's hashed URLs (a changed asset changes the worker, so browsers update it).
/// Never cached by the browser: a stale worker would serve stale pages.
pub async fn service_worker() -> Response {
    const SHELL: [&str; 7] = [
        "css/app.css",
        "js/confirm.js",
        "js/draft.js",
        "js/filter.js",
        "js/offline.js",
        "img/icon.svg",
        "manifest.webmanifest",
    ];
    let shell: Vec<String> = SHELL.iter().map(|n| url(n)).collect();
    // Names the shell's cache: a new one whenever any of these files changes.
    let version = hex::encode(&<sha2::Sha256 as sha2::Digest>::digest(shell.join(" "))[..6]);
    let body = Assets::get("js/sw.js")
        .map(|f| String::from_utf8_lossy(&f.data).into_owned())
        .unwrap_or_default();
    let script = format!(
        "var VERSION = {};\nvar SHELL = {};\n{body}",
        serde_json::json!(version),
        serde_json::json!(shell)
    );
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        script,
    )
        .into_response()
}

pub async fn serve(Path(path): Path<String>) -> Response {
    let Some(file) = Assets::get(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    let mut res = file.data.into_owned().into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    res
}
