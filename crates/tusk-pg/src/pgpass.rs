//! The password file (`~/.pgpass`, or `passfile`/`PGPASSFILE`), read the way libpq reads it
//! (`passwordFromFile` and `pwdfMatchesString` in `fe-connect.c`).
//!
//! - Each line is `hostname:port:database:username:password`. A field that is exactly `*`
//!   matches anything; `\:` and `\\` escape a colon and a backslash (a backslash escapes any
//!   character). The first matching line wins. Lines starting with `#` are comments; trailing
//!   `\r`/`\n` are stripped; a password runs up to the next unescaped `:` or the end.
//! - The caller chooses the host key: the `host` value (a name, an address or a socket
//!   directory), else `hostaddr`; an empty host, or the default socket directory, is looked up
//!   as `localhost`.
//! - The file is ignored with a warning (`tracing::warn!`) when it is not a regular file or
//!   when it has any group or world permission bit; it is ignored silently when it does not
//!   exist or cannot be read.
//!
//! Deviation: a line whose password is not valid UTF-8 is skipped with a warning (libpq would
//! send the bytes).

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use crate::password::Password;

/// The contents of a password file that passed the checks.
#[derive(Debug)]
pub(crate) struct PassFile {
    path: PathBuf,
    contents: Vec<u8>,
}

/// What a password is looked up by.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PassKey<'a> {
    pub(crate) host: &'a str,
    pub(crate) port: &'a str,
    pub(crate) dbname: &'a str,
    pub(crate) user: &'a str,
}

impl PassFile {
    /// Reads the file if it exists, is a regular file and is private to its owner.
    pub(crate) fn load(path: &Path) -> Option<PassFile> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() {
            tracing::warn!(path = %path.display(), "password file is not a plain file; ignoring it");
            return None;
        }
        if meta.permissions().mode() & 0o077 != 0 {
            tracing::warn!(
                path = %path.display(),
                "password file has group or world access; permissions should be u=rw (0600) or \
                 less; ignoring it"
            );
            return None;
        }
        match fs_err::read(path) {
            Ok(contents) => Some(PassFile { path: path.to_owned(), contents }),
            Err(error) => {
                tracing::debug!(%error, "could not read the password file; ignoring it");
                None
            }
        }
    }

    /// The file's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The password of the first matching line.
    pub(crate) fn find(&self, key: &PassKey<'_>) -> Option<Password> {
        if key.dbname.is_empty() || key.user.is_empty() {
            return None;
        }
        for (number, line) in self.contents.split(|&b| b == b'\n').enumerate() {
            if line.first() == Some(&b'#') {
                continue;
            }
            let line = strip_crlf(line);
            if line.is_empty() {
                continue;
            }
            let Some(rest) = match_field(line, key.host.as_bytes())
                .and_then(|r| match_field(r, key.port.as_bytes()))
                .and_then(|r| match_field(r, key.dbname.as_bytes()))
                .and_then(|r| match_field(r, key.user.as_bytes()))
            else {
                continue;
            };
            match String::from_utf8(unescape_password(rest)) {
                Ok(p) => return Some(Password::new(p)),
                Err(_) => {
                    tracing::warn!(
                        path = %self.path.display(),
                        line = number + 1,
                        "password file entry is not valid UTF-8; skipping it"
                    );
                }
            }
        }
        None
    }
}

fn strip_crlf(mut line: &[u8]) -> &[u8] {
    while let Some((last, rest)) = line.split_last() {
        if *last == b'\n' || *last == b'\r' {
            line = rest;
        } else {
            break;
        }
    }
    line
}

/// Matches one field at the start of `line` against `token`; on a match, returns the rest of
/// the line after the field's terminating colon.
fn match_field<'a>(line: &'a [u8], token: &[u8]) -> Option<&'a [u8]> {
    if let Some(rest) = line.strip_prefix(b"*:") {
        return Some(rest);
    }
    let mut i = 0;
    let mut t = 0;
    while let Some(&c) = line.get(i) {
        let mut c = c;
        let mut escaped = false;
        if c == b'\\' {
            i += 1;
            c = *line.get(i)?;
            escaped = true;
        }
        if c == b':' && !escaped && t == token.len() {
            return line.get(i + 1..);
        }
        if token.get(t) != Some(&c) {
            return None;
        }
        i += 1;
        t += 1;
    }
    None
}

