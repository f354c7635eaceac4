//! tusk-restore
