//! Lists that grow without end are shown a page at a time: a child's visits, and the
//! admin's view of the audit log on the home page.
use crate::support::*;
use chrono::Duration;
use hearth::entities::visit;
use reqwest::StatusCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, Set,
};

#[tokio::test]
async fn the_child_page_lists_the_newest_visits_and_pages_the_older_ones() {
    let app = TestApp::spawn().await;
    let noah = child_named(&app, "Noah").await;
    let v = visit::Entity::find()
        .filter(visit::Column::ChildId.eq(noah.id))
        .filter(visit::Column::Status.eq(visit::Status::Completed))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a delivered visit");
    // 60 more delivered visits, a day apart, the newest 300 days before the demo's.
    for i in 0..60 {
        let mut m = v.clone().into_active_model();
        m.id = NotSet;
        m.starts_at = Set(v.starts_at - Duration::days(300 + i));
        m.ends_at = Set(v.ends_at - Duration::days(300 + i));
        m.insert(&app.db).await.unwrap();
    }
    let now = today().and_hms_opt(0, 0, 0).unwrap();
    let past = visit::Entity::find()
        .filter(visit::Column::ChildId.eq(noah.id))
        .filter(visit::Column::StartsAt.lt(now))
        .count(&app.db)
        .await
        .unwrap();
    assert!(past > 60 && past - 50 < 50, "{past}");
    let b = app.signed_in(SUPERVISOR).await;
    let (status, html) = b.page(&format!("/children/{}", noah.id)).await;
    assert_eq!(status, StatusCode::OK);
    let doc = scraper::Html::parse_document(&html);
    let recent = scraper::Selector::parse("#visits ul.due li").unwrap();
    // The next visits (at most 5) and the newest 20 others: not the 60 old ones.
    let lines = doc.select(&recent).count();
    assert!((20..=25).contains(&lines), "{lines} lines");
    let all = format!("/children/{}/visits", noah.id);
    assert!(
        html.contains(&format!("href=\"{all}\"")),
        "a link to the older visits"
    );

    let (status, html) = b.page(&all).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&html, "ul.due li").len(), 50);
    let next = first_attr(&html, "a[rel=next]", "href").expect("a next page");
    let (_, html) = b.page(&next).await;
    assert_eq!(texts(&html, "ul.due li").len() as u64, past - 50);
    assert!(first_attr(&html, "a[rel=next]", "href").is_none());
    // The oldest copy, 359 days before the demo's visit, ends the last page.
    let oldest = (v.starts_at - Duration::days(359))
        .format("%-d %b")
        .to_string();
    assert!(texts(&html, "ul.due li").last().unwrap().contains(&oldest));
    let viewed = app.audit_rows("child.visits_viewed").await;
    assert_eq!(viewed.len(), 2, "each page of the record is audited");
}

#[tokio::test]
async fn the_admins_home_shows_the_latest_events_without_counting_the_log() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let noah = child_named(&app, "Noah").await;
    for _ in 0..6 {
        assert_eq!(
            admin.page(&format!("/children/{}", noah.id)).await.0,
            StatusCode::OK
        );
    }
    let ((status, html), sent) = app.statements_during(admin.page("/")).await;
    assert_eq!(status, StatusCode::OK);
    let latest = texts(&html, "section[aria-labelledby=audit] li");
    assert_eq!(latest.len(), 5, "{latest:?}");
    assert!(latest[0].contains("child.viewed"), "{latest:?}");
    assert!(
        !sent
            .iter()
            .any(|s| s.sql.contains("audit_log") && s.sql.to_uppercase().contains("COUNT(")),
        "the home page counted the audit log"
    );
}
