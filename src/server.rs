//! Assembles the router and its layers, and runs the server.
use crate::{
    AppState, account, activities, admin, agencies, api, api_tokens, assets, auth, children,
    config::Config, db, error::AppError, family, health, ifsp, notes, packets, pages, reports,
    seed, staff, transition, views::flash, visits,
};
use axum::{
    Router,
    extract::Request,
    http::{HeaderName, HeaderValue, header},
    middleware,
    routing::get,
};
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::{
    LatencyUnit,
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

/// How long a request may take before it answers 503.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application. Each domain contributes its `routes()`.
pub fn router(state: AppState) -> Router {
    let pages = Router::new()
        .merge(pages::routes())
        .merge(account::routes())
        .merge(staff::routes())
        .merge(admin::routes())
        .merge(children::routes())
        .merge(ifsp::routes())
        .merge(visits::routes())
        .merge(activities::routes())
        .merge(agencies::routes())
        .merge(transition::routes())
        .merge(packets::routes())
        .merge(notes::routes())
        .merge(family::routes())
        .merge(reports::routes())
        .merge(api_tokens::routes())
        .fallback(|| async { AppError::NotFound })
        .layer(middleware::from_fn_with_state(state.clone(), flash::layer))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::csrf::protect,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::link_limit::layer,
        ));

    // Browsers that have seen Hearth over https keep to https for a year, so a later
    // plain-http link (or a network that strips TLS) cannot show them the sign-in page
    // unencrypted. Only when the public address is https: over http it would lock a
    // development machine's browser out of its own server.
    let hsts = (state.config.base_url.scheme() == "https").then(|| {
        SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });

    let metrics = crate::metrics::Metrics::new();
    let app = Router::new()
        .route("/healthz", get(health::check))
        .merge(crate::metrics::routes(metrics.clone()))
        .route("/readyz", get(health::ready))
        .route("/assets/{*path}", get(assets::serve))
        .route("/sw.js", get(assets::service_worker))
        .merge(api::routes())
        .merge(pages)
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
                    let id = req
                        .headers()
                        .get(&REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Millis)))
                // Longer than SQLite's busy timeout (30 s), so a write waiting its turn is never
                // cut short; a request past it answers 503 and its transaction rolls back.
                .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIMEOUT))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(CompressionLayer::new())
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
                    ),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store"),
                )),
        );
    // Outermost, so a request's count and time include every layer's work and refusals.
    let app = match hsts {
        Some(layer) => app.layer(layer),
        None => app,
    };
    app.layer(middleware::from_fn_with_state(
        metrics,
        crate::metrics::track,
    ))
}

/// `hearth serve`: connect, migrate, seed demo data on a fresh development database, serve.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let db = db::connect(&config.database_url).await?;
    db::migrate(&db).await?;
    if config.env == crate::config::Env::Development && seed::is_empty(&db).await? {
        let logins = seed::demo(&db).await?;
        println!(
            "\nA demo program was created. Sign in with any of these (password: {}):",
            seed::DEMO_PASSWORD
        );
        for (email, role) in logins {
            println!("  {email:<34} {role}");
        }
    }
    let listener = TcpListener::bind(config.bind).await?;
    println!(
        "\nHearth is running at {}  (Ctrl-C or SIGTERM to stop)\n",
        config.base_url
    );
    let state = AppState::new(db, config);
    let mailer = crate::mail::transport::Mailer::from_config(&state.config)?;
    if state.config.env == crate::config::Env::Production && state.config.mail.smtp_url.is_none() {
        tracing::warn!(
            "HEARTH_SMTP_URL is not set: coaching notes are written to files in the data directory, not sent"
        );
    }
    let (stop_mail, mail_stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(crate::mail::worker::Worker::new(&state, mailer).run(async {
        mail_stopped.await.ok();
    }));
    // The audit chain's head, kept outside the table (`audit::anchor`): moved on about once a
    // second while rows are appended, and once more after the mail worker's last row.
    let (stop_anchor, anchor_stopped) = tokio::sync::oneshot::channel::<()>();
    let anchor = tokio::spawn(crate::audit::anchor::keep(
        state.db.clone(),
        state.config.audit_anchor.clone(),
        async {
            anchor_stopped.await.ok();
        },
    ));
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    // Let the worker finish the message in hand; anything unsent stays queued for next time.
    let _ = stop_mail.send(());
    let _ = worker.await;
    let _ = stop_anchor.send(());
    let _ = anchor.await;
    println!("Hearth stopped.");
    Ok(())
}

/// Ctrl-C, or SIGTERM (what `docker stop`, systemd and Kubernetes send): either one stops new
/// connections, lets requests in flight finish, then the mail worker finishes the message in
/// hand. Without SIGTERM here, `docker stop` killed the server mid-request.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; only Ctrl-C stops the server");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    println!("Stopping: finishing the requests and the e-mail in hand…");
}
