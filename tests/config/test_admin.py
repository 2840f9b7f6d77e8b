"""Every admin page of every registered model opens for staff, and only for staff."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


@pytest.mark.parametrize(("app_label", "model_name"), MODELS)
def test_changelist_opens_for_staff(client, staff, app_label, model_name):
    client.force_login(staff)
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "x"}).status_code == 200


@pytest.mark.parametrize(("app_label", "model_name"), MODELS)
def test_changelist_is_refused_to_others(client, volunteer, app_label, model_name):
    client.force_login(volunteer)
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert client.get(url).status_code == 302
