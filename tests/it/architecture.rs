//! The module arrows of DESIGN §1, checked on the source text of `src/`: each top-level module
//! refers only to the modules its rows of [`ALLOWED`] name, the top-level modules form no cycle,
//! `app` stays clear of the layers above it and of the async, terminal and HTTP crates, and no
//! production file is longer than [`MAX_PRODUCTION_LINES`].
//!
//! A reference is a `crate::…` path in code, in `use` lines and in expressions alike, with `use`
//! groups expanded. Comments, doc comments, string, char and raw string literals are skipped, and
//! so is every item under `#[cfg(test)]`: the rules are about the code that ships, and a test
//! module may borrow fixtures from anywhere. `super::` paths are not followed (none leaves its
//! top-level module). A test module kept in a file of its own (`#[cfg(test)] mod testing;` in
//! `config/`) is read as production code: it names only `config`'s own items, so it passes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The top-level modules of `src/` (besides `lib.rs` and `main.rs`).
const MODULES: &[&str] = &[
    "api", "app", "cli", "commands", "config", "mock", "protocol", "secret", "text", "time", "tui",
    "ui", "worker",
];

/// `(from, to, why)`: code in `from` may refer to `to`. `to` is a top-level module, which allows
/// everything in it, or `api::<file>`, which allows that part of `api` only. A module may always
/// refer to itself.
#[rustfmt::skip]
const ALLOWED: &[(&str, &str, &str)] = &[
    // The arrows of DESIGN §1.
    ("commands", "tui",         "DESIGN §1"),
    ("tui",      "app",         "DESIGN §1"),
    ("tui",      "ui",          "DESIGN §1"),
    ("tui",      "worker",      "DESIGN §1"),
    ("ui",       "app",         "DESIGN §1"),
    ("app",      "protocol",    "DESIGN §1"),
    ("app",      "api::model",  "DESIGN §1"),
    ("app",      "text",        "DESIGN §1"),
    ("app",      "time",        "DESIGN §1"),
    ("app",      "config",      "DESIGN §1"),
    ("worker",   "protocol",    "DESIGN §1"),
    ("worker",   "api",         "DESIGN §1"),
    ("mock",     "api",         "DESIGN §1"),
    ("protocol", "api::model",  "DESIGN §1"),
    // `commands` wires every layer together: one file per headless command, plus the TUI's.
    ("commands", "api",         "the headless commands call the client, print models and errors"),
    ("commands", "app",         "the TUI command builds the AppState and the keymap"),
    ("commands", "cli",         "the commands run what the parsed command line asks for"),
    ("commands", "config",      "every command loads and resolves the config"),
    ("commands", "mock",        "`demo` and `mock-server` start the mock"),
    ("commands", "protocol",    "a headless delete reads the job's WorkerEvents"),
    ("commands", "secret",      "the key sources become an ApiKey"),
    ("commands", "text",        "headless tables sanitize remote text (DESIGN §5 rule 5)"),
    ("commands", "time",        "the filters read dates and ages in the display zone (DESIGN §8)"),
    ("commands", "ui",          "the TUI command hands the theme and the DrawContext to `tui`"),
    ("commands", "worker",      "headless jobs run the job engine and write the journal"),
    ("cli",      "api::model",  "--status and --platform offer the spec's values (checks, completions)"),
    // Shared vocabulary, used by a layer the arrows of DESIGN §1 do not name it for.
    ("worker",   "text",        "a job stopped by a long rate limit names the wait in words"),
    ("tui",      "protocol",    "the loop carries Commands to the worker and WorkerEvents back"),
    ("tui",      "api::client", "run_terminal hands the ApiClient to the worker it starts"),
    ("ui",       "text",        "every widget sanitizes and measures remote text"),
    ("ui",       "time",        "times are drawn in the display zone"),
    ("ui",       "api::model",  "rows and the detail pane draw the posts' model types"),
    ("ui",       "protocol",    "the job gauge and the dialogs draw job kinds and summaries"),
    ("ui",       "config",      "the theme is built from the config's colours"),
    ("cli",      "mock",        "`demo` and `mock-server` share the mock's fault flags"),
    ("api",      "secret",      "the client holds the ApiKey and redacts what the server says"),
    ("api",      "text",        "an invalid post id from the server is named sanitized in its error"),
    ("config",   "secret",      "the config's key sources produce an ApiKey"),
    ("config",   "time",        "the `timezone` key is checked against the tz database"),
];

