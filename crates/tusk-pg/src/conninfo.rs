//! Connection strings: libpq's `key=value` conninfo and `postgres://` URIs, parsed into a
//! [`ConnInfo`] (the options given explicitly, before environment and defaults).
//!
//! Rules followed (libpq's `conninfo_parse`, `conninfo_uri_parse_options`,
//! `conninfo_array_parse` in `fe-connect.c`):
//! - `key=value` pairs are separated by whitespace; spaces around `=` are allowed; a value is
//!   either bare (up to the next whitespace) or in single quotes; inside both, a backslash takes
//!   the next character literally (`\'`, `\\`, `\ `). A later key overrides an earlier one. An
//!   explicitly empty value (`host=''`) is kept: it hides the environment variable, as in
//!   libpq.
//! - URIs: `postgres[ql]://[user[:password]@][host][:port][,host[:port]...][/dbname][?k=v&...]`.
//!   User, password, hosts, ports and dbname are percent-decoded (`%00` is refused); `[...]`
//!   holds an IPv6 address; a host starting with `/` (e.g. `%2Fvar%2Frun%2Fpostgresql`) is a
//!   unix-socket directory, as is `?host=/dir`. Query parameters are any connection option,
//!   plus `ssl=true` (JDBC) meaning `sslmode=require`. Empty user, password, host, port or dbname
//!   in the URI body are treated as absent.
//! - `requiressl=1`/`0` is translated to `sslmode=require`/`prefer`.
//! - Unknown keywords are errors naming the keyword (`invalid connection option "foo"`,
//!   `invalid URI query parameter: "foo"`); libpq keywords that tusk does not implement (e.g.
//!   `service`, `target_session_attrs`) are errors too, saying so, rather than being ignored.
//! - [`ConnInfo::from_params`] is libpq's keyword/value array form (`PQconnectdbParams`) with
//!   `expand_dbname`: the first `dbname` value, if it is a connection string, is parsed and
//!   applied at its position, overriding earlier keywords (pg_dump's `-h`/`-p`/`-U` go before
//!   `-d`, so values inside `-d` win) and overridden by later ones. Empty values are skipped.
//!
//! Passwords never appear in errors: a URI in an error message has its password replaced by
//! `********`, a percent-decoding error inside the password does not quote it, and a malformed
//! word right after an unquoted `password=` value (`password=my secret`) is redacted too.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::error::SettingsError;
use crate::password::{Password, REDACTED};

/// A connection option tusk understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Keyword {
    /// `host`: host names, IP addresses or unix-socket directories (absolute paths), comma
    /// separated.
    Host,
    /// `hostaddr`: numeric IP addresses to connect to instead of resolving `host`.
    Hostaddr,
    /// `port`: one port, or one per host, comma separated.
    Port,
    /// `user`.
    User,
    /// `password`.
    Password,
    /// `passfile`: the password file (default `~/.pgpass`).
    Passfile,
    /// `dbname`.
    Dbname,
    /// `sslmode`: `disable`, `allow`, `prefer`, `require`, `verify-ca`, `verify-full`.
    SslMode,
    /// `sslrootcert`: trusted CA certificates (PEM), or `system`.
    SslRootCert,
    /// `sslcert`: the client certificate (PEM).
    SslCert,
    /// `sslkey`: the client certificate's private key (PEM).
    SslKey,
    /// `application_name`.
    ApplicationName,
    /// `fallback_application_name`: used when `application_name` is not set.
    FallbackApplicationName,
    /// `connect_timeout`: seconds per host address.
    ConnectTimeout,
    /// `options`: command-line options sent to the server (e.g. `-c search_path=x`).
    Options,
    /// `channel_binding`: `disable`, `prefer`, `require`.
    ChannelBinding,
    /// `gssencmode`: accepted for compatibility; GSSAPI encryption is never used, so only
    /// `disable` and `prefer` are valid.
    GssEncMode,
}

