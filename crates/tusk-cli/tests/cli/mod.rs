mod clone;
mod database_properties;
pub(crate) mod dump;
mod dump_every_kind;
mod dump_lo;
mod errors;
mod globals;
mod list;
mod restore;
