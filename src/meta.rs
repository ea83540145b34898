//! Who is asking, from where: the client address and request id, for the audit log.
use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};
use std::{convert::Infallible, net::SocketAddr};

#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub user_agent: Option<String>,
}

impl RequestMeta {
    pub fn ip_or_unknown(&self) -> String {
        self.ip.clone().unwrap_or_else(|| "unknown".into())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestMeta {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(250).collect::<String>())
        };
        Ok(RequestMeta {
            ip: parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string()),
            request_id: header("x-request-id"),
            user_agent: header("user-agent"),
        })
    }
}
