//! Issue 18: checks that a review's mutations slipped past (each mutation was applied to the
//! code and the whole suite stayed green). Every expectation here is written out by hand.
use crate::support::*;
use hearth::entities::{agency, user};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// A client that keeps `b`'s cookies but sends neither `Origin` nor `Referer`, as an old
/// browser or a hand-made request may (every test `Browser` sends `Origin`).
fn bare_client(b: &Browser) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_provider(b.jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_post_with_neither_origin_nor_referer_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let token = admin.csrf().await;
    let count = || async { user::Entity::find().count(&app.db).await.unwrap() };
    let before = count().await;
    let form = [
        ("display_name", "Eve Forger"),
        ("email", "eve@riverbend.example"),
        ("role", "admin"),
        ("discipline", ""),
        ("password", "a long enough phrase"),
        ("_csrf", token.as_str()),
    ];
    let bare = bare_client(&admin);
    let res = bare
        .post(admin.url("/staff"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("This form has expired"));
    assert_eq!(count().await, before, "nobody was added");

    // The control: the same request with our own page as its Referer goes through.
    let res = bare
        .post(admin.url("/staff"))
        .header("referer", admin.url("/staff/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(count().await, before + 1);
}

#[tokio::test]
async fn one_program_neither_reads_nor_writes_anothers_agency() {
    let app = TestApp::spawn().await;
    let a = agency::Entity::find()
        .filter(agency::Column::Name.eq("Riverbend Head Start"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let path = format!("/agencies/{}", a.id);
    let fields = |version: &str| {
        vec![
            ("name", "Taken over".to_owned()),
            ("kind", "head_start".to_owned()),
            ("service_area", "Lakeside".to_owned()),
            ("preferred_channel", "email".to_owned()),
            ("email", "lee@lakeside.example".to_owned()),
            ("active", "yes".to_owned()),
            ("version", version.to_owned()),
        ]
    };
    let send = |b: Browser, f: Vec<(&'static str, String)>| {
        let path = path.clone();
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.post(&path, &f).await.status()
        }
    };

    // Lakeside's admin may manage agencies, but not Riverbend's.
    let other = app.signed_in(OTHER_ADMIN).await;
    let (status, html) = other.page(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("Riverbend Head Start"));
    let (_, list) = other.page("/agencies").await;
    assert!(!list.contains("Riverbend Head Start"), "{list}");
    assert_eq!(
        send(other, fields(&a.version.to_string())).await,
        StatusCode::NOT_FOUND
    );
    let now = agency::Entity::find_by_id(a.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (now.name.as_str(), now.version, now.program_id),
        ("Riverbend Head Start", a.version, a.program_id)
    );

    // The control: Riverbend's own coordinator reads it and can save it.
    let own = app.signed_in(COORDINATOR).await;
    assert_eq!(own.page(&path).await.0, StatusCode::OK);
    assert_eq!(
        send(own, fields(&a.version.to_string())).await,
        StatusCode::SEE_OTHER
    );
}

/// Sets every plan of `child` to `status` and the consent of `provider`'s services on them.
async fn set_plans(app: &TestApp, child: i32, provider: i32, status: &str, consent: bool) {
    use hearth::entities::{ifsp, ifsp_service};
    let plans: Vec<i32> = ifsp::Entity::find()
        .filter(ifsp::Column::ChildId.eq(child))
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    let list = plans
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    app.exec(&format!(
        "UPDATE ifsps SET status = '{status}' WHERE id IN ({list})"
    ))
    .await;
    let n = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.is_in(plans))
        .filter(ifsp_service::Column::ProviderId.eq(provider))
        .count(&app.db)
        .await
        .unwrap();
    assert!(
        n > 0,
        "the premise: the provider has a service on the child's plans"
    );
    app.exec(&format!(
        "UPDATE ifsp_services SET consent_given = {consent} WHERE provider_id = {provider} AND ifsp_id IN ({list})"
    ))
    .await;
}

/// A provider reads a child only through a consented service on a signed plan: the same
/// service on a draft or superseded plan, or one the parent declined, gives no access.
#[tokio::test]
async fn a_provider_reaches_a_child_only_through_a_signed_consented_service() {
    let app = TestApp::spawn().await;
    let noah = child_named(&app, "Noah").await;
    let priya = app.user_id(PROVIDER).await;
    let b = app.signed_in(PROVIDER).await;
    let path = format!("/children/{}", noah.id);
    let cases = [
        ("signed", true, StatusCode::OK),
        ("signed", false, StatusCode::NOT_FOUND),
        ("draft", true, StatusCode::NOT_FOUND),
        ("superseded", true, StatusCode::NOT_FOUND),
        ("signed", true, StatusCode::OK),
    ];
    for (status, consent, want) in cases {
        set_plans(&app, noah.id, priya, status, consent).await;
        assert_eq!(
            b.get(&path).await.status(),
            want,
            "plan {status}, consent {consent}"
        );
    }
}