/// What `app` must never name: the layers above it, the mock, and any part of `api` but its
/// model (DESIGN §1: `app → api::model`).
const APP_FORBIDDEN_MODULES: &[&str] = &[
    "ui",
    "worker",
    "tui",
    "commands",
    "mock",
    "cli",
    "api::client",
    "api::error",
];

/// Crates whose paths `app` must never name: it is synchronous and pure (DESIGN §1).
const APP_FORBIDDEN_CRATES: &[&str] = &["tokio", "crossterm", "reqwest", "ratatui", "axum"];

/// No production file is longer than this (DESIGN §5 holds up yazi's small files, one job per
/// file). A trailing run of `#[cfg(test)]` items is not counted.
const MAX_PRODUCTION_LINES: usize = 800;

/// One token of Rust source; comments, literals and whitespace produce none.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    tok: Tok,
    line: usize,
}

impl Token {
    fn is_ident(&self, name: &str) -> bool {
        matches!(&self.tok, Tok::Ident(ident) if ident == name)
    }
}

/// Splits `source` into tokens, skipping comments, string, char and raw string literals.
fn tokenize(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Skips from `from` up to and including `"` followed by `hashes` `#`s; returns the index after.
    let skip_string = |mut i: usize, hashes: usize, raw: bool, line: &mut usize| -> usize {
        while i < chars.len() {
            match chars[i] {
                '\n' => *line += 1,
                '\\' if !raw => {
                    if chars.get(i + 1) == Some(&'\n') {
                        *line += 1;
                    }
                    i += 1;
                }
                '"' if chars[i + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|&&c| c == '#')
                    .count()
                    == hashes =>
                {
                    return i + 1 + hashes;
                }
                _ => {}
            }
            i += 1;
        }
        i
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0usize;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(i + 1, 0, false, &mut line);
        } else if c == '\'' {
            if next == Some('\\') {
                // An escaped char literal: '\n', '\'', '\u{1b}'.
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                // A lifetime or a label: its name follows as an identifier.
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let ident: String = chars[start..i].iter().collect();
            let prefix = matches!(ident.as_str(), "r" | "b" | "br" | "c" | "cr");
            let raw = ident.ends_with('r');
            match chars.get(i) {
                Some('"') if prefix => i = skip_string(i + 1, 0, raw, &mut line),
                Some('#') if prefix && raw => {
                    let hashes = chars[i..].iter().take_while(|&&c| c == '#').count();
                    if chars.get(i + hashes) == Some(&'"') {
                        i = skip_string(i + hashes + 1, hashes, true, &mut line);
                    } else if ident == "r" {
                        // A raw identifier, r#type.
                        i += 1;
                    } else {
                        tokens.push(Token {
                            tok: Tok::Ident(ident),
                            line,
                        });
                    }
                }
                Some('\'') if ident == "b" => {
                    i += 1;
                    if chars.get(i) == Some(&'\\') {
                        i += 2;
                    }
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                }
                _ => tokens.push(Token {
                    tok: Tok::Ident(ident),
                    line,
                }),
            }
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else if c == ':' && next == Some(':') {
            tokens.push(Token {
                tok: Tok::PathSep,
                line,
            });
            i += 2;
        } else {
            tokens.push(Token {
                tok: Tok::Punct(c),
                line,
            });
            i += 1;
        }
    }
    tokens
}

/// The index ranges (inclusive) of the items under `#[cfg(test)]`, in order.
fn cfg_test_items(tokens: &[Token]) -> Vec<(usize, usize)> {
    let is_cfg_test = |i: usize| {
        let expected = ["#", "[", "cfg", "(", "test", ")", "]"];
        tokens.len() >= i + expected.len()
            && expected
                .iter()
                .zip(&tokens[i..])
                .all(|(want, token)| match &token.tok {
                    Tok::Ident(ident) => ident == want,
                    Tok::Punct(c) => want.len() == 1 && want.starts_with(*c),
                    Tok::PathSep => false,
                })
    };
    let mut items = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !is_cfg_test(i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut depth = 0usize;
        let mut body = false;
        let mut end = tokens.len() - 1;
        let mut j = start;
        // The attribute's own brackets open and close first: the item starts at depth 0, and it
        // ends at its first `;` there or where its first `{ … }` there closes.
        while j < tokens.len() {
            match tokens[j].tok {
                Tok::Punct('(' | '[') => depth += 1,
                Tok::Punct('{') => {
                    body |= depth == 0;
                    depth += 1;
                }
                Tok::Punct(')' | ']') => depth = depth.saturating_sub(1),
                Tok::Punct('}') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 && body {
                        end = j;
                        break;
                    }
                }
                Tok::Punct(';') if depth == 0 => {
                    end = j;
                    break;
                }
                _ => {}
            }
            j += 1;
        }
        items.push((start, end));
        i = end + 1;
    }
    items
}

