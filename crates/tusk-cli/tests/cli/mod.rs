mod clone;
pub(crate) mod dump;
mod dump_every_kind;
mod dump_lo;
mod errors;
mod list;
mod restore;
