"""Who may use each route of the app: the expected answer for every role and for anonymous.

Keys are `METHOD path` as the app registers them. A route added to the app without a line
here fails `test_every_route_answers_each_role_as_the_matrix_says`, on purpose: whoever adds
a route decides who may use it.
"""

from __future__ import annotations

ROLES = ("dpo", "engineer", "viewer", "auditor")

PUBLIC = frozenset({"anonymous", *ROLES})
"""Open to anyone (the notice, the privacy centre, the person's own status link, sign-in)."""
SIGNED_IN = frozenset(ROLES)
"""Any signed-in role."""
READERS = frozenset(ROLES)
"""Every role reads: the auditor reads everything, the viewer the work."""
ACTORS = frozenset({"dpo", "engineer"})
"""Run requests, sweeps and tasks."""
DPO = frozenset({"dpo"})
"""Manage operators, users and legal holds."""
DPO_AND_AUDITOR = frozenset({"dpo", "auditor"})
"""See who may sign in (the auditor looks, the DPO manages) and read the audit trail."""

OWN_ACCOUNT = frozenset({
    "POST /console/account/password", "POST /console/account/totp",
    "POST /console/account/totp/confirm", "POST /console/account/totp/off",
    "POST /console/account/sign-out-everywhere",
})
"""Changes to one's own sign-in, which an auditor may make too (they change no data)."""

READ_ONLY_POSTS = frozenset({"POST /console/consent/verify"})
"""Forms that only check something (a pasted consent receipt) and change nothing."""

CREDENTIAL_CHECKS = frozenset({"POST /console/login", "POST /console/login/token"})
"""Open to anyone, and answering 401 to the wrong (here: no) password or token."""

