//! Program rules as configuration, and provider credentials.
use crate::support::*;
use chrono::Duration;
use reqwest::StatusCode;

#[tokio::test]
async fn program_rules_are_configuration_and_change_the_clocks() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(ADMIN).await;
    let (status, html) = admin.page("/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        first_attr(&html, "#f-initial_ifsp_days", "value").as_deref(),
        Some("45")
    );
    let mut fields: Vec<(String, String)> = [
        "initial_ifsp_days",
        "first_contact_business_days",
        "timely_services_days",
        "review_months",
        "annual_months",
        "transition_earliest_months",
        "transition_latest_days",
        "lea_notification_days",
        "no_evaluation_days",
        "transition_at_initial_days",
        "premature_before_weeks",
        "adjust_age_until_months",
        "credential_warning_days",
        "percent_one_area",
        "sd_one_area",
        "percent_two_areas",
        "sd_two_areas",
    ]
    .iter()
    .map(|f| {
        (
            f.to_string(),
            first_attr(&html, &format!("#f-{f}"), "value").unwrap_or_default(),
        )
    })
    .collect();
    fields.push(("feb29".into(), "feb28".into()));
    fields.push(("diagnosed_condition_qualifies".into(), "yes".into()));
    let set = |fields: &mut Vec<(String, String)>, k: &str, v: &str| {
        fields.iter_mut().find(|(f, _)| f == k).unwrap().1 = v.to_owned();
    };
    // Federal law does not allow more than 45 days.
    set(&mut fields, "initial_ifsp_days", "60");
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = admin.post("/settings", &refs).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Enter a whole number from 1 to 45.")
    );

    // A stricter state practice: a 30-day initial IFSP clock.
    set(&mut fields, "initial_ifsp_days", "30");
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        admin.post("/settings", &refs).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.audit_rows("program.rules_changed").await.len(), 1);
    let ava = child_named(&app, "Ava").await;
    let (_, html) = admin.page(&format!("/children/{}", ava.id)).await;
    let due = (today() - Duration::days(12) + Duration::days(30)).to_string();
    assert!(
        texts(&html, "ul.due li")
            .iter()
            .any(|d| d.contains("Initial IFSP") && d.contains(&due)),
        "clock follows the rule"
    );

    // Only admins may change the rules.
    let sup = app.signed_in(SUPERVISOR).await;
    assert_eq!(sup.get("/settings").await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn expiring_credentials_are_flagged_to_the_supervisor() {
    let app = TestApp::spawn().await;
    let sup = app.signed_in(SUPERVISOR).await;
    let (_, html) = sup.page("/").await;
    let flagged = texts(&html, "section[aria-labelledby=creds] li");
    // Demo: one provider's licence expires in 20 days, one lapsed 5 days ago, one is current.
    assert_eq!(flagged.len(), 2, "{flagged:?}");
    assert!(flagged.iter().any(|f| f.contains("Expired")));
    let admin = app.signed_in(ADMIN).await;
    let pt = app.user_id("pt@riverbend.example").await;
    let path = format!("/staff/{pt}/credentials");
    let res = admin
        .post(
            &path,
            &[
                ("kind", "license"),
                ("name", ""),
                ("expires_on", "not a date"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let soon = (today() + Duration::days(10)).to_string();
    let res = admin
        .post(
            &path,
            &[
                ("kind", "endorsement"),
                ("name", "Infant mental health endorsement"),
                ("expires_on", &soon),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = sup.page("/").await;
    assert_eq!(texts(&html, "section[aria-labelledby=creds] li").len(), 3);
}
