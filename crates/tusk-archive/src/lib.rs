//! tusk-archive
