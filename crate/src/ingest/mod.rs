//! Ratings files in, rows in dense ids out: one byte parser for csv, `::`
//! .dat, tab u.data and column mappings, fed chunk by chunk, parsing batches
//! of lines in parallel on the rayon pool with exact line numbers in errors.

mod dedup;
mod dense_ids;
mod failure;
mod fields;
mod header;
mod layout;
mod lines;
mod options;
mod parsed;
mod parser;
mod pipeline;
mod plain_line;
mod rows;
mod stats;

#[cfg(test)]
mod tests;

pub use failure::IngestFailure;
pub use layout::MAX_LINE_BYTES;
pub use options::{Column, Format, Header, Options};
pub use parsed::Parsed;
pub use parser::Parser;
pub use stats::{SkipCounts, Stats};
