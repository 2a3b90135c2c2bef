# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A task's plan as data: the steps that bring an object where the user wants it, computed before anything is sent.

Each step is one request (an action such as ``stop`` or ``extend``) with the fields the object shows once it is
done: its target state. Check mode and ``--diff`` read the plan's prediction; a real run sends the same steps in the
same order, so what is predicted and what is done cannot drift apart.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class Step:
    """One request of a plan.

    ``action``: the API's name for it; ``body``: what is sent (the client call's arguments, for a step that is
    a client call); ``effect``: the fields of the object once it is done; ``done(current)``: whether a re-read object
    shows it done (used when the answer to it was lost); ``send``: a callable that sends it, for steps whose request
    is not a plain action; ``label``: what it does, for messages, with ``%s`` where the object is named.
    """

    def __init__(self, action, body=None, effect=None, done=None, send=None, label=None):
        self.action = action
        self.body = body
        self.effect = effect or {}
        self.done = done
        self.send = send
        self.label = label

    def __repr__(self):
        return "Step(%s)" % self.action


class Plan:
    """Steps in the order they are sent, and the object as it will be after each one (``expected``)."""

    def __init__(self, obj):
        self.steps = []
        self.expected = obj

    def add(self, action, body=None, effect=None, done=None, send=None, label=None):
        step = Step(action, body, effect, done, send, label)
        self.steps.append(step)
        self.expected = dict(self.expected, **step.effect)
        return step

    @property
    def effects(self):
        """The fields the steps change, as the last of them leaves each."""
        changed = {}
        for step in self.steps:
            changed.update(step.effect)
        return changed

    @property
    def actions(self):
        return [step.action for step in self.steps]

    def __iter__(self):
        return iter(self.steps)

    def __len__(self):
        return len(self.steps)