/// A `crate::…` path (or a path of an outside crate) in code.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reference {
    line: usize,
    /// The segments after `crate` (for an outside crate: its name first).
    path: Vec<String>,
}

impl Reference {
    /// The path as the source has it, `crate::` first.
    fn crate_path(&self) -> String {
        format!("crate::{}", self.path.join("::"))
    }
}

/// Reads the path or `use` tree that starts at `tokens[i]` below `prefix`; pushes every full
/// path, with the line of its last segment, into `out` and returns the index after the tree.
fn read_tree(
    tokens: &[Token],
    mut i: usize,
    prefix: &[String],
    out: &mut Vec<(usize, Vec<String>)>,
) -> usize {
    let Some(token) = tokens.get(i) else {
        return i;
    };
    match &token.tok {
        Tok::Punct('{') => {
            i += 1;
            loop {
                match tokens.get(i).map(|token| &token.tok) {
                    None => return i,
                    Some(Tok::Punct('}')) => return i + 1,
                    Some(Tok::Punct(',')) => i += 1,
                    // `self as name`, `Item as name`: the new name is no path.
                    Some(Tok::Ident(word)) if word == "as" => i += 2,
                    Some(_) => {
                        // Whatever the tree does not understand is skipped, never looped on.
                        i = read_tree(tokens, i, prefix, out).max(i + 1);
                    }
                }
            }
        }
        Tok::Ident(segment) if segment == "self" => {
            out.push((token.line, prefix.to_vec()));
            i + 1
        }
        Tok::Ident(segment) => {
            let mut path = prefix.to_vec();
            path.push(segment.clone());
            if tokens
                .get(i + 1)
                .is_some_and(|next| next.tok == Tok::PathSep)
            {
                let after = read_tree(tokens, i + 2, &path, out);
                if after == i + 2 {
                    // `crate::a::<T>`: the path ends here.
                    out.push((token.line, path));
                }
                after
            } else {
                out.push((token.line, path));
                i + 1
            }
        }
        Tok::Punct('*') if !prefix.is_empty() => {
            out.push((token.line, prefix.to_vec()));
            i + 1
        }
        _ => i,
    }
}

/// What one source file refers to, `#[cfg(test)]` items left out.
#[derive(Debug, Default)]
struct Scan {
    /// `crate::…` paths.
    crate_paths: Vec<Reference>,
    /// Paths of the crates in `crates`, their name first.
    crate_names: Vec<Reference>,
    /// Lines before a trailing run of `#[cfg(test)]` items (all lines when there is none).
    production_lines: usize,
}