impl Keyword {
    /// Every keyword, in the order they are printed.
    pub const ALL: [Keyword; 17] = [
        Keyword::Host,
        Keyword::Hostaddr,
        Keyword::Port,
        Keyword::User,
        Keyword::Password,
        Keyword::Passfile,
        Keyword::Dbname,
        Keyword::SslMode,
        Keyword::SslRootCert,
        Keyword::SslCert,
        Keyword::SslKey,
        Keyword::ApplicationName,
        Keyword::FallbackApplicationName,
        Keyword::ConnectTimeout,
        Keyword::Options,
        Keyword::ChannelBinding,
        Keyword::GssEncMode,
    ];

    /// The keyword as written in connection strings.
    pub fn name(self) -> &'static str {
        match self {
            Keyword::Host => "host",
            Keyword::Hostaddr => "hostaddr",
            Keyword::Port => "port",
            Keyword::User => "user",
            Keyword::Password => "password",
            Keyword::Passfile => "passfile",
            Keyword::Dbname => "dbname",
            Keyword::SslMode => "sslmode",
            Keyword::SslRootCert => "sslrootcert",
            Keyword::SslCert => "sslcert",
            Keyword::SslKey => "sslkey",
            Keyword::ApplicationName => "application_name",
            Keyword::FallbackApplicationName => "fallback_application_name",
            Keyword::ConnectTimeout => "connect_timeout",
            Keyword::Options => "options",
            Keyword::ChannelBinding => "channel_binding",
            Keyword::GssEncMode => "gssencmode",
        }
    }

    /// The environment variable that supplies a default, as in libpq.
    pub fn env_var(self) -> Option<&'static str> {
        match self {
            Keyword::Host => Some("PGHOST"),
            Keyword::Hostaddr => Some("PGHOSTADDR"),
            Keyword::Port => Some("PGPORT"),
            Keyword::User => Some("PGUSER"),
            Keyword::Password => Some("PGPASSWORD"),
            Keyword::Passfile => Some("PGPASSFILE"),
            Keyword::Dbname => Some("PGDATABASE"),
            Keyword::SslMode => Some("PGSSLMODE"),
            Keyword::SslRootCert => Some("PGSSLROOTCERT"),
            Keyword::SslCert => Some("PGSSLCERT"),
            Keyword::SslKey => Some("PGSSLKEY"),
            Keyword::ApplicationName => Some("PGAPPNAME"),
            Keyword::FallbackApplicationName => None,
            Keyword::ConnectTimeout => Some("PGCONNECT_TIMEOUT"),
            Keyword::Options => Some("PGOPTIONS"),
            Keyword::ChannelBinding => Some("PGCHANNELBINDING"),
            Keyword::GssEncMode => Some("PGGSSENCMODE"),
        }
    }

    /// The keyword of a name, if tusk knows it.
    pub fn from_name(name: &str) -> Option<Keyword> {
        Keyword::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// libpq keywords that tusk does not implement: rejected with a clear message.
const UNSUPPORTED: &[&str] = &[
    "service",
    "client_encoding",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "sslnegotiation",
    "sslcompression",
    "sslcertmode",
    "sslpassword",
    "sslcrl",
    "sslcrldir",
    "sslsni",
    "sslkeylogfile",
    "requirepeer",
    "require_auth",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "min_protocol_version",
    "max_protocol_version",
    "krbsrvname",
    "gsslib",
    "gssdelegation",
    "replication",
    "target_session_attrs",
    "load_balance_hosts",
    "scram_client_key",
    "scram_server_key",
    "oauth_issuer",
    "oauth_client_id",
    "oauth_client_secret",
    "oauth_scope",
];

const URI_PREFIXES: [&str; 2] = ["postgresql://", "postgres://"];

/// Connection options given explicitly (a parsed connection string, or set one by one).
///
/// This is the first layer of libpq's precedence; environment variables and defaults are
/// applied by [`ConnectionSettings::resolve`](crate::ConnectionSettings::resolve). A value
/// that is present but empty counts as given (it hides the environment variable).
///
/// `Debug` and `Display` never show the password (`Display` prints a conninfo string with
/// `password=********`).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ConnInfo {
    values: BTreeMap<Keyword, String>,
    password: Option<Password>,
}

