mod errors;
mod list;
