"""The 1EdTech Open Badges 3.0 REST API, so that wallets and other hosts exchange badges with
Jalons on a person's behalf (Jalons is the *Host*; docs/ob3-api.md).

- ``discovery``: the service description document (``GET /ims/ob/v3p0/discovery``);
- ``registration``: OAuth 2.0 dynamic client registration (RFC 7591, as the spec profiles it);
- ``authorize``: the consent page (django-oauth-toolkit's authorization endpoint, PKCE S256);
- ``views``: ``getCredentials``/``upsertCredential`` and ``getProfile``/``putProfile``;
- ``auth``: the bearer token and its scopes; ``errors``: the spec's ``Imsx_StatusInfo``;
- ``scopes``: the four scopes, in words for people, and each wallet's registered ones;
- ``openapi``: the 1EdTech OpenAPI document shipped in ``badges/data/ob3_api/``.

Token, refresh and revocation endpoints are django-oauth-toolkit's own views.
"""
