# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION

COLLECTION_VERSION = "1.0.0"
USER_AGENT = "cloudfleet.openstack/%s (ansible-core %s)" % (COLLECTION_VERSION, ANSIBLE_VERSION)
