//! The SQL script of the globals, statement for statement what `pg_dumpall --globals-only`
//! writes for the source (pg_dumpall 15 for a 13–15 server, 18 for 16–18; the differences are
//! the rules of [`crate::version`]), and the statements [`crate::apply()`] runs, built by
//! the same functions.
//!
//! String literals follow pg_dumpall's quoting for a connection: `E'…'` (backslashes
//! doubled) when the text holds a backslash, whatever `standard_conforming_strings` is;
//! `VALID UNTIL` is a timestamp, written as is.

use std::collections::BTreeSet;
use std::hash::{BuildHasher as _, Hasher as _};

use tusk_catalog::acl::{AclTarget, acl_commands};
use tusk_catalog::security_labels::security_label_command;
use tusk_catalog::settings::alter_config_command;
use tusk_pg::quote::{quote_ident, quote_literal, quote_literal_e};

use crate::error::GlobalsError;
use crate::model::{Globals, Membership, ParameterAcl, Role, SecurityLabel, Tablespace};
use crate::version;

/// The attributes that only some restoring roles may give: which of them to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Grantable {
    pub(crate) superuser: bool,
    pub(crate) replication: bool,
    pub(crate) bypass_rls: bool,
    pub(crate) password: bool,
}

impl Grantable {
    pub(crate) const ALL: Self =
        Self { superuser: true, replication: true, bypass_rls: true, password: true };
}

pub(crate) fn create_role(role: &Role) -> String {
    format!("CREATE ROLE {};\n", quote_ident(&role.name))
}

/// `ALTER ROLE … WITH` and the attributes, leaving out those `grantable` says no to (with
/// their NO… forms: a role that may not give an attribute may not name it at all).
pub(crate) fn alter_role(role: &Role, grantable: Grantable) -> String {
    let flag = |on: bool, name: &str| {
        if on { format!(" {name}") } else { format!(" NO{name}") }
    };
    let mut s = format!("ALTER ROLE {} WITH", quote_ident(&role.name));
    if grantable.superuser {
        s.push_str(&flag(role.superuser, "SUPERUSER"));
    }
    s.push_str(&flag(role.inherit, "INHERIT"));
    s.push_str(&flag(role.create_role, "CREATEROLE"));
    s.push_str(&flag(role.create_db, "CREATEDB"));
    s.push_str(&flag(role.login, "LOGIN"));
    if grantable.replication {
        s.push_str(&flag(role.replication, "REPLICATION"));
    }
    if grantable.bypass_rls {
        s.push_str(&flag(role.bypass_rls, "BYPASSRLS"));
    }
    if role.connection_limit != -1 {
        s.push_str(&format!(" CONNECTION LIMIT {}", role.connection_limit));
    }
    if grantable.password
        && let Some(password) = &role.password
    {
        s.push_str(&format!(" PASSWORD {}", quote_literal_e(password)));
    }
    if let Some(until) = &role.valid_until {
        s.push_str(&format!(" VALID UNTIL {}", quote_literal(until)));
    }
    s.push_str(";\n");
    s
}

pub(crate) fn comment(kind: &str, name: &str, comment: &str) -> String {
    format!("COMMENT ON {kind} {} IS {};\n", quote_ident(name), quote_literal_e(comment))
}

pub(crate) fn labels(kind: &str, name: &str, labels: &[SecurityLabel]) -> String {
    labels.iter().map(|l| security_label_command(kind, name, &l.provider, &l.label)).collect()
}

/// `GRANT role TO member [WITH …] [GRANTED BY grantor];` as pg_dumpall writes it: with the
/// INHERIT and SET options when `options` ([`version::membership_options`]).
pub(crate) fn grant_membership(m: &Membership, options: bool, grantor: Option<&str>) -> String {
    let mut s = format!("GRANT {} TO {}", quote_ident(&m.role), quote_ident(&m.member));
    if options {
        let mut with: Vec<&str> = Vec::new();
        if m.admin_option {
            with.push("ADMIN OPTION");
        }
        with.push(if m.inherit_option.unwrap_or(true) { "INHERIT TRUE" } else { "INHERIT FALSE" });
        if !m.set_option.unwrap_or(true) {
            with.push("SET FALSE");
        }
        s.push_str(&format!(" WITH {}", with.join(", ")));
    } else if m.admin_option {
        s.push_str(" WITH ADMIN OPTION");
    }
    if let Some(g) = grantor {
        s.push_str(&format!(" GRANTED BY {}", quote_ident(g)));
    }
    s.push_str(";\n");
    s
}

