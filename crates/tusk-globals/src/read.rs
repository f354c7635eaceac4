//! Reading the globals from a server, as pg_dumpall reads them, in one REPEATABLE READ
//! transaction.

use std::collections::BTreeMap;

use tokio_postgres::Row;
use tusk_pg::Session;

use crate::error::GlobalsError;
use crate::model::{
    DatabaseRoleSettings, Globals, Membership, ParameterAcl, Role, SecurityLabel, Tablespace,
};
use crate::version;

/// The bootstrap superuser's OID (`BOOTSTRAP_SUPERUSERID`).
const BOOTSTRAP_SUPERUSER: u32 = 10;

/// What to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Do not read password hashes (`--no-role-passwords`: roles are read from `pg_roles`).
    pub no_role_passwords: bool,
    /// Leave tablespaces out.
    pub no_tablespaces: bool,
    /// Leave comments out.
    pub no_comments: bool,
    /// Leave security labels out.
    pub no_security_labels: bool,
    /// Leave out the roles matching these patterns (pg_dump's pattern rules): their
    /// attributes, settings and the memberships they are the member of. Memberships granting
    /// them to other roles, tablespaces they own and privileges they hold still name them (the
    /// target must have them).
    pub exclude_roles: Vec<String>,
}

/// The globals read, and what the reader was told about them.
#[derive(Debug, Clone)]
pub struct ReadGlobals {
    /// The globals.
    pub globals: Globals,
    /// Things the caller should tell the user (also logged as warnings): e.g. that password
    /// hashes could not be read.
    pub warnings: Vec<String>,
}

fn query_error(action: &'static str) -> impl Fn(tokio_postgres::Error) -> GlobalsError {
    move |source| GlobalsError::Query { action, source }
}

async fn rows(
    session: &Session,
    action: &'static str,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<Vec<Row>, GlobalsError> {
    session.query(sql, params).await.map_err(query_error(action))
}

/// Reads the server's version: (`server_version`, `server_version_num`).
pub(crate) async fn server_version(session: &Session) -> Result<(String, u32), GlobalsError> {
    let err = query_error("read the server version");
    let row = session
        .query_one(
            "SELECT pg_catalog.current_setting('server_version'), \
             pg_catalog.current_setting('server_version_num')",
            &[],
        )
        .await
        .map_err(&err)?;
    let text: String = row.try_get(0).map_err(&err)?;
    let num: String = row.try_get(1).map_err(&err)?;
    let num = num.trim().parse::<u32>().map_err(|_| GlobalsError::ServerVersion { value: num })?;
    Ok((text, num))
}

/// Reads the globals over `session` (any database of the cluster), in one
/// `REPEATABLE READ, READ ONLY` transaction that this function begins and ends.
///
/// A role that may not read `pg_authid` (not a superuser: e.g. on a managed service) reads
/// `pg_roles` instead, without password hashes, as `--no-role-passwords` does; a warning says
/// so.
pub async fn read_globals(
    session: &Session,
    options: &ReadOptions,
) -> Result<ReadGlobals, GlobalsError> {
    let regexes = options
        .exclude_roles
        .iter()
        .map(|p| tusk_catalog::pattern::role_pattern_regex(p))
        .collect::<Result<Vec<String>, _>>()?;
    session
        .batch_execute(
            "SELECT pg_catalog.set_config('search_path', '', false); SET DateStyle = ISO",
        )
        .await
        .map_err(query_error("set up the session"))?;
    session
        .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await
        .map_err(query_error("begin the transaction"))?;
    let read = read_in_transaction(session, options, &regexes).await;
    let end = session.batch_execute("COMMIT").await.map_err(query_error("end the transaction"));
    let read = read?;
    end?;
    for w in &read.warnings {
        tracing::warn!("{w}");
    }
    Ok(read)
}

