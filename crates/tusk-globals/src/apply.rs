//! Applying globals to a target cluster, statement by statement, with a report of everything
//! left out.
//!
//! **Invariant:** nothing is left out silently. A statement the server refuses for lack of
//! privilege (SQLSTATE 42501), an attribute the restoring role may not give, and anything
//! that depends on a role or database the target lacks become a [`LeftOut`] in the
//! [`ApplyReport`]; any other failure stops the restore with an error naming the object.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use tusk_catalog::settings::alter_config_command;
use tusk_pg::{Session, SqlState};

use crate::error::GlobalsError;
use crate::model::{Globals, Membership, Role, Tablespace};
use crate::render::{self, Grantable};
use crate::version;

/// How to apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Ignore the password hashes of the dump (`--no-role-passwords`).
    pub no_role_passwords: bool,
    /// Leave tablespaces out.
    pub no_tablespaces: bool,
    /// Leave comments out.
    pub no_comments: bool,
    /// Leave security labels out.
    pub no_security_labels: bool,
    /// Tablespace locations to change (`--tablespace-mapping OLD=NEW`, like pg_basebackup's
    /// `-T`): a tablespace at exactly OLD is created at NEW. Each OLD must be the location of
    /// a tablespace of the dump, and both must be absolute.
    pub tablespace_mapping: Vec<(String, String)>,
}

/// What a [`LeftOut`] is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    /// A role (its creation, an attribute, its comment or labels).
    Role(String),
    /// The membership of `member` in `role`.
    Membership {
        /// The granted role.
        role: String,
        /// Its member.
        member: String,
    },
    /// A role's setting, everywhere or in one database.
    Setting {
        /// The role.
        role: String,
        /// The database, for `ALTER ROLE … IN DATABASE`.
        database: Option<String>,
    },
    /// The privileges on a configuration parameter.
    Parameter(String),
    /// A tablespace.
    Tablespace(String),
}

impl fmt::Display for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Role(r) => write!(f, "role \"{r}\""),
            Self::Membership { role, member } => {
                write!(f, "membership of \"{member}\" in role \"{role}\"")
            }
            Self::Setting { role, database: None } => write!(f, "setting of role \"{role}\""),
            Self::Setting { role, database: Some(d) } => {
                write!(f, "setting of role \"{role}\" in database \"{d}\"")
            }
            Self::Parameter(p) => write!(f, "privileges on parameter \"{p}\""),
            Self::Tablespace(t) => write!(f, "tablespace \"{t}\""),
        }
    }
}

/// One thing of the dump that is not in the target, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The object.
    pub object: Object,
    /// What of it: e.g. `SUPERUSER`, `CREATE TABLESPACE`, `SET work_mem`, `GRANTED BY admin`.
    pub what: String,
    /// Why: the server's refusal (with its SQLSTATE) or tusk's reason.
    pub reason: String,
    /// The SQLSTATE of the server's refusal, if the server refused.
    pub sqlstate: Option<String>,
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.object, self.what, self.reason)
    }
}

/// What [`apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Roles created (the others existed).
    pub roles_created: usize,
    /// Roles whose attributes were set.
    pub roles: usize,
    /// Memberships granted.
    pub memberships: usize,
    /// Settings applied (`ALTER ROLE … SET`, also in a database).
    pub settings: usize,
    /// Parameters whose privileges were applied.
    pub parameters: usize,
    /// Tablespaces created.
    pub tablespaces: usize,
    /// Statements run successfully.
    pub statements: usize,
    /// Everything left out, in the order it happened.
    pub left_out: Vec<LeftOut>,
}

/// The restoring role.
#[derive(Debug)]
struct Me {
    name: String,
    superuser: bool,
    replication: bool,
    bypass_rls: bool,
    /// The target's bootstrap superuser.
    bootstrap: String,
}

