//! A criteria set of N boolean indicators in one dependency chain (each depends on the one
//! before, one month of work each), and a school that meets none of them: the worst case for
//! the roadmap's scheduler. Shared by the hardening tests and `examples/gen_chain_set.rs`.

use std::fmt::Write as _;
use std::path::Path;

/// Writes `dir/set/` (the criteria set) and `dir/school.toml`.
pub fn write(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir.join("set/indicators")).unwrap();
    std::fs::write(
        dir.join("set/set.toml"),
        format!(
            "[set]\nid = \"chain\"\nregulation = \"T\"\ntitle_vi = \"t\"\ntitle_en = \"t\"\nissuer_vi = \"t\"\nissuer_en = \"t\"\nissued = 2020-01-01\nversion = \"1\"\nstatus = \"test\"\nindicator_count = {n}\n[window]\nyears = 5\nseries = \"previous_calendar_years\"\n[exceeded]\nrule = \"above_l1\"\n[[level]]\nid = 1\nname_vi = \"1\"\nname_en = \"1\"\n[[level]]\nid = 2\nname_vi = \"2\"\nname_en = \"2\"\n[[group]]\nid = 1\nname_vi = \"g\"\nname_en = \"g\"\n"
        ),
    )
    .unwrap();
    let (mut facts, mut inds, mut school) = (String::new(), String::new(), String::new());
    for i in 0..n {
        let _ = write!(
            facts,
            "[[fact]]\nname = \"f{i}\"\ntype = \"bool\"\nscope = \"snapshot\"\nlabel_vi = \"f\"\nlabel_en = \"f\"\n"
        );
        let deps = if i == 0 {
            String::new()
        } else {
            format!(", depends_on = [\"1.{i}\"]")
        };
        let _ = write!(
            inds,
            "[[indicator]]\nid = \"1.{}\"\ngroup = 1\ntitle_vi = \"t\"\ntitle_en = \"t\"\nprovenance = \"reconstructed\"\nbasis = \"t\"\nevidence_vi = \"e\"\nevidence_en = \"e\"\nrule = {{ kind = \"boolean\", l1 = [\"f{i}\"], l2 = [\"f{i}\"] }}\nroadmap = {{ action_vi = \"a\", action_en = \"a\", lead_time_months = 1, cost = \"low\"{deps} }}\n",
            i + 1
        );
        let _ = writeln!(school, "f{i} = false");
    }
    std::fs::write(dir.join("set/facts.toml"), facts).unwrap();
    std::fs::write(dir.join("set/indicators/chain.toml"), inds).unwrap();
    std::fs::write(
        dir.join("school.toml"),
        format!("[school]\nid = \"c\"\nname = \"C\"\nprovince = \"C\"\ncriteria = \"chain\"\ndossier_date = 2024-06-30\n[facts]\n{school}"),
    )
    .unwrap();
}
