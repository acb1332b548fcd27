//! kiosque: a terminal reader for news articles stored as files.
#![forbid(unsafe_code)]

pub mod article;
pub mod byline;
pub mod config;
pub mod decode;
pub mod fold;
pub mod label;
pub mod layout;
pub mod library;
pub mod parse;
pub mod quote;
pub mod sanitize;
pub mod scan;
pub mod source;
pub mod theme;
pub mod width;
