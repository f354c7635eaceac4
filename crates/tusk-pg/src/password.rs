//! A password that never shows itself.
//!
//! [`Password`] wraps the secret so that `Debug` and `Display` print `********`. Every place of
//! this crate that holds a password (parsed connection options, resolved settings, `.pgpass`
//! look-ups) holds it as a `Password`, so deriving `Debug` on those types is safe. The only way
//! to read the secret is [`Password::expose`], which is meant to be called where it is handed to
//! the wire protocol.

use std::fmt;

/// What a redacted secret prints as.
pub(crate) const REDACTED: &str = "********";

/// A password: prints as `********` in `Debug` and `Display` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself. Never log or format the result.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the password is the empty string (libpq treats that as no password).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Password {
    fn from(secret: String) -> Self {
        Self(secret)
    }
}

impl From<&str> for Password {
    fn from(secret: &str) -> Self {
        Self(secret.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let p = Password::new("hunter2");
        assert_eq!(format!("{p:?}"), "********");
        assert_eq!(format!("{p}"), "********");
        assert_eq!(format!("{:?}", Some(p.clone())), "Some(********)");
        assert_eq!(p.expose(), "hunter2");
    }
}