MATRIX: dict[str, frozenset[str]] = {
    "GET /healthz": PUBLIC,
    "GET /readyz": PUBLIC,
    "GET /personvern": PUBLIC,
    "GET /en/privacy": PUBLIC,
    "GET /personvern.md": PUBLIC,
    "GET /en/privacy.md": PUBLIC,
    "GET /openapi.json": PUBLIC,
    "GET /docs": PUBLIC,
    "GET /docs/init.js": PUBLIC,
    "MOUNT /docs/assets": PUBLIC,
    # console: sign-in and the user's own account
    "GET /console": SIGNED_IN,
    "POST /console/language": PUBLIC,
    "GET /console/assets/{name}": PUBLIC,
    "GET /console/login": PUBLIC,
    "POST /console/login": PUBLIC,
    "POST /console/login/token": PUBLIC,
    "GET /console/login/totp": PUBLIC,
    "POST /console/login/totp": PUBLIC,
    "GET /console/login/new-password": PUBLIC,
    "POST /console/login/new-password": PUBLIC,
    "POST /console/logout": PUBLIC,
    "GET /console/login/oidc": PUBLIC,
    "GET /console/login/oidc/callback": PUBLIC,
    "GET /console/account": SIGNED_IN,
    "POST /console/account/password": SIGNED_IN,
    "POST /console/account/totp": SIGNED_IN,
    "POST /console/account/totp/confirm": SIGNED_IN,
    "POST /console/account/totp/off": SIGNED_IN,
    "POST /console/account/sign-out-everywhere": SIGNED_IN,
    "GET /console/users": DPO_AND_AUDITOR,
    "POST /console/users": DPO,
    "POST /console/users/{user_id}/{action}": DPO,
    # operators API
    "GET /api/v1/operators/me": SIGNED_IN,
    "GET /api/v1/operators": DPO,
    "POST /api/v1/operators": DPO,
    "POST /api/v1/operators/{name}/disable": DPO,
    "POST /api/v1/operators/{name}/enable": DPO,
    # consent: the banner and the person's own records are public; verified ones need a role
    "GET /consent/banner.js": PUBLIC,
    "GET /consent/banner.css": PUBLIC,
    "GET /consent/config.json": PUBLIC,
    "GET /.well-known/gpc.json": PUBLIC,
    "POST /api/v1/consent": PUBLIC,
    "GET /api/v1/consent/{record_id}": PUBLIC,
    "POST /api/v1/consent/{record_id}/withdraw": PUBLIC,
    "GET /api/v1/consent/{record_id}/receipt": PUBLIC,
    "GET /api/v1/decision": READERS,
    "POST /api/v1/consent/verified": ACTORS,
    "GET /api/v1/consent/verified/{record_id}": READERS,
    "GET /api/v1/consent/verified/{record_id}/receipt": READERS,
    "POST /api/v1/consent/verified/{record_id}/withdraw": ACTORS,
    # privacy centre (the person)
    "GET /personvern/sentrum": PUBLIC,
    "GET /personvern/rettigheter": PUBLIC,
    "GET /personvern/rettigheter/{slug}": PUBLIC,
    "POST /personvern/rettigheter/{slug}": PUBLIC,
    "GET /personvern/status/{token}": PUBLIC,
    "POST /personvern/status/{token}": PUBLIC,
    "POST /personvern/status/{token}/resend": PUBLIC,
    "GET /en/privacy/centre": PUBLIC,
    "GET /en/privacy/rights": PUBLIC,
    "GET /en/privacy/rights/{slug}": PUBLIC,
    "POST /en/privacy/rights/{slug}": PUBLIC,
    "GET /en/privacy/status/{token}": PUBLIC,
    "POST /en/privacy/status/{token}": PUBLIC,
    "POST /en/privacy/status/{token}/resend": PUBLIC,
    "GET /personvern/informasjonskapsler": PUBLIC,
    "POST /personvern/informasjonskapsler": PUBLIC,
    "GET /personvern/samtykke": PUBLIC,
    "POST /personvern/samtykke": PUBLIC,
    "GET /en/privacy/cookies": PUBLIC,
    "POST /en/privacy/cookies": PUBLIC,
    "GET /en/privacy/consent": PUBLIC,
    "POST /en/privacy/consent": PUBLIC,
    # requests API: the person's side is public (by status token), the rest needs a role
    "POST /api/v1/requests": PUBLIC,
    "GET /api/v1/requests/status/{token}": PUBLIC,
    "POST /api/v1/requests/status/{token}/code": PUBLIC,
    "POST /api/v1/requests/status/{token}/verify": PUBLIC,
    "GET /api/v1/requests/status/{token}/package": PUBLIC,
    "GET /api/v1/requests": READERS,
    "POST /api/v1/requests/verified": ACTORS,
    "GET /api/v1/requests/{request_id}": READERS,
    "GET /api/v1/requests/{request_id}/package": ACTORS,
    "POST /api/v1/requests/{request_id}/verify": ACTORS,
    "POST /api/v1/requests/{request_id}/run": ACTORS,
    "POST /api/v1/requests/{request_id}/extend": ACTORS,
    "POST /api/v1/requests/{request_id}/reject": ACTORS,
    "POST /api/v1/requests/{request_id}/lift": ACTORS,
    "POST /api/v1/requests/tasks/{task_id}/done": ACTORS,
    "GET /console/requests": READERS,
    "GET /console/requests/{request_id}": READERS,
    "POST /console/requests/{request_id}/{action}": ACTORS,
    # retention
    "GET /api/v1/retention/status": READERS,
    "POST /api/v1/retention/sweeps": ACTORS,
    "GET /api/v1/retention/sweeps": READERS,
    "GET /api/v1/retention/holds": READERS,
    "POST /api/v1/retention/holds": DPO,
    "POST /api/v1/retention/holds/{hold_id}/lift": DPO,
    "GET /api/v1/retention/tasks": READERS,
    "POST /api/v1/retention/tasks/{task_id}/confirm": ACTORS,
    "GET /console/requests/export.csv": READERS,
    "POST /console/requests/{request_id}/message": ACTORS,
    "POST /api/v1/requests/tasks/{task_id}/answer": ACTORS,
    "POST /api/v1/requests/tasks/{task_id}/answer/confirm": ACTORS,
    "POST /console/answers/{task_id}": ACTORS,
    "POST /console/answers/{task_id}/confirm": ACTORS,
    # the demo's outbox (served only in a demo workspace)
    "GET /demo/utboks": PUBLIC,
    "GET /en/demo/outbox": PUBLIC,
    # forms hosted by vernly and the visitors' kiosk
    "POST /api/v1/forms/{form_id}": PUBLIC,
    "GET /skjema/{form_id}": PUBLIC,
    "GET /en/forms/{form_id}": PUBLIC,
    "POST /skjema/{form_id}": PUBLIC,
    "POST /en/forms/{form_id}": PUBLIC,
    "GET /kiosk": PUBLIC,
    "GET /en/kiosk": PUBLIC,
    "POST /kiosk": PUBLIC,
    "POST /en/kiosk": PUBLIC,
    "GET /forms/{name}.css": PUBLIC,
    "GET /console/visitors": READERS,
    "POST /console/visitors/{visit_id}/sign-out": ACTORS,
    "POST /console/visitors/name-list": ACTORS,
    # the audit trail, the data map and consent
    "GET /console/audit": DPO_AND_AUDITOR,
    "GET /console/datamap": READERS,
    "GET /console/datamap/ropa.{fmt}": READERS,
    "GET /console/datamap/notice/{lang}": READERS,
    "GET /console/datamap/{kind}/{item_id}": READERS,
    "GET /console/consent": READERS,
    "POST /console/consent/verify": READERS,
    "GET /console/retention": READERS,
    "POST /console/retention/sweep": ACTORS,
    "POST /console/retention/holds": DPO,
    "POST /console/retention/holds/{hold_id}/lift": DPO,
    "POST /console/retention/tasks/{task_id}/confirm": ACTORS,
}

SAMPLE_PARAMS = {
    "name": "console.css", "user_id": "1", "action": "nothing", "record_id": "nothing",
    "slug": "innsyn", "token": "x" * 32, "request_id": "dsr-000000000000", "task_id": "1",
    "hold_id": "1", "form_id": "besok", "visit_id": "1", "fmt": "csv", "lang": "nb",
    "kind": "system", "item_id": "nothing",
}
"""A value for each path parameter: enough to reach the route's role check."""
