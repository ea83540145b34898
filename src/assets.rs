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
