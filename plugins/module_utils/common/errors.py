# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The failures a module reports with a clear message, whatever the provider, and how one object is picked from
the matches of a reference (found once, or not found, or ambiguous with its candidates named)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import ApiError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.waiting import WaitTimeout

MAX_CANDIDATES_SHOWN = 10


class InputError(Exception):
    """A value the user gave that cannot be used, found before any request is sent."""


class ProviderError(Exception):
    """A failure worth a clear message that is not an HTTP error: not found, ambiguous, erred, a failed task."""

    def __init__(self, message, **facts):
        super(ProviderError, self).__init__(message)
        self.message = message
        self.facts = facts

    def __str__(self):
        return self.message


class NotFoundError(ProviderError):
    """No object matches a reference."""


class AmbiguousError(ProviderError):
    """Several objects match a name; ``facts["candidates"]`` lists their ids."""


# What a module turns into a failed result with a message (anything else is a bug, and shows as one).
FAILURES = (ApiError, ProviderError, WaitTimeout, InputError)


def capitalized(label):
    """``label`` with its first letter in upper case, the rest as it is (``SSH key`` stays ``SSH key``)."""
    return label[:1].upper() + label[1:]


def pick_one(kind, label, ref, matches, where, describe, identify, instead, errors=(NotFoundError, AmbiguousError)):
    """The single object of ``matches``; otherwise ``errors[0]`` ("not found") or ``errors[1]`` ("ambiguous: N
    matches (...); use <instead> instead", naming up to ten candidates with ``describe`` and listing every one's id
    from ``identify`` in ``facts["candidates"]``)."""
    not_found, ambiguous = errors
    subject = "%s '%s'%s" % (capitalized(label), ref, " " + where if where else "")
    if not matches:
        raise not_found("%s not found" % subject, kind=kind, ref=ref)
    if len(matches) > 1:
        shown = ", ".join(describe(obj) for obj in matches[:MAX_CANDIDATES_SHOWN])
        more = ", ..." if len(matches) > MAX_CANDIDATES_SHOWN else ""
        raise ambiguous("%s is ambiguous: %d matches (%s%s); use %s instead" % (subject, len(matches), shown, more, instead),
                        kind=kind, ref=ref, candidates=[identify(obj) for obj in matches])
    return matches[0]
