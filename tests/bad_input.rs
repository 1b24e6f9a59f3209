//! Every bad-input class: the full rendered message, exit code 2, nothing on standard output.

use crate::common::chuan;

fn run_bad(file: &str, extra: &[&str]) -> String {
    let out = chuan().arg("check").arg(file).args(extra).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout.is_empty(),
        "{file}: a failed run prints no report"
    );
    String::from_utf8(out.stderr).unwrap()
}

macro_rules! bad_input_test {
    ($name:ident, $file:expr) => {
        bad_input_test!($name, $file, &[]);
    };
    ($name:ident, $file:expr, $extra:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(run_bad($file, $extra));
        }
    };
}

bad_input_test!(malformed_toml, "tests/fixtures/bad/malformed.toml");
bad_input_test!(malformed_yaml, "tests/fixtures/bad/malformed.yaml");
bad_input_test!(
    unknown_keys_suggest_the_nearest_name,
    "tests/fixtures/bad/unknown-key.toml"
);
bad_input_test!(wrong_types, "tests/fixtures/bad/wrong-type.toml");
bad_input_test!(
    negative_and_impossible_numbers,
    "tests/fixtures/bad/negative.toml"
);
bad_input_test!(
    subset_larger_than_its_whole,
    "tests/fixtures/bad/subset.toml"
);
bad_input_test!(
    subset_larger_than_its_whole_yaml,
    "tests/fixtures/bad/subset.yaml"
);
bad_input_test!(
    series_missing_and_extra_years,
    "tests/fixtures/bad/series.toml"
);
bad_input_test!(date_that_does_not_parse, "tests/fixtures/bad/bad-date.toml");
bad_input_test!(
    evidence_dated_outside_the_window,
    "tests/fixtures/bad/evidence-dates.toml"
);
bad_input_test!(
    file_for_another_criteria_set,
    "tests/fixtures/bad/criteria-mismatch.toml"
);
bad_input_test!(
    statuses_a_person_may_not_set,
    "tests/fixtures/bad/statuses.toml"
);
bad_input_test!(unsupported_extension, "tests/fixtures/bad/notes.txt");
bad_input_test!(missing_file, "tests/fixtures/bad/no-such-file.toml");
bad_input_test!(
    messages_in_english,
    "tests/fixtures/bad/subset.toml",
    &["--lang", "en"]
);

