//! What a diagnostic says, as data: one variant per stable code, its arguments as fields. The
//! words are chosen only when a diagnostic is rendered (`text(lang)`), so a loader never needs
//! to know the reader's language, and every output format carries the same code.
//!
//! Style (after cedar-policy): lowercase start, no final period, user input in backticks.

use jiff::civil::Date;

use crate::decimal::Dec;
use crate::hints::{Mistake, Reading, spaced};
use crate::text::{Lang, tr};

/// What a file held where something else was expected: a value as written, or a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    Value(String),
    /// A type key (`table`, `array`, `null`…), named in the reader's language.
    Type(&'static str),
}

/// A system error (reading or writing a file), said in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IoError {
    pub kind: std::io::ErrorKind,
    /// The system's own words (English), for `--lang en`.
    pub text: String,
}

impl From<&std::io::Error> for IoError {
    fn from(e: &std::io::Error) -> IoError {
        IoError {
            kind: e.kind(),
            text: e.to_string(),
        }
    }
}

macro_rules! messages {
    ($( $variant:ident $({ $($field:ident : $ty:ty),* $(,)? })? = $code:literal, )*) => {
        /// Every message `chuan` can report about an input, one variant per code.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Msg {
            $( $variant $({ $($field: $ty),* })?, )*
        }

        impl Msg {
            /// The stable code: the same in every language and every output format.
            pub fn code(&self) -> &'static str {
                match self {
                    $( Msg::$variant { .. } => $code, )*
                }
            }
        }

        /// Every code, for the uniqueness test and the documentation.
        pub const CODES: &[&str] = &[$($code),*];
    };
}

