//! Errors of settings resolution ([`SettingsError`]) and of connecting ([`ConnectError`]).
//!
//! Messages follow the PostgreSQL style (lower case, no trailing period, names in double
//! quotes) and mostly reuse libpq's wording, so that users can search for them. Each message is
//! one layer: causes (an I/O error, the server's `ErrorResponse`, a rustls error) are kept as
//! `#[source]` and never formatted into the message, so a caller prints the chain itself.
//!
//! Neither type ever holds a password: parse errors that would echo input redact it (a URI's
//! password is shown as `********`, and so is a token that follows `password=`).
//!
//! Server errors are classified by SQLSTATE, never by message text: `28P01` is
//! [`ConnectError::PasswordAuthentication`], other class `28` codes (a `pg_hba.conf` rejection,
//! a role that may not log in) are [`ConnectError::Authorization`], `3D000` is
//! [`ConnectError::DatabaseNotFound`].

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use tokio_postgres::error::SqlState;

use crate::connect::Server;
use crate::settings::SslMode;

/// A connection string, an environment variable or a TLS file could not be turned into
/// [`ConnectionSettings`](crate::ConnectionSettings).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    /// A keyword libpq does not know either.
    #[error("invalid connection option \"{keyword}\"")]
    InvalidOption {
        /// The keyword as written.
        keyword: String,
    },
    /// A keyword libpq knows but tusk does not implement (e.g. `service`).
    #[error("connection option \"{keyword}\" is not supported")]
    UnsupportedOption {
        /// The keyword as written.
        keyword: String,
    },
    /// A URI query parameter naming no connection option.
    #[error("invalid URI query parameter: \"{keyword}\"")]
    InvalidUriParameter {
        /// The (decoded) parameter name.
        keyword: String,
    },
    /// A `key=value` connection string has a word without `=`.
    #[error("missing \"=\" after \"{word}\" in connection info string")]
    MissingEquals {
        /// The word (redacted when it follows `password=`).
        word: String,
    },
    /// A `key='value'` connection string ends inside quotes.
    #[error("unterminated quoted string in connection info string")]
    UnterminatedQuote,
    /// A malformed connection URI.
    #[error("invalid connection URI \"{uri}\": {problem}")]
    InvalidUri {
        /// The URI with its password replaced by `********`.
        uri: String,
        /// What is wrong, in libpq's words.
        problem: String,
    },
    /// A value that is not valid for its option (never used for passwords).
    #[error("invalid {keyword} value: \"{value}\"")]
    InvalidValue {
        /// The option.
        keyword: &'static str,
        /// The value as given.
        value: String,
    },
    /// An integer option that is not an integer.
    #[error("invalid integer value \"{value}\" for connection option \"{keyword}\"")]
    InvalidInteger {
        /// The option.
        keyword: &'static str,
        /// The value as given.
        value: String,
    },
    /// A port outside 1..=65535.
    #[error("invalid port number: \"{value}\"")]
    InvalidPort {
        /// The value as given.
        value: String,
    },
    /// A `hostaddr` that is not an IP address.
    #[error("could not parse network address \"{value}\"")]
    InvalidHostaddr {
        /// The value as given.
        value: String,
    },
    /// The port list matches neither one port nor one per host.
    #[error("could not match {ports} port numbers to {hosts} hosts")]
    PortCount {
        /// How many ports were given.
        ports: usize,
        /// How many hosts were given.
        hosts: usize,
    },
    /// `host` and `hostaddr` lists differ in length.
    #[error("could not match {hosts} host names to {hostaddrs} hostaddr values")]
    HostaddrCount {
        /// How many host names were given.
        hosts: usize,
        /// How many addresses were given.
        hostaddrs: usize,
    },
    /// No user name was given and the operating system's could not be found.
    #[error("could not determine the operating system user name; give a user name (user, PGUSER)")]
    NoUser,
    /// `sslrootcert=system` with a mode that does not check host names.
    #[error(
        "weak sslmode \"{ssl_mode}\" may not be used with sslrootcert=system (use \"verify-full\")"
    )]
    WeakSslModeWithSystemRoots {
        /// The mode given.
        ssl_mode: SslMode,
    },
    /// `verify-full` to a server given only by `hostaddr`.
    #[error(
        "host name must be specified for a verified TLS connection (hostaddr {hostaddr} has no host)"
    )]
    VerifyFullWithoutHostName {
        /// The address without a host name.
        hostaddr: std::net::IpAddr,
    },
    /// `verify-ca`/`verify-full` without a root certificate file.
    #[error(
        "root certificate file \"{}\" does not exist; either provide the file, use the system's \
         trusted roots with sslrootcert=system, or change sslmode to disable server certificate \
         verification",
        path.display()
    )]
    RootCertMissing {
        /// The file looked for.
        path: PathBuf,
    },
    /// `verify-ca`/`verify-full` without `sslrootcert` and without a home directory.
    #[error(
        "could not get home directory to locate root certificate file; either provide the file \
         (sslrootcert), use the system's trusted roots with sslrootcert=system, or change sslmode \
         to disable server certificate verification"
    )]
    NoHomeForRootCert,
    /// A certificate or key file could not be read.
    #[error("could not read {kind} file \"{}\"", path.display())]
    ReadFile {
        /// "root certificate", "certificate" or "private key".
        kind: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A PEM file holds no usable item of the expected kind.
    #[error("no {kind} found in file \"{}\"", path.display())]
    EmptyPem {
        /// "certificates" or "private key".
        kind: &'static str,
        /// The file.
        path: PathBuf,
    },
    /// The operating system's trust store (`sslrootcert=system`) gave no certificates.
    #[error("could not load any of the system's trusted root certificates")]
    SystemRoots {
        /// What went wrong (the first error reported, if any).
        #[source]
        source: Option<rustls_native_certs::Error>,
    },
    /// A client certificate without its private key.
    #[error("certificate present, but not private key file \"{}\"", path.display())]
    ClientKeyMissing {
        /// The key file looked for.
        path: PathBuf,
    },
    /// A client key readable by others than its owner.
    #[error(
        "private key file \"{}\" has group or world access; file must have permissions u=rw \
         (0600) or less if owned by the current user, or permissions u=rw,g=r (0640) or less if \
         owned by root",
        path.display()
    )]
    ClientKeyPermissions {
        /// The key file.
        path: PathBuf,
    },
    /// A client key that is not a plain file.
    #[error("private key file \"{}\" is not a regular file", path.display())]
    ClientKeyNotAFile {
        /// The key file.
        path: PathBuf,
    },
    /// rustls refused a root certificate, the client certificate or its key.
    #[error("could not set up TLS with {what}")]
    Tls {
        /// What was being loaded.
        what: String,
        /// Why.
        #[source]
        source: rustls::Error,
    },
}

