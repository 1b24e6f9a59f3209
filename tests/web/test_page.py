"""dist/chuan.html in a real headless Chromium (Debian's, driven by selenium).

Run by scripts/test-web.sh, which builds the page and the `chuan` binary first. Each test opens
the page from file://, as a principal opens the file from disk, and holds what it sees against
what `chuan` says on the command line for the same facts.
"""
import json
import os
import pathlib
import statistics
import subprocess
import tempfile
import time
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGE = (ROOT / "dist" / "chuan.html").as_uri()
CHUAN = os.environ.get("CHUAN_BIN", str(ROOT / "target" / "debug" / "chuan"))
AXE = os.environ.get("AXE_JS", str(ROOT / "target" / "web-tools" / "axe.min.js"))
OUT = ROOT / "target" / "web"
SAMPLES = sorted((ROOT / "schools").glob("*.[ty]*ml"))
LAI_CHAU = ROOT / "schools" / "lai-chau-2023.toml"
FIELD = "f-facts_lecturers_principal_rank_plus"

driver = None
downloads = None
timings = []


def setUpModule():
    global driver, downloads
    OUT.mkdir(parents=True, exist_ok=True)
    downloads = tempfile.mkdtemp(prefix="chuan-web-")
    opts = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--lang=vi"):
        opts.add_argument(arg)
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    opts.add_experimental_option("prefs", {"download.default_directory": downloads,
                                           "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")),
                              options=opts)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})


def tearDownModule():
    if timings:
        ms = sorted(timings)
        line = (f"keystroke → results shown: median {statistics.median(ms):.1f} ms, "
                f"95th percentile {ms[int(len(ms) * 0.95) - 1]:.1f} ms, max {ms[-1]:.1f} ms "
                f"over {len(ms)} keystrokes")
        print("\n" + line)
        (OUT / "timing.txt").write_text(line + "\n", encoding="utf-8")
    driver.quit()


def fresh():
    """The page as a first-time visitor sees it: nothing saved in the browser."""
    driver.get(PAGE)
    driver.execute_script("localStorage.clear()")
    driver.get(PAGE)
    wait_ready()


def wait_ready():
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.body.dataset.ready"))


def text(id_):
    return driver.find_element(By.ID, id_).text


def open_file(path):
    driver.find_element(By.ID, "open-file").send_keys(str(path))
    WebDriverWait(driver, 10).until(lambda d: path.name in text("status"))


def type_into(id_, value):
    field = driver.find_element(By.ID, id_)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(value)
    time.sleep(0.2)


def downloaded(name, since):
    path = pathlib.Path(downloads) / name
    WebDriverWait(driver, 10).until(lambda _: path.exists() and path.stat().st_mtime >= since
                                    and not (path.parent / (name + ".crdownload")).exists())
    return path


def save(button, name):
    target = pathlib.Path(downloads) / name
    if target.exists():
        target.unlink()
    since = time.time() - 1
    driver.find_element(By.ID, button).click()
    return downloaded(name, since)