messages! {
    // ---- reading files
    CannotRead { path: String, err: IoError } = "cannot-read",
    CannotReadFolder { path: String, err: IoError } = "cannot-read-folder",
    UnsupportedExtension = "unsupported-extension",
    NotAFile { path: String } = "not-a-file",
    TooLarge { path: String, limit_mb: u64 } = "file-too-large",
    // ---- syntax
    TomlSyntax { detail: String } = "toml-syntax",
    YamlSyntax { detail: String } = "yaml-syntax",
    // ---- workbooks (.xlsx)
    XlsxUnreadable { detail: String } = "xlsx-unreadable",
    XlsxMissingSheet { sheet: String } = "xlsx-missing-sheet",
    XlsxHeader { expected: String, found: String } = "xlsx-header",
    XlsxMerged { range: String } = "xlsx-merged-cell",
    XlsxDateAsText { key: String, written: String } = "xlsx-date-as-text",
    XlsxCellError { key: String, error: String } = "xlsx-cell-error",
    XlsxMisplaced { key: String } = "xlsx-misplaced-value",
    SyntaxNumber { key: String, written: String, hint: Reading } = "syntax-number",
    SyntaxText { key: String, written: String } = "syntax-unquoted-text",
    SyntaxBool { key: String, written: String, value: bool } = "syntax-bool-word",
    SyntaxDate { key: String, written: String, iso: String } = "syntax-day-month-year",
    // ---- keys and types
    UnknownKey { key: String, section: String } = "unknown-key",
    UnknownFact { key: String, set: String } = "unknown-fact",
    DuplicateKey { key: String } = "duplicate-key",
    MissingKey { key: String } = "missing-key",
    EmptyString { key: String } = "empty-string",
    WrongType { key: String, expected: &'static str, found: Found } = "wrong-type",
    UnknownYamlTag { key: String, tag: String } = "unknown-yaml-tag",
    // ---- numbers
    TooManyDecimals { key: String, value: String } = "too-many-decimals",
    Negative { key: String, value: String } = "negative",
    OutOfRange { key: String, value: String, bound: String } = "out-of-range",
    Implausible { key: String, value: Dec, unit_vi: String, unit_en: String, low: Dec, high: Dec, likely: Option<Dec> } = "implausible-value",
    ConstraintFailed { key: String, year: Option<i32>, value: String, op: &'static str, expr: String, rhs: String } = "constraint-failed",
    ImplicationFailed { key: String, other: String } = "implication-failed",
    // ---- series and dates
    SeriesExtraYear { key: String, year: String, first: i32, last: i32 } = "series-year-outside-window",
    SeriesBadYear { key: String, year: String } = "series-bad-year",
    SeriesDuplicateYear { key: String, year: i32 } = "series-duplicate-year",
    SeriesDrift { key: String, year: i32, value: String, tracked: String, snapshot: String } = "series-drift",
    BadDate { key: String, text: String } = "bad-date",
    DateOutOfBounds { key: String, date: Date, first: i32, last: i32 } = "date-out-of-bounds",
    EvidenceOutsideWindow { id: String, date: Date, start: Date, end: Date } = "evidence-outside-window",
    EvidenceOnDossierDate { id: String, date: Date, start: Date, end: Date } = "evidence-on-dossier-date",
    EvidenceAfterDossier { id: String, date: Date, dossier: Date } = "evidence-after-dossier",
    // ---- indicators and statuses
    UnknownIndicator { id: String, set: String } = "unknown-indicator",
    NotApplicableNotAllowed { id: String } = "not-applicable-not-allowed",
    UnknownStatus { value: String } = "unknown-status",
    BadEnum { key: String, value: String, codes: String } = "bad-enum-code",
    CriteriaMismatch { wanted: String, loaded: String } = "criteria-mismatch",
    WaiverExpired { id: String, date: Date } = "waiver-expired",
    WaiverUndated { id: String } = "waiver-undated",
    // ---- the command line
    BadOverride { arg: String } = "bad-set-argument",
    OverrideNotSeries { fact: String } = "set-year-on-non-series",
    BadDateArg { name: String, text: String } = "bad-date-argument",
    OutputExists { path: String } = "output-exists",
    InitExists { path: String } = "init-exists",
    OutputIsInput { path: String } = "output-is-input",
    CannotWrite { path: String, err: IoError } = "cannot-write",
    BinaryNeedsOutput { format: &'static str } = "binary-needs-output",
    FormatNotSupported { command: &'static str, format: String, supported: String } = "format-not-supported",
    DifferentSchools { a: String, b: String } = "different-schools",
    DifferentSets { a: String, b: String } = "different-criteria-sets",
    NoSchools { path: String } = "no-schools",
    TemplateError { err: String } = "template-error",
    // ---- criteria sets (for whoever maintains the TOML)
    SetFilesMissing = "set-files-missing",
    WindowSeries { value: String } = "window-series",
    WindowYears { years: u32 } = "window-years",
    LevelsOneTwo = "levels-one-and-two",
    SetToml { detail: String } = "set-toml",
    SetUnknownField { field: String } = "set-unknown-field",
    SetMissingField { field: String } = "set-missing-field",
    IndicatorCount { declared: usize, found: usize } = "indicator-count",
    NoIndicatorsAtLevel { level: u8 } = "no-indicators",
    UnknownExceededRule { value: String } = "unknown-exceeded-rule",
    GroupTwice { id: u32 } = "group-twice",
    UnknownGroup { id: String, group: u32 } = "unknown-group",
    EnumValueTwice { id: String, code: String } = "enum-value-twice",
    EnumTooFew { id: String } = "enum-too-few-values",
    FactTwice { name: String } = "fact-twice",
    FactUndeclaredEnum { name: String, id: String } = "fact-undeclared-enum",
    FactEnumMissing { name: String } = "fact-enum-missing",
    FactUnknownType { name: String, ty: String } = "fact-unknown-type",
    FactUnknownScope { value: String } = "fact-unknown-scope",
    FactBoundNotNumber { name: String, what: &'static str } = "fact-bound-not-number",
    FactMinAboveMax { name: String, min: Dec, max: Dec } = "fact-min-above-max",
    FactPlausibleBad { name: String } = "fact-plausible-range",
    TracksNotSeries { name: String } = "tracks-on-non-series",
    TracksUnknown { target: String } = "tracks-unknown-fact",
    ConstraintUnreadable { text: String } = "constraint-unreadable",
    ConstraintUndeclared { text: String, name: String } = "constraint-undeclared-fact",
    ConstraintScalarSeries { text: String, series: String } = "constraint-scalar-series",
    IndicatorTwice { id: String } = "indicator-twice",
    ProvenanceBad { key: &'static str, value: String } = "provenance-value",
    ConfirmedNoSource { id: String } = "confirmed-without-source",
    CostBad { value: String } = "cost-value",
    LeadTimeTooLong { months: u32, max: u32 } = "lead-time-too-long",
    ViaUnknown { via: String } = "via-unknown-fact",
    PathsNotPartOfWhole { id: String } = "paths-not-part-of-whole",
    DependsUnknown { id: String, dep: String } = "depends-on-unknown",
    DependencyCycle { cycle: String } = "dependency-cycle",
    UnknownRuleKind { kind: String, known: String } = "unknown-rule-kind",
    RuleNeeds { kind: String, what: String } = "rule-needs",
    RuleUndeclaredFact { name: String } = "rule-undeclared-fact",
    RuleNeedsSeries { name: String } = "rule-needs-series",
    RuleNeedsSingle { name: String } = "rule-needs-single-value",
    RuleNeedsNumber { name: String } = "rule-needs-number",
    RuleNeedsBoolean { name: String } = "rule-needs-boolean",
    RuleNeedsEnum { name: String } = "rule-needs-enum",
    RuleUnreadableExpr { what: String, text: String } = "rule-unreadable-expression",
    ThresholdOutOfRange { level: String, value: Dec, min: Dec, max: Option<Dec> } = "threshold-out-of-range",
    ThresholdNotNumber { level: String } = "threshold-not-number",
    LevelTwoLooser { l1: String, l2: String, op: &'static str } = "level-2-looser",
    ListNeeded { level: String } = "rule-list-needed",
    ListMissesLevelOne { name: String } = "level-2-list-misses-level-1",
    NoThresholds { kind: String } = "rule-takes-no-thresholds",
    UnknownGrade { enum_id: String, code: String } = "unknown-grade",
    StrictReconstructed { id: String, level: u8 } = "strict-reconstructed",
    TemplateDoesNotRender { format: String, err: String } = "template-does-not-render",
    // ---- help notes
    DidYouMean { name: String } = "help-did-you-mean",
    NumberHint { reading: Reading } = "help-number",
    BoolHint { value: bool } = "help-bool",
    // in a workbook: a number typed as text, and the number it most likely is
    XlsxNumberHint { likely: Option<String> } = "help-xlsx-number",
    ImplausibleHelp = "help-implausible",
    SubsetHelp = "help-subset",
    DateHelp = "help-date",
    CriteriaMismatchHelp = "help-criteria-mismatch",
}

fn date(d: &Date) -> String {
    d.strftime("%d/%m/%Y").to_string()
}

fn io(e: &IoError, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    match lang {
        Lang::En => e.text.clone(),
        Lang::Vi => match e.kind {
            K::NotFound => "không có tệp hoặc thư mục này".into(),
            K::PermissionDenied => "không có quyền truy cập".into(),
            K::AlreadyExists => "tệp đã tồn tại".into(),
            K::IsADirectory => "đây là một thư mục, không phải tệp".into(),
            K::NotADirectory => "một phần của đường dẫn không phải thư mục".into(),
            K::StorageFull => "ổ đĩa đã đầy".into(),
            K::ReadOnlyFilesystem => "ổ đĩa chỉ cho phép đọc".into(),
            K::InvalidData => "tệp không phải văn bản UTF-8".into(),
            K::BrokenPipe => "đầu ra đã bị đóng".into(),
            _ => "lỗi hệ thống khi đọc hoặc ghi tệp".into(),
        },
    }
}

/// `25300` as `25_300`: TOML's own digit separator.
fn underscored(n: &str) -> String {
    let (int, frac) = n.split_once('.').map_or((n, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
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

fn number_hint(r: &Reading, lang: Lang) -> String {
    let n = &r.text;
    let shown = spaced(r.value);
    match &r.mistake {
        Mistake::ThousandsDots | Mistake::ThousandsSpaces => tr!(
            lang,
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
            lang,
            format!("phần thập phân ghi sau dấu chấm, không phải dấu phẩy: {n}"),
            format!("write decimals after a point, not a comma: {n}")
        ),
        Mistake::Unit(u) => tr!(
            lang,
            format!("chỉ ghi số, không kèm đơn vị `{u}`: {n}"),
            format!("write the number alone, without the unit `{u}`: {n}")
        ),
        Mistake::Quoted => tr!(
            lang,
            format!("ghi số không có dấu ngoặc kép: {n}"),
            format!("write the number without quotes: {n}")
        ),
    }
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

/// The YAML parser's messages (a part of them) and what each means, in Vietnamese.
const YAML_ERRORS: &[(&str, &str)] = &[
    (
        "duplicate",
        "khoá bị ghi hai lần trong cùng một bảng; xoá một lần",
    ),
    (
        "mapping values are not allowed",
        "dấu hai chấm đặt sai chỗ; mỗi dòng ghi `khoá: giá trị`, giá trị có dấu hai chấm phải đặt trong dấu ngoặc kép",
    ),
    (
        "did not find expected key",
        "thụt lề không đều; các khoá cùng cấp phải thẳng cột, thụt lề bằng dấu cách",
    ),
    (
        "found character that cannot start any token",
        "có ký tự không được phép ở đầu giá trị (ví dụ dấu tab); thụt lề bằng dấu cách, đặt chữ trong dấu ngoặc kép",
    ),
    ("tab", "YAML không cho thụt lề bằng dấu tab; dùng dấu cách"),
    (
        "found unexpected end of stream",
        "tệp kết thúc giữa chừng: thiếu dấu ngoặc kép hoặc dấu ngoặc đóng",
    ),
    ("unclosed quoted", "thiếu dấu ngoặc kép đóng"),
    (
        "did not find expected",
        "cấu trúc không hợp lệ; kiểm tra thụt lề, dấu hai chấm và dấu gạch đầu dòng",
    ),
    (
        "alias",
        "tham chiếu YAML (`*tên`) không hợp lệ hoặc quá sâu",
    ),
];

impl Msg {
    /// The sentence in the reader's language.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Msg::CannotRead { path, err } => tr!(
                lang,
                format!("không đọc được tệp `{path}`: {}", io(err, lang)),
                format!("cannot read `{path}`: {}", io(err, lang))
            ),
            Msg::CannotReadFolder { path, err } => tr!(
                lang,
                format!("không đọc được thư mục `{path}`: {}", io(err, lang)),
                format!("cannot read the folder `{path}`: {}", io(err, lang))
            ),
            Msg::UnsupportedExtension => tr!(
                lang,
                "không nhận ra định dạng tệp (cần đuôi .toml, .yaml, .yml hoặc .xlsx)".into(),
                "unrecognised file format (expected a .toml, .yaml, .yml or .xlsx extension)".into()
            ),
            Msg::XlsxUnreadable { detail } => tr!(
                lang,
                format!("không đọc được sổ tính Excel: {detail}; hãy lưu lại tệp dưới dạng Excel Workbook (.xlsx)"),
                format!("cannot read the Excel workbook: {detail}; save the file again as an Excel Workbook (.xlsx)")
            ),
            Msg::XlsxMissingSheet { sheet } => tr!(
                lang,
                format!("sổ tính thiếu trang `{sheet}`; hãy dùng mẫu do `chuan init --format xlsx` tạo và không đổi tên các trang"),
                format!("the workbook has no sheet `{sheet}`; use the template `chuan init --format xlsx` makes and keep its sheet names")
            ),
            Msg::XlsxHeader { expected, found } => tr!(
                lang,
                format!("tiêu đề cột không như mẫu: cần `{expected}`, thấy `{found}`; đừng chèn, xóa hay chuyển cột"),
                format!("the column header is not the template's: expected `{expected}`, found `{found}`; do not insert, delete or move columns")
            ),
            Msg::XlsxMerged { range } => tr!(
                lang,
                format!("ô gộp {range}: chuan không đoán giá trị của ô gộp; hãy bỏ gộp (Unmerge) và điền từng ô"),
                format!("merged cells {range}: chuan does not guess what a merged cell means; unmerge them and fill each cell")
            ),
            Msg::XlsxDateAsText { key, written } => tr!(
                lang,
                format!("`{key}`: ngày `{written}` được gõ dạng chữ; hãy nhập lại thành ô ngày của Excel (định dạng Date), ví dụ 13/11/2023"),
                format!("`{key}`: the date `{written}` is typed as text; enter it again as an Excel date cell (Date format), e.g. 13/11/2023")
            ),
            Msg::XlsxMisplaced { key } => tr!(
                lang,
                format!("`{key}`: giá trị nằm ở cột mà chỉ tiêu này không dùng (một giá trị ghi ở cột G, chuỗi theo năm ghi ở các cột năm); hãy chuyển về đúng cột"),
                format!("`{key}`: the value is in a column this fact does not use (a single value goes in column G, a yearly series in the year columns); move it to its column")
            ),
            Msg::XlsxCellError { key, error } => tr!(
                lang,
                format!("`{key}`: ô chứa lỗi công thức {error}; hãy nhập giá trị"),
                format!("`{key}`: the cell holds the formula error {error}; enter a value")
            ),
            Msg::NotAFile { path } => tr!(
                lang,
                format!("`{path}` không phải một tệp thông thường (thư mục, ống dẫn hoặc thiết bị); hãy chỉ ra tệp .toml hoặc .yaml"),
                format!("`{path}` is not a regular file (a folder, pipe or device); name a .toml or .yaml file")
            ),
            Msg::TooLarge { path, limit_mb } => tr!(
                lang,
                format!("tệp `{path}` lớn hơn {limit_mb} MB; một tệp tự đánh giá chỉ vài KB, đây có thể là nhầm tệp"),
                format!("`{path}` is larger than {limit_mb} MB; a self-assessment is a few KB, so this is probably the wrong file")
            ),
            Msg::TomlSyntax { detail } => match lang {
                Lang::En => format!("invalid TOML: {detail}"),
                Lang::Vi => format!(
                    "TOML không hợp lệ: {}",
                    TOML_ERRORS
                        .iter()
                        .find(|(en, _)| detail.starts_with(en))
                        .map_or("cú pháp không hợp lệ ở đây; kiểm tra dấu bằng, dấu ngoặc kép, dấu ngoặc vuông và dấu phẩy trên dòng này", |(_, vi)| vi)
                ),
            },
            Msg::YamlSyntax { detail } => match lang {
                Lang::En => format!("invalid YAML: {detail}"),
                Lang::Vi => format!(
                    "YAML không hợp lệ: {}",
                    YAML_ERRORS
                        .iter()
                        .find(|(en, _)| detail.contains(en))
                        .map_or("cú pháp không hợp lệ ở đây; kiểm tra thụt lề (bằng dấu cách), dấu hai chấm sau mỗi khoá và dấu ngoặc kép", |(_, vi)| vi)
                ),
            },
            Msg::SyntaxNumber { key, written, hint } => tr!(
                lang,
                format!(
                    "giá trị của `{key}` phải là một số, nhưng tệp ghi `{written}`; {}",
                    number_hint(hint, lang)
                ),
                format!(
                    "the value of `{key}` must be a number, but the file says `{written}`; {}",
                    number_hint(hint, lang)
                )
            ),
            Msg::SyntaxText { key, written } => tr!(
                lang,
                format!("giá trị chữ của `{key}` phải đặt trong dấu ngoặc kép: {key} = \"{written}\""),
                format!("the text value of `{key}` must be in double quotes: {key} = \"{written}\"")
            ),
            Msg::SyntaxBool { key, written, value } => tr!(
                lang,
                format!("`{key}` nhận `true` (có) hoặc `false` (không), nhưng tệp ghi `{written}`: ghi {key} = {value}"),
                format!("`{key}` takes `true` or `false`, but the file says `{written}`: write {key} = {value}")
            ),
            Msg::SyntaxDate { key, written, iso } => tr!(
                lang,
                format!("ngày của `{key}` ghi theo dạng năm-tháng-ngày, không có dấu ngoặc kép: {key} = {iso} (tệp ghi `{written}`)"),
                format!("write the date of `{key}` as year-month-day, without quotes: {key} = {iso} (the file says `{written}`)")
            ),
            Msg::UnknownKey { key, section } => match (lang, section.is_empty()) {
                (Lang::Vi, true) => format!("khoá không xác định `{key}`"),
                (Lang::En, true) => format!("unknown key `{key}`"),
                (Lang::Vi, false) => format!("khoá không xác định `{key}` trong `{section}`"),
                (Lang::En, false) => format!("unknown key `{key}` in `{section}`"),
            },
            Msg::UnknownFact { key, set } => tr!(
                lang,
                format!("dữ kiện `{key}` không có trong bộ tiêu chí `{set}`"),
                format!("fact `{key}` is not declared by the criteria set `{set}`")
            ),
            Msg::DuplicateKey { key } => tr!(
                lang,
                format!("khoá `{key}` xuất hiện hai lần"),
                format!("key `{key}` appears twice")
            ),
            Msg::MissingKey { key } => tr!(
                lang,
                format!("thiếu khoá bắt buộc `{key}`"),
                format!("missing required key `{key}`")
            ),
            Msg::EmptyString { key } => tr!(
                lang,
                format!("`{key}` không được để trống"),
                format!("`{key}` must not be empty")
            ),
            Msg::WrongType {
                key,
                expected,
                found,
            } => {
                let expected = lang.type_name(expected);
                let found = match found {
                    Found::Value(v) => v.clone(),
                    Found::Type(t) => lang.type_name(t).to_string(),
                };
                tr!(
                    lang,
                    format!("`{key}` phải là {expected}, nhưng tệp ghi {found}"),
                    format!("`{key}` must be {expected}, found {found}")
                )
            }
            Msg::UnknownYamlTag { key, tag } => {
                let at = if key.is_empty() {
                    String::new()
                } else {
                    format!("`{key}`: ")
                };
                tr!(
                    lang,
                    format!("{at}thẻ YAML `{tag}` không được hỗ trợ; bỏ thẻ và ghi giá trị trực tiếp"),
                    format!("{at}the YAML tag `{tag}` is not supported; remove it and write the value itself")
                )
            }
            Msg::TooManyDecimals { key, value } => tr!(
                lang,
                format!("`{key}` = {value} có quá 6 chữ số sau dấu thập phân; chuan giữ tối đa 6 chữ số, hãy làm tròn"),
                format!("`{key}` = {value} has more than 6 decimal places; chuan keeps at most 6, so round it")
            ),
            Msg::Negative { key, value } => tr!(
                lang,
                format!("`{key}` không được âm (tệp ghi {value})"),
                format!("`{key}` cannot be negative (found {value})")
            ),
            Msg::OutOfRange { key, value, bound } => tr!(
                lang,
                format!("`{key}` = {value} nằm ngoài giới hạn cho phép ({bound})"),
                format!("`{key}` = {value} is outside the allowed range ({bound})")
            ),
            Msg::Implausible {
                key,
                value,
                unit_vi,
                unit_en,
                low,
                high,
                likely,
            } => {
                let unit = tr!(lang, unit_vi, unit_en);
                let u = if unit.is_empty() {
                    String::new()
                } else {
                    format!(" {unit}")
                };
                let v = value.format(6, lang == Lang::Vi);
                let (lo, hi) = (spaced(*low), spaced(*high));
                match (lang, likely) {
                    (Lang::Vi, Some(l)) => format!(
                        "`{key}` = {v}{u} nằm ngoài khoảng thường gặp ({lo} – {hi}{u}); có phải {}{u}?",
                        spaced(*l)
                    ),
                    (Lang::En, Some(l)) => format!(
                        "`{key}` = {v}{u} is outside the usual range ({lo} – {hi}{u}); did you mean {}{u}?",
                        spaced(*l)
                    ),
                    (Lang::Vi, None) => format!(
                        "`{key}` = {v}{u} nằm ngoài khoảng thường gặp ({lo} – {hi}{u}); kiểm tra lại số liệu"
                    ),
                    (Lang::En, None) => format!(
                        "`{key}` = {v}{u} is outside the usual range ({lo} – {hi}{u}); check the figure"
                    ),
                }
            }
            Msg::ConstraintFailed {
                key,
                year,
                value,
                op,
                expr,
                rhs,
            } => match (lang, year) {
                (Lang::Vi, None) => format!(
                    "`{key}` = {value} vi phạm ràng buộc `{key} {op} {expr}` (vế phải = {rhs})"
                ),
                (Lang::En, None) => format!(
                    "`{key}` = {value} breaks the constraint `{key} {op} {expr}` (right side = {rhs})"
                ),
                (Lang::Vi, Some(y)) => format!(
                    "năm {y}: `{key}` = {value} vi phạm ràng buộc `{key} {op} {expr}` (vế phải = {rhs})"
                ),
                (Lang::En, Some(y)) => format!(
                    "year {y}: `{key}` = {value} breaks the constraint `{key} {op} {expr}` (right side = {rhs})"
                ),
            },
            Msg::ImplicationFailed { key, other } => tr!(
                lang,
                format!("`{key}` = true đòi hỏi `{other}` = true"),
                format!("`{key}` = true requires `{other}` = true")
            ),
            Msg::SeriesExtraYear {
                key,
                year,
                first,
                last,
            } => tr!(
                lang,
                format!("chuỗi `{key}` có năm {year} nằm ngoài kỳ đánh giá {first}–{last}"),
                format!("series `{key}` has the year {year}, outside the window {first}–{last}")
            ),
            Msg::SeriesBadYear { key, year } => tr!(
                lang,
                format!("chuỗi `{key}`: `{year}` không phải là một năm"),
                format!("series `{key}`: `{year}` is not a year")
            ),
            Msg::SeriesDuplicateYear { key, year } => tr!(
                lang,
                format!("chuỗi `{key}` ghi năm {year} hai lần (ví dụ `2018` và `02018`); giữ một lần"),
                format!("series `{key}` gives the year {year} twice (e.g. `2018` and `02018`); keep one")
            ),
            Msg::SeriesDrift {
                key,
                year,
                value,
                tracked,
                snapshot,
            } => tr!(
                lang,
                format!(
                    "năm {year} của chuỗi `{key}` ({value}) lệch xa giá trị hiện tại `{tracked}` = {snapshot}; kiểm tra lại số liệu"
                ),
                format!(
                    "year {year} of series `{key}` ({value}) is far from the current `{tracked}` = {snapshot}; check the figures"
                )
            ),
            Msg::BadDate { key, text } => tr!(
                lang,
                format!("`{key}`: ngày `{text}` không hợp lệ"),
                format!("`{key}`: `{text}` is not a valid date")
            ),
            Msg::DateOutOfBounds {
                key,
                date: d,
                first,
                last,
            } => tr!(
                lang,
                format!("`{key}`: ngày {} nằm ngoài khoảng chuan xử lý ({first}–{last})", date(d)),
                format!("`{key}`: {} lies outside the years chuan handles ({first}–{last})", date(d))
            ),
            Msg::EvidenceOutsideWindow {
                id,
                date: d,
                start,
                end,
            } => tr!(
                lang,
                format!(
                    "minh chứng của chỉ tiêu {id} ngày {} nằm ngoài kỳ đánh giá {} – {}",
                    date(d),
                    date(start),
                    date(end)
                ),
                format!(
                    "evidence for indicator {id} dated {} lies outside the window {} – {}",
                    date(d),
                    date(start),
                    date(end)
                )
            ),
            Msg::EvidenceOnDossierDate {
                id,
                date: d,
                start,
                end,
            } => tr!(
                lang,
                format!(
                    "minh chứng của chỉ tiêu {id} ngày {} trùng ngày lập hồ sơ, nên không thuộc kỳ đánh giá (từ {} đến trước {}); sự kiện diễn ra trong ngày lập hồ sơ chỉ được tính ở kỳ sau",
                    date(d),
                    date(start),
                    date(end)
                ),
                format!(
                    "evidence for indicator {id} is dated {}, the dossier date itself, so it lies outside the window (from {} up to, not including, {}); an event on the dossier date counts only in a later window",
                    date(d),
                    date(start),
                    date(end)
                )
            ),
            Msg::EvidenceAfterDossier {
                id,
                date: d,
                dossier,
            } => tr!(
                lang,
                format!(
                    "minh chứng của chỉ tiêu {id} ngày {} sau ngày lập hồ sơ {}",
                    date(d),
                    date(dossier)
                ),
                format!(
                    "evidence for indicator {id} is dated {}, after the dossier date {}",
                    date(d),
                    date(dossier)
                )
            ),
            Msg::UnknownIndicator { id, set } => tr!(
                lang,
                format!("bộ tiêu chí `{set}` không có chỉ tiêu `{id}`"),
                format!("the criteria set `{set}` has no indicator `{id}`")
            ),
            Msg::NotApplicableNotAllowed { id } => tr!(
                lang,
                format!("chỉ tiêu {id} không được phép khai “không áp dụng”"),
                format!("indicator {id} cannot be declared not applicable")
            ),
            Msg::UnknownStatus { value } => tr!(
                lang,
                format!("trạng thái `{value}` không hợp lệ (dùng `not_applicable` hoặc `waived`)"),
                format!(
                    "`{value}` is not a status a person may set (use `not_applicable` or `waived`)"
                )
            ),
            Msg::BadEnum { key, value, codes } => tr!(
                lang,
                format!("`{key}`: `{value}` không phải mã hợp lệ (các mã: {codes})"),
                format!("`{key}`: `{value}` is not a valid code (codes: {codes})")
            ),
            Msg::CriteriaMismatch { wanted, loaded } => tr!(
                lang,
                format!("tệp đánh giá theo bộ tiêu chí `{wanted}` nhưng bộ đang dùng là `{loaded}`"),
                format!(
                    "the file targets the criteria set `{wanted}` but the loaded set is `{loaded}`"
                )
            ),
            Msg::WaiverExpired { id, date: d } => tr!(
                lang,
                format!(
                    "phiếu xin ý kiến cho chỉ tiêu {id} hết hạn ngày {}, trước ngày lập hồ sơ; chỉ tiêu được tính là chưa đạt",
                    date(d)
                ),
                format!(
                    "the waiver for indicator {id} expired on {}, before the dossier date; the indicator counts as not met",
                    date(d)
                )
            ),
            Msg::WaiverUndated { id } => tr!(
                lang,
                format!(
                    "phiếu xin ý kiến cho chỉ tiêu {id} không ghi hạn (`expires`); chỉ tiêu được tính là chưa đạt"
                ),
                format!(
                    "the waiver for indicator {id} has no expiry date (`expires`); the indicator counts as not met"
                )
            ),
            Msg::BadOverride { arg } => tr!(
                lang,
                format!("`--set {arg}`: cần dạng FACT=VALUE hoặc FACT[YEAR]=VALUE (mỗi --set một giá trị, trên một dòng)"),
                format!("`--set {arg}`: expected FACT=VALUE or FACT[YEAR]=VALUE (one value per --set, on one line)")
            ),
            Msg::OverrideNotSeries { fact } => tr!(
                lang,
                format!("`--set {fact}[…]`: `{fact}` không phải chuỗi theo năm; bỏ phần [năm]"),
                format!("`--set {fact}[…]`: `{fact}` is not a per-year series; drop the [year]")
            ),
            Msg::BadDateArg { name, text } => tr!(
                lang,
                format!("`{name}`: ngày `{text}` không hợp lệ"),
                format!("`{name}`: `{text}` is not a valid date")
            ),
            Msg::OutputExists { path } => tr!(
                lang,
                format!("tệp `{path}` đã tồn tại; thêm --force để ghi đè"),
                format!("`{path}` already exists; pass --force to overwrite it")
            ),
            Msg::InitExists { path } => tr!(
                lang,
                format!("tệp `{path}` đã tồn tại; `chuan init` không bao giờ ghi đè: chọn tên khác"),
                format!(
                    "`{path}` already exists; `chuan init` never overwrites a file: choose another name"
                )
            ),
            Msg::OutputIsInput { path } => tr!(
                lang,
                format!("không ghi kết quả đè lên tệp đầu vào `{path}`"),
                format!("refusing to write the report over the input file `{path}`")
            ),
            Msg::CannotWrite { path, err } => tr!(
                lang,
                format!("không ghi được `{path}`: {}", io(err, lang)),
                format!("cannot write `{path}`: {}", io(err, lang))
            ),
            Msg::BinaryNeedsOutput { format } => tr!(
                lang,
                format!("định dạng {format} cần --output TỆP (không in ra màn hình)"),
                format!("the {format} format needs --output FILE (it is not printed)")
            ),
            Msg::FormatNotSupported {
                command,
                format,
                supported,
            } => tr!(
                lang,
                format!("`chuan {command}` không xuất được định dạng `{format}`; các định dạng: {supported}"),
                format!("`chuan {command}` cannot write the `{format}` format; it writes {supported}")
            ),
            Msg::DifferentSchools { a, b } => tr!(
                lang,
                format!(
                    "các tệp thuộc hai trường khác nhau (`{a}` và `{b}`); thêm --other-school nếu thật sự muốn so sánh"
                ),
                format!(
                    "the files are for two different schools (`{a}` and `{b}`); pass --other-school to compare them anyway"
                )
            ),
            Msg::DifferentSets { a, b } => tr!(
                lang,
                format!("các tệp theo hai bộ tiêu chí khác nhau (`{a}` và `{b}`); không so sánh được"),
                format!("the files follow two different criteria sets (`{a}` and `{b}`); they cannot be compared")
            ),
            Msg::NoSchools { path } => tr!(
                lang,
                format!("`{path}` không có tệp tự đánh giá nào (.toml, .yaml)"),
                format!("`{path}` holds no self-assessment file (.toml, .yaml)")
            ),
            Msg::TemplateError { err } => tr!(
                lang,
                format!("lỗi mẫu báo cáo: {err}"),
                format!("report template error: {err}")
            ),
            Msg::SetFilesMissing => tr!(
                lang,
                "một bộ tiêu chí cần có set.toml và facts.toml".into(),
                "a criteria set needs set.toml and facts.toml".into()
            ),
            Msg::WindowSeries { value } => tr!(
                lang,
                format!("`window.series` = `{value}` không được hỗ trợ (dùng `previous_calendar_years`)"),
                format!("`window.series` = `{value}` is not supported (use `previous_calendar_years`)")
            ),
            Msg::WindowYears { years } => tr!(
                lang,
                format!("`window.years` = {years} phải từ 1 đến 20"),
                format!("`window.years` = {years} must be between 1 and 20")
            ),
            Msg::LevelsOneTwo => tr!(
                lang,
                "một bộ tiêu chí khai đúng hai mức 1 và 2".into(),
                "a set declares exactly the levels 1 and 2".into()
            ),
            Msg::SetToml { detail } => tr!(
                lang,
                format!("tệp bộ tiêu chí không hợp lệ: {detail}"),
                format!("invalid criteria file: {detail}")
            ),
            Msg::SetUnknownField { field } => tr!(
                lang,
                format!("khoá không xác định `{field}`"),
                format!("unknown key `{field}`")
            ),
            Msg::SetMissingField { field } => tr!(
                lang,
                format!("thiếu khoá bắt buộc `{field}`"),
                format!("missing required key `{field}`")
            ),
            Msg::IndicatorCount { declared, found } => tr!(
                lang,
                format!("`set.indicator_count` là {declared} nhưng bộ tiêu chí định nghĩa {found} chỉ tiêu"),
                format!("`set.indicator_count` is {declared} but the set defines {found} indicators")
            ),
            Msg::NoIndicatorsAtLevel { level } => tr!(
                lang,
                format!("bộ tiêu chí không có chỉ tiêu nào ở chuẩn mức {level}: không trường nào được công nhận theo một bộ rỗng"),
                format!("the set has no indicator at level {level}: an empty set would certify every school")
            ),
            Msg::UnknownExceededRule { value } => tr!(
                lang,
                format!("quy tắc vượt chuẩn `{value}` không hợp lệ (dùng `above_l1` hoặc `at_or_above_l2`)"),
                format!("unknown exceeded rule `{value}` (use `above_l1` or `at_or_above_l2`)")
            ),
            Msg::GroupTwice { id } => tr!(
                lang,
                format!("nhóm tiêu chí {id} được khai hai lần"),
                format!("group {id} is declared twice")
            ),
            Msg::UnknownGroup { id, group } => tr!(
                lang,
                format!("chỉ tiêu `{id}` thuộc nhóm {group}, nhưng set.toml không khai nhóm này"),
                format!("indicator `{id}` is in group {group}, which set.toml does not declare")
            ),
            Msg::EnumValueTwice { id, code } => tr!(
                lang,
                format!("danh mục `{id}` ghi mã `{code}` hai lần"),
                format!("enum `{id}` lists `{code}` twice")
            ),
            Msg::EnumTooFew { id } => tr!(
                lang,
                format!("danh mục `{id}` cần ít nhất hai giá trị"),
                format!("enum `{id}` needs at least two values")
            ),
            Msg::FactTwice { name } => tr!(
                lang,
                format!("dữ kiện `{name}` được khai hai lần"),
                format!("fact `{name}` is declared twice")
            ),
            Msg::FactUndeclaredEnum { name, id } => tr!(
                lang,
                format!("dữ kiện `{name}` dùng danh mục `{id}` chưa khai"),
                format!("fact `{name}` uses the undeclared enum `{id}`")
            ),
            Msg::FactEnumMissing { name } => tr!(
                lang,
                format!("dữ kiện `{name}` có kiểu enum nhưng thiếu khoá `enum`"),
                format!("fact `{name}` has type enum but no `enum`")
            ),
            Msg::FactUnknownType { name, ty } => tr!(
                lang,
                format!("dữ kiện `{name}` có kiểu `{ty}` không hợp lệ (bool, integer, decimal hoặc enum)"),
                format!("fact `{name}` has the unknown type `{ty}` (bool, integer, decimal or enum)")
            ),
            Msg::FactUnknownScope { value } => tr!(
                lang,
                format!("phạm vi `{value}` không hợp lệ (snapshot, window hoặc series)"),
                format!("unknown scope `{value}` (snapshot, window or series)")
            ),
            Msg::FactBoundNotNumber { name, what } => tr!(
                lang,
                format!("`{what}` của dữ kiện `{name}` phải là một số"),
                format!("`{what}` of fact `{name}` must be a number")
            ),
            Msg::FactMinAboveMax { name, min, max } => tr!(
                lang,
                format!("dữ kiện `{name}` có `min` = {min} lớn hơn `max` = {max}: không giá trị nào hợp lệ"),
                format!("fact `{name}` has `min` = {min} above `max` = {max}: no value can be valid")
            ),
            Msg::FactPlausibleBad { name } => tr!(
                lang,
                format!("`plausible` của dữ kiện `{name}` phải là hai số, số nhỏ trước"),
                format!("`plausible` of fact `{name}` must be two numbers, the lower first")
            ),
            Msg::TracksNotSeries { name } => tr!(
                lang,
                format!("chỉ một chuỗi theo năm mới được theo dõi một dữ kiện hiện tại (`{name}`)"),
                format!("only a series can track a snapshot fact (`{name}`)")
            ),
            Msg::TracksUnknown { target } => tr!(
                lang,
                format!("`tracks` chỉ tới `{target}`, không phải một dữ kiện hiện tại đã khai"),
                format!("`tracks` names `{target}`, which is not a declared snapshot fact")
            ),
            Msg::ConstraintUnreadable { text } => tr!(
                lang,
                format!("không đọc được ràng buộc `{text}` (dùng `<= BIỂU_THỨC`, `>= BIỂU_THỨC`, `== BIỂU_THỨC` hoặc `implies DỮ_KIỆN`)"),
                format!("cannot read the constraint `{text}` (use `<= EXPR`, `>= EXPR`, `== EXPR` or `implies FACT`)")
            ),
            Msg::ConstraintUndeclared { text, name } => tr!(
                lang,
                format!("ràng buộc `{text}` dùng dữ kiện chưa khai `{name}`"),
                format!("constraint `{text}` names the undeclared fact `{name}`")
            ),
            Msg::ConstraintScalarSeries { text, series } => tr!(
                lang,
                format!("ràng buộc `{text}` so sánh một giá trị đơn với chuỗi theo năm `{series}`"),
                format!("constraint `{text}` compares a single value with the series `{series}`")
            ),
            Msg::IndicatorTwice { id } => tr!(
                lang,
                format!("chỉ tiêu `{id}` được khai hai lần"),
                format!("indicator `{id}` is declared twice")
            ),
            Msg::ProvenanceBad { key, value } => tr!(
                lang,
                format!("`{key}` = `{value}` không hợp lệ: dùng `confirmed` hoặc `reconstructed`"),
                format!("`{key}` `{value}` must be `confirmed` or `reconstructed`")
            ),
            Msg::ConfirmedNoSource { id } => tr!(
                lang,
                format!("chỉ tiêu `{id}` ghi là đã xác nhận nhưng không dẫn nguồn (`sources`)"),
                format!("indicator `{id}` is confirmed but cites no source")
            ),
            Msg::CostBad { value } => tr!(
                lang,
                format!("mức chi phí `{value}` không hợp lệ: dùng low, medium hoặc high"),
                format!("cost `{value}` must be low, medium or high")
            ),
            Msg::LeadTimeTooLong { months, max } => tr!(
                lang,
                format!("thời gian thực hiện {months} tháng quá dài (tối đa {max} tháng)"),
                format!("a lead time of {months} months is too long (at most {max})")
            ),
            Msg::ViaUnknown { via } => tr!(
                lang,
                format!("`via = \"{via}\"` không phải dữ kiện đã khai trong facts.toml"),
                format!("`via = \"{via}\"` names no fact declared in facts.toml")
            ),
            Msg::PathsNotPartOfWhole { id } => tr!(
                lang,
                format!("chỉ tiêu `{id}` khai hai cách `convert`/`add`, nhưng quy tắc của nó không phải tỷ lệ có tử số được khai `<=` mẫu số trong facts.toml"),
                format!("indicator `{id}` gives `convert`/`add` paths, but its rule is not a ratio whose numerator is declared `<=` its denominator in facts.toml")
            ),
            Msg::DependsUnknown { id, dep } => tr!(
                lang,
                format!("chỉ tiêu `{id}` phụ thuộc chỉ tiêu không có `{dep}`"),
                format!("indicator `{id}` depends on the unknown indicator `{dep}`")
            ),
            Msg::DependencyCycle { cycle } => tr!(
                lang,
                format!("các phụ thuộc tạo thành vòng: {cycle}"),
                format!("the dependencies form a cycle: {cycle}")
            ),
            Msg::UnknownRuleKind { kind, known } => tr!(
                lang,
                format!("loại quy tắc `{kind}` không có (các loại: {known})"),
                format!("unknown rule kind `{kind}` ({known})")
            ),
            Msg::RuleNeeds { kind, what } => tr!(
                lang,
                format!("quy tắc loại `{kind}` cần khoá `{what}`"),
                format!("rule kind `{kind}` needs `{what}`")
            ),
            Msg::RuleUndeclaredFact { name } => tr!(
                lang,
                format!("quy tắc dùng dữ kiện chưa khai `{name}`"),
                format!("the rule names the undeclared fact `{name}`")
            ),
            Msg::RuleNeedsSeries { name } => tr!(
                lang,
                format!("`{name}` phải là chuỗi theo năm với quy tắc này"),
                format!("`{name}` must be a per-year series for this rule")
            ),
            Msg::RuleNeedsSingle { name } => tr!(
                lang,
                format!("`{name}` là chuỗi theo năm; quy tắc này cần một giá trị đơn"),
                format!("`{name}` is a per-year series; this rule needs a single value")
            ),
            Msg::RuleNeedsNumber { name } => tr!(
                lang,
                format!("`{name}` phải là số với quy tắc này"),
                format!("`{name}` must be a number for this rule")
            ),
            Msg::RuleNeedsBoolean { name } => tr!(
                lang,
                format!("`{name}` phải là dữ kiện đúng/sai với quy tắc này"),
                format!("`{name}` must be a boolean fact for this rule")
            ),
            Msg::RuleNeedsEnum { name } => tr!(
                lang,
                format!("`{name}` phải là chuỗi mã xếp loại (enum) với quy tắc này"),
                format!("`{name}` must be an enum series for this rule")
            ),
            Msg::RuleUnreadableExpr { what, text } => tr!(
                lang,
                format!("không đọc được `{what}` = `{text}` (các dữ kiện nối bằng + và -)"),
                format!("cannot read the {what} `{text}` (facts joined by + and -)")
            ),
            Msg::ThresholdOutOfRange {
                level,
                value,
                min,
                max,
            } => {
                let max = max.map_or("∞".to_string(), |m| m.to_string());
                tr!(
                    lang,
                    format!("ngưỡng `{level}` = {value} nằm ngoài {min}–{max}"),
                    format!("threshold `{level}` = {value} lies outside {min}–{max}")
                )
            }
            Msg::ThresholdNotNumber { level } => tr!(
                lang,
                format!("ngưỡng `{level}` phải là một số"),
                format!("threshold `{level}` must be a number")
            ),
            Msg::LevelTwoLooser { l1, l2, op } => tr!(
                lang,
                format!("ngưỡng mức 2 ({l2}) phải chặt ít nhất bằng mức 1 ({l1}) theo chiều {op}"),
                format!("level 2 ({l2}) must be at least as strict ({op}) as level 1 ({l1})")
            ),
            Msg::ListNeeded { level } => tr!(
                lang,
                format!("`{level}` phải là danh sách tên dữ kiện, không rỗng"),
                format!("`{level}` must be a non-empty list of fact names")
            ),
            Msg::ListMissesLevelOne { name } => tr!(
                lang,
                format!("danh sách mức 2 phải gồm mọi dữ kiện của mức 1; thiếu `{name}`"),
                format!("the level-2 list must include every level-1 fact; `{name}` is missing")
            ),
            Msg::NoThresholds { kind } => tr!(
                lang,
                format!("quy tắc `{kind}` không nhận ngưỡng (`l1`, `l2`)"),
                format!("a `{kind}` rule takes no thresholds (`l1`, `l2`)")
            ),
            Msg::UnknownGrade { enum_id, code } => tr!(
                lang,
                format!("danh mục `{enum_id}` không có mã `{code}`"),
                format!("the enum `{enum_id}` has no code `{code}`")
            ),
            Msg::StrictReconstructed { id, level } => tr!(
                lang,
                format!("--strict: chỉ tiêu `{id}` (mức {level}) là tái dựng, chưa được xác nhận từ văn bản chính thức"),
                format!("--strict: indicator `{id}` (level {level}) is reconstructed, not confirmed from the official text")
            ),
            Msg::TemplateDoesNotRender { format, err } => tr!(
                lang,
                format!("mẫu báo cáo {format} không hiển thị được với bộ tiêu chí này: {err}"),
                format!("the {format} template does not render against this set: {err}")
            ),
            Msg::DidYouMean { name } => tr!(
                lang,
                format!("có phải ý bạn là `{name}`?"),
                format!("did you mean `{name}`?")
            ),
            Msg::NumberHint { reading } => number_hint(reading, lang),
            Msg::XlsxNumberHint { likely } => match likely {
                Some(n) => tr!(
                    lang,
                    format!("ô này chứa chữ, không phải số: nhập lại thành ô số ({n}), bỏ dấu ' ở đầu nếu có và đặt định dạng ô là Number"),
                    format!("the cell holds text, not a number: enter it again as a number ({n}), without a leading ' and with the cell formatted as Number")
                ),
                None => tr!(
                    lang,
                    "ô này chứa chữ, không phải số: nhập một số vào ô (định dạng Number)".into(),
                    "the cell holds text, not a number: enter a number in it (formatted as Number)".into()
                ),
            },
            Msg::BoolHint { value } => tr!(
                lang,
                format!("ghi `true` (có) hoặc `false` (không), không ghi chữ; ở đây: `{value}`"),
                format!("write `true` or `false`, not a word; here: `{value}`")
            ),
            Msg::ImplausibleHelp => tr!(
                lang,
                "ghi số không dùng dấu chấm phân cách hàng nghìn (25300 hoặc 25_300, không phải 25.300); nếu số liệu đúng, bỏ qua cảnh báo này".into(),
                "write numbers without thousands separators (25300 or 25_300, not 25.300); if the figure is right, ignore this warning".into()
            ),
            Msg::SubsetHelp => tr!(
                lang,
                "một nhóm con không thể lớn hơn tổng của nó; kiểm tra lại số liệu".into(),
                "a subset cannot be larger than its whole; check the figures".into()
            ),
            Msg::DateHelp => tr!(
                lang,
                "ghi ngày theo dạng YYYY-MM-DD, ví dụ 2023-11-10".into(),
                "write dates as YYYY-MM-DD, e.g. 2023-11-10".into()
            ),
            Msg::CriteriaMismatchHelp => tr!(
                lang,
                "sửa `school.criteria` hoặc chỉ định bộ tiêu chí khác bằng --criteria DIR".into(),
                "fix `school.criteria` or load another set with --criteria DIR".into()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for c in CODES {
            assert!(seen.insert(c), "code `{c}` is used twice");
            assert!(
                c.chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-' || ch.is_ascii_digit()),
                "code `{c}`"
            );
        }
    }
}
