//! Privileges as pg_dump writes them: reading `aclitem` strings (`parseAclItem`,
//! `dequoteAclUserName`), writing role names into them (`quoteAclUserName`), and the GRANT
//! and REVOKE commands that take an object from its default ACL to its actual one
//! (`buildACLCommands`), for every object kind pg_dump grants on: relations and their
//! columns, sequences, functions and procedures, languages, schemas, types, foreign data
//! wrappers, servers and tables, default privileges (`TABLES`, `SEQUENCES`, … with an
//! `ALTER DEFAULT PRIVILEGES` prefix), large objects, and the shared objects — databases,
//! tablespaces and configuration parameters.
//!
//! The one implementation for the catalog's ACL entries, the dump engine's (the dumped
//! database's ACL, large objects) and `tusk-globals`' (tablespaces, parameters).

use tusk_pg::quote::quote_ident;

use crate::versions;

/// An ACL the rules below cannot read: an `aclitem` without `=` or `/`, or an object kind
/// pg_dump grants nothing on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not parse the ACL item \"{item}\" of a {kind}")]
pub struct AclParseError {
    /// The object kind (`TABLE`, `DATABASE`, `LARGE OBJECT`, …).
    pub kind: String,
    /// The item that could not be read.
    pub item: String,
}

/// The privilege letters of an `aclitem` and their keywords for an object kind as GRANT
/// names it (plural for default privileges), in the order pg_dump lists them; a column
/// (`column`) of a table has only four; a table's include MAINTAIN when written as
/// pg_dump 18 does ([`versions::table_privileges_include_maintain`]). `None` for a kind
/// without privileges.
fn privilege_codes(
    kind: &str,
    column: bool,
    server_version: i32,
) -> Option<&'static [(char, &'static str)]> {
    Some(match kind {
        "TABLE" | "TABLES" if column => {
            &[('r', "SELECT"), ('a', "INSERT"), ('x', "REFERENCES"), ('w', "UPDATE")]
        }
        "TABLE" | "TABLES" if versions::table_privileges_include_maintain(server_version) => &[
            ('r', "SELECT"),
            ('a', "INSERT"),
            ('x', "REFERENCES"),
            ('d', "DELETE"),
            ('t', "TRIGGER"),
            ('D', "TRUNCATE"),
            ('m', "MAINTAIN"),
            ('w', "UPDATE"),
        ],
        "TABLE" | "TABLES" => &[
            ('r', "SELECT"),
            ('a', "INSERT"),
            ('x', "REFERENCES"),
            ('d', "DELETE"),
            ('t', "TRIGGER"),
            ('D', "TRUNCATE"),
            ('w', "UPDATE"),
        ],
        "SEQUENCE" | "SEQUENCES" => &[('r', "SELECT"), ('U', "USAGE"), ('w', "UPDATE")],
        "FUNCTION" | "FUNCTIONS" | "PROCEDURE" | "PROCEDURES" => &[('X', "EXECUTE")],
        "SCHEMA" | "SCHEMAS" => &[('C', "CREATE"), ('U', "USAGE")],
        "LANGUAGE" | "TYPE" | "TYPES" | "FOREIGN DATA WRAPPER" | "FOREIGN SERVER" => {
            &[('U', "USAGE")]
        }
        "FOREIGN TABLE" => &[('r', "SELECT")],
        "DATABASE" => &[('C', "CREATE"), ('c', "CONNECT"), ('T', "TEMPORARY")],
        "TABLESPACE" => &[('C', "CREATE")],
        "PARAMETER" => &[('s', "SET"), ('A', "ALTER SYSTEM")],
        "LARGE OBJECT" => &[('r', "SELECT"), ('w', "UPDATE")],
        _ => return None,
    })
}

/// pg_dump's `quoteAclUserName`: a role name as it appears inside an `aclitem` (in double
/// quotes, `""` for a quote, unless it holds only ASCII letters, digits and `_`).
pub fn quote_acl_role(name: &str) -> String {
    let safe = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let body = name.replace('"', "\"\"");
    if safe { body } else { format!("\"{body}\"") }
}

