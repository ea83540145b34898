//! The policy matrix: every route the router serves (read from the router itself, not a
//! hand-kept list) against every kind of caller and every relation to the record, checked
//! against the declared table in `policy_table`: anonymous callers at every door, each staff
//! role on a record of its own caseload, a record of its program outside its caseload, and
//! another program's administrator. A refusal must have the expected status, show no child's
//! name, and change no row (every table compared before and after each refused POST).
use crate::db_fingerprint::{fingerprint, fingerprinter};
use crate::policy_fixtures::{Kind, discover, fill};
use crate::policy_table::{Door, TABLE, body_for};
use crate::support::*;
use reqwest::StatusCode;
use std::collections::BTreeSet;

/// The (method, path) pairs the router serves, read from its `Debug` form (axum prints each
/// route's path and its `Allow` header there). HEAD rides along with GET and is not listed.
fn served_routes(router: &axum::Router) -> BTreeSet<(String, String)> {
    let text = format!("{router:?}");
    // Only the router's own routes: the fallback router reuses the same route ids.
    let main = &text[..text.find("fallback_router:").expect("axum's Debug form")];
    let mut allow = std::collections::HashMap::new();
    let mut paths = std::collections::HashMap::new();
    for piece in main.split("RouteId(").skip(1) {
        let (id, rest) = piece.split_once(')').unwrap();
        if let Some(path) = rest.strip_prefix(": \"") {
            paths.insert(id.to_owned(), path[..path.find('"').unwrap()].to_owned());
        } else if let Some(i) = rest.find("allow_header: ") {
            // `Skip` is axum's mark for a route that takes every method (`any`).
            let after = &rest[i + 14..];
            let methods = match after.strip_prefix("Bytes(b\"") {
                Some(m) => m[..m.find('"').unwrap()].to_owned(),
                None => "ANY".to_owned(),
            };
            allow.insert(id.to_owned(), methods);
        }
    }
    let mut out = BTreeSet::new();
    for (id, path) in paths {
        if path.contains("__private__axum_fallback") {
            continue;
        }
        let methods = allow
            .get(&id)
            .unwrap_or_else(|| panic!("no methods for {path}"));
        for m in methods.split(',').filter(|m| *m != "HEAD") {
            out.insert((m.to_owned(), path.clone()));
        }
    }
    out
}

#[tokio::test]
async fn every_route_is_declared_and_the_router_serves_every_declared_route() {
    let app = TestApp::spawn().await;
    let served = served_routes(&hearth::router(app.state.clone()));
    assert!(
        served.len() > 100,
        "routes read from the router: {}",
        served.len()
    );
    let declared: BTreeSet<(String, String)> = TABLE
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(declared.len(), TABLE.len(), "a route declared twice");
    let undeclared: Vec<_> = served.difference(&declared).collect();
    let stale: Vec<_> = declared.difference(&served).collect();
    assert!(
        undeclared.is_empty() && stale.is_empty(),
        "routes with no line in policy_table: {undeclared:#?}\nlines for routes not served: {stale:#?}"
    );
}

const ROLES: [(char, &str); 5] = [
    ('A', ADMIN),
    ('S', SUPERVISOR),
    ('C', COORDINATOR),
    ('P', PROVIDER),
    ('L', LEAD_AGENCY),
];

/// Counts what was checked; every failure is named and the test fails at the end.
#[derive(Default)]
struct Matrix {
    checked: usize,
    refused: usize,
    allowed: usize,
    failures: Vec<String>,
    /// The query that fingerprints every table.
    fp: String,
}

impl Matrix {
    /// Sends one request and checks it against the expectation; a refused POST must leave
    /// every table as it was.
    #[allow(clippy::too_many_arguments)]
    async fn check(
        &mut self,
        app: &TestApp,
        b: &Browser,
        who: &str,
        method: &str,
        (path, body): (&str, &[(&str, &str)]),
        expect_refusal: Option<Refusal>,
        names: &[String],
    ) {
        self.checked += 1;
        let before = if !matches!(method, "GET" | "ANY") && expect_refusal.is_some() {
            Some(fingerprint(app, &self.fp).await)
        } else {
            None
        };
        let res = match method {
            "GET" | "ANY" => b.get(path).await,
            "PUT" => b.client.put(b.url(path)).send().await.unwrap(),
            _ => b.post(path, body).await,
        };
        let status = res.status();
        let location = res
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = res.text().await.unwrap_or_default();
        let what = format!("{who} {method} {path}: {status} {location}");
        if status.is_server_error() {
            self.failures.push(format!("{what} (server error)"));
            return;
        }
        match expect_refusal {
            Some(r) => {
                if !r.matches(status, &location) {
                    self.failures.push(format!("{what}, expected {r:?}"));
                    return;
                }
                if let Some(n) = names.iter().find(|n| body.contains(n.as_str())) {
                    self.failures.push(format!("{what}: the refusal shows {n}"));
                }
                if let Some(before) = before {
                    let after = fingerprint(app, &self.fp).await;
                    let changed: Vec<_> = before
                        .iter()
                        .filter(|(t, h)| after.get(*t) != Some(h))
                        .map(|(t, _)| t.clone())
                        .collect();
                    if !changed.is_empty() {
                        self.failures
                            .push(format!("{what}: a refusal changed {changed:?}"));
                    }
                }
                self.refused += 1;
            }
            None => {
                if Refusal::Staff.matches(status, &location)
                    || Refusal::Anonymous.matches(status, &location)
                {
                    self.failures
                        .push(format!("{what}, expected to be let through"));
                } else {
                    self.allowed += 1;
                }
            }
        }
    }
}