impl ConnInfo {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses a `key=value` connection string or a `postgres://`/`postgresql://` URI. The empty
    /// string gives no options.
    pub fn parse(conninfo: &str) -> Result<Self, SettingsError> {
        match uri_prefix_len(conninfo) {
            Some(len) => parse_uri(conninfo, len),
            None => parse_keyword_value(conninfo),
        }
    }

    /// libpq's keyword/value array form (`PQconnectdbParams`): later pairs override earlier
    /// ones, empty values are skipped, and with `expand_dbname` the first `dbname` value, if it
    /// is a connection string (a URI, or anything containing `=`), is parsed and applied at its
    /// position.
    ///
    /// This is how pg_dump layers its flags: `from_params(&[("host", h), ("port", p),
    /// ("user", u), ("dbname", d)], true)` lets values inside the `-d` connection string win
    /// over `-h`/`-p`/`-U`, which in turn win over the environment.
    pub fn from_params(
        params: &[(&str, &str)],
        expand_dbname: bool,
    ) -> Result<Self, SettingsError> {
        let mut expanded = None;
        if expand_dbname
            && let Some((_, value)) = params.iter().find(|(k, _)| *k == "dbname")
            && is_connection_string(value)
        {
            expanded = Some(ConnInfo::parse(value)?);
        }
        let mut info = ConnInfo::new();
        for (keyword, value) in params {
            if value.is_empty() {
                continue;
            }
            if *keyword == "dbname"
                && let Some(parsed) = expanded.take()
            {
                info.merge(parsed);
                continue;
            }
            info.set(keyword, *value)?;
        }
        Ok(info)
    }

    /// Sets an option by name (as in a connection string), checking the name. `requiressl`
    /// is translated to `sslmode`.
    pub fn set(
        &mut self,
        keyword: &str,
        value: impl Into<String>,
    ) -> Result<&mut Self, SettingsError> {
        let value = value.into();
        if keyword == "requiressl" {
            let mode = if value.starts_with('1') { "require" } else { "prefer" };
            self.insert(Keyword::SslMode, mode);
            return Ok(self);
        }
        match Keyword::from_name(keyword) {
            Some(k) => {
                self.insert(k, value);
                Ok(self)
            }
            None if UNSUPPORTED.contains(&keyword) => {
                Err(SettingsError::UnsupportedOption { keyword: keyword.to_owned() })
            }
            None => Err(SettingsError::InvalidOption { keyword: keyword.to_owned() }),
        }
    }

    /// Sets an option.
    pub fn insert(&mut self, keyword: Keyword, value: impl Into<String>) -> &mut Self {
        let value = value.into();
        if keyword == Keyword::Password {
            self.password = Some(Password::new(value));
        } else {
            self.values.insert(keyword, value);
        }
        self
    }

    /// Sets the password.
    pub fn set_password(&mut self, password: Password) -> &mut Self {
        self.password = Some(password);
        self
    }

    /// Removes an option.
    pub fn remove(&mut self, keyword: Keyword) -> &mut Self {
        if keyword == Keyword::Password {
            self.password = None;
        } else {
            self.values.remove(&keyword);
        }
        self
    }

    /// The value of an option, if given (possibly empty). Always `None` for
    /// [`Keyword::Password`]: use [`ConnInfo::password`].
    pub fn get(&self, keyword: Keyword) -> Option<&str> {
        self.values.get(&keyword).map(String::as_str)
    }

    /// The password, if given.
    pub fn password(&self) -> Option<&Password> {
        self.password.as_ref()
    }

