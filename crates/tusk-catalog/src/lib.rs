//! tusk-catalog
