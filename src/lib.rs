//! kiosque: a terminal reader for news articles stored as files.
#![forbid(unsafe_code)]

pub mod action;
pub mod app;
pub mod article;
pub mod byline;
pub mod cli;
pub mod commands;
pub mod config;
pub mod decode;
pub mod filter;
pub mod fold;
pub mod keymap;
pub mod label;
pub mod layout;
pub mod library;
pub mod loader;
pub mod parse;
pub mod quote;
pub mod run;
pub mod sanitize;
pub mod scan;
pub mod search;
pub mod source;
pub mod state;
pub mod theme;
pub mod ui;
pub mod width;
