//! The plain TOML reader (`chuan::tree::plain_toml`) against `toml`: wherever it gives a tree,
//! `toml` must accept the text and give the same tree, spans included; where it cannot be sure,
//! it must give none and leave the file (and its error message) to `toml`.

use chuan::diag::Source;
use chuan::tree::{Node, parse_toml_full, plain_toml};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

/// Plain's answer, held to toml's. Returns whether plain read the text itself.
fn agree(text: &str) -> bool {
    let Some(plain) = plain_toml::parse(text) else {
        return false;
    };
    let source = Source::new("x.toml", text);
    match parse_toml_full(&source) {
        Ok(full) => {
            assert_eq!(plain, full, "the two readers differ on {text:?}");
            assert_eq!(format!("{plain:?}"), format!("{full:?}"), "{text:?}");
        }
        Err(d) => panic!("plain read {text:?}, which toml rejects: {d:?}"),
    }
    true
}

fn files(dir: &str, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(p.to_str().unwrap(), out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

/// Every TOML file of the repository (schools, fixtures, criteria sets): the two readers agree,
/// and the bundled schools, the files `check` reads most, take the one-pass path.
#[test]
fn the_readers_agree_on_every_toml_file_of_the_repository() {
    let mut all = Vec::new();
    for dir in ["schools", "tests", "criteria", "examples", "docs"] {
        if std::path::Path::new(dir).exists() {
            files(dir, &mut all);
        }
    }
    assert!(all.len() > 30, "{} files", all.len());
    let mut plain = 0;
    for path in &all {
        let text = std::fs::read_to_string(path).unwrap();
        let read = agree(&text);
        plain += usize::from(read);
        if path.starts_with("schools") {
            assert!(read, "{} is plain TOML but went to toml", path.display());
        }
    }
    assert!(
        plain * 2 > all.len(),
        "only {plain} of {} files read in one pass",
        all.len()
    );
}

/// Texts that must go to toml (an error, or TOML outside the covered part), and texts that the
/// one-pass reader must read itself, each checked against toml.
#[test]
fn what_plain_leaves_to_toml_and_what_it_reads() {
    // errors: toml reports them, with their line and column
    let errors = [
        "a = 1\na = 2\n",
        "a = 1\n\"a\" = 2\n",
        "a=1\nb=1\nc=1\nd=1\ne=1\nf=1\ng=1\nh=1\ni=1\nj=1\nb=2\n",
        "[t]\na=1\nb=1\nc=1\nd=1\ne=1\nf=1\ng=1\nh=1\ni=1\nj=1\n'j'=2\n",
        "x = { a=1, b=1, c=1, d=1, e=1, f=1, g=1, h=1, i=1, a=2 }\n",
        "[a]\n[a]\n",
        "[a]\nb = 1\n[a.b]\n",
        "a = 1\n[a]\n",
        "[[a]]\n[a]\n",
        "[a]\n[[a]]\n",
        "a = []\n[[a]]\n",
        "a = { b = 1 }\n[a.c]\n",
        "a = { b = 1, b = 2 }\n",
        "a = 2023-02-29\n",
        "a = 2023-13-01\n",
        "a = 2023-04-31\n",
        "a = 007\n",
        "a = 1.\n",
        "a = .5\n",
        "a = 1e\n",
        "a = 1 2\n",
        "a = \"x\" y\n",
        "a = \n",
        "a = \"unterminated\n",
        "a = 'unterminated\n",
        "a = [1, 2\n",
        "a = \"\\q\"\n",
        "a = \"\\u00\"\n",
        "a = \"\\uD800\"\n",
        "# a \u{1} control\n",
        "a = 1 # \u{7f}\n",
        "a = \"tab\tok\u{1}\"\n",
        "a = 1\rb = 2\n",
        "[a\n",
        "[a]]\n",
        "[[a]\n",
        "[ [a] ]\n",
        "[]\n",
        "= 1\n",
        "a = truex\n",
        "a = 1x\n",
        "a = 2023-11-13x\n",
        "[a] b = 1\n",
    ];
    // valid TOML outside the covered part
    let outside = [
        "a.b = 1\n",
        "a = \"\"\"multi\nline\"\"\"\n",
        "a = '''lit'''\n",
        "a = 1_000\n",
        "a = 99999999999999999999\n",
        "a = 0x1f\n",
        "a = 1979-05-27T07:32:00Z\n",
        "a = 1979-05-27 07:32:00\n",
        "a = 07:32:00\n",
        "a = inf\n",
        "a = nan\n",
        "a = \"\\e\"\n",
        "a = \"\\x41\"\n",
        "[a.b]\n[a]\n",
        "a = { b = 1, }\n",
        "a = {\n b = 1 }\n",
        "\u{feff}a = 1\n",
    ];
    for text in errors.iter().chain(&outside) {
        assert!(
            plain_toml::parse(text).is_none(),
            "plain should leave {text:?} to toml"
        );
    }
    let read = [
        "",
        "\n\n# only a comment",
        "a = 1",
        "a = -0\nb = +5\nc = 0\nd = 9223372036854775807\ne = -9223372036854775808\n",
        "a = 1.5\nb = -0.25\nc = 1e5\nd = 2.5E-3\ne = +1.50\nf = 0.0\n",
        "a = true\nb = false\n",
        "d = 2024-02-29\ne = 2000-02-29\nf = 2023-12-31 # c\n",
        "s = \"Lai Châu\"\nt = 'C:\\path'\nu = \"q\\\"\\\\\\n\\t\\u00e9\\U0001F600\"\nv = \"\"\n",
        "\"quoted key\" = 1\n'lit key' = 2\n\"\" = 3\n2018 = 4\nbare-key_1 = 5\n",
        "a = [1, 2.5, \"x\", [true], { p = 1 }]\nb = []\nc = [ ]\n",
        "a = [\n  1, # one\n  2,\n\n  # between\n]\n",
        "a = { }\nb = {p=1,q={r=[1,2]}}\n",
        "[school]\nid = \"x\"\n\n[facts]\nn = 1\n\n[facts.by_year]\n2018 = 1\n",
        "[ a . \"b c\" . 'd' ]\nx = 1\n",
        "[[evidence.\"1.6\"]]\nn = 1\n[[evidence.\"1.6\"]]\nn = 2\n[[evidence.\"2.1\"]]\nn = 3\n",
        "[[a]]\n[a.b]\nx = 1\n[[a]]\n[a.b]\nx = 2\n[[a.c]]\ny = 1\n",
        "[a.b.c]\n[a.b.d]\n[a.e]\n",
        "a = 1\r\nb = \"x\" # c\r\n[t]\r\n",
        "\t a = 1 \t# c\n",
        "k = \"\\u0041\"\n",
    ];
    for text in read {
        assert!(agree(text), "plain should read {text:?} itself");
    }
    // the lists say what they claim: toml rejects the errors and reads the rest
    let valid = |text: &str| parse_toml_full(&Source::new("x.toml", text)).is_ok();
    let misplaced: Vec<_> = errors.iter().filter(|t| valid(t)).collect();
    assert!(misplaced.is_empty(), "valid TOML: {misplaced:?}");
    let misplaced: Vec<_> = outside.iter().filter(|t| !valid(t)).collect();
    assert!(misplaced.is_empty(), "not valid TOML: {misplaced:?}");
}

/// Pieces of plain and not-so-plain TOML, joined at random: whatever plain reads, toml reads
/// the same.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a = 1\n",
        "a = 2\n",
        "b = \"x\"\n",
        "\"b\" = 'y'\n",
        "c = [1, 2]\n",
        "c = [\n1,\n]\n",
        "d = { e = 1 }\n",
        "d = {}\n",
        "f = 2023-11-13\n",
        "f = 2023-02-29\n",
        "g = 1.5e3\n",
        "g = 01\n",
        "h = true\n",
        "x.y = 1\n",
        "[a]\n",
        "[b]\n",
        "[a.b]\n",
        "[a.c]\n",
        "[d]\n",
        "[d.e]\n",
        "[c]\n",
        "[[a]]\n",
        "[[c]]\n",
        "[[a.b]]\n",
        "[[t]]\n",
        "[t.u]\n",
        "# comment\n",
        "\n",
        "  \n",
        "a = \"\\u00e9\\n\"\n",
        "i = -7 # c\n",
        "j = [[1], [\"a\"]]\n",
        "[\"a\"]\n",
        "['a'.b]\n",
        "a = 1 b\n",
        "k = \"\"\"x\"\"\"\n",
    ])
}

