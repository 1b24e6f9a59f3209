"""Fills a `chuan init --format xlsx` template with a school's TOML facts, as a principal would
in Excel, using openpyxl (a writer other than chuan's own).

usage: fill.py TEMPLATE.xlsx SCHOOL.toml OUT.xlsx [reorder]
  reorder: also reverse the order of the rows of every fact sheet, to show that rows are found
  by their key, not their number.
"""

import datetime
import sys
import tomllib

import openpyxl


def main():
    template, school_toml, out = sys.argv[1:4]
    reorder = len(sys.argv) > 4 and sys.argv[4] == "reorder"
    with open(school_toml, "rb") as f:
        data = tomllib.load(f)
    wb = openpyxl.load_workbook(template)

    ws = wb["Trường"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for key, value in data["school"].items():
        if isinstance(value, list):
            value = "; ".join(value)
        ws.cell(rows[key], 3).value = value

    fact_sheets = [s for s in wb.worksheets if s["A1"].value == "Khóa (key)" and s.title != "Trường"]
    where = {}
    for s in fact_sheets:
        years = {s.cell(1, c).value: c for c in range(8, s.max_column + 1) if s.cell(1, c).value}
        for r in range(2, s.max_row + 1):
            where[s.cell(r, 1).value] = (s, r, years)
    for key, value in data["facts"].items():
        s, r, years = where[key]
        if isinstance(value, dict):
            for year, v in value.items():
                s.cell(r, years[int(year)]).value = cell_value(v)
        else:
            s.cell(r, 7).value = cell_value(value)

    ev = wb["Minh chứng"]
    r = 2
    for indicator, items in data.get("evidence", {}).items():
        for item in items:
            ev.cell(r, 1).value = indicator
            for c, key in enumerate(["number", "date", "issuer", "title", "file"], start=2):
                if key in item:
                    ev.cell(r, c).value = item[key]
            r += 1
    st = wb["Xin ý kiến"]
    r = 2
    for indicator, item in data.get("statuses", {}).items():
        st.cell(r, 1).value = indicator
        for c, key in enumerate(["status", "reason", "approver", "expires"], start=2):
            if key in item:
                st.cell(r, c).value = item[key]
        r += 1

    if reorder:
        for s in fact_sheets:
            s.protection.sheet = False
            rows = [[s.cell(r, c).value for c in range(1, s.max_column + 1)] for r in range(2, s.max_row + 1)]
            rows.reverse()
            for i, values in enumerate(rows):
                for c, v in enumerate(values, start=1):
                    s.cell(2 + i, c).value = v
    wb.save(out)


def cell_value(v):
    if isinstance(v, bool):
        return "có" if v else "không"
    if isinstance(v, datetime.date):
        return v
    return v


if __name__ == "__main__":
    main()