fn scan(source: &str, crates: &[&str]) -> Scan {
    let tokens = tokenize(source);
    let tests = cfg_test_items(&tokens);
    let mut excluded = vec![false; tokens.len()];
    for &(start, end) in &tests {
        excluded[start..=end]
            .iter_mut()
            .for_each(|flag| *flag = true);
    }
    let mut result = Scan {
        production_lines: source.lines().count(),
        ..Scan::default()
    };
    // The trailing run: test items that follow each other up to the last token.
    let mut trailing_start = None;
    let mut expected_end = tokens.len().checked_sub(1);
    for &(start, end) in tests.iter().rev() {
        if Some(end) != expected_end {
            break;
        }
        trailing_start = Some(start);
        expected_end = start.checked_sub(1);
    }
    if let Some(start) = trailing_start {
        result.production_lines = tokens[start].line - 1;
    }
    for (i, token) in tokens.iter().enumerate() {
        let Tok::Ident(name) = &token.tok else {
            continue;
        };
        if excluded[i] || (i > 0 && tokens[i - 1].tok == Tok::PathSep) {
            continue;
        }
        let followed_by_path = tokens.get(i + 1).is_some_and(|t| t.tok == Tok::PathSep);
        let mut paths = Vec::new();
        if name == "crate" && followed_by_path {
            read_tree(&tokens, i + 2, &[], &mut paths);
            result.crate_paths.extend(
                paths
                    .into_iter()
                    .map(|(line, path)| Reference { line, path }),
            );
        } else if crates.contains(&name.as_str())
            && (followed_by_path || (i > 0 && tokens[i - 1].is_ident("use")))
        {
            read_tree(&tokens, i, &[], &mut paths);
            result.crate_names.extend(
                paths
                    .into_iter()
                    .map(|(line, path)| Reference { line, path }),
            );
        }
    }
    result
}

/// One source file of `src/`, with the top-level module it belongs to.
struct SourceFile {
    /// Relative to the package, e.g. `src/ui/mod.rs`.
    path: String,
    module: String,
    scan: Scan,
}

/// The parts of `api` a reference can name on its own (`api/<name>.rs` or `api/<name>/`).
fn api_parts() -> BTreeSet<String> {
    let api = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    std::fs::read_dir(&api)
        .unwrap_or_else(|error| panic!("read {}: {error}", api.display()))
        .map(|entry| {
            let path = entry.expect("directory entry").path();
            path.file_stem()
                .and_then(|stem| stem.to_str())
                .expect("UTF-8 file name")
                .to_string()
        })
        .filter(|name| name != "mod")
        .collect()
}

/// The module a `crate::…` path points into: `api::<part>` inside `api`, else the top level.
fn target_of(path: &[String], api_parts: &BTreeSet<String>) -> String {
    match path {
        [first, second, ..] if first == "api" && api_parts.contains(second) => {
            format!("api::{second}")
        }
        [first, ..] => first.clone(),
        [] => String::new(),
    }
}

fn top_level(target: &str) -> &str {
    target.split("::").next().unwrap_or(target)
}

fn is_allowed(from: &str, target: &str) -> bool {
    top_level(target) == from
        || ALLOWED.iter().any(|&(allowed_from, to, _)| {
            allowed_from == from && (target == to || target.starts_with(&format!("{to}::")))
        })
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in
            std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Every file of `src/` but the crate roots, scanned once for all the tests here.
static SOURCES: LazyLock<Vec<SourceFile>> = LazyLock::new(sources);

fn sources() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    rust_files(&src)
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(&src).expect("under src");
            let first = relative.components().next()?.as_os_str().to_str()?;
            let module = first.strip_suffix(".rs").unwrap_or(first).to_string();
            if module == "lib" || module == "main" {
                return None;
            }
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("read {}: {error}", path.display()));
            Some(SourceFile {
                path: format!("src/{}", relative.display()),
                module,
                scan: scan(&source, APP_FORBIDDEN_CRATES),
            })
        })
        .collect()
}