    /// Whether an option was given (possibly empty).
    pub fn contains(&self, keyword: Keyword) -> bool {
        match keyword {
            Keyword::Password => self.password.is_some(),
            k => self.values.contains_key(&k),
        }
    }

    /// Whether no option was given.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.password.is_none()
    }

    /// Copies every option given in `other` over this one.
    pub fn merge(&mut self, other: ConnInfo) -> &mut Self {
        self.values.extend(other.values);
        if other.password.is_some() {
            self.password = other.password;
        }
        self
    }
}

impl FromStr for ConnInfo {
    type Err = SettingsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ConnInfo::parse(s)
    }
}

impl fmt::Debug for ConnInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for k in Keyword::ALL {
            if k == Keyword::Password {
                if let Some(p) = &self.password {
                    map.entry(&k.name(), p);
                }
            } else if let Some(v) = self.values.get(&k) {
                map.entry(&k.name(), v);
            }
        }
        map.finish()
    }
}

/// A `key=value` connection string; the password, if any, as `password=********`.
impl fmt::Display for ConnInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for k in Keyword::ALL {
            let value = if k == Keyword::Password {
                self.password.as_ref().map(|_| REDACTED.to_owned())
            } else {
                self.values.get(&k).map(|v| quote_conninfo_value(v))
            };
            if let Some(v) = value {
                if !first {
                    f.write_str(" ")?;
                }
                first = false;
                write!(f, "{}={v}", k.name())?;
            }
        }
        Ok(())
    }
}

/// Quotes a value for a `key=value` connection string when it needs it.
pub fn quote_conninfo_value(value: &str) -> String {
    let bare = !value.is_empty()
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-./:,@%+".contains(&b));
    if bare {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// Whether libpq would treat a `dbname` value as a connection string.
pub fn is_connection_string(s: &str) -> bool {
    uri_prefix_len(s).is_some() || s.contains('=')
}

fn uri_prefix_len(s: &str) -> Option<usize> {
    URI_PREFIXES.iter().find(|p| s.starts_with(*p)).map(|p| p.len())
}

/// C's `isspace` in the "C" locale.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn parse_keyword_value(s: &str) -> Result<ConnInfo, SettingsError> {
    let b = s.as_bytes();
    let mut info = ConnInfo::new();
    let mut i = 0;
    // Set after an unquoted password value: a stray word right after it may be part of the
    // password (`password=my secret`), so an error about it must not quote it.
    let mut after_bare_password = false;
    while let Some(&c) = b.get(i) {
        if is_space(c) {
            i += 1;
            continue;
        }
        let start = i;
        while b.get(i).is_some_and(|&c| c != b'=' && !is_space(c)) {
            i += 1;
        }
        // Both ends are at ASCII bytes (or the end), so these are char boundaries.
        let name = s.get(start..i).unwrap_or_default();
        while b.get(i).is_some_and(|&c| is_space(c)) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            let word = if after_bare_password { REDACTED.to_owned() } else { name.to_owned() };
            return Err(SettingsError::MissingEquals { word });
        }
        i += 1;
        while b.get(i).is_some_and(|&c| is_space(c)) {
            i += 1;
        }
        let mut value = Vec::new();
        let quoted = b.get(i) == Some(&b'\'');
        if quoted {
            i += 1;
            loop {
                match b.get(i) {
                    None => return Err(SettingsError::UnterminatedQuote),
                    Some(b'\\') => {
                        i += 1;
                        if let Some(&c) = b.get(i) {
                            value.push(c);
                            i += 1;
                        }
                    }
                    Some(b'\'') => {
                        i += 1;
                        break;
                    }
                    Some(&c) => {
                        value.push(c);
                        i += 1;
                    }
                }
            }
        } else {
            while let Some(&c) = b.get(i) {
                i += 1;
                if is_space(c) {
                    break;
                }
                if c == b'\\' {
                    if let Some(&d) = b.get(i) {
                        value.push(d);
                        i += 1;
                    }
                } else {
                    value.push(c);
                }
            }
        }
        // Only ASCII backslashes were dropped from valid UTF-8, so this is lossless.
        let value = String::from_utf8_lossy(&value).into_owned();
        if let Err(e) = info.set(name, value) {
            return Err(match e {
                SettingsError::InvalidOption { .. } | SettingsError::UnsupportedOption { .. }
                    if after_bare_password =>
                {
                    SettingsError::InvalidOption { keyword: REDACTED.to_owned() }
                }
                e => e,
            });
        }
        after_bare_password = name == "password" && !quoted;
    }
    Ok(info)
}