async fn read_in_transaction(
    session: &Session,
    options: &ReadOptions,
    exclude: &[String],
) -> Result<ReadGlobals, GlobalsError> {
    let (version, version_num) = server_version(session).await?;
    let mut globals = Globals::new(version, version_num);
    let mut warnings = Vec::new();

    let err = query_error("check access to pg_authid");
    let row = session
        .query_one("SELECT pg_catalog.has_table_privilege('pg_catalog.pg_authid', 'SELECT')", &[])
        .await
        .map_err(&err)?;
    let can_read_authid: bool = row.try_get(0).map_err(&err)?;
    let catalog = if can_read_authid && !options.no_role_passwords {
        "pg_authid"
    } else {
        if !can_read_authid && !options.no_role_passwords {
            warnings.push(
                "role passwords are not dumped: this role may not read pg_authid (not a \
                 superuser), so roles are read from pg_roles as with --no-role-passwords"
                    .to_owned(),
            );
        }
        "pg_roles"
    };
    globals.passwords = catalog == "pg_authid";

    // Roles, by name (`name` sorts in the C order).
    let password = if globals.passwords { "rolpassword" } else { "NULL::text" };
    let sql = format!(
        "SELECT oid, rolname::text, rolsuper, rolinherit, rolcreaterole, rolcreatedb, \
         rolcanlogin, rolconnlimit, {password}, rolvaliduntil::text, rolreplication, \
         rolbypassrls, pg_catalog.shobj_description(oid, 'pg_authid') \
         FROM pg_catalog.{catalog} \
         WHERE rolname OPERATOR(pg_catalog.!~) '^pg_' \
         AND NOT (rolname::text OPERATOR(pg_catalog.~) ANY ($1::text[])) \
         ORDER BY rolname"
    );
    let action = "read the roles";
    let e = query_error(action);
    let mut oids: BTreeMap<u32, usize> = BTreeMap::new();
    for row in rows(session, action, &sql, &[&exclude]).await? {
        let oid: u32 = row.try_get(0).map_err(&e)?;
        let comment: Option<String> = row.try_get(12).map_err(&e)?;
        oids.insert(oid, globals.roles.len());
        globals.roles.push(Role {
            name: row.try_get(1).map_err(&e)?,
            superuser: row.try_get(2).map_err(&e)?,
            inherit: row.try_get(3).map_err(&e)?,
            create_role: row.try_get(4).map_err(&e)?,
            create_db: row.try_get(5).map_err(&e)?,
            login: row.try_get(6).map_err(&e)?,
            connection_limit: row.try_get(7).map_err(&e)?,
            password: row.try_get(8).map_err(&e)?,
            valid_until: row.try_get(9).map_err(&e)?,
            replication: row.try_get(10).map_err(&e)?,
            bypass_rls: row.try_get(11).map_err(&e)?,
            comment: comment.filter(|_| !options.no_comments),
            security_labels: Vec::new(),
            settings: Vec::new(),
        });
    }
    if !options.no_security_labels {
        for (oid, label) in security_labels(session, "pg_authid").await? {
            if let Some(&i) = oids.get(&oid) {
                globals.roles[i].security_labels.push(label);
            }
        }
    }
    let action = "read the role settings";
    let e = query_error(action);
    for row in rows(
        session,
        action,
        "SELECT s.setrole, c.item FROM pg_catalog.pg_db_role_setting s, \
         LATERAL pg_catalog.unnest(s.setconfig) WITH ORDINALITY AS c(item, n) \
         WHERE s.setdatabase OPERATOR(pg_catalog.=) 0 ORDER BY s.setrole, c.n",
        &[],
    )
    .await?
    {
        let oid: u32 = row.try_get(0).map_err(&e)?;
        if let Some(&i) = oids.get(&oid) {
            globals.roles[i].settings.push(row.try_get(1).map_err(&e)?);
        }
    }

    read_memberships(session, &mut globals, catalog, exclude, &mut warnings).await?;

    let action = "read the per-database role settings";
    let e = query_error(action);
    let sql = format!(
        "SELECT r.rolname::text, d.datname::text, s.setconfig \
         FROM pg_catalog.pg_db_role_setting s \
         JOIN pg_catalog.{catalog} r ON r.oid OPERATOR(pg_catalog.=) s.setrole \
         JOIN pg_catalog.pg_database d ON d.oid OPERATOR(pg_catalog.=) s.setdatabase \
         WHERE r.rolname OPERATOR(pg_catalog.!~) '^pg_' \
         AND NOT (r.rolname::text OPERATOR(pg_catalog.~) ANY ($1::text[])) \
         ORDER BY d.datname, r.rolname"
    );
    for row in rows(session, action, &sql, &[&exclude]).await? {
        globals.database_settings.push(DatabaseRoleSettings {
            role: row.try_get(0).map_err(&e)?,
            database: row.try_get(1).map_err(&e)?,
            settings: row.try_get(2).map_err(&e)?,
        });
    }

    if version::parameter_privileges(globals.server_version_num) {
        let action = "read the privileges on parameters";
        let e = query_error(action);
        let sql = format!(
            "SELECT parname, pg_catalog.pg_get_userbyid({BOOTSTRAP_SUPERUSER})::text, \
             paracl::text[], pg_catalog.acldefault('p', {BOOTSTRAP_SUPERUSER})::text[] \
             FROM pg_catalog.pg_parameter_acl ORDER BY 1"
        );
        for row in rows(session, action, &sql, &[]).await? {
            globals.parameter_acls.push(ParameterAcl {
                name: row.try_get(0).map_err(&e)?,
                owner: row.try_get(1).map_err(&e)?,
                acl: row.try_get(2).map_err(&e)?,
                default_acl: row.try_get(3).map_err(&e)?,
            });
        }
    }

    if !options.no_tablespaces {
        read_tablespaces(session, &mut globals, options).await?;
    }
    Ok(ReadGlobals { globals, warnings })
}

/// Security labels of the objects of a shared catalog: (object OID, label).
async fn security_labels(
    session: &Session,
    catalog: &str,
) -> Result<Vec<(u32, SecurityLabel)>, GlobalsError> {
    let action = "read the security labels";
    let e = query_error(action);
    let sql = format!(
        "SELECT objoid, provider, label FROM pg_catalog.pg_shseclabel \
         WHERE classoid OPERATOR(pg_catalog.=) 'pg_catalog.{catalog}'::pg_catalog.regclass \
         ORDER BY objoid, provider"
    );
    let mut out = Vec::new();
    for row in rows(session, action, &sql, &[]).await? {
        out.push((
            row.try_get(0).map_err(&e)?,
            SecurityLabel {
                provider: row.try_get(1).map_err(&e)?,
                label: row.try_get(2).map_err(&e)?,
            },
        ));
    }
    Ok(out)
}