/// What a refusal looks like.
#[derive(Debug, Clone, Copy)]
enum Refusal {
    /// Not signed in: to the sign-in page.
    Anonymous,
    /// Signed in but not allowed: 403 (the role) or 404 (the record, so it does not leak).
    Staff,
    /// A family's or agency's page without its session, or a bad link: 401.
    Link,
    /// A calendar secret that is no feed: 404.
    Feed,
}

impl Refusal {
    fn matches(self, status: StatusCode, location: &str) -> bool {
        match self {
            Refusal::Anonymous => status == StatusCode::SEE_OTHER && location.starts_with("/login"),
            Refusal::Staff => status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            Refusal::Link => status == StatusCode::UNAUTHORIZED,
            Refusal::Feed => status == StatusCode::NOT_FOUND,
        }
    }
}

#[tokio::test]
async fn every_route_refuses_who_it_must_and_lets_through_who_it_may() {
    let app = TestApp::spawn().await;
    let (own, theirs, records) = discover(&app).await;
    let every_name: Vec<String> = own.names.iter().chain(&theirs.names).cloned().collect();

    let mut m = Matrix {
        fp: fingerprinter(&app).await,
        ..Matrix::default()
    };
    let whole = fingerprint(&app, &m.fp).await;

    // Anonymous callers, at every door.
    let anon = app.browser();
    for (method, path, door) in TABLE {
        let (url, _) = fill(path, &own, &records);
        let expect = match door {
            Door::Public => continue,
            Door::Staff(_) => Refusal::Anonymous,
            Door::Family | Door::Agency | Door::Link | Door::Api => Refusal::Link,
            Door::Feed => Refusal::Feed,
        };
        m.check(
            &app,
            &anon,
            "anonymous",
            method,
            (&url, body_for(path)),
            Some(expect),
            &every_name,
        )
        .await;
    }

    // Another program's administrator: none of this program's records, nothing in lists.
    let other = app.signed_in(OTHER_ADMIN).await;
    for (method, path, door) in TABLE {
        if !matches!(door, Door::Staff(_)) || *path == "/logout" {
            continue;
        }
        for r in [&own, &theirs] {
            let (url, kind) = fill(path, r, &records);
            if kind == Kind::None {
                if *method == "GET" {
                    m.checked += 1;
                    let (status, html) = other.page(&url).await;
                    if let Some(n) = every_name.iter().find(|n| html.contains(n.as_str())) {
                        m.failures
                            .push(format!("other admin GET {url}: {status} shows {n}"));
                    }
                }
                break;
            }
            let names: &[String] = &r.names;
            m.check(
                &app,
                &other,
                "other admin",
                method,
                (&url, body_for(path)),
                Some(Refusal::Staff),
                names,
            )
            .await;
            if kind == Kind::Program {
                break; // the same record either way
            }
        }
    }

    // Each role: refused where the table says, and held to its caseload.
    for (letter, email) in ROLES {
        let b = app.signed_in(email).await;
        for (method, path, door) in TABLE {
            let Door::Staff(roles) = door else { continue };
            if *path == "/logout" {
                continue;
            }
            let (url, kind) = fill(path, &own, &records);
            if !roles.contains(letter) {
                m.check(
                    &app,
                    &b,
                    email,
                    method,
                    (&url, body_for(path)),
                    Some(Refusal::Staff),
                    &own.names,
                )
                .await;
                continue;
            }
            if kind == Kind::Child && matches!(letter, 'C' | 'P') {
                let (theirs_url, _) = fill(path, &theirs, &records);
                m.check(
                    &app,
                    &b,
                    email,
                    method,
                    (&theirs_url, body_for(path)),
                    Some(Refusal::Staff),
                    &theirs.names,
                )
                .await;
            }
        }
    }
    let after_refusals = fingerprint(&app, &m.fp).await;
    let changed: Vec<_> = whole
        .iter()
        .filter(|(t, h)| after_refusals.get(*t) != Some(h))
        .map(|(t, _)| t.clone())
        .collect();
    if !changed.is_empty() {
        m.failures
            .push(format!("refused requests changed {changed:?}"));
    }

    // Let through: every GET a role may make on its own caseload's records.
    for (letter, email) in ROLES {
        let b = app.signed_in(email).await;
        for (method, path, door) in TABLE {
            let Door::Staff(roles) = door else { continue };
            if *method != "GET" || !roles.contains(letter) {
                continue;
            }
            let (url, _) = fill(path, &own, &records);
            if url.contains("/0/") || url.ends_with("/0") || path.contains("/files/") {
                continue; // the demo has no such record for this child
            }
            m.check(&app, &b, email, method, (&url, body_for(path)), None, &[])
                .await;
        }
    }
    println!(
        "policy matrix ({:?}): {} routes x 7 callers (anonymous, 5 roles, another program), own and other caseloads: {} requests checked, {} refused as declared, {} let through",
        sea_orm::ConnectionTrait::get_database_backend(&app.db),
        TABLE.len(),
        m.checked,
        m.refused,
        m.allowed
    );
    assert!(
        m.failures.is_empty(),
        "{} failures:\n{}",
        m.failures.len(),
        m.failures.join("\n")
    );
}
