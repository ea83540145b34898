//! Every token Hearth accepts, attacked the same way. Staff sessions, family links and family
//! sessions, agency links and agency sessions are JWTs: each gets the same ~30 forgeries
//! (`alg: none`, algorithm swaps, algorithm confusion, wrong and empty keys, tampered claims,
//! other audiences and issuers, expired, missing claims, mangled encodings), built here by
//! hand from the raw key so that a refusal cannot be an artefact of a broken signer: the
//! same signer with the true claims is shown to get in first. Calendar feeds are random
//! secrets (no JWT) and get their own variations. State ends tokens too: logout, a password
//! change, a revoked link or packet, a replaced calendar URL. The test prints how many were
//! tried and refused.
use crate::token_forge::{Door, forgeries, resigned};
use crate::{family_links, note_helpers::*, packets, support::*};
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;

/// Presents `token` at `door` and says whether it got in; a refusal must not show `names`.
async fn gets_in(app: &TestApp, door: Door, token: &str, names: &[&str]) -> bool {
    let b = app.browser();
    let (status, location, body) = match door {
        Door::Staff | Door::FamilySession | Door::AgencySession => {
            let (cookie, path) = match door {
                Door::Staff => ("hearth_session", "/"),
                Door::FamilySession => ("hearth_family", "/family"),
                _ => ("hearth_agency", "/agency/packet"),
            };
            let res = b
                .client
                .get(b.url(path))
                .header("cookie", format!("{cookie}={token}"))
                .send()
                .await
                .unwrap();
            let loc = res
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned());
            (res.status(), loc, res.text().await.unwrap())
        }
        Door::Api => {
            let res = b
                .client
                .get(b.url("/api/v1/children"))
                .header("authorization", format!("Bearer {token}"))
                .send()
                .await
                .unwrap();
            (res.status(), None, res.text().await.unwrap())
        }
        Door::FamilyLink | Door::AgencyLink => {
            let prefix = match door {
                Door::FamilyLink => "/family/open/",
                _ => "/agency/open/",
            };
            let res = b.post(&format!("{prefix}{token}"), &[]).await;
            let loc = res
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned());
            (res.status(), loc, res.text().await.unwrap())
        }
    };
    let refused = match door {
        Door::Staff => status == StatusCode::SEE_OTHER && location.as_deref() == Some("/login"),
        _ => status == StatusCode::UNAUTHORIZED,
    };
    if refused {
        for n in names {
            assert!(!body.contains(n), "{door:?}: a refusal shows {n}");
        }
    } else {
        assert!(
            status == StatusCode::OK || status == StatusCode::SEE_OTHER,
            "{door:?}: neither in nor refused: {status}"
        );
    }
    !refused
}

/// Counts what was tried and refused, naming every forgery that got in.
#[derive(Default)]
struct Tally {
    tried: usize,
    refused: usize,
    got_in: Vec<String>,
}

impl Tally {
    async fn expect_refused(&mut self, app: &TestApp, door: Door, name: &str, t: &str, n: &[&str]) {
        self.tried += 1;
        if gets_in(app, door, t, n).await {
            self.got_in.push(format!("{door:?}: {name}"));
        } else {
            self.refused += 1;
        }
    }

    /// The genuine token and this file's re-signing of it both get in.
    async fn control(&mut self, app: &TestApp, door: Door, valid: &str) {
        assert!(
            gets_in(app, door, valid, &[]).await,
            "{door:?}: the real token"
        );
        assert!(
            gets_in(app, door, &resigned(valid), &[]).await,
            "{door:?}: the test's signer makes valid tokens"
        );
    }

    async fn attack(&mut self, app: &TestApp, door: Door, valid: &str, names: &[&str]) {
        self.control(app, door, valid).await;
        for (name, t) in forgeries(valid, door) {
            self.expect_refused(app, door, &name, &t, names).await;
        }
    }
}

