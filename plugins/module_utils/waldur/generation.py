# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which API generation a Waldur server speaks, for the requests whose form changed between 7.x and 8.x.

``update_security_groups`` is such a request: a 7.x server takes ``[{"url": ...}]`` and refuses URL strings,
an 8.x server takes URL strings and refuses objects. ``GET /api/version/`` names the version, but only to staff
and support users; for anyone else the server's refusal of the other generation's form tells the generation
(a 400 means nothing was applied, so sending the other form then is safe).

Some options only an 8.x server honours; a 7.x server ignores them without a word (fixed IPs of ports, an
instance's ``config_drive``, ``metadata`` and more than one data volume, a snapshot's ``metadata``). They are
refused before anything changes when the server is known to be 7.x.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import InputError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import ApiError

GENERATION_7 = 7
GENERATION_8 = 8
# With no better knowledge, send the newest generation's form first.
DEFAULT_GENERATION = GENERATION_8
VERSION_PATH = "/api/version/"
VERSION_RE = re.compile(r"^\s*v?(\d+)\.")

# The messages each generation gives when a security group reference has the other generation's form.
REFUSALS = (
    ("URL has to be defined for related object.", GENERATION_7),
    ("Incorrect type. Expected URL string, received dict.", GENERATION_8),
)


def generation_of_version(version):
    """7 or 8 for a version string such as ``7.0.7`` or ``8.1.3``; None when it names neither (``0.0.0`` of a
    development checkout, or garbage)."""
    match = VERSION_RE.match(version) if isinstance(version, str) else None
    if not match:
        return None
    major = int(match.group(1))
    if major >= GENERATION_8:
        return GENERATION_8
    return GENERATION_7 if major >= 1 else None


def generation_from_refusal(error):
    """The generation a 400 answer shows the server to be, when it refused a reference's form; else None."""
    if not isinstance(error, ApiError) or error.status != 400:
        return None
    messages = []
    _collect_strings(error.body, messages)
    for refusal, generation in REFUSALS:
        if refusal in messages:
            return generation
    return None


def _collect_strings(value, out):
    if isinstance(value, dict):
        for item in value.values():
            _collect_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _collect_strings(item, out)
    elif isinstance(value, str):
        out.append(value)


def security_groups_body(generation, urls):
    """The body of ``update_security_groups`` in the form ``generation`` takes."""
    if generation == GENERATION_7:
        return {"security_groups": [{"url": url} for url in urls]}
    return {"security_groups": list(urls)}


class ServerGeneration:
    """The generation of one server, asked at most once (``GET /api/version/``) and corrected by what the server
    answers later. ``known`` is None until something told."""

    def __init__(self, transport):
        self.transport = transport
        self.known = None
        self.version = None
        self._asked = False

    def get(self):
        """The generation to address: the known one, else what ``/api/version/`` says, else the default."""
        if self.known is None and not self._asked:
            self._asked = True
            self.version = self._version()
            self.known = generation_of_version(self.version)
        return self.known or DEFAULT_GENERATION

    def refuse_ignored_options(self, options, subject):
        """Fail, before anything is sent, when the server is known to be 7.x and ``options`` (what the user set that
        only 8.x honours, as "option: why") is not empty."""
        if not options or self.get() != GENERATION_7:
            return
        server = "version %s" % self.version if self.version else "a 7.x server"
        raise InputError("%s: only Waldur 8.x servers honour %s; this server (%s) would ignore %s without a word. Nothing "
                         "was changed." % (subject, ", ".join(options), server, "it" if len(options) == 1 else "them"))

    def learn(self, generation):
        self.known = generation

    def _version(self):
        try:
            answer = self.transport.get_json(VERSION_PATH)
        except ApiError:
            # 403 for users who are neither staff nor support, 404 behind proxies that hide it: learn it later.
            return None
        return answer.get("version") if isinstance(answer, dict) else None
