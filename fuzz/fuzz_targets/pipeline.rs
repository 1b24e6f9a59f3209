#![no_main]
//! Any bytes through the whole pipeline: load (as TOML, then as YAML) → evaluate → plan at both
//! levels → every report format in both languages. Nothing may panic; every input either loads
//! or gives diagnostics, and every loaded school renders.
use chuan::criteria::CriteriaSet;
use chuan::diag::Source;
use chuan::model::Level;
use chuan::render::{Format, RenderOptions, Templates};
use chuan::school::School;
use chuan::text::Lang;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static SET: OnceLock<CriteriaSet> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let set = SET.get_or_init(chuan::criteria::embedded_set);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let templates = Templates::embedded();
    for format in [chuan::tree::Format::Toml, chuan::tree::Format::Yaml] {
        let school = match School::from_source(&Source::new("fuzz", text), format, set) {
            Ok(s) => s,
            Err(diags) => {
                for d in &diags {
                    let _ = d.render(Lang::Vi);
                    let _ = chuan::diag::render::github(d, Lang::En);
                }
                continue;
            }
        };
        let ev = chuan::eval::evaluate(set, &school);
        for level in Level::BOTH {
            for lang in [Lang::Vi, Lang::En] {
                for format in [Format::Text, Format::Markdown, Format::Json, Format::Html] {
                    let opts = RenderOptions {
                        format,
                        lang,
                        level,
                        color: true,
                        gate: None,
                    };
                    chuan::render::render(&ev, set, &templates, &opts)
                        .expect("a loaded school always renders");
                }
            }
            let start = jiff::civil::date(2026, 12, 1);
            let plan = chuan::plan::plan(
                set,
                &school,
                &chuan::plan::PlanOptions {
                    level,
                    start,
                    deadline: Some(start),
                },
            );
            for format in [Format::Text, Format::Markdown, Format::Json, Format::Html] {
                chuan::render::roadmap(&plan, &school, set, &templates, format, Lang::Vi, false)
                    .expect("a plan always renders");
            }
        }
    }
});