/// pg_dump's `dequoteAclUserName`: the role name at the start of `s` as the server writes it
/// inside an `aclitem`, up to an unquoted `=` or `/`; returns the name and the rest.
fn dequote_acl_role(s: &str) -> (String, &str) {
    let mut out = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c == '=' || c == '/' {
            return (out, &s[i..]);
        }
        chars.next();
        if c != '"' {
            out.push(c);
            continue;
        }
        while let Some((_, c)) = chars.next() {
            if c == '"' {
                if chars.peek().is_some_and(|&(_, n)| n == '"') {
                    chars.next();
                    out.push('"');
                    continue;
                }
                break;
            }
            out.push(c);
        }
    }
    (out, "")
}

/// One `aclitem` (`parseAclItem`): grantee (empty: PUBLIC), grantor, and the privileges
/// granted without and with grant option as keyword lists (`ALL` when every privilege of the
/// kind is there alike; each keyword followed by `(column)` for a column).
#[derive(Debug, PartialEq, Eq)]
struct AclItem {
    grantee: String,
    grantor: String,
    privs: String,
    privs_wgo: String,
}

/// Reads `item` with the privilege `codes` of its kind; with `split_grant_option` false every
/// privilege goes to `privs` (what a REVOKE needs). `None` when it is not an `aclitem`.
fn parse_acl_item(
    item: &str,
    codes: &[(char, &str)],
    column: Option<&str>,
    split_grant_option: bool,
) -> Option<AclItem> {
    let (grantee, rest) = dequote_acl_role(item);
    let rest = rest.strip_prefix('=')?;
    let (privs, grantor) = rest.split_once('/')?;
    let (grantor, tail) = dequote_acl_role(grantor);
    if !tail.is_empty() {
        return None;
    }
    let add = |buf: &mut String, keyword: &str| {
        if !buf.is_empty() {
            buf.push(',');
        }
        buf.push_str(keyword);
        if let Some(column) = column {
            buf.push_str(&format!("({column})"));
        }
    };
    let (mut p, mut pw) = (String::new(), String::new());
    let (mut all_with_go, mut all_without_go) = (true, true);
    for &(code, keyword) in codes {
        match privs.find(code) {
            Some(pos) if split_grant_option && privs[pos + code.len_utf8()..].starts_with('*') => {
                add(&mut pw, keyword);
                all_without_go = false;
            }
            Some(_) => {
                add(&mut p, keyword);
                all_with_go = false;
            }
            None => {
                all_with_go = false;
                all_without_go = false;
            }
        }
    }
    let all = match column {
        Some(column) => format!("ALL({column})"),
        None => "ALL".to_owned(),
    };
    if all_with_go {
        p.clear();
        pw = all;
    } else if all_without_go {
        pw.clear();
        p = all;
    }
    Some(AclItem { grantee, grantor, privs: p, privs_wgo: pw })
}

/// What GRANT and REVOKE commands name: `{prefix}GRANT … ON {kind} [{schema}.]{name} …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AclTarget<'a> {
    /// The object kind as GRANT names it (`TABLE`, `SEQUENCE`, `FUNCTION`, `PROCEDURE`,
    /// `LANGUAGE`, `SCHEMA`, `TYPE`, `FOREIGN DATA WRAPPER`, `FOREIGN SERVER`,
    /// `FOREIGN TABLE`, `DATABASE`, `TABLESPACE`, `PARAMETER`, `LARGE OBJECT`; the plural
    /// for default privileges).
    pub kind: &'a str,
    /// The object's name, already quoted (a function's with its arguments; empty for default
    /// privileges).
    pub name: &'a str,
    /// For a column's privileges: the column's name, already quoted.
    pub column: Option<&'a str>,
    /// The object's schema, not quoted (`None` or empty: unqualified).
    pub schema: Option<&'a str>,
    /// Put before each GRANT and REVOKE (`ALTER DEFAULT PRIVILEGES FOR ROLE r `).
    pub prefix: &'a str,
    /// The `server_version_num` of the server the ACL was read from, for the rules of
    /// [`versions`] that differ (0, as [`AclTarget::new`] sets it: pg_dump 15's way, the
    /// same for every kind but tables and default privileges).
    pub server_version: i32,
}

impl<'a> AclTarget<'a> {
    /// The object `kind name` (`name` already quoted), unqualified, without column or prefix.
    pub fn new(kind: &'a str, name: &'a str) -> Self {
        Self { kind, name, column: None, schema: None, prefix: "", server_version: 0 }
    }
}

