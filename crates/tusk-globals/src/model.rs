//! The globals of a cluster as read from it: what `tusk-globals.json` holds.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The value of [`Globals::format`].
pub const FORMAT: &str = "tusk-globals";
/// The version of the JSON form this crate writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// A cluster's globals: roles with their attributes and settings, role memberships, privileges
/// on configuration parameters (PostgreSQL 15+) and tablespaces. Roles named `pg_*` are never
/// in it (as in pg_dumpall).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Globals {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written.
    pub version: u32,
    /// The source server's `server_version`.
    pub server_version: String,
    /// The source server's `server_version_num` (rendering follows that major's pg_dumpall).
    pub server_version_num: u32,
    /// Whether password hashes were read (false with `--no-role-passwords`, or when the
    /// reading role could not read `pg_authid`).
    pub passwords: bool,
    /// Roles, by name (the server's `C` order of `name`).
    pub roles: Vec<Role>,
    /// Role memberships, ordered as pg_dumpall orders them.
    pub memberships: Vec<Membership>,
    /// `ALTER ROLE … IN DATABASE … SET` settings (pg_dumpall leaves them to the database's
    /// own dump; see [`crate::apply()`] for what is done with them).
    pub database_settings: Vec<DatabaseRoleSettings>,
    /// Parameters with privileges granted (`GRANT SET ON PARAMETER`), by name.
    pub parameter_acls: Vec<ParameterAcl>,
    /// Tablespaces other than `pg_default` and `pg_global`, by OID (creation order).
    pub tablespaces: Vec<Tablespace>,
}

impl Globals {
    /// Empty globals of a server.
    pub fn new(server_version: String, server_version_num: u32) -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: FORMAT_VERSION,
            server_version,
            server_version_num,
            passwords: false,
            roles: Vec::new(),
            memberships: Vec::new(),
            database_settings: Vec::new(),
            parameter_acls: Vec::new(),
            tablespaces: Vec::new(),
        }
    }
}

/// A role and its attributes (`pg_authid`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// `rolname`.
    pub name: String,
    /// `rolsuper`.
    pub superuser: bool,
    /// `rolinherit`.
    pub inherit: bool,
    /// `rolcreaterole`.
    pub create_role: bool,
    /// `rolcreatedb`.
    pub create_db: bool,
    /// `rolcanlogin`.
    pub login: bool,
    /// `rolreplication`.
    pub replication: bool,
    /// `rolbypassrls`.
    pub bypass_rls: bool,
    /// `rolconnlimit` (-1: no limit).
    pub connection_limit: i32,
    /// `rolpassword`: the hash (never a clear-text password). Never logged: `Debug` hides it.
    pub password: Option<String>,
    /// `rolvaliduntil` as the server printed it (`DateStyle` ISO).
    pub valid_until: Option<String>,
    /// The role's comment.
    pub comment: Option<String>,
    /// Security labels (provider, label).
    pub security_labels: Vec<SecurityLabel>,
    /// `ALTER ROLE … SET` items (`name=value`, as stored in `pg_db_role_setting`), in order.
    pub settings: Vec<String>,
}

impl fmt::Debug for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Role")
            .field("name", &self.name)
            .field("superuser", &self.superuser)
            .field("inherit", &self.inherit)
            .field("create_role", &self.create_role)
            .field("create_db", &self.create_db)
            .field("login", &self.login)
            .field("replication", &self.replication)
            .field("bypass_rls", &self.bypass_rls)
            .field("connection_limit", &self.connection_limit)
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .field("valid_until", &self.valid_until)
            .field("comment", &self.comment)
            .field("security_labels", &self.security_labels)
            .field("settings", &self.settings)
            .finish()
    }
}

/// A security label on a shared object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityLabel {
    /// The label provider.
    pub provider: String,
    /// The label.
    pub label: String,
}

/// `GRANT role TO member` (`pg_auth_members`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// The granted role.
    pub role: String,
    /// The role it is granted to.
    pub member: String,
    /// The grantor, if it still exists.
    pub grantor: Option<String>,
    /// Whether the grantor is the bootstrap superuser (16+: it may always be named).
    pub grantor_is_bootstrap: bool,
    /// `WITH ADMIN OPTION`.
    pub admin_option: bool,
    /// The grant's INHERIT option (PostgreSQL 16+; `None` before).
    pub inherit_option: Option<bool>,
    /// The grant's SET option (PostgreSQL 16+; `None` before).
    pub set_option: Option<bool>,
}

/// `ALTER ROLE role IN DATABASE database SET …` items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseRoleSettings {
    /// The role.
    pub role: String,
    /// The database.
    pub database: String,
    /// The `name=value` items, in order.
    pub settings: Vec<String>,
}

/// Privileges on a configuration parameter (`pg_parameter_acl`, PostgreSQL 15+).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterAcl {
    /// The parameter's name.
    pub name: String,
    /// The name of the bootstrap superuser, who owns every parameter.
    pub owner: String,
    /// `paracl` items (`None`: NULL).
    pub acl: Option<Vec<String>>,
    /// `acldefault('p', …)` items.
    pub default_acl: Vec<String>,
}

/// A tablespace (`pg_tablespace`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tablespace {
    /// `spcname`.
    pub name: String,
    /// The owner.
    pub owner: String,
    /// `pg_tablespace_location()` (empty for an in-place tablespace).
    pub location: String,
    /// `spcoptions` items (`name=value`).
    pub options: Vec<String>,
    /// `spcacl` items (`None`: NULL).
    pub acl: Option<Vec<String>>,
    /// `acldefault('t', owner)` items.
    pub default_acl: Vec<String>,
    /// The comment.
    pub comment: Option<String>,
    /// Security labels.
    pub security_labels: Vec<SecurityLabel>,
}