/// How the memberships are granted, from the source's and the target's versions and the
/// restoring role.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GrantPlan {
    /// Grant in pg_dumpall 16+'s grantor order: the target (or the source) is 16+, where a
    /// grantor needs ADMIN OPTION first.
    by_grantor: bool,
    /// Write the INHERIT and SET options: both sides have them.
    options: bool,
    /// The dump has options the target cannot hold (a 16+ dump into a target before 16).
    options_lost: bool,
    /// The grantor the server records for a grant without `GRANTED BY`.
    implicit_grantor: String,
    /// That grantor is the target's bootstrap superuser (a superuser restoring into 16+), which
    /// stands for the source's.
    implicit_is_bootstrap: bool,
}

impl GrantPlan {
    fn new(source_version: u32, target_version: u32, me: &Me) -> Self {
        let implicit_is_bootstrap =
            me.superuser && version::superuser_grants_as_bootstrap(target_version);
        Self {
            by_grantor: version::grantor_needs_admin_option(source_version)
                || version::grantor_needs_admin_option(target_version),
            options: version::membership_options(source_version)
                && version::membership_options(target_version),
            options_lost: version::membership_options(source_version)
                && !version::membership_options(target_version),
            implicit_grantor: if implicit_is_bootstrap {
                me.bootstrap.clone()
            } else {
                me.name.clone()
            },
            implicit_is_bootstrap,
        }
    }

    /// The grantor to name in `GRANTED BY`: none where the grant without it records the same.
    fn grantor<'m>(&self, m: &'m Membership) -> Option<&'m str> {
        match m.grantor.as_deref() {
            Some(_) if m.grantor_is_bootstrap && self.implicit_is_bootstrap => None,
            Some(g) if g == self.implicit_grantor => None,
            g => g,
        }
    }

    /// The options of `m` that the target cannot hold (`options_lost`): (what, reason) each.
    /// `member_inherit` is the member's INHERIT attribute, if the dump has the member.
    fn lost_options(
        &self,
        m: &Membership,
        member_inherit: Option<bool>,
    ) -> Vec<(&'static str, &'static str)> {
        let mut lost = Vec::new();
        if !self.options_lost {
            return lost;
        }
        if let Some(inherit) = m.inherit_option
            && Some(inherit) != member_inherit
        {
            lost.push((
                if inherit { "INHERIT TRUE" } else { "INHERIT FALSE" },
                "the target (before PostgreSQL 16) has no INHERIT option per membership: the \
                 member's INHERIT attribute decides",
            ));
        }
        if m.set_option == Some(false) {
            lost.push((
                "SET FALSE",
                "the target (before PostgreSQL 16) has no SET option per membership: members \
                 may always SET ROLE",
            ));
        }
        lost
    }
}

enum Outcome {
    Done,
    Refused(LeftOut),
}

struct Applier<'a> {
    session: &'a Session,
    report: ApplyReport,
}

impl Applier<'_> {
    /// Runs `sql` (one statement, or a group that must succeed or fail together: the server
    /// runs a multi-statement string as one implicit transaction). A refusal for lack of
    /// privilege is returned; any other error stops the restore.
    async fn run(
        &mut self,
        object: &Object,
        what: &str,
        sql: &str,
    ) -> Result<Outcome, GlobalsError> {
        match self.session.batch_execute(sql).await {
            Ok(()) => {
                self.report.statements += 1;
                Ok(Outcome::Done)
            }
            Err(e) if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) => {
                let message =
                    e.as_db_error().map_or_else(|| e.to_string(), |d| d.message().to_owned());
                Ok(Outcome::Refused(LeftOut {
                    object: object.clone(),
                    what: what.to_owned(),
                    reason: format!("{message} (SQLSTATE 42501)"),
                    sqlstate: Some("42501".to_owned()),
                }))
            }
            Err(source) => Err(GlobalsError::Apply {
                object: object.to_string(),
                what: what.to_owned(),
                source,
            }),
        }
    }

    /// Runs `sql`; a refusal is recorded. Returns whether it ran.
    async fn run_or_record(
        &mut self,
        object: &Object,
        what: &str,
        sql: &str,
    ) -> Result<bool, GlobalsError> {
        match self.run(object, what, sql).await? {
            Outcome::Done => Ok(true),
            Outcome::Refused(l) => {
                self.left_out(l);
                Ok(false)
            }
        }
    }

    fn left_out(&mut self, l: LeftOut) {
        tracing::debug!("left out: {l}");
        self.report.left_out.push(l);
    }

    fn leave_out(&mut self, object: Object, what: impl Into<String>, reason: impl Into<String>) {
        self.left_out(LeftOut { object, what: what.into(), reason: reason.into(), sqlstate: None });
    }

    async fn names(
        &self,
        sql: &str,
        action: &'static str,
    ) -> Result<BTreeSet<String>, GlobalsError> {
        let rows = self
            .session
            .query(sql, &[])
            .await
            .map_err(|source| GlobalsError::Query { action, source })?;
        rows.iter()
            .map(|r| r.try_get::<_, String>(0))
            .collect::<Result<_, _>>()
            .map_err(|source| GlobalsError::Query { action, source })
    }
}