/// pg_dump's `buildACLCommands`: the GRANT and REVOKE commands that turn `base` (the kind's
/// default ACL for the owner, `acldefault()`) into `acl` on `target`. REVOKEs of the base's
/// items that are gone come first, then GRANTs of the items that are new, the owner's own
/// grants before the others; a grant made by another role than the owner is wrapped in
/// `SET SESSION AUTHORIZATION`/`RESET SESSION AUTHORIZATION`. Items are compared as text.
///
/// `acl` is `None` when the catalog's ACL is NULL (the default: nothing to write); an empty
/// list means every privilege was revoked. An empty `owner` means the owner is unknown.
pub fn acl_commands(
    target: &AclTarget<'_>,
    acl: Option<&[String]>,
    base: &[String],
    owner: &str,
) -> Result<String, AclParseError> {
    let Some(acl) = acl else { return Ok(String::new()) };
    let AclTarget { kind, name, column, schema, prefix, server_version } = *target;
    let error = |item: &str| AclParseError { kind: kind.to_owned(), item: item.to_owned() };
    let on = match schema.filter(|s| !s.is_empty()) {
        Some(schema) => format!("{kind} {}.{name}", quote_ident(schema)),
        // Default privileges name no object: pg_dump 15 still writes its space.
        None if name.is_empty() && versions::default_privileges_single_space(server_version) => {
            kind.to_owned()
        }
        None => format!("{kind} {name}"),
    };
    let who = |grantee: &str| {
        if grantee.is_empty() { "PUBLIC".to_owned() } else { quote_ident(grantee).into_owned() }
    };
    let mut first = String::new();
    let mut second = String::new();
    // A kind without privileges fails on its first item to write.
    let codes = privilege_codes(kind, column.is_some(), server_version);
    let parse = |item: &str, split_grant_option: bool| {
        codes
            .and_then(|codes| parse_acl_item(item, codes, column, split_grant_option))
            .ok_or_else(|| error(item))
    };
    for item in base.iter().filter(|b| !acl.contains(b)) {
        let it = parse(item, false)?;
        if !it.privs.is_empty() {
            first.push_str(&format!(
                "{prefix}REVOKE {} ON {on} FROM {};\n",
                it.privs,
                who(&it.grantee)
            ));
        }
    }
    for item in acl.iter().filter(|a| !base.contains(a)) {
        let mut it = parse(item, true)?;
        if it.privs.is_empty() && it.privs_wgo.is_empty() {
            continue;
        }
        if it.grantor.is_empty() && !owner.is_empty() {
            owner.clone_into(&mut it.grantor);
        }
        let out = if !owner.is_empty() && it.grantee == owner && it.grantor == owner {
            &mut first
        } else {
            &mut second
        };
        let as_other = !it.grantor.is_empty() && it.grantor != owner;
        if as_other {
            out.push_str(&format!("SET SESSION AUTHORIZATION {};\n", quote_ident(&it.grantor)));
        }
        let to = who(&it.grantee);
        if !it.privs.is_empty() {
            out.push_str(&format!("{prefix}GRANT {} ON {on} TO {to};\n", it.privs));
        }
        if !it.privs_wgo.is_empty() {
            out.push_str(&format!(
                "{prefix}GRANT {} ON {on} TO {to} WITH GRANT OPTION;\n",
                it.privs_wgo
            ));
        }
        if as_other {
            out.push_str("RESET SESSION AUTHORIZATION;\n");
        }
    }
    Ok(first + &second)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn lo_commands(name: &str, owner: &str, acl: &[String], base: &[String]) -> String {
        let target = AclTarget::new("LARGE OBJECT", name);
        acl_commands(&target, Some(acl), base, owner).unwrap()
    }

    #[test]
    fn acl_items_parse_quoted_names() {
        let codes = privilege_codes("LARGE OBJECT", false, 0).unwrap();
        let item = parse_acl_item(r#""we""ird=x"=r*w/"a b""#, codes, None, true).unwrap();
        assert_eq!(item.grantee, r#"we"ird=x"#);
        assert_eq!((item.privs.as_str(), item.privs_wgo.as_str()), ("UPDATE", "SELECT"));
        assert_eq!(item.grantor, "a b");
        // Without the split (a REVOKE), privileges with grant option count as plain ones.
        let item = parse_acl_item(r#""we""ird=x"=r*w/"a b""#, codes, None, false).unwrap();
        assert_eq!((item.privs.as_str(), item.privs_wgo.as_str()), ("ALL", ""));
        let public = parse_acl_item("=r/alice", codes, None, true).unwrap();
        assert_eq!((public.grantee.as_str(), public.grantor.as_str()), ("", "alice"));
        assert!(parse_acl_item("alice", codes, None, true).is_none());
        assert!(parse_acl_item("\"alice=rw/bob", codes, None, true).is_none());
        assert!(parse_acl_item("alice=rw/bob=x", codes, None, true).is_none());
        for name in ["alice", "Alice", "a b", "we\"ird", "x=y/z", ""] {
            let quoted = quote_acl_role(name);
            assert_eq!(dequote_acl_role(&format!("{quoted}=r/o")), (name.to_owned(), "=r/o"));
        }
        assert_eq!(quote_acl_role("app_1"), "app_1");
        assert_eq!(quote_acl_role("we\"ird"), "\"we\"\"ird\"");
    }

    #[test]
    fn large_object_acls_match_pg_dump() {
        let base = items(&["alice=rw/alice"]);
        // GRANT SELECT to a role.
        let acl = items(&["alice=rw/alice", "bob=r/alice"]);
        assert_eq!(
            lo_commands("16608", "alice", &acl, &base),
            "GRANT SELECT ON LARGE OBJECT 16608 TO bob;\n"
        );
        // Everything, with grant option, to PUBLIC and a quoted role.
        let acl = items(&["alice=rw/alice", "=rw/alice", "\"Carol X\"=r*w*/alice"]);
        assert_eq!(
            lo_commands("7", "alice", &acl, &base),
            "GRANT ALL ON LARGE OBJECT 7 TO PUBLIC;\n\
             GRANT ALL ON LARGE OBJECT 7 TO \"Carol X\" WITH GRANT OPTION;\n"
        );
        // The owner revoked its own UPDATE; a grant made by another grantor.
        let acl = items(&["alice=r/alice", "bob=r*/alice", "dave=w/bob"]);
        assert_eq!(
            lo_commands("7", "alice", &acl, &base),
            "REVOKE ALL ON LARGE OBJECT 7 FROM alice;\n\
             GRANT SELECT ON LARGE OBJECT 7 TO alice;\n\
             GRANT SELECT ON LARGE OBJECT 7 TO bob WITH GRANT OPTION;\n\
             SET SESSION AUTHORIZATION bob;\n\
             GRANT UPDATE ON LARGE OBJECT 7 TO dave;\n\
             RESET SESSION AUTHORIZATION;\n"
        );
        // All revoked; unchanged; NULL (the default).
        assert_eq!(
            lo_commands("7", "alice", &[], &base),
            "REVOKE ALL ON LARGE OBJECT 7 FROM alice;\n"
        );
        assert_eq!(lo_commands("7", "alice", &base, &base), "");
        let target = AclTarget::new("LARGE OBJECT", "7");
        assert_eq!(acl_commands(&target, None, &base, "alice").unwrap(), "");
        assert_eq!(
            acl_commands(&target, Some(&items(&["bad"])), &base, "alice"),
            Err(AclParseError { kind: "LARGE OBJECT".to_owned(), item: "bad".to_owned() })
        );
    }

    #[test]
    fn database_acl_as_pg_dump_writes_it() {
        let base = items(&["=Tc/postgres", "postgres=CTc/postgres"]);
        let acl = items(&["=c/postgres", "postgres=CTc/postgres", "grp=Cc/postgres"]);
        let target = AclTarget::new("DATABASE", "app");
        let sql = acl_commands(&target, Some(&acl), &base, "postgres").unwrap();
        assert_eq!(
            sql,
            "REVOKE CONNECT,TEMPORARY ON DATABASE app FROM PUBLIC;\n\
             GRANT CONNECT ON DATABASE app TO PUBLIC;\n\
             GRANT CREATE,CONNECT ON DATABASE app TO grp;\n"
        );
        assert_eq!(acl_commands(&target, None, &base, "postgres").unwrap(), "");
    }

    #[test]
    fn grant_options_grantors_and_quoted_names() {
        let base = items(&["grp=C/grp"]);
        let acl = items(&["grp=C/grp", "\"we\"\"ird role\"=C*/grp", "x=C/\"Other\""]);
        let target = AclTarget::new("TABLESPACE", "\"t s\"");
        let sql = acl_commands(&target, Some(&acl), &base, "grp").unwrap();
        assert_eq!(
            sql,
            "GRANT ALL ON TABLESPACE \"t s\" TO \"we\"\"ird role\" WITH GRANT OPTION;\n\
             SET SESSION AUTHORIZATION \"Other\";\n\
             GRANT ALL ON TABLESPACE \"t s\" TO x;\n\
             RESET SESSION AUTHORIZATION;\n"
        );
        let base = items(&["postgres=sA/postgres"]);
        let acl = items(&["postgres=sA/postgres", "grp=A*s/postgres"]);
        let target = AclTarget::new("PARAMETER", "work_mem");
        let sql = acl_commands(&target, Some(&acl), &base, "postgres").unwrap();
        assert_eq!(
            sql,
            "GRANT SET ON PARAMETER work_mem TO grp;\n\
             GRANT ALTER SYSTEM ON PARAMETER work_mem TO grp WITH GRANT OPTION;\n"
        );
        let target = AclTarget::new("TABLESPACE", "t");
        assert!(acl_commands(&target, Some(&items(&["nonsense"])), &[], "o").is_err());
        // No owner known: every grant names its grantor.
        let sql = acl_commands(&target, Some(&items(&["x=C/y"])), &[], "").unwrap();
        assert_eq!(
            sql,
            "SET SESSION AUTHORIZATION y;\nGRANT ALL ON TABLESPACE t TO x;\nRESET SESSION AUTHORIZATION;\n"
        );
    }

    #[test]
    fn relation_column_and_default_acls() {
        let base = items(&["o=arwdDxt/o"]);
        let acl = items(&["o=arwdDxt/o", "r=r/o", "w=arwdDxt*/o", "=d/o"]);
        let target = AclTarget { schema: Some("S"), ..AclTarget::new("TABLE", "t") };
        assert_eq!(
            acl_commands(&target, Some(&acl), &base, "o").unwrap(),
            "GRANT SELECT ON TABLE \"S\".t TO r;\n\
             GRANT SELECT,INSERT,REFERENCES,DELETE,TRUNCATE,UPDATE ON TABLE \"S\".t TO w;\n\
             GRANT TRIGGER ON TABLE \"S\".t TO w WITH GRANT OPTION;\n\
             GRANT DELETE ON TABLE \"S\".t TO PUBLIC;\n"
        );
        // A column: four privileges, each naming the column; ALL(col).
        let target =
            AclTarget { column: Some("\"C\""), schema: Some(""), ..AclTarget::new("TABLE", "t") };
        let acl = items(&["r=rx/o", "w=arxw/o"]);
        assert_eq!(
            acl_commands(&target, Some(&acl), &[], "o").unwrap(),
            "GRANT SELECT(\"C\"),REFERENCES(\"C\") ON TABLE t TO r;\n\
             GRANT ALL(\"C\") ON TABLE t TO w;\n"
        );
        // Default privileges: the prefix before each command, no name.
        let prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE o IN SCHEMA s ";
        let target = AclTarget { prefix, ..AclTarget::new("SEQUENCES", "") };
        let base = items(&["o=rwU/o"]);
        let acl = items(&["o=rU/o", "=U*/o"]);
        assert_eq!(
            acl_commands(&target, Some(&acl), &base, "o").unwrap(),
            "ALTER DEFAULT PRIVILEGES FOR ROLE o IN SCHEMA s REVOKE ALL ON SEQUENCES  FROM o;\n\
             ALTER DEFAULT PRIVILEGES FOR ROLE o IN SCHEMA s GRANT SELECT,USAGE ON SEQUENCES  TO o;\n\
             ALTER DEFAULT PRIVILEGES FOR ROLE o IN SCHEMA s GRANT USAGE ON SEQUENCES  TO PUBLIC \
             WITH GRANT OPTION;\n"
        );
        // Functions, schemas, types and the like; a kind without privileges.
        let target = AclTarget::new("FUNCTION", "f(integer)");
        let sql = acl_commands(&target, Some(&[]), &items(&["=X/o", "o=X/o"]), "o").unwrap();
        assert_eq!(
            sql,
            "REVOKE ALL ON FUNCTION f(integer) FROM PUBLIC;\nREVOKE ALL ON FUNCTION f(integer) FROM o;\n"
        );
        let target = AclTarget::new("SCHEMA", "s");
        let sql = acl_commands(&target, Some(&items(&["=U/o"])), &[], "o").unwrap();
        assert_eq!(sql, "GRANT USAGE ON SCHEMA s TO PUBLIC;\n");
        for kind in ["TYPE", "LANGUAGE", "FOREIGN DATA WRAPPER", "FOREIGN SERVER"] {
            let sql = acl_commands(&AclTarget::new(kind, "x"), Some(&items(&["=U/o"])), &[], "o");
            assert_eq!(sql.unwrap(), format!("GRANT ALL ON {kind} x TO PUBLIC;\n"));
        }
        let target = AclTarget::new("STATISTICS", "x");
        assert_eq!(acl_commands(&target, Some(&[]), &[], "o").unwrap(), "");
        assert_eq!(
            acl_commands(&target, Some(&items(&["=U/o"])), &[], "o"),
            Err(AclParseError { kind: "STATISTICS".to_owned(), item: "=U/o".to_owned() })
        );
    }

    /// Sources of 16 and newer are written as pg_dump 18 writes them: MAINTAIN among a
    /// table's privileges (so on 16, whose ACLs lack it, ALL is spelled out), one space
    /// before TO in default privileges.
    #[test]
    fn pg_dump_18_table_and_default_acls() {
        let at = |v: i32| AclTarget { server_version: v, ..AclTarget::new("TABLE", "t") };
        // 17: the owner's full privileges include MAINTAIN (m).
        let base = items(&["o=arwdDxtm/o"]);
        let acl = items(&["o=arwdxtm/o", "r=m/o", "w=arwdDxtm*/o"]);
        assert_eq!(
            acl_commands(&at(170_000), Some(&acl), &base, "o").unwrap(),
            "REVOKE ALL ON TABLE t FROM o;\n\
             GRANT SELECT,INSERT,REFERENCES,DELETE,TRIGGER,MAINTAIN,UPDATE ON TABLE t TO o;\n\
             GRANT MAINTAIN ON TABLE t TO r;\n\
             GRANT SELECT,INSERT,REFERENCES,DELETE,TRIGGER,TRUNCATE,UPDATE ON TABLE t TO w;\n\
             GRANT MAINTAIN ON TABLE t TO w WITH GRANT OPTION;\n"
        );
        // 16: no MAINTAIN in any ACL, so pg_dump 18 never finds them all; pg_dump 15 does.
        let base = items(&["o=arwdDxt/o"]);
        let acl = items(&["o=arwdxt/o", "=arwdDxt/o"]);
        assert_eq!(
            acl_commands(&at(160_000), Some(&acl), &base, "o").unwrap(),
            "REVOKE SELECT,INSERT,REFERENCES,DELETE,TRIGGER,TRUNCATE,UPDATE ON TABLE t FROM o;\n\
             GRANT SELECT,INSERT,REFERENCES,DELETE,TRIGGER,UPDATE ON TABLE t TO o;\n\
             GRANT SELECT,INSERT,REFERENCES,DELETE,TRIGGER,TRUNCATE,UPDATE ON TABLE t TO PUBLIC;\n"
        );
        assert_eq!(
            acl_commands(&at(150_000), Some(&acl), &base, "o").unwrap(),
            "REVOKE ALL ON TABLE t FROM o;\n\
             GRANT SELECT,INSERT,REFERENCES,DELETE,TRIGGER,UPDATE ON TABLE t TO o;\n\
             GRANT ALL ON TABLE t TO PUBLIC;\n"
        );
        // Default privileges: one space before TO from 16 on, two before.
        let prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE o ";
        let acl = items(&["=U/o"]);
        for (v, space) in [(160_000, " "), (150_000, "  ")] {
            let target = AclTarget { prefix, server_version: v, ..AclTarget::new("TYPES", "") };
            assert_eq!(
                acl_commands(&target, Some(&acl), &[], "o").unwrap(),
                format!("{prefix}GRANT ALL ON TYPES{space}TO PUBLIC;\n")
            );
        }
    }
}
