//! External ids: which local row an id in an interchange file names, and back.
use sea_orm::{
    ConnectionTrait, DbErr,
    sea_query::{Alias, Expr, ExprTrait, Query},
};
use std::collections::HashMap;

/// The record types of the format, in dependency order: a record refers only to types before
/// its own, or of its own type (a make-up visit names a missed visit, a plan version the one it
/// supersedes). Export writes them in this order; import writes them in this order too, a
/// record after those of its type it names (`import::write::order`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Program,
    Staff,
    Agency,
    Family,
    Caregiver,
    Child,
    Referral,
    Consent,
    Evaluation,
    EvaluationResult,
    Delay,
    CosRating,
    Transition,
    // IFSP versions and what hangs off them (issue #15).
    Ifsp,
    IfspOutcome,
    IfspService,
    IfspSignature,
    TransitionStep,
    OutcomeProgress,
    // Visits, their addenda, referral packets and disclosures: last, as visits name the
    // plan's services and outcomes.
    Visit,
    VisitAddendum,
    ReferralPacket,
    Disclosure,
}

impl Kind {
    pub const ALL: [Kind; 23] = [
        Kind::Program,
        Kind::Staff,
        Kind::Agency,
        Kind::Family,
        Kind::Caregiver,
        Kind::Child,
        Kind::Referral,
        Kind::Consent,
        Kind::Evaluation,
        Kind::EvaluationResult,
        Kind::Delay,
        Kind::CosRating,
        Kind::Transition,
        Kind::Ifsp,
        Kind::IfspOutcome,
        Kind::IfspService,
        Kind::IfspSignature,
        Kind::TransitionStep,
        Kind::OutcomeProgress,
        Kind::Visit,
        Kind::VisitAddendum,
        Kind::ReferralPacket,
        Kind::Disclosure,
    ];

    /// The `type` of a line, and the prefix of the ids made here.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Program => "program",
            Kind::Staff => "staff",
            Kind::Agency => "agency",
            Kind::Family => "family",
            Kind::Caregiver => "caregiver",
            Kind::Child => "child",
            Kind::Referral => "referral",
            Kind::Consent => "consent",
            Kind::Evaluation => "evaluation",
            Kind::EvaluationResult => "evaluation_result",
            Kind::Delay => "delay",
            Kind::CosRating => "cos_rating",
            Kind::Transition => "transition",
            Kind::Ifsp => "ifsp",
            Kind::IfspOutcome => "ifsp_outcome",
            Kind::IfspService => "ifsp_service",
            Kind::IfspSignature => "ifsp_signature",
            Kind::TransitionStep => "transition_step",
            Kind::OutcomeProgress => "outcome_progress",
            Kind::Visit => "visit",
            Kind::VisitAddendum => "visit_addendum",
            Kind::ReferralPacket => "referral_packet",
            Kind::Disclosure => "disclosure",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, so that `{kind:<10}` lines up a summary.
        f.pad(self.as_str())
    }
}

const TABLE: &str = "interchange_ids";
/// The `kind` of the one row holding this installation's tag.
const INSTALLATION: &str = "installation";

/// The id a row made here is exported with.
pub fn native(kind: Kind, local: i32, tag: &str) -> String {
    format!("{kind}-{local}@{tag}")
}

/// The local id in an id made here (`child-12@<our tag>` → 12), if it is one.
pub fn parse_native(kind: Kind, ext: &str, tag: &str) -> Option<i32> {
    let rest = ext.strip_prefix(kind.as_str())?.strip_prefix('-')?;
    let (n, t) = rest.split_once('@')?;
    if t != tag || n.starts_with('+') || n.starts_with('0') {
        return None;
    }
    n.parse().ok().filter(|n| *n > 0)
}

/// This installation's tag, made on first use. Call inside a write transaction.
pub async fn installation_tag(db: &impl ConnectionTrait) -> Result<String, DbErr> {
    let select = Query::select()
        .column(Alias::new("external_id"))
        .from(Alias::new(TABLE))
        .and_where(Expr::col(Alias::new("kind")).eq(INSTALLATION))
        .to_owned();
    if let Some(row) = db.query_one(&select).await? {
        return row.try_get_by_index::<String>(0);
    }
    let tag = hex::encode(rand::random::<[u8; 4]>());
    let insert = Query::insert()
        .into_table(Alias::new(TABLE))
        .columns([
            Alias::new("kind"),
            Alias::new("external_id"),
            Alias::new("local_id"),
        ])
        .values_panic([INSTALLATION.into(), tag.clone().into(), 0.into()])
        .to_owned();
    db.execute(&insert).await?;
    Ok(tag)
}