fn check_options(globals: &Globals, options: &ApplyOptions) -> Result<(), GlobalsError> {
    for (old, new) in &options.tablespace_mapping {
        if !old.starts_with('/') || !new.starts_with('/') {
            return Err(GlobalsError::InvalidOptions {
                reason: format!(
                    "invalid tablespace mapping \"{old}={new}\": both directories must be \
                     absolute paths"
                ),
            });
        }
        if !options.no_tablespaces && !globals.tablespaces.iter().any(|t| &t.location == old) {
            return Err(GlobalsError::InvalidOptions {
                reason: format!(
                    "invalid tablespace mapping \"{old}={new}\": no tablespace of the dump is \
                     at \"{old}\""
                ),
            });
        }
    }
    Ok(())
}

/// Applies `globals` to the cluster of `session` (which must not be in a transaction), in
/// pg_dumpall's order: roles (`CREATE ROLE` only for those that do not exist, then `ALTER
/// ROLE … WITH` their attributes, comments, labels), role settings (then those in a
/// database, for the databases the target has), memberships, privileges on parameters,
/// tablespaces.
///
/// Memberships into a 16+ target (or from a 16+ source) are granted in pg_dumpall 16+'s
/// grantor order, so that a grantor holds its ADMIN OPTION before a `GRANTED BY` names it
/// (a dump of an older server can name a grantor that never had it: that grant is made by
/// the restoring role instead, and reported). A grantor is named only where the grant
/// without it would record another one (a superuser's grant into 16+ records the bootstrap
/// superuser, which stands for the source's). The INHERIT and SET options of a 16+ dump
/// that a target before 16 cannot hold are reported.
///
/// A restoring role that is not a superuser names no attribute it may not give (SUPERUSER;
/// REPLICATION and BYPASSRLS before PostgreSQL 16, and from 16 unless it has them), and
/// grants a membership without `GRANTED BY` when the server refuses the grantor; each
/// such omission is in the report. Everything the server refuses for lack of privilege is in
/// the report; any other error stops, naming the object.
pub async fn apply(
    session: &Session,
    globals: &Globals,
    options: &ApplyOptions,
) -> Result<ApplyReport, GlobalsError> {
    check_options(globals, options)?;
    session
        .batch_execute("SET default_transaction_read_only = off; SET client_min_messages = warning")
        .await
        .map_err(|source| GlobalsError::Query { action: "set up the session", source })?;
    let (_, target_version) = crate::read::server_version(session).await?;
    let err = |source| GlobalsError::Query { action: "read the restoring role", source };
    let row = session
        .query_one(
            "SELECT rolname::text, rolsuper, rolreplication, rolbypassrls, \
             pg_catalog.pg_get_userbyid(10)::text \
             FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) current_user",
            &[],
        )
        .await
        .map_err(err)?;
    let me = Me {
        name: row.try_get(0).map_err(err)?,
        superuser: row.try_get(1).map_err(err)?,
        replication: row.try_get(2).map_err(err)?,
        bypass_rls: row.try_get(3).map_err(err)?,
        bootstrap: row.try_get(4).map_err(err)?,
    };
    let mut a = Applier { session, report: ApplyReport::default() };
    let mut roles =
        a.names("SELECT rolname::text FROM pg_catalog.pg_roles", "read the target's roles").await?;
    let databases = a
        .names("SELECT datname::text FROM pg_catalog.pg_database", "read the target's databases")
        .await?;

    let own = version::createrole_gives_own_attributes(target_version);
    let grantable = Grantable {
        superuser: me.superuser,
        replication: me.superuser || (own && me.replication),
        bypass_rls: me.superuser || (own && me.bypass_rls),
        password: !options.no_role_passwords,
    };
    let mut missing: BTreeSet<&str> = BTreeSet::new();
    for role in &globals.roles {
        if !apply_role(&mut a, role, grantable, &me, &mut roles, options).await? {
            missing.insert(&role.name);
        }
    }
    for role in globals.roles.iter().filter(|r| !missing.contains(r.name.as_str())) {
        let object = Object::Setting { role: role.name.clone(), database: None };
        for item in &role.settings {
            apply_setting(&mut a, &object, &role.name, None, item).await?;
        }
    }
    for s in &globals.database_settings {
        let object = Object::Setting { role: s.role.clone(), database: Some(s.database.clone()) };
        for item in &s.settings {
            let what = setting_what(item);
            if !roles.contains(&s.role) {
                a.leave_out(
                    object.clone(),
                    what,
                    format!("role \"{}\" does not exist in the target", s.role),
                );
            } else if !databases.contains(&s.database) {
                a.leave_out(
                    object.clone(),
                    what,
                    format!(
                        "database \"{}\" does not exist in the target (its archive sets it when \
                         restored with --create)",
                        s.database
                    ),
                );
            } else {
                apply_setting(&mut a, &object, &s.role, Some(&s.database), item).await?;
            }
        }
    }
    let plan = GrantPlan::new(globals.server_version_num, target_version, &me);
    let inherits: BTreeMap<&str, bool> =
        globals.roles.iter().map(|r| (r.name.as_str(), r.inherit)).collect();
    for m in render::membership_order(&globals.memberships, plan.by_grantor) {
        let lost = plan.lost_options(m, inherits.get(m.member.as_str()).copied());
        apply_membership(&mut a, m, &plan, &lost, &roles).await?;
    }
    for p in &globals.parameter_acls {
        let sql = render::parameter_acl(p)?;
        if !sql.is_empty()
            && a.run_or_record(&Object::Parameter(p.name.clone()), "privileges", &sql).await?
        {
            a.report.parameters += 1;
        }
    }
    if !options.no_tablespaces {
        let existing = a
            .names(
                "SELECT spcname::text FROM pg_catalog.pg_tablespace",
                "read the target's tablespaces",
            )
            .await?;
        for t in &globals.tablespaces {
            apply_tablespace(&mut a, t, &existing, options).await?;
        }
    }
    Ok(a.report)
}

