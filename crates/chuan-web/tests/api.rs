//! The page's one call, natively: what the browser gets is what `chuan check` computes.

use chuan_web::api::{decode_base64, doc_toml, encode_base64, handle, toml_name};
use serde_json::{Value, json};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn call(req: Value) -> Value {
    serde_json::from_str(&handle(req.to_string().as_bytes())).expect("every answer is JSON")
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{ROOT}/schools/{name}")).unwrap()
}

fn samples() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(format!("{ROOT}/schools"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn import(name: &str) -> Value {
    let r = call(json!({ "op": "import", "name": name, "base64": encode_base64(&sample(name)) }));
    assert_eq!(r["ok"], true, "{r}");
    r["doc"].clone()
}

fn check(doc: &Value, name: &str) -> Value {
    call(json!({ "op": "check", "doc": doc, "name": name }))
}

/// `chuan check --format json` of a file's bytes (the library's, as the binary runs it).
fn cli_json(name: &str) -> Value {
    let set = chuan::criteria::embedded_set();
    let school = chuan::school::School::from_bytes(name, sample(name), &set).unwrap();
    let ev = chuan::eval::evaluate(&set, &school);
    let out = chuan::render::CheckOutput {
        evaluation: &ev,
        gate: None,
    };
    serde_json::from_str(&chuan::outputs::Output::to_json(&out)).unwrap()
}

#[test]
fn every_sample_checks_in_the_page_as_on_the_command_line() {
    for name in samples() {
        let r = check(&import(&name), &name);
        assert_eq!(r["ok"], true, "{name}: {r}");
        let mut page: Value = serde_json::from_str(r["check_json"].as_str().unwrap()).unwrap();
        let mut cli = cli_json(&name);
        assert_eq!(page["school"]["file"], toml_name(&name));
        page["school"]["file"] = Value::Null;
        cli["school"]["file"] = Value::Null;
        assert_eq!(page, cli, "{name}");
    }
}

#[test]
fn lai_chau_is_26_of_55_and_the_exported_toml_reads_back_to_the_same_document() {
    let doc = import("lai-chau-2023.toml");
    let r = check(&doc, "lai-chau-2023.toml");
    let out: Value = serde_json::from_str(r["check_json"].as_str().unwrap()).unwrap();
    assert_eq!(out["summary"]["level1"]["met"], 26);
    let toml = r["toml"].as_str().unwrap();
    assert!(
        toml.contains("dossier_date = 2023-11-13\n"),
        "a date, not a string"
    );
    let again =
        call(json!({ "op": "import", "name": "x.toml", "base64": encode_base64(toml.as_bytes()) }));
    assert_eq!(again["doc"], doc);
}

#[test]
fn a_bad_value_answers_the_loaders_diagnostic_with_its_key() {
    let mut doc = import("lai-chau-2023.toml");
    doc["facts"]["lecturers_principal_rank_plus"] = json!(-3);
    let r = check(&doc, "lai-chau-2023.toml");
    assert_eq!(r["ok"], false);
    let d = &r["diagnostics"][0];
    assert_eq!(d["code"], "negative");
    assert_eq!(d["key"], "facts.lecturers_principal_rank_plus");
    assert_eq!(
        d["message"],
        "`facts.lecturers_principal_rank_plus` không được âm (tệp ghi -3)"
    );
    assert!(d["text"].as_str().unwrap().starts_with("lỗi[negative]: "));
    assert!(
        r["toml"]
            .as_str()
            .unwrap()
            .contains("lecturers_principal_rank_plus = -3")
    );
}

#[test]
fn strings_become_dates_only_where_the_format_has_dates() {
    let doc = json!({
        "school": { "id": "x", "name": "2023-01-01", "dossier_date": "2023-11-13", "note": null },
        "evidence": { "1.1": [{ "number": "1", "date": "2020-02-03", "issuer": "T" }] },
        "statuses": { "2.1": { "status": "waived", "expires": "2027-01-01", "reason": "r" } },
        "facts": { "x": "2020-01-01", "y": 1.5, "z": { "2020": 3 } }
    });
    let toml = doc_toml(&doc).unwrap();
    assert!(toml.contains("name = \"2023-01-01\""), "{toml}");
    assert!(toml.contains("dossier_date = 2023-11-13\n"), "{toml}");
    assert!(toml.contains("date = 2020-02-03\n"), "{toml}");
    assert!(toml.contains("expires = 2027-01-01\n"), "{toml}");
    assert!(toml.contains("x = \"2020-01-01\""), "{toml}");
    assert!(
        !toml.contains("note"),
        "an emptied field is left out: {toml}"
    );
    // a date typed wrong stays text, and the loader says so as it would of a file
    let doc = json!({ "school": { "id": "x", "name": "n", "province": "p", "criteria": "qd11-2021", "dossier_date": "13/11/2023" }, "facts": {} });
    let r = check(&doc, "x.toml");
    assert_eq!(r["ok"], false);
    assert_eq!(r["diagnostics"][0]["key"], "school.dossier_date", "{r}");
}

#[test]
fn the_form_lists_every_fact_once_with_the_window_years() {
    let set = chuan::criteria::embedded_set();
    let f = call(json!({ "op": "form", "lang": "vi", "dossier_date": "2023-11-13" }));
    assert_eq!(f["ok"], true);
    assert_eq!(f["window"]["years"], json!([2018, 2019, 2020, 2021, 2022]));
    let facts: Vec<&str> = f["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["facts"].as_array().unwrap())
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(facts.len(), set.facts.len());
    let indicators: usize = f["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["indicators"].as_array().unwrap().len())
        .sum();
    assert_eq!(indicators, 55);
    assert!(f["caveat"].as_str().unwrap().contains("48/55"));
    assert!(f["words"]["web_clear"].as_str().unwrap() == "Xóa dữ liệu");
    let en = call(json!({ "op": "form", "lang": "en" }));
    assert_eq!(en["words"]["web_clear"], "Clear data");
    assert!(en["window"].is_null());
}

#[test]
fn a_yaml_twin_checks_as_its_toml() {
    let toml = check(&import("ha-noi-le-hong-phong-2023.toml"), "a.toml");
    let yaml = check(&import("ha-noi-le-hong-phong-2023.yaml"), "a.yaml");
    assert_eq!(toml["check_json"], yaml["check_json"]);
}

#[test]
fn compare_ranks_as_the_board_does() {
    let files: Vec<Value> = samples()
        .iter()
        .map(|n| json!({ "name": n, "base64": encode_base64(&sample(n)) }))
        .collect();
    let r = call(json!({ "op": "compare", "files": files }));
    assert_eq!(r["ok"], true, "{r}");
    let board: Value = serde_json::from_str(r["compare_json"].as_str().unwrap()).unwrap();
    let schools = board["board"]["schools"].as_array().unwrap();
    assert_eq!(
        schools.len(),
        samples().len() - 1,
        "the YAML twin is one school"
    );
    assert!(
        r["html"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .starts_with("<!doctype html>")
    );
}

#[test]
fn roadmap_and_whatif() {
    let doc = import("lai-chau-2023.toml");
    let r = call(json!({ "op": "roadmap", "doc": doc, "name": "l.toml", "start": "2024-01-01" }));
    assert_eq!(r["ok"], true, "{r}");
    assert!(r["html"].as_str().unwrap().contains("2024"));
    let mut after = doc.clone();
    after["facts"]["lecturers_principal_rank_plus"] = json!(21);
    let r = call(json!({ "op": "whatif", "before": doc, "after": after, "name": "l.toml" }));
    assert_eq!(r["before"]["level1"]["met"], 26);
    assert_eq!(r["after"]["level1"]["met"], 27);
    assert!(
        r["changes"]
            .as_array()
            .unwrap()
            .contains(&json!({ "id": "2.6", "level": 1, "before": "not_met", "after": "met" }))
    );
}

#[test]
fn bad_requests_are_answered_not_panicked_on() {
    for req in [
        &b"not json"[..],
        br#"{"op": "nope"}"#,
        br#"{"op": "check"}"#,
        br#"{"op": "check", "doc": 3, "name": "x"}"#,
        br#"{"op": "import", "name": "x.toml", "base64": "!!"}"#,
        br#"{"op": "import", "name": "x.txt", "base64": ""}"#,
        br#"{"op": "import", "name": "x.xlsx", "base64": "AAAA"}"#,
        br#"{"op": "roadmap", "doc": {}, "name": "x", "start": "tomorrow"}"#,
        br#"{"op": "compare", "files": []}"#,
        br#"{"op": "form", "dossier_date": "2023-02-30"}"#,
    ] {
        let r: Value = serde_json::from_str(&handle(req)).unwrap();
        assert_eq!(r["ok"], false, "{}: {r}", String::from_utf8_lossy(req));
    }
    // invalid UTF-8 in a file is the loader's diagnostic
    let r = call(
        json!({ "op": "import", "name": "x.toml", "base64": encode_base64(&[0xff, 0xfe, b'a']) }),
    );
    assert_eq!(r["diagnostics"][0]["code"], "cannot-read", "{r}");
}

#[test]
fn base64_round_trips_at_every_padding() {
    for bytes in [
        &b""[..],
        b"a",
        b"ab",
        b"abc",
        b"abcd",
        "Lai Châu".as_bytes(),
    ] {
        assert_eq!(decode_base64(&encode_base64(bytes)).unwrap(), bytes);
    }
    assert_eq!(
        encode_base64(b"ab"),
        "YWI=",
        "as the browser's btoa writes it"
    );
}

#[test]
fn names_for_export() {
    assert_eq!(toml_name("lai-chau-2023.yaml"), "lai-chau-2023.toml");
    assert_eq!(toml_name("mau.xlsx"), "mau.toml");
    assert_eq!(toml_name(""), "tu-danh-gia.toml");
    assert_eq!(toml_name("a.b.toml"), "a.b.toml");
}

#[test]
fn each_indicator_gets_the_line_the_text_report_prints_beside_it() {
    let doc = import("lai-chau-2023.toml");
    let r = check(&doc, "lai-chau-2023.toml");
    let gaps = r["gaps"].as_object().unwrap();
    assert_eq!(gaps.len(), 55);
    let set = chuan::criteria::embedded_set();
    let school =
        chuan::school::School::from_bytes("l.toml", sample("lai-chau-2023.toml"), &set).unwrap();
    let ev = chuan::eval::evaluate(&set, &school);
    let text = chuan::render::render(
        &ev,
        &set,
        &chuan::render::Templates::embedded(),
        &chuan::render::RenderOptions {
            format: chuan::render::Format::Text,
            lang: chuan::text::Lang::Vi,
            level: chuan::model::Level::L1,
            color: false,
            gate: None,
        },
    )
    .unwrap();
    let line = gaps["2.10"].as_str().unwrap();
    assert!(line.contains("1/35"), "{line}");
    // a gap of several lines keeps its line breaks (not the visible ␊ of a hostile string)
    let years = gaps.values().find(|g| g.as_str().unwrap().contains('\n'));
    assert!(years.is_some(), "Lai Châu has failed years");
    assert!(gaps.values().all(|g| !g.as_str().unwrap().contains('␊')));
    for id in ["2.6", "2.10", "3.1"] {
        let first = gaps[id].as_str().unwrap().lines().next().unwrap();
        assert!(text.contains(first), "{id}: {first}");
    }
}

#[test]
fn the_dossier_document_and_the_board_csv_come_from_the_page_too() {
    let doc = import("lai-chau-2023.toml");
    let r = call(json!({ "op": "docx", "doc": doc, "name": "lai-chau-2023.toml" }));
    assert_eq!(r["ok"], true, "{r}");
    let bytes = decode_base64(r["base64"].as_str().unwrap()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("ĐẢNG CỘNG SẢN VIỆT NAM") && xml.contains("TỈNH ỦY LAI CHÂU"));
    let files: Vec<Value> = samples()
        .iter()
        .map(|n| json!({ "name": n, "base64": encode_base64(&sample(n)) }))
        .collect();
    let r = call(json!({ "op": "compare", "files": files }));
    let csv = r["csv"].as_str().unwrap();
    assert!(csv.starts_with("\u{feff}Hạng,Mã trường,"), "{csv}");
    assert_eq!(csv.trim_end().lines().count(), 6);
}
