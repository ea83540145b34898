//! `hearth audit verify` and `hearth audit anchor`: the chain checked, and its head written
//! outside the table, from the command line (CI and operators run these; the admin page
//! shows the same check).
use super::{ChainStatus, anchor, report, verify_chain};
use crate::config::Config;
use anyhow::bail;
use clap::Subcommand;
use sea_orm::DatabaseConnection;

#[derive(Subcommand)]
pub enum AuditAction {
    /// Walk the whole chain, report the first broken row, if any, print the head and
    /// compare it with the anchor (HEARTH_AUDIT_ANCHOR).
    Verify,
    /// Verify the chain, then set the anchor to its head (after a restore, or a first start).
    Anchor,
}

pub async fn run(
    db: &DatabaseConnection,
    config: &Config,
    action: AuditAction,
) -> anyhow::Result<()> {
    match action {
        AuditAction::Verify => {
            let report = report::check(db, Some(&config.audit_anchor)).await?;
            for line in &report.lines {
                println!("{line}");
            }
            for failure in &report.failures {
                eprintln!("FAILED: {failure}");
            }
            if !report.ok() {
                bail!("the audit log does not verify");
            }
        }
        AuditAction::Anchor => {
            if let ChainStatus::Broken { row_id, reason } = verify_chain(db).await? {
                bail!("audit chain broken at row {row_id}: {reason}; not anchored")
            }
            match anchor::head(db).await? {
                Some(head) => {
                    anchor::write(&config.audit_anchor, &head)?;
                    println!(
                        "anchored row {} in {}",
                        head.id,
                        config.audit_anchor.display()
                    );
                }
                None => println!("the audit log is empty: nothing to anchor"),
            }
        }
    }
    Ok(())
}
