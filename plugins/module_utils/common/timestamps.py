# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ISO 8601 timestamps as the APIs write them and as users give them, compared by instant."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import InputError


def parse_timestamp(value):
    """An ISO 8601 timestamp as an aware UTC datetime (naive input is taken as UTC); None stays None."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        text = str(value).strip().replace(" ", "T")
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise InputError("'%s' is not an ISO 8601 date and time, for example 2030-01-31T12:00:00Z" % value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.astimezone(datetime.timezone.utc)


def format_timestamp(value):
    parsed = parse_timestamp(value)
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ") if parsed else None