/// Runs `cases` random texts through both readers; returns how many plain read itself.
fn run_random(strategy: impl Strategy<Value = String>, cases: u32) -> u32 {
    let read = std::cell::Cell::new(0);
    let config = ProptestConfig::with_cases(cases);
    proptest::test_runner::TestRunner::new(config)
        .run(&strategy, |text| {
            read.set(read.get() + u32::from(agree(&text)));
            Ok(())
        })
        .unwrap();
    read.get()
}

#[test]
fn random_documents_read_the_same_by_both() {
    let docs = prop::collection::vec(piece(), 0..12).prop_map(|p| p.concat());
    let read = run_random(docs, 3000);
    // both paths are exercised: plain reads a good share, and leaves a good share
    assert!((300..2700).contains(&read), "plain read {read} of 3000");
}

/// Any text at all, from the bytes that matter to TOML's syntax.
#[test]
fn random_texts_read_the_same_by_both() {
    let read = run_random(
        "[a-c0-9 =.,\\[\\]{}\"'#\\n\\-]{0,40}".prop_map(String::from),
        3000,
    );
    assert!(read > 30, "plain read {read} of 3000");
}

/// A node's tree kept the text's own spans: the test above compares them, this pins one.
#[test]
fn spans_are_toml_s() {
    let text = "[a.b]\nx = [1]\n[[c]]\n";
    let root: Node = plain_toml::parse(text).unwrap();
    let a = &root.as_table().unwrap()[0];
    assert_eq!((a.key_span.start, a.key_span.end), (1, 2));
    assert_eq!((a.value.span.start, a.value.span.end), (1, 2));
    let b = &a.value.as_table().unwrap()[0];
    assert_eq!((b.value.span.start, b.value.span.end), (0, 5));
    let c = &root.as_table().unwrap()[1];
    assert_eq!((c.value.span.start, c.value.span.end), (14, 19));
}
