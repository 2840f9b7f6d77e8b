"""Demo data: Amina's default portfolio shared with Karim (access code "jalons"), once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from portfolios import demo as demo_portfolios
from portfolios.models.portfolios import ShareLink
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_demo_shares_amina_s_portfolio_with_karim_once(client, default_framework):
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    printed = out.getvalue()
    assert "access code: jalons" in printed and "karim@example.org" in printed
    [link_line] = [line for line in printed.splitlines() if "/s/" in line]
    call_command("demo_data", "--quiet-logins")
    [share] = ShareLink.objects.all()
    amina = User.objects.get(email="amina@example.org")
    karim = User.objects.get(email="karim@example.org")
    assert share.portfolio.owner == amina and share.recipient_email == karim.email
    assert share.has_access_code and share.is_open()
    assert share.portfolio.items.exists()  # her default portfolio, from her profile

    # Anyone with the printed link needs the code…
    url = link_line.split("http://testserver", 1)[1].strip()
    assert 'name="code"' in client.get(url).content.decode()
    client.post(url, {"code": demo_portfolios.DEMO_ACCESS_CODE})
    assert client.get(url).status_code == 200
    assert 'name="code"' not in client.get(url).content.decode()
    # …and Karim finds it in his workspace.
    login(client, karim)
    text = client.get(reverse("portfolios:advisor_workspace")).content.decode()
    assert reverse("portfolios:advisor_portfolio", kwargs={"uuid": share.uuid}) in text


def test_without_the_demo_accounts_it_does_nothing():
    assert demo_portfolios.load() is None
    assert demo_portfolios.summary(None) == []
