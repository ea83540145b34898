//! The agency directory: who keeps it, bad input, and the district suggested per county.
use crate::{support::*, transition_helpers::*};
use hearth::entities::family;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

#[tokio::test]
async fn the_directory_suggests_the_district_for_the_familys_county() {
    let app = TestApp::spawn().await;
    let c = toddler(&app).await;
    let coordinator = app.signed_in(COORDINATOR).await;
    // Bad input: errors beside the fields, typed values kept, nothing saved.
    let res = coordinator
        .post(
            "/agencies",
            &[
                ("name", "Oak Valley Schools"),
                ("kind", "lea"),
                ("preferred_channel", "email"),
                ("email", "not-an-address"),
                ("service_area", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Enter an e-mail address")
            && html.contains("Name the counties")
            && html.contains("Oak Valley Schools")
    );
    let res = coordinator
        .post(
            "/agencies",
            &[
                ("name", "Oak Valley Schools"),
                ("kind", "lea"),
                ("preferred_channel", "email"),
                ("email", "intake@oakvalley.example"),
                ("service_area", "Oak"),
                ("active", "yes"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let provider = app.signed_in(PROVIDER).await;
    assert_eq!(
        provider
            .post(
                "/agencies",
                &[
                    ("name", "X"),
                    ("kind", "other"),
                    ("preferred_channel", "phone")
                ]
            )
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert!(
        provider
            .page("/agencies")
            .await
            .1
            .contains("Oak Valley Schools"),
        "every staff member reads the directory"
    );

    // The family moves to Oak county: Oak Valley is offered, Riverbend's district is not.
    let admin = app.signed_in(ADMIN).await;
    let (_, page) = admin.page(&format!("/children/{}/transition", c.id)).await;
    assert!(
        page.contains("Riverbend Area School District") && !page.contains("Oak Valley Schools")
    );
    let f = family::Entity::find_by_id(c.family_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut m: family::ActiveModel = f.into();
    m.county = Set("Oak".into());
    m.update(&app.db).await.unwrap();
    let (_, page) = admin.page(&format!("/children/{}/transition", c.id)).await;
    assert!(
        page.contains("Oak Valley Schools") && !page.contains("Riverbend Area School District")
    );
}

#[tokio::test]
async fn two_people_editing_an_agency_the_second_save_overwrites_nothing() {
    use hearth::entities::agency;
    use sea_orm::{ColumnTrait, QueryFilter};
    let app = TestApp::spawn().await;
    let a = agency::Entity::find()
        .filter(agency::Column::Name.eq("Riverbend Head Start"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let b = app.signed_in(COORDINATOR).await;
    let fields = |email: &'static str, version: String| {
        vec![
            ("name", "Riverbend Head Start".to_owned()),
            ("kind", "head_start".to_owned()),
            ("service_area", "Riverbend".to_owned()),
            ("preferred_channel", "email".to_owned()),
            ("email", email.to_owned()),
            ("active", "yes".to_owned()),
            ("version", version),
        ]
    };
    let path = format!("/agencies/{}", a.id);
    let send = |f: Vec<(&'static str, String)>| {
        let b = &b;
        let path = path.clone();
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.post(&path, &f).await
        }
    };
    let first = send(fields("first@hs.example", a.version.to_string())).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let second = send(fields("second@hs.example", a.version.to_string())).await;
    assert_eq!(second.status(), StatusCode::CONFLICT);
    let html = second.text().await.unwrap();
    assert!(html.contains("Someone saved this agency") && html.contains("second@hs.example"));
    let now = agency::Entity::find_by_id(a.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(now.email, "first@hs.example");
    assert_eq!(now.version, a.version + 1);
}
