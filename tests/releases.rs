//! Releases name directory agencies (issue #17): the consent form offers the program's
//! active agencies, refuses another program's, and a packet goes under a release chosen from
//! the list; a refused packet names the missing release and links to the form.
use crate::packets::{DISTRICT, agency_named, planned_child, send};
use crate::support::*;
use chrono::Utc;
use hearth::entities::{agency, consent, referral_packet, user};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

/// An active agency of another program's directory.
async fn foreign_agency(app: &TestApp) -> agency::Model {
    let other = user::Entity::find()
        .filter(user::Column::Email.eq(OTHER_ADMIN))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    agency::ActiveModel {
        program_id: Set(other.program_id),
        name: Set("Elsewhere Unified School District".into()),
        kind: Set(agency::Kind::Lea),
        service_area: Set(String::new()),
        contact_name: Set(String::new()),
        email: Set("intake@elsewhere.example".into()),
        phone: Set(String::new()),
        fax: Set(String::new()),
        address: Set(String::new()),
        preferred_channel: Set(agency::Channel::Email),
        active: Set(true),
        version: Set(1),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
}

fn release<'a>(agency: &'a str, name: &'a str, records: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("kind", "release_of_information"),
        ("given", "yes"),
        ("decided_on", "2026-01-01"),
        ("decided_by", "Parent Typed Here"),
        ("agency", agency),
        ("agency_name", name),
        ("purpose", "Transition to preschool, as typed"),
    ];
    for r in records {
        f.push(("records", r));
    }
    f
}

#[tokio::test]
async fn the_consent_form_offers_the_directory_and_refuses_another_programs_agency() {
    let app = TestApp::spawn().await;
    let c = planned_child(&app, 0).await;
    let b = app.signed_in(ADMIN).await;
    let district = agency_named(&app, DISTRICT).await;
    let foreign = foreign_agency(&app).await;
    let (status, form) = b.page(&format!("/children/{}/consents/new", c.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains(&format!("<option value=\"{}\">{}", district.id, DISTRICT)),
        "{form}"
    );
    assert!(form.contains("<option value=\"other\">Another agency (not in the directory)"));
    assert!(
        !form.contains("Elsewhere Unified"),
        "another program's agency is not offered"
    );

    let seeded = consent::Entity::find().count(&app.db).await.unwrap();
    let id = foreign.id.to_string();
    let res = b
        .post(
            &format!("/children/{}/consents", c.id),
            &release(&id, "", &["ifsp"]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"f-agency-error\""), "{html}");
    assert!(
        html.contains("Choose an agency from this program&#39;s directory")
            || html.contains("Choose an agency from this program's directory"),
        "{html}"
    );
    assert!(
        html.contains("Parent Typed Here"),
        "the form keeps what was typed"
    );
    assert!(html.contains("Transition to preschool, as typed"));
    assert_eq!(
        consent::Entity::find().count(&app.db).await.unwrap(),
        seeded
    );

    // "Another agency" needs its name; with it, the release names no directory agency.
    let res = b
        .post(
            &format!("/children/{}/consents", c.id),
            &release("other", "", &["ifsp"]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Name the agency"));
    let res = b
        .post(
            &format!("/children/{}/consents", c.id),
            &release("other", "Grandma's church playgroup", &["ifsp"]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let k = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(c.id))
        .filter(consent::Column::AgencyName.eq("Grandma's church playgroup"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(k.agency_id, None);
}

#[tokio::test]
async fn a_packet_goes_under_a_directory_release_and_a_refusal_links_to_the_missing_one() {
    let app = TestApp::spawn().await;
    let c = planned_child(&app, 0).await;
    let b = app.signed_in(ADMIN).await;
    let district = agency_named(&app, DISTRICT).await;
    let id = district.id.to_string();
    let res = b
        .post(
            &format!("/children/{}/consents", c.id),
            &release(&id, "", &["ifsp"]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let k = consent::Entity::find()
        .filter(consent::Column::ChildId.eq(c.id))
        .filter(consent::Column::Kind.eq(consent::Kind::ReleaseOfInformation))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(k.agency_id, Some(district.id));
    assert_eq!(
        k.agency_name, DISTRICT,
        "the directory's name, for the record"
    );

    // The release covers the IFSP only: a packet with the COS summary too is refused,
    // naming the agency, the record not covered, and a link to record the release.
    let res = send(&b, c.id, district.id, &["ifsp", "cos"]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("A release is missing"), "{html}");
    let cos = hearth::entities::Choice::label(referral_packet::Document::Cos);
    assert!(
        html.contains(&format!(
            "No release of information in force for {DISTRICT} covers: {cos}."
        )),
        "{html}"
    );
    let link = format!(
        "href=\"/children/{}/consents/new?kind=release_of_information&amp;agency={}&amp;records=ifsp,cos\"",
        c.id, district.id
    );
    assert!(html.contains(&link), "{html}");
    assert!(
        referral_packet::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );

    // The link opens the form with the release, the agency and the records chosen.
    let (status, form) = b
        .page(&format!(
            "/children/{}/consents/new?kind=release_of_information&agency={}&records=ifsp,cos",
            c.id, district.id
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("<option value=\"release_of_information\" selected>"),
        "{form}"
    );
    assert!(form.contains(&format!("<option value=\"{}\" selected>", district.id)));
    assert!(form.contains("id=\"rec-ifsp\" name=\"records\" value=\"ifsp\" checked"));
    assert!(form.contains("id=\"rec-cos\" name=\"records\" value=\"cos\" checked"));
    assert!(!form.contains("value=\"evaluation\" checked"));

    // With the IFSP alone the packet goes, under the release chosen from the list.
    let res = send(&b, c.id, district.id, &["ifsp"]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let packets = referral_packet::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(packets.len(), 1);
    assert_eq!(packets[0].consent_id, k.id);
    assert_eq!(packets[0].agency_id, district.id);
}