/// The memberships in the order to grant them: as read, or with `by_grantor`
/// ([`version::grantor_needs_admin_option`]) as pg_dumpall 16+ writes them: role by role, in
/// passes over the role's grants, each grant once its grantor (unless the bootstrap
/// superuser, or unknown) got ADMIN OPTION on the role. Grants with no such order (a server
/// before 16 allowed them) keep their read order at the end of their role's (pg_dumpall stops
/// there with an error).
pub(crate) fn membership_order(memberships: &[Membership], by_grantor: bool) -> Vec<&Membership> {
    if !by_grantor {
        return memberships.iter().collect();
    }
    let mut out = Vec::with_capacity(memberships.len());
    let mut start = 0;
    while start < memberships.len() {
        let role = &memberships[start].role;
        let end = memberships[start..]
            .iter()
            .position(|m| &m.role != role)
            .map_or(memberships.len(), |n| start + n);
        let group = &memberships[start..end];
        let mut done = vec![false; group.len()];
        let mut admins: BTreeSet<&str> = BTreeSet::new();
        let mut remaining = group.len();
        while remaining > 0 {
            let before = remaining;
            for (i, m) in group.iter().enumerate() {
                if done[i] {
                    continue;
                }
                let allowed = m.grantor_is_bootstrap
                    || m.grantor.as_deref().is_none_or(|g| admins.contains(g));
                if !allowed {
                    continue;
                }
                done[i] = true;
                remaining -= 1;
                if m.admin_option {
                    admins.insert(&m.member);
                }
                out.push(m);
            }
            if remaining == before {
                out.extend(group.iter().zip(&done).filter(|(_, d)| !**d).map(|(m, _)| m));
                break;
            }
        }
        start = end;
    }
    out
}

pub(crate) fn parameter_acl(p: &ParameterAcl) -> Result<String, GlobalsError> {
    let name = quote_ident(&p.name);
    acl_commands(&AclTarget::new("PARAMETER", &name), p.acl.as_deref(), &p.default_acl, &p.owner)
        .map_err(|source| GlobalsError::Acl { object: format!("PARAMETER {name}"), source })
}

pub(crate) fn create_tablespace(t: &Tablespace, location: &str) -> String {
    format!(
        "CREATE TABLESPACE {} OWNER {} LOCATION {};\n",
        quote_ident(&t.name),
        quote_ident(&t.owner),
        quote_literal_e(location)
    )
}

pub(crate) fn tablespace_options(t: &Tablespace) -> String {
    if t.options.is_empty() {
        return String::new();
    }
    format!("ALTER TABLESPACE {} SET ({});\n", quote_ident(&t.name), t.options.join(", "))
}

pub(crate) fn tablespace_acl(t: &Tablespace) -> Result<String, GlobalsError> {
    let name = quote_ident(&t.name);
    acl_commands(&AclTarget::new("TABLESPACE", &name), t.acl.as_deref(), &t.default_acl, &t.owner)
        .map_err(|source| GlobalsError::Acl { object: format!("TABLESPACE {name}"), source })
}

/// A name in a `--` comment line: line breaks become spaces.
fn comment_text(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// A fresh key for psql's `\restrict`/`\unrestrict` (63 random letters and digits), which
/// keeps psql from running meta-commands smuggled into the script in names.
pub fn restrict_key() -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // The standard library's randomly keyed SipHash, fed a counter: unpredictable without
    // its per-process random keys.
    let state = std::collections::hash_map::RandomState::new();
    (0..63u64)
        .map(|i| {
            let mut h = state.build_hasher();
            h.write_u64(i);
            let n = usize::try_from(h.finish() % CHARS.len() as u64).unwrap_or(0);
            char::from(CHARS[n])
        })
        .collect()
}

