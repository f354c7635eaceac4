//! What differs between PostgreSQL majors for the globals: each difference is one function
//! here, named after it, with the release that brought it. `version` is a
//! `server_version_num` (the source's when reading and rendering, the target's when applying).
//!
//! Rendering follows pg_dumpall 15 for a 13–15 source and pg_dumpall 18 for a 16–18 source
//! (not pg_dumpall 18's script of an older server, which leaves out the grantors); what
//! differs between those is a rule here.

/// PostgreSQL 15: privileges on configuration parameters (`pg_parameter_acl`, `GRANT … ON
/// PARAMETER`); pg_dumpall writes their section only for a 15+ server.
pub(crate) fn parameter_privileges(version: u32) -> bool {
    version >= 150_000
}

/// PostgreSQL 16: a membership has INHERIT and SET options of its own
/// (`pg_auth_members.inherit_option`, `set_option`; before, inheritance followed the member's
/// INHERIT attribute and SET was always allowed). pg_dumpall 16+ writes them for a 16+ server:
/// `WITH [ADMIN OPTION, ]INHERIT TRUE|FALSE[, SET FALSE]`.
pub(crate) fn membership_options(version: u32) -> bool {
    version >= 160_000
}

/// PostgreSQL 16: the grantor a `GRANTED BY` names must hold ADMIN OPTION on the role (unless
/// it is the bootstrap superuser), and one membership may be granted by several grantors (a
/// `pg_auth_members` row each). pg_dumpall 16+ reads a role's grants by member and grantor name
/// and writes them in passes, each grant once its grantor got ADMIN OPTION on the role; before
/// 16 it wrote them by member name and ADMIN OPTION, and any order restores.
pub(crate) fn grantor_needs_admin_option(version: u32) -> bool {
    version >= 160_000
}

/// PostgreSQL 16: a superuser's `GRANT role` without `GRANTED BY` records the bootstrap
/// superuser as its grantor (before, the current user).
pub(crate) fn superuser_grants_as_bootstrap(version: u32) -> bool {
    version >= 160_000
}

/// PostgreSQL 16: a role with CREATEROLE may give the REPLICATION and BYPASSRLS attributes it
/// has itself (before, only a superuser could give them).
pub(crate) fn createrole_gives_own_attributes(version: u32) -> bool {
    version >= 160_000
}
