"""The whole banner works from the keyboard: Tab and Shift+Tab stay inside the dialog, Esc
never dismisses the first layer without a choice but leaves the second, Space ticks, Enter
saves, and the focused control is visibly outlined."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page

from tests.consent.browser.helpers import STATISTICS_COOKIES, cookie_names


def _focused(page: Page) -> str:
    label: str = page.evaluate(
        "() => { const e = document.activeElement; if (!e) return ''; "
        "if (e.matches('input')) return 'input:' + e.name; "
        "return (e.textContent || e.className || e.tagName).trim(); }")
    return label


def _inside_dialog(page: Page) -> bool:
    inside: bool = page.evaluate("() => !!document.activeElement.closest('[role=dialog]')")
    return inside


def test_keyboard_only(site: str, context: BrowserContext) -> None:
    page = context.new_page()
    page.goto(f"{site}/test/page")
    page.get_by_role("dialog").wait_for()
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "dialog"

    seen = []
    for _ in range(5):  # link, accept, reject, customise, then around to the link
        page.keyboard.press("Tab")
        assert _inside_dialog(page)
        seen.append(_focused(page))
    assert seen[:4] == ["Les mer i personvernerklæringen", "Godta alle", "Avvis alle",
                        "Tilpass"]
    assert seen[4] == seen[0]  # trapped: Tab from the last control wraps to the first
    page.keyboard.press("Shift+Tab")
    assert _focused(page) == "Tilpass"  # and Shift+Tab from the first wraps to the last
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"

    page.keyboard.press("Escape")  # first layer: no dismissal without a choice
    assert page.get_by_role("dialog").is_visible()

    page.keyboard.press("Enter")  # on "Tilpass": second layer
    page.get_by_role("checkbox", name="Statistikk").wait_for()
    page.keyboard.press("Escape")  # second layer, no earlier choice: back to the first
    page.get_by_role("button", name="Tilpass").wait_for()
    assert page.get_by_role("checkbox").count() == 0

    page.keyboard.press("Tab")
    while _focused(page) != "Tilpass":
        page.keyboard.press("Tab")
    page.keyboard.press("Space")  # buttons answer Space too
    page.get_by_role("checkbox", name="Statistikk").wait_for()
    for _ in range(4):  # past the necessary category's details to its own box
        page.keyboard.press("Tab")
        if _focused(page) == "input:statistics":
            break
    assert _focused(page) == "input:statistics"
    page.keyboard.press("Space")
    assert page.get_by_role("checkbox", name="Statistikk").is_checked()
    for _ in range(12):
        page.keyboard.press("Tab")
        assert _inside_dialog(page)
        if _focused(page) == "Lagre valgene":
            break
    assert _focused(page) == "Lagre valgene"
    page.keyboard.press("Enter")

    page.wait_for_function("() => window.statisticsRan === 1")
    assert page.get_by_role("dialog").is_hidden()
    assert cookie_names(context) >= STATISTICS_COOKIES
    assert page.evaluate("() => window.marketingRan") is None

    page.focus("#reopen")
    page.keyboard.press("Enter")  # the reopen link opens the settings from the keyboard
    page.get_by_role("checkbox", name="Statistikk").wait_for()
    page.keyboard.press("Escape")  # a choice exists: Esc closes and focus returns
    assert page.get_by_role("dialog").is_hidden()
    assert page.evaluate("() => document.activeElement.id") == "reopen"