/// The URI with its password (in the user info or a `password` query parameter) replaced by
/// `********`, for error messages. Scans the same way as the parser, so whatever the parser
/// takes for the password is what is hidden.
pub(crate) fn redact_uri(uri: &str) -> String {
    let Some(prefix) = uri_prefix_len(uri) else { return uri.to_owned() };
    let (head, mut rest) = uri.split_at(prefix);
    let mut out = head.to_owned();
    if let Some(at) = rest.find(['@', '/'])
        && rest.as_bytes().get(at) == Some(&b'@')
    {
        let userinfo = &rest[..at];
        match userinfo.find(':') {
            Some(colon) => {
                out.push_str(&userinfo[..=colon]);
                out.push_str(REDACTED);
            }
            None => out.push_str(userinfo),
        }
        out.push('@');
        rest = &rest[at + 1..];
    }
    match rest.split_once('?') {
        None => out.push_str(rest),
        Some((body, query)) => {
            out.push_str(body);
            out.push('?');
            let params: Vec<String> = query
                .split('&')
                .map(|param| match param.split_once('=') {
                    Some((k, _)) if percent_decode(k).is_ok_and(|k| k == "password") => {
                        format!("{k}={REDACTED}")
                    }
                    _ => param.to_owned(),
                })
                .collect();
            out.push_str(&params.join("&"));
        }
    }
    out
}

#[derive(Debug)]
enum DecodeError {
    BadToken,
    Nul,
    NotUtf8,
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn percent_decode(s: &str) -> Result<String, DecodeError> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hi = b.get(i + 1).copied().and_then(hex).ok_or(DecodeError::BadToken)?;
            let lo = b.get(i + 2).copied().and_then(hex).ok_or(DecodeError::BadToken)?;
            let v = (hi << 4) | lo;
            if v == 0 {
                return Err(DecodeError::Nul);
            }
            out.push(v);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| DecodeError::NotUtf8)
}

struct UriParser {
    redacted: String,
}

impl UriParser {
    fn error(&self, problem: impl Into<String>) -> SettingsError {
        SettingsError::InvalidUri { uri: self.redacted.clone(), problem: problem.into() }
    }

    /// Percent-decodes a component; `secret` components are not quoted in errors.
    fn decode(&self, component: &str, secret: bool) -> Result<String, SettingsError> {
        percent_decode(component).map_err(|e| {
            let shown = if secret { REDACTED } else { component };
            self.error(match e {
                DecodeError::BadToken => format!("invalid percent-encoded token: \"{shown}\""),
                DecodeError::Nul => {
                    format!("forbidden value %00 in percent-encoded value: \"{shown}\"")
                }
                DecodeError::NotUtf8 => {
                    format!("percent-decoded value is not valid UTF-8: \"{shown}\"")
                }
            })
        })
    }
}

