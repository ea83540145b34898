//! Removing outcomes and services from a draft plan.
use crate::{ifsp_helpers::*, support::*};
use hearth::entities::{ifsp, ifsp_outcome, ifsp_service};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

#[tokio::test]
async fn parts_leave_a_draft_only_from_that_draft() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let noah = without_plans(&app, "Noah").await;
    sup.post(&format!("/children/{}/ifsps", noah.id), &[]).await;
    let id = plans_of(&app, noah.id).await[0].id;
    sup.post(&format!("/ifsps/{id}/outcomes"), &OUTCOME).await;
    post_owned(&sup, &format!("/ifsps/{id}/services"), &service("home", "")).await;
    let oid = ifsp_outcome::Entity::find()
        .filter(ifsp_outcome::Column::IfspId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let sid = ifsp_service::Entity::find()
        .filter(ifsp_service::Column::IfspId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;

    // Another plan's parts cannot be removed through this one.
    let other = child_named(&app, "Sofía").await;
    sup.post(
        &format!("/children/{}/ifsps", other.id),
        &[("kind", "amendment")],
    )
    .await;
    let other_draft = plans_of(&app, other.id)
        .await
        .into_iter()
        .find(|p| p.status == ifsp::Status::Draft)
        .unwrap()
        .id;
    assert_eq!(
        sup.post(&format!("/ifsps/{other_draft}/outcomes/{oid}/delete"), &[])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        sup.post(&format!("/ifsps/{other_draft}/services/{sid}/delete"), &[])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let res = sup
        .post(&format!("/ifsps/{id}/outcomes/{oid}/delete"), &[])
        .await;
    assert_eq!(
        (res.status(), location(&res)),
        (StatusCode::SEE_OTHER, format!("/ifsps/{id}#outcomes"))
    );
    let res = sup
        .post(&format!("/ifsps/{id}/services/{sid}/delete"), &[])
        .await;
    assert_eq!(
        (res.status(), location(&res)),
        (StatusCode::SEE_OTHER, format!("/ifsps/{id}#services"))
    );
    assert_eq!(
        ifsp_outcome::Entity::find()
            .filter(ifsp_outcome::Column::IfspId.eq(id))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        ifsp_service::Entity::find()
            .filter(ifsp_service::Column::IfspId.eq(id))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(app.audit_rows("ifsp.outcome_removed").await.len(), 1);
    assert_eq!(app.audit_rows("ifsp.service_removed").await.len(), 1);
}