def chuan(*args, cwd=None):
    return subprocess.run([CHUAN, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


class Principal(unittest.TestCase):
    def test_import_shows_the_published_26_of_55(self):
        fresh()
        open_file(LAI_CHAU)
        self.assertEqual(text("headline"), "26/55 chỉ tiêu đạt chuẩn mức 1")
        self.assertIn("TÁI DỰNG", text("caveat"), "the reconstructed-data caveat is shown")
        self.assertEqual(text("badge-2.6"), "chưa đạt")

    def test_a_keystroke_turns_2_6_met_and_the_headline_follows(self):
        fresh()
        open_file(LAI_CHAU)
        type_into(FIELD, "21")
        self.assertEqual(text("badge-2.6"), "đạt")
        self.assertEqual(text("headline"), "27/55 chỉ tiêu đạt chuẩn mức 1")
        changes = text("change-list")
        self.assertIn("26/55", changes)
        self.assertIn("2.6 (chuẩn mức 1): chưa đạt → đạt", changes)
        # the same change through the command line
        out = json.loads(chuan("whatif", str(LAI_CHAU), "--set", "lecturers_principal_rank_plus=21",
                               "--format", "json").stdout)
        self.assertEqual(out["after"]["summary"]["level1"]["met"], 27)
        self.assertIn({"id": "2.6", "level": 1, "before": "not_met", "after": "met"}, out["changes"])

    def test_a_bad_value_gets_the_clis_message_beside_its_field(self):
        fresh()
        open_file(LAI_CHAU)
        for typed, code in (("-3", "negative"), ("ba", "wrong-type")):
            type_into(FIELD, typed)
            shown = driver.find_element(By.ID, FIELD + "-msg").text
            self.assertEqual(driver.find_element(By.ID, FIELD).get_attribute("aria-invalid"), "true")
            self.assertEqual(text("headline"), "Chưa tính được kết quả: sửa các lỗi được đánh dấu.")
            toml = save("save-toml", "lai-chau-2023.toml")
            cli = chuan("check", toml.name, cwd=toml.parent)
            self.assertEqual(cli.returncode, 2, cli.stderr)
            first = cli.stderr.splitlines()[0]
            self.assertEqual(first, f"lỗi[{code}]: {shown}", "the page words it as the CLI does")

    def test_the_exported_toml_checks_to_the_json_the_page_computed(self):
        fresh()
        open_file(LAI_CHAU)
        type_into(FIELD, "21")
        toml = save("save-toml", "lai-chau-2023.toml")
        page_json = save("save-json", "lai-chau-2023.json").read_text(encoding="utf-8")
        cli = chuan("check", "--format", "json", toml.name, cwd=toml.parent)
        self.assertEqual(cli.returncode, 0, cli.stderr)
        self.assertEqual(cli.stdout, page_json)
        self.assertEqual(json.loads(page_json)["summary"]["level1"]["met"], 27)

    def test_every_sample_round_trips_through_the_page(self):
        for sample in SAMPLES:
            with self.subTest(sample.name):
                fresh()
                open_file(sample)
                name = sample.stem + ".toml"
                toml = save("save-toml", name)
                page_json = json.loads(save("save-json", sample.stem + ".json").read_text(encoding="utf-8"))
                want = json.loads(chuan("check", "--format", "json", str(sample)).stdout)
                got = json.loads(chuan("check", "--format", "json", toml.name, cwd=toml.parent).stdout)
                for out in (want, got, page_json):
                    out["school"].pop("file")
                self.assertEqual(page_json, want, "the page judges the file as chuan check does")
                self.assertEqual(got, want, "the exported TOML keeps every fact")

    def test_a_new_assessment_starts_empty_and_says_what_to_fill(self):
        fresh()
        self.assertEqual(text("headline"), "Chưa tính được kết quả: sửa các lỗi được đánh dấu.")
        self.assertTrue(text("f-school_id-msg"), "the empty school id is flagged beside its field")
        type_into("f-school_id", "thu-nghiem")
        type_into("f-school_name", "Trường Chính trị tỉnh Thử Nghiệm")
        type_into("f-school_province", "Thử Nghiệm")
        self.assertEqual(text("headline"), "0/55 chỉ tiêu đạt chuẩn mức 1")

    def test_autosave_survives_a_reload_and_clear_removes_it(self):
        fresh()
        open_file(LAI_CHAU)
        type_into(FIELD, "21")
        driver.get(PAGE)
        wait_ready()
        self.assertEqual(text("headline"), "27/55 chỉ tiêu đạt chuẩn mức 1")
        driver.find_element(By.ID, "clear").click()
        driver.switch_to.alert.accept()
        self.assertIsNone(driver.execute_script("return localStorage.getItem('chuan.assessment.v1')"))
        self.assertEqual(driver.find_element(By.ID, FIELD).get_attribute("value"), "")
        driver.get(PAGE)
        wait_ready()
        self.assertEqual(driver.find_element(By.ID, FIELD).get_attribute("value"), "")

    def test_english_switch(self):
        fresh()
        open_file(LAI_CHAU)
        Select(driver.find_element(By.ID, "lang")).select_by_value("en")
        self.assertEqual(text("headline"), "26/55 indicators met at level 1")
        self.assertEqual(driver.find_element(By.TAG_NAME, "html").get_attribute("lang"), "en")
        self.assertEqual(text("badge-2.6"), "not met")
        Select(driver.find_element(By.ID, "level")).select_by_value("2")
        self.assertEqual(text("headline"), "19/55 indicators met at level 2")

    def test_report_and_roadmap_are_the_clis(self):
        fresh()
        open_file(LAI_CHAU)
        driver.find_element(By.ID, "tab-report").click()
        report = driver.execute_script("return document.getElementById('report-frame').srcdoc")
        cli = chuan("check", "--format", "html", str(LAI_CHAU)).stdout
        self.assertEqual(report.replace("lai-chau-2023.toml", "FILE"),
                         cli.replace(str(LAI_CHAU), "FILE").replace("schools/lai-chau-2023.toml", "FILE"))
        driver.find_element(By.ID, "tab-roadmap").click()
        driver.execute_script("document.getElementById('start').value = '2024-01-01';"
                              "document.getElementById('start').dispatchEvent(new Event('change'))")
        roadmap = driver.execute_script("return document.getElementById('roadmap-frame').srcdoc")
        cli = chuan("roadmap", "--format", "html", "--start", "2024-01-01", str(LAI_CHAU)).stdout
        self.assertEqual(roadmap, cli)

    def test_the_word_report_is_the_clis(self):
        import zipfile
        fresh()
        open_file(LAI_CHAU)
        docx = save("save-docx", "lai-chau-2023.docx")
        with zipfile.ZipFile(docx) as z:
            page = z.read("word/document.xml").decode("utf-8")
        cli = OUT / "cli.docx"
        if cli.exists():
            cli.unlink()
        made = chuan("check", "--format", "docx", "-o", str(cli), str(LAI_CHAU))
        self.assertEqual(made.returncode, 0, made.stderr)
        with zipfile.ZipFile(cli) as z:
            want = z.read("word/document.xml").decode("utf-8")
        self.assertIn("ĐẢNG CỘNG SẢN VIỆT NAM", page)
        self.assertEqual(page, want, "the same document as chuan check --format docx")

    def test_keyboard_moves_between_tabs(self):
        fresh()
        tab = driver.find_element(By.ID, "tab-form")
        tab.send_keys(Keys.ARROW_RIGHT)
        self.assertEqual(driver.switch_to.active_element.get_attribute("id"), "tab-report")
        self.assertFalse(driver.find_element(By.ID, "panel-report").get_attribute("hidden"))

    def test_live_results_timing(self):
        """Times keystroke → results shown (recorded by the page); the figure goes to the README.
        Nothing is asserted about the time: a timed assertion would flake on a loaded machine."""
        fresh()
        open_file(LAI_CHAU)
        driver.execute_script("window.chuan.timings.length = 0")
        field = driver.find_element(By.ID, FIELD)
        for value in ("21", "5", "14", "30", "2", "19", "20", "21", "7", "12"):
            field.send_keys(Keys.CONTROL, "a")
            for ch in value:
                field.send_keys(ch)
                time.sleep(0.05)
        time.sleep(0.3)
        timings.extend(driver.execute_script("return window.chuan.timings"))
        self.assertGreaterEqual(len(timings), 10, "the page measured its keystrokes")
        # the README's picture: the headline, the what-if and the first fields
        type_into(FIELD, "21")
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(OUT / "screenshot.png"))


    def test_a_workbook_opens_as_chuan_check_reads_it(self):
        book = OUT / "mau.xlsx"
        if book.exists():
            book.unlink()
        made = chuan("init", "--format", "xlsx", "--dossier-date", "2026-06-30", str(book))
        self.assertEqual(made.returncode, 0, made.stderr)
        fresh()
        open_file(book)
        cli = json.loads(chuan("validate", "--format", "json", str(book)).stdout)
        want = sorted(d["key"] for f in cli["files"] for d in f["diagnostics"] if d["severity"] == "error")
        got = driver.execute_script("return window.chuan.result.diagnostics.map(d => d.key)")
        self.assertTrue(want, "a blank template lacks the school's name")
        self.assertEqual(sorted(got), want, "the page flags the cells chuan flags")
        # an empty cell is a missing key once the page holds the document as TOML; the words
        # are those of `chuan check` on the exported file
        toml = save("save-toml", "mau.toml")
        cli = chuan("check", toml.name, cwd=toml.parent).stderr
        for shown in driver.execute_script("return window.chuan.result.diagnostics.map(d => d.message)"):
            self.assertIn(shown, cli)

    def test_report_and_roadmap_print_on_a4(self):
        import base64, re
        fresh()
        open_file(LAI_CHAU)
        for button, name, size in (("save-report", "lai-chau-2023.html", (595, 842)),):
            html = save(button, name)
            driver.get(html.as_uri())
            pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
            boxes = {tuple(round(float(x)) for x in m.groups())
                     for m in re.finditer(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
            self.assertEqual(boxes, {size}, "every page is A4")
        roadmap = OUT / "roadmap.html"
        roadmap.write_text(chuan("roadmap", "--format", "html", "--start", "2024-01-01", str(LAI_CHAU)).stdout,
                           encoding="utf-8")
        driver.get(roadmap.as_uri())
        pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
        boxes = {tuple(round(float(x)) for x in m.groups())
                 for m in re.finditer(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
        self.assertEqual(boxes, {(842, 595)}, "the roadmap prints on A4 landscape")


class Board(unittest.TestCase):
    def test_dropped_samples_rank_as_chuan_compare(self):
        fresh()
        driver.find_element(By.ID, "tab-compare").click()
        driver.find_element(By.ID, "compare-files").send_keys("\n".join(str(p) for p in SAMPLES))
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#ranking-table tbody tr"))
        rows = driver.find_elements(By.CSS_SELECTOR, "#ranking-table tbody tr")
        page = [(r.get_attribute("data-id"), r.find_elements(By.TAG_NAME, "td")[0].text) for r in rows]
        board = json.loads(chuan("compare", "--format", "json", *map(str, SAMPLES)).stdout)["board"]
        cli = [(board["schools"][i]["id"], str(board["schools"][i]["rank"])) for i in board["ranking"]]
        self.assertEqual(page, cli)
        self.assertEqual(len(page), len({p for p, _ in page}), "a school's two files are one row")
        html = driver.execute_script("return document.getElementById('compare-frame').srcdoc")
        self.assertIn("<table", html)
        csv = save("save-csv", "so-sanh.csv").read_text(encoding="utf-8-sig")
        self.assertEqual(csv, chuan("compare", "--format", "csv", *map(str, SAMPLES)).stdout.lstrip("\ufeff"))


    def test_compare_report_prints_every_matrix_column_on_a4_landscape(self):
        """34 schools (as many as the country has), printed from the browser: all 55 indicator
        columns are on paper, no table is wider than the page, every page is A4 landscape."""
        import base64, io, re
        from pypdf import PdfReader
        lai_chau = LAI_CHAU.read_text(encoding="utf-8")
        folder = OUT / "board-34"
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.toml"):
            old.unlink()
        for i in range(34):
            (folder / f"truong-{i:02}.toml").write_text(
                lai_chau.replace('id = "lai-chau"', f'id = "truong-{i:02}"', 1)
                .replace('name = "Trường Chính trị tỉnh Lai Châu"',
                         f'name = "Trường Chính trị tỉnh Thử Nghiệm Số {i:02}"', 1), encoding="utf-8")
        html = OUT / "compare-34.html"
        made = chuan("compare", "--format", "html", "-o", str(html), "--force", str(folder))
        self.assertEqual(made.returncode, 0, made.stderr)
        driver.get(html.as_uri())
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        # A4 landscape less the 10 mm margins, in CSS pixels
        page_px = (297 - 20) / 25.4 * 96
        widths = driver.execute_script(
            "return [...document.querySelectorAll('table')].map(t => t.getBoundingClientRect().width)")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        self.assertTrue(all(w <= page_px for w in widths), (page_px, widths))
        pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
        reader = PdfReader(io.BytesIO(pdf))
        sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
        self.assertEqual(sizes, {(842, 595)})
        words = set(re.findall(r"\d\.\d+", " ".join(p.extract_text() for p in reader.pages)))
        want = {f"{g}.{k}" for g, n in ((1, 6), (2, 14), (3, 11), (4, 9), (5, 7), (6, 8)) for k in range(1, n + 1)}
        self.assertEqual(len(want), 55)
        self.assertEqual(want - words, set(), "every matrix column is printed")
        print(f"\ncompare of 34 schools prints on {len(reader.pages)} A4 landscape pages")

    def test_compare_report_sorts_by_a_pressed_heading(self):
        html = OUT / "compare.html"
        html.write_text(chuan("compare", "--format", "html", *map(str, SAMPLES)).stdout, encoding="utf-8")
        driver.get(html.as_uri())
        cells = lambda col: [r.find_elements(By.TAG_NAME, "td")[col].get_attribute("data-sort")
                             or r.find_elements(By.TAG_NAME, "td")[col].text
                             for r in driver.find_elements(By.CSS_SELECTOR, "#ranking tbody tr")]
        heads = driver.find_elements(By.CSS_SELECTOR, "#ranking thead th")
        met = heads[5]  # indicators met
        met.find_element(By.TAG_NAME, "button").click()
        self.assertEqual(met.get_attribute("aria-sort"), "ascending")
        values = [int(v) for v in cells(5)]
        self.assertEqual(values, sorted(values), "fewest met first")
        met.find_element(By.TAG_NAME, "button").send_keys(Keys.ENTER)  # the keyboard sorts too
        self.assertEqual(met.get_attribute("aria-sort"), "descending")
        self.assertEqual([int(v) for v in cells(5)], sorted(values, reverse=True))
        self.assertIsNone(heads[1].get_attribute("aria-sort"))
        heads[1].find_element(By.TAG_NAME, "button").click()
        board = json.loads(chuan("compare", "--format", "json", *map(str, SAMPLES)).stdout)["board"]
        self.assertEqual(cells(1), [s["name"] for s in board["schools"]], "names in Vietnamese order")


class Safety(unittest.TestCase):
    def test_no_network_request(self):
        fresh()
        open_file(LAI_CHAU)
        type_into(FIELD, "21")
        for tab in ("report", "roadmap", "compare", "form"):
            driver.find_element(By.ID, f"tab-{tab}").click()
        save("save-report", "lai-chau-2023.html")
        urls = []
        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] == "Network.requestWillBeSent":
                urls.append(msg["params"]["request"]["url"])
        self.assertTrue(urls, "the log sees the page's own load")
        remote = [u for u in urls if not u.startswith(("file://", "data:", "blob:", "about:"))]
        self.assertEqual(remote, [], "the page asks nothing of any server")
        self.assertEqual(driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"), [])

    def axe(self, context="document"):
        driver.execute_script(pathlib.Path(AXE).read_text(encoding="utf-8"))
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"axe.run({context}, {{iframes: false, runOnly: {{type: 'tag', values:"
            " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
            ".then(r => done(r.violations), e => done([{id: 'axe-error', help: String(e), nodes: []}]))")
        return [(v["id"], v["help"], [n.get("target") for n in v["nodes"]][:5]) for v in result]

    def test_axe_finds_no_wcag_a_or_aa_violation(self):
        driver.set_script_timeout(60)
        fresh()
        self.assertEqual(self.axe(), [], "the empty form")
        open_file(LAI_CHAU)
        type_into(FIELD, "-3")
        driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        self.assertEqual(self.axe(), [], "a filled form with an error shown")
        Select(driver.find_element(By.ID, "lang")).select_by_value("en")
        self.assertEqual(self.axe(), [], "in English")

    def test_axe_reports_a_planted_violation(self):
        """The check above can fail: an unlabelled field and an image without text are found."""
        driver.set_script_timeout(60)
        fresh()
        driver.execute_script("document.getElementById('form').append("
                              "Object.assign(document.createElement('input'), {type: 'text'}),"
                              "Object.assign(document.createElement('img'), {src: 'data:,'}))")
        found = {v[0] for v in self.axe()}
        self.assertTrue({"label", "image-alt"} <= found, found)

    def test_axe_on_the_reports_the_page_shows(self):
        driver.set_script_timeout(60)
        pages = {
            "check.html": chuan("check", "--format", "html", str(LAI_CHAU)).stdout,
            "roadmap.html": chuan("roadmap", "--format", "html", "--start", "2024-01-01", str(LAI_CHAU)).stdout,
            "compare.html": chuan("compare", "--format", "html", *map(str, SAMPLES)).stdout,
        }
        for name, html in pages.items():
            with self.subTest(name):
                path = OUT / name
                path.write_text(html, encoding="utf-8")
                driver.get(path.as_uri())
                self.assertEqual(self.axe(), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
