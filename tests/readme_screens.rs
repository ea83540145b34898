//! The README's screenshots, taken in headless Chromium from the demo data, and the one way
//! they are made. Every run checks the three journeys reach their pages and give a PNG of the
//! width asked (written to a temporary directory); with `HEARTH_SCREENSHOTS=write` they replace
//! `assets/img/*.png`: `HEARTH_SCREENSHOTS=write cargo test --test integration readme_screens`.
use crate::browser::{chromium, driver, wait_for_text};
use crate::browser_phone::sign_in;
use crate::note_helpers::{child_of, link_in, outbox_of, path_of, send_note};
use crate::support::*;
use fantoccini::{Client, Locator};
use hearth::entities::{child, program, user, visit};
use hearth::i18n::Lang;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The width in the PNG's header (IHDR, bytes 16–19, big-endian), after its signature.
fn png_width(png: &[u8]) -> u32 {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    u32::from_be_bytes([png[16], png[17], png[18], png[19]])
}

async fn shot(c: &Client, dir: &std::path::Path, name: &str, width: u32) {
    let png = c.screenshot().await.unwrap();
    assert_eq!(png_width(&png), width, "{name}");
    let to = if std::env::var("HEARTH_SCREENSHOTS").as_deref() == Ok("write") {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/img")
    } else {
        dir.to_path_buf()
    };
    std::fs::write(to.join(name), png).unwrap();
}

#[tokio::test]
async fn readme_screens() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();

    // The program dashboard, as the supervisor sees it on a desktop.
    // A driver (and so a browser profile) per person: cookies do not carry over.
    let d = driver().await;
    let c = chromium(&d).await;
    c.set_window_size(1100, 1400).await.unwrap();
    sign_in(&c, &app.base, SUPERVISOR).await;
    c.goto(&format!("{}/dashboard", app.base)).await.unwrap();
    wait_for_text(&c, "Program dashboard").await;
    shot(&c, dir.path(), "dashboard.png", 1100).await;
    c.close().await.unwrap();

    // The visit note on a phone: the provider's next scheduled visit, its form prefilled.
    let provider = app.user_id(PROVIDER).await;
    let tz = program::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .tz();
    let today = chrono::Utc::now().with_timezone(&tz).naive_local().date();
    let v = visit::Entity::find()
        .filter(visit::Column::ProviderId.eq(provider))
        .filter(visit::Column::Status.eq(visit::Status::Scheduled))
        .filter(visit::Column::StartsAt.gte(today.and_hms_opt(0, 0, 0).unwrap()))
        .order_by_asc(visit::Column::StartsAt)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo provider has visits scheduled");
    let d = driver().await;
    let c = chromium(&d).await;
    c.set_window_size(375, 1500).await.unwrap();
    sign_in(&c, &app.base, PROVIDER).await;
    c.goto(&format!("{}/visits/{}", app.base, v.id))
        .await
        .unwrap();
    wait_for_text(&c, "Sign and lock").await;
    c.find(Locator::Css("textarea[name=tried]"))
        .await
        .unwrap()
        .send_keys("Paused with the cup in view; he reached and said \"ma\".")
        .await
        .unwrap();
    c.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
    shot(&c, dir.path(), "visit-note-phone.png", 375).await;
    c.close().await.unwrap();

    // The family page in Spanish, on a phone, opened from the coaching note's link: the
    // demo's Spanish-speaking family with a plan, whose outcomes and joint plans the demo
    // has in Spanish. Their provider writes what was practised in Spanish as they compose.
    let (visit, child) = spanish_family_visit(&app).await;
    assert_eq!(
        visit.joint_plan_lang,
        Some(Lang::Es),
        "the seed translated it"
    );
    let tried = match visit.routine {
        visit::Routine::Mealtime => {
            "Con la merienda a la vista, esperamos a que pidiera con un sonido o una seña."
        }
        visit::Routine::Bath => {
            "En el baño nombramos las partes del cuerpo y le ofrecimos dos juguetes para elegir."
        }
        visit::Routine::Play => {
            "Practicamos ponerse de pie en el sofá con su juguete favorito sobre el cojín."
        }
        _ => "Armamos una rutina de tres pasos antes de dormir: baño, cuento y canción.",
    };
    let body = format!(
        "Lo que practicamos hoy:\n{tried}\n\nNuestro plan hasta la próxima vez:\n{}",
        visit.joint_plan_family
    );
    let b = app.signed_in(&provider_of(&app, &visit).await).await;
    assert_eq!(send_note(&b, visit.id, Some(&body)).await.status(), 303);
    let row = outbox_of(&app, visit.id).await.pop().unwrap();
    let link = path_of(&link_in(&row.text_body));
    let d = driver().await;
    let c = chromium(&d).await;
    c.set_window_size(375, 1500).await.unwrap();
    c.goto(&format!("{}{link}", app.base)).await.unwrap();
    c.find(Locator::Css("form[action^='/family/open/'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.goto(&format!("{}/family?lang=es", app.base))
        .await
        .unwrap();
    wait_for_text(&c, "La página de nuestra familia").await;
    wait_for_text(&c, &format!("Para {}", child.first_name)).await;
    shot(&c, dir.path(), "family-es-phone.png", 375).await;
    c.close().await.unwrap();
}

/// The newest signed demo visit of a family whose caregiver reads Spanish.
async fn spanish_family_visit(app: &TestApp) -> (visit::Model, child::Model) {
    let visits = visit::Entity::find()
        .filter(visit::Column::SignedAt.is_not_null())
        .order_by_desc(visit::Column::StartsAt)
        .all(&app.db)
        .await
        .unwrap();
    for v in visits {
        let c = child_of(app, &v).await;
        if hearth::ifsp::model::family_lang(&app.db, &c).await.unwrap() == Lang::Es {
            return (v, c);
        }
    }
    panic!("the demo has a Spanish-speaking family with signed visits");
}

async fn provider_of(app: &TestApp, v: &visit::Model) -> String {
    user::Entity::find_by_id(v.provider_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .email
}
