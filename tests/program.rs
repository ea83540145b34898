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
    let mut fields = form_fields(&html, "form[action='/settings']");
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

/// Sets one field of a form's fields, as typing into it would.
pub fn set(fields: &mut [(String, String)], k: &str, v: &str) {
    fields.iter_mut().find(|(f, _)| f == k).unwrap().1 = v.to_owned();
}

pub fn refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[tokio::test]
async fn rules_saved_from_a_page_opened_before_another_admins_save_do_not_overwrite_it() {
    let app = TestApp::spawn().await;
    let (first, second) = (app.signed_in(ADMIN).await, app.signed_in(ADMIN).await);
    // Both open the rules page, as they stand (45 days, make-up visits within 14).
    let mut mine = form_fields(&first.page("/settings").await.1, "form[action='/settings']");
    let mut theirs = form_fields(
        &second.page("/settings").await.1,
        "form[action='/settings']",
    );
    set(&mut mine, "initial_ifsp_days", "30");
    assert_eq!(
        first.post("/settings", &refs(&mine)).await.status(),
        StatusCode::SEE_OTHER
    );

    // The second page still shows 45 days: saving it must not put 45 back unseen.
    set(&mut theirs, "makeup_due_days", "10");
    let res = second.post("/settings", &refs(&theirs)).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    assert!(html.contains("Another admin saved the rules while you were editing"));
    let differ = texts(&html, ".dup tbody tr");
    assert_eq!(differ.len(), 2, "{differ:?}");
    assert!(
        differ[0].contains("Initial IFSP meeting within")
            && differ[0].contains("30")
            && differ[0].contains("45")
    );
    assert!(
        differ[1].contains("Make-up visit due within")
            && differ[1].contains("14")
            && differ[1].contains("10")
    );
    assert_eq!(
        first_attr(&html, "#f-makeup_due_days", "value").as_deref(),
        Some("10"),
        "what was typed is kept"
    );
    let (_, now) = first.page("/settings").await;
    assert_eq!(
        first_attr(&now, "#f-initial_ifsp_days", "value").as_deref(),
        Some("30")
    );
    assert_eq!(
        first_attr(&now, "#f-makeup_due_days", "value").as_deref(),
        Some("14")
    );
    assert_eq!(app.audit_rows("program.rules_changed").await.len(), 1);

    // Saving again from the conflict page is a deliberate choice to replace what is there.
    let again = form_fields(&html, "form[action='/settings']");
    assert_eq!(
        second.post("/settings", &refs(&again)).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, now) = first.page("/settings").await;
    assert_eq!(
        first_attr(&now, "#f-initial_ifsp_days", "value").as_deref(),
        Some("45")
    );
    assert_eq!(
        first_attr(&now, "#f-makeup_due_days", "value").as_deref(),
        Some("10")
    );
    assert_eq!(app.audit_rows("program.rules_changed").await.len(), 2);
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

/// Every field a browser would submit from the form: inputs with their values, checked
/// boxes and radios, selected options, textareas.
pub fn form_fields(html: &str, form: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let form = doc
        .select(&scraper::Selector::parse(form).unwrap())
        .next()
        .expect("form");
    let mut out = Vec::new();
    for el in form.select(&scraper::Selector::parse("input, textarea, select").unwrap()) {
        let v = el.value();
        let Some(name) = v.attr("name") else { continue };
        match (v.name(), v.attr("type").unwrap_or("text")) {
            ("input", "checkbox" | "radio") => {
                if v.attr("checked").is_some() {
                    out.push((name.to_owned(), v.attr("value").unwrap_or("on").to_owned()));
                }
            }
            ("input", _) => out.push((name.to_owned(), v.attr("value").unwrap_or("").to_owned())),
            ("textarea", _) => out.push((name.to_owned(), el.text().collect())),
            _ => {
                let selected = el
                    .select(&scraper::Selector::parse("option[selected]").unwrap())
                    .next();
                out.push((
                    name.to_owned(),
                    selected
                        .and_then(|o| o.value().attr("value"))
                        .unwrap_or("")
                        .to_owned(),
                ));
            }
        }
    }
    out
}
