use super::*;
use chrono::TimeZone;

fn config() -> MailConfig {
    MailConfig {
        smtp_url: None,
        from: "Hearth <a@b.example>".into(),
        send_timeout: Duration::from_secs(30),
        retry_for: Duration::from_secs(48 * 3600),
        backoff_base: Duration::from_secs(30),
        poll: Duration::from_secs(2),
        family_link_days: 30,
    }
}

fn row(attempts: i32, give_up_at: DateTime<Utc>) -> outbox::Model {
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    outbox::Model {
        id: 1,
        program_id: 1,
        child_id: None,
        note_id: None,
        caregiver_id: None,
        kind: outbox::Kind::CoachingNote,
        to_address: "maria@family.example".into(),
        to_name: "María López".into(),
        language: crate::i18n::Lang::Es,
        subject: "Nota".into(),
        text_body: "hola".into(),
        html_body: "<p>hola</p>".into(),
        reply_to: String::new(),
        message_id: "<hearth.x@ei.example>".into(),
        status: outbox::Status::Sending,
        attempts,
        next_attempt_at: t,
        lease_until: None,
        give_up_at,
        last_error: String::new(),
        created_by: 1,
        created_at: t,
        updated_at: t,
        sent_at: None,
    }
}

#[test]
fn backoff_doubles_is_capped_and_jittered() {
    let base = Duration::from_secs(30);
    assert_eq!(backoff(base, 1, 1.0), Duration::from_secs(30));
    assert_eq!(backoff(base, 2, 1.0), Duration::from_secs(60));
    assert_eq!(backoff(base, 4, 1.0), Duration::from_secs(240));
    assert_eq!(backoff(base, 30, 1.0), Duration::from_secs(3600));
    assert_eq!(backoff(base, 2, 0.75), Duration::from_secs(45));
    assert_eq!(backoff(base, 0, 1.0), Duration::from_secs(30));
}

#[test]
fn permanent_fails_at_once_temporary_retries_until_the_deadline() {
    let c = config();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let tmp = SendError::Temporary {
        code: Some(451),
        message: "try later".into(),
    };
    let perm = SendError::Permanent {
        code: Some(550),
        message: "no such user".into(),
    };
    let far = now + CDuration::hours(40);

    assert_eq!(decide(&row(1, far), Ok(()), &c, now, 1.0), Finish::Sent);
    assert_eq!(
        decide(&row(1, far), Err(perm.clone()), &c, now, 1.0),
        Finish::Failed(perm)
    );
    assert_eq!(
        decide(&row(3, far), Err(tmp.clone()), &c, now, 1.0),
        Finish::Retry {
            at: now + CDuration::seconds(120),
            error: tmp.clone()
        }
    );
    // The next try would land after the deadline: give up, saying how often it was tried.
    let soon = now + CDuration::seconds(100);
    match decide(&row(3, soon), Err(tmp), &c, now, 1.0) {
        Finish::Failed(SendError::Temporary { code, message }) => {
            assert_eq!(code, Some(451));
            assert_eq!(message, "Gave up after 3 attempts: try later");
        }
        other => panic!("expected failure, got {other:?}"),
    }
}

#[test]
fn the_message_carries_the_rows_message_id_and_both_parts() {
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let m = message(&row(1, t), "Hearth <notes@ei.example>").unwrap();
    let wire = String::from_utf8(m.formatted()).unwrap();
    assert!(wire.contains("Message-ID: <hearth.x@ei.example>"), "{wire}");
    assert!(wire.contains("multipart/alternative"));
    assert!(wire.contains("text/plain") && wire.contains("text/html"));

    let mut bad = row(1, t);
    bad.to_address = "not an address".into();
    assert!(matches!(
        message(&bad, "Hearth <notes@ei.example>"),
        Err(SendError::Permanent { .. })
    ));
}
