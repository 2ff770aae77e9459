"""The self-service pages in headless Chromium, as an insured person uses them: enrol with the
counter's code, log in, apply for an off-site filing with scanned documents, see it approved
once the counter approves it through the API, apply for a first card and download its
registration form as a Word document. Screenshots go to $SHEBAO_SCREENSHOTS when it is set."""

import os
from pathlib import Path
from typing import Any

import docx
import httpx
from helpers import ShebaoCli
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from serve_browser import LiveServer
from serve_world import CHEN, SHANGHAI_HOSPITAL, TODAY, build_people, make_tokens

PASSWORD = "lao-chen-2026"
# the smallest files the upload check accepts: a PDF and a PNG by their first bytes
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 16


def shoot(driver: Any, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("SHEBAO_SCREENSHOTS", tmp_path / "shots"))
    folder.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(folder / f"{name}.png"))


def fill(driver: Any, field_id: str, text: str) -> None:
    element = driver.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def submit(driver: Any, button: str = "button[type=submit]") -> None:
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, f"main {button}").click()
    WebDriverWait(driver, 30).until(lambda _: replaced(old))  # the next page has replaced this one


def replaced(element: Any) -> bool:
    """Whether the page holding ``element`` is gone. Asked while the next page replaces it,
    chromedriver may say the node "does not belong to the document" instead of stale."""
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def test_a_person_enrols_files_online_is_approved_and_downloads_a_form(
    shebao: ShebaoCli,
    db_path: Path,
    tmp_path: Path,
    chromium: Any,
) -> None:
    build_people(shebao)
    code = shebao.ok("account", "enrolment-code", CHEN, today="2026-05-19").split(": ", 1)[1].split()[0]
    counter = make_tokens(db_path)["counter"]
    (tmp_path / "commitment.pdf").write_bytes(PDF)
    (tmp_path / "card.png").write_bytes(PNG)
    driver = chromium

    with LiveServer(db_path, TODAY) as server:
        driver.get(server.url + "/enrol")
        fill(driver, "citizen_id", CHEN)
        fill(driver, "code", code)
        fill(driver, "password", PASSWORD)
        fill(driver, "password_again", PASSWORD)
        shoot(driver, "1-enrol", tmp_path)
        submit(driver)
        assert "账户已开通" in driver.page_source

        fill(driver, "citizen_id", CHEN)
        fill(driver, "password", "not-the-password")
        submit(driver)
        assert "wrong citizen id or password" in driver.find_element(By.CLASS_NAME, "error").text
        fill(driver, "password", PASSWORD)
        submit(driver)
        assert "陈建，您好" in driver.page_source
        shoot(driver, "2-home", tmp_path)

        driver.get(server.url + "/me/filings/new")
        fill(driver, "search-region", "310100")
        submit(driver, "#search")
        driver.find_element(By.CSS_SELECTOR, f"input[name=institution][value={SHANGHAI_HOSPITAL}]").click()
        driver.find_element(By.CSS_SELECTOR, "#category option[value=retiree-resettled]").click()
        fill(driver, "address", "上海市徐汇区斜土路")
        driver.find_element(By.ID, "doc-personal-commitment").send_keys(str(tmp_path / "commitment.pdf"))
        driver.find_element(By.ID, "doc-card-and-copy").send_keys(str(tmp_path / "card.png"))
        shoot(driver, "3-apply", tmp_path)
        submit(driver, "#apply")
        assert driver.find_element(By.ID, "filing-state").text == "已申请，待审核"
        assert "个人承诺书（application/pdf" in driver.page_source and "社会保障卡及复印件（image/png" in driver.page_source
        filing_id = driver.current_url.rsplit("/", 1)[1]

        approved = httpx.post(
            server.url + "/api/v1/filings/approve", json={"filing_id": filing_id}, headers={"Authorization": f"Bearer {counter}"}
        )
        assert approved.status_code == 200, approved.text
        driver.refresh()
        assert driver.find_element(By.ID, "filing-state").text == "已备案"
        shoot(driver, "4-approved", tmp_path)

        driver.get(server.url + "/me/card")
        fill(driver, "address", "上海市徐汇区斜土路")
        fill(driver, "phone", "13900139000")
        fill(driver, "photo_receipt", "PH20260520001")
        submit(driver)
        assert driver.find_element(By.ID, "card-state").text == "已申请，待缴费"
        shoot(driver, "5-card", tmp_path)
        driver.find_element(By.ID, "form-docx").click()
        downloads = driver.downloads

        def downloaded(_: Any) -> Path | bool:
            done = [p for p in downloads.iterdir() if p.suffix == ".docx"]
            return done[0] if done else False

        form = WebDriverWait(driver, 30).until(downloaded)
        text = "\n".join(p.text for p in docx.Document(str(form)).paragraphs)
        tables = "\n".join(cell.text for table in docx.Document(str(form)).tables for row in table.rows for cell in row.cells)
        assert "陈建" in text + tables and "PH20260520001" in text + tables