async fn read_memberships(
    session: &Session,
    globals: &mut Globals,
    catalog: &str,
    exclude: &[String],
    warnings: &mut Vec<String>,
) -> Result<(), GlobalsError> {
    let action = "read the role memberships";
    let e = query_error(action);
    let v = globals.server_version_num;
    let options = if version::membership_options(v) {
        "a.inherit_option, a.set_option"
    } else {
        "NULL::bool, NULL::bool"
    };
    // pg_dumpall's order: by grantor name where the grantor matters to the order (16+).
    let order = if version::grantor_needs_admin_option(v) {
        "ur.rolname, um.rolname, ug.rolname"
    } else {
        "ur.rolname, um.rolname, a.admin_option"
    };
    let sql = format!(
        "SELECT ur.rolname::text, um.rolname::text, ug.rolname::text, \
         a.grantor OPERATOR(pg_catalog.=) {BOOTSTRAP_SUPERUSER}, a.admin_option, {options}, \
         a.roleid, a.member, \
         um.rolname::text OPERATOR(pg_catalog.~) ANY ($1::text[]) \
         FROM pg_catalog.pg_auth_members a \
         LEFT JOIN pg_catalog.{catalog} ur ON ur.oid OPERATOR(pg_catalog.=) a.roleid \
         LEFT JOIN pg_catalog.{catalog} um ON um.oid OPERATOR(pg_catalog.=) a.member \
         LEFT JOIN pg_catalog.{catalog} ug ON ug.oid OPERATOR(pg_catalog.=) a.grantor \
         WHERE NOT (ur.rolname OPERATOR(pg_catalog.~) '^pg_' \
                    AND um.rolname OPERATOR(pg_catalog.~) '^pg_') \
         ORDER BY {order}"
    );
    for row in rows(session, action, &sql, &[&exclude]).await? {
        let role: Option<String> = row.try_get(0).map_err(&e)?;
        let member: Option<String> = row.try_get(1).map_err(&e)?;
        let (Some(role), Some(member)) = (role, member) else {
            let role_oid: u32 = row.try_get(7).map_err(&e)?;
            let member_oid: u32 = row.try_get(8).map_err(&e)?;
            let w = format!(
                "found orphaned pg_auth_members entry for role {role_oid} (member \
                 {member_oid}); not dumped"
            );
            warnings.push(w);
            continue;
        };
        let member_excluded: Option<bool> = row.try_get(9).map_err(&e)?;
        if member_excluded == Some(true) {
            continue;
        }
        globals.memberships.push(Membership {
            role,
            member,
            grantor: row.try_get(2).map_err(&e)?,
            grantor_is_bootstrap: row.try_get(3).map_err(&e)?,
            admin_option: row.try_get(4).map_err(&e)?,
            inherit_option: row.try_get(5).map_err(&e)?,
            set_option: row.try_get(6).map_err(&e)?,
        });
    }
    Ok(())
}

async fn read_tablespaces(
    session: &Session,
    globals: &mut Globals,
    options: &ReadOptions,
) -> Result<(), GlobalsError> {
    let action = "read the tablespaces";
    let e = query_error(action);
    let mut oids: BTreeMap<u32, usize> = BTreeMap::new();
    for row in rows(
        session,
        action,
        "SELECT oid, spcname::text, pg_catalog.pg_get_userbyid(spcowner)::text, \
         pg_catalog.pg_tablespace_location(oid), spcacl::text[], \
         pg_catalog.acldefault('t', spcowner)::text[], spcoptions, \
         pg_catalog.shobj_description(oid, 'pg_tablespace') \
         FROM pg_catalog.pg_tablespace WHERE spcname OPERATOR(pg_catalog.!~) '^pg_' \
         ORDER BY 1",
        &[],
    )
    .await?
    {
        let oid: u32 = row.try_get(0).map_err(&e)?;
        let options_list: Option<Vec<String>> = row.try_get(6).map_err(&e)?;
        let comment: Option<String> = row.try_get(7).map_err(&e)?;
        oids.insert(oid, globals.tablespaces.len());
        globals.tablespaces.push(Tablespace {
            name: row.try_get(1).map_err(&e)?,
            owner: row.try_get(2).map_err(&e)?,
            location: row.try_get(3).map_err(&e)?,
            acl: row.try_get(4).map_err(&e)?,
            default_acl: row.try_get(5).map_err(&e)?,
            options: options_list.unwrap_or_default(),
            comment: comment.filter(|c| !c.is_empty() && !options.no_comments),
            security_labels: Vec::new(),
        });
    }
    if !options.no_security_labels {
        for (oid, label) in security_labels(session, "pg_tablespace").await? {
            if let Some(&i) = oids.get(&oid) {
                globals.tablespaces[i].security_labels.push(label);
            }
        }
    }
    Ok(())
}
