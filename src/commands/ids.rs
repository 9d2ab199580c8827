//! Post group ids from the command line, or from stdin when `-` is the only id (`postpost list
//! --ids | postpost delete - --yes`): whitespace or newline separated, `#` starts a comment that
//! runs to the end of its line. Every id is checked (24 hex characters, POSTPOST_API.md §1.2)
//! before any request; all the bad ones are reported with their line numbers. Duplicates are
//! dropped, the first place kept.

use std::collections::HashSet;
use std::io::BufRead;

use crate::api::model::PostGroupId;
use crate::text::sanitize::sanitize_line;

/// At most this many bad ids are named in an error; the rest are counted.
const NAMED_BAD: usize = 10;

/// True when the ids given are the single `-` that means "read them from stdin".
pub fn wants_stdin(ids: &[String]) -> bool {
    ids.len() == 1 && ids[0] == "-"
}

/// The ids of `texts`, checked and deduplicated.
///
/// # Errors
/// Every bad id (up to [`NAMED_BAD`] named), and a `-` among other ids.
pub fn from_args(texts: &[String]) -> Result<Vec<PostGroupId>, String> {
    if texts.len() > 1 && texts.iter().any(|text| text == "-") {
        return Err("`-` reads the ids from stdin and must be the only id".into());
    }
    let mut bad = Vec::new();
    let mut ids = Vec::new();
    let mut seen = HashSet::new();
    for text in texts {
        match PostGroupId::parse(text) {
            Ok(id) => {
                if seen.insert(id.clone()) {
                    ids.push(id);
                }
            }
            Err(_) => bad.push(format!("\"{}\"", sanitize_line(text))),
        }
    }
    if bad.is_empty() {
        Ok(ids)
    } else {
        Err(bad_message(&bad, "argument"))
    }
}

/// The ids of `input` (see the module docs), checked and deduplicated.
///
/// # Errors
/// Every bad id with its line (up to [`NAMED_BAD`] named), an unreadable stdin, or no ids at
/// all.
pub fn from_reader(input: impl BufRead) -> Result<Vec<PostGroupId>, String> {
    let mut bad = Vec::new();
    let mut ids = Vec::new();
    let mut seen = HashSet::new();
    for (index, line) in input.lines().enumerate() {
        let line = line.map_err(|error| format!("cannot read the ids from stdin: {error}"))?;
        let data = line.split('#').next().unwrap_or("");
        for word in data.split_whitespace() {
            match PostGroupId::parse(word) {
                Ok(id) => {
                    if seen.insert(id.clone()) {
                        ids.push(id);
                    }
                }
                Err(_) => bad.push(format!(
                    "line {}: \"{}\"",
                    index + 1,
                    sanitize_line(&word.chars().take(40).collect::<String>())
                )),
            }
        }
    }
    if !bad.is_empty() {
        return Err(bad_message(&bad, "stdin"));
    }
    if ids.is_empty() {
        return Err("no post group ids on stdin (one or more per line; # starts a comment)".into());
    }
    Ok(ids)
}

fn bad_message(bad: &[String], source: &str) -> String {
    let named: Vec<&str> = bad.iter().take(NAMED_BAD).map(String::as_str).collect();
    let more = bad.len().saturating_sub(NAMED_BAD);
    let what = if bad.len() == 1 {
        "invalid post group id"
    } else {
        "invalid post group ids"
    };
    let mut message = format!(
        "{source}: {what} {} (24 hexadecimal characters each); nothing was sent",
        named.join(", ")
    );
    if more > 0 {
        message.push_str(&format!(" (and {more} more)"));
    }
    message
}

/// The ids given: from stdin when `texts` is `-`, else the arguments themselves.
///
/// # Errors
/// As [`from_args`] and [`from_reader`].
pub fn read(texts: &[String]) -> Result<Vec<PostGroupId>, String> {
    if wants_stdin(texts) {
        from_reader(std::io::stdin().lock())
    } else {
        from_args(texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "6650a1b2c3d4e5f60123ab01";
    const B: &str = "6650a1b2c3d4e5f60123ab02";

    #[test]
    fn stdin_ids_are_split_on_whitespace_with_comments_and_duplicates_dropped() {
        let input = format!("# chosen by hand\n{A}  {B}\n\n\t{A} # again\n");
        let ids = from_reader(input.as_bytes()).expect("reads");
        let ids: Vec<&str> = ids.iter().map(PostGroupId::as_str).collect();
        assert_eq!(ids, [A, B]);
    }

    #[test]
    fn bad_stdin_lines_are_named_with_their_numbers() {
        let input = format!("{A}\nnope\n{B} zz\n");
        let error = from_reader(input.as_bytes()).expect_err("refused");
        assert!(error.contains("line 2: \"nope\""), "{error}");
        assert!(error.contains("line 3: \"zz\""), "{error}");
        assert!(error.contains("nothing was sent"), "{error}");
        let error = from_reader("# only a comment\n".as_bytes()).expect_err("empty");
        assert!(error.contains("no post group ids"), "{error}");
    }

    #[test]
    fn a_dash_must_be_alone() {
        assert!(wants_stdin(&["-".into()]));
        assert!(from_args(&[A.into(), "-".into()]).is_err());
        assert!(from_args(&["x".into()]).expect_err("bad").contains("\"x\""));
    }
}
