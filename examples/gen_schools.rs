//! Writes N valid synthetic self-assessment files for benchmarks: the Lai Châu sample with its
//! identity and a dozen facts varied deterministically (every constraint still holds).
//!
//! cargo run --release --example gen_schools -- 10000 /tmp/chuan-bench

use std::fmt::Write as _;

const PROVINCES: [&str; 12] = [
    "Lai Châu",
    "Điện Biên",
    "Hà Nội",
    "Ăn Khê",
    "Yên Bái",
    "Bắc Ninh",
    "Đắk Lắk",
    "Quảng Trị",
    "Hưng Yên",
    "An Giang",
    "Ương Bí",
    "Thái Nguyên",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir =
        std::path::PathBuf::from(args.next().unwrap_or_else(|| "target/bench-schools".into()));
    std::fs::create_dir_all(&dir).unwrap();
    let base = std::fs::read_to_string("schools/lai-chau-2023.toml").unwrap();
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut next = |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    for i in 0..n {
        let province = PROVINCES[i % PROVINCES.len()];
        let values: [(&str, u64); 10] = [
            ("lecturers_principal_rank_plus", next(36)),
            ("lecturers_with_masters_plus", 1 + next(35)),
            ("lecturers_with_classics_cert", next(36)),
            ("school_projects_accepted_in_window", next(30)),
            ("provincial_projects_accepted_in_window", next(6)),
            ("classrooms_total", 6 + next(11)),
            ("main_hall_seats", 100 + next(500)),
            ("dormitory_beds", 50 + next(250)),
            ("books_published_in_window", next(6)),
            ("teaching_contest_prizes_in_window", next(4)),
        ];
        let mut out = String::with_capacity(base.len() + 256);
        for line in base.lines() {
            let key = line.split('=').next().unwrap_or("").trim();
            if key == "id" {
                let _ = writeln!(out, "id = \"bench-{i}\"");
            } else if key == "name" {
                let _ = writeln!(out, "name = \"Trường Chính trị tỉnh {province} số {i}\"");
            } else if key == "province" {
                let _ = writeln!(out, "province = \"{province}\"");
            } else if let Some((_, v)) = values.iter().find(|(k, _)| *k == key) {
                let _ = writeln!(out, "{key} = {v}");
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        std::fs::write(dir.join(format!("school-{i:05}.toml")), out).unwrap();
    }
    eprintln!("wrote {n} schools to {}", dir.display());
}
