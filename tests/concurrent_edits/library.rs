//! The activity library's race: two authors of one activity, and a stale submit.
use super::*;
use hearth::entities::activity;

fn activity_form(summary: &str, v: &str) -> Fields {
    vec![
        ("domains", "communication".into()),
        ("routines", "bath".into()),
        ("cos_outcome", "B".into()),
        ("age_min", "12".into()),
        ("age_max", "30".into()),
        ("en_title", "Splash and say".into()),
        ("en_summary", summary.into()),
        ("en_steps", "Pour\nWait\nName it".into()),
        ("es_title", "Chapotea y dilo".into()),
        ("version", v.into()),
    ]
}

/// The English summary of activity `id` as stored.
async fn summary_of(app: &TestApp, id: i32) -> String {
    activity_text::Entity::find()
        .filter(activity_text::Column::ActivityId.eq(id))
        .filter(activity_text::Column::Lang.eq(hearth::i18n::Lang::En))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .summary
}

/// A new activity of the program, written by `b`; returns its id.
async fn new_activity(b: &Browser) -> i32 {
    let f = activity_form("Name what splashes.", "");
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = b.post("/activities", &refs).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    location(&res)
        .trim_start_matches("/activities/")
        .parse()
        .unwrap()
}

pub(super) async fn an_activity(app: &TestApp, t: &mut Tally) {
    t.types += 1;
    let eds = [
        app.signed_in(COORDINATOR).await,
        app.signed_in(SUPERVISOR).await,
    ];
    let id = new_activity(&eds[0]).await;
    let edit = format!("/activities/{id}/edit");
    let path = format!("/activities/{id}");
    let v = both_load(&eds[0], &eds[1], &edit, "input[name=version]").await;
    assert_eq!(v, "1");
    let typed = ["Name every splash.", "Say 'splash' each time."];
    let Some((w, html)) = t
        .race(
            (&eds[0], path.clone(), activity_form(typed[0], &v)),
            (&eds[1], path.clone(), activity_form(typed[1], &v)),
        )
        .await
    else {
        return;
    };
    let now = activity::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    t.stored("activity", &summary_of(app, id).await, typed[w]);
    assert_eq!(now.version, 2);
    // One edit, so one replaced version kept.
    let kept = activity_history::Entity::find()
        .filter(activity_history::Column::ActivityId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(kept, 1);
    assert_eq!(texts(&html, "#f-en_summary"), vec![typed[1 - w]]);
    assert!(
        rows(&html)
            .iter()
            .any(|r| r.contains(typed[w]) && r.contains(typed[1 - w]))
    );
    let html = t
        .stale(&eds[1 - w], &path, &activity_form("A stale summary.", &v))
        .await
        .unwrap_or_default();
    assert_eq!(texts(&html, "#f-en_summary"), vec!["A stale summary."]);
    t.stored(
        "activity after a stale submit",
        &summary_of(app, id).await,
        typed[w],
    );
    let after = activity::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.version, 2);
}