/// `SET name` of a `name=value` item (the value is not repeated in reports).
fn setting_what(item: &str) -> String {
    format!("SET {}", item.split_once('=').map_or(item, |(name, _)| name))
}

async fn apply_setting(
    a: &mut Applier<'_>,
    object: &Object,
    role: &str,
    database: Option<&str>,
    item: &str,
) -> Result<(), GlobalsError> {
    let Some(sql) = alter_config_command("ROLE", role, database.map(|d| ("DATABASE", d)), item)
    else {
        a.leave_out(object.clone(), format!("setting \"{item}\""), "it has no \"=\"");
        return Ok(());
    };
    if a.run_or_record(object, &setting_what(item), &sql).await? {
        a.report.settings += 1;
    }
    Ok(())
}

/// Creates (if needed) and alters one role; false if it does not exist afterwards.
async fn apply_role(
    a: &mut Applier<'_>,
    role: &Role,
    grantable: Grantable,
    me: &Me,
    roles: &mut BTreeSet<String>,
    options: &ApplyOptions,
) -> Result<bool, GlobalsError> {
    let object = Object::Role(role.name.clone());
    if !roles.contains(&role.name) {
        if !a.run_or_record(&object, "CREATE ROLE", &render::create_role(role)).await? {
            a.leave_out(
                object,
                "everything of the role (attributes, comment, settings)",
                "the role was not created",
            );
            return Ok(false);
        }
        roles.insert(role.name.clone());
        a.report.roles_created += 1;
    }
    let not_superuser = format!("the restoring role \"{}\" is not a superuser", me.name);
    for (has, may, name) in [
        (role.superuser, grantable.superuser, "SUPERUSER"),
        (role.replication, grantable.replication, "REPLICATION"),
        (role.bypass_rls, grantable.bypass_rls, "BYPASSRLS"),
    ] {
        if has && !may {
            a.leave_out(object.clone(), name, not_superuser.clone());
        }
    }
    if a.run_or_record(
        &object,
        "ALTER ROLE … WITH attributes",
        &render::alter_role(role, grantable),
    )
    .await?
    {
        a.report.roles += 1;
    }
    if let Some(c) = role.comment.as_deref().filter(|_| !options.no_comments) {
        a.run_or_record(&object, "COMMENT", &render::comment("ROLE", &role.name, c)).await?;
    }
    if !options.no_security_labels {
        for l in &role.security_labels {
            let sql = render::labels("ROLE", &role.name, std::slice::from_ref(l));
            a.run_or_record(&object, &format!("SECURITY LABEL FOR {}", l.provider), &sql).await?;
        }
    }
    Ok(true)
}

