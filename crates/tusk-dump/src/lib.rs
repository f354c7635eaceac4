//! tusk-dump
