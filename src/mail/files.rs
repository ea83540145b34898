//! The file transport's `.eml` files, seen per program. The files share one directory and
//! carry no owner, so each is tied to its outbox row by its Message-ID header (the transport
//! writes the bytes as sent, and a retry keeps the Message-ID): an admin lists and opens only
//! files whose row belongs to their program.
use super::transport::mail_dir;
use crate::{config::Config, entities::outbox};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::{collections::HashSet, io::Read, path::Path, time::SystemTime};

/// Headers end well before this; reading a message's start is enough to find its id.
const HEAD_BYTES: u64 = 16 * 1024;

/// The Message-ID header of a raw message (unfolded, as written), if it has one.
pub fn message_id_of(raw: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    let head = text
        .split("\r\n\r\n")
        .next()
        .unwrap_or("")
        .split("\n\n")
        .next()
        .unwrap_or("");
    let unfolded = head
        .replace("\r\n", "\n")
        .replace("\n ", " ")
        .replace("\n\t", " ");
    unfolded.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        let v = v.trim();
        (k.trim().eq_ignore_ascii_case("message-id") && !v.is_empty()).then(|| v.to_owned())
    })
}

/// Only names the transport writes (a UUID and `.eml`): nothing can climb out of the folder.
pub fn valid_name(name: &str) -> bool {
    name.strip_suffix(".eml")
        .is_some_and(|stem| uuid::Uuid::parse_str(stem).is_ok())
}

fn head_of(path: &Path) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(HEAD_BYTES)
        .read_to_end(&mut head)
        .ok()?;
    Some(head)
}

/// The program's files, newest first, at most `limit`.
pub async fn for_program(
    db: &impl ConnectionTrait,
    config: &Config,
    program_id: i32,
    limit: usize,
) -> Result<Vec<(SystemTime, String)>, DbErr> {
    let dir = mail_dir(config);
    let mut found: Vec<(SystemTime, String, String)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if !valid_name(&name) {
                        return None;
                    }
                    let when = e.metadata().and_then(|m| m.modified()).ok()?;
                    let id = message_id_of(&head_of(&e.path())?)?;
                    Some((when, name, id))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut mine = HashSet::new();
    let ids: Vec<String> = found.iter().map(|(_, _, id)| id.clone()).collect();
    for chunk in ids.chunks(500) {
        let rows: Vec<String> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::MessageId)
            .filter(outbox::Column::ProgramId.eq(program_id))
            .filter(outbox::Column::MessageId.is_in(chunk.iter().cloned()))
            .into_tuple()
            .all(db)
            .await?;
        mine.extend(rows);
    }
    found.retain(|(_, _, id)| mine.contains(id));
    found.sort_by(|a, b| b.cmp(a));
    found.truncate(limit);
    Ok(found
        .into_iter()
        .map(|(when, name, _)| (when, name))
        .collect())
}

/// A file's bytes and the outbox row it was sent for; `None` for a name that is not a
/// message the transport wrote for any row.
pub async fn open(
    db: &impl ConnectionTrait,
    config: &Config,
    name: &str,
) -> Result<Option<(outbox::Model, Vec<u8>)>, DbErr> {
    if !valid_name(name) {
        return Ok(None);
    }
    let Ok(body) = std::fs::read(mail_dir(config).join(name)) else {
        return Ok(None);
    };
    let Some(id) = message_id_of(&body) else {
        return Ok(None);
    };
    let row = outbox::Entity::find()
        .filter(outbox::Column::MessageId.eq(id))
        .one(db)
        .await?;
    Ok(row.map(|r| (r, body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_id_is_read_from_the_headers_only() {
        let raw = b"From: a@b.c\r\nMessage-ID:\r\n <hearth.1@ei.example>\r\nSubject: x\r\n\r\nMessage-ID: <body@no>\r\n";
        assert_eq!(message_id_of(raw).as_deref(), Some("<hearth.1@ei.example>"));
        assert_eq!(
            message_id_of(b"message-id: <x@y>\n\nbody").as_deref(),
            Some("<x@y>")
        );
        assert_eq!(
            message_id_of(b"Subject: x\r\n\r\nMessage-ID: <body@no>"),
            None
        );
    }

    #[test]
    fn only_the_transports_own_names_are_opened() {
        assert!(valid_name("67e55044-10b1-426f-9247-bb680e5fe0c8.eml"));
        for bad in [
            "../secret.key",
            "67e55044-10b1-426f-9247-bb680e5fe0c8.eml/../x",
            "x.eml",
            "67e55044-10b1-426f-9247-bb680e5fe0c8",
        ] {
            assert!(!valid_name(bad), "{bad}");
        }
    }
}