fn unescape_password(rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rest.len());
    let mut i = 0;
    while let Some(&c) = rest.get(i) {
        if c == b':' {
            break;
        }
        match (c, rest.get(i + 1)) {
            (b'\\', Some(&next)) => {
                out.push(next);
                i += 2;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::Permissions;

    fn file(contents: &str) -> PassFile {
        PassFile { path: PathBuf::from("/test/.pgpass"), contents: contents.as_bytes().to_vec() }
    }

    fn key<'a>(host: &'a str, port: &'a str, dbname: &'a str, user: &'a str) -> PassKey<'a> {
        PassKey { host, port, dbname, user }
    }

    fn find(f: &PassFile, k: PassKey<'_>) -> Option<String> {
        f.find(&k).map(|p| p.expose().to_owned())
    }

    #[test]
    fn first_match_wins_with_wildcards() {
        let f = file(
            "# comment: *:*:*:*:nope\n\
             db.example.com:5432:app:alice:first\n\
             db.example.com:*:app:alice:second\n\
             *:*:*:bob:bobpw\n\
             *:*:*:*:fallback\n",
        );
        assert_eq!(
            find(&f, key("db.example.com", "5432", "app", "alice")).as_deref(),
            Some("first")
        );
        assert_eq!(
            find(&f, key("db.example.com", "6543", "app", "alice")).as_deref(),
            Some("second")
        );
        assert_eq!(find(&f, key("other", "1", "x", "bob")).as_deref(), Some("bobpw"));
        assert_eq!(find(&f, key("other", "1", "x", "carol")).as_deref(), Some("fallback"));
        // Empty user or database never match (libpq returns no password).
        assert_eq!(find(&f, key("other", "1", "", "carol")), None);
    }

    #[test]
    fn escapes() {
        let f = file("h\\:x:5432:d\\\\b:u:pa\\:ss\\\\word:ignored\nlocalhost:5432:*:u:p\\\r\n");
        assert_eq!(find(&f, key("h:x", "5432", "d\\b", "u")).as_deref(), Some("pa:ss\\word"));
        // A trailing backslash is kept; CRLF is stripped.
        assert_eq!(find(&f, key("localhost", "5432", "x", "u")).as_deref(), Some("p\\"));
        // '*' is a wildcard only as a whole field; "\*" is a literal star.
        let f = file("*x:*:*:*:a\n\\*:*:*:*:b\n");
        assert_eq!(find(&f, key("zx", "1", "d", "u")), None);
        assert_eq!(find(&f, key("*", "1", "d", "u")).as_deref(), Some("b"));
        // Prefixes and too-short lines do not match.
        let f = file("host:5432:db:user\nhos:5432:db:user:p\nhost:5432:db:user:ok");
        assert_eq!(find(&f, key("host", "5432", "db", "user")).as_deref(), Some("ok"));
        let f = file("host:5432:db:user:");
        assert_eq!(find(&f, key("host", "5432", "db", "user")).as_deref(), Some(""));
    }

    #[test]
    fn permissions_and_kind_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(&path, "*:*:*:*:secret\n").unwrap();
        std::fs::set_permissions(&path, Permissions::from_mode(0o600)).unwrap();
        assert!(PassFile::load(&path).is_some());
        for mode in [0o640, 0o604, 0o660, 0o644, 0o610, 0o601] {
            std::fs::set_permissions(&path, Permissions::from_mode(mode)).unwrap();
            assert!(PassFile::load(&path).is_none(), "mode {mode:o}");
        }
        std::fs::set_permissions(&path, Permissions::from_mode(0o400)).unwrap();
        assert!(PassFile::load(&path).is_some());
        // A directory, and a missing file, are ignored.
        assert!(PassFile::load(dir.path()).is_none());
        assert!(PassFile::load(&dir.path().join("missing")).is_none());
    }
}
