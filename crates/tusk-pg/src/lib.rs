//! tusk-pg