/// Grants one membership, naming its grantor where that is needed and allowed; a grantor
/// the server refuses (or the target lacks) is replaced by the implicit one, and reported.
async fn apply_membership(
    a: &mut Applier<'_>,
    m: &Membership,
    plan: &GrantPlan,
    lost_options: &[(&str, &str)],
    roles: &BTreeSet<String>,
) -> Result<(), GlobalsError> {
    let object = Object::Membership { role: m.role.clone(), member: m.member.clone() };
    for r in [&m.role, &m.member] {
        if !roles.contains(r) {
            a.leave_out(object, "GRANT", format!("role \"{r}\" does not exist in the target"));
            return Ok(());
        }
    }
    let grantor = plan.grantor(m);
    let mut refusal = None;
    let mut granted = false;
    if let Some(g) = grantor {
        if roles.contains(g) {
            let sql = render::grant_membership(m, plan.options, Some(g));
            match a.run(&object, "GRANT", &sql).await? {
                Outcome::Done => granted = true,
                Outcome::Refused(l) => refusal = Some(l.reason),
            }
        } else {
            refusal = Some(format!("role \"{g}\" does not exist in the target"));
        }
    }
    if !granted {
        let sql = render::grant_membership(m, plan.options, None);
        if !a.run_or_record(&object, "GRANT", &sql).await? {
            return Ok(());
        }
        if let (Some(g), Some(reason)) = (grantor, refusal) {
            a.leave_out(
                object.clone(),
                format!("GRANTED BY \"{g}\" (granted by \"{}\" instead)", plan.implicit_grantor),
                reason,
            );
        }
    }
    a.report.memberships += 1;
    for (what, reason) in lost_options {
        a.leave_out(object.clone(), *what, *reason);
    }
    Ok(())
}