#[test]
fn every_error_of_a_file_is_reported_in_one_run() {
    let err = run_bad("tests/fixtures/bad/subset.toml", &[]);
    assert!(err.ends_with("5 lỗi, 0 cảnh báo\n"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let out = chuan()
        .args(["check", "schools/lai-chau-2023.toml", "--level", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = chuan()
        .args(["check", "schools/lai-chau-2023.toml", "--format", "pdf"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = chuan().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_bad_criteria_folder_is_exit_2() {
    let out = chuan()
        .args([
            "check",
            "schools/lai-chau-2023.toml",
            "--criteria",
            "tests/fixtures/bad",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("tests/fixtures/bad/set.toml"), "{err}");
}

/// Lai Châu with one line of `[facts]` (or `[school]`) replaced, written to a temporary file.
fn lai_chau_with(key: &str, line: &str, ext: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let src = if ext == "yaml" {
        "schools/ha-noi-le-hong-phong-2023.yaml"
    } else {
        "schools/lai-chau-2023.toml"
    };
    let text = std::fs::read_to_string(src).unwrap();
    let sep = if ext == "yaml" { ":" } else { " =" };
    let mut found = false;
    let edited: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with(&format!("{key}{sep}")) && !found {
                found = true;
                let indent = &l[..l.len() - l.trim_start().len()];
                format!("{indent}{line}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    assert!(found, "{key} not in {src}");
    let path = dir.path().join(format!("truong.{ext}"));
    std::fs::write(&path, edited).unwrap();
    let p = path.to_str().unwrap().to_string();
    (dir, p)
}

/// The first line of standard error (the message itself) in both languages.
fn first_lines(file: &str, code: i32) -> [String; 2] {
    ["vi", "en"].map(|lang| {
        let out = chuan()
            .args(["check", file, "--color", "never", "--lang", lang])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if code == 2 {
            assert!(out.stdout.is_empty(), "a failed run prints no report");
        }
        let err = String::from_utf8(out.stderr).unwrap();
        let help = err
            .lines()
            .find(|l| {
                l.trim_start().starts_with("= gợi ý:") || l.trim_start().starts_with("= help:")
            })
            .unwrap_or("")
            .trim()
            .to_string();
        format!("{}\n{help}", err.lines().next().unwrap_or(""))
    })
}

#[test]
fn a_number_with_dots_between_thousands_warns_with_the_likely_value() {
    let (_d, f) = lai_chau_with(
        "campus_land_area_m2",
        "campus_land_area_m2 = 25.300",
        "toml",
    );
    assert_eq!(
        first_lines(&f, 0),
        [
            "cảnh báo[implausible-value]: `facts.campus_land_area_m2` = 25,3 m² nằm ngoài khoảng thường gặp (2 000 – 500 000 m²); có phải 25 300 m²?\n= gợi ý: ghi số không dùng dấu chấm phân cách hàng nghìn (25300 hoặc 25_300, không phải 25.300); nếu số liệu đúng, bỏ qua cảnh báo này",
            "warning[implausible-value]: `facts.campus_land_area_m2` = 25.3 m² is outside the usual range (2 000 – 500 000 m²); did you mean 25 300 m²?\n= help: write numbers without thousands separators (25300 or 25_300, not 25.300); if the figure is right, ignore this warning",
        ]
    );
    // YAML keeps no text for a float: 25.3 read as 25 300 because that is the plausible one
    let (_d, f) = lai_chau_with("campus_land_area_m2", "campus_land_area_m2: 42.175", "yaml");
    assert!(first_lines(&f, 0)[0].contains("có phải 42 175 m²?"));
    // outside the range with no likely reading: a plain warning
    let (_d, f) = lai_chau_with("campus_land_area_m2", "campus_land_area_m2 = 900", "toml");
    assert_eq!(
        first_lines(&f, 0)[0].lines().next().unwrap(),
        "cảnh báo[implausible-value]: `facts.campus_land_area_m2` = 900 m² nằm ngoài khoảng thường gặp (2 000 – 500 000 m²); kiểm tra lại số liệu"
    );
}

#[test]
fn numbers_written_as_text_say_what_to_write() {
    let cases = [
        (
            "campus_land_area_m2 = \"25.300\"",
            "lỗi[wrong-type]: `facts.campus_land_area_m2` phải là một số, nhưng tệp ghi \"25.300\"\n= gợi ý: có phải 25 300? Ghi các chữ số liền nhau, không dùng dấu chấm hay dấu cách để phân cách hàng nghìn: 25300 (hoặc viết 25_300)",
            "error[wrong-type]: `facts.campus_land_area_m2` must be a number, found \"25.300\"\n= help: did you mean 25 300? Write the digits together, without dots or spaces between thousands: 25300 (or 25_300)",
        ),
        (
            "staff_total = 1.200",
            "lỗi[wrong-type]: `facts.staff_total` phải là số nguyên, nhưng tệp ghi 1.200\n= gợi ý: có phải 1 200? Ghi các chữ số liền nhau, không dùng dấu chấm hay dấu cách để phân cách hàng nghìn: 1200 (hoặc viết 1_200)",
            "error[wrong-type]: `facts.staff_total` must be a whole number, found 1.200\n= help: did you mean 1 200? Write the digits together, without dots or spaces between thousands: 1200 (or 1_200)",
        ),
        (
            "dormitory_beds = 150 giường",
            "lỗi[syntax-number]: giá trị của `dormitory_beds` phải là một số, nhưng tệp ghi `150 giường`; chỉ ghi số, không kèm đơn vị `giường`: 150\n",
            "error[syntax-number]: the value of `dormitory_beds` must be a number, but the file says `150 giường`; write the number alone, without the unit `giường`: 150\n",
        ),
        (
            "research_budget_vnd_in_window = 600.000.000",
            "lỗi[syntax-number]: giá trị của `research_budget_vnd_in_window` phải là một số, nhưng tệp ghi `600.000.000`; có phải 600 000 000? Ghi các chữ số liền nhau, không dùng dấu chấm hay dấu cách để phân cách hàng nghìn: 600000000 (hoặc viết 600_000_000)\n",
            "error[syntax-number]: the value of `research_budget_vnd_in_window` must be a number, but the file says `600.000.000`; did you mean 600 000 000? Write the digits together, without dots or spaces between thousands: 600000000 (or 600_000_000)\n",
        ),
        (
            "campus_land_area_m2 = 17980,5",
            "lỗi[syntax-number]: giá trị của `campus_land_area_m2` phải là một số, nhưng tệp ghi `17980,5`; phần thập phân ghi sau dấu chấm, không phải dấu phẩy: 17980.5\n",
            "error[syntax-number]: the value of `campus_land_area_m2` must be a number, but the file says `17980,5`; write decimals after a point, not a comma: 17980.5\n",
        ),
        (
            "campus_land_area_m2 = 17980.1234567",
            "lỗi[too-many-decimals]: `facts.campus_land_area_m2` = 17980.1234567 có quá 6 chữ số sau dấu thập phân; chuan giữ tối đa 6 chữ số, hãy làm tròn\n",
            "error[too-many-decimals]: `facts.campus_land_area_m2` = 17980.1234567 has more than 6 decimal places; chuan keeps at most 6, so round it\n",
        ),
        (
            "library_in_service = không",
            "lỗi[syntax-bool-word]: `library_in_service` nhận `true` (có) hoặc `false` (không), nhưng tệp ghi `không`: ghi library_in_service = false\n",
            "error[syntax-bool-word]: `library_in_service` takes `true` or `false`, but the file says `không`: write library_in_service = false\n",
        ),
        (
            "dossier_date = 13/11/2023",
            "lỗi[syntax-day-month-year]: ngày của `dossier_date` ghi theo dạng năm-tháng-ngày, không có dấu ngoặc kép: dossier_date = 2023-11-13 (tệp ghi `13/11/2023`)\n",
            "error[syntax-day-month-year]: write the date of `dossier_date` as year-month-day, without quotes: dossier_date = 2023-11-13 (the file says `13/11/2023`)\n",
        ),
        (
            "province = Lai Châu",
            "lỗi[syntax-unquoted-text]: giá trị chữ của `province` phải đặt trong dấu ngoặc kép: province = \"Lai Châu\"\n",
            "error[syntax-unquoted-text]: the text value of `province` must be in double quotes: province = \"Lai Châu\"\n",
        ),
    ];
    for (line, vi, en) in cases {
        let key = line.split(" =").next().unwrap();
        let (_d, f) = lai_chau_with(key, line, "toml");
        assert_eq!(
            first_lines(&f, 2),
            [vi.to_string(), en.to_string()],
            "{line}"
        );
    }
    // YAML reads `150 giường` as text: the same hint, on the type error
    let (_d, f) = lai_chau_with("dormitory_beds", "dormitory_beds: 150 giường", "yaml");
    assert_eq!(
        first_lines(&f, 2)[0],
        "lỗi[wrong-type]: `facts.dormitory_beds` phải là số nguyên, nhưng tệp ghi \"150 giường\"\n= gợi ý: chỉ ghi số, không kèm đơn vị `giường`: 150"
    );
}

#[test]
fn every_toml_syntax_error_is_in_vietnamese() {
    // syntax errors that are not about a value: the parser's reason, said in Vietnamese
    for (text, vi) in [
        (
            "[school\nid = \"x\"\n",
            "lỗi[toml-syntax]: TOML không hợp lệ: thiếu `]` đóng tên bảng",
        ),
        (
            "[school]\nname = \"Trường\n",
            "lỗi[toml-syntax]: TOML không hợp lệ: chuỗi trong dấu ngoặc kép không hợp lệ; đóng dấu ngoặc kép trên cùng dòng",
        ),
        (
            "[school]\nsources = [\"a\" \"b\"]\n",
            "lỗi[toml-syntax]: TOML không hợp lệ: thiếu dấu phẩy giữa các phần tử của danh sách [a, b]",
        ),
        (
            "[school]\nid \"x\"\n",
            "lỗi[toml-syntax]: TOML không hợp lệ: khoá chưa có giá trị: ghi khoá = giá trị",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.toml");
        std::fs::write(&path, text).unwrap();
        let out = chuan()
            .args(["check", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().next().unwrap(), vi, "{text:?}");
    }
}

/// The message and help lines of a run's standard error, with the user's own words (in
/// backticks or quotes) taken out: what is left is chuan's sentence.
fn own_words(stderr: &str) -> Vec<String> {
    let strip = |line: &str| {
        let mut out = String::new();
        let mut quote: Option<char> = None;
        for c in line.chars() {
            match (quote, c) {
                (None, '`' | '"' | '“') => quote = Some(if c == '“' { '”' } else { c }),
                (Some(q), c) if c == q => quote = None,
                (None, c) => out.push(c),
                _ => {}
            }
        }
        out
    };
    stderr
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("error[")
                || t.starts_with("warning[")
                || t.starts_with("lỗi[")
                || t.starts_with("cảnh báo[")
                || t.starts_with("= help:")
                || t.starts_with("= gợi ý:")
        })
        // the code in brackets is an identifier, not a sentence
        .map(|l| strip(&l.replacen('[', " `", 1).replacen(']', "` ", 1)))
        .collect()
}

const VIETNAMESE_LETTERS: &str =
    "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ";
const ENGLISH_WORDS: &[&str] = &[
    "the", "must", "is", "are", "cannot", "found", "expected", "should", "not", "file", "value",
    "error", "warning", "with", "of", "and", "or", "write", "missing", "unknown", "invalid",
];

#[test]
fn every_message_is_in_the_language_asked_for() {
    let mut files: Vec<String> = std::fs::read_dir("tests/fixtures/bad")
        .unwrap()
        .flatten()
        .map(|e| e.path().display().to_string())
        .collect();
    files.sort();
    files.push("tests/fixtures/bad/no-such-file.toml".into());
    let mut checked = 0;
    for f in &files {
        for lang in ["vi", "en"] {
            let out = chuan()
                .args(["check", f, "--lang", lang, "--color", "never"])
                .output()
                .unwrap();
            let err = String::from_utf8(out.stderr).unwrap();
            for line in own_words(&err) {
                checked += 1;
                if lang == "en" {
                    let lower = line.to_lowercase();
                    assert!(
                        !lower.chars().any(|c| VIETNAMESE_LETTERS.contains(c)),
                        "{f} --lang en: Vietnamese in `{line}`"
                    );
                } else {
                    let words: Vec<String> = line
                        .split(|c: char| !c.is_alphanumeric())
                        .map(str::to_lowercase)
                        .collect();
                    for w in ENGLISH_WORDS {
                        assert!(
                            !words.iter().any(|x| x == w),
                            "{f} --lang vi: the English word `{w}` in `{line}`"
                        );
                    }
                }
            }
        }
    }
    assert!(checked > 60, "only {checked} lines checked");
}

/// A stable code: lower-case words joined by hyphens.
fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

#[test]
fn every_diagnostic_has_a_stable_code_in_every_format() {
    let mut files: Vec<String> = std::fs::read_dir("tests/fixtures/bad")
        .unwrap()
        .flatten()
        .map(|e| e.path().display().to_string())
        .filter(|p| p.ends_with(".toml") || p.ends_with(".yaml"))
        .collect();
    files.sort();
    let mut seen = 0;
    for f in &files {
        let fmt = |format: &str| {
            let out = chuan()
                .args(["validate", f, "--format", format, "--lang", "en"])
                .output()
                .unwrap();
            String::from_utf8(out.stdout).unwrap()
        };
        // json: the codes, the reference for the other formats
        let json: serde_json::Value = serde_json::from_str(&fmt("json")).unwrap();
        let codes: Vec<String> = json["files"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|file| file["diagnostics"].as_array().unwrap().clone())
            .map(|d| d["code"].as_str().unwrap_or_default().to_string())
            .collect();
        assert!(!codes.is_empty(), "{f}: no diagnostic");
        for c in &codes {
            assert!(is_code(c), "{f}: `{c}` is not a stable code");
        }
        // human: `error[code]` / `warning[code]` headings, one per diagnostic
        let human = fmt("human");
        let heads: Vec<&str> = human
            .lines()
            .filter_map(|l| {
                l.strip_prefix("error[")
                    .or_else(|| l.strip_prefix("warning["))?
                    .split_once(']')
                    .map(|(c, _)| c)
            })
            .collect();
        assert_eq!(heads, codes, "{f}: human\n{human}");
        // github: the code opens each annotation's title
        let gh = fmt("github");
        let titles: Vec<&str> = gh
            .lines()
            .filter_map(|l| l.split_once("title=")?.1.split([' ', ':']).next())
            .collect();
        assert_eq!(titles, codes, "{f}: github\n{gh}");
        // junit: every code in brackets in the failure text
        let junit = fmt("junit");
        for c in &codes {
            assert!(
                junit.contains(&format!("[{c}]")),
                "{f}: junit lacks {c}\n{junit}"
            );
        }
        seen += codes.len();
    }
    assert!(seen >= files.len(), "{seen} diagnostics");
}

#[test]
fn yaml_booleans_are_the_yaml_1_2_ones_an_editor_reads() {
    // yes/on/y are text to yaml-language-server; chuan reads them so too and says what to write
    let sample = std::fs::read_to_string("schools/ha-noi-le-hong-phong-2023.yaml").unwrap();
    assert!(sample.contains("org_regulation_issued: true\n"));
    let dir = tempfile::tempdir().unwrap();
    for (word, meant) in [
        ("yes", "true"),
        ("on", "true"),
        ("y", "true"),
        ("off", "false"),
    ] {
        let path = dir.path().join(format!("{word}.yaml"));
        let text = sample.replace(
            "org_regulation_issued: true\n",
            &format!("org_regulation_issued: {word}\n"),
        );
        std::fs::write(&path, text).unwrap();
        let p = path.to_str().unwrap();
        let vi = run_bad(p, &[]);
        assert!(
            vi.contains(&format!(
                "lỗi[wrong-type]: `facts.org_regulation_issued` phải là true/false, nhưng tệp ghi \"{word}\""
            )),
            "{vi}"
        );
        assert!(
            vi.contains(&format!(
                "= gợi ý: ghi `true` (có) hoặc `false` (không), không ghi chữ; ở đây: `{meant}`"
            )),
            "{vi}"
        );
        let en = run_bad(p, &["--lang", "en"]);
        assert!(
            en.contains(&format!(
                "= help: write `true` or `false`, not a word; here: `{meant}`"
            )),
            "{en}"
        );
    }
    // true/True/FALSE are booleans
    let path = dir.path().join("core.yaml");
    std::fs::write(
        &path,
        sample.replace(
            "org_regulation_issued: true\n",
            "org_regulation_issued: True\n",
        ),
    )
    .unwrap();
    let out = chuan().arg("check").arg(&path).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_file_typed_in_nfd_gets_the_columns_its_editor_shows() {
    use unicode_normalization::UnicodeNormalization;
    // Unikey's "Unicode tổ hợp": every marked letter is a base letter and combining marks
    let line = "\"4.1\" = { status = \"waived\", reason = \"chờ nghiệm thu của Hội đồng\", approver = \"Hội đồng\", bogus = 1 }";
    let sample = std::fs::read_to_string("schools/lai-chau-2023.toml").unwrap();
    let text: String = format!("{sample}\n[statuses]\n{line}\n").nfd().collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nfd.toml");
    std::fs::write(&path, &text).unwrap();
    let out = chuan()
        .args(["validate", path.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["files"][1]["diagnostics"][0];
    assert_eq!(d["code"], "unknown-key", "{v}");
    let typed = text.lines().last().unwrap();
    let want = typed[..typed.find("bogus").unwrap()].chars().count() + 1;
    assert_eq!(d["line"], text.lines().count(), "{v}");
    assert_eq!(d["column"], want, "{v}");
    // the NFC line is shorter: a column counted after normalisation would be wrong
    assert!(want > line[..line.find("bogus").unwrap()].chars().count() + 1);
}

#[test]
fn series_problems_name_the_year_key_they_are_about() {
    let set = crate::common::embedded_set();
    let sample = std::fs::read_to_string("schools/lai-chau-2023.toml").unwrap();
    let keys = |text: &str| -> Vec<(String, String)> {
        let diags = match crate::common::load(set, text) {
            Ok(school) => school.warnings,
            Err(diags) => diags,
        };
        diags
            .iter()
            .map(|d| (d.msg.code().to_string(), d.key.clone().unwrap_or_default()))
            .collect()
    };
    // the last year far from the snapshot: a warning on that year's key
    let drift = sample.replacen("2022 = 35\n", "2022 = 44\n", 1);
    assert!(
        keys(&drift).contains(&(
            "series-drift".into(),
            "facts.lecturers_total_by_year.2022".into()
        )),
        "{:?}",
        keys(&drift)
    );
    // a year written twice (`02020` then `2020`: the second is refused) and one outside the
    // window, each keyed as written
    let years = sample.replacen(
        "[facts.lecturers_total_by_year]\n",
        "[facts.lecturers_total_by_year]\n02020 = 30\n2030 = 4\n",
        1,
    );
    let found = keys(&years);
    for (code, key) in [
        (
            "series-duplicate-year",
            "facts.lecturers_total_by_year.2020",
        ),
        (
            "series-year-outside-window",
            "facts.lecturers_total_by_year.2030",
        ),
    ] {
        assert!(
            found.contains(&(code.into(), key.into())),
            "{code} {key}: {found:?}"
        );
    }
}
