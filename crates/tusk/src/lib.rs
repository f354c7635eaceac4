//! tusk