async fn apply_tablespace(
    a: &mut Applier<'_>,
    t: &Tablespace,
    existing: &BTreeSet<String>,
    options: &ApplyOptions,
) -> Result<(), GlobalsError> {
    let object = Object::Tablespace(t.name.clone());
    if existing.contains(&t.name) {
        a.leave_out(
            object.clone(),
            "CREATE TABLESPACE",
            "a tablespace of that name exists in the target (kept where it is)",
        );
    } else {
        let location = options
            .tablespace_mapping
            .iter()
            .find(|(old, _)| *old == t.location)
            .map_or(t.location.as_str(), |(_, new)| new.as_str());
        if !a
            .run_or_record(&object, "CREATE TABLESPACE", &render::create_tablespace(t, location))
            .await?
        {
            a.leave_out(object, "its options, privileges and comment", "it was not created");
            return Ok(());
        }
        a.report.tablespaces += 1;
    }
    let options_sql = render::tablespace_options(t);
    if !options_sql.is_empty() {
        a.run_or_record(&object, "ALTER TABLESPACE … SET options", &options_sql).await?;
    }
    let acl = render::tablespace_acl(t)?;
    if !acl.is_empty() {
        a.run_or_record(&object, "privileges", &acl).await?;
    }
    if let Some(c) = t.comment.as_deref().filter(|_| !options.no_comments) {
        a.run_or_record(&object, "COMMENT", &render::comment("TABLESPACE", &t.name, c)).await?;
    }
    if !options.no_security_labels {
        for l in &t.security_labels {
            let sql = render::labels("TABLESPACE", &t.name, std::slice::from_ref(l));
            a.run_or_record(&object, &format!("SECURITY LABEL FOR {}", l.provider), &sql).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me(superuser: bool) -> Me {
        Me {
            name: "me".to_owned(),
            superuser,
            replication: false,
            bypass_rls: false,
            bootstrap: "boot".to_owned(),
        }
    }

    fn membership(grantor: &str, bootstrap: bool) -> Membership {
        Membership {
            role: "g".to_owned(),
            member: "m".to_owned(),
            grantor: Some(grantor.to_owned()),
            grantor_is_bootstrap: bootstrap,
            admin_option: false,
            inherit_option: Some(false),
            set_option: Some(false),
        }
    }

    #[test]
    fn grant_plans_follow_both_versions() {
        // 15 into 18 as a superuser: grantor order; no options (18 derives INHERIT from the
        // member's attribute, as 15 meant it); the bootstrap superuser (whatever its name in
        // the source) is the implicit grantor.
        let plan = GrantPlan::new(150_000, 180_000, &me(true));
        assert!(plan.by_grantor && !plan.options && !plan.options_lost);
        assert_eq!(plan.implicit_grantor, "boot");
        assert_eq!(plan.grantor(&membership("postgres", true)), None);
        assert_eq!(plan.grantor(&membership("boot", false)), None);
        assert_eq!(plan.grantor(&membership("me", false)), Some("me"));
        // Into 15 as a superuser: the restoring role is the implicit grantor.
        let plan = GrantPlan::new(150_000, 150_000, &me(true));
        assert!(!plan.by_grantor && !plan.options && !plan.options_lost);
        assert_eq!(plan.grantor(&membership("postgres", true)), Some("postgres"));
        assert_eq!(plan.grantor(&membership("me", false)), None);
        // Into 16 as a non-superuser: every other grantor is named.
        let plan = GrantPlan::new(160_000, 160_000, &me(false));
        assert_eq!(plan.implicit_grantor, "me");
        assert_eq!(plan.grantor(&membership("postgres", true)), Some("postgres"));
        assert!(plan.lost_options(&membership("x", false), Some(true)).is_empty());
    }

    #[test]
    fn options_a_target_before_16_cannot_hold_are_named() {
        let plan = GrantPlan::new(180_000, 150_000, &me(true));
        assert!(plan.by_grantor && !plan.options && plan.options_lost);
        let m = membership("x", false);
        let what: Vec<&str> = plan.lost_options(&m, Some(true)).iter().map(|(w, _)| *w).collect();
        assert_eq!(what, ["INHERIT FALSE", "SET FALSE"]);
        // INHERIT FALSE of a NOINHERIT member is what 15 does anyway.
        let what: Vec<&str> = plan.lost_options(&m, Some(false)).iter().map(|(w, _)| *w).collect();
        assert_eq!(what, ["SET FALSE"]);
        let plain = Membership { inherit_option: Some(true), set_option: Some(true), ..m };
        assert!(plan.lost_options(&plain, Some(true)).is_empty());
        assert_eq!(plan.lost_options(&plain, None).len(), 1, "unknown member: reported");
    }
}