/// The script pg_dumpall `--globals-only` would write for `globals` (its options applied
/// when the globals were read: `--no-role-passwords`, `--no-tablespaces`, `--no-comments`),
/// with `key` for `\restrict`. Per-database role settings are not in it: pg_dumpall leaves
/// them to each database's dump (`ALTER ROLE … IN DATABASE … SET` in its DATABASE
/// PROPERTIES).
pub fn render(globals: &Globals, key: &str) -> Result<String, GlobalsError> {
    let v = globals.server_version_num;
    let mut out = String::from("--\n-- PostgreSQL database cluster dump\n--\n\n");
    out.push_str(&format!("\\restrict {key}\n\n"));
    out.push_str("SET default_transaction_read_only = off;\n\n");
    out.push_str("SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\n");

    if !globals.roles.is_empty() {
        out.push_str("--\n-- Roles\n--\n\n");
    }
    for role in &globals.roles {
        out.push_str(&create_role(role));
        out.push_str(&alter_role(role, Grantable::ALL));
        if let Some(c) = &role.comment {
            out.push_str(&comment("ROLE", &role.name, c));
        }
        out.push_str(&labels("ROLE", &role.name, &role.security_labels));
    }
    if !globals.roles.is_empty() {
        out.push_str("\n--\n-- User Configurations\n--\n");
    }
    for role in &globals.roles {
        if !role.settings.is_empty() {
            out.push_str(&format!("\n--\n-- User Config \"{}\"\n--\n\n", comment_text(&role.name)));
        }
        for item in &role.settings {
            out.extend(alter_config_command("ROLE", &role.name, None, item));
        }
    }
    out.push_str("\n\n");

    if !globals.memberships.is_empty() {
        out.push_str("--\n-- Role memberships\n--\n\n");
    }
    for m in membership_order(&globals.memberships, version::grantor_needs_admin_option(v)) {
        out.push_str(&grant_membership(m, version::membership_options(v), m.grantor.as_deref()));
    }
    out.push_str("\n\n");

    if version::parameter_privileges(v) {
        if !globals.parameter_acls.is_empty() {
            out.push_str("--\n-- Role privileges on configuration parameters\n--\n\n");
        }
        for p in &globals.parameter_acls {
            out.push_str(&parameter_acl(p)?);
        }
        out.push_str("\n\n");
    }

    if !globals.tablespaces.is_empty() {
        out.push_str("--\n-- Tablespaces\n--\n\n");
    }
    for t in &globals.tablespaces {
        out.push_str(&create_tablespace(t, &t.location));
        out.push_str(&tablespace_options(t));
        out.push_str(&tablespace_acl(t)?);
        if let Some(c) = &t.comment {
            out.push_str(&comment("TABLESPACE", &t.name, c));
        }
        out.push_str(&labels("TABLESPACE", &t.name, &t.security_labels));
    }
    out.push_str("\n\n");

    out.push_str(&format!("\\unrestrict {key}\n\n"));
    out.push_str("--\n-- PostgreSQL database cluster dump complete\n--\n\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn membership(role: &str, member: &str, grantor: &str, admin: bool) -> Membership {
        Membership {
            role: role.to_owned(),
            member: member.to_owned(),
            grantor: Some(grantor.to_owned()),
            grantor_is_bootstrap: grantor == "postgres",
            admin_option: admin,
            inherit_option: Some(true),
            set_option: Some(false),
        }
    }

    #[test]
    fn restrict_keys_are_alphanumeric_and_differ() {
        let (a, b) = (restrict_key(), restrict_key());
        assert_eq!(a.len(), 63);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()), "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn memberships_of_16_follow_their_grantors() {
        let ms = vec![
            membership("g", "a", "b", false),
            membership("g", "b", "postgres", true),
            membership("h", "c", "postgres", false),
        ];
        let order: Vec<&str> =
            membership_order(&ms, true).iter().map(|m| m.member.as_str()).collect();
        assert_eq!(order, ["b", "a", "c"]);
        let order: Vec<&str> =
            membership_order(&ms, false).iter().map(|m| m.member.as_str()).collect();
        assert_eq!(order, ["a", "b", "c"]);
        // A grantor that never gets ADMIN OPTION (a dump of 15 may have one): its grant comes
        // last in its role's, the next role's follow.
        let ms = vec![
            membership("g", "a", "x", false),
            membership("g", "b", "postgres", false),
            membership("h", "c", "postgres", false),
        ];
        let order: Vec<&str> =
            membership_order(&ms, true).iter().map(|m| m.member.as_str()).collect();
        assert_eq!(order, ["b", "a", "c"]);
    }

    #[test]
    fn membership_grants_with_and_without_options() {
        let m = membership("g", "b", "postgres", true);
        assert_eq!(
            grant_membership(&m, true, Some("postgres")),
            "GRANT g TO b WITH ADMIN OPTION, INHERIT TRUE, SET FALSE GRANTED BY postgres;\n"
        );
        assert_eq!(
            grant_membership(&m, false, Some("postgres")),
            "GRANT g TO b WITH ADMIN OPTION GRANTED BY postgres;\n"
        );
        let old = Membership { admin_option: false, ..membership("G g", "a", "x", false) };
        assert_eq!(grant_membership(&old, false, None), "GRANT \"G g\" TO a;\n");
    }

    #[test]
    fn debug_hides_passwords() {
        let role = Role {
            name: "r".to_owned(),
            superuser: false,
            inherit: true,
            create_role: false,
            create_db: false,
            login: true,
            replication: false,
            bypass_rls: false,
            connection_limit: -1,
            password: Some("SCRAM-SHA-256$secret".to_owned()),
            valid_until: None,
            comment: None,
            security_labels: Vec::new(),
            settings: Vec::new(),
        };
        assert!(!format!("{role:?}").contains("secret"));
        assert!(alter_role(&role, Grantable::ALL).contains("PASSWORD 'SCRAM-SHA-256$secret'"));
        let no_password = Grantable { password: false, ..Grantable::ALL };
        assert!(!alter_role(&role, no_password).contains("PASSWORD"));
    }
}