/// Remembers that `ext` (of another installation) is the local row `local`.
pub async fn remember(
    db: &impl ConnectionTrait,
    kind: Kind,
    ext: &str,
    local: i32,
) -> Result<(), DbErr> {
    // A row of a remembered id may have been deleted since: the id now names the new row.
    let delete = Query::delete()
        .from_table(Alias::new(TABLE))
        .and_where(Expr::col(Alias::new("kind")).eq(kind.as_str()))
        .and_where(Expr::col(Alias::new("external_id")).eq(ext))
        .to_owned();
    db.execute(&delete).await?;
    let insert = Query::insert()
        .into_table(Alias::new(TABLE))
        .columns([
            Alias::new("kind"),
            Alias::new("external_id"),
            Alias::new("local_id"),
        ])
        .values_panic([kind.as_str().into(), ext.into(), local.into()])
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

/// Rows per `IN (…)` list: well under SQLite's and PostgreSQL's parameter limits.
const CHUNK: usize = 500;

/// The remembered external ids of some local rows of one type (rows made here have none).
pub async fn external_of(
    db: &impl ConnectionTrait,
    kind: Kind,
    locals: &[i32],
) -> Result<HashMap<i32, String>, DbErr> {
    let mut out = HashMap::new();
    for chunk in locals.chunks(CHUNK) {
        let select = Query::select()
            .columns([Alias::new("local_id"), Alias::new("external_id")])
            .from(Alias::new(TABLE))
            .and_where(Expr::col(Alias::new("kind")).eq(kind.as_str()))
            .and_where(Expr::col(Alias::new("local_id")).is_in(chunk.iter().copied()))
            .to_owned();
        for row in db.query_all(&select).await? {
            out.insert(row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        }
    }
    Ok(out)
}

/// The local rows some remembered external ids of one type became.
pub async fn local_of(
    db: &impl ConnectionTrait,
    kind: Kind,
    exts: &[String],
) -> Result<HashMap<String, i32>, DbErr> {
    let mut out = HashMap::new();
    for chunk in exts.chunks(CHUNK) {
        let select = Query::select()
            .columns([Alias::new("external_id"), Alias::new("local_id")])
            .from(Alias::new(TABLE))
            .and_where(Expr::col(Alias::new("kind")).eq(kind.as_str()))
            .and_where(Expr::col(Alias::new("external_id")).is_in(chunk.iter().cloned()))
            .to_owned();
        for row in db.query_all(&select).await? {
            out.insert(row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        }
    }
    Ok(out)
}

/// Local id → external id for the rows a page of export refers to.
#[derive(Default)]
pub struct Names {
    tag: String,
    known: HashMap<(Kind, i32), String>,
}

impl Names {
    pub fn new(tag: &str) -> Names {
        Names {
            tag: tag.to_owned(),
            known: HashMap::new(),
        }
    }

    /// Loads the remembered ids of `locals` (once each).
    pub async fn load(
        &mut self,
        db: &impl ConnectionTrait,
        kind: Kind,
        locals: impl IntoIterator<Item = i32>,
    ) -> Result<(), DbErr> {
        let mut want: Vec<i32> = locals
            .into_iter()
            .filter(|l| !self.known.contains_key(&(kind, *l)))
            .collect();
        want.sort_unstable();
        want.dedup();
        let found = external_of(db, kind, &want).await?;
        for l in want {
            let ext = found
                .get(&l)
                .cloned()
                .unwrap_or_else(|| native(kind, l, &self.tag));
            self.known.insert((kind, l), ext);
        }
        Ok(())
    }

    /// Records a name known another way (import keeps both directions).
    pub fn insert(&mut self, kind: Kind, local: i32, ext: &str) {
        self.known.insert((kind, local), ext.to_owned());
    }

    /// The external id of a loaded row; an empty string for one never loaded (which then
    /// compares unequal to any real id).
    pub fn get(&self, kind: Kind, local: i32) -> String {
        self.known.get(&(kind, local)).cloned().unwrap_or_default()
    }

    /// Forgets the loaded names, so that memory stays one page's worth.
    pub fn clear(&mut self) {
        self.known.clear();
    }
}

/// External id → local id, for every record of an import and every row it refers to.
#[derive(Default)]
pub struct Locals(HashMap<(Kind, String), i32>);

impl Locals {
    pub fn insert(&mut self, kind: Kind, ext: &str, local: i32) {
        self.0.insert((kind, ext.to_owned()), local);
    }

    pub fn find(&self, kind: Kind, ext: &str) -> Option<i32> {
        self.0.get(&(kind, ext.to_owned())).copied()
    }

    /// The local id of a reference validation has resolved (0 for one it has not, which no
    /// row has, so the insert fails rather than pointing at the wrong row).
    pub fn get(&self, kind: Kind, ext: &str) -> i32 {
        self.find(kind, ext).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_made_here_read_back_and_others_do_not() {
        assert_eq!(native(Kind::Child, 12, "3f9a1c2e"), "child-12@3f9a1c2e");
        assert_eq!(
            parse_native(Kind::Child, "child-12@3f9a1c2e", "3f9a1c2e"),
            Some(12)
        );
        // Another installation's, another type's, or not an id made here at all.
        for other in [
            "child-12@00000000",
            "family-12@3f9a1c2e",
            "child-012@3f9a1c2e",
            "child-+12@3f9a1c2e",
            "child-0@3f9a1c2e",
            "child-12",
            "children-12@3f9a1c2e",
            "SIS-4411",
        ] {
            assert_eq!(
                parse_native(Kind::Child, other, "3f9a1c2e"),
                None,
                "{other}"
            );
        }
    }

    #[test]
    fn kinds_parse_from_their_type_names_in_dependency_order() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("children"), None);
        // The `kind` column of interchange_ids is 32 characters (PostgreSQL enforces it).
        assert!(Kind::ALL.iter().all(|k| k.as_str().len() <= 32));
        assert!(Kind::ALL.windows(2).all(|w| w[0] < w[1]));
    }
}
