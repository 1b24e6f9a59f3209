//! Every sentence `chuan` says outside its report templates, in Vietnamese and English.
//!
//! Style (after cedar-policy): lowercase start, no final period, user input in backticks.

use serde::Serialize;

use crate::hints::{Mistake, Reading, spaced};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

macro_rules! tr {
    ($lang:expr, $vi:expr, $en:expr $(,)?) => {
        match $lang {
            Lang::Vi => $vi,
            Lang::En => $en,
        }
    };
}

/// Fixed words.
pub struct Words {
    pub error_word: &'static str,
    pub warning_word: &'static str,
    pub key_word: &'static str,
    pub help_word: &'static str,
}

const VI: Words = Words {
    error_word: "lỗi",
    warning_word: "cảnh báo",
    key_word: "khoá",
    help_word: "gợi ý",
};
const EN: Words = Words {
    error_word: "error",
    warning_word: "warning",
    key_word: "key",
    help_word: "help",
};

impl Lang {
    pub fn messages(self) -> &'static Words {
        tr!(self, &VI, &EN)
    }

    pub fn diagnostic_count(self, errors: usize, warnings: usize) -> String {
        tr!(
            self,
            format!("{errors} lỗi, {warnings} cảnh báo"),
            format!("{errors} error(s), {warnings} warning(s)")
        )
    }

    pub fn is_vi(self) -> bool {
        self == Lang::Vi
    }

    pub fn cannot_read(self, err: &str) -> String {
        tr!(
            self,
            format!("không đọc được tệp: {err}"),
            format!("cannot read the file: {err}")
        )
    }

    pub fn unsupported_extension(self) -> String {
        tr!(
            self,
            "không nhận ra định dạng tệp (cần đuôi .toml, .yaml hoặc .yml)".to_string(),
            "unrecognised file format (expected a .toml, .yaml or .yml extension)".to_string()
        )
    }

    pub fn invalid_syntax(self, format: &str, detail: &str) -> String {
        tr!(
            self,
            format!("{format} không hợp lệ: {detail}"),
            format!("invalid {format}: {detail}")
        )
    }

    /// How to write a number that was written the Vietnamese way (or with a unit, or quoted).
    pub fn number_hint(self, r: &Reading) -> String {
        let n = &r.text;
        let shown = spaced(r.value);
        match &r.mistake {
            Mistake::ThousandsDots | Mistake::ThousandsSpaces => tr!(
                self,
                format!(
                    "có phải {shown}? Ghi các chữ số liền nhau, không dùng dấu chấm hay dấu cách để phân cách hàng nghìn: {n} (hoặc viết {})",
                    underscored(n)
                ),
                format!(
                    "did you mean {shown}? Write the digits together, without dots or spaces between thousands: {n} (or {})",
                    underscored(n)
                )
            ),
            Mistake::DecimalComma => tr!(
                self,
                format!("phần thập phân ghi sau dấu chấm, không phải dấu phẩy: {n}"),
                format!("write decimals after a point, not a comma: {n}")
            ),
            Mistake::Unit(u) => tr!(
                self,
                format!("chỉ ghi số, không kèm đơn vị `{u}`: {n}"),
                format!("write the number alone, without the unit `{u}`: {n}")
            ),
            Mistake::Quoted => tr!(
                self,
                format!("ghi số không có dấu ngoặc kép: {n}"),
                format!("write the number without quotes: {n}")
            ),
        }
    }

    pub fn too_many_decimals(self, key: &str, value: &str) -> String {
        tr!(
            self,
            format!(
                "`{key}` = {value} có quá 6 chữ số sau dấu thập phân; chuan giữ tối đa 6 chữ số, hãy làm tròn"
            ),
            format!(
                "`{key}` = {value} has more than 6 decimal places; chuan keeps at most 6, so round it"
            )
        )
    }

    pub fn implausible(
        self,
        key: &str,
        value: &str,
        unit: &str,
        low: &str,
        high: &str,
        likely: Option<&str>,
    ) -> String {
        let u = if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        };
        match likely {
            Some(l) => tr!(
                self,
                format!(
                    "`{key}` = {value}{u} nằm ngoài khoảng thường gặp ({low} – {high}{u}); có phải {l}{u}?"
                ),
                format!(
                    "`{key}` = {value}{u} is outside the usual range ({low} – {high}{u}); did you mean {l}{u}?"
                )
            ),
            None => tr!(
                self,
                format!(
                    "`{key}` = {value}{u} nằm ngoài khoảng thường gặp ({low} – {high}{u}); kiểm tra lại số liệu"
                ),
                format!(
                    "`{key}` = {value}{u} is outside the usual range ({low} – {high}{u}); check the figure"
                )
            ),
        }
    }

    pub fn implausible_help(self) -> String {
        tr!(
            self,
            "ghi số không dùng dấu chấm phân cách hàng nghìn (25300 hoặc 25_300, không phải 25.300); nếu số liệu đúng, bỏ qua cảnh báo này".to_string(),
            "write numbers without thousands separators (25300 or 25_300, not 25.300); if the figure is right, ignore this warning".to_string()
        )
    }

    /// A TOML line whose value is a number written the Vietnamese way.
    pub fn syntax_number(self, key: &str, written: &str, hint: &str) -> String {
        tr!(
            self,
            format!("giá trị của `{key}` phải là một số, nhưng tệp ghi `{written}`; {hint}"),
            format!("the value of `{key}` must be a number, but the file says `{written}`; {hint}")
        )
    }

    pub fn syntax_text(self, key: &str, written: &str) -> String {
        tr!(
            self,
            format!("giá trị chữ của `{key}` phải đặt trong dấu ngoặc kép: {key} = \"{written}\""),
            format!("the text value of `{key}` must be in double quotes: {key} = \"{written}\"")
        )
    }

    pub fn syntax_bool(self, key: &str, written: &str, value: bool) -> String {
        tr!(
            self,
            format!(
                "`{key}` nhận `true` (có) hoặc `false` (không), nhưng tệp ghi `{written}`: ghi {key} = {value}"
            ),
            format!(
                "`{key}` takes `true` or `false`, but the file says `{written}`: write {key} = {value}"
            )
        )
    }

    pub fn syntax_date(self, key: &str, written: &str, iso: &str) -> String {
        tr!(
            self,
            format!(
                "ngày của `{key}` ghi theo dạng năm-tháng-ngày, không có dấu ngoặc kép: {key} = {iso} (tệp ghi `{written}`)"
            ),
            format!(
                "write the date of `{key}` as year-month-day, without quotes: {key} = {iso} (the file says `{written}`)"
            )
        )
    }

    /// The parser's own description of a TOML syntax error, in the user's language.
    pub fn toml_error(self, detail: &str) -> String {
        if self == Lang::En {
            return format!("invalid TOML: {detail}");
        }
        let vi = TOML_ERRORS
            .iter()
            .find(|(en, _)| detail.starts_with(en))
            .map_or("cú pháp không hợp lệ ở đây; kiểm tra dấu bằng, dấu ngoặc kép, dấu ngoặc vuông và dấu phẩy trên dòng này", |(_, vi)| vi);
        format!("TOML không hợp lệ: {vi}")
    }

    pub fn unknown_key(self, key: &str, section: &str) -> String {
        if section.is_empty() {
            tr!(
                self,
                format!("khoá không xác định `{key}`"),
                format!("unknown key `{key}`")
            )
        } else {
            tr!(
                self,
                format!("khoá không xác định `{key}` trong `{section}`"),
                format!("unknown key `{key}` in `{section}`")
            )
        }
    }

    pub fn unknown_fact(self, key: &str, set: &str) -> String {
        tr!(
            self,
            format!("dữ kiện `{key}` không có trong bộ tiêu chí `{set}`"),
            format!("fact `{key}` is not declared by the criteria set `{set}`")
        )
    }

    pub fn did_you_mean(self, name: &str) -> String {
        tr!(
            self,
            format!("có phải ý bạn là `{name}`?"),
            format!("did you mean `{name}`?")
        )
    }

    pub fn duplicate_key(self, key: &str) -> String {
        tr!(
            self,
            format!("khoá `{key}` xuất hiện hai lần"),
            format!("key `{key}` appears twice")
        )
    }

    pub fn missing_key(self, key: &str) -> String {
        tr!(
            self,
            format!("thiếu khoá bắt buộc `{key}`"),
            format!("missing required key `{key}`")
        )
    }

    pub fn wrong_type(self, key: &str, expected: &str, found: &str) -> String {
        tr!(
            self,
            format!("`{key}` phải là {expected}, nhưng tệp ghi {found}"),
            format!("`{key}` must be {expected}, found {found}")
        )
    }

    pub fn type_name(self, ty: &str) -> &'static str {
        match (self, ty) {
            (Lang::Vi, "bool") => "true/false",
            (Lang::Vi, "integer") => "số nguyên",
            (Lang::Vi, "decimal") => "một số",
            (Lang::Vi, "string") => "chuỗi ký tự",
            (Lang::Vi, "date") => "ngày (YYYY-MM-DD)",
            (Lang::Vi, "table") => "bảng",
            (Lang::Vi, "array") => "danh sách",
            (Lang::Vi, "series") => "bảng theo năm (năm = giá trị)",
            (Lang::Vi, "enum") => "một mã xếp loại",
            (Lang::Vi, "null") => "giá trị rỗng",
            (Lang::En, "bool") => "true/false",
            (Lang::En, "integer") => "a whole number",
            (Lang::En, "decimal") => "a number",
            (Lang::En, "string") => "a string",
            (Lang::En, "date") => "a date (YYYY-MM-DD)",
            (Lang::En, "table") => "a table",
            (Lang::En, "array") => "a list",
            (Lang::En, "series") => "a table by year (year = value)",
            (Lang::En, "enum") => "a rating code",
            (Lang::En, "null") => "an empty value",
            _ => "?",
        }
    }

    pub fn negative(self, key: &str, value: &str) -> String {
        tr!(
            self,
            format!("`{key}` không được âm (tệp ghi {value})"),
            format!("`{key}` cannot be negative (found {value})")
        )
    }

    pub fn out_of_range(self, key: &str, value: &str, bound: &str) -> String {
        tr!(
            self,
            format!("`{key}` = {value} nằm ngoài giới hạn cho phép ({bound})"),
            format!("`{key}` = {value} is outside the allowed range ({bound})")
        )
    }

    pub fn constraint_failed(
        self,
        key: &str,
        value: &str,
        op: &str,
        expr: &str,
        rhs: &str,
    ) -> String {
        tr!(
            self,
            format!("`{key}` = {value} vi phạm ràng buộc `{key} {op} {expr}` (vế phải = {rhs})"),
            format!(
                "`{key}` = {value} breaks the constraint `{key} {op} {expr}` (right side = {rhs})"
            )
        )
    }

    pub fn constraint_failed_year(
        self,
        key: &str,
        year: i32,
        value: &str,
        op: &str,
        expr: &str,
        rhs: &str,
    ) -> String {
        tr!(
            self,
            format!(
                "năm {year}: `{key}` = {value} vi phạm ràng buộc `{key} {op} {expr}` (vế phải = {rhs})"
            ),
            format!(
                "year {year}: `{key}` = {value} breaks the constraint `{key} {op} {expr}` (right side = {rhs})"
            )
        )
    }

    pub fn implication_failed(self, key: &str, other: &str) -> String {
        tr!(
            self,
            format!("`{key}` = true đòi hỏi `{other}` = true"),
            format!("`{key}` = true requires `{other}` = true")
        )
    }

    pub fn subset_help(self) -> String {
        tr!(
            self,
            "một nhóm con không thể lớn hơn tổng của nó; kiểm tra lại số liệu".to_string(),
            "a subset cannot be larger than its whole; check the figures".to_string()
        )
    }

    pub fn series_extra_year(self, key: &str, year: &str, first: i32, last: i32) -> String {
        tr!(
            self,
            format!("chuỗi `{key}` có năm {year} nằm ngoài kỳ đánh giá {first}–{last}"),
            format!("series `{key}` has the year {year}, outside the window {first}–{last}")
        )
    }

    pub fn series_bad_year(self, key: &str, year: &str) -> String {
        tr!(
            self,
            format!("chuỗi `{key}`: `{year}` không phải là một năm"),
            format!("series `{key}`: `{year}` is not a year")
        )
    }

    pub fn bad_date(self, key: &str, text: &str) -> String {
        tr!(
            self,
            format!("`{key}`: ngày `{text}` không hợp lệ"),
            format!("`{key}`: `{text}` is not a valid date")
        )
    }

    pub fn date_help(self) -> String {
        tr!(
            self,
            "ghi ngày theo dạng YYYY-MM-DD, ví dụ 2023-11-10".to_string(),
            "write dates as YYYY-MM-DD, e.g. 2023-11-10".to_string()
        )
    }

    pub fn evidence_outside_window(self, id: &str, date: &str, start: &str, end: &str) -> String {
        tr!(
            self,
            format!(
                "minh chứng của chỉ tiêu {id} ngày {date} nằm ngoài kỳ đánh giá {start} – {end}"
            ),
            format!(
                "evidence for indicator {id} dated {date} lies outside the window {start} – {end}"
            )
        )
    }

    pub fn evidence_on_dossier_date(self, id: &str, date: &str, start: &str, end: &str) -> String {
        tr!(
            self,
            format!(
                "minh chứng của chỉ tiêu {id} ngày {date} trùng ngày lập hồ sơ, nên không thuộc kỳ đánh giá (từ {start} đến trước {end}); sự kiện diễn ra trong ngày lập hồ sơ chỉ được tính ở kỳ sau"
            ),
            format!(
                "evidence for indicator {id} is dated {date}, the dossier date itself, so it lies outside the window (from {start} up to, not including, {end}); an event on the dossier date counts only in a later window"
            )
        )
    }

    pub fn evidence_after_dossier(self, id: &str, date: &str, dossier: &str) -> String {
        tr!(
            self,
            format!("minh chứng của chỉ tiêu {id} ngày {date} sau ngày lập hồ sơ {dossier}"),
            format!(
                "evidence for indicator {id} is dated {date}, after the dossier date {dossier}"
            )
        )
    }

    pub fn unknown_indicator(self, id: &str, set: &str) -> String {
        tr!(
            self,
            format!("bộ tiêu chí `{set}` không có chỉ tiêu `{id}`"),
            format!("the criteria set `{set}` has no indicator `{id}`")
        )
    }

    pub fn na_not_allowed(self, id: &str) -> String {
        tr!(
            self,
            format!("chỉ tiêu {id} không được phép khai “không áp dụng”"),
            format!("indicator {id} cannot be declared not applicable")
        )
    }

    pub fn unknown_status(self, value: &str) -> String {
        tr!(
            self,
            format!("trạng thái `{value}` không hợp lệ (dùng `not_applicable` hoặc `waived`)"),
            format!(
                "`{value}` is not a status a person may set (use `not_applicable` or `waived`)"
            )
        )
    }

    pub fn bad_enum(self, key: &str, value: &str, codes: &str) -> String {
        tr!(
            self,
            format!("`{key}`: `{value}` không phải mã hợp lệ (các mã: {codes})"),
            format!("`{key}`: `{value}` is not a valid code (codes: {codes})")
        )
    }

    pub fn criteria_mismatch(self, wanted: &str, loaded: &str) -> String {
        tr!(
            self,
            format!("tệp đánh giá theo bộ tiêu chí `{wanted}` nhưng bộ đang dùng là `{loaded}`"),
            format!(
                "the file targets the criteria set `{wanted}` but the loaded set is `{loaded}`"
            )
        )
    }

    pub fn criteria_mismatch_help(self) -> String {
        tr!(
            self,
            "sửa `school.criteria` hoặc chỉ định bộ tiêu chí khác bằng --criteria DIR".to_string(),
            "fix `school.criteria` or load another set with --criteria DIR".to_string()
        )
    }

    pub fn date_in_future_of_dossier(self, key: &str) -> String {
        tr!(
            self,
            format!("`{key}` phải trước hoặc bằng ngày lập hồ sơ"),
            format!("`{key}` must not be after the dossier date")
        )
    }

    pub fn empty_string(self, key: &str) -> String {
        tr!(
            self,
            format!("`{key}` không được để trống"),
            format!("`{key}` must not be empty")
        )
    }

    pub fn output_exists(self, path: &str) -> String {
        tr!(
            self,
            format!("tệp `{path}` đã tồn tại; thêm --force để ghi đè"),
            format!("`{path}` already exists; pass --force to overwrite it")
        )
    }

    pub fn init_exists(self, path: &str) -> String {
        tr!(
            self,
            format!("tệp `{path}` đã tồn tại; `chuan init` không bao giờ ghi đè: chọn tên khác"),
            format!(
                "`{path}` already exists; `chuan init` never overwrites a file: choose another name"
            )
        )
    }

    pub fn output_is_input(self, path: &str) -> String {
        tr!(
            self,
            format!("không ghi kết quả đè lên tệp đầu vào `{path}`"),
            format!("refusing to write the report over the input file `{path}`")
        )
    }

    pub fn cannot_write(self, path: &str, err: &str) -> String {
        tr!(
            self,
            format!("không ghi được `{path}`: {err}"),
            format!("cannot write `{path}`: {err}")
        )
    }

    pub fn gate_level_failed(self, wanted: u8, got: u8) -> String {
        tr!(
            self,
            format!("cổng kiểm tra không đạt: yêu cầu chuẩn mức {wanted}, trường đạt mức {got}"),
            format!("gate failed: level {wanted} required, the school attains level {got}")
        )
    }

    pub fn gate_met_failed(self, wanted: usize, got: usize, total: usize, level: u8) -> String {
        tr!(
            self,
            format!(
                "cổng kiểm tra không đạt: yêu cầu ít nhất {wanted}/{total} chỉ tiêu đạt mức {level}, hiện có {got}"
            ),
            format!(
                "gate failed: at least {wanted}/{total} indicators met at level {level} required, {got} are"
            )
        )
    }

    pub fn series_drift(
        self,
        key: &str,
        year: i32,
        value: &str,
        tracked: &str,
        snapshot: &str,
    ) -> String {
        tr!(
            self,
            format!(
                "năm {year} của chuỗi `{key}` ({value}) lệch xa giá trị hiện tại `{tracked}` = {snapshot}; kiểm tra lại số liệu"
            ),
            format!(
                "year {year} of series `{key}` ({value}) is far from the current `{tracked}` = {snapshot}; check the figures"
            )
        )
    }

    pub fn waiver_expired(self, id: &str, date: &str) -> String {
        tr!(
            self,
            format!(
                "phiếu xin ý kiến cho chỉ tiêu {id} hết hạn ngày {date}, trước ngày lập hồ sơ; chỉ tiêu được tính là chưa đạt"
            ),
            format!(
                "the waiver for indicator {id} expired on {date}, before the dossier date; the indicator counts as not met"
            )
        )
    }

    pub fn waiver_undated(self, id: &str) -> String {
        tr!(
            self,
            format!(
                "phiếu xin ý kiến cho chỉ tiêu {id} không ghi hạn (`expires`); chỉ tiêu được tính là chưa đạt"
            ),
            format!(
                "the waiver for indicator {id} has no expiry date (`expires`); the indicator counts as not met"
            )
        )
    }

    pub fn bad_override(self, arg: &str) -> String {
        tr!(
            self,
            format!("`--set {arg}`: cần dạng FACT=VALUE hoặc FACT[YEAR]=VALUE"),
            format!("`--set {arg}`: expected FACT=VALUE or FACT[YEAR]=VALUE")
        )
    }

    pub fn binary_needs_output(self) -> String {
        tr!(
            self,
            "định dạng xlsx cần --output TỆP (không in ra màn hình)".to_string(),
            "the xlsx format needs --output FILE (it is not printed)".to_string()
        )
    }

    pub fn different_schools(self, a: &str, b: &str) -> String {
        tr!(
            self,
            format!(
                "các tệp thuộc hai trường khác nhau (`{a}` và `{b}`); thêm --force nếu thật sự muốn so sánh"
            ),
            format!(
                "the files are for two different schools (`{a}` and `{b}`); pass --force to compare them anyway"
            )
        )
    }

    pub fn template_error(self, err: &str) -> String {
        tr!(
            self,
            format!("lỗi mẫu báo cáo: {err}"),
            format!("report template error: {err}")
        )
    }
}

