mod dump;
mod errors;
mod list;
