"""The HTML part of an invite, whole: every paragraph, list and link as a mail client shows it."""

from __future__ import annotations

from meetup.invite.html import answer_body, one_tap_html, reply_link

HEAD = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>\n'
    '<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;'
    'line-height:1.5;color:#222;max-width:36em;margin:16px">\n'
)
LIST = '<ul style="list-style:none;padding:0;margin:8px 0">'
BUTTON = (
    'style="color:#1a5fb4;text-decoration:none;border:1px solid #1a5fb4;border-radius:6px;padding:6px 12px;'
    'display:inline-block"'
)


def footer(href: str) -> str:
    return (
        '<p style="color:#555;font-size:90%">Tap a time to answer: it opens a reply, just send it. '
        f'Or: <a href="{href}" style="color:#1a5fb4">none of these work</a>.</p>\n</body></html>\n'
    )


def test_the_whole_page_of_an_invite() -> None:
    body = (
        "Hi Sam & co,\n\nFancy a coffee? I could do\n  1. Tue 1 Dec, 18:00-18:45\n  2) Thu 3 Dec, 12:30-13:15\n"
        "  #5. not offered\n(times in your zone)\nJust send me the number.\n\n-- Alex"
    )
    page = one_tap_html(
        body=body, numbers=[1, 2], reply_to="alex@example.org", subject="Coffee? <3", invite_id=12
    )
    link = "mailto:alex@example.org?subject=Re%3A%20Coffee%3F%20%3C3&amp;body="
    ref = "%0D%0A%0D%0A%28ref%3A%20invite%2012%29%0D%0A"
    assert page == (
        HEAD.format(title="Coffee? &lt;3")
        + "<p>Hi Sam &amp; co,</p>\n"
        + "<p>Fancy a coffee? I could do</p>\n"
        + LIST
        + f'<li style="margin:6px 0"><a href="{link}1{ref}" {BUTTON}>1. Tue 1 Dec, 18:00-18:45</a></li>'
        + f'<li style="margin:6px 0"><a href="{link}2{ref}" {BUTTON}>2. Thu 3 Dec, 12:30-13:15</a></li></ul>\n'
        + "<p>#5. not offered<br>\n(times in your zone)<br>\nJust send me the number.</p>\n"
        + "<p>-- Alex</p>\n"
        + footer(f"{link}None%20of%20these%20times%20work%20for%20me.{ref}")
    )


def test_a_message_without_the_numbered_list_gets_a_button_per_number() -> None:
    page = one_tap_html(
        body="Hi\r\n\r\nNo list here.\r\n  \r\n",
        numbers=[4, 5],
        reply_to="a@b.c",
        subject="Re: Lunch",
        invite_id=3,
    )
    link = "mailto:a@b.c?subject=Re%3A%20Lunch&amp;body="
    ref = "%0D%0A%0D%0A%28ref%3A%20invite%203%29%0D%0A"
    assert page == (
        HEAD.format(title="Re: Lunch")
        + "<p>Hi</p>\n<p>No list here.</p>\n"
        + LIST
        + f'<li style="margin:6px 0"><a href="{link}4{ref}" {BUTTON}>Option 4</a></li>'
        + f'<li style="margin:6px 0"><a href="{link}5{ref}" {BUTTON}>Option 5</a></li></ul>\n'
        + footer(f"{link}None%20of%20these%20times%20work%20for%20me.{ref}")
    )


def test_a_list_cut_by_a_line_and_a_number_listed_twice() -> None:
    body = "Times:\n1. Mon\nor, later that week,\n2. Wed\n2. Wed again"
    page = one_tap_html(body=body, numbers=[1, 2, 3], reply_to="a@b.c", subject="Tea", invite_id=1)
    link = "mailto:a@b.c?subject=Re%3A%20Tea&amp;body="
    ref = "%0D%0A%0D%0A%28ref%3A%20invite%201%29%0D%0A"
    assert page == (
        HEAD.format(title="Tea")
        + "<p>Times:</p>\n"
        + LIST
        + f'<li style="margin:6px 0"><a href="{link}1{ref}" {BUTTON}>1. Mon</a></li></ul>\n'
        + "<p>or, later that week,</p>\n"
        + LIST
        + f'<li style="margin:6px 0"><a href="{link}2{ref}" {BUTTON}>2. Wed</a></li>'
        + f'<li style="margin:6px 0"><a href="{link}2{ref}" {BUTTON}>2. Wed again</a></li></ul>\n'
        + LIST
        + f'<li style="margin:6px 0"><a href="{link}3{ref}" {BUTTON}>Option 3</a></li></ul>\n'
        + footer(f"{link}None%20of%20these%20times%20work%20for%20me.{ref}")
    )


def test_reply_links_as_rfc_6068_wants_them() -> None:
    assert answer_body("2", 9) == "2\n\n(ref: invite 9)\n"
    # a subject that already replies keeps its own "RE:"; CRLF stays one line break; UTF-8 encoded
    assert reply_link("zoë@example.org", "RE: Café?", "1\r\nä ~_.-\n") == (
        "mailto:zo%C3%AB@example.org?subject=RE%3A%20Caf%C3%A9%3F&body=1%0D%0A%C3%A4%20~_.-%0D%0A"
    )
    assert reply_link("a/b@c", "re: x", "") == "mailto:a%2Fb@c?subject=re%3A%20x&body="