#[tokio::test]
async fn every_forged_expired_or_ended_token_is_refused_at_every_door() {
    // Link routes are rate-limited per address; every request here comes from one.
    let app = TestApp::spawn_with(&[("HEARTH_LINK_RATE_PER_MINUTE", "100000")]).await;
    let mut tally = Tally::default();

    // Staff sessions.
    let provider = app.signed_in(PROVIDER).await;
    let session = provider.cookie("hearth_session").unwrap();
    tally.attack(&app, Door::Staff, &session, &[]).await;

    // A family link and the family session it opens.
    let visits = signed_visits(&app, PROVIDER).await;
    let child = child_of(&app, &visits[0]).await;
    let names = [child.first_name.as_str(), child.last_name.as_str()];
    let path = family_links::note_link(&app, &visits[0], "a@family.example").await;
    let link = path.rsplit('/').next().unwrap().to_owned();
    tally.attack(&app, Door::FamilyLink, &link, &names).await;
    let family = family_links::family(&app, &path).await;
    let family_session = family.cookie("hearth_family").unwrap();
    tally
        .attack(&app, Door::FamilySession, &family_session, &names)
        .await;

    // An agency link and the agency session it opens.
    let admin = app.signed_in(ADMIN).await;
    let district = packets::agency_named(&app, packets::DISTRICT).await;
    let planned = packets::planned_child(&app, 0).await;
    packets::release(&admin, planned.id, packets::DISTRICT, &["ifsp"]).await;
    let sent = packets::send(&admin, planned.id, district.id, &["ifsp"]).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let agency_path = packets::link_for(&app, planned.id).await;
    let agency_link = agency_path.rsplit('/').next().unwrap().to_owned();
    let agency_names = [planned.first_name.as_str(), planned.last_name.as_str()];
    tally
        .attack(&app, Door::AgencyLink, &agency_link, &agency_names)
        .await;
    let agency = app.browser();
    assert_eq!(
        agency.post(&agency_path, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let agency_session = agency.cookie("hearth_agency").unwrap();
    tally
        .attack(&app, Door::AgencySession, &agency_session, &agency_names)
        .await;

    // Ended by state, each signature still perfect.
    // A revoked packet ends its link and its session.
    let packet: i64 = scalar(
        &app,
        &format!(
            "SELECT id FROM referral_packets WHERE child_id = {}",
            planned.id
        ),
    )
    .await;
    let res = admin
        .post(
            &format!("/children/{}/packets/{packet}/revoke", planned.id),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    for (door, t) in [
        (Door::AgencyLink, &agency_link),
        (Door::AgencySession, &agency_session),
    ] {
        tally
            .expect_refused(&app, door, "packet revoked", t, &agency_names)
            .await;
    }
    // Revoked family links end the link and the session.
    let res = provider
        .post(
            &format!("/visits/{}/family-note/revoke-links", visits[0].id),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    for (door, t) in [
        (Door::FamilyLink, &link),
        (Door::FamilySession, &family_session),
    ] {
        tally
            .expect_refused(&app, door, "link revoked", t, &names)
            .await;
    }
    // A password change ends the user's other sessions; signing out ends this one.
    let laptop = app.signed_in(COORDINATOR).await;
    let phone = app.signed_in(COORDINATOR).await;
    let phone_session = phone.cookie("hearth_session").unwrap();
    let laptop_session = laptop.cookie("hearth_session").unwrap();
    let res = laptop
        .post(
            "/account",
            &[
                ("current", PASSWORD),
                ("new", "a brand new passphrase"),
                ("confirm", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    tally
        .expect_refused(
            &app,
            Door::Staff,
            "after a password change",
            &phone_session,
            &[],
        )
        .await;
    assert_eq!(
        laptop.post("/logout", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    tally
        .expect_refused(&app, Door::Staff, "after logout", &laptop_session, &[])
        .await;
    assert_eq!(
        provider.post("/logout", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    tally
        .expect_refused(&app, Door::Staff, "after logout", &session, &[])
        .await;

    // An API token (an admin's, read-only, so it may list the children).
    let api = crate::api_helpers::issue(&app, "admin", "read").await;
    let every: Vec<&str> = names.iter().chain(agency_names.iter()).copied().collect();
    tally.attack(&app, Door::Api, &api, &every).await;

    let calendar = calendar_feed_attacks(&app).await;
    let engine = format!("{:?}", app.db.get_database_backend());
    println!(
        "tokens ({engine}): {} tried, {} refused (calendar feeds: {calendar} tried, {calendar} refused)",
        tally.tried + calendar,
        tally.refused + calendar,
    );
    assert!(tally.got_in.is_empty(), "got in: {:#?}", tally.got_in);
    assert_eq!(tally.tried, tally.refused);
    // Three cookie doors and the API header × 36 forgeries, two link doors × 35 (no empty
    // path segment), and 7 tokens ended by state.
    assert_eq!(tally.tried, 4 * 36 + 2 * 35 + 7);
}

/// A calendar feed is a random secret looked up by its hash: near misses, case changes,
/// padding and a replaced URL all answer 404. Returns how many were tried.
async fn calendar_feed_attacks(app: &TestApp) -> usize {
    let b = app.signed_in(PROVIDER).await;
    let res = b.post("/calendar", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let url = texts(&html, "code.copy").into_iter().next().unwrap();
    let path = url.trim_start_matches(&app.base).to_owned();
    let anon = app.browser();
    assert_eq!(anon.get(&path).await.status(), StatusCode::OK, "control");
    let token = path
        .trim_start_matches("/calendar/")
        .trim_end_matches(".ics")
        .to_owned();
    let mut flipped = token.clone();
    let last = flipped.pop().unwrap();
    flipped.push(if last == 'a' { 'b' } else { 'a' });
    let near = [
        flipped,
        token.to_uppercase(),
        format!("{token}%20"),
        format!("{token}%00"),
        format!("%20{token}"),
        token[..token.len() - 1].to_owned(),
        format!("{token}0"),
        "..%2F..%2Fetc%2Fpasswd".to_owned(),
    ];
    for t in &near {
        let status = anon.get(&format!("/calendar/{t}.ics")).await.status();
        assert_eq!(status, StatusCode::NOT_FOUND, "calendar {t}");
    }
    // A new URL replaces the old one.
    assert_eq!(b.post("/calendar", &[]).await.status(), StatusCode::OK);
    assert_eq!(
        anon.get(&path).await.status(),
        StatusCode::NOT_FOUND,
        "replaced"
    );
    near.len() + 1
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i32>(0)
        .map(i64::from)
        .or_else(|_| row.try_get_by_index::<i64>(0))
        .unwrap()
}