fn parse_uri(uri: &str, prefix_len: usize) -> Result<ConnInfo, SettingsError> {
    let parser = UriParser { redacted: redact_uri(uri) };
    let mut info = ConnInfo::new();
    let mut p = uri.get(prefix_len..).unwrap_or_default();
    let position = |rest: &str| uri.len() - rest.len() + 1;

    // User info: up to an '@' that comes before any '/'.
    if let Some(at) = p.find(['@', '/'])
        && p.as_bytes().get(at) == Some(&b'@')
    {
        let userinfo = &p[..at];
        let (user, password) = match userinfo.split_once(':') {
            Some((u, pw)) => (u, Some(pw)),
            None => (userinfo, None),
        };
        if !user.is_empty() {
            info.insert(Keyword::User, parser.decode(user, false)?);
        }
        if let Some(pw) = password
            && !pw.is_empty()
        {
            info.set_password(Password::new(parser.decode(pw, true)?));
        }
        p = &p[at + 1..];
    }

    // One or more host[:port], separated by commas.
    let mut hosts = String::new();
    let mut ports = String::new();
    let mut terminator;
    loop {
        if let Some(inner) = p.strip_prefix('[') {
            let Some(end) = inner.find(']') else {
                return Err(parser.error(
                    "end of string reached when looking for matching \"]\" in IPv6 host address",
                ));
            };
            if end == 0 {
                return Err(parser.error("IPv6 host address may not be empty"));
            }
            hosts.push_str(&inner[..end]);
            p = &inner[end + 1..];
            if let Some(c) = p.chars().next()
                && !matches!(c, ':' | '/' | '?' | ',')
            {
                return Err(parser.error(format!(
                    "unexpected character \"{c}\" at position {} (expected \":\" or \"/\")",
                    position(p)
                )));
            }
        } else {
            let end = p.find([':', '/', '?', ',']).unwrap_or(p.len());
            hosts.push_str(&p[..end]);
            p = &p[end..];
        }
        terminator = p.chars().next();
        if terminator == Some(':') {
            p = &p[1..];
            let end = p.find(['/', '?', ',']).unwrap_or(p.len());
            ports.push_str(&p[..end]);
            p = &p[end..];
            terminator = p.chars().next();
        }
        if terminator != Some(',') {
            break;
        }
        p = &p[1..];
        hosts.push(',');
        ports.push(',');
    }
    if !hosts.is_empty() {
        info.insert(Keyword::Host, parser.decode(&hosts, false)?);
    }
    if !ports.is_empty() {
        info.insert(Keyword::Port, parser.decode(&ports, false)?);
    }

    // "/dbname", then "?params".
    if terminator == Some('/') {
        p = &p[1..];
        let end = p.find('?').unwrap_or(p.len());
        let dbname = &p[..end];
        if !dbname.is_empty() {
            info.insert(Keyword::Dbname, parser.decode(dbname, false)?);
        }
        p = &p[end..];
        terminator = p.chars().next();
    }
    if terminator == Some('?') {
        parse_uri_params(&parser, &p[1..], &mut info)?;
    }
    Ok(info)
}

