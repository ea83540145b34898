//! Who is asking, from where: the client address and request id, for the audit log.
use crate::state::AppState;
use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};
use std::{
    convert::Infallible,
    net::{IpAddr, SocketAddr},
};

#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub user_agent: Option<String>,
}

impl crate::audit::Actor {
    /// A caller not signed in (a failed sign-in, a family or agency link).
    pub fn anonymous(meta: &RequestMeta) -> Self {
        crate::audit::Actor {
            ip: meta.ip.clone(),
            request_id: meta.request_id.clone(),
            ..Default::default()
        }
    }
}

impl RequestMeta {
    pub fn ip_or_unknown(&self) -> String {
        self.ip.clone().unwrap_or_else(|| "unknown".into())
    }
}

/// The client's address: the socket's peer, unless the peer is a trusted proxy; then the
/// nearest address in `X-Forwarded-For` (read from the right) that is not a trusted proxy.
/// Entries further left were written by the client and could be anything.
pub fn client_ip(peer: IpAddr, forwarded: Option<&str>, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut last = peer;
    for hop in forwarded.unwrap_or("").rsplit(',').map(str::trim) {
        let Ok(ip) = hop.parse::<IpAddr>() else {
            return last;
        };
        if !is_trusted(&ip) {
            return ip;
        }
        last = ip;
    }
    last
}

/// The client's address for a request, from its connection and headers (`client_ip`), or
/// `None` when the request came without a connection (in-process tests).
pub fn request_client(
    extensions: &axum::http::Extensions,
    headers: &axum::http::HeaderMap,
    trusted: &[ipnet::IpNet],
) -> Option<IpAddr> {
    let peer = extensions.get::<ConnectInfo<SocketAddr>>()?.0.ip();
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    Some(client_ip(peer, forwarded, trusted))
}

impl FromRequestParts<AppState> for RequestMeta {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(250).collect::<String>())
        };
        Ok(RequestMeta {
            ip: request_client(
                &parts.extensions,
                &parts.headers,
                &state.config.trusted_proxies,
            )
            .map(|ip| ip.to_string()),
            request_id: header("x-request-id"),
            user_agent: header("user-agent"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxies: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        // From the proxy: the client it names.
        let xff = Some("203.0.113.7");
        assert_eq!(client_ip(ip("10.1.2.3"), xff, &proxies), ip("203.0.113.7"));
        // Through two proxies, a forged entry on the left is not believed.
        let chain = Some("198.51.100.1, 203.0.113.7, 10.9.9.9");
        assert_eq!(
            client_ip(ip("10.1.2.3"), chain, &proxies),
            ip("203.0.113.7")
        );
        // Not from a proxy: the header is the client's own claim, ignored.
        assert_eq!(client_ip(ip("192.0.2.5"), xff, &proxies), ip("192.0.2.5"));
        // No header, or garbage: the last trusted hop.
        assert_eq!(client_ip(ip("10.1.2.3"), None, &proxies), ip("10.1.2.3"));
        assert_eq!(
            client_ip(ip("10.1.2.3"), Some("nonsense"), &proxies),
            ip("10.1.2.3")
        );
        // No proxies configured: always the peer.
        assert_eq!(client_ip(ip("10.1.2.3"), xff, &[]), ip("10.1.2.3"));
    }
}
