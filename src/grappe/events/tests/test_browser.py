"""In a real browser (Debian's chromium through Playwright): the organiser schedules with a
progress bar polled by htmx, then a visitor books a last-minute meeting on a stand."""

import pytest

from grappe.events.models import Meeting, MeetingRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse battery")
    page.click("form.edit button[type=submit]")
    page.wait_for_url("**/")


def test_schedule_then_book_a_last_minute_meeting(page, fair, manager):
    for v in fair.visitors:
        MeetingRequest.objects.create(
            event=fair.event, source=v, target=fair.stand, status="accepted"
        )
    slug = fair.event.slug

    # The organiser runs the scheduling; the page polls the run until it is done.
    log_in(page, "manager")
    page.goto(f"/events/{slug}/schedule/")
    page.fill("#id_time_limit", "1")
    page.click(f"form[action='/events/{slug}/schedule/run/'] button[type=submit]")
    page.locator("#run .status-done").wait_for()
    assert Meeting.objects.filter(event=fair.event).count() == 3
    page.click(f"form[action='/events/{slug}/publish/'] button[type=submit]")
    page.wait_for_url(f"**/events/{slug}/schedule/")
    assert Meeting.objects.filter(published=True).count() == 3

    # A visitor books a free slot on stand 2 from its profile page.
    visitor = fair.visitors[1]
    log_in(page, "u-visitor-1")
    page.goto(f"/events/{slug}/participants/{fair.stand2.pk}/?as={visitor.pk}")
    page.click(f"a[href='/events/{slug}/participants/{fair.stand2.pk}/book/?as={visitor.pk}']")
    page.locator("#booking input[name=slot]").first.check()
    page.fill("#id_message", "Au stand, pour les panneaux")
    page.click("#booking button[type=submit]")
    page.wait_for_url(f"**/events/{slug}/participants/{visitor.pk}/timetable/")
    assert "Promobois" in page.locator("table.timetable").first.inner_text()
    booked = Meeting.objects.get(last_minute=True)
    assert {booked.first, booked.second} == {visitor, fair.stand2}
    assert booked.locked and booked.published