fn parse_uri_params(
    parser: &UriParser,
    mut params: &str,
    info: &mut ConnInfo,
) -> Result<(), SettingsError> {
    while !params.is_empty() {
        let end = params.find('&').unwrap_or(params.len());
        let param = &params[..end];
        params = params.get(end + 1..).unwrap_or_default();
        let Some((raw_key, raw_value)) = param.split_once('=') else {
            return Err(parser.error(format!(
                "missing key/value separator \"=\" in URI query parameter: \"{param}\""
            )));
        };
        if raw_value.contains('=') {
            return Err(parser.error(format!(
                "extra key/value separator \"=\" in URI query parameter: \"{raw_key}\""
            )));
        }
        let key = parser.decode(raw_key, false)?;
        let value = parser.decode(raw_value, key == "password")?;
        let (key, value) = if key == "ssl" && value == "true" {
            ("sslmode".to_owned(), "require".to_owned())
        } else {
            (key, value)
        };
        match info.set(&key, value) {
            Ok(_) => {}
            Err(SettingsError::InvalidOption { keyword }) => {
                return Err(SettingsError::InvalidUriParameter { keyword });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> ConnInfo {
        ConnInfo::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn err(s: &str) -> String {
        ConnInfo::parse(s).expect_err(s).to_string()
    }

    #[test]
    fn keyword_value_basics() {
        let i = parse(
            "host=localhost port = 5433  dbname='my db' user=bob\\ by options='-c x=\\'y\\''",
        );
        assert_eq!(i.get(Keyword::Host), Some("localhost"));
        assert_eq!(i.get(Keyword::Port), Some("5433"));
        assert_eq!(i.get(Keyword::Dbname), Some("my db"));
        assert_eq!(i.get(Keyword::User), Some("bob by"));
        assert_eq!(i.get(Keyword::Options), Some("-c x='y'"));
        assert!(parse("").is_empty());
        assert!(parse("   \t\n").is_empty());
        // Later wins; empty values are kept.
        let i = parse("host=a host=b port=");
        assert_eq!(i.get(Keyword::Host), Some("b"));
        assert_eq!(i.get(Keyword::Port), Some(""));
        // Quoted values need no separating space.
        let i = parse("host='a'port='1'");
        assert_eq!(i.get(Keyword::Port), Some("1"));
        assert_eq!(parse("requiressl=1").get(Keyword::SslMode), Some("require"));
        assert_eq!(parse("requiressl=0").get(Keyword::SslMode), Some("prefer"));
    }

    #[test]
    fn keyword_value_errors() {
        assert_eq!(err("foo=bar"), "invalid connection option \"foo\"");
        assert_eq!(err("service=x"), "connection option \"service\" is not supported");
        assert_eq!(err("host"), "missing \"=\" after \"host\" in connection info string");
        assert_eq!(err("host x=1"), "missing \"=\" after \"host\" in connection info string");
        assert_eq!(err("host='abc"), "unterminated quoted string in connection info string");
        assert_eq!(err("host='abc\\'"), "unterminated quoted string in connection info string");
        assert_eq!(err("=x"), "invalid connection option \"\"");
    }

    #[test]
    fn keyword_value_errors_do_not_show_password() {
        for s in [
            "password=my secret",
            "password=my secret=1",
            "user=u password=my secret port=1",
            "password='unterminated secret",
        ] {
            let e = ConnInfo::parse(s).expect_err(s);
            let text = format!("{e} {e:?}");
            assert!(!text.contains("secret"), "{s}: {text}");
        }
        // A bad word that does not follow the password is shown.
        assert!(err("password=x host").contains("\"********\""));
        assert!(err("password='x' host").contains("\"host\""));
    }

    #[test]
    fn uri_basics() {
        let i = parse(
            "postgresql://bob:s%40cret@db.example.com:6543/my%20db?sslmode=verify-full&application_name=x",
        );
        assert_eq!(i.get(Keyword::User), Some("bob"));
        assert_eq!(i.password().map(Password::expose), Some("s@cret"));
        assert_eq!(i.get(Keyword::Host), Some("db.example.com"));
        assert_eq!(i.get(Keyword::Port), Some("6543"));
        assert_eq!(i.get(Keyword::Dbname), Some("my db"));
        assert_eq!(i.get(Keyword::SslMode), Some("verify-full"));
        assert_eq!(i.get(Keyword::ApplicationName), Some("x"));

        let i = parse("postgres://[::1]:5433,[fe80::1],h3:1/db");
        assert_eq!(i.get(Keyword::Host), Some("::1,fe80::1,h3"));
        assert_eq!(i.get(Keyword::Port), Some("5433,,1"));

        let i = parse("postgresql://%2Fvar%2Frun%2Fpostgresql/db");
        assert_eq!(i.get(Keyword::Host), Some("/var/run/postgresql"));
        let i = parse("postgresql:///db?host=/tmp/sock&port=5499");
        assert_eq!(i.get(Keyword::Host), Some("/tmp/sock"));
        assert_eq!(i.get(Keyword::Dbname), Some("db"));
        let i = parse("postgresql://");
        assert!(i.is_empty());
        let i = parse("postgresql://h/?ssl=true");
        assert_eq!(i.get(Keyword::SslMode), Some("require"));
        assert_eq!(i.get(Keyword::Dbname), None);
        let i = parse("postgres://@h:/");
        assert_eq!(i.get(Keyword::User), None);
        assert_eq!(i.get(Keyword::Port), None);
        let i = parse("postgres://u:@h");
        assert!(i.password().is_none());
    }

    #[test]
    fn uri_errors() {
        assert!(err("postgres://h/db?foo=1").ends_with("invalid URI query parameter: \"foo\""));
        assert!(err("postgres://[::1").contains("matching \"]\""));
        assert!(err("postgres://[]/").contains("may not be empty"));
        assert!(err("postgres://[::1]x/").contains("unexpected character \"x\" at position 17"));
        assert!(err("postgres://h/db?sslmode").contains("missing key/value separator"));
        assert!(err("postgres://h/db?a=b=c").contains("extra key/value separator"));
        assert!(err("postgres://h/d%zz").contains("invalid percent-encoded token: \"d%zz\""));
        assert!(err("postgres://h/d%00").contains("forbidden value %00"));
        assert!(err("postgres://h/d%ff").contains("not valid UTF-8"));
    }

    #[test]
    fn uri_errors_do_not_show_password() {
        for s in [
            "postgres://u:topsecret@[::1/db",
            "postgres://u:topsecret@h/db?foo=1&x",
            "postgres://u:top%zzsecret@h/db",
            "postgres://u@h/db?password=top%zzsecret",
            "postgres://u@h/db?password=topsecret&bogus=1",
            "postgres://u:topsecret@h/db?a=b=c",
        ] {
            let e = ConnInfo::parse(s).expect_err(s);
            let text = format!("{e} {e:?}");
            assert!(!text.contains("topsecret") && !text.contains("secret"), "{s}: {text}");
        }
        assert_eq!(
            redact_uri("postgres://u:pw@h/db?password=x&sslmode=require"),
            "postgres://u:********@h/db?password=********&sslmode=require"
        );
    }

    #[test]
    fn params_expand_dbname_like_pg_dump() {
        let i = ConnInfo::from_params(
            &[
                ("host", "flag-host"),
                ("port", "1111"),
                ("user", ""),
                ("dbname", "host=inner dbname=d"),
            ],
            true,
        )
        .unwrap();
        assert_eq!(i.get(Keyword::Host), Some("inner"));
        assert_eq!(i.get(Keyword::Port), Some("1111"));
        assert_eq!(i.get(Keyword::User), None);
        assert_eq!(i.get(Keyword::Dbname), Some("d"));
        // Keywords after dbname override it.
        let i =
            ConnInfo::from_params(&[("dbname", "postgres://u@h/d"), ("user", "v")], true).unwrap();
        assert_eq!(i.get(Keyword::User), Some("v"));
        assert_eq!(i.get(Keyword::Host), Some("h"));
        // Without expansion, or a plain name, dbname is just a name.
        let i = ConnInfo::from_params(&[("dbname", "a=b")], false).unwrap();
        assert_eq!(i.get(Keyword::Dbname), Some("a=b"));
        let i = ConnInfo::from_params(&[("dbname", "plain")], true).unwrap();
        assert_eq!(i.get(Keyword::Dbname), Some("plain"));
        assert!(ConnInfo::from_params(&[("bogus", "1")], true).is_err());
    }

    #[test]
    fn debug_and_display_redact_password() {
        let i = parse("host=h password=hunter2 user='a b'");
        assert_eq!(i.to_string(), "host=h user='a b' password=********");
        let dbg = format!("{i:?}");
        assert!(!dbg.contains("hunter2"), "{dbg}");
        assert!(dbg.contains("********"), "{dbg}");
    }
}