/// A connection could not be made.
///
/// Each variant names the server it concerns ([`Server`] displays as `server at "host"
/// (address), port N` or `server on socket "path"`). When several hosts, addresses or TLS
/// fallbacks were tried, [`ConnectError::AllFailed`] holds every attempt in order.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectError {
    /// The host name could not be resolved.
    #[error("could not translate host name \"{host}\" to address")]
    Resolve {
        /// The host name.
        host: String,
        /// The resolver's error.
        #[source]
        source: io::Error,
    },
    /// The TCP or unix-socket connection could not be opened.
    #[error("could not connect to {server}")]
    Connect {
        /// Where.
        server: Server,
        /// The socket error (refused, unreachable, no such socket file, ...).
        #[source]
        source: io::Error,
    },
    /// `connect_timeout` expired before the connection was ready.
    #[error("could not connect to {server}: timeout expired after {} seconds", timeout.as_secs())]
    Timeout {
        /// Where.
        server: Server,
        /// The timeout that expired.
        timeout: Duration,
    },
    /// The server declined TLS, and the sslmode does not allow a plain connection.
    #[error("{server} does not support TLS, but sslmode \"{ssl_mode}\" requires it")]
    TlsNotSupported {
        /// Where.
        server: Server,
        /// The mode in effect.
        ssl_mode: SslMode,
    },
    /// The TLS handshake failed (e.g. the certificate is not trusted or has the wrong name).
    #[error("could not establish a TLS connection to {server} (sslmode \"{ssl_mode}\")")]
    Tls {
        /// Where.
        server: Server,
        /// The mode in effect.
        ssl_mode: SslMode,
        /// The handshake error (the rustls error is further down the chain).
        #[source]
        source: tokio_postgres::Error,
    },
    /// The server rejected the password (SQLSTATE 28P01).
    #[error(
        "{server} rejected the password of user \"{user}\"{}",
        password_file_note(password_file)
    )]
    PasswordAuthentication {
        /// Where.
        server: Server,
        /// The user name sent.
        user: String,
        /// The `.pgpass` file the password came from, if it came from one.
        password_file: Option<PathBuf>,
        /// The server's error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The server refused the login for another reason of SQLSTATE class 28 (no matching
    /// `pg_hba.conf` entry, a `reject` entry, a role without LOGIN, a missing client
    /// certificate, ...).
    #[error("{server} refused the connection of user \"{user}\" to database \"{dbname}\"")]
    Authorization {
        /// Where.
        server: Server,
        /// The user name sent.
        user: String,
        /// The database name sent.
        dbname: String,
        /// The server's error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The database does not exist (SQLSTATE 3D000).
    #[error("{server} has no database \"{dbname}\"")]
    DatabaseNotFound {
        /// Where.
        server: Server,
        /// The database name sent.
        dbname: String,
        /// The server's error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// Any other failure while starting the session: another server error (see
    /// [`ConnectError::code`]), a protocol error, the connection closing early, a password the
    /// server asked for but none was given.
    #[error("connection to {server} failed")]
    Startup {
        /// Where.
        server: Server,
        /// The cause.
        #[source]
        source: tokio_postgres::Error,
    },
    /// Sending a cancel request failed.
    #[error("could not send a cancel request to {server}")]
    Cancel {
        /// Where.
        server: Server,
        /// The cause.
        #[source]
        source: tokio_postgres::Error,
    },
    /// Several attempts were made (hosts, addresses, with and without TLS) and all failed.
    /// `last` is the source; `earlier` holds the others in the order they were made.
    #[error("all {} connection attempts failed", earlier.len() + 1)]
    AllFailed {
        /// The attempts before the last one.
        earlier: Vec<ConnectError>,
        /// The last attempt.
        #[source]
        last: Box<ConnectError>,
    },
}

fn password_file_note(path: &Option<PathBuf>) -> String {
    match path {
        Some(p) => format!(" (password retrieved from file \"{}\")", p.display()),
        None => String::new(),
    }
}

impl ConnectError {
    /// Builds the error for a list of failed attempts (at least one expected).
    pub(crate) fn from_attempts(mut attempts: Vec<ConnectError>) -> ConnectError {
        match attempts.pop() {
            // Settings always have at least one target, so this is not reached.
            None => ConnectError::Resolve {
                host: String::new(),
                source: io::Error::new(io::ErrorKind::NotFound, "no host to connect to"),
            },
            Some(last) if attempts.is_empty() => last,
            Some(last) => ConnectError::AllFailed { earlier: attempts, last: Box::new(last) },
        }
    }

    /// The SQLSTATE of the server's error, if the server sent one (for
    /// [`ConnectError::AllFailed`], that of the last attempt).
    pub fn code(&self) -> Option<&SqlState> {
        match self {
            ConnectError::PasswordAuthentication { source, .. }
            | ConnectError::Authorization { source, .. }
            | ConnectError::DatabaseNotFound { source, .. }
            | ConnectError::Startup { source, .. }
            | ConnectError::Tls { source, .. }
            | ConnectError::Cancel { source, .. } => source.code(),
            ConnectError::AllFailed { last, .. } => last.code(),
            ConnectError::Resolve { .. }
            | ConnectError::Connect { .. }
            | ConnectError::Timeout { .. }
            | ConnectError::TlsNotSupported { .. } => None,
        }
    }

    /// The server the (last) attempt went to, if one was reached by address.
    pub fn server(&self) -> Option<&Server> {
        match self {
            ConnectError::Resolve { .. } => None,
            ConnectError::Connect { server, .. }
            | ConnectError::Timeout { server, .. }
            | ConnectError::TlsNotSupported { server, .. }
            | ConnectError::Tls { server, .. }
            | ConnectError::PasswordAuthentication { server, .. }
            | ConnectError::Authorization { server, .. }
            | ConnectError::DatabaseNotFound { server, .. }
            | ConnectError::Startup { server, .. }
            | ConnectError::Cancel { server, .. } => Some(server),
            ConnectError::AllFailed { last, .. } => last.server(),
        }
    }

    /// Every attempt, in order: the error itself unless it is [`ConnectError::AllFailed`].
    pub fn attempts(&self) -> Vec<&ConnectError> {
        match self {
            ConnectError::AllFailed { earlier, last } => {
                earlier.iter().chain(std::iter::once(last.as_ref())).collect()
            }
            other => vec![other],
        }
    }

    /// Whether the (last) failure is one of authentication or authorization (SQLSTATE class
    /// 28): retrying with the same settings will not help.
    pub fn is_authentication_failure(&self) -> bool {
        match self {
            ConnectError::PasswordAuthentication { .. } | ConnectError::Authorization { .. } => {
                true
            }
            ConnectError::AllFailed { last, .. } => last.is_authentication_failure(),
            _ => false,
        }
    }
}