/// `file:line: from → target (the path)` for every reference of `module` that `wrong` flags.
fn offending(files: &[SourceFile], module: &str, wrong: impl Fn(&str) -> bool) -> Vec<String> {
    let parts = api_parts();
    files
        .iter()
        .filter(|file| file.module == module)
        .flat_map(|file| {
            file.scan.crate_paths.iter().filter_map(|reference| {
                let target = target_of(&reference.path, &parts);
                wrong(&target).then(|| {
                    format!(
                        "{}:{}: {module} → {target} ({})",
                        file.path,
                        reference.line,
                        reference.crate_path()
                    )
                })
            })
        })
        .collect()
}

/// Fails with every reference of `module` that [`ALLOWED`] does not list.
fn assert_arrows(files: &[SourceFile], module: &str) {
    assert!(
        files.iter().any(|file| file.module == module),
        "no file of `{module}` under src/"
    );
    let offending = offending(files, module, |target| !is_allowed(module, target));
    assert!(
        offending.is_empty(),
        "`{module}` refers to modules that DESIGN §1 and the ALLOWED table do not allow it:\n{}",
        offending.join("\n")
    );
}

/// The first cycle among `edges` (each with one reference as evidence), as `a → b → … → a`.
fn find_cycle(edges: &BTreeMap<String, BTreeMap<String, String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeMap<String, String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|seen| seen == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flat_map(BTreeMap::keys) {
            if let Some(cycle) = visit(next, edges, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut Vec::new(), &mut done))
}

/// `from → to → evidence` between top-level modules, self references left out.
fn module_graph(files: &[SourceFile]) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        for reference in &file.scan.crate_paths {
            let Some(to) = reference.path.first() else {
                continue;
            };
            if *to != file.module {
                edges
                    .entry(file.module.clone())
                    .or_default()
                    .entry(to.clone())
                    .or_insert_with(|| {
                        format!(
                            "{}:{} {}",
                            file.path,
                            reference.line,
                            reference.crate_path()
                        )
                    });
            }
        }
    }
    edges
}

