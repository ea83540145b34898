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