/// `25300` as `25_300`: TOML's own digit separator.
fn underscored(n: &str) -> String {
    let (int, frac) = n.split_once('.').map_or((n, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push('_');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// The TOML parser's messages (their start) and what each means for the person writing the file.
const TOML_ERRORS: &[(&str, &str)] = &[
    (
        "string values must be quoted",
        "giá trị chữ phải đặt trong dấu ngoặc kép, ví dụ name = \"Trường Chính trị tỉnh\"",
    ),
    (
        "invalid float",
        "số thập phân không hợp lệ; ghi phần thập phân sau một dấu chấm duy nhất, ví dụ 17980.5, và không dùng dấu chấm phân cách hàng nghìn",
    ),
    (
        "invalid integer",
        "số nguyên không hợp lệ; chỉ ghi chữ số, ví dụ 150",
    ),
    (
        "invalid exponent",
        "số không hợp lệ; chỉ ghi chữ số, ví dụ 150",
    ),
    (
        "invalid fraction",
        "phần thập phân không hợp lệ; ví dụ đúng: 17980.5",
    ),
    (
        "invalid mantissa",
        "số không hợp lệ; chỉ ghi chữ số, ví dụ 150",
    ),
    (
        "unexpected leading zero",
        "số không được bắt đầu bằng chữ số 0; ghi 7 thay cho 07",
    ),
    (
        "`_` may only go between digits",
        "dấu `_` chỉ được đặt giữa hai chữ số, ví dụ 25_300",
    ),
    (
        "invalid date-time",
        "ngày không hợp lệ; ghi theo dạng năm-tháng-ngày, ví dụ 2023-11-13",
    ),
    (
        "invalid basic string",
        "chuỗi trong dấu ngoặc kép không hợp lệ; đóng dấu ngoặc kép trên cùng dòng",
    ),
    (
        "invalid string",
        "chuỗi không hợp lệ; đặt chữ trong cặp dấu ngoặc kép \"…\"",
    ),
    (
        "invalid literal string",
        "chuỗi trong dấu nháy đơn không hợp lệ; đóng dấu nháy trên cùng dòng",
    ),
    (
        "missing escaped value",
        "sau dấu `\\` phải có ký tự thoát; muốn ghi dấu `\\` thì ghi `\\\\`",
    ),
    (
        "invalid unquoted key",
        "tên khoá chỉ gồm chữ không dấu, chữ số, `_` và `-`; tên khác phải đặt trong dấu ngoặc kép",
    ),
    (
        "invalid key",
        "tên khoá không hợp lệ; tên khoá chỉ gồm chữ không dấu, chữ số, `_` và `-`",
    ),
    (
        "unexpected key or value",
        "có nội dung thừa sau giá trị; mỗi dòng chỉ ghi một cặp khoá = giá trị (ghi chú đặt sau dấu #)",
    ),
    (
        "unexpected content",
        "có nội dung thừa; mỗi dòng chỉ ghi một cặp khoá = giá trị (ghi chú đặt sau dấu #)",
    ),
    (
        "missing assignment between key-value pairs",
        "thiếu dấu bằng: ghi khoá = giá trị",
    ),
    (
        "extra assignment between key-value pairs",
        "thừa dấu bằng: ghi khoá = giá trị",
    ),
    ("missing value", "thiếu giá trị sau dấu bằng"),
    (
        "key with no value",
        "khoá chưa có giá trị: ghi khoá = giá trị",
    ),
    ("missing key", "thiếu tên khoá trước dấu bằng"),
    (
        "missing comma between array elements",
        "thiếu dấu phẩy giữa các phần tử của danh sách [a, b]",
    ),
    (
        "missing comma between key-value pairs",
        "thiếu dấu phẩy giữa các cặp khoá = giá trị trong { … }",
    ),
    ("extra comma in inline table", "thừa dấu phẩy cuối { … }"),
    ("extra comma in array", "thừa dấu phẩy trong danh sách"),
    ("unclosed array table", "thiếu `]]` đóng tên bảng"),
    ("unclosed table", "thiếu `]` đóng tên bảng"),
    (
        "unclosed inline table",
        "thiếu `}` đóng bảng trên cùng dòng",
    ),
    ("unclosed array", "thiếu `]` đóng danh sách"),
    ("missing inline table opening", "thiếu `{` mở bảng"),
    ("missing array opening", "thiếu `[` mở danh sách"),
    ("missing table open", "thiếu `[` mở tên bảng"),
    ("invalid table", "tên bảng không hợp lệ; ghi [tên_bảng]"),
    ("invalid key-value pair", "cặp khoá = giá trị không hợp lệ"),
    (
        "invalid inline table element",
        "phần tử trong { … } không hợp lệ; ghi khoá = giá trị",
    ),
    (
        "invalid comment character",
        "ghi chú có ký tự điều khiển không được phép",
    ),
    (
        "carriage return must be followed by newline",
        "ký tự xuống dòng không hợp lệ; lưu tệp với xuống dòng chuẩn",
    ),
    ("duplicate key", "khoá bị ghi hai lần; xoá một lần"),
    ("invalid value", "giá trị không hợp lệ"),
];