/// One test per top-level module: its references against its rows of [`ALLOWED`].
macro_rules! arrow_tests {
    ($($(#[$attribute:meta])* $module:ident),* $(,)?) => {
        $(
            #[test]
            $(#[$attribute])*
            fn $module() {
                super::assert_arrows(&super::SOURCES, stringify!($module));
            }
        )*
    };
}

mod arrows {
    arrow_tests!(
        api, app, cli, commands, config, mock, protocol, secret, text, time, tui, ui, worker,
    );
}

#[test]
fn the_table_names_every_top_level_module_and_only_those() {
    let files = &*SOURCES;
    let found: BTreeSet<&str> = files.iter().map(|file| file.module.as_str()).collect();
    let listed: BTreeSet<&str> = MODULES.iter().copied().collect();
    assert_eq!(
        found, listed,
        "the top-level modules of src/ and MODULES differ: give a new module its rows in ALLOWED \
         and its test in `arrows`"
    );
    for &(from, to, why) in ALLOWED {
        assert!(
            listed.contains(from) && listed.contains(top_level(to)),
            "ALLOWED names an unknown module: {from} → {to} ({why})"
        );
        assert!(!why.is_empty(), "{from} → {to} needs a reason");
    }
    let parts = api_parts();
    let unknown: Vec<String> = files
        .iter()
        .flat_map(|file| {
            file.scan.crate_paths.iter().filter_map(|reference| {
                let target = target_of(&reference.path, &parts);
                (!listed.contains(top_level(&target))).then(|| {
                    format!(
                        "{}:{}: {}",
                        file.path,
                        reference.line,
                        reference.crate_path()
                    )
                })
            })
        })
        .collect();
    assert!(
        unknown.is_empty(),
        "paths into no known top-level module:\n{}",
        unknown.join("\n")
    );
}

#[test]
fn top_level_modules_form_no_cycle() {
    let edges = module_graph(&SOURCES);
    if let Some(cycle) = find_cycle(&edges) {
        let steps: Vec<String> = cycle
            .windows(2)
            .map(|pair| format!("{} → {}: {}", pair[0], pair[1], edges[&pair[0]][&pair[1]]))
            .collect();
        panic!(
            "the top-level modules form a cycle {}:\n{}",
            cycle.join(" → "),
            steps.join("\n")
        );
    }
}

#[test]
fn app_uses_no_layer_above_it_and_only_the_model_of_api() {
    let offending = offending(&SOURCES, "app", |target| {
        APP_FORBIDDEN_MODULES
            .iter()
            .any(|forbidden| target == *forbidden || target.starts_with(&format!("{forbidden}::")))
            || target == "api"
    });
    assert!(
        offending.is_empty(),
        "app must use only api::model of the API and none of {APP_FORBIDDEN_MODULES:?} \
         (DESIGN §1):\n{}",
        offending.join("\n")
    );
}

#[test]
fn app_names_no_async_terminal_or_http_crate() {
    let offending: Vec<String> = SOURCES
        .iter()
        .filter(|file| file.module == "app")
        .flat_map(|file| {
            file.scan.crate_names.iter().map(|reference| {
                format!(
                    "{}:{}: {}",
                    file.path,
                    reference.line,
                    reference.path.join("::")
                )
            })
        })
        .collect();
    assert!(
        offending.is_empty(),
        "app is synchronous and pure (DESIGN §1) and names none of {APP_FORBIDDEN_CRATES:?}:\n{}",
        offending.join("\n")
    );
}

#[test]
fn no_production_file_is_over_800_lines() {
    let long: Vec<String> = SOURCES
        .iter()
        .filter(|file| file.scan.production_lines > MAX_PRODUCTION_LINES)
        .map(|file| format!("{}: {} lines", file.path, file.scan.production_lines))
        .collect();
    assert!(
        long.is_empty(),
        "production files over {MAX_PRODUCTION_LINES} lines (tests at the end not counted):\n{}",
        long.join("\n")
    );
}

/// The scanner itself, on small sources: what must count counts, and what must not does not.
mod scanner {
    use super::{Reference, cfg_test_items, scan, tokenize};

    fn crate_paths(source: &str) -> Vec<(usize, String)> {
        scan(source, &["tokio", "crossterm"])
            .crate_paths
            .iter()
            .map(|reference: &Reference| (reference.line, reference.path.join("::")))
            .collect()
    }

    #[test]
    fn comments_doc_comments_and_literals_do_not_count() {
        let source = r##"
            // use crate::ui::X;
            /// use crate::ui::X;
            //! crate::ui::draw(frame)
            /* use crate::ui::X; /* nested crate::ui::Y */ crate::ui::Z */
            const A: &str = "use crate::ui::X;";
            const B: &str = "escaped \" crate::ui::X \\";
            const C: &str = r#"raw "quoted" crate::ui::X"#;
            const D: &[u8] = b"crate::ui::X";
            const E: char = '"';
            const F: char = '\'';
            const G: u8 = b'"';
            const H: &str = "multi
                line crate::ui::X";
        "##;
        assert_eq!(crate_paths(source), Vec::<(usize, String)>::new());
    }

    #[test]
    fn use_lines_and_expressions_count_with_their_lines() {
        let source = "use crate::ui::X;\nfn f<'a>(s: &'a str) {\n    crate::ui::draw(frame);\n    let c = 'x';\n    crate::time::now()\n}\n";
        assert_eq!(
            crate_paths(source),
            vec![
                (1, "ui::X".to_string()),
                (3, "ui::draw".to_string()),
                (5, "time::now".to_string()),
            ]
        );
    }

    #[test]
    fn use_groups_are_expanded() {
        let source = "use crate::{api::{client::ApiClient, model::{self, A}}, text, ui::*};\nuse crate::app as a;";
        assert_eq!(
            crate_paths(source),
            vec![
                (1, "api::client::ApiClient".to_string()),
                (1, "api::model".to_string()),
                (1, "api::model::A".to_string()),
                (1, "text".to_string()),
                (1, "ui".to_string()),
                (2, "app".to_string()),
            ]
        );
    }

    #[test]
    fn cfg_test_items_are_left_out_and_a_trailing_run_is_not_counted() {
        let source = "use crate::text::a;\n#[cfg(test)]\nfn helper() -> [u8; 2] { crate::ui::x() }\nfn g() { crate::time::b() }\n\n#[cfg(test)]\nmod tests {\n    use crate::ui::X;\n    fn f() { {} }\n}\n#[cfg(test)]\nmod more_tests;\n";
        assert_eq!(
            crate_paths(source),
            vec![(1, "text::a".to_string()), (4, "time::b".to_string())]
        );
        assert_eq!(scan(source, &[]).production_lines, 5);
        let tokens = tokenize(source);
        assert_eq!(cfg_test_items(&tokens).len(), 3);
        let without_tests = "fn a() {}\n\nfn b() {}\n";
        assert_eq!(scan(without_tests, &[]).production_lines, 3);
    }

    #[test]
    fn outside_crates_count_only_as_the_start_of_a_path() {
        let source = "use crossterm::event::{KeyCode, KeyEvent};\nfn f() { tokio::spawn(x); my::tokio::y(); \"tokio::z\"; }\n// crossterm::event\nuse tokio;";
        let names: Vec<(usize, String)> = scan(source, &["tokio", "crossterm"])
            .crate_names
            .iter()
            .map(|reference| (reference.line, reference.path.join("::")))
            .collect();
        assert_eq!(
            names,
            vec![
                (1, "crossterm::event::KeyCode".to_string()),
                (1, "crossterm::event::KeyEvent".to_string()),
                (2, "tokio::spawn".to_string()),
                (4, "tokio".to_string()),
            ]
        );
    }

    #[test]
    fn a_forbidden_edge_fails_the_check_and_an_allowed_one_does_not() {
        let file = |path: &str, module: &str, source: &str| super::SourceFile {
            path: path.to_string(),
            module: module.to_string(),
            scan: scan(source, &[]),
        };
        let files = [
            file(
                "src/ui/a.rs",
                "ui",
                "use crate::app::state::AppState;\nuse crate::ui::theme;",
            ),
            file(
                "src/app/b.rs",
                "app",
                "fn f() {\n    crate::ui::draw(frame);\n}",
            ),
        ];
        super::assert_arrows(&files, "ui");
        let failure = std::panic::catch_unwind(|| super::assert_arrows(&files, "app"))
            .expect_err("app → ui must fail");
        let message = failure
            .downcast_ref::<String>()
            .expect("a formatted message");
        assert!(
            message.contains("src/app/b.rs:2: app → ui (crate::ui::draw)"),
            "{message}"
        );
    }

    #[test]
    fn a_cycle_is_found_with_its_evidence() {
        let file = |path: &str, module: &str, source: &str| super::SourceFile {
            path: path.to_string(),
            module: module.to_string(),
            scan: scan(source, &[]),
        };
        let files = [
            file("src/app/a.rs", "app", "use crate::text::x;"),
            file("src/text/b.rs", "text", "use crate::config::y;"),
            file("src/config/c.rs", "config", "\nuse crate::app::z;"),
        ];
        let edges = super::module_graph(&files);
        assert_eq!(
            super::find_cycle(&edges),
            Some(vec![
                "app".to_string(),
                "text".to_string(),
                "config".to_string(),
                "app".to_string()
            ])
        );
        assert_eq!(edges["config"]["app"], "src/config/c.rs:2 crate::app::z");
        assert_eq!(super::find_cycle(&super::module_graph(&files[..2])), None);
    }
}
